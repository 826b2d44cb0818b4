//! The condition language: compiled once with its operand types checked, then evaluated
//! per request against the customer's profile, the cart and the shipping.

use std::cell::{Cell, OnceCell};

use rust_decimal::Decimal;
use serde_json::Value;

use crate::dates::{Instant, TimeKey};
use crate::lookup::StrIndex;
use crate::money::Dec;
use crate::profile::{norm, PreparedCustomer};
use crate::request::{CustomerType, Line};
use crate::scan::equal;
use crate::sorting::sorted_strs;

/// A compiled condition; references are indexes.
#[derive(Clone, Debug)]
pub(crate) enum Cond {
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
    /// Index into the membership table (built-ins first, then custom segments).
    Segment(usize),
    /// Index into the program's groups.
    Group(usize),
    Cmp(Box<Cmp>),
}

#[derive(Clone, Debug)]
pub(crate) struct Cmp {
    pub field: Field,
    pub op: Op,
    pub arg: Arg,
    pub within: Option<u32>,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Field {
    CustomerType,
    CustomerTags,
    CustomerRegisteredAt,
    CustomerHasDiscountCard,
    CustomerAttribute(String),
    OrdersCount,
    OrdersTotalSpent,
    OrdersFirstOrderAt,
    OrdersLastOrderAt,
    OrdersProducts,
    OrdersCarriers,
    CartSubtotal,
    CartQuantity,
    CartProducts,
    CartCategories,
    ShippingCarrier,
    ShippingCity,
    ShippingPostalCode,
    ShippingCountry,
}

/// What kind of value a field holds; it decides the operators and operand types.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    CustomerType,
    Set,
    Date,
    Number,
    Bool,
    Text,
    Attribute,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Op {
    Eq,
    Ne,
    In,
    NotIn,
    Gt,
    Gte,
    Lt,
    Lte,
    Contains,
    ContainsAny,
    ContainsAll,
    StartsWith,
    Before,
    After,
    WithinLastDays,
}

#[derive(Clone, Debug)]
pub(crate) enum Arg {
    Text(String),
    Texts(Vec<String>),
    Num(Decimal),
    Nums(Vec<Decimal>),
    Date(Instant),
    Days(u32),
    Bool(bool),
    Scalar(Scalar),
    Scalars(Vec<Scalar>),
    /// The texts of an `orders.products` or `orders.carriers` condition, as positions in
    /// [`OrderSets`]'s lists (see [`index_order_sets`]).
    Indices(Vec<u32>),
}

/// A JSON scalar compared by value (numbers as decimals).
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Scalar {
    Str(String),
    Num(Decimal),
    Bool(bool),
    Null,
}

impl Scalar {
    fn of(v: &Value) -> Option<Scalar> {
        match v {
            Value::String(s) => Some(Scalar::Str(s.clone())),
            Value::Bool(b) => Some(Scalar::Bool(*b)),
            Value::Null => Some(Scalar::Null),
            Value::Number(n) => number(n).map(Scalar::Num),
            _ => None,
        }
    }
}

fn number(n: &serde_json::Number) -> Option<Decimal> {
    if let Some(i) = n.as_i64() {
        return Some(Decimal::from(i));
    }
    if let Some(u) = n.as_u64() {
        return Some(Decimal::from(u));
    }
    n.as_f64().and_then(|f| Dec::from_f64(f).ok()).map(|d| d.0)
}

fn parse_field(name: &str) -> Option<(Field, Kind)> {
    use Field::*;
    Some(match name {
        "customer.type" => (CustomerType, Kind::CustomerType),
        "customer.tags" => (CustomerTags, Kind::Set),
        "customer.registeredAt" => (CustomerRegisteredAt, Kind::Date),
        "customer.hasDiscountCard" => (CustomerHasDiscountCard, Kind::Bool),
        "orders.count" => (OrdersCount, Kind::Number),
        "orders.totalSpent" => (OrdersTotalSpent, Kind::Number),
        "orders.firstOrderAt" => (OrdersFirstOrderAt, Kind::Date),
        "orders.lastOrderAt" => (OrdersLastOrderAt, Kind::Date),
        "orders.products" => (OrdersProducts, Kind::Set),
        "orders.carriers" => (OrdersCarriers, Kind::Set),
        "cart.subtotal" => (CartSubtotal, Kind::Number),
        "cart.quantity" => (CartQuantity, Kind::Number),
        "cart.products" => (CartProducts, Kind::Set),
        "cart.categories" => (CartCategories, Kind::Set),
        "shipping.carrier" => (ShippingCarrier, Kind::Text),
        "shipping.address.city" => (ShippingCity, Kind::Text),
        "shipping.address.postalCode" => (ShippingPostalCode, Kind::Text),
        "shipping.address.country" => (ShippingCountry, Kind::Text),
        other => {
            let key = other.strip_prefix("customer.attributes.")?;
            if key.is_empty() {
                return None;
            }
            (CustomerAttribute(key.to_string()), Kind::Attribute)
        }
    })
}

fn parse_op(name: &str) -> Option<Op> {
    use Op::*;
    Some(match name {
        "eq" => Eq,
        "ne" => Ne,
        "in" => In,
        "notIn" => NotIn,
        "gt" => Gt,
        "gte" => Gte,
        "lt" => Lt,
        "lte" => Lte,
        "contains" => Contains,
        "containsAny" => ContainsAny,
        "containsAll" => ContainsAll,
        "startsWith" => StartsWith,
        "before" => Before,
        "after" => After,
        "withinLastDays" => WithinLastDays,
        _ => return None,
    })
}

/// The operators each kind of field accepts.
fn ops_for(kind: Kind) -> &'static [Op] {
    use Op::*;
    match kind {
        Kind::CustomerType => &[Eq, Ne, In, NotIn],
        Kind::Set => &[Contains, ContainsAny, ContainsAll],
        Kind::Date => &[Before, After, Gt, Gte, Lt, Lte, WithinLastDays],
        Kind::Number => &[Eq, Ne, In, NotIn, Gt, Gte, Lt, Lte],
        Kind::Bool => &[Eq, Ne],
        Kind::Text => &[Eq, Ne, In, NotIn, StartsWith, Contains],
        Kind::Attribute => &[
            Eq,
            Ne,
            In,
            NotIn,
            Gt,
            Gte,
            Lt,
            Lte,
            Contains,
            ContainsAny,
            ContainsAll,
            StartsWith,
            Before,
            After,
            WithinLastDays,
        ],
    }
}

