//! A customer digested once: order history reduced to sorted times, prefix sums and,
//! for each product and carrier the program's conditions name, when it was last ordered,
//! so that quoting a second cart never re-scans the history.

use std::borrow::Cow;
use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde_json::Value;

use crate::card::check_card;
#[cfg(doc)]
use crate::condition::OrderSets;
use crate::dates::{Instant, TimeKey};
use crate::error::{report, ErrorCode, Problem};
use crate::limits::id_problem;
use crate::lowercase::push_lower;
use crate::program::compile::Compiled;
use crate::request::{Customer, CustomerStatus, CustomerType, Text};
use crate::scan::{capital_or_beyond_ascii_bytes, no_byte_marked};
use crate::sorting::{instant_order, sort_dedup_texts};

/// Trimmed and lower-cased, for case-insensitive comparisons: each character as
/// `char::to_lowercase` maps it, and a final sigma `ς` as `σ` ([`crate::lowercase`]).
/// ASCII text (the usual case) is lower-cased byte by byte.
pub(crate) fn norm(s: &str) -> String {
    let s = s.trim();
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        push_lower(c, &mut out);
    }
    out
}

/// Whether [`norm`] certainly leaves `s` as it is: ASCII without capitals, and neither
/// its first nor its last byte a space or a control character (whitespace inside is
/// kept by `norm`). Eight bytes at a time. `false` only costs `norm`'s copy.
fn is_norm(s: &str) -> bool {
    let bytes = s.as_bytes();
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return true;
    };
    if first <= b' ' || last <= b' ' {
        return false;
    }
    // Padded with lower-case letters, which are normal.
    no_byte_marked(bytes, b'a', capital_or_beyond_ascii_bytes)
}

/// [`norm`], borrowing `s` when it is already normalised (the usual case).
pub(crate) fn norm_cow(s: &str) -> Cow<'_, str> {
    if is_norm(s) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(norm(s))
    }
}

/// A time-ordered list of orders with prefix sums of their totals.
#[derive(Clone, Debug, Default)]
pub(crate) struct Timeline {
    /// Each order's [`Instant::sort_key`], in order.
    times: Vec<TimeKey>,
    /// `prefix[i]` = sum of the first `i` totals.
    prefix: Vec<Decimal>,
}

impl Timeline {
    /// An empty timeline with room for `at_most` orders.
    fn with_capacity(at_most: usize) -> Timeline {
        let mut prefix = Vec::with_capacity(at_most + 1);
        prefix.push(Decimal::ZERO);
        Timeline {
            times: Vec::with_capacity(at_most),
            prefix,
        }
    }

    /// Adds an order placed at or after every one already in.
    fn push(&mut self, time: TimeKey, total: Decimal) {
        let sum = self.prefix[self.times.len()] + total;
        self.times.push(time);
        self.prefix.push(sum);
    }

    /// Index of the first order at or after `since` (0 for all time).
    fn start(&self, since: Option<Instant>) -> usize {
        match since {
            None => 0,
            Some(s) => {
                let s = s.sort_key();
                self.times.partition_point(|t| *t < s)
            }
        }
    }

    pub fn count_since(&self, since: Option<Instant>) -> usize {
        self.times.len() - self.start(since)
    }

    pub fn sum_since(&self, since: Option<Instant>) -> Decimal {
        let start = self.start(since);
        self.prefix[self.times.len()] - self.prefix[start]
    }

    /// The sum of the totals placed from `since` (inclusive) up to `until` (inclusive).
    pub fn sum_between(&self, since: Option<Instant>, until: Instant) -> Decimal {
        let start = self.start(since);
        let until = until.sort_key();
        let end = self.times.partition_point(|t| *t <= until).max(start);
        self.prefix[end] - self.prefix[start]
    }

    pub fn first_since(&self, since: Option<Instant>) -> Option<Instant> {
        let key = self.times.get(self.start(since))?;
        Instant::from_key(*key)
    }

    pub fn last(&self) -> Option<Instant> {
        Instant::from_key(*self.times.last()?)
    }
}

/// The digest of a customer's validated orders.
#[derive(Clone, Debug, Default)]
pub(crate) struct Profile {
    pub validated: Timeline,
    /// Per product that the program's `orders.products` conditions ask about
    /// ([`OrderSets::products`]): when a validated order last held it.
    pub(crate) products_last: Vec<Option<TimeKey>>,
    /// The same for the carriers of `orders.carriers` ([`OrderSets::carriers`]).
    pub(crate) carriers_last: Vec<Option<TimeKey>>,
    /// Orders whose totals count towards the cumulative discount.
    pub counted: Timeline,
}

