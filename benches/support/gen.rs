//! Deterministic benchmark inputs, shared by the criterion benches and
//! `examples/bench_inputs.rs` (which writes them as JSON for the Node benches), so
//! every surface measures exactly the same programs and requests.

#![allow(dead_code)]

use serde_json::{json, Value};

/// The size of a generated program and request.
#[derive(Clone, Copy, Debug)]
pub struct Shape {
    pub lines: usize,
    pub orders: usize,
    pub segments: usize,
    pub offers: usize,
}

/// 10 lines, 20 orders, 20 segments, 10 offers of 4 brackets.
pub const TYPICAL: Shape = Shape {
    lines: 10,
    orders: 20,
    segments: 20,
    offers: 10,
};

/// 200 lines, 500 orders, 200 segments, 50 offers of 4 brackets.
pub const LARGE: Shape = Shape {
    lines: 200,
    orders: 500,
    segments: 200,
    offers: 50,
};

/// Cart sizes of the quote-time-against-lines series (typical program and customer).
pub const LINE_SERIES: [usize; 7] = [1, 10, 50, 100, 200, 500, 1000];

pub const NOW: &str = "2026-11-22T10:00:00Z";
const CATEGORIES: usize = 8;
const PRODUCTS: usize = 40;

/// A small linear congruential generator: the same numbers on every platform.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn cents(c: u64) -> String {
    format!("{}.{:02}", c / 100, c % 100)
}

/// `a` for segments 0-9, 20-29…, `b` for 10-19, 30-39…
fn pick(i: usize, a: &'static str, b: &'static str) -> &'static str {
    if (i / 10).is_multiple_of(2) {
        a
    } else {
        b
    }
}

/// The segment rule of custom segment `i`: ten kinds of rules, in rotation.
fn segment_rule(i: usize) -> Value {
    match i % 10 {
        0 => {
            json!({ "field": "customer.tags", "op": "contains", "value": format!("tag{}", i % 7) })
        }
        1 => json!({ "all": [
            { "field": "orders.count", "op": "gte", "value": i % 5 + 1 },
            { "field": "shipping.carrier", "op": "eq", "value": pick(i, "ups", "dhl") } ] }),
        2 => json!({ "field": "orders.totalSpent", "op": "gte", "value": (i * 400).to_string() }),
        3 => {
            json!({ "field": "orders.products", "op": "contains", "value": format!("p{}", (i * 13) % (PRODUCTS + 20)) })
        }
        4 => json!({ "any": [
            { "field": "cart.categories", "op": "containsAny",
              "value": [format!("cat{}", i % CATEGORIES), format!("cat{}", (i + 3) % CATEGORIES)] },
            { "field": "customer.type", "op": "eq", "value": "business" } ] }),
        5 => json!({ "field": "orders.count", "op": "gte", "value": 2, "withinLastDays": 90 + i }),
        6 => json!({ "field": "cart.subtotal", "op": "gte", "value": (i * 10).to_string() }),
        7 => json!({ "all": [
            { "field": "shipping.address.country", "op": "eq", "value": pick(i, "FR", "DE") },
            { "not": { "field": "customer.tags", "op": "contains", "value": "vip" } } ] }),
        8 => {
            json!({ "field": "customer.attributes.tier", "op": "in", "value": [pick(i, "gold", "platinum"), "silver"] })
        }
        _ => json!({ "all": [
            { "field": "cart.quantity", "op": "gte", "value": i % 4 + 1 },
            { "field": "orders.carriers", "op": "contains", "value": "ups" } ] }),
    }
}

/// The program: `segments` custom segments, `offers` offers of 4 brackets, points with
/// multipliers, a cumulative discount with segment ranges, 5 rewards, 3 promo codes.
pub fn program(shape: Shape) -> Value {
    let segments: Vec<Value> = (0..shape.segments)
        .map(|i| json!({ "id": format!("seg{i}"), "name": format!("Segment {i}"), "rule": segment_rule(i) }))
        .collect();
    let offers: Vec<Value> = (0..shape.offers)
        .map(|j| {
            let seg = (j * 7 + 1) % shape.segments;
            let base = 20 + (j as u64 % 9) * 5;
            let p = j % 4;
            json!({
                "id": format!("offer{j}"),
                "name": format!("Offer {j}"),
                "segment": format!("seg{seg}"),
                "appliesWithPromoCode": j.is_multiple_of(2),
                "brackets": [
                    { "minSubtotal": base.to_string(), "discount": { "amount": (3 + j % 5).to_string() } },
                    { "minSubtotal": (base * 3).to_string(), "discount": { "percent": (5 + p).to_string() } },
                    { "minSubtotal": (base * 8).to_string(), "discount": { "percent": (10 + p).to_string() }, "freeShipping": true },
                    { "minSubtotal": (base * 20).to_string(), "discount": { "percent": (15 + p).to_string() }, "freeShipping": true }
                ]
            })
        })
        .collect();
    json!({
        "version": 1,
        "currency": "EUR",
        "rounding": "halfUp",
        "segments": segments,
        "offers": offers,
        "points": {
            "enabled": true,
            "pointsPerUnit": "1",
            "excludeCategories": ["cat7"],
            "multipliers": [ { "segment": "seg0", "factor": "2" }, { "segment": "loyal", "factor": "1.5" } ]
        },
        "cumulativeDiscount": {
            "enabled": true,
            "periodDays": 365,
            "ranges": [ { "from": "100", "percent": "1" }, { "from": "1000", "percent": "2" }, { "from": "5000", "percent": "3" } ],
            "segmentRanges": [ { "segment": "seg2", "ranges": [ { "from": "2000", "percent": "4" } ] } ]
        },
        "rewards": [
            { "id": "r-voucher", "type": "voucher", "pointsCost": 100, "amount": "5" },
            { "id": "r-percent", "type": "percentOff", "pointsCost": 300, "percent": "10", "minSubtotal": "50" },
            { "id": "r-ship", "type": "freeShipping", "pointsCost": 200 },
            { "id": "r-free", "type": "freeProduct", "pointsCost": 400, "product": "p0", "quantity": 1 },
            { "id": "r-bxgy", "type": "buyXGetY", "pointsCost": 500,
              "buy": { "categories": ["cat1"], "quantity": 2 },
              "get": { "categories": ["cat1"], "quantity": 1, "percent": "50" }, "maxApplications": 3 }
        ],
        "promoCodes": [
            { "code": "WELCOME10", "discount": { "percent": "10" }, "minSubtotal": "30" },
            { "code": "SHIPFREE", "freeShipping": true },
            { "code": "SUMMER5", "discount": { "amount": "5" }, "validUntil": "2026-09-01T00:00:00Z" }
        ]
    })
}