fn op_name(op: Op) -> &'static str {
    use Op::*;
    match op {
        Eq => "eq",
        Ne => "ne",
        In => "in",
        NotIn => "notIn",
        Gt => "gt",
        Gte => "gte",
        Lt => "lt",
        Lte => "lte",
        Contains => "contains",
        ContainsAny => "containsAny",
        ContainsAll => "containsAll",
        StartsWith => "startsWith",
        Before => "before",
        After => "after",
        WithinLastDays => "withinLastDays",
    }
}

/// Compiles one comparison. Errors are `(sub-path, message)` relative to the comparison.
pub(crate) fn compile_cmp(
    field: &str,
    op: &str,
    value: &Value,
    within: Option<u32>,
) -> Result<Cmp, (&'static str, String)> {
    let (field_v, kind) = parse_field(field).ok_or_else(|| {
        (
            "field",
            format!("unknown field `{field}` (see the contract's list of fields)"),
        )
    })?;
    let op_v = parse_op(op).ok_or_else(|| ("op", format!("unknown operator `{op}`")))?;
    if !ops_for(kind).contains(&op_v) {
        let allowed: Vec<&str> = ops_for(kind).iter().map(|o| op_name(*o)).collect();
        return Err((
            "op",
            format!(
                "operator `{op}` does not apply to `{field}`; use one of {}",
                allowed.join(", ")
            ),
        ));
    }
    if within.is_some() && !field.starts_with("orders.") {
        return Err((
            "withinLastDays",
            "`withinLastDays` only narrows `orders.*` fields".to_string(),
        ));
    }
    let case_insensitive = matches!(kind, Kind::Text) || field_v == Field::OrdersCarriers;
    let arg = compile_arg(kind, op_v, value, case_insensitive).map_err(|m| ("value", m))?;
    Ok(Cmp {
        field: field_v,
        op: op_v,
        arg,
        within,
    })
}

