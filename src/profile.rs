//! A customer digested once: order history reduced to sorted times, prefix sums and
//! product/carrier sets, so that quoting a second cart never re-scans the history.

use std::borrow::Cow;
use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde_json::Value;

use crate::card::check_card;
use crate::dates::Instant;
use crate::error::{ErrorCode, Problem};
use crate::limits::id_problem;
use crate::program::compile::Compiled;
use crate::request::{Customer, CustomerStatus, CustomerType, Text};
use crate::sorting::{instant_order, sort_dedup_texts, sorted_texts};

/// Trimmed and lower-cased, for case-insensitive comparisons.
pub(crate) fn norm(s: &str) -> String {
    s.trim().to_lowercase()
}

/// Whether [`norm`] leaves `s` as it is (ASCII without capitals or whitespace).
fn is_norm(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase() && !b.is_ascii_whitespace())
}

/// [`norm`], borrowing `s` when it is already normalised (the usual case).
pub(crate) fn norm_cow(s: &str) -> Cow<'_, str> {
    if is_norm(s) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(norm(s))
    }
}

/// [`norm`] of an owned string, kept as it is when it is already normalised (the
/// usual case: no allocation).
fn norm_owned(s: Text) -> Text {
    if is_norm(&s) {
        s
    } else {
        Text::from(norm(&s))
    }
}

/// A time-ordered list of orders with prefix sums of their totals.
#[derive(Clone, Debug, Default)]
pub(crate) struct Timeline {
    times: Vec<Instant>,
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
    fn push(&mut self, time: Instant, total: Decimal) {
        let sum = self.prefix[self.times.len()] + total;
        self.times.push(time);
        self.prefix.push(sum);
    }