impl Profile {
    pub fn count_since(&self, since: Option<Instant>) -> usize {
        self.validated.count_since(since)
    }
    pub fn spent_since(&self, since: Option<Instant>) -> Decimal {
        self.validated.sum_since(since)
    }
    pub fn first_since(&self, since: Option<Instant>) -> Option<Instant> {
        self.validated.first_since(since)
    }
    pub fn last_order(&self) -> Option<Instant> {
        self.validated.last()
    }
    pub fn products_last(&self) -> &[Option<TimeKey>] {
        &self.products_last
    }
    pub fn carriers_last(&self) -> &[Option<TimeKey>] {
        &self.carriers_last
    }
}

/// Keeps the later of `slot` and `at`.
fn latest(slot: &mut Option<TimeKey>, at: TimeKey) {
    if slot.is_none_or(|t| t < at) {
        *slot = Some(at);
    }
}

/// A customer ready to be quoted many times (the live-preview fast path).
#[derive(Clone, Debug)]
pub struct PreparedCustomer {
    pub(crate) id: Text,
    pub(crate) status: CustomerStatus,
    pub(crate) kind: CustomerType,
    pub(crate) registered_at: Option<Instant>,
    /// The customer's group, or the default group.
    pub(crate) group: Option<usize>,
    pub(crate) tags: Vec<Text>,
    pub(crate) attributes: BTreeMap<String, Value>,
    pub(crate) personal: Decimal,
    pub(crate) stored_cumulative: Decimal,
    pub(crate) has_discount_card: bool,
    pub(crate) card_problem: Option<String>,
    pub(crate) points_balance: u64,
    pub(crate) granted: Vec<Text>,
    pub(crate) profile: Profile,
    /// The [`Compiled::id`] of the program that prepared it.
    pub(crate) engine: u64,
}

impl PreparedCustomer {
    /// The customer's id.
    pub fn id(&self) -> &str {
        &self.id
    }
}

/// [`check_id`] of an id the request reader may already know to be printable ASCII
/// (`printable`): such an id's length is its number of characters, so only its length
/// is left to check, without reading its bytes again.
#[inline]
pub(crate) fn check_read_id(
    problems: &mut Vec<Problem>,
    c: &Compiled,
    path: &dyn Fn() -> String,
    id: &str,
    printable: bool,
) {
    if !(printable && !id.is_empty() && id.len() <= c.limits.id_length) {
        check_id(problems, c, path, id);
    }
}

/// Checks an id or code: not empty, within the length limit, no control characters.
/// `path` is only built when there is a problem (no allocation per valid id); called
/// through `&dyn Fn`, its code stays in a function of its own, which V8 compiles only
/// for a problem (it compiles a Wasm function whole on its first call).
pub(crate) fn check_id(
    problems: &mut Vec<Problem>,
    c: &Compiled,
    path: &dyn Fn() -> String,
    id: &str,
) {
    if let Some((past_limit, message)) = id_problem(id, c.limits.id_length) {
        let code = if past_limit {
            ErrorCode::LimitExceeded
        } else {
            ErrorCode::InvalidRequest
        };
        problems.push(Problem::new(code, path(), message));
    }
}

/// Checks a stored percentage; `path` is only built when there is a problem.
fn check_percent(
    problems: &mut Vec<Problem>,
    path: &dyn Fn() -> String,
    v: Option<Decimal>,
) -> Decimal {
    let v = v.unwrap_or_default();
    if v < Decimal::ZERO || v > Decimal::ONE_HUNDRED {
        report(problems, ErrorCode::InvalidRequest, path, &|| {
            "must be a percentage from 0 to 100".into()
        });
    }
    v
}

/// A customer's orders digested one at a time, in list order, as they are read
/// ([`OrderDigest::add`]): whether each counts (its status), its time and total, and for
/// each product and carrier the program's conditions name, when it was last ordered.
/// The request reader fills one straight from the JSON text, so an order's strings are
/// never copied; [`prepare`] fills one from a [`Customer`]'s orders. Either way
/// [`prepare_digested`] finishes the customer.
pub(crate) struct OrderDigest {
    /// Orders seen, past the limit too (only those within it are digested).
    seen: usize,
    products_last: Vec<Option<TimeKey>>,
    carriers_last: Vec<Option<TimeKey>>,
    kept: Vec<Kept>,
    /// Each kept order's time key, for the sort (`instant_order` takes a slice of them).
    keys: Vec<TimeKey>,
    /// The orders' problems, reported after the customer's own.
    problems: Vec<Problem>,
}

/// An order that counts for something, kept for the timelines (its time is in `keys`).
struct Kept {
    total: Decimal,
    validated: bool,
    counted: bool,
}

impl OrderDigest {
    /// An empty digest for `c`, with room for `orders` orders.
    pub(crate) fn new(c: &Compiled, orders: usize) -> Self {
        let orders = orders.min(c.limits.orders_per_customer);
        OrderDigest {
            seen: 0,
            products_last: vec![None; c.order_sets.products.len()],
            carriers_last: vec![None; c.order_sets.carriers.len()],
            kept: Vec::with_capacity(orders),
            keys: Vec::with_capacity(orders),
            problems: Vec::new(),
        }
    }

