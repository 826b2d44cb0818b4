//! Segment membership: the five built-ins at their boundaries, custom segments with the
//! whole condition language, and the seed examples.

use checkout_benefits::Engine;
use serde_json::{json, Value};

const NOW: &str = "2026-11-22T10:00:00Z";

fn engine(program: Value) -> Engine {
    Engine::from_json(&program.to_string()).unwrap_or_else(|e| panic!("program refused: {e}"))
}

fn base_program() -> Value {
    json!({ "version": 1, "currency": "EUR" })
}

fn cart() -> Value {
    json!({ "currency": "EUR",
        "lines": [ { "id": "l1", "productId": "p1", "categories": ["wine"], "unitPrice": "20.00", "quantity": 1 } ],
        "shipping": { "carrier": "socolissimo", "cost": "4.90",
            "address": { "city": "Paris", "postalCode": "75001", "country": "FR" } } })
}

fn order(id: &str, placed_at: &str, status: &str) -> Value {
    json!({ "id": id, "placedAt": placed_at, "status": status, "total": "50.00" })
}

fn customer_with(orders: Vec<Value>) -> Value {
    json!({ "id": "c1", "status": "active", "orders": orders })
}

#[track_caller]
fn quote(engine: &Engine, request: Value) -> Value {
    let text = engine
        .quote_json(&request.to_string())
        .unwrap_or_else(|e| panic!("request refused: {e}"));
    serde_json::from_str(&text).unwrap()
}

