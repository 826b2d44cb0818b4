//! Every field of the condition language with every operator it allows, evaluated
//! through a one-rule segment; and every operator it does not allow, refused.

use std::collections::{BTreeMap, BTreeSet};

use checkout_benefits::{validate_program_json, Engine, ErrorCode};
use serde_json::{json, Value};

const NOW: &str = "2026-11-22T10:00:00Z";

const OPS: [&str; 15] = [
    "eq",
    "ne",
    "in",
    "notIn",
    "gt",
    "gte",
    "lt",
    "lte",
    "contains",
    "containsAny",
    "containsAll",
    "startsWith",
    "before",
    "after",
    "withinLastDays",
];

const FIELDS: [&str; 19] = [
    "customer.type",
    "customer.tags",
    "customer.registeredAt",
    "customer.hasDiscountCard",
    "customer.attributes.x",
    "orders.count",
    "orders.totalSpent",
    "orders.firstOrderAt",
    "orders.lastOrderAt",
    "orders.products",
    "orders.carriers",
    "cart.subtotal",
    "cart.quantity",
    "cart.products",
    "cart.categories",
    "shipping.carrier",
    "shipping.address.city",
    "shipping.address.postalCode",
    "shipping.address.country",
];

/// A customer with a rich history. Validated orders: o1 (2025-01-10, 100.00,
/// SoColissimo, truffle-oil) and o2 (2026-10-30, 50.00, UPS, wine-red); o3 is cancelled.
fn rich_customer() -> Value {
    json!({ "id": "c1", "status": "active", "type": "business",
        "registeredAt": "2025-06-01T00:00:00Z", "tags": ["vip", "wine-club"],
        "discountCard": "2900000012345",
        "attributes": { "vatNumber": "FR123", "score": 42, "rating": "7.5", "tier": "gold",
            "since": "2026-11-01T00:00:00Z", "langs": ["fr", "en"], "newsletter": true,
            "note": null },
        "orders": [
            { "id": "o1", "placedAt": "2025-01-10T09:00:00Z", "status": "completed", "total": "100.00",
              "carrier": "SoColissimo", "products": ["truffle-oil"] },
            { "id": "o2", "placedAt": "2026-10-30T12:00:00Z", "status": "paid", "total": "50.00",
              "carrier": "UPS", "products": ["wine-red"] },
            { "id": "o3", "placedAt": "2026-11-20T12:00:00Z", "status": "cancelled", "total": "500.00",
              "carrier": "dhl", "products": ["caviar"] } ] })
}

/// Subtotal 30.00, quantity 3, products cheese + wine-red, categories food/red/wine.
fn rich_cart() -> Value {
    json!({ "currency": "EUR",
        "lines": [
            { "id": "l1", "productId": "wine-red", "categories": ["wine", "red"], "unitPrice": "12.50", "quantity": 2 },
            { "id": "l2", "productId": "cheese", "categories": ["food"], "unitPrice": "5", "quantity": 1 } ],
        "shipping": { "carrier": " SoColissimo ", "cost": "4.90",
            "address": { "city": "Paris ", "postalCode": "75001", "country": "fr" } } })
}

/// A customer about whom nothing is known, and a cart without shipping.
fn bare_customer() -> Value {
    json!({ "id": "c2" })
}

fn bare_cart() -> Value {
    json!({ "currency": "EUR",
        "lines": [ { "id": "l1", "productId": "p", "unitPrice": "1", "quantity": 1 } ] })
}

fn program_with(rule: &Value) -> String {
    json!({ "version": 1, "currency": "EUR",
        "segments": [ { "id": "s", "rule": rule } ] })
    .to_string()
}

/// Whether the one-rule segment holds for `customer` and `cart`.
#[track_caller]
fn holds(rule: Value, customer: Value, cart: Value) -> bool {
    let engine = Engine::from_json(&program_with(&rule))
        .unwrap_or_else(|e| panic!("rule {rule} refused: {e}"));
    let text = engine
        .quote_json(&json!({ "now": NOW, "customer": customer, "cart": cart }).to_string())
        .unwrap_or_else(|e| panic!("request refused: {e}"));
    let q: Value = serde_json::from_str(&text).unwrap();
    q["customer"]["segments"]
        .as_array()
        .unwrap()
        .contains(&json!("s"))
}

/// One row of the table: the rule, and whether it holds for the rich subject.
#[track_caller]
fn check(field: &str, op: &str, value: Value, expected: bool) {
    check_rule(
        json!({ "field": field, "op": op, "value": value }),
        expected,
    );
}

/// Like [`check`] with the `withinLastDays` modifier.
#[track_caller]
fn check_within(field: &str, op: &str, value: Value, days: u32, expected: bool) {
    check_rule(
        json!({ "field": field, "op": op, "value": value, "withinLastDays": days }),
        expected,
    );
}

