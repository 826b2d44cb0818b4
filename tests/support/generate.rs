//! Strategies for valid programs and requests, shared by the property tests
//! (`tests/properties.rs`) and the differential case generator (`examples/gen_cases.rs`).
//!
//! Programs are built as JSON values so that every generated case also goes through
//! the same parsing as real input. Amounts are generated in minor units and printed
//! with the currency's digits, so every program is valid by construction.

#![allow(dead_code)]

use proptest::prelude::*;
use proptest::sample::{select, subsequence};
use serde_json::{json, Map, Value};

pub static CURRENCIES: [(&str, u32); 4] = [("EUR", 2), ("USD", 2), ("JPY", 0), ("KWD", 3)];
pub static TAGS: [&str; 3] = ["a", "b", "c"];
pub static PRODUCTS: [&str; 6] = ["p1", "p2", "p3", "p4", "p5", "p6"];
pub static CATEGORIES: [&str; 3] = ["c1", "c2", "c3"];
pub static BUILTINS: [&str; 5] = [
    "deactivated",
    "potential",
    "recentFirstOrder",
    "customers",
    "loyal",
];
pub static NOWS: [&str; 3] = [
    "2026-11-22T10:00:00Z",
    "2026-03-31T08:00:00+02:00",
    "2027-01-01T00:00:00Z",
];
pub static TIERS: [&str; 2] = ["gold", "silver"];
/// Discount cards as customers type them: a valid EAN-13 (also with spaces and dashes), a
/// valid Luhn number, and numbers that fail both checks.
pub static CARDS: [&str; 5] = [
    "4006381333931",
    " 4006-3813-3393-1 ",
    "79927398713",
    "4006381333932",
    "12345",
];
pub static PERCENTS: [&str; 8] = ["5", "10", "12.5", "15", "33.33", "50", "99.99", "100"];

/// `minor` minor units printed with `digits` decimals (`1234`, 2 → `"12.34"`).
pub fn amount(minor: u64, digits: u32) -> String {
    if digits == 0 {
        return minor.to_string();
    }
    let f = 10u64.pow(digits);
    format!(
        "{}.{:0width$}",
        minor / f,
        minor % f,
        width = digits as usize
    )
}

/// Minor units as a fraction of whole currency units: the same "size" in every currency.
fn scaled(units_hundredths: u64, digits: u32) -> u64 {
    // `units_hundredths` is in hundredths of a unit; JPY keeps whole units.
    match digits {
        0 => units_hundredths / 100,
        d => units_hundredths * 10u64.pow(d) / 100,
    }
}

/// A generated program with what requests need to know about it.
#[derive(Clone, Debug)]
pub struct Prog {
    pub json: Value,
    pub currency: &'static str,
    pub digits: u32,
    pub segments: usize,
    pub groups: usize,
    pub codes: Vec<String>,
    pub rewards: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct Case {
    pub prog: Prog,
    pub request: Value,
}

/// A leaf condition (segment references are patched in `fix_refs`).
fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        select(&TAGS[..])
            .prop_map(|t| json!({"field": "customer.tags", "op": "contains", "value": t})),
        subsequence(&TAGS[..], 1..=3)
            .prop_map(|t| json!({"field": "customer.tags", "op": "containsAny", "value": t})),
        (0u32..4).prop_map(|n| json!({"field": "orders.count", "op": "gte", "value": n})),
        (0u64..50_000).prop_map(
            |n| json!({"field": "orders.totalSpent", "op": "gte", "value": amount(n, 2)})
        ),
        (0u64..40_000)
            .prop_map(|n| json!({"field": "cart.subtotal", "op": "gte", "value": amount(n, 2)})),
        (1u32..10).prop_map(|n| json!({"field": "cart.quantity", "op": "lt", "value": n})),
        select(&PRODUCTS[..])
            .prop_map(|p| json!({"field": "cart.products", "op": "contains", "value": p})),
        select(&PRODUCTS[..])
            .prop_map(|p| json!({"field": "orders.products", "op": "contains", "value": p})),
        subsequence(&CATEGORIES[..], 1..=2)
            .prop_map(|c| json!({"field": "cart.categories", "op": "containsAny", "value": c})),
        select(&["individual", "business"][..])
            .prop_map(|t| json!({"field": "customer.type", "op": "eq", "value": t})),
        select(&["dhl", " UPS ", "socolissimo"][..])
            .prop_map(|c| json!({"field": "shipping.carrier", "op": "eq", "value": c})),
        select(&["Paris", "lyon", "zürich", "Θεσσαλονίκη"][..])
            .prop_map(|c| json!({"field": "shipping.address.city", "op": "eq", "value": c})),
        (1u32..400).prop_map(
            |d| json!({"field": "orders.count", "op": "gte", "value": 1, "withinLastDays": d})
        ),
        any::<bool>()
            .prop_map(|b| json!({"field": "customer.hasDiscountCard", "op": "eq", "value": b})),
        select(&TIERS[..])
            .prop_map(|t| json!({"field": "customer.attributes.tier", "op": "eq", "value": t})),
        select(&BUILTINS[..]).prop_map(|s| json!({"segment": s})),
        Just(json!({"segment": "$prev"})),
    ]
}

