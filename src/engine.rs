//! The engine: a program compiled once, quoted many times.

use serde::de::{Deserialize, Deserializer};

use crate::dates::Instant;
use crate::error::{from_json_error, Error, ErrorCode, Problem};
use crate::limits::Limits;
use crate::pipeline::{self, Priced};
use crate::profile::{prepare, prepare_digested, OrderDigest, PreparedCustomer};
use crate::program::compile::{compile, Compiled};
use crate::program::model::Program;
use crate::quote::Quote;
use crate::reader;
use crate::request::{Cart, Customer, Request};
use crate::request_read;

/// A compiled program. Compiling validates everything once; quoting only reads.
///
/// ```
/// use checkout_benefits::Engine;
/// let engine = Engine::from_json(r#"{ "version": 1, "currency": "EUR",
///   "segments": [ { "id": "y", "rule": { "field": "customer.tags", "op": "contains", "value": "y" } } ],
///   "offers": [ { "id": "y-tiers", "segment": "y", "brackets": [
///     { "minSubtotal": "50", "discount": { "amount": "5" } },
///     { "minSubtotal": "150", "discount": { "percent": "10" }, "freeShipping": true } ] } ] }"#).unwrap();
/// let quote = engine.quote_json(r#"{ "now": "2026-11-22T10:00:00Z",
///   "customer": { "id": "c1", "tags": ["y"] },
///   "cart": { "currency": "EUR", "lines": [
///     { "id": "l1", "productId": "p1", "unitPrice": "60.00", "quantity": 1 } ] } }"#).unwrap();
/// assert!(quote.contains(r#""totals":{"subtotal":"60.00","discount":"5.00","shipping":"0.00","total":"55.00"}"#));
/// ```
#[derive(Debug)]
pub struct Engine {
    pub(crate) c: Compiled,
}

/// Reads any serde input (a `serde_json::Value`, another format's deserializer) as
/// JSON and then as a document, so errors carry the same JSON paths as for text.
fn via_json<'de, D: Deserializer<'de>>(d: D, code: ErrorCode) -> Result<String, Error> {
    serde_json::Value::deserialize(d)
        .map(|v| v.to_string())
        .map_err(|e| Error::new(code, "", e.to_string()))
}

/// Reads a program from any serde deserializer, reporting the JSON path of a problem.
pub fn parse_program<'de, D: Deserializer<'de>>(d: D) -> Result<Program, Error> {
    parse_program_json(&via_json(d, ErrorCode::InvalidProgram)?)
}

/// Reads a request from any serde deserializer, reporting the JSON path of a problem.
/// Its strings are its own (`Request<'static>`): the JSON text they were read from is
/// gone when this returns.
pub fn parse_request<'de, D: Deserializer<'de>>(d: D) -> Result<Request<'static>, Error> {
    read_json(
        &via_json(d, ErrorCode::InvalidRequest)?,
        ErrorCode::InvalidRequest,
        "",
    )
}

/// Reads a customer record (for [`Engine::prepare_customer`]).
pub fn parse_customer<'de, D: Deserializer<'de>>(d: D) -> Result<Customer, Error> {
    parse_customer_json(&via_json(d, ErrorCode::InvalidRequest)?)
}

/// Reads a cart (for [`Engine::quote_prepared`]).
pub fn parse_cart<'de, D: Deserializer<'de>>(d: D) -> Result<Cart<'static>, Error> {
    read_json(
        &via_json(d, ErrorCode::InvalidRequest)?,
        ErrorCode::InvalidRequest,
        "cart",
    )
}

/// `path` within the value at `prefix`: `prefix.path`, `prefix[0]…` for an item, either
/// alone when the other is empty: the path of an error within a document's key.
pub(crate) fn prefixed(prefix: &str, path: &str) -> String {
    let mut joined = String::with_capacity(prefix.len() + 1 + path.len());
    joined.push_str(prefix);
    if !prefix.is_empty() && !path.is_empty() && !path.starts_with('[') {
        joined.push('.');
    }
    joined.push_str(path);
    joined
}