fn text(v: &Value, ci: bool) -> Result<String, String> {
    match v {
        Value::String(s) if ci => Ok(norm(s)),
        Value::String(s) => Ok(s.clone()),
        _ => Err("must be a string".to_string()),
    }
}

fn texts(v: &Value, ci: bool) -> Result<Vec<String>, String> {
    match v {
        Value::Array(items) if !items.is_empty() => items
            .iter()
            .map(|i| text(i, ci))
            .collect::<Result<_, _>>()
            .map_err(|_| "must be a list of strings".to_string()),
        _ => Err("must be a non-empty list of strings".to_string()),
    }
}

fn num(v: &Value) -> Result<Decimal, String> {
    match v {
        Value::Number(n) => number(n).ok_or_else(|| "must be a finite number".to_string()),
        Value::String(s) => Dec::parse(s).map(|d| d.0),
        _ => Err("must be a number or a decimal string".to_string()),
    }
}

fn compile_arg(kind: Kind, op: Op, v: &Value, ci: bool) -> Result<Arg, String> {
    use Op::*;
    Ok(match (kind, op) {
        (Kind::CustomerType, Eq | Ne) => {
            let t = text(v, false)?;
            check_type(&t)?;
            Arg::Text(t)
        }
        (Kind::CustomerType, _) => {
            let ts = texts(v, false)?;
            for t in &ts {
                check_type(t)?;
            }
            Arg::Texts(ts)
        }
        (_, WithinLastDays) => {
            // `30.0` is the whole number 30, as to JavaScript (`crate::whole`).
            let days = match v {
                Value::Number(n) => n
                    .as_u64()
                    .or_else(|| n.as_f64().and_then(crate::whole::as_u64)),
                _ => None,
            };
            match days {
                Some(d) if d <= 36_600 => Arg::Days(d as u32),
                _ => return Err("must be a whole number of days (0 to 36600)".to_string()),
            }
        }
        (Kind::Date | Kind::Attribute, Before | After) | (Kind::Date, Gt | Gte | Lt | Lte) => {
            match v {
                Value::String(s) => Arg::Date(Instant::parse(s)?),
                _ => return Err("must be an RFC 3339 timestamp".to_string()),
            }
        }
        (Kind::Set | Kind::Attribute, ContainsAny | ContainsAll) => Arg::Texts(texts(v, ci)?),
        (Kind::Set, _) | (Kind::Text | Kind::Attribute, Contains | StartsWith) => {
            Arg::Text(text(v, ci)?)
        }
        (Kind::Text, Eq | Ne) => Arg::Text(text(v, ci)?),
        (Kind::Text, _) => Arg::Texts(texts(v, ci)?),
        (Kind::Number | Kind::Attribute, Gt | Gte | Lt | Lte) | (Kind::Number, Eq | Ne) => {
            Arg::Num(num(v)?)
        }
        (Kind::Number, _) => match v {
            Value::Array(items) if !items.is_empty() => {
                Arg::Nums(items.iter().map(num).collect::<Result<_, _>>()?)
            }
            _ => return Err("must be a non-empty list of numbers".to_string()),
        },
        (Kind::Bool, _) => match v {
            Value::Bool(b) => Arg::Bool(*b),
            _ => return Err("must be true or false".to_string()),
        },
        (Kind::Attribute, Eq | Ne) => Arg::Scalar(
            Scalar::of(v).ok_or_else(|| "must be a string, number, boolean or null".to_string())?,
        ),
        (Kind::Attribute, _) => match v {
            Value::Array(items) if !items.is_empty() => Arg::Scalars(
                items
                    .iter()
                    .map(|i| Scalar::of(i).ok_or_else(|| "must be a list of scalars".to_string()))
                    .collect::<Result<_, _>>()?,
            ),
            _ => return Err("must be a non-empty list".to_string()),
        },
        (Kind::Date, _) => return Err("this operator does not apply to a date".to_string()),
    })
}