#[track_caller]
fn check_rule(rule: Value, expected: bool) {
    let got = holds(rule.clone(), rich_customer(), rich_cart());
    assert_eq!(got, expected, "rule {rule}");
    // `not` always gives the opposite answer.
    let negated = holds(json!({ "not": rule }), rich_customer(), rich_cart());
    assert_eq!(negated, !expected, "rule not {rule}");
}

/// A row about missing data: the bare subject.
#[track_caller]
fn check_missing(field: &str, op: &str, value: Value, expected: bool) {
    let rule = json!({ "field": field, "op": op, "value": value });
    let got = holds(rule.clone(), bare_customer(), bare_cart());
    assert_eq!(got, expected, "rule {rule} on missing data");
}

/// The operators the table exercises for each field.
fn table() -> Vec<(&'static str, &'static str, Value, Option<u32>, bool)> {
    let t = |f, o, v, e| (f, o, v, None, e);
    let w = |f, o, v, d, e| (f, o, v, Some(d), e);
    vec![
        // customer.type
        t("customer.type", "eq", json!("business"), true),
        t("customer.type", "eq", json!("individual"), false),
        t("customer.type", "ne", json!("individual"), true),
        t("customer.type", "ne", json!("business"), false),
        t(
            "customer.type",
            "in",
            json!(["individual", "business"]),
            true,
        ),
        t("customer.type", "in", json!(["individual"]), false),
        t("customer.type", "notIn", json!(["individual"]), true),
        t("customer.type", "notIn", json!(["business"]), false),
        // customer.tags (case-sensitive ids)
        t("customer.tags", "contains", json!("vip"), true),
        t("customer.tags", "contains", json!("VIP"), false),
        t(
            "customer.tags",
            "containsAny",
            json!(["x", "wine-club"]),
            true,
        ),
        t("customer.tags", "containsAny", json!(["x", "y"]), false),
        t(
            "customer.tags",
            "containsAll",
            json!(["vip", "wine-club"]),
            true,
        ),
        t("customer.tags", "containsAll", json!(["vip", "x"]), false),
        // customer.registeredAt = 2025-06-01T00:00Z
        t(
            "customer.registeredAt",
            "before",
            json!("2025-06-01T00:00:01Z"),
            true,
        ),
        t(
            "customer.registeredAt",
            "before",
            json!("2025-06-01T00:00:00Z"),
            false,
        ),
        t(
            "customer.registeredAt",
            "after",
            json!("2025-05-31T23:59:59Z"),
            true,
        ),
        t(
            "customer.registeredAt",
            "after",
            json!("2025-06-01T02:00:00+02:00"),
            false,
        ),
        t(
            "customer.registeredAt",
            "gt",
            json!("2025-05-31T00:00:00Z"),
            true,
        ),
        t(
            "customer.registeredAt",
            "gt",
            json!("2025-06-01T00:00:00Z"),
            false,
        ),
        t(
            "customer.registeredAt",
            "gte",
            json!("2025-06-01T02:00:00+02:00"),
            true,
        ),
        t(
            "customer.registeredAt",
            "gte",
            json!("2025-06-01T00:00:01Z"),
            false,
        ),
        t(
            "customer.registeredAt",
            "lt",
            json!("2025-06-01T00:00:01Z"),
            true,
        ),
        t(
            "customer.registeredAt",
            "lt",
            json!("2025-06-01T00:00:00Z"),
            false,
        ),
        t(
            "customer.registeredAt",
            "lte",
            json!("2025-06-01T00:00:00Z"),
            true,
        ),
        t(
            "customer.registeredAt",
            "lte",
            json!("2025-05-31T00:00:00Z"),
            false,
        ),
        // 539 days before now
        t("customer.registeredAt", "withinLastDays", json!(540), true),
        t("customer.registeredAt", "withinLastDays", json!(538), false),
        // customer.hasDiscountCard
        t("customer.hasDiscountCard", "eq", json!(true), true),
        t("customer.hasDiscountCard", "eq", json!(false), false),
        t("customer.hasDiscountCard", "ne", json!(false), true),
        t("customer.hasDiscountCard", "ne", json!(true), false),
        // customer.attributes.* (any operator; typed comparison)
        t("customer.attributes.vatNumber", "eq", json!("FR123"), true),
        t("customer.attributes.vatNumber", "eq", json!("fr123"), false),
        t("customer.attributes.score", "eq", json!(42), true),
        t("customer.attributes.score", "eq", json!(42.0), true),
        t("customer.attributes.score", "eq", json!("42"), false),
        t("customer.attributes.newsletter", "eq", json!(true), true),
        t("customer.attributes.note", "eq", json!(null), true),
        t("customer.attributes.vatNumber", "ne", json!("FR123"), false),
        t("customer.attributes.newsletter", "ne", json!(false), true),
        t(
            "customer.attributes.tier",
            "in",
            json!(["silver", "gold"]),
            true,
        ),
        t(
            "customer.attributes.tier",
            "in",
            json!(["silver", 1]),
            false,
        ),
        t("customer.attributes.tier", "notIn", json!(["silver"]), true),
        t("customer.attributes.tier", "notIn", json!(["gold"]), false),
        t("customer.attributes.score", "gt", json!(41), true),
        t("customer.attributes.score", "gt", json!("42"), false),
        t("customer.attributes.score", "gte", json!("42.00"), true),
        t("customer.attributes.rating", "gte", json!(7.5), true),
        t("customer.attributes.rating", "gt", json!(7.5), false),
        t("customer.attributes.score", "lt", json!(42.5), true),
        t("customer.attributes.score", "lt", json!(42), false),
        t("customer.attributes.score", "lte", json!(42), true),
        t("customer.attributes.tier", "lte", json!(42), false),
        t("customer.attributes.langs", "contains", json!("fr"), true),
        t("customer.attributes.langs", "contains", json!("de"), false),
        t(
            "customer.attributes.vatNumber",
            "contains",
            json!("R12"),
            true,
        ),
        t(
            "customer.attributes.langs",
            "containsAny",
            json!(["de", "en"]),
            true,
        ),
        t(
            "customer.attributes.langs",
            "containsAny",
            json!(["de", "it"]),
            false,
        ),
        t(
            "customer.attributes.langs",
            "containsAll",
            json!(["en", "fr"]),
            true,
        ),
        t(
            "customer.attributes.langs",
            "containsAll",
            json!(["fr", "de"]),
            false,
        ),
        t(
            "customer.attributes.vatNumber",
            "startsWith",
            json!("FR"),
            true,
        ),
        t(
            "customer.attributes.vatNumber",
            "startsWith",
            json!("fr"),
            false,
        ),
        t("customer.attributes.score", "startsWith", json!("4"), false),
        t(
            "customer.attributes.since",
            "before",
            json!("2026-11-02T00:00:00Z"),
            true,
        ),
        t(
            "customer.attributes.since",
            "before",
            json!("2026-11-01T00:00:00Z"),
            false,
        ),
        t(
            "customer.attributes.since",
            "after",
            json!("2026-10-31T00:00:00Z"),
            true,
        ),
        t(
            "customer.attributes.vatNumber",
            "after",
            json!("2020-01-01T00:00:00Z"),
            false,
        ),
        t(
            "customer.attributes.since",
            "withinLastDays",
            json!(30),
            true,
        ),
        t(
            "customer.attributes.since",
            "withinLastDays",
            json!(7),
            false,
        ),
        // orders.count: 2 validated (the cancelled o3 never counts)
        t("orders.count", "eq", json!(2), true),
        t("orders.count", "eq", json!(3), false),
        t("orders.count", "ne", json!(2), false),
        t("orders.count", "ne", json!("3"), true),
        t("orders.count", "in", json!([1, 2]), true),
        t("orders.count", "in", json!([3]), false),
        t("orders.count", "notIn", json!([0, 1]), true),
        t("orders.count", "notIn", json!([2]), false),
        t("orders.count", "gt", json!(1), true),
        t("orders.count", "gt", json!(2), false),
        t("orders.count", "gte", json!(2), true),
        t("orders.count", "gte", json!(3), false),
        t("orders.count", "lt", json!(3), true),
        t("orders.count", "lt", json!(2), false),
        t("orders.count", "lte", json!(2), true),
        t("orders.count", "lte", json!(1), false),
        // orders.count within the last 30 days (since 2026-10-23T10:00Z): o2 only
        w("orders.count", "eq", json!(1), 30, true),
        w("orders.count", "gte", json!(2), 30, false),
        w("orders.count", "eq", json!(2), 700, true),
        w("orders.count", "eq", json!(0), 20, true),
        // orders.totalSpent: 150.00
        t("orders.totalSpent", "eq", json!("150.00"), true),
        t("orders.totalSpent", "eq", json!(150), true),
        t("orders.totalSpent", "ne", json!("150"), false),
        t("orders.totalSpent", "in", json!(["100", 150]), true),
        t("orders.totalSpent", "notIn", json!(["150.0"]), false),
        t("orders.totalSpent", "gt", json!(149.99), true),
        t("orders.totalSpent", "gt", json!("150"), false),
        t("orders.totalSpent", "gte", json!("150"), true),
        t("orders.totalSpent", "lt", json!("150.01"), true),
        t("orders.totalSpent", "lt", json!(150), false),
        t("orders.totalSpent", "lte", json!(150), true),
        t("orders.totalSpent", "lte", json!("149.99"), false),
        w("orders.totalSpent", "eq", json!("50"), 30, true),
        w("orders.totalSpent", "gt", json!("50"), 30, false),
        // orders.firstOrderAt: 2025-01-10T09:00Z (within 30 days: 2026-10-30T12:00Z)
        t(
            "orders.firstOrderAt",
            "before",
            json!("2025-02-01T00:00:00Z"),
            true,
        ),
        t(
            "orders.firstOrderAt",
            "before",
            json!("2025-01-10T09:00:00Z"),
            false,
        ),
        t(
            "orders.firstOrderAt",
            "after",
            json!("2025-01-01T00:00:00Z"),
            true,
        ),
        t(
            "orders.firstOrderAt",
            "after",
            json!("2025-01-10T09:00:00Z"),
            false,
        ),
        t(
            "orders.firstOrderAt",
            "gt",
            json!("2025-01-10T08:59:59Z"),
            true,
        ),
        t(
            "orders.firstOrderAt",
            "gte",
            json!("2025-01-10T09:00:00Z"),
            true,
        ),
        t(
            "orders.firstOrderAt",
            "lt",
            json!("2025-01-10T09:00:00Z"),
            false,
        ),
        t(
            "orders.firstOrderAt",
            "lte",
            json!("2025-01-10T09:00:00Z"),
            true,
        ),
        t("orders.firstOrderAt", "withinLastDays", json!(30), false),
        t("orders.firstOrderAt", "withinLastDays", json!(700), true),
        w(
            "orders.firstOrderAt",
            "after",
            json!("2026-10-01T00:00:00Z"),
            30,
            true,
        ),
        w(
            "orders.firstOrderAt",
            "before",
            json!("2026-10-01T00:00:00Z"),
            30,
            false,
        ),
        // orders.lastOrderAt: 2026-10-30T12:00Z, 22 days and 22 hours ago
        t(
            "orders.lastOrderAt",
            "before",
            json!("2026-11-01T00:00:00Z"),
            true,
        ),
        t(
            "orders.lastOrderAt",
            "after",
            json!("2026-11-01T00:00:00Z"),
            false,
        ),
        t(
            "orders.lastOrderAt",
            "gt",
            json!("2026-10-30T12:00:00Z"),
            false,
        ),
        t(
            "orders.lastOrderAt",
            "gte",
            json!("2026-10-30T12:00:00Z"),
            true,
        ),
        t(
            "orders.lastOrderAt",
            "lt",
            json!("2026-10-30T12:00:01Z"),
            true,
        ),
        t(
            "orders.lastOrderAt",
            "lte",
            json!("2026-10-30T11:59:59Z"),
            false,
        ),
        t("orders.lastOrderAt", "withinLastDays", json!(23), true),
        t("orders.lastOrderAt", "withinLastDays", json!(22), false),
        // orders.products: truffle-oil and wine-red (caviar was cancelled)
        t("orders.products", "contains", json!("truffle-oil"), true),
        t("orders.products", "contains", json!("caviar"), false),
        t(
            "orders.products",
            "containsAny",
            json!(["caviar", "wine-red"]),
            true,
        ),
        t("orders.products", "containsAny", json!(["caviar"]), false),
        t(
            "orders.products",
            "containsAll",
            json!(["truffle-oil", "wine-red"]),
            true,
        ),
        t(
            "orders.products",
            "containsAll",
            json!(["truffle-oil", "caviar"]),
            false,
        ),
        w("orders.products", "contains", json!("wine-red"), 30, true),
        w(
            "orders.products",
            "contains",
            json!("truffle-oil"),
            30,
            false,
        ),
        w(
            "orders.products",
            "containsAll",
            json!(["truffle-oil", "wine-red"]),
            700,
            true,
        ),
        // orders.carriers: case- and space-insensitive
        t("orders.carriers", "contains", json!("socolissimo"), true),
        t("orders.carriers", "contains", json!(" SOCOLISSIMO "), true),
        t("orders.carriers", "contains", json!("dhl"), false),
        t(
            "orders.carriers",
            "containsAny",
            json!(["dhl", "ups"]),
            true,
        ),
        t(
            "orders.carriers",
            "containsAny",
            json!(["dhl", "fedex"]),
            false,
        ),
        t(
            "orders.carriers",
            "containsAll",
            json!(["UPS", "SoColissimo"]),
            true,
        ),
        t(
            "orders.carriers",
            "containsAll",
            json!(["ups", "dhl"]),
            false,
        ),
        w("orders.carriers", "contains", json!("ups"), 30, true),
        w(
            "orders.carriers",
            "contains",
            json!("socolissimo"),
            30,
            false,
        ),
        // cart.subtotal: 30.00
        t("cart.subtotal", "eq", json!("30"), true),
        t("cart.subtotal", "eq", json!(30.01), false),
        t("cart.subtotal", "ne", json!(30), false),
        t("cart.subtotal", "ne", json!(29), true),
        t("cart.subtotal", "in", json!([10, "30.00"]), true),
        t("cart.subtotal", "notIn", json!([30]), false),
        t("cart.subtotal", "gt", json!("29.99"), true),
        t("cart.subtotal", "gt", json!(30), false),
        t("cart.subtotal", "gte", json!(30), true),
        t("cart.subtotal", "gte", json!("30.01"), false),
        t("cart.subtotal", "lt", json!("30.01"), true),
        t("cart.subtotal", "lt", json!(30), false),
        t("cart.subtotal", "lte", json!(30), true),
        t("cart.subtotal", "lte", json!(29.99), false),
        // cart.quantity: 3
        t("cart.quantity", "eq", json!(3), true),
        t("cart.quantity", "ne", json!(3), false),
        t("cart.quantity", "in", json!([2, 3]), true),
        t("cart.quantity", "notIn", json!([1, 2]), true),
        t("cart.quantity", "gt", json!(3), false),
        t("cart.quantity", "gte", json!(3), true),
        t("cart.quantity", "lt", json!(4), true),
        t("cart.quantity", "lte", json!(2), false),
        // cart.products
        t("cart.products", "contains", json!("cheese"), true),
        t("cart.products", "contains", json!("truffle-oil"), false),
        t(
            "cart.products",
            "containsAny",
            json!(["x", "wine-red"]),
            true,
        ),
        t(
            "cart.products",
            "containsAll",
            json!(["cheese", "wine-red"]),
            true,
        ),
        t(
            "cart.products",
            "containsAll",
            json!(["cheese", "truffle-oil"]),
            false,
        ),
        // cart.categories
        t("cart.categories", "contains", json!("red"), true),
        t("cart.categories", "contains", json!("Red"), false),
        t("cart.categories", "containsAny", json!(["meat"]), false),
        t(
            "cart.categories",
            "containsAll",
            json!(["wine", "food"]),
            true,
        ),
        // shipping.carrier: " SoColissimo " (case- and space-insensitive)
        t("shipping.carrier", "eq", json!("socolissimo"), true),
        t("shipping.carrier", "eq", json!("SOCOLISSIMO  "), true),
        t("shipping.carrier", "eq", json!("ups"), false),
        t("shipping.carrier", "ne", json!("ups"), true),
        t("shipping.carrier", "ne", json!("SoColissimo"), false),
        t(
            "shipping.carrier",
            "in",
            json!(["UPS", " socolissimo"]),
            true,
        ),
        t("shipping.carrier", "in", json!(["ups"]), false),
        t("shipping.carrier", "notIn", json!(["ups", "dhl"]), true),
        t("shipping.carrier", "notIn", json!(["SOCOLISSIMO"]), false),
        t("shipping.carrier", "startsWith", json!("So"), true),
        t("shipping.carrier", "startsWith", json!("colissimo"), false),
        t("shipping.carrier", "contains", json!("COLI"), true),
        t("shipping.carrier", "contains", json!("ups"), false),
        // shipping.address.city: "Paris "
        t("shipping.address.city", "eq", json!("paris"), true),
        t("shipping.address.city", "eq", json!("Lyon"), false),
        t("shipping.address.city", "ne", json!("PARIS"), false),
        t(
            "shipping.address.city",
            "in",
            json!(["Lyon", " PARIS"]),
            true,
        ),
        t("shipping.address.city", "notIn", json!(["Lyon"]), true),
        t("shipping.address.city", "startsWith", json!("PA"), true),
        t("shipping.address.city", "contains", json!("ari"), true),
        // shipping.address.postalCode: "75001"
        t("shipping.address.postalCode", "eq", json!("75001"), true),
        t("shipping.address.postalCode", "ne", json!("75001"), false),
        t(
            "shipping.address.postalCode",
            "startsWith",
            json!("75"),
            true,
        ),
        t(
            "shipping.address.postalCode",
            "startsWith",
            json!("69"),
            false,
        ),
        t(
            "shipping.address.postalCode",
            "in",
            json!(["75001", "75002"]),
            true,
        ),
        t(
            "shipping.address.postalCode",
            "notIn",
            json!(["75001"]),
            false,
        ),
        t(
            "shipping.address.postalCode",
            "contains",
            json!("500"),
            true,
        ),
        // shipping.address.country: "fr"
        t("shipping.address.country", "eq", json!("FR"), true),
        t("shipping.address.country", "ne", json!("FR"), false),
        t("shipping.address.country", "in", json!(["BE", "FR"]), true),
        t("shipping.address.country", "notIn", json!(["FR"]), false),
        t("shipping.address.country", "startsWith", json!("F"), true),
        t("shipping.address.country", "contains", json!("r"), true),
        // The other side of each comparison above.
        t(
            "cart.categories",
            "containsAll",
            json!(["wine", "meat"]),
            false,
        ),
        t(
            "cart.categories",
            "containsAny",
            json!(["meat", "food"]),
            true,
        ),
        t("cart.products", "containsAny", json!(["x", "y"]), false),
        t("cart.quantity", "eq", json!(4), false),
        t("cart.quantity", "ne", json!(2), true),
        t("cart.quantity", "in", json!([1]), false),
        t("cart.quantity", "notIn", json!([3]), false),
        t("cart.quantity", "gt", json!(2), true),
        t("cart.quantity", "gte", json!(4), false),
        t("cart.quantity", "lt", json!(3), false),
        t("cart.quantity", "lte", json!(3), true),
        t("cart.subtotal", "in", json!([10]), false),
        t("cart.subtotal", "notIn", json!([10, "20"]), true),
        t("customer.attributes.score", "gte", json!(43), false),
        t(
            "orders.firstOrderAt",
            "gt",
            json!("2025-01-10T09:00:00Z"),
            false,
        ),
        t(
            "orders.firstOrderAt",
            "gte",
            json!("2025-01-10T09:00:01Z"),
            false,
        ),
        t(
            "orders.firstOrderAt",
            "lt",
            json!("2025-01-10T09:00:01Z"),
            true,
        ),
        t(
            "orders.firstOrderAt",
            "lte",
            json!("2025-01-10T08:59:59Z"),
            false,
        ),
        t(
            "orders.lastOrderAt",
            "after",
            json!("2026-10-30T11:00:00Z"),
            true,
        ),
        t(
            "orders.lastOrderAt",
            "before",
            json!("2026-10-30T12:00:00Z"),
            false,
        ),
        t(
            "orders.lastOrderAt",
            "gt",
            json!("2026-10-30T11:59:59Z"),
            true,
        ),
        t(
            "orders.lastOrderAt",
            "gte",
            json!("2026-10-30T12:00:01Z"),
            false,
        ),
        t(
            "orders.lastOrderAt",
            "lt",
            json!("2026-10-30T12:00:00Z"),
            false,
        ),
        t(
            "orders.lastOrderAt",
            "lte",
            json!("2026-10-30T12:00:00Z"),
            true,
        ),
        t("orders.totalSpent", "eq", json!(149), false),
        t("orders.totalSpent", "gte", json!("150.01"), false),
        t("orders.totalSpent", "in", json!([100, "149.99"]), false),
        t("orders.totalSpent", "ne", json!(100), true),
        t("orders.totalSpent", "notIn", json!([100]), true),
        t("shipping.address.city", "contains", json!("lyon"), false),
        t("shipping.address.city", "in", json!(["Lyon"]), false),
        t("shipping.address.city", "ne", json!("Lyon"), true),
        t("shipping.address.city", "notIn", json!(["paris"]), false),
        t("shipping.address.city", "startsWith", json!("ly"), false),
        t("shipping.address.country", "contains", json!("x"), false),
        t("shipping.address.country", "eq", json!("BE"), false),
        t("shipping.address.country", "in", json!(["BE"]), false),
        t("shipping.address.country", "ne", json!("BE"), true),
        t("shipping.address.country", "notIn", json!(["BE"]), true),
        t("shipping.address.country", "startsWith", json!("B"), false),
        t(
            "shipping.address.postalCode",
            "contains",
            json!("69"),
            false,
        ),
        t("shipping.address.postalCode", "eq", json!("75002"), false),
        t("shipping.address.postalCode", "in", json!(["69001"]), false),
        t("shipping.address.postalCode", "ne", json!("69001"), true),
        t(
            "shipping.address.postalCode",
            "notIn",
            json!(["69001"]),
            true,
        ),
    ]
}