/// Reads JSON text with plain serde_json (no path tracking on the happy path); on a
/// problem the path is found by scanning the text, then prefixed with `prefix`.
pub(crate) fn read_json<T: serde::de::DeserializeOwned>(
    text: &str,
    code: ErrorCode,
    prefix: &str,
) -> Result<T, Error> {
    serde_json::from_str(text).map_err(|e| {
        let mut err = from_json_error(code, text, &e);
        err.path = prefixed(prefix, &err.path);
        err
    })
}

/// Reads request-side JSON text (a request, a customer, a cart): `fast`, the engine's
/// fast reader, takes the plain case; anything else, errors included, is read by `full`
/// (`request_read`), with serde's messages and the paths of the whole request.
pub(crate) fn read_request_part<'a, T>(
    text: &'a str,
    fast: fn(&'a str) -> Option<T>,
    full: fn(&'a str) -> Result<T, Error>,
) -> Result<T, Error> {
    fast(text).map_or_else(|| full(text), Ok)
}

/// Reads a program from JSON text, reporting the JSON path of a problem.
pub fn parse_program_json(text: &str) -> Result<Program, Error> {
    crate::program::read::program(text)
}

/// Reads a request from JSON text, reporting the JSON path of a problem. The cart's
/// strings are borrowed from `text` where they can be.
pub fn parse_request_json(text: &str) -> Result<Request<'_>, Error> {
    read_request_part(text, reader::request, request_read::request)
}

/// Reads a customer record from JSON text (paths start with `customer`).
pub fn parse_customer_json(text: &str) -> Result<Customer, Error> {
    read_request_part(text, reader::customer, request_read::customer)
}

/// Reads a cart from JSON text (paths start with `cart`), its strings borrowed from
/// `text` where they can be.
pub fn parse_cart_json(text: &str) -> Result<Cart<'_>, Error> {
    read_request_part(text, reader::cart, request_read::cart)
}

/// A request read for [`Engine::quote_json`]: the customer with its orders digested, or
/// (when serde read the text) still in the record; whether the cart is printable ASCII.
/// Its strings borrow from the request's text, or from where the reader decoded those
/// written with escapes.
struct ReadRequest<'a> {
    now: Instant,
    customer: Option<(Customer, Option<OrderDigest>)>,
    cart: Cart<'a>,
    ascii: bool,
    /// The cart was read by the fast reader: its strings are all borrowed, from the text
    /// or from where the reader decoded those written with escapes.
    borrowed: bool,
}

pub(crate) fn check_size(text: &str, limits: &Limits) -> Result<(), Error> {
    if text.len() > limits.json_bytes {
        return Err(Error::limit(
            "",
            format!(
                "the JSON text has {} bytes; the limit is {}",
                text.len(),
                limits.json_bytes
            ),
        ));
    }
    Ok(())
}

/// Every problem of a program given as JSON text (`[]` when it is valid).
pub fn validate_program_json(text: &str) -> Vec<Problem> {
    validate_program_json_with_limits(text, &Limits::default())
}

/// [`validate_program_json`] with the host's limits.
pub fn validate_program_json_with_limits(text: &str, limits: &Limits) -> Vec<Problem> {
    if let Err(e) = check_size(text, limits) {
        return e.problems();
    }
    match parse_program_json(text) {
        Ok(p) => validate_program(&p, limits),
        Err(e) => e.problems(),
    }
}

/// Every problem of a program given as a parsed JSON value (`[]` when it is valid).
pub fn validate_program_value(value: serde_json::Value) -> Vec<Problem> {
    match parse_program(value) {
        Ok(p) => validate_program(&p, &Limits::default()),
        Err(e) => e.problems(),
    }
}

/// Every problem of a parsed program (`[]` when it is valid).
pub fn validate_program(program: &Program, limits: &Limits) -> Vec<Problem> {
    match compile(program, limits) {
        Ok(_) => Vec::new(),
        Err(problems) => problems,
    }
}

impl Engine {
    /// Validates and compiles a program with the default limits.
    pub fn new(program: Program) -> Result<Engine, Error> {
        Engine::with_limits(program, Limits::default())
    }

    /// Validates and compiles a program with the host's limits.
    pub fn with_limits(program: Program, limits: Limits) -> Result<Engine, Error> {
        compile(&program, &limits)
            .map(|c| Engine { c })
            .map_err(Error::from_problems)
    }