fn check_type(t: &str) -> Result<(), String> {
    if t == "individual" || t == "business" {
        Ok(())
    } else {
        Err(format!(
            "`{t}` is not a customer type: use \"individual\" or \"business\""
        ))
    }
}

/// The products that `orders.products` conditions ask about and the carriers that
/// `orders.carriers` conditions ask about, each once. A prepared customer keeps, for each
/// of them, only when an order last held it: whatever else its orders hold is never
/// asked.
#[derive(Debug, Default)]
pub(crate) struct OrderSets {
    pub products: StrIndex,
    /// Normalised ([`norm`]): an order's carrier is normalised before it is looked up.
    pub carriers: StrIndex,
}

/// Gathers the texts of the `orders.products` and `orders.carriers` conditions of `rules`
/// into [`OrderSets`], and replaces each such condition's texts by their positions there
/// ([`Arg::Indices`]).
pub(crate) fn index_order_sets(rules: &mut [Cond]) -> OrderSets {
    fn walk(c: &mut Cond, visit: &mut dyn FnMut(&mut Cmp)) {
        match c {
            Cond::All(cs) | Cond::Any(cs) => cs.iter_mut().for_each(|c| walk(c, visit)),
            Cond::Not(c) => walk(c, visit),
            Cond::Cmp(cmp) => visit(cmp),
            Cond::Segment(_) | Cond::Group(_) => {}
        }
    }
    fn texts(arg: &Arg) -> &[String] {
        match arg {
            Arg::Text(t) => std::slice::from_ref(t),
            Arg::Texts(ts) => ts,
            _ => &[],
        }
    }
    let (mut products, mut carriers) = (Vec::new(), Vec::new());
    for rule in rules.iter_mut() {
        walk(rule, &mut |cmp| match cmp.field {
            Field::OrdersProducts => products.extend(texts(&cmp.arg).iter().cloned()),
            Field::OrdersCarriers => carriers.extend(texts(&cmp.arg).iter().cloned()),
            _ => {}
        });
    }
    let sets = OrderSets {
        products: StrIndex::new(products.iter().map(String::as_str)),
        carriers: StrIndex::new(carriers.iter().map(String::as_str)),
    };
    for rule in rules.iter_mut() {
        walk(rule, &mut |cmp| {
            let positions = match cmp.field {
                Field::OrdersProducts => &sets.products,
                Field::OrdersCarriers => &sets.carriers,
                _ => return,
            };
            let position = |t: &String| positions.get(t).map_or(u32::MAX, |i| i as u32);
            let indices = texts(&cmp.arg).iter().map(position).collect();
            cmp.arg = Arg::Indices(indices);
        });
    }
    sets
}

/// What a condition is evaluated against.
pub(crate) struct Facts<'a, 'c, 'l> {
    pub now: Instant,
    pub customer: &'a PreparedCustomer,
    pub group: Option<usize>,
    /// Written between the segment rules: a rule may name a segment worked out before it.
    pub members: &'a [Cell<bool>],
    pub cart_subtotal: Decimal,
    pub cart_quantity: u64,
    pub cart_lines: &'c [Line<'l>],
    pub cart_sets: &'a CartSets<'c>,
    /// Normalised (trimmed, lower-case).
    pub carrier: &'a str,
    pub city: &'a str,
    pub postal_code: &'a str,
    pub country: &'a str,
}

/// The cart's products and categories as sets, sorted and deduplicated when first
/// needed: most programs never ask, and sorting a large cart's strings is not free. A
/// cart of up to [`LOOKED_THROUGH`] lines is always looked through instead, a larger
/// one for its first [`SCANS_BEFORE_SORTING`] questions.
#[derive(Default)]
pub(crate) struct CartSets<'a> {
    products: OnceCell<Vec<&'a str>>,
    categories: OnceCell<Vec<&'a str>>,
    /// Questions about a large cart answered by looking through its lines so far.
    scans: Cell<u32>,
}