#[test]
fn every_field_with_every_operator_it_allows() {
    for (field, op, value, days, expected) in table() {
        match days {
            None => check(field, op, value, expected),
            Some(d) => check_within(field, op, value, d, expected),
        }
    }
}

/// The field as the table writes it, with any attribute key folded into one name.
fn field_family(field: &str) -> &str {
    if field.starts_with("customer.attributes.") {
        "customer.attributes.x"
    } else {
        field
    }
}

#[test]
fn the_table_covers_every_field_and_operator_and_the_rest_are_refused() {
    let mut allowed: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut answers: BTreeMap<(&str, &str), BTreeSet<bool>> = BTreeMap::new();
    for (field, op, _, days, expected) in table() {
        allowed.entry(field_family(field)).or_default().insert(op);
        if days.is_none() {
            answers
                .entry((field_family(field), op))
                .or_default()
                .insert(expected);
        }
    }
    assert_eq!(
        allowed.keys().copied().collect::<BTreeSet<_>>(),
        FIELDS.iter().copied().collect::<BTreeSet<_>>(),
        "the table must cover every field"
    );
    for field in FIELDS {
        for op in OPS {
            let rule = json!({ "field": field, "op": op, "value": "x" });
            let problems = validate_program_json(&program_with(&rule));
            let op_refused = problems
                .iter()
                .any(|p| p.path == "segments[0].rule.op" && p.code == ErrorCode::InvalidProgram);
            assert_eq!(
                op_refused,
                !allowed[field].contains(op),
                "{field} {op}: {problems:?}"
            );
        }
    }
    // Each allowed (field, op) is seen both holding and not holding somewhere.
    let one_sided: Vec<String> = answers
        .iter()
        .filter(|(_, seen)| seen.len() != 2)
        .map(|((field, op), _)| format!("{field} {op}"))
        .collect();
    assert!(
        one_sided.is_empty(),
        "these need a true and a false row: {one_sided:?}"
    );
}