    /// Whether the program asks which products were ordered: when not, a reader need not
    /// keep an order's products at all.
    pub(crate) fn wants_products(&self) -> bool {
        !self.products_last.is_empty()
    }

    /// Checks and digests the next order; `path` is the customer's (e.g. `customer`).
    /// `id` comes with whether it is known to be printable ASCII (as the request reader
    /// can tell): then only its length is left to check.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn add(
        &mut self,
        c: &Compiled,
        path: &str,
        (id, id_printable): (&str, bool),
        placed_at: TimeKey,
        status: &str,
        total: Decimal,
        carrier: Option<&str>,
        products: &[&str],
    ) {
        let i = self.seen;
        self.seen += 1;
        if i >= c.limits.orders_per_customer {
            return;
        }
        let problems = &mut self.problems;
        let opath = || format!("{path}.orders[{i}]");
        check_read_id(problems, c, &|| format!("{}.id", opath()), id, id_printable);
        // Written out here rather than through `crate::error::report`: with its closures,
        // each order took about 14 Wasm instructions more (5,225 for the 500 orders of
        // the large request), for 465 bytes less code.
        if total.is_sign_negative() && !total.is_zero() {
            problems.push(Problem::new(
                ErrorCode::InvalidRequest,
                format!("{}.total", opath()),
                "must not be negative",
            ));
            return;
        }
        if c.money_limit.exceeded_by(total, 1) {
            problems.push(Problem::new(
                ErrorCode::LimitExceeded,
                format!("{}.total", opath()),
                format!("is above the money limit of {}", c.limits.money_magnitude),
            ));
            return;
        }
        let (validated, counted) = c.statuses.of(status);
        if !(validated || counted) {
            return;
        }
        if validated {
            let sets = &c.order_sets;
            if !self.products_last.is_empty() {
                for p in products {
                    if let Some(i) = sets.products.get(p) {
                        latest(&mut self.products_last[i], placed_at);
                    }
                }
            }
            if let (false, Some(carrier)) = (self.carriers_last.is_empty(), carrier) {
                if let Some(i) = sets.carriers.get(&norm_cow(carrier)) {
                    latest(&mut self.carriers_last[i], placed_at);
                }
            }
        }
        self.kept.push(Kept {
            total,
            validated,
            counted,
        });
        self.keys.push(placed_at);
    }
}

/// Checks and digests a customer; `path` prefixes every problem (e.g. `customer`).
/// The customer is taken by value: its strings move into the digest, uncopied.
pub(crate) fn prepare(
    c: &Compiled,
    mut customer: Customer,
    path: &str,
    problems: &mut Vec<Problem>,
) -> PreparedCustomer {
    let orders = std::mem::take(&mut customer.orders);
    let mut digest = OrderDigest::new(c, orders.len());
    // An order's products as a list of `&str`, reused from one order to the next.
    let mut products = Vec::new();
    for o in &orders {
        products.clear();
        if digest.wants_products() {
            products.extend(o.products.iter().map(Text::as_str));
        }
        let (id, status, total) = (&o.id, &o.status, o.total.0);
        let carrier = o.carrier.as_deref();
        digest.add(
            c,
            path,
            (id, false),
            o.placed_at.sort_key(),
            status,
            total,
            carrier,
            &products,
        );
    }
    prepare_digested(c, customer, digest, path, problems)
}