    /// Compiles a program given as JSON text.
    pub fn from_json(text: &str) -> Result<Engine, Error> {
        let limits = Limits::default();
        check_size(text, &limits)?;
        let program = parse_program_json(text)?;
        Engine::with_limits(program, limits)
    }

    /// Compiles a program given as a parsed JSON value.
    pub fn from_value(value: serde_json::Value) -> Result<Engine, Error> {
        let program = parse_program(value)?;
        Engine::new(program)
    }

    /// The limits this engine enforces.
    pub fn limits(&self) -> &Limits {
        &self.c.limits
    }

    /// The program's currency code.
    pub fn currency(&self) -> &'static str {
        self.c.money.currency.code
    }

    /// Quotes a request: what the customer is owed for this cart at `request.now`.
    pub fn quote(&self, request: &Request) -> Result<Quote, Error> {
        self.quote_for(request.customer.clone(), request.now, &request.cart)
    }

    /// [`Engine::quote`] of a request that is not needed afterwards: the customer's
    /// strings move into its digest instead of being copied.
    pub fn quote_owned(&self, request: Request) -> Result<Quote, Error> {
        self.quote_for(request.customer, request.now, &request.cart)
    }

    fn quote_for(
        &self,
        customer: Option<Customer>,
        now: Instant,
        cart: &Cart,
    ) -> Result<Quote, Error> {
        self.priced(customer, now, cart, false)
            .map(Priced::into_quote)
    }

    /// The pipeline's quote of a cart for a customer record (digested here); `ascii` as
    /// for [`pipeline::run`].
    fn priced<'a>(
        &self,
        customer: Option<Customer>,
        now: Instant,
        cart: &'a Cart<'_>,
        ascii: bool,
    ) -> Result<Priced<'a>, Error> {
        let prepared = customer.map(|c| self.prepare_owned(c)).transpose()?;
        pipeline::run(&self.c, now, prepared.as_ref(), cart, ascii)
    }

    /// Quotes a request given as JSON text; the quote comes back as compact JSON.
    pub fn quote_json(&self, text: &str) -> Result<String, Error> {
        self.json_priced(text, |priced: Priced<'_>| priced.to_json())
    }

    /// [`Engine::quote_json`] up to the quote's writing, which is left out: for the
    /// benchmarks, which count what reading, pricing and writing each cost. Not part of
    /// the API.
    #[doc(hidden)]
    pub fn quote_json_unwritten(&self, text: &str) -> Result<(), Error> {
        self.json_priced(text, |_: Priced<'_>| ())
    }

    /// [`Engine::quote_json`]'s reading of the request alone (the customer's orders
    /// digested as they are read), nothing quoted: for the benchmarks, which count what
    /// reading costs. Not part of the API.
    #[doc(hidden)]
    pub fn quote_json_read_only(&self, text: &str) -> Result<(), Error> {
        self.read_for_quote(text, &reader::Decoded::default())
            .map(|_| ())
    }

    /// Reads `text` as a request, runs the pipeline and gives the priced cart to `then`.
    fn json_priced<T>(&self, text: &str, then: impl FnOnce(Priced<'_>) -> T) -> Result<T, Error> {
        let decoded = reader::Decoded::default();
        let mut read = self.read_for_quote(text, &decoded)?;
        let prepared = match read.customer.take() {
            Some((customer, digest)) => Some(self.prepare_read(customer, digest)?),
            None => None,
        };
        let priced = pipeline::run(&self.c, read.now, prepared.as_ref(), &read.cart, read.ascii)?;
        let result = then(priced);
        read.cart.drop_lines(read.borrowed);
        Ok(result)
    }

    /// Reads `text` as a request to quote. The customer's orders are digested as they are
    /// read (`reader::request_digested`, the strings written with escapes decoded into
    /// `decoded`); a text that reader leaves to serde is read whole, its customer's orders
    /// kept for [`prepare`].
    #[inline(always)]
    fn read_for_quote<'a>(
        &self,
        text: &'a str,
        decoded: &'a reader::Decoded,
    ) -> Result<ReadRequest<'a>, Error> {
        check_size(text, &self.c.limits)?;
        Ok(match reader::request_digested(text, &self.c, decoded) {
            Some((r, ascii)) => ReadRequest {
                now: r.now,
                customer: r.customer.map(|(c, d)| (c, Some(d))),
                cart: r.cart,
                ascii,
                borrowed: true,
            },
            None => {
                let r = request_read::request(text)?;
                ReadRequest {
                    now: r.now,
                    customer: r.customer.map(|c| (c, None)),
                    cart: r.cart,
                    ascii: false,
                    borrowed: false,
                }
            }
        })
    }

    /// Prepares a customer: its orders already in `digest` (read from a request's text),
    /// or, without one, in the customer record.
    fn prepare_read(
        &self,
        customer: Customer,
        digest: Option<OrderDigest>,
    ) -> Result<PreparedCustomer, Error> {
        let mut problems = Vec::new();
        let prepared = match digest {
            Some(digest) => prepare_digested(&self.c, customer, digest, "customer", &mut problems),
            None => prepare(&self.c, customer, "customer", &mut problems),
        };
        if problems.is_empty() {
            Ok(prepared)
        } else {
            Err(Error::from_problems(problems))
        }
    }

    /// Digests a customer's order history once, for quoting many carts
    /// ([`Engine::quote_prepared`]) without re-scanning it.
    pub fn prepare_customer(&self, customer: &Customer) -> Result<PreparedCustomer, Error> {
        self.prepare_owned(customer.clone())
    }

    /// [`Engine::prepare_customer`] of a customer record that is not needed afterwards.
    pub fn prepare_owned(&self, customer: Customer) -> Result<PreparedCustomer, Error> {
        self.prepare_read(customer, None)
    }

    /// [`Engine::quote_prepared`] with JSON text in and out: `{ now, cart }` as text (a
    /// request without a customer, so problems carry the same paths), the quote as
    /// compact JSON. A `customer` key is refused: the customer is the prepared one.
    pub fn quote_prepared_json(
        &self,
        customer: &PreparedCustomer,
        text: &str,
    ) -> Result<String, Error> {
        self.check_prepared_here(customer)?;
        check_size(text, &self.c.limits)?;
        let decoded = reader::Decoded::default();
        let read = reader::request_without_customer(text, &decoded);
        let (now, mut cart, ascii, borrowed) = match read {
            Some((now, cart, ascii)) => (now, cart, ascii, true),
            None => {
                let request = request_read::request(text)?;
                if request.customer.is_some() {
                    return Err(Error::new(
                        ErrorCode::InvalidRequest,
                        "customer",
                        "a quote for a prepared customer takes { now, cart }: the customer is the prepared one",
                    ));
                }
                (request.now, request.cart, false, false)
            }
        };
        let quote = pipeline::run(&self.c, now, Some(customer), &cart, ascii)?.to_json();
        cart.drop_lines(borrowed);
        Ok(quote)
    }

    /// Quotes a cart for a prepared customer (`None` for a guest). A customer prepared by
    /// another engine, even one of the same program, is refused (`invalid_request` at
    /// `customer`).
    pub fn quote_prepared(
        &self,
        customer: Option<&PreparedCustomer>,
        now: Instant,
        cart: &Cart,
    ) -> Result<Quote, Error> {
        if let Some(customer) = customer {
            self.check_prepared_here(customer)?;
        }
        pipeline::run(&self.c, now, customer, cart, false).map(Priced::into_quote)
    }

    /// Refuses a customer prepared by another engine: its digest holds that program's
    /// group, order statuses and the products and carriers its conditions ask about,
    /// which would give this program's quote wrong answers.
    fn check_prepared_here(&self, customer: &PreparedCustomer) -> Result<(), Error> {
        if customer.engine == self.c.id {
            return Ok(());
        }
        Err(Error::new(
            ErrorCode::InvalidRequest,
            "customer",
            "was prepared by another engine: prepare the customer with the engine that quotes it",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::prefixed;

    #[test]
    fn paths_join_with_a_dot_except_before_an_item_or_when_one_side_is_empty() {
        assert_eq!(prefixed("cart", "lines[0].id"), "cart.lines[0].id");
        assert_eq!(prefixed("offers", "[2]"), "offers[2]");
        assert_eq!(prefixed("customer", ""), "customer");
        assert_eq!(prefixed("", "now"), "now");
        assert_eq!(prefixed("", "[1]"), "[1]");
        assert_eq!(prefixed("", ""), "");
    }
}