#[test]
fn missing_data_never_matches_a_positive_test() {
    // No shipping at all.
    for field in [
        "shipping.carrier",
        "shipping.address.city",
        "shipping.address.postalCode",
        "shipping.address.country",
    ] {
        check_missing(field, "eq", json!("x"), false);
        check_missing(field, "in", json!(["x"]), false);
        check_missing(field, "startsWith", json!("x"), false);
        check_missing(field, "contains", json!("x"), false);
        check_missing(field, "ne", json!("x"), true);
        check_missing(field, "notIn", json!(["x"]), true);
    }
    // No registeredAt.
    for op in ["before", "after", "gt", "gte", "lt", "lte"] {
        check_missing(
            "customer.registeredAt",
            op,
            json!("2026-01-01T00:00:00Z"),
            false,
        );
    }
    check_missing(
        "customer.registeredAt",
        "withinLastDays",
        json!(36600),
        false,
    );
    // No orders.
    check_missing("orders.count", "eq", json!(0), true);
    check_missing("orders.totalSpent", "eq", json!("0"), true);
    check_missing(
        "orders.firstOrderAt",
        "before",
        json!("2030-01-01T00:00:00Z"),
        false,
    );
    check_missing(
        "orders.lastOrderAt",
        "after",
        json!("2000-01-01T00:00:00Z"),
        false,
    );
    check_missing("orders.lastOrderAt", "withinLastDays", json!(36600), false);
    check_missing("orders.products", "containsAny", json!(["p"]), false);
    check_missing("orders.carriers", "contains", json!("ups"), false);
    // No card, no tags.
    check_missing("customer.hasDiscountCard", "eq", json!(false), true);
    check_missing("customer.tags", "containsAll", json!(["a"]), false);
    // A missing attribute is like null: never equal to a value, always "not equal".
    check_missing("customer.attributes.vatNumber", "eq", json!("FR1"), false);
    check_missing("customer.attributes.vatNumber", "eq", json!(null), true);
    check_missing("customer.attributes.vatNumber", "ne", json!("FR1"), true);
    check_missing("customer.attributes.vatNumber", "in", json!(["FR1"]), false);
    check_missing(
        "customer.attributes.vatNumber",
        "notIn",
        json!(["FR1"]),
        true,
    );
    check_missing("customer.attributes.score", "gt", json!(0), false);
    check_missing("customer.attributes.score", "lte", json!(0), false);
    check_missing("customer.attributes.langs", "contains", json!("fr"), false);
    check_missing(
        "customer.attributes.vatNumber",
        "startsWith",
        json!("F"),
        false,
    );
    check_missing(
        "customer.attributes.since",
        "before",
        json!("2030-01-01T00:00:00Z"),
        false,
    );
    check_missing(
        "customer.attributes.since",
        "withinLastDays",
        json!(30),
        false,
    );
}