impl CartSets<'_> {
    /// Whether one more question about a large cart is answered by looking through it.
    fn scan_once_more(&self) -> bool {
        let scans = self.scans.get();
        self.scans.set(scans.saturating_add(1));
        scans < SCANS_BEFORE_SORTING
    }
}

/// Up to this many cart lines (or customer tags), a condition on the cart's products or
/// categories (or the tags) looks through them: fewer instructions than sorting them
/// into a set first (or than a binary search).
const LOOKED_THROUGH: usize = 16;

/// A larger cart is looked through for this many questions about its products and
/// categories (a program asks a few), then sorted into sets: a program asking many
/// costs a sort and binary searches, not a pass over the lines each.
const SCANS_BEFORE_SORTING: u32 = 8;

impl<'c> Facts<'_, 'c, '_> {
    fn cart_has_product(&self, t: &str) -> bool {
        let products = self.cart_lines.iter().map(|l| &*l.product_id);
        self.cart_has(&self.cart_sets.products, products, t)
    }

    fn cart_has_category(&self, t: &str) -> bool {
        let lines = self.cart_lines.iter();
        let categories = lines.flat_map(|l| l.categories.iter().map(|c| &**c));
        self.cart_has(&self.cart_sets.categories, categories, t)
    }

    /// Whether the cart's `items` (its products or its categories) hold `t`: by its
    /// `sorted` set once made, else by looking through a small cart (or a large one's
    /// first questions), else by making the set.
    fn cart_has(
        &self,
        sorted: &OnceCell<Vec<&'c str>>,
        items: impl Iterator<Item = &'c str> + Clone,
        t: &str,
    ) -> bool {
        if let Some(sorted) = sorted.get() {
            return sorted_has(sorted, t);
        }
        if self.cart_lines.len() <= LOOKED_THROUGH || self.cart_sets.scan_once_more() {
            return items.clone().any(|x| equal(x, t));
        }
        sorted_has(sorted.get_or_init(|| sorted_strs(items)), t)
    }
}

impl Cond {
    pub(crate) fn eval(&self, f: &Facts) -> bool {
        match self {
            Cond::All(cs) => cs.iter().all(|c| c.eval(f)),
            Cond::Any(cs) => cs.iter().any(|c| c.eval(f)),
            Cond::Not(c) => !c.eval(f),
            Cond::Segment(i) => f.members.get(*i).is_some_and(Cell::get),
            Cond::Group(g) => f.group == Some(*g),
            Cond::Cmp(c) => c.eval(f),
        }
    }
}

fn cmp_num(op: Op, left: Decimal, arg: &Arg) -> bool {
    match (op, arg) {
        (Op::Eq, Arg::Num(r)) => left == *r,
        (Op::Ne, Arg::Num(r)) => left != *r,
        (Op::Gt, Arg::Num(r)) => left > *r,
        (Op::Gte, Arg::Num(r)) => left >= *r,
        (Op::Lt, Arg::Num(r)) => left < *r,
        (Op::Lte, Arg::Num(r)) => left <= *r,
        (Op::In, Arg::Nums(rs)) => rs.contains(&left),
        (Op::NotIn, Arg::Nums(rs)) => !rs.contains(&left),
        _ => false,
    }
}

fn cmp_date(op: Op, left: Option<Instant>, arg: &Arg, now: Instant) -> bool {
    let Some(left) = left else { return false };
    match (op, arg) {
        (Op::Before | Op::Lt, Arg::Date(r)) => left < *r,
        (Op::After | Op::Gt, Arg::Date(r)) => left > *r,
        (Op::Gte, Arg::Date(r)) => left >= *r,
        (Op::Lte, Arg::Date(r)) => left <= *r,
        (Op::WithinLastDays, Arg::Days(d)) => left >= now.minus_days(*d) && left <= now,
        _ => false,
    }
}