#[track_caller]
fn segments_at(engine: &Engine, now: &str, customer: Value, cart: Value) -> Vec<String> {
    let q = quote(
        engine,
        json!({ "now": now, "customer": customer, "cart": cart }),
    );
    q["customer"]["segments"]
        .as_array()
        .unwrap_or_else(|| panic!("no segments in {q}"))
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

#[track_caller]
fn assert_segments(engine: &Engine, now: &str, customer: Value, expected: &[&str]) {
    let got = segments_at(engine, now, customer, cart());
    assert_eq!(got, expected);
}

// ---------------------------------------------------------------- built-ins

#[test]
fn potential_means_zero_validated_orders() {
    let e = engine(base_program());
    assert_segments(&e, NOW, customer_with(vec![]), &["potential"]);
    // Orders that are not validated leave the customer potential.
    assert_segments(
        &e,
        NOW,
        customer_with(vec![
            order("o1", "2026-11-01T10:00:00Z", "cancelled"),
            order("o2", "2026-11-02T10:00:00Z", "refunded"),
            order("o3", "2026-11-03T10:00:00Z", "pending"),
        ]),
        &["potential"],
    );
}

#[test]
fn recent_first_order_29_days_ago_vs_31_days_ago() {
    let e = engine(base_program());
    assert_segments(
        &e,
        NOW,
        customer_with(vec![order("o1", "2026-10-24T10:00:00Z", "paid")]),
        &["recentFirstOrder", "customers"],
    );
    assert_segments(
        &e,
        NOW,
        customer_with(vec![order("o1", "2026-10-22T10:00:00Z", "paid")]),
        &["customers"],
    );
}

#[test]
fn recent_first_order_boundary_is_exactly_one_calendar_month() {
    let e = engine(base_program());
    // 2026-11-22T10:00Z: the window is strictly after 2026-10-22T10:00Z.
    for (placed, recent) in [
        ("2026-10-22T10:00:00Z", false),
        ("2026-10-22T10:00:01Z", true),
        ("2026-10-22T09:59:59Z", false),
        ("2026-10-22T12:00:01+02:00", true),
        ("2026-10-22T12:00:00+02:00", false),
        ("2026-11-22T09:59:59Z", true),
    ] {
        let got = segments_at(
            &e,
            NOW,
            customer_with(vec![order("o1", placed, "completed")]),
            cart(),
        );
        assert_eq!(
            got.contains(&"recentFirstOrder".to_string()),
            recent,
            "order at {placed}: {got:?}"
        );
        assert!(got.contains(&"customers".to_string()));
    }
}

#[test]
fn recent_first_order_clamps_the_day_to_the_month_end() {
    let e = engine(base_program());
    for (now, placed, recent) in [
        // 31 March: one month back is 28 February (2026 is not a leap year).
        ("2026-03-31T08:00:00Z", "2026-02-28T08:00:00Z", false),
        ("2026-03-31T08:00:00Z", "2026-02-28T08:00:01Z", true),
        // 30 days would exclude this one; a calendar month includes it.
        ("2026-03-31T08:00:00Z", "2026-02-28T09:00:00Z", true),
        ("2026-03-31T08:00:00Z", "2026-02-27T23:59:59Z", false),
        // Leap year: 29 February.
        ("2028-03-31T08:00:00Z", "2028-02-29T08:00:00Z", false),
        ("2028-03-31T08:00:00Z", "2028-02-29T08:00:01Z", true),
        ("2028-03-31T08:00:00Z", "2028-02-28T23:00:00Z", false),
        // 31 May → 30 April.
        ("2026-05-31T23:59:59Z", "2026-04-30T23:59:59Z", false),
        ("2026-05-31T23:59:59Z", "2026-05-01T00:00:00Z", true),
        // Across the year: 15 January → 15 December.
        ("2026-01-15T00:00:00Z", "2025-12-15T00:00:00Z", false),
        ("2026-01-15T00:00:00Z", "2025-12-15T00:00:01Z", true),
    ] {
        let got = segments_at(
            &e,
            now,
            customer_with(vec![order("o1", placed, "paid")]),
            cart(),
        );
        assert_eq!(
            got.contains(&"recentFirstOrder".to_string()),
            recent,
            "now {now}, order at {placed}: {got:?}"
        );
    }
}

#[test]
fn recent_first_order_needs_exactly_one_validated_order() {
    let e = engine(base_program());
    // Two recent orders: loyal, not a recent first order.
    assert_segments(
        &e,
        NOW,
        customer_with(vec![
            order("o1", "2026-11-10T10:00:00Z", "paid"),
            order("o2", "2026-11-20T10:00:00Z", "paid"),
        ]),
        &["customers", "loyal"],
    );
    // One recent validated order plus a cancelled one: still the first order.
    assert_segments(
        &e,
        NOW,
        customer_with(vec![
            order("o1", "2026-11-10T10:00:00Z", "cancelled"),
            order("o2", "2026-11-20T10:00:00Z", "paid"),
        ]),
        &["recentFirstOrder", "customers"],
    );
}

#[test]
fn loyal_needs_two_validated_orders() {
    let e = engine(base_program());
    assert_segments(
        &e,
        NOW,
        customer_with(vec![order("o1", "2025-01-01T10:00:00Z", "completed")]),
        &["customers"],
    );
    assert_segments(
        &e,
        NOW,
        customer_with(vec![
            order("o1", "2025-01-01T10:00:00Z", "completed"),
            order("o2", "2025-02-01T10:00:00Z", "refunded"),
        ]),
        &["customers"],
    );
    assert_segments(
        &e,
        NOW,
        customer_with(vec![
            order("o1", "2025-01-01T10:00:00Z", "completed"),
            order("o2", "2025-02-01T10:00:00Z", "paid"),
        ]),
        &["customers", "loyal"],
    );
}

#[test]
fn one_cancelled_order_among_five_is_not_counted() {
    let program = json!({ "version": 1, "currency": "EUR", "segments": [
        { "id": "five", "rule": { "field": "orders.count", "op": "gte", "value": 5 } },
        { "id": "four", "rule": { "field": "orders.count", "op": "eq", "value": 4 } },
        { "id": "spent200", "rule": { "field": "orders.totalSpent", "op": "eq", "value": "200" } } ] });
    let e = engine(program);
    let orders = vec![
        order("o1", "2026-01-01T10:00:00Z", "completed"),
        order("o2", "2026-02-01T10:00:00Z", "completed"),
        order("o3", "2026-03-01T10:00:00Z", "cancelled"),
        order("o4", "2026-04-01T10:00:00Z", "paid"),
        order("o5", "2026-05-01T10:00:00Z", "completed"),
    ];
    assert_segments(
        &e,
        NOW,
        customer_with(orders),
        &["customers", "loyal", "four", "spent200"],
    );
}

#[test]
fn refunded_never_counts_even_when_it_was_a_big_order() {
    let e = engine(json!({ "version": 1, "currency": "EUR", "segments": [
        { "id": "spender", "rule": { "field": "orders.totalSpent", "op": "gt", "value": 100 } } ] }));
    let mut big = order("o1", "2026-01-01T10:00:00Z", "refunded");
    big["total"] = json!("999.00");
    assert_segments(&e, NOW, customer_with(vec![big]), &["potential"]);
}

#[test]
fn custom_validated_order_statuses() {
    let e = engine(json!({ "version": 1, "currency": "EUR",
        "validatedOrderStatuses": ["shipped", "delivered"] }));
    // "completed" is not validated by this program.
    assert_segments(
        &e,
        NOW,
        customer_with(vec![order("o1", "2025-01-01T10:00:00Z", "completed")]),
        &["potential"],
    );
    assert_segments(
        &e,
        NOW,
        customer_with(vec![
            order("o1", "2025-01-01T10:00:00Z", "shipped"),
            order("o2", "2025-01-02T10:00:00Z", "delivered"),
            order("o3", "2025-01-03T10:00:00Z", "paid"),
        ]),
        &["customers", "loyal"],
    );
}

#[test]
fn deactivated_is_in_no_other_segment() {
    let e = engine(json!({ "version": 1, "currency": "EUR", "segments": [
        { "id": "everyone", "rule": { "not": { "field": "customer.tags", "op": "contains", "value": "nobody" } } },
        { "id": "tagged", "rule": { "field": "customer.tags", "op": "contains", "value": "vip" } } ] }));
    let mut c = customer_with(vec![
        order("o1", "2026-11-01T10:00:00Z", "paid"),
        order("o2", "2026-11-02T10:00:00Z", "paid"),
    ]);
    c["status"] = json!("deactivated");
    c["tags"] = json!(["vip"]);
    assert_segments(&e, NOW, c.clone(), &["deactivated"]);
    // The same customer active is in every one of them.
    c["status"] = json!("active");
    assert_segments(&e, NOW, c, &["customers", "loyal", "everyone", "tagged"]);
    // Deactivated with no orders is not potential either.
    let mut d = customer_with(vec![]);
    d["status"] = json!("deactivated");
    assert_segments(&e, NOW, d, &["deactivated"]);
}

#[test]
fn a_guest_is_in_no_segment_and_gets_no_segment_offer() {
    let e = engine(json!({ "version": 1, "currency": "EUR",
        "segments": [ { "id": "everyone", "rule": { "not": { "segment": "deactivated" } } } ],
        "offers": [
            { "id": "pot", "segment": "potential", "brackets": [ { "minSubtotal": "0", "freeShipping": true } ] },
            { "id": "ev", "segment": "everyone", "brackets": [ { "minSubtotal": "0", "discount": { "percent": "50" } } ] } ] }));
    let q = quote(&e, json!({ "now": NOW, "cart": cart() }));
    assert_eq!(q["customer"], Value::Null);
    assert_eq!(q["offer"], Value::Null);
    assert_eq!(q["totals"]["discount"], "0.00");
    assert_eq!(q["shipping"]["free"], false);
    let q = quote(&e, json!({ "now": NOW, "customer": null, "cart": cart() }));
    assert_eq!(q["customer"], Value::Null);
    for t in q["trace"].as_array().unwrap() {
        if t["rule"].as_str().unwrap().starts_with("offer:") {
            assert_eq!(t["outcome"], "skipped");
            assert!(t["reason"].as_str().unwrap().contains("guest"), "{t}");
        }
    }
    // The same cart for a registered potential customer gets both.
    let q = quote(
        &e,
        json!({ "now": NOW, "customer": customer_with(vec![]), "cart": cart() }),
    );
    assert_eq!(q["customer"]["segments"], json!(["potential", "everyone"]));
    assert_eq!(q["offer"]["id"], "ev");
}

// ---------------------------------------------------------------- custom segments

fn custom_program() -> Value {
    json!({ "version": 1, "currency": "EUR",
        "groups": [ { "id": "standard", "default": true }, { "id": "wholesale" } ],
        "segments": [
            // Refers forward to a segment defined later.
            { "id": "vip-loyal", "rule": { "all": [ { "segment": "vip" }, { "segment": "loyal" } ] } },
            { "id": "vip", "rule": { "field": "customer.tags", "op": "contains", "value": "vip" } },
            { "id": "vip-or-business", "rule": { "any": [
                { "segment": "vip" }, { "field": "customer.type", "op": "eq", "value": "business" } ] } },
            { "id": "not-vip", "rule": { "not": { "segment": "vip" } } },
            { "id": "wholesale", "rule": { "group": "wholesale" } },
            { "id": "standard", "rule": { "group": "standard" } },
            { "id": "nested", "rule": { "all": [
                { "any": [ { "segment": "potential" }, { "not": { "segment": "customers" } } ] },
                { "not": { "any": [ { "group": "wholesale" }, { "segment": "vip" } ] } } ] } }
        ] })
}

#[test]
fn all_any_not_and_references() {
    let e = engine(custom_program());
    let mut c = customer_with(vec![]);
    assert_segments(
        &e,
        NOW,
        c.clone(),
        &["potential", "not-vip", "standard", "nested"],
    );

    c["tags"] = json!(["vip"]);
    assert_segments(
        &e,
        NOW,
        c.clone(),
        &["potential", "vip", "vip-or-business", "standard"],
    );

    c["orders"] = json!([
        order("o1", "2025-01-01T10:00:00Z", "paid"),
        order("o2", "2025-02-01T10:00:00Z", "paid")
    ]);
    assert_segments(
        &e,
        NOW,
        c.clone(),
        &[
            "customers",
            "loyal",
            "vip-loyal",
            "vip",
            "vip-or-business",
            "standard",
        ],
    );

    let mut b = customer_with(vec![]);
    b["type"] = json!("business");
    b["group"] = json!("wholesale");
    assert_segments(
        &e,
        NOW,
        b,
        &["potential", "vip-or-business", "not-vip", "wholesale"],
    );
}

#[test]
fn a_customer_without_a_group_is_in_the_default_group() {
    let e = engine(custom_program());
    let q = quote(
        &e,
        json!({ "now": NOW, "customer": customer_with(vec![]), "cart": cart() }),
    );
    assert_eq!(q["customer"]["group"], "standard");
    let mut c = customer_with(vec![]);
    c["group"] = json!("standard");
    let q2 = quote(&e, json!({ "now": NOW, "customer": c, "cart": cart() }));
    assert_eq!(q2["customer"]["segments"], q["customer"]["segments"]);
}

#[test]
fn a_segment_may_depend_on_the_cart_and_shipping() {
    let e = engine(json!({ "version": 1, "currency": "EUR", "segments": [
        { "id": "big-cart", "rule": { "field": "cart.subtotal", "op": "gte", "value": "100" } },
        { "id": "wine", "rule": { "field": "cart.categories", "op": "contains", "value": "wine" } } ] }));
    let c = customer_with(vec![]);
    assert_segments(&e, NOW, c.clone(), &["potential", "wine"]);
    let mut big = cart();
    big["lines"][0]["quantity"] = json!(5);
    assert_eq!(
        segments_at(&e, NOW, c, big),
        ["potential", "big-cart", "wine"]
    );
}

// ---------------------------------------------------------------- seed examples

fn seed_program() -> Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/seed-program.json"
    ))
    .unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn seed_business_customers_delivered_in_paris() {
    let e = engine(seed_program());
    let mut c = customer_with(vec![]);
    c["type"] = json!("business");
    let mut paris = cart();
    paris["shipping"]["address"]["city"] = json!("  PARIS ");
    let q = quote(&e, json!({ "now": NOW, "customer": c, "cart": paris }));
    assert!(q["customer"]["segments"]
        .as_array()
        .unwrap()
        .contains(&json!("paris-business")));
    assert_eq!(q["offer"]["id"], "paris-business-shipping");
    assert_eq!(q["shipping"]["total"], "0.00");
    assert_eq!(q["totals"]["total"], "20.00");

    // An individual in Paris, or a business in Lyon: no.
    let mut individual = c.clone();
    individual["type"] = json!("individual");
    assert_eq!(segments_at(&e, NOW, individual, cart()), ["potential"]);
    let mut lyon = cart();
    lyon["shipping"]["address"]["city"] = json!("Lyon");
    assert_eq!(segments_at(&e, NOW, c.clone(), lyon), ["potential"]);
    // No address at all: no.
    let mut none = cart();
    none["shipping"] = json!({ "cost": "4.90" });
    assert_eq!(segments_at(&e, NOW, c, none), ["potential"]);
}