#[test]
fn an_invalid_discount_card_is_no_card() {
    let mut c = rich_customer();
    c["discountCard"] = json!("12ab");
    let rule = json!({ "field": "customer.hasDiscountCard", "op": "eq", "value": true });
    assert!(!holds(rule.clone(), c, rich_cart()));
    assert!(holds(rule, rich_customer(), rich_cart()));
}

#[test]
fn within_last_days_zero_means_today_up_to_now() {
    let mut c = rich_customer();
    c["orders"][1]["placedAt"] = json!("2026-11-22T09:00:00Z");
    let rule = json!({ "field": "orders.lastOrderAt", "op": "withinLastDays", "value": 0 });
    // Zero days: only orders at `now` exactly.
    assert!(!holds(rule, c.clone(), rich_cart()));
    let rule = json!({ "field": "orders.lastOrderAt", "op": "withinLastDays", "value": 1 });
    assert!(holds(rule, c, rich_cart()));
}

#[test]
fn cart_sets_answer_alike_for_small_and_large_carts() {
    // Small carts are looked through line by line, larger ones through sets sorted once:
    // carts of 1 to 40 lines (products repeated every 7 lines, categories every 5, one
    // line of each cart in category "last") must give the answers of the plain model.
    for n in [1usize, 2, 7, 15, 16, 17, 18, 33, 40] {
        let lines: Vec<Value> = (0..n)
            .map(|i| {
                let mut categories = vec![json!(format!("c{}", i % 5))];
                if i + 1 == n {
                    categories.push(json!("last"));
                }
                json!({ "id": format!("l{i}"), "productId": format!("p{}", i % 7),
                    "categories": categories, "unitPrice": "1", "quantity": 1 })
            })
            .collect();
        let cart = json!({ "currency": "EUR", "lines": lines });
        let products: BTreeSet<String> = (0..n).map(|i| format!("p{}", i % 7)).collect();
        let mut categories: BTreeSet<String> = (0..n).map(|i| format!("c{}", i % 5)).collect();
        categories.insert("last".into());
        let asked = ["p0", "p6", "c0", "c4", "last", "P0", "p", "zz", ""];
        let subjects = (bare_customer(), cart);
        let about = format!("{n} lines");
        set_answers_as_the_model("cart.products", &products, &asked, &subjects, &about);
        set_answers_as_the_model("cart.categories", &categories, &asked, &subjects, &about);
    }
}