/// Set membership over a sorted slice, or an unsorted one when `sorted` is false.
fn cmp_set<'s>(op: Op, has: impl Fn(&str) -> bool + 's, arg: &Arg) -> bool {
    match (op, arg) {
        (Op::Contains, Arg::Text(t)) => has(t),
        (Op::ContainsAny, Arg::Texts(ts)) => ts.iter().any(|t| has(t)),
        (Op::ContainsAll, Arg::Texts(ts)) => ts.iter().all(|t| has(t)),
        _ => false,
    }
}

/// Set membership over an order history: `last[i]` is when an order last held the
/// `i`-th asked text ([`OrderSets`]); it counts from `since` on (or ever).
fn cmp_held(op: Op, last: &[Option<TimeKey>], since: Option<Instant>, arg: &Arg) -> bool {
    let since = since.map(Instant::sort_key);
    let held = |&i: &u32| {
        last.get(i as usize)
            .copied()
            .flatten()
            .is_some_and(|at| since.is_none_or(|s| at >= s))
    };
    match (op, arg) {
        (Op::Contains | Op::ContainsAny, Arg::Indices(is)) => is.iter().any(held),
        (Op::ContainsAll, Arg::Indices(is)) => is.iter().all(held),
        _ => false,
    }
}

fn cmp_text(op: Op, left: &str, arg: &Arg) -> bool {
    match (op, arg) {
        (Op::Eq, Arg::Text(t)) => !left.is_empty() && equal(left, t),
        (Op::Ne, Arg::Text(t)) => left.is_empty() || !equal(left, t),
        (Op::In, Arg::Texts(ts)) => !left.is_empty() && ts.iter().any(|t| equal(t, left)),
        (Op::NotIn, Arg::Texts(ts)) => left.is_empty() || ts.iter().all(|t| !equal(t, left)),
        (Op::StartsWith, Arg::Text(t)) => !left.is_empty() && left.starts_with(t.as_str()),
        (Op::Contains, Arg::Text(t)) => !left.is_empty() && left.contains(t.as_str()),
        _ => false,
    }
}

fn sorted_has<S: AsRef<str>>(items: &[S], t: &str) -> bool {
    items.binary_search_by(|x| x.as_ref().cmp(t)).is_ok()
}

/// Whether the sorted `items` hold `t`: looked through when there are few (fewer
/// instructions than a binary search's ordered comparisons), else searched.
fn sorted_set_has<S: AsRef<str>>(items: &[S], t: &str) -> bool {
    if items.len() <= LOOKED_THROUGH {
        return items.iter().any(|x| equal(x.as_ref(), t));
    }
    sorted_has(items, t)
}

impl Cmp {
    fn eval(&self, f: &Facts) -> bool {
        let c = f.customer;
        let p = &c.profile;
        let window = self.within.map(|d| f.now.minus_days(d));
        match &self.field {
            Field::CustomerType => {
                let t = match c.kind {
                    CustomerType::Individual => "individual",
                    CustomerType::Business => "business",
                };
                cmp_text(self.op, t, &self.arg)
            }
            Field::CustomerTags => cmp_set(self.op, |t| sorted_set_has(&c.tags, t), &self.arg),
            Field::CustomerRegisteredAt => cmp_date(self.op, c.registered_at, &self.arg, f.now),
            Field::CustomerHasDiscountCard => match (self.op, &self.arg) {
                (Op::Eq, Arg::Bool(b)) => c.has_discount_card == *b,
                (Op::Ne, Arg::Bool(b)) => c.has_discount_card != *b,
                _ => false,
            },
            Field::CustomerAttribute(key) => eval_attribute(c.attributes.get(key), self, f.now),
            Field::OrdersCount => cmp_num(
                self.op,
                Decimal::from(p.count_since(window) as u64),
                &self.arg,
            ),
            Field::OrdersTotalSpent => cmp_num(self.op, p.spent_since(window), &self.arg),
            Field::OrdersFirstOrderAt => cmp_date(self.op, p.first_since(window), &self.arg, f.now),
            Field::OrdersLastOrderAt => cmp_date(self.op, p.last_order(), &self.arg, f.now),
            Field::OrdersProducts => cmp_held(self.op, p.products_last(), window, &self.arg),
            Field::OrdersCarriers => cmp_held(self.op, p.carriers_last(), window, &self.arg),
            Field::CartSubtotal => cmp_num(self.op, f.cart_subtotal, &self.arg),
            Field::CartQuantity => cmp_num(self.op, Decimal::from(f.cart_quantity), &self.arg),
            Field::CartProducts => cmp_set(self.op, |t| f.cart_has_product(t), &self.arg),
            Field::CartCategories => cmp_set(self.op, |t| f.cart_has_category(t), &self.arg),
            Field::ShippingCarrier => cmp_text(self.op, f.carrier, &self.arg),
            Field::ShippingCity => cmp_text(self.op, f.city, &self.arg),
            Field::ShippingPostalCode => cmp_text(self.op, f.postal_code, &self.arg),
            Field::ShippingCountry => cmp_text(self.op, f.country, &self.arg),
        }
    }
}