    /// Index of the first order at or after `since` (0 for all time).
    fn start(&self, since: Option<Instant>) -> usize {
        match since {
            None => 0,
            Some(s) => self.times.partition_point(|t| *t < s),
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
        let end = self.times.partition_point(|t| *t <= until).max(start);
        self.prefix[end] - self.prefix[start]
    }

    pub fn first_since(&self, since: Option<Instant>) -> Option<Instant> {
        self.times.get(self.start(since)).copied()
    }

    pub fn last(&self) -> Option<Instant> {
        self.times.last().copied()
    }
}

/// The digest of a customer's validated orders.
#[derive(Clone, Debug, Default)]
pub(crate) struct Profile {
    pub validated: Timeline,
    /// Per validated order, in time order: its products and the normalised carrier.
    orders: Vec<(Vec<Text>, Text)>,
    all_products: Vec<Text>,
    all_carriers: Vec<Text>,
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
    pub fn ordered_product(&self, product: &str, since: Option<Instant>) -> bool {
        match since {
            None => self
                .all_products
                .binary_search_by(|p| p.as_str().cmp(product))
                .is_ok(),
            Some(_) => {
                let start = self.validated.start(since);
                self.orders[start..]
                    .iter()
                    .any(|(ps, _)| ps.iter().any(|p| p == product))
            }
        }
    }
    pub fn used_carrier(&self, carrier: &str, since: Option<Instant>) -> bool {
        match since {
            None => self
                .all_carriers
                .binary_search_by(|c| c.as_str().cmp(carrier))
                .is_ok(),
            Some(_) => {
                let start = self.validated.start(since);
                self.orders[start..].iter().any(|(_, c)| c == carrier)
            }
        }
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

/// Checks an id or code: not empty, within the length limit, no control characters.
/// `path` is only built when there is a problem (no allocation per valid id).
pub(crate) fn check_id(
    problems: &mut Vec<Problem>,
    c: &Compiled,
    path: impl FnOnce() -> String,
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
    path: impl FnOnce() -> String,
    v: Option<Decimal>,
) -> Decimal {
    let v = v.unwrap_or_default();
    if v < Decimal::ZERO || v > Decimal::ONE_HUNDRED {
        problems.push(Problem::new(
            ErrorCode::InvalidRequest,
            path(),
            "must be a percentage from 0 to 100",
        ));
    }
    v
}

/// Checks and digests a customer; `path` prefixes every problem (e.g. `customer`).
/// The customer is taken by value: its strings move into the digest, uncopied.
pub(crate) fn prepare(
    c: &Compiled,
    customer: Customer,
    path: &str,
    problems: &mut Vec<Problem>,
) -> PreparedCustomer {
    check_id(problems, c, || format!("{path}.id"), &customer.id);
    let group = match &customer.group {
        Some(g) => match c.group_lookup.get(g.as_str()) {
            Some(i) => Some(*i),
            None => {
                problems.push(Problem::new(
                    ErrorCode::InvalidRequest,
                    format!("{path}.group"),
                    format!("unknown group `{}`", g.chars().take(64).collect::<String>()),
                ));
                None
            }
        },
        None => c.default_group,
    };
    for (i, t) in customer.tags.iter().enumerate() {
        check_id(problems, c, || format!("{path}.tags[{i}]"), t);
    }
    for (i, r) in customer.granted_rewards.iter().enumerate() {
        check_id(problems, c, || format!("{path}.grantedRewards[{i}]"), r);
    }
    let personal = check_percent(
        problems,
        || format!("{path}.personalDiscount"),
        customer.personal_discount.map(|d| d.0),
    );
    let stored_cumulative = check_percent(
        problems,
        || format!("{path}.cumulativeDiscount"),
        customer.cumulative_discount.map(|d| d.0),
    );
    if customer.orders.len() > c.limits.orders_per_customer {
        problems.push(Problem::new(
            ErrorCode::LimitExceeded,
            format!("{path}.orders"),
            format!(
                "has {} orders; the limit is {}",
                customer.orders.len(),
                c.limits.orders_per_customer
            ),
        ));
    }
    // Each order that counts for something, once; one sort by time then serves both
    // timelines and the per-order lists.
    struct Kept {
        at: Instant,
        total: Decimal,
        validated: bool,
        counted: bool,
        products: Vec<Text>,
        carrier: Text,
    }
    let mut kept = Vec::with_capacity(customer.orders.len());
    for (i, o) in customer
        .orders
        .into_iter()
        .enumerate()
        .take(c.limits.orders_per_customer)
    {
        let opath = || format!("{path}.orders[{i}]");
        check_id(problems, c, || format!("{}.id", opath()), &o.id);
        if o.total.0.is_sign_negative() && !o.total.0.is_zero() {
            problems.push(Problem::new(
                ErrorCode::InvalidRequest,
                format!("{}.total", opath()),
                "must not be negative",
            ));
            continue;
        }
        if o.total.0 > c.money_limit {
            problems.push(Problem::new(
                ErrorCode::LimitExceeded,
                format!("{}.total", opath()),
                format!("is above the money limit of {}", c.limits.money_magnitude),
            ));
            continue;
        }
        let status = o.status.as_str();
        let never = status == "cancelled" || status == "refunded";
        let validated = !never && c.validated_statuses.iter().any(|s| s == status);
        let counted = !never && c.counted_statuses.iter().any(|s| s == status);
        if validated || counted {
            kept.push(Kept {
                at: o.placed_at,
                total: o.total.0,
                validated,
                counted,
                products: if validated { o.products } else { Vec::new() },
                carrier: o.carrier.map(norm_owned).unwrap_or_default(),
            });
        }
    }
    // The product and carrier sets do not depend on the order.
    let validated_orders = || kept.iter().filter(|k| k.validated);
    let all_products =
        sorted_texts(validated_orders().flat_map(|k| k.products.iter().map(Text::as_str)));
    let all_carriers = sorted_texts(
        validated_orders()
            .map(|k| k.carrier.as_str())
            .filter(|c| !c.is_empty()),
    );
    let keys: Vec<(i64, u32)> = kept.iter().map(|k| k.at.sort_key()).collect();
    let order = instant_order(&keys);
    // One walk in time order fills both timelines and the per-order lists.
    let mut validated = Timeline::with_capacity(kept.len());
    let mut counted = Timeline::with_capacity(kept.len());
    let mut orders = Vec::with_capacity(kept.len());
    for &i in &order {
        let k = &mut kept[i as usize];
        if k.counted {
            counted.push(k.at, k.total);
        }
        if k.validated {
            validated.push(k.at, k.total);
            orders.push((
                std::mem::take(&mut k.products),
                std::mem::take(&mut k.carrier),
            ));
        }
    }
    let profile = Profile {
        validated,
        orders,
        all_products,
        all_carriers,
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