/// `contains` each asked text, and `containsAny` / `containsAll` each pair of
/// neighbours, on a set field, hold for `customer` and `cart` exactly as the model set
/// `held` says.
#[track_caller]
fn set_answers_as_the_model(
    field: &str,
    held: &BTreeSet<String>,
    asked: &[&str],
    (customer, cart): &(Value, Value),
    about: &str,
) {
    let answer = |op: &str, value: Value| {
        let rule = json!({ "field": field, "op": op, "value": value });
        holds(rule, customer.clone(), cart.clone())
    };
    for &a in asked {
        assert_eq!(
            answer("contains", json!(a)),
            held.contains(a),
            "{about}: {field} contains {a}"
        );
    }
    for pair in asked.windows(2) {
        let any = held.contains(pair[0]) || held.contains(pair[1]);
        let all = held.contains(pair[0]) && held.contains(pair[1]);
        for (op, expected) in [("containsAny", any), ("containsAll", all)] {
            assert_eq!(
                answer(op, json!(pair)),
                expected,
                "{about}: {field} {op} {pair:?}"
            );
        }
    }
}

#[test]
fn customer_tags_answer_alike_for_few_and_many() {
    // Up to 16 tags are looked through, more are searched: customers with 1 to 40 tags
    // (given unsorted, with a repeat) must give the answers of the plain model.
    for n in [1usize, 2, 15, 16, 17, 40] {
        let tags: Vec<String> = (0..n).rev().map(|i| format!("t{i:02}")).collect();
        let mut given = tags.clone();
        given.push(tags[0].clone());
        let customer = json!({ "id": "c", "tags": given });
        let held: BTreeSet<String> = tags.into_iter().collect();
        let asked = ["t00", "t01", "t15", "t16", "t39", "T00", "t0", "zz"];
        let subjects = (customer, bare_cart());
        set_answers_as_the_model(
            "customer.tags",
            &held,
            &asked,
            &subjects,
            &format!("{n} tags"),
        );
    }
}