#[test]
fn seed_five_orders_delivered_by_socolissimo() {
    let e = engine(seed_program());
    let orders: Vec<Value> = (1..=5)
        .map(|i| {
            order(
                &format!("o{i}"),
                &format!("2026-0{i}-01T10:00:00Z"),
                "completed",
            )
        })
        .collect();
    let mut colissimo = cart();
    colissimo["shipping"]["carrier"] = json!("SoColissimo");
    let q = quote(
        &e,
        json!({ "now": NOW, "customer": customer_with(orders.clone()), "cart": colissimo.clone() }),
    );
    assert_eq!(
        q["customer"]["segments"],
        json!(["customers", "loyal", "colissimo-regulars"])
    );
    assert_eq!(q["offer"]["id"], "colissimo-10");
    assert_eq!(q["totals"]["discount"], "2.00");

    // Four validated orders (the fifth cancelled): not a regular.
    let mut four = orders.clone();
    four[4]["status"] = json!("cancelled");
    assert_eq!(
        segments_at(&e, NOW, customer_with(four), colissimo),
        ["customers", "loyal"]
    );
    // Five orders but another carrier this time: not in the segment.
    let mut ups = cart();
    ups["shipping"]["carrier"] = json!("ups");
    assert_eq!(
        segments_at(&e, NOW, customer_with(orders), ups),
        ["customers", "loyal"]
    );
}

#[test]
fn seed_customers_who_ordered_a_product() {
    let e = engine(seed_program());
    let mut o = order("o1", "2026-01-01T10:00:00Z", "completed");
    o["products"] = json!(["bread", "truffle-oil"]);
    let q = quote(
        &e,
        json!({ "now": NOW, "customer": customer_with(vec![o.clone()]), "cart": cart() }),
    );
    assert_eq!(
        q["customer"]["segments"],
        json!(["customers", "truffle-buyers"])
    );
    assert_eq!(q["offer"]["id"], "truffle-5");
    assert_eq!(q["totals"]["discount"], "1.00");

    // Only in a cancelled order: it does not count.
    o["status"] = json!("cancelled");
    assert_eq!(
        segments_at(&e, NOW, customer_with(vec![o]), cart()),
        ["potential"]
    );
    // Having it in the cart now is not having ordered it.
    let mut in_cart = cart();
    in_cart["lines"][0]["productId"] = json!("truffle-oil");
    assert_eq!(
        segments_at(&e, NOW, customer_with(vec![]), in_cart),
        ["potential"]
    );
}