/// [`prepare`] of a customer whose orders are already in `digest` (its own `orders`
/// are not looked at). Problems come in the same order either way: the customer's
/// fields, the number of orders, then each order's.
pub(crate) fn prepare_digested(
    c: &Compiled,
    customer: Customer,
    digest: OrderDigest,
    path: &str,
    problems: &mut Vec<Problem>,
) -> PreparedCustomer {
    check_id(problems, c, &|| format!("{path}.id"), &customer.id);
    let group = match &customer.group {
        Some(g) => match c.group_lookup.get(g.as_str()) {
            Some(i) => Some(*i),
            None => {
                report(
                    problems,
                    ErrorCode::InvalidRequest,
                    &|| format!("{path}.group"),
                    &|| format!("unknown group `{}`", g.chars().take(64).collect::<String>()),
                );
                None
            }
        },
        None => c.default_group,
    };
    for (i, t) in customer.tags.iter().enumerate() {
        check_id(problems, c, &|| format!("{path}.tags[{i}]"), t);
    }
    for (i, r) in customer.granted_rewards.iter().enumerate() {
        check_id(problems, c, &|| format!("{path}.grantedRewards[{i}]"), r);
    }
    let personal = check_percent(
        problems,
        &|| format!("{path}.personalDiscount"),
        customer.personal_discount.map(|d| d.0),
    );
    let stored_cumulative = check_percent(
        problems,
        &|| format!("{path}.cumulativeDiscount"),
        customer.cumulative_discount.map(|d| d.0),
    );
    let OrderDigest {
        seen,
        products_last,
        carriers_last,
        kept,
        keys,
        problems: mut order_problems,
    } = digest;
    if seen > c.limits.orders_per_customer {
        report(
            problems,
            ErrorCode::LimitExceeded,
            &|| format!("{path}.orders"),
            &|| {
                format!(
                    "has {seen} orders; the limit is {}",
                    c.limits.orders_per_customer
                )
            },
        );
    }
    problems.append(&mut order_problems);
    let order = instant_order(&keys);
    // One walk in time order fills both timelines.
    let mut validated = Timeline::with_capacity(kept.len());
    let mut counted = Timeline::with_capacity(kept.len());
    for &i in &order {
        let (k, at) = (&kept[i as usize], keys[i as usize]);
        if k.counted {
            counted.push(at, k.total);
        }
        if k.validated {
            validated.push(at, k.total);
        }
    }
    let profile = Profile {
        validated,
        products_last,
        carriers_last,
        counted,
    };
    let (has_discount_card, card_problem) = match &customer.discount_card {
        None => (false, None),
        Some(number) => match check_card(number, c.cards.as_ref()) {
            Ok(_) => (true, None),
            Err(why) => (false, Some(why)),
        },
    };
    let mut tags = customer.tags;
    sort_dedup_texts(&mut tags);
    PreparedCustomer {
        id: customer.id,
        status: customer.status,
        kind: customer.kind,
        registered_at: customer.registered_at,
        group,
        tags,
        attributes: customer.attributes,
        personal,
        stored_cumulative,
        has_discount_card,
        card_problem,
        points_balance: customer.points_balance,
        granted: customer.granted_rewards,
        profile,
        engine: c.id,
    }
}

#[cfg(test)]
mod tests {
    use super::{is_norm, norm, norm_cow};

    #[test]
    fn norm_trims_and_lower_cases_each_character_as_the_standard_library_does() {
        // Every character up to U+2FFF and some beyond (Kelvin and Ångström signs, dotted
        // capital I, a final sigma, supplementary letters), alone and among ASCII letters
        // and spaces: ASCII text goes the byte-by-byte way, any other the Unicode way.
        // Sigma is `σ` wherever it stands, where `str::to_lowercase` writes `ς` at a
        // word's end.
        let extra = [
            '\u{212a}',
            '\u{212b}',
            '\u{130}',
            '\u{3a3}',
            '\u{1e9e}',
            '\u{10400}',
            '\u{1f600}',
        ];
        for c in (0..=0x2fff).filter_map(char::from_u32).chain(extra) {
            for text in [
                c.to_string(),
                format!("Ab{c}"),
                format!(" {c}Q\t"),
                format!("\u{a0}X{c} "),
            ] {
                let expected: String = text
                    .trim()
                    .chars()
                    .flat_map(crate::lowercase::reference)
                    .collect();
                assert_eq!(norm(&text), expected, "{text:?}");
            }
        }
    }

    #[test]
    fn only_normal_strings_are_borrowed() {
        // Every byte but a few (control characters, whitespace, capitals, beyond ASCII),
        // first, inside and last, in texts of 1 to 17 bytes.
        let odd = [
            "\u{b}", "\u{c}", "\t", " ", "\n", "A", "Z", "@", "[", "é", "\u{a0}", "\u{85}", "Ä",
            "\u{1}",
        ];
        for len in 1..=17 {
            for at in 0..len {
                for c in odd.iter().copied().chain(["a", "z", "-", "0"]) {
                    let mut text: Vec<&str> = vec!["x"; len];
                    text[at] = c;
                    let text = text.concat();
                    if is_norm(&text) {
                        assert_eq!(norm(&text), text, "{text:?}");
                    }
                    assert_eq!(norm_cow(&text), norm(&text), "{text:?}");
                    // Plain lower-case ASCII, and whitespace inside, take no copy.
                    let plain = c.len() == 1
                        && !c.as_bytes()[0].is_ascii_uppercase()
                        && c.as_bytes()[0] > b' ';
                    if plain || (c == " " && at > 0 && at < len - 1) {
                        assert!(is_norm(&text), "{text:?}");
                    }
                }
            }
        }
        assert!(is_norm(""));
        // A vertical tab is whitespace to `trim`, though not to `u8::is_ascii_whitespace`.
        assert_eq!(norm_cow("\u{b}dhl"), "dhl");
        assert_eq!(norm_cow("dhl\u{b}"), "dhl");
    }
}