/// The customer: `orders` past orders over two years (one in ten cancelled).
pub fn customer(orders: usize) -> Value {
    let mut rng = Lcg(0x5eed_0000 + orders as u64);
    let now_days: u64 = 730; // orders placed within the last two years
    let orders: Vec<Value> = (0..orders)
        .map(|k| {
            let days_ago = 1 + rng.below(now_days);
            let secs = 1_795_341_600u64 - days_ago * 86_400; // 2026-11-22T10:00:00Z minus days
            let placed = format_unix(secs);
            let products: Vec<String> = (0..3)
                .map(|_| format!("p{}", rng.below(PRODUCTS as u64)))
                .collect();
            json!({
                "id": format!("o{k}"),
                "placedAt": placed,
                "status": if k % 10 == 9 { "cancelled" } else if k.is_multiple_of(2) { "completed" } else { "paid" },
                "total": cents(1_000 + rng.below(20_000)),
                "carrier": if k % 3 == 0 { "colissimo" } else { "ups" },
                "products": products
            })
        })
        .collect();
    json!({
        "id": "c-bench",
        "status": "active",
        "type": "individual",
        "registeredAt": "2023-01-15T09:00:00Z",
        "tags": ["tag0", "tag3", "newsletter"],
        "attributes": { "tier": "gold" },
        "cumulativeDiscount": "1",
        "pointsBalance": 5000,
        "grantedRewards": ["r-ship"],
        "orders": orders
    })
}

/// The cart: `lines` lines over 40 products and 8 categories.
pub fn cart(lines: usize) -> Value {
    let mut rng = Lcg(0xca27_0000 + lines as u64);
    let lines: Vec<Value> = (0..lines)
        .map(|i| {
            let product = if i < PRODUCTS {
                i
            } else {
                rng.below(PRODUCTS as u64) as usize
            };
            json!({
                "id": format!("l{i}"),
                "productId": format!("p{product}"),
                "categories": [format!("cat{}", product % CATEGORIES)],
                "unitPrice": cents(199 + rng.below(9_800)),
                "quantity": 1 + rng.below(3)
            })
        })
        .collect();
    json!({
        "currency": "EUR",
        "lines": lines,
        "shipping": { "carrier": "UPS", "method": "home", "cost": "4.90",
                      "address": { "city": "Paris", "postalCode": "75001", "country": "FR" } },
        "promoCodes": ["SUMMER5"],
        "redeem": ["r-voucher", "r-ship", "r-bxgy"]
    })
}

/// The request `{ now, customer, cart }`.
pub fn request(shape: Shape) -> Value {
    json!({ "now": NOW, "customer": customer(shape.orders), "cart": cart(shape.lines) })
}

/// `v` (a program or a request) with ids as stores send them: products
/// `gid://shopify/Product/7000000013` for `p13`, and cart lines
/// `3f2a9c1e-5b7d-4e8a-9c0b-000000000003` for `l3`. The generated ids are a few bytes;
/// these are past what a string holds inline (12 bytes in Wasm, 24 natively).
pub fn with_store_ids(v: &mut Value) {
    let number = |s: &str, prefix: char| {
        s.strip_prefix(prefix)
            .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|n| n.parse::<u64>().ok())
    };
    match v {
        Value::String(s) => {
            if let Some(n) = number(s, 'p') {
                *s = format!("gid://shopify/Product/{}", 7_000_000_000 + n);
            } else if let Some(n) = number(s, 'l') {
                *s = format!("3f2a9c1e-5b7d-4e8a-9c0b-{n:012}");
            }
        }
        Value::Array(items) => items.iter_mut().for_each(with_store_ids),
        Value::Object(fields) => fields.values_mut().for_each(with_store_ids),
        _ => {}
    }
}

/// RFC 3339 in UTC for a Unix time (days from the civil calendar algorithm).
fn format_unix(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let mut y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    if m <= 2 {
        y += 1;
    }
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}