#[test]
fn many_questions_about_a_large_cart_answer_as_few_do() {
    // A large cart is looked through for its first few questions, then sorted into sets:
    // a program of 40 segments, each asking about the cart's products or categories,
    // must put the customer in exactly the segments the plain model does, for carts on
    // both sides of the 16-line mark.
    for n in [10usize, 17, 60] {
        let lines: Vec<Value> = (0..n)
            .map(|i| {
                json!({ "id": format!("l{i}"), "productId": format!("p{}", i % 9),
                    "categories": [format!("c{}", i % 4), format!("d{}", i % 11)],
                    "unitPrice": "1", "quantity": 1 })
            })
            .collect();
        let products: BTreeSet<String> = (0..n).map(|i| format!("p{}", i % 9)).collect();
        let categories: BTreeSet<String> = (0..n)
            .flat_map(|i| [format!("c{}", i % 4), format!("d{}", i % 11)])
            .collect();
        let mut segments = Vec::new();
        let mut expected = Vec::new();
        for k in 0..40usize {
            let (field, set, asked) = if k % 2 == 0 {
                ("cart.products", &products, vec![format!("p{}", k % 13)])
            } else {
                (
                    "cart.categories",
                    &categories,
                    vec![format!("d{}", k % 13), format!("c{}", k % 5)],
                )
            };
            let op = ["contains", "containsAny", "containsAll"][k % 3];
            let holds = match op {
                "contains" => set.contains(&asked[0]),
                "containsAny" => asked.iter().any(|a| set.contains(a)),
                _ => asked.iter().all(|a| set.contains(a)),
            };
            let value = if op == "contains" {
                json!(asked[0])
            } else {
                json!(asked)
            };
            segments.push(json!({ "id": format!("s{k:02}"), "rule": { "field": field, "op": op, "value": value } }));
            if holds {
                expected.push(json!(format!("s{k:02}")));
            }
        }
        let program = json!({ "version": 1, "currency": "EUR", "segments": segments });
        let engine = Engine::from_json(&program.to_string()).expect("program");
        let request = json!({ "now": NOW, "customer": { "id": "c" },
            "cart": { "currency": "EUR", "lines": lines } });
        let quote: Value =
            serde_json::from_str(&engine.quote_json(&request.to_string()).expect("quote")).unwrap();
        // The program's own segments (built-in ones such as "potential" left aside).
        let mut got: Vec<Value> = quote["customer"]["segments"]
            .as_array()
            .expect("segments")
            .iter()
            .filter(|s| s.as_str().is_some_and(|s| s.starts_with('s')))
            .cloned()
            .collect();
        got.sort_by_key(|s| s.to_string());
        assert!(
            expected.len() > 5 && expected.len() < 35,
            "{n} lines: a mix of answers"
        );
        assert_eq!(got, expected, "{n} lines");
    }
}
