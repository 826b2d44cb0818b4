//! JavaScript bindings (compiled only for `wasm32`).
//!
//! Inputs cross the boundary as JSON text: a JS object is written with
//! `JSON.stringify` and read by the same serde_json parsers as the command-line tool,
//! so unknown keys, error codes and JSON paths are exactly the same everywhere, and
//! quotes are returned through `JSON.parse` of the very bytes `quoteJson` returns
//! (`JSON.stringify(engine.quote(request)) === engine.quoteJson(text)`). Every failure
//! is thrown as a real `Error` named `CheckoutBenefitsError` with `code`, `path` and
//! `problems`; nothing panics across the boundary.

use js_sys::{Array, JsString, Object, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::{Error, ErrorCode, Problem};

#[cfg(test)]
mod tests;

const ERROR_NAME: &str = "CheckoutBenefitsError";

/// Builds the thrown JS error for a core error.
fn js_error(e: &Error) -> JsValue {
    let err = js_sys::Error::new(&e.message);
    err.set_name(ERROR_NAME);
    let obj: &JsValue = err.as_ref();
    set(obj, "code", &JsValue::from_str(e.code.as_str()));
    set(obj, "path", &JsValue::from_str(&e.path));
    let problems = Array::new();
    for p in e.problems() {
        problems.push(&problem_object(&p));
    }
    set(obj, "problems", &problems);
    err.into()
}

fn problem_object(p: &Problem) -> JsValue {
    let o = Object::new();
    set(&o, "code", &JsValue::from_str(p.code.as_str()));
    set(&o, "path", &JsValue::from_str(&p.path));
    set(&o, "message", &JsValue::from_str(&p.message));
    o.into()
}

fn set(target: &JsValue, key: &str, value: &JsValue) {
    // Setting a property on a fresh plain object or Error cannot fail.
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

fn plain_error(code: ErrorCode, path: &str, message: &str) -> JsValue {
    js_error(&Error::new(code, path, message))
}

#[wasm_bindgen]
extern "C" {
    /// The host's UTF-8 encoder (every supported runtime has one).
    type TextEncoder;
    #[wasm_bindgen(constructor)]
    fn new() -> TextEncoder;
    #[wasm_bindgen(method, js_name = encodeInto)]
    fn encode_into(this: &TextEncoder, text: &JsString, into: &mut [u8]) -> EncodeIntoResult;

    /// `{ read, written }` of `TextEncoder.encodeInto`.
    type EncodeIntoResult;
    #[wasm_bindgen(method, getter)]
    fn written(this: &EncodeIntoResult) -> u32;
}

thread_local! {
    static ENCODER: TextEncoder = TextEncoder::new();
}

/// A JS string as Rust text. The host encodes it to UTF-8 natively, straight into Wasm
/// memory: several times faster for request-sized texts than the generic string glue,
/// which copies character by character. A lone surrogate becomes U+FFFD, as with the
/// generic glue.
fn rust_text(text: &JsString) -> String {
    let units = text.length() as usize;
    // Mostly ASCII text (nearly every request) fits a buffer a little larger than its
    // length: try that first, and the worst case (3 bytes of UTF-8 for a UTF-16 code
    // unit) only when the text did not fit. Less memory to clear than always the worst.
    let mut room = units + units / 8 + 16;
    let (mut bytes, written) = loop {
        let mut bytes = vec![0u8; room];
        let written = ENCODER.with(|e| e.encode_into(text, &mut bytes).written()) as usize;
        // The encoder stops only before a character that does not fit, and none takes
        // more than four bytes: with four left over, the whole text was read.
        if room - written >= 4 {
            break (bytes, written);
        }
        room = units * 3 + 4;
    };
    bytes.truncate(written);
    if written == units {
        // Every code unit became one byte: only a unit below 0x80 does (any other takes
        // two or three bytes, a surrogate pair four for its two units), so the text is
        // ASCII, valid UTF-8 without a pass over it.
        // SAFETY: ASCII text is valid UTF-8.
        return unsafe { String::from_utf8_unchecked(bytes) };
    }
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The text of a JS value that must be a string (`what` names the argument).
fn text_argument(value: &JsValue, what: &str) -> Result<String, JsValue> {
    match value.dyn_ref::<JsString>() {
        Some(text) => Ok(rust_text(text)),
        None => Err(plain_error(
            ErrorCode::InvalidRequest,
            "",
            &format!("{what} must be a string of JSON text"),
        )),
    }
}

/// Writes a JS value as JSON text (`undefined` becomes `null`, which the parsers
/// refuse with a clear message). BigInts and cycles are refused here.
fn json_text_core(value: &JsValue, code: ErrorCode) -> Result<String, Error> {
    match JSON::stringify(value) {
        Ok(text) => Ok(if text.is_string() {
            rust_text(&text)
        } else {
            String::from("null")
        }),
        Err(e) => {
            let reason = Reflect::get(&e, &JsValue::from_str("message"))
                .ok()
                .and_then(|m| m.as_string())
                .unwrap_or_default();
            let mut message = String::from("cannot be written as JSON: ");
            message.push_str(&reason);
            Err(Error::new(code, "", message))
        }
    }
}

fn json_text(value: &JsValue, code: ErrorCode) -> Result<String, JsValue> {
    json_text_core(value, code).map_err(|e| js_error(&e))
}

/// A document given as an object or as JSON text (the text is read as it is, so
/// duplicate keys are caught exactly as by the command-line tool).
fn text_or_json(value: &JsValue, code: ErrorCode) -> Result<String, JsValue> {
    match value.dyn_ref::<JsString>() {
        Some(text) => Ok(rust_text(text)),
        None => json_text(value, code),
    }
}

/// Turns compact JSON text produced by the engine into a JS value.
fn js_value(text: &str) -> Result<JsValue, JsValue> {
    JSON::parse(text).map_err(|_| plain_error(ErrorCode::InvalidRequest, "", "invalid output"))
}

/// The current instant, RFC 3339 in UTC.
fn now_utc() -> JsValue {
    js_sys::Date::new_0().to_iso_string().into()
}

/// Returns `request` itself, or a shallow copy with `now` set to the current time when
/// it has none. The caller's object is never modified.
fn with_default_now(request: &JsValue) -> JsValue {
    if !request.is_object() || Array::is_array(request) {
        return request.clone();
    }
    let now = Reflect::get(request, &JsValue::from_str("now")).unwrap_or(JsValue::UNDEFINED);
    if !now.is_undefined() {
        return request.clone();
    }
    let copy = Object::assign(&Object::new(), request.unchecked_ref());
    set(&copy, "now", &now_utc());
    copy.into()
}

/// A compiled program: build once, quote many carts.
#[wasm_bindgen(js_name = Engine)]
pub struct WasmEngine {
    inner: crate::Engine,
}

#[wasm_bindgen(js_class = Engine)]
impl WasmEngine {
    /// Compiles a program (a plain object, or its JSON text). Throws
    /// `CheckoutBenefitsError` with code `invalid_program` or `limit_exceeded` and the
    /// JSON path of the first problem.
    #[wasm_bindgen(constructor)]
    pub fn new(program: JsValue) -> Result<WasmEngine, JsValue> {
        let text = text_or_json(&program, ErrorCode::InvalidProgram)?;
        let inner = crate::Engine::from_json(&text).map_err(|e| js_error(&e))?;
        Ok(WasmEngine { inner })
    }

    /// Quotes a request `{ now?, customer?, cart }`; `now` defaults to the current time.
    pub fn quote(&self, request: JsValue) -> Result<JsValue, JsValue> {
        let text = json_text(&with_default_now(&request), ErrorCode::InvalidRequest)?;
        let quote = self.inner.quote_json(&text).map_err(|e| js_error(&e))?;
        js_value(&quote)
    }

    /// Quotes a request given as JSON text and returns the quote as compact JSON text
    /// (the same bytes as the command-line tool). `now` is required here.
    #[wasm_bindgen(js_name = quoteJson)]
    pub fn quote_json(&self, text: JsValue) -> Result<String, JsValue> {
        let text = text_argument(&text, "the request")?;
        self.inner.quote_json(&text).map_err(|e| js_error(&e))
    }

    /// Digests a customer's order history once, for many quotes of changing carts.
    /// Problems are reported with paths such as `customer.orders[0].total`.
    #[wasm_bindgen(js_name = prepareCustomer)]
    pub fn prepare_customer(&self, customer: JsValue) -> Result<PreparedCustomer, JsValue> {
        let text = json_text(&customer, ErrorCode::InvalidRequest)?;
        let customer = crate::parse_customer_json(&text).map_err(|e| js_error(&e))?;
        let inner = self
            .inner
            .prepare_owned(customer)
            .map_err(|e| js_error(&e))?;
        Ok(PreparedCustomer { inner })
    }

    /// Quotes `{ now?, cart }` for a prepared customer (the live-preview fast path).
    #[wasm_bindgen(js_name = quoteFor)]
    pub fn quote_for(
        &self,
        prepared: &PreparedCustomer,
        request: JsValue,
    ) -> Result<JsValue, JsValue> {
        let text = json_text(&with_default_now(&request), ErrorCode::InvalidRequest)?;
        js_value(&self.prepared_json(prepared, &text)?)
    }

    /// `quoteFor` with JSON text in and out: `{ now, cart }` as text (`now` required, as
    /// in `quoteJson`), the quote as compact JSON text.
    #[wasm_bindgen(js_name = quoteForJson)]
    pub fn quote_for_json(
        &self,
        prepared: &PreparedCustomer,
        text: JsValue,
    ) -> Result<String, JsValue> {
        let text = text_argument(&text, "the request")?;
        self.prepared_json(prepared, &text)
    }

    fn prepared_json(&self, prepared: &PreparedCustomer, text: &str) -> Result<String, JsValue> {
        self.inner
            .quote_prepared_json(&prepared.inner, text)
            .map_err(|e| js_error(&e))
    }
}

/// A customer whose order history has been digested by `Engine.prepareCustomer`.
#[wasm_bindgen]
pub struct PreparedCustomer {
    inner: crate::PreparedCustomer,
}

/// Checks a program (an object or JSON text) and returns every problem found (`[]`
/// when it is valid).
#[wasm_bindgen(js_name = validateProgram)]
pub fn validate_program(program: JsValue) -> Result<JsValue, JsValue> {
    let text = text_or_json(&program, ErrorCode::InvalidProgram)?;
    let problems = Array::new();
    for p in crate::validate_program_json(&text) {
        problems.push(&problem_object(&p));
    }
    Ok(problems.into())
}

/// The package version.
#[wasm_bindgen(js_name = packageVersion)]
pub fn package_version() -> String {
    String::from(env!("CARGO_PKG_VERSION"))
}

/// Recalculates the stored cumulative discount of every customer at `now` (an RFC 3339
/// string or a `Date`; the current time when absent), exactly as a quote at that
/// instant would report it. Returns one entry per customer, in order:
/// `{ id, previous, cumulativeDiscount }`, or `{ index, id?, code, path, message }` for
/// a record that cannot be read (`path` relative to the record). Throws when the
/// program is invalid or has no enabled cumulative discount.
#[wasm_bindgen(js_name = recalculateCumulativeDiscounts)]
pub fn recalculate_cumulative_discounts(
    program: JsValue,
    customers: JsValue,
    now: JsValue,
) -> Result<JsValue, JsValue> {
    let engine = crate::Engine::from_json(&text_or_json(&program, ErrorCode::InvalidProgram)?)
        .map_err(|e| js_error(&e))?;
    let now = parse_now(&now)?;
    if !Array::is_array(&customers) {
        return Err(plain_error(
            ErrorCode::InvalidRequest,
            "customers",
            "must be an array of customer records",
        ));
    }
    let out = Array::new();
    for (index, record) in Array::from(&customers).iter().enumerate() {
        let result = json_text_core(&record, ErrorCode::InvalidRequest)
            .and_then(|text| crate::parse_customer_json(&text))
            .and_then(|customer| engine.recalculate_cumulative_owned(customer, now));
        match result {
            Ok(r) => {
                let o = Object::new();
                set(&o, "id", &JsValue::from_str(&r.id));
                set(&o, "previous", &JsValue::from_str(&r.previous));
                set(
                    &o,
                    "cumulativeDiscount",
                    &JsValue::from_str(&r.cumulative_discount),
                );
                out.push(&o);
            }
            Err(e) if e.code == ErrorCode::InvalidProgram => return Err(js_error(&e)),
            Err(e) => {
                let o = Object::new();
                set(&o, "index", &JsValue::from_f64(index as f64));
                if record.is_object() {
                    let id = Reflect::get(&record, &JsValue::from_str("id")).unwrap_or_default();
                    if id.is_string() {
                        set(&o, "id", &id);
                    }
                }
                set(&o, "code", &JsValue::from_str(e.code.as_str()));
                let path = e.path.strip_prefix("customer").unwrap_or(&e.path);
                set(
                    &o,
                    "path",
                    &JsValue::from_str(path.strip_prefix('.').unwrap_or(path)),
                );
                set(&o, "message", &JsValue::from_str(&e.message));
                out.push(&o);
            }
        }
    }
    Ok(out.into())
}

/// Applies points ledger events (an array of event objects, or their JSON text) to an
/// opening balance and returns `{ balance, results }`: one `{ id, status, delta,
/// balance, reason, shortfall }` per event. The balance never goes negative, an event
/// id counts once, and a reversal takes back exactly what its order earned.
#[wasm_bindgen(js_name = applyPointsEvents)]
pub fn apply_points_events(opening_balance: JsValue, events: JsValue) -> Result<JsValue, JsValue> {
    let balance = opening_balance.as_f64().filter(|b| {
        b.is_finite() && *b >= 0.0 && b.fract() == 0.0 && *b <= 9_007_199_254_740_991.0
    });
    let Some(balance) = balance else {
        return Err(plain_error(
            ErrorCode::InvalidRequest,
            "openingBalance",
            "must be a whole number of points, 0 or more",
        ));
    };
    let text = text_or_json(&events, ErrorCode::InvalidRequest)?;
    let report = crate::ledger_json(balance as u64, &text).map_err(|e| js_error(&e))?;
    js_value(&report)
}

/// Finds a customer by discount card number: the index of the first record whose
/// `discountCard` matches `number` once spaces are removed, or -1.
#[wasm_bindgen(js_name = findCustomerByCard)]
pub fn find_customer_by_card(customers: JsValue, number: &str) -> Result<i32, JsValue> {
    if !Array::is_array(&customers) {
        return Err(plain_error(
            ErrorCode::InvalidRequest,
            "customers",
            "must be an array of customer records",
        ));
    }
    let cards: Vec<String> = Array::from(&customers)
        .iter()
        .map(|c| {
            Reflect::get(&c, &JsValue::from_str("discountCard"))
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default()
        })
        .collect();
    Ok(
        crate::find_by_card(number, cards.iter().map(String::as_str))
            .map(|i| i as i32)
            .unwrap_or(-1),
    )
}

/// `now` as given to the JS API: an RFC 3339 string, a `Date`, or absent (the current time).
fn parse_now(now: &JsValue) -> Result<crate::Instant, JsValue> {
    let text = if now.is_undefined() || now.is_null() {
        now_utc().as_string()
    } else if let Some(date) = now.dyn_ref::<js_sys::Date>() {
        if date.get_time().is_nan() {
            None
        } else {
            date.to_iso_string().as_string()
        }
    } else {
        now.as_string()
    };
    let text = text.ok_or_else(|| {
        plain_error(
            ErrorCode::InvalidRequest,
            "now",
            "must be an RFC 3339 timestamp (e.g. 2026-11-22T10:00:00Z)",
        )
    })?;
    crate::Instant::parse(&text).map_err(|m| plain_error(ErrorCode::InvalidRequest, "now", &m))
}