fn rule() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 1..3).prop_map(|v| json!({"all": v})),
            prop::collection::vec(inner.clone(), 1..3).prop_map(|v| json!({"any": v})),
            inner.prop_map(|v| json!({"not": v})),
        ]
    })
}

/// Replaces `$prev` references with an earlier custom segment (no cycles) or `loyal`.
fn fix_refs(v: &mut Value, index: usize, pick: &mut u64) {
    match v {
        Value::Object(m) => {
            if m.get("segment").and_then(Value::as_str) == Some("$prev") {
                let target = if index == 0 {
                    "loyal".to_string()
                } else {
                    *pick = pick.wrapping_mul(6364136223846793005).wrapping_add(1);
                    format!("s{}", (*pick >> 33) as usize % index)
                };
                m.insert("segment".into(), Value::String(target));
            }
            for (_, x) in m.iter_mut() {
                fix_refs(x, index, pick);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| fix_refs(x, index, pick)),
        _ => {}
    }
}

/// A discount in the program's currency: `{amount}` or `{percent}`.
fn discount(digits: u32) -> impl Strategy<Value = Value> {
    prop_oneof![
        (1u64..10_000)
            .prop_map(move |n| json!({"amount": amount(scaled(n, digits).max(1), digits)})),
        select(&PERCENTS[..]).prop_map(|p| json!({"percent": p})),
    ]
}

/// Who something is for: 0 anyone, 1 a segment, 2 a group.
fn holder(m: &mut Map<String, Value>, kind: u8, pick: usize, segments: usize, groups: usize) {
    match kind {
        1 => {
            let all = BUILTINS.len() + segments;
            let i = pick % all;
            let id = if i < BUILTINS.len() {
                BUILTINS[i].to_string()
            } else {
                format!("s{}", i - BUILTINS.len())
            };
            m.insert("segment".into(), Value::String(id));
        }
        2 if groups > 0 => {
            m.insert("group".into(), Value::String(format!("g{}", pick % groups)));
        }
        _ => {}
    }
}

#[derive(Clone, Debug)]
struct OfferSpec {
    holder: (u8, usize),
    brackets: Vec<(u64, Option<Value>, bool)>,
    discount_enabled: bool,
    earn_points: bool,
    with_promo: bool,
    window: u8,
}

fn offer(digits: u32) -> impl Strategy<Value = OfferSpec> {
    (
        (0u8..3, any::<usize>()),
        prop::collection::vec(
            (
                0u64..20_000,
                prop::option::weighted(0.8, discount(digits)),
                any::<bool>(),
            ),
            0..4,
        ),
        prop::bool::weighted(0.85),
        prop::bool::weighted(0.85),
        any::<bool>(),
        0u8..6,
    )
        .prop_map(
            |(holder, brackets, discount_enabled, earn_points, with_promo, window)| OfferSpec {
                holder,
                brackets,
                discount_enabled,
                earn_points,
                with_promo,
                window,
            },
        )
}

fn window(m: &mut Map<String, Value>, w: u8) {
    match w {
        1 => {
            m.insert("validFrom".into(), json!("2026-01-01T00:00:00Z"));
            m.insert("validUntil".into(), json!("2026-12-31T23:59:59Z"));
        }
        2 => {
            m.insert("validUntil".into(), json!("2026-06-30T00:00:00+02:00"));
        }
        3 => {
            m.insert("validFrom".into(), json!("2026-11-22T10:00:00Z"));
        }
        _ => {}
    }
}

#[derive(Clone, Debug)]
struct RewardSpec {
    kind: u8,
    cost: u64,
    min: Option<u64>,
    amount: u64,
    percent: &'static str,
    product: &'static str,
    quantity: u32,
    buy: (bool, &'static str, &'static str, u32),
    get: (bool, &'static str, &'static str, u32, Option<&'static str>),
    max: Option<u32>,
}

fn reward() -> impl Strategy<Value = RewardSpec> {
    (
        (
            0u8..5,
            0u64..1500,
            prop::option::weighted(0.3, 0u64..20_000),
        ),
        (
            1u64..5_000,
            select(&PERCENTS[..]),
            select(&PRODUCTS[..]),
            1u32..4,
        ),
        (
            any::<bool>(),
            select(&PRODUCTS[..]),
            select(&CATEGORIES[..]),
            1u32..4,
        ),
        (
            any::<bool>(),
            select(&PRODUCTS[..]),
            select(&CATEGORIES[..]),
            1u32..3,
            prop::option::of(select(&PERCENTS[..])),
        ),
        prop::option::weighted(0.4, 1u32..4),
    )
        .prop_map(
            |((kind, cost, min), (amount, percent, product, quantity), buy, get, max)| RewardSpec {
                kind,
                cost,
                min,
                amount,
                percent,
                product,
                quantity,
                buy,
                get,
                max,
            },
        )
}

#[allow(clippy::type_complexity)]
fn price_rule() -> impl Strategy<Value = (u8, &'static str, &'static str, &'static str, u64)> {
    (
        0u8..4,
        select(&PRODUCTS[..]),
        select(&CATEGORIES[..]),
        select(&["-10", "-25", "5", "-33.3", "-99.5", "20"][..]),
        0u64..30_000,
    )
}

/// A valid program.
pub fn program() -> impl Strategy<Value = Prog> {
    (0usize..CURRENCIES.len()).prop_flat_map(|ci| {
        let (currency, digits) = CURRENCIES[ci];
        (
            (
                any::<bool>(),
                any::<bool>(),
                prop::collection::vec(rule(), 0..4),
                any::<u64>(),
                prop::collection::vec((any::<bool>(), prop::collection::vec(price_rule(), 0..3)), 0..3),
            ),
            prop::collection::vec(offer(digits), 0..4),
            (
                prop::option::weighted(
                    0.7,
                    (
                        prop::bool::weighted(0.9),
                        select(&["1", "0.5", "2", "10"][..]),
                        any::<bool>(),
                        subsequence(&CATEGORIES[..], 0..=1),
                        prop::collection::vec((0usize..8, select(&["2", "1.5"][..])), 0..2),
                    ),
                ),
                prop::option::of(any::<bool>()),
                prop::option::weighted(
                    0.4,
                    (
                        prop::bool::weighted(0.8),
                        prop::option::of(30u32..400),
                        prop::collection::vec((1u64..20_000, select(&PERCENTS[..])), 0..3),
                    ),
                ),
            ),
            prop::collection::vec(
                (
                    prop::option::weighted(0.8, discount(digits)),
                    any::<bool>(),
                    prop::option::weighted(0.4, 0u64..20_000),
                    prop::option::weighted(0.2, select(&BUILTINS[1..])),
                    0u8..5,
                ),
                0..3,
            ),
            prop::collection::vec(reward(), 0..5),
            prop::collection::vec(
                (
                    (0u8..3, any::<usize>()),
                    select(&PRODUCTS[..]),
                    prop::option::of(1u32..4),
                    prop::option::weighted(0.3, 0u64..10_000),
                    1u32..3,
                ),
                0..3,
            ),
        )
            .prop_map(
                move |(
                    (halfeven, stack, rules, mut pick, groups),
                    offers,
                    (points, personal, cumulative),
                    promos,
                    rewards,
                    gifts,
                )| {
                    let segments = rules.len();
                    // Bits of `pick` (before `fix_refs` draws on it) choose the extras below.
                    let extras = pick;
                    let mut p = Map::new();
                    p.insert("version".into(), json!(1));
                    p.insert("currency".into(), json!(currency));
                    if halfeven {
                        p.insert("rounding".into(), json!("halfEven"));
                    }
                    if stack {
                        p.insert("stacking".into(), json!({"customerDiscount": "stack"}));
                    }
                    let ngroups = groups.len();
                    let groups: Vec<Value> = groups
                        .into_iter()
                        .enumerate()
                        .map(|(i, (default, rules))| {
                            let mut catalogue = false;
                            let prices: Vec<Value> = rules
                                .into_iter()
                                .map(|(kind, prod, cat, pct, price)| match kind {
                                    0 => json!({"products": [prod], "percent": pct}),
                                    1 => json!({"categories": [cat], "percent": pct}),
                                    2 if !catalogue => {
                                        catalogue = true;
                                        json!({"percent": pct})
                                    }
                                    _ => json!({"products": [prod], "price": amount(scaled(price, digits), digits)}),
                                })
                                .collect();
                            json!({"id": format!("g{i}"), "default": default && i == 0, "prices": prices})
                        })
                        .collect();
                    p.insert("groups".into(), Value::Array(groups));
                    let segs: Vec<Value> = rules
                        .into_iter()
                        .enumerate()
                        .map(|(i, mut r)| {
                            fix_refs(&mut r, i, &mut pick);
                            json!({"id": format!("s{i}"), "rule": r})
                        })
                        .collect();
                    p.insert("segments".into(), Value::Array(segs));
                    let offers: Vec<Value> = offers
                        .into_iter()
                        .enumerate()
                        .map(|(i, o)| {
                            let mut m = Map::new();
                            m.insert("id".into(), json!(format!("o{i}")));
                            holder(&mut m, o.holder.0, o.holder.1, segments, ngroups);
                            if !o.earn_points {
                                m.insert("earnPoints".into(), json!(false));
                            }
                            let mut brackets = o.brackets;
                            if brackets.is_empty() && o.discount_enabled {
                                brackets.push((0, None, true));
                            }
                            if !o.discount_enabled {
                                m.insert("discountEnabled".into(), json!(false));
                            }
                            if o.with_promo {
                                m.insert("appliesWithPromoCode".into(), json!(true));
                            }
                            window(&mut m, o.window);
                            let mut min = 0u64;
                            let bs: Vec<Value> = brackets
                                .into_iter()
                                .enumerate()
                                .map(|(j, (step, d, free))| {
                                    if j > 0 {
                                        min += scaled(step, digits).max(1);
                                    } else {
                                        min = scaled(step, digits);
                                    }
                                    let mut b = Map::new();
                                    b.insert("minSubtotal".into(), json!(amount(min, digits)));
                                    let free = free || d.is_none();
                                    if let Some(d) = d {
                                        b.insert("discount".into(), d);
                                    }
                                    if free {
                                        b.insert("freeShipping".into(), json!(true));
                                    }
                                    Value::Object(b)
                                })
                                .collect();
                            m.insert("brackets".into(), Value::Array(bs));
                            Value::Object(m)
                        })
                        .collect();
                    p.insert("offers".into(), Value::Array(offers));
                    if let Some((enabled, per, before, exclude, mults)) = points {
                        let mults: Vec<Value> = mults
                            .into_iter()
                            .map(|(s, f)| {
                                let all = BUILTINS.len() + segments;
                                let i = s % all;
                                let id = if i < BUILTINS.len() {
                                    BUILTINS[i].to_string()
                                } else {
                                    format!("s{}", i - BUILTINS.len())
                                };
                                json!({"segment": id, "factor": f})
                            })
                            .collect();
                        p.insert(
                            "points".into(),
                            json!({"enabled": enabled, "pointsPerUnit": per,
                                "base": if before { "beforeDiscounts" } else { "afterDiscounts" },
                                "excludeCategories": exclude, "multipliers": mults}),
                        );
                    }
                    if let Some(enabled) = personal {
                        p.insert("personalDiscount".into(), json!({"enabled": enabled}));
                    }
                    if let Some((enabled, period, ranges)) = cumulative {
                        let mut from = 0u64;
                        let ranges: Vec<Value> = ranges
                            .into_iter()
                            .map(|(step, pct)| {
                                from += scaled(step, digits).max(1);
                                json!({"from": amount(from, digits), "percent": pct})
                            })
                            .collect();
                        let mut c = json!({"enabled": enabled, "ranges": ranges});
                        if let Some(d) = period {
                            c["periodDays"] = json!(d);
                        }
                        if extras & 4 != 0 {
                            let from = scaled((extras >> 8) % 20_000, digits).max(1);
                            let pct = PERCENTS[(extras >> 24) as usize % PERCENTS.len()];
                            c["segmentRanges"] = json!([{ "segment": "loyal",
                                "ranges": [{ "from": amount(from, digits), "percent": pct }] }]);
                        }
                        p.insert("cumulativeDiscount".into(), c);
                    }
                    if extras & 3 != 0 {
                        let check = ["none", "ean13", "luhn"][(extras & 3) as usize - 1];
                        p.insert("discountCards".into(), json!({ "check": check }));
                    }
                    let codes: Vec<String> = (0..promos.len()).map(|i| format!("CODE{i}")).collect();
                    let promos: Vec<Value> = promos
                        .into_iter()
                        .enumerate()
                        .map(|(i, (d, free, min, seg, w))| {
                            let mut m = Map::new();
                            m.insert("code".into(), json!(format!("CODE{i}")));
                            let free = free || d.is_none();
                            if let Some(d) = d {
                                m.insert("discount".into(), d);
                            }
                            if free {
                                m.insert("freeShipping".into(), json!(true));
                            }
                            if let Some(min) = min {
                                m.insert("minSubtotal".into(), json!(amount(scaled(min, digits), digits)));
                            }
                            if let Some(s) = seg {
                                m.insert("segments".into(), json!([s]));
                            }
                            window(&mut m, w);
                            Value::Object(m)
                        })
                        .collect();
                    p.insert("promoCodes".into(), Value::Array(promos));
                    let reward_ids: Vec<String> = (0..rewards.len()).map(|i| format!("r{i}")).collect();
                    let rewards: Vec<Value> = rewards
                        .into_iter()
                        .enumerate()
                        .map(|(i, r)| {
                            let mut m = Map::new();
                            m.insert("id".into(), json!(format!("r{i}")));
                            m.insert("pointsCost".into(), json!(r.cost));
                            if let Some(min) = r.min {
                                m.insert("minSubtotal".into(), json!(amount(scaled(min, digits), digits)));
                            }
                            let set = |on_product: bool, prod: &str, cat: &str, q: u32| {
                                if on_product {
                                    json!({"products": [prod], "quantity": q})
                                } else {
                                    json!({"categories": [cat], "quantity": q})
                                }
                            };
                            let kind = match r.kind {
                                0 => {
                                    m.insert("amount".into(), json!(amount(scaled(r.amount, digits).max(1), digits)));
                                    "voucher"
                                }
                                1 => {
                                    m.insert("percent".into(), json!(r.percent));
                                    "percentOff"
                                }
                                2 => "freeShipping",
                                3 => {
                                    m.insert("product".into(), json!(r.product));
                                    m.insert("quantity".into(), json!(r.quantity));
                                    "freeProduct"
                                }
                                _ => {
                                    m.insert("buy".into(), set(r.buy.0, r.buy.1, r.buy.2, r.buy.3));
                                    let mut get = set(r.get.0, r.get.1, r.get.2, r.get.3);
                                    if let Some(p) = r.get.4 {
                                        get["percent"] = json!(p);
                                    }
                                    m.insert("get".into(), get);
                                    if let Some(x) = r.max {
                                        m.insert("maxApplications".into(), json!(x));
                                    }
                                    "buyXGetY"
                                }
                            };
                            m.insert("type".into(), json!(kind));
                            Value::Object(m)
                        })
                        .collect();
                    p.insert("rewards".into(), Value::Array(rewards));
                    let gifts: Vec<Value> = gifts
                        .into_iter()
                        .enumerate()
                        .map(|(i, (h, prod, minq, mins, q))| {
                            let mut m = Map::new();
                            m.insert("id".into(), json!(format!("gift{i}")));
                            holder(&mut m, h.0, h.1, segments, ngroups);
                            let mut when = json!({"products": [prod]});
                            if let Some(n) = minq {
                                when["minQuantity"] = json!(n);
                            }
                            if let Some(s) = mins {
                                when["minSubtotal"] = json!(amount(scaled(s, digits), digits));
                            }
                            m.insert("when".into(), when);
                            m.insert("gift".into(), json!({"product": "present", "quantity": q}));
                            Value::Object(m)
                        })
                        .collect();
                    p.insert("gifts".into(), Value::Array(gifts));
                    Prog {
                        json: Value::Object(p),
                        currency,
                        digits,
                        segments,
                        groups: ngroups,
                        codes,
                        rewards: reward_ids,
                    }
                },
            )
    })
}

/// An RFC 3339 timestamp `days` days (and some hours) before 2026-11-22.
fn past(days: u32, hours: u32) -> String {
    let base = time::Date::from_calendar_date(2026, time::Month::November, 22).unwrap();
    let d = base - time::Duration::days(days as i64);
    format!(
        "{:04}-{:02}-{:02}T{:02}:00:00Z",
        d.year(),
        d.month() as u8,
        d.day(),
        hours % 24
    )
}

/// A cart line: (product, categories, unit price in hundredths, quantity).
pub type LineSpec = (&'static str, Vec<&'static str>, u64, u32);

pub fn lines() -> impl Strategy<Value = Vec<LineSpec>> {
    prop::collection::vec(
        (
            select(&PRODUCTS[..]),
            subsequence(&CATEGORIES[..], 0..=2),
            0u64..30_000,
            1u32..7,
        ),
        0..8,
    )
}

/// Builds the request's `lines` JSON.
pub fn lines_json(lines: &[LineSpec], digits: u32) -> Value {
    Value::Array(
        lines
            .iter()
            .enumerate()
            .map(|(i, (p, cats, price, q))| {
                json!({"id": format!("l{i}"), "productId": p, "categories": cats,
                    "unitPrice": amount(scaled(*price, digits), digits), "quantity": q})
            })
            .collect(),
    )
}

/// A valid request for `prog`.
pub fn request(prog: Prog) -> impl Strategy<Value = Case> {
    let customer = (
        (
            prop::bool::weighted(0.92),
            any::<bool>(),
            subsequence(&TAGS[..], 0..=3),
            prop::option::of(any::<usize>()),
            prop::option::weighted(0.3, select(&["0", "5", "12.5", "30"][..])),
            prop::option::weighted(0.2, select(&["0", "3", "10"][..])),
        ),
        (
            0u64..3000,
            prop::collection::vec(any::<usize>(), 0..2),
            prop::collection::vec(
                (
                    0u32..500,
                    0u32..24,
                    select(&["paid", "completed", "cancelled", "refunded", "pending"][..]),
                    0u64..40_000,
                    subsequence(&PRODUCTS[..], 0..=2),
                    prop::option::of(select(&["socolissimo", "DHL"][..])),
                ),
                0..7,
            ),
        ),
        (
            prop::option::weighted(0.5, select(&CARDS[..])),
            prop::option::of(select(&TIERS[..])),
        ),
    );
    (
        select(&NOWS[..]),
        prop::option::weighted(0.8, customer),
        lines(),
        prop::option::weighted(
            0.8,
            (
                prop::option::of(select(&["dhl", "ups", "socolissimo"][..])),
                0u64..2_000,
                prop::option::of(select(
                    &["Paris", " LYON", "Nice", "ZÜRICH", "ΘΕΣΣΑΛΟΝΊΚΗ", "θεσσαλονικη"][..],
                )),
            ),
        ),
        prop::collection::vec((any::<usize>(), 0u8..4), 0..3),
        prop::collection::vec(any::<usize>(), 0..4),
    )
        .prop_map(move |(now, customer, lines, shipping, codes, redeem)| {
            let d = prog.digits;
            let mut r = Map::new();
            r.insert("now".into(), json!(now));
            if let Some((
                (active, business, tags, group, personal, cumulative),
                (balance, granted, orders),
                (card, tier),
            )) = customer
            {
                let mut c = Map::new();
                c.insert("id".into(), json!("c1"));
                if !active {
                    c.insert("status".into(), json!("deactivated"));
                }
                if business {
                    c.insert("type".into(), json!("business"));
                }
                c.insert("tags".into(), json!(tags));
                if let Some(card) = card {
                    c.insert("discountCard".into(), json!(card));
                }
                if let Some(tier) = tier {
                    c.insert("attributes".into(), json!({ "tier": tier }));
                }
                if let (Some(g), true) = (group, prog.groups > 0) {
                    c.insert("group".into(), json!(format!("g{}", g % prog.groups)));
                }
                if let Some(p) = personal {
                    c.insert("personalDiscount".into(), json!(p));
                }
                if let Some(p) = cumulative {
                    c.insert("cumulativeDiscount".into(), json!(p));
                }
                c.insert("pointsBalance".into(), json!(balance));
                if !prog.rewards.is_empty() {
                    let g: Vec<&String> = granted
                        .iter()
                        .map(|i| &prog.rewards[i % prog.rewards.len()])
                        .collect();
                    c.insert("grantedRewards".into(), json!(g));
                }
                let orders: Vec<Value> = orders
                    .into_iter()
                    .enumerate()
                    .map(|(i, (days, hours, status, total, products, carrier))| {
                        let mut o = json!({"id": format!("o{i}"), "placedAt": past(days, hours),
                            "status": status, "total": amount(scaled(total, d), d), "products": products});
                        if let Some(c) = carrier {
                            o["carrier"] = json!(c);
                        }
                        o
                    })
                    .collect();
                c.insert("orders".into(), Value::Array(orders));
                r.insert("customer".into(), Value::Object(c));
            }
            let mut cart = Map::new();
            cart.insert("currency".into(), json!(prog.currency));
            cart.insert("lines".into(), lines_json(&lines, d));
            if let Some((carrier, cost, city)) = shipping {
                let mut s = json!({"cost": amount(scaled(cost, d), d)});
                if let Some(c) = carrier {
                    s["carrier"] = json!(c);
                }
                if let Some(c) = city {
                    s["address"] = json!({"city": c, "country": "FR"});
                }
                cart.insert("shipping".into(), s);
            }
            let codes: Vec<String> = codes
                .into_iter()
                .map(|(i, how)| {
                    if prog.codes.is_empty() || how == 0 {
                        "NOPE".to_string()
                    } else {
                        let code = &prog.codes[i % prog.codes.len()];
                        match how {
                            1 => code.to_lowercase(),
                            2 => format!(" {code} "),
                            _ => code.clone(),
                        }
                    }
                })
                .collect();
            cart.insert("promoCodes".into(), json!(codes));
            let redeem: Vec<String> = redeem
                .into_iter()
                .map(|i| {
                    if prog.rewards.is_empty() || i % 7 == 0 {
                        "ghost".to_string()
                    } else {
                        prog.rewards[i % prog.rewards.len()].clone()
                    }
                })
                .collect();
            cart.insert("redeem".into(), json!(redeem));
            r.insert("cart".into(), Value::Object(cart));
            Case {
                prog: prog.clone(),
                request: Value::Object(r),
            }
        })
}

/// A valid program with a valid request for it.
pub fn case() -> impl Strategy<Value = Case> {
    program().prop_flat_map(request)
}