/// Whether an attribute's value equals `s`, as `Scalar::of(value) == Some(s)` without
/// copying the value: a missing attribute compares like `null`; an array or an object
/// equals nothing.
fn scalar_eq(value: Option<&Value>, s: &Scalar) -> bool {
    match (value, s) {
        (None | Some(Value::Null), Scalar::Null) => true,
        (Some(Value::String(a)), Scalar::Str(b)) => equal(a, b),
        (Some(Value::Bool(a)), Scalar::Bool(b)) => a == b,
        (Some(Value::Number(n)), Scalar::Num(b)) => number(n).as_ref() == Some(b),
        _ => false,
    }
}

fn eval_attribute(value: Option<&Value>, c: &Cmp, now: Instant) -> bool {
    match (c.op, &c.arg) {
        (Op::Eq, Arg::Scalar(s)) => scalar_eq(value, s),
        (Op::Ne, Arg::Scalar(s)) => !scalar_eq(value, s),
        (Op::In, Arg::Scalars(ss)) => ss.iter().any(|s| scalar_eq(value, s)),
        (Op::NotIn, Arg::Scalars(ss)) => !ss.iter().any(|s| scalar_eq(value, s)),
        (Op::Gt | Op::Gte | Op::Lt | Op::Lte, _) => {
            let left = match value {
                Some(Value::Number(n)) => number(n),
                Some(Value::String(s)) => Dec::parse(s).ok().map(|d| d.0),
                _ => None,
            };
            left.is_some_and(|l| cmp_num(c.op, l, &c.arg))
        }
        (Op::Before | Op::After | Op::WithinLastDays, _) => {
            let left = match value {
                Some(Value::String(s)) => Instant::parse(s).ok(),
                _ => None,
            };
            cmp_date(c.op, left, &c.arg, now)
        }
        (Op::Contains | Op::ContainsAny | Op::ContainsAll, _) => match value {
            Some(Value::Array(items)) => cmp_set(
                c.op,
                |t| items.iter().any(|i| i.as_str() == Some(t)),
                &c.arg,
            ),
            Some(Value::String(s)) => cmp_set(c.op, |t| s.contains(t), &c.arg),
            _ => false,
        },
        (Op::StartsWith, Arg::Text(t)) => {
            matches!(value, Some(Value::String(s)) if s.starts_with(t.as_str()))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn attribute_equality_is_scalar_equality() {
        let values = [
            json!(null),
            json!("gold"),
            json!("Gold"),
            json!(""),
            json!(true),
            json!(false),
            json!(3),
            json!(3.0),
            json!(-3),
            json!(2.5),
            json!(18446744073709551615u64),
            json!([1]),
            json!({ "a": 1 }),
        ];
        let scalars: Vec<Scalar> = values.iter().filter_map(Scalar::of).collect();
        assert_eq!(scalars.len(), 11);
        for s in &scalars {
            assert_eq!(scalar_eq(None, s), *s == Scalar::Null, "{s:?}");
            for v in &values {
                assert_eq!(
                    scalar_eq(Some(v), s),
                    Scalar::of(v).as_ref() == Some(s),
                    "{v} against {s:?}"
                );
            }
        }
    }
}
