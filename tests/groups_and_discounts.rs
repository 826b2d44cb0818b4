//! Customer groups and group prices, gifts, personal and cumulative discounts,
//! stacking with offers, and discount cards.

use checkout_benefits::{check_card, find_by_card, model::DiscountCards, Engine, ErrorCode};
use serde_json::{json, Value};

const NOW: &str = "2026-11-22T10:00:00Z";

fn engine(program: &Value) -> Engine {
    Engine::from_json(&program.to_string()).unwrap_or_else(|e| panic!("program refused: {e}"))
}

/// Quotes `lines` for `customer` (JSON `null` for a guest) and checks each
/// `(JSON pointer, expected value)` of the quote.
#[track_caller]
fn check(program: &Value, customer: Value, lines: Value, expected: &[(&str, Value)]) -> Value {
    let request = json!({ "now": NOW, "customer": customer,
        "cart": { "currency": program["currency"], "lines": lines } });
    let text = engine(program)
        .quote_json(&request.to_string())
        .unwrap_or_else(|e| panic!("request refused: {e}"));
    let quote: Value = serde_json::from_str(&text).unwrap();
    for (pointer, want) in expected {
        let got = quote
            .pointer(pointer)
            .unwrap_or_else(|| panic!("no {pointer} in {quote}"));
        assert_eq!(got, want, "{pointer} in {quote}");
    }
    quote
}

fn line(id: &str, product: &str, categories: &[&str], price: &str, qty: u32) -> Value {
    json!({ "id": id, "productId": product, "categories": categories, "unitPrice": price, "quantity": qty })
}

fn order(id: &str, placed_at: &str, status: &str, total: &str) -> Value {
    json!({ "id": id, "placedAt": placed_at, "status": status, "total": total })
}

fn one_line(price: &str) -> Value {
    json!([line("l1", "p1", &[], price, 1)])
}

// ---------------------------------------------------------------- cumulative discount

/// Seed 004's own example: 10 % on the next order once a completed order reaches 300.
fn seed_004_program() -> Value {
    json!({ "version": 1, "currency": "USD",
        "cumulativeDiscount": { "enabled": true, "countedStatuses": ["completed"],
            "ranges": [ { "from": "300", "percent": "10" } ] } })
}

fn customer_with(orders: Value) -> Value {
    json!({ "id": "c1", "orders": orders })
}

#[test]
fn a_completed_order_of_300_gives_10_percent_on_the_next_order() {
    check(
        &seed_004_program(),
        customer_with(json!([order(
            "o1",
            "2026-11-01T10:00:00Z",
            "completed",
            "300"
        )])),
        json!([line("l1", "p1", &[], "50.00", 2)]),
        &[
            ("/customer/cumulativeDiscount", json!("10")),
            ("/customer/customerDiscount/source", json!("cumulative")),
            ("/customer/customerDiscount/percent", json!("10")),
            ("/customer/customerDiscount/amount", json!("10.00")),
            ("/lines/0/discounts/0/source", json!("customer:cumulative")),
            ("/totals/discount", json!("10.00")),
            ("/totals/total", json!("90.00")),
        ],
    );
}

#[test]
fn the_same_order_cancelled_gives_nothing() {
    for status in ["cancelled", "refunded"] {
        check(
            &seed_004_program(),
            customer_with(json!([order("o1", "2026-11-01T10:00:00Z", status, "300")])),
            json!([line("l1", "p1", &[], "50.00", 2)]),
            &[
                ("/customer/cumulativeDiscount", json!("0")),
                ("/customer/customerDiscount/source", Value::Null),
                ("/totals/discount", json!("0.00")),
                ("/totals/total", json!("100.00")),
            ],
        );
    }
}

#[test]
fn a_non_counted_status_gives_nothing() {
    // `paid` is validated by default but this program counts only `completed`.
    for status in ["paid", "new", "delivering"] {
        check(
            &seed_004_program(),
            customer_with(json!([order("o1", "2026-11-01T10:00:00Z", status, "300")])),
            one_line("100.00"),
            &[
                ("/customer/cumulativeDiscount", json!("0")),
                ("/totals/total", json!("100.00")),
            ],
        );
    }
}

#[test]
fn cancelled_can_never_be_a_counted_status() {
    let mut program = seed_004_program();
    program["cumulativeDiscount"]["countedStatuses"] = json!(["completed", "cancelled"]);
    let err = Engine::from_json(&program.to_string()).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidProgram);
    assert_eq!(err.path, "cumulativeDiscount.countedStatuses[1]");
}

#[test]
fn counted_statuses_default_to_the_validated_statuses() {
    let program = json!({ "version": 1, "currency": "USD",
        "cumulativeDiscount": { "enabled": true, "ranges": [ { "from": "300", "percent": "10" } ] } });
    let spent = |orders: Value, want: &str| {
        check(
            &program,
            customer_with(orders),
            one_line("100.00"),
            &[("/customer/cumulativeDiscount", json!(want))],
        );
    };
    spent(
        json!([
            order("o1", "2026-01-01T10:00:00Z", "paid", "100"),
            order("o2", "2026-02-01T10:00:00Z", "completed", "200")
        ]),
        "10",
    );
    spent(
        json!([
            order("o1", "2026-01-01T10:00:00Z", "paid", "100"),
            order("o2", "2026-02-01T10:00:00Z", "completed", "199.99")
        ]),
        "0",
    );
    spent(
        json!([
            order("o1", "2026-01-01T10:00:00Z", "paid", "300"),
            order("o2", "2026-02-01T10:00:00Z", "cancelled", "1000")
        ]),
        "10",
    );
}

#[test]
fn only_orders_within_the_period_count() {
    let mut program = seed_004_program();
    program["cumulativeDiscount"]["periodDays"] = json!(30);
    // 30 days before 2026-11-22T10:00Z is 2026-10-23T10:00Z.
    for (placed_at, want) in [
        ("2026-10-23T10:00:00Z", "10"),
        ("2026-10-23T09:59:59Z", "0"),
        ("2026-11-22T09:00:00Z", "10"),
    ] {
        check(
            &program,
            customer_with(json!([order("o1", placed_at, "completed", "300")])),
            one_line("100.00"),
            &[("/customer/cumulativeDiscount", json!(want))],
        );
    }
}

#[test]
fn orders_placed_after_now_do_not_count_yet() {
    check(
        &seed_004_program(),
        customer_with(json!([
            order("o1", "2026-11-01T10:00:00Z", "completed", "200"),
            order("o2", "2026-11-22T10:00:01Z", "completed", "100")
        ])),
        one_line("100.00"),
        &[
            ("/customer/cumulativeDiscount", json!("0")),
            ("/totals/total", json!("100.00")),
        ],
    );
}

#[test]
fn the_stored_cumulative_discount_is_never_lowered() {
    let program = seed_004_program();
    // Stored 15 with 300 spent: stays 15 and applies 15 %.
    check(
        &program,
        json!({ "id": "c1", "cumulativeDiscount": "15",
                "orders": [order("o1", "2026-11-01T10:00:00Z", "completed", "300")] }),
        one_line("100.00"),
        &[
            ("/customer/cumulativeDiscount", json!("15")),
            ("/customer/customerDiscount/percent", json!("15")),
            ("/totals/total", json!("85.00")),
        ],
    );
    // Stored 5 with nothing spent any more (e.g. the ranges were raised): stays 5.
    check(
        &program,
        json!({ "id": "c1", "cumulativeDiscount": "5", "orders": [] }),
        one_line("100.00"),
        &[
            ("/customer/cumulativeDiscount", json!("5")),
            ("/totals/total", json!("95.00")),
        ],
    );
    // Stored 5 and 300 reached: goes up to 10.
    check(
        &program,
        json!({ "id": "c1", "cumulativeDiscount": "5",
                "orders": [order("o1", "2026-11-01T10:00:00Z", "completed", "300")] }),
        one_line("100.00"),
        &[("/customer/cumulativeDiscount", json!("10"))],
    );
}

#[test]
fn the_highest_range_reached_wins() {
    let program = json!({ "version": 1, "currency": "EUR",
        "cumulativeDiscount": { "enabled": true, "ranges": [
            { "from": "0", "percent": "1" }, { "from": "300", "percent": "5" }, { "from": "1000", "percent": "7.5" } ] } });
    for (total, want, discount) in [
        ("0", "1", "1.00"),
        ("299.99", "1", "1.00"),
        ("300", "5", "5.00"),
        ("999.99", "5", "5.00"),
        ("1000", "7.5", "7.50"),
        ("25000", "7.5", "7.50"),
    ] {
        check(
            &program,
            customer_with(json!([order(
                "o1",
                "2026-01-01T10:00:00Z",
                "completed",
                total
            )])),
            one_line("100.00"),
            &[
                ("/customer/cumulativeDiscount", json!(want)),
                ("/totals/discount", json!(discount)),
            ],
        );
    }
}

#[test]
fn segment_ranges_apply_only_to_members_and_the_largest_percent_wins() {
    let program = json!({ "version": 1, "currency": "EUR",
        "segments": [ { "id": "vip", "rule": { "field": "customer.tags", "op": "contains", "value": "vip" } } ],
        "cumulativeDiscount": { "enabled": true,
            "ranges": [ { "from": "300", "percent": "10" }, { "from": "1000", "percent": "20" } ],
            "segmentRanges": [ { "segment": "vip", "ranges": [ { "from": "200", "percent": "15" } ] } ] } });
    for (tags, total, want) in [
        (json!(["vip"]), "250", "15"),
        (json!([]), "250", "0"),
        (json!(["vip"]), "300", "15"),
        (json!([]), "300", "10"),
        (json!(["vip"]), "1000", "20"),
        (json!(["vip"]), "199.99", "0"),
    ] {
        check(
            &program,
            json!({ "id": "c1", "tags": tags,
                    "orders": [order("o1", "2026-01-01T10:00:00Z", "completed", total)] }),
            one_line("100.00"),
            &[("/customer/cumulativeDiscount", json!(want))],
        );
    }
}

#[test]
fn a_disabled_cumulative_discount_gives_nothing_and_keeps_the_stored_value() {
    let mut program = seed_004_program();
    program["cumulativeDiscount"]["enabled"] = json!(false);
    check(
        &program,
        json!({ "id": "c1", "cumulativeDiscount": "4",
                "orders": [order("o1", "2026-11-01T10:00:00Z", "completed", "300")] }),
        one_line("100.00"),
        &[
            ("/customer/cumulativeDiscount", json!("4")),
            ("/customer/customerDiscount/source", Value::Null),
            ("/totals/total", json!("100.00")),
        ],
    );
}

// ---------------------------------------------------------------- personal discount

#[test]
fn the_customer_discount_is_the_larger_of_personal_and_cumulative() {
    let mut program = seed_004_program();
    program["personalDiscount"] = json!({ "enabled": true });
    let spent_300 = json!([order("o1", "2026-11-01T10:00:00Z", "completed", "300")]);
    for (personal, source, percent, total) in [
        ("12", "personal", "12", "88.00"),
        ("5", "cumulative", "10", "90.00"),
        ("10", "personal", "10", "90.00"), // a tie names the personal discount
    ] {
        check(
            &program,
            json!({ "id": "c1", "personalDiscount": personal, "orders": spent_300 }),
            one_line("100.00"),
            &[
                ("/customer/customerDiscount/source", json!(source)),
                ("/customer/customerDiscount/percent", json!(percent)),
                ("/totals/total", json!(total)),
            ],
        );
    }
}

#[test]
fn a_personal_discount_applies_only_when_the_program_enables_it() {
    let program = json!({ "version": 1, "currency": "EUR" });
    check(
        &program,
        json!({ "id": "c1", "personalDiscount": "20" }),
        one_line("100.00"),
        &[
            ("/customer/customerDiscount/source", Value::Null),
            ("/totals/total", json!("100.00")),
        ],
    );
    let program =
        json!({ "version": 1, "currency": "EUR", "personalDiscount": { "enabled": true } });
    check(
        &program,
        json!({ "id": "c1", "personalDiscount": "20" }),
        one_line("100.00"),
        &[
            ("/customer/customerDiscount/source", json!("personal")),
            ("/customer/customerDiscount/amount", json!("20.00")),
            ("/totals/total", json!("80.00")),
        ],
    );
}

#[test]
fn a_personal_discount_outside_0_to_100_is_an_invalid_request() {
    let engine = engine(
        &json!({ "version": 1, "currency": "EUR", "personalDiscount": { "enabled": true } }),
    );
    let request = json!({ "now": NOW, "customer": { "id": "c1", "personalDiscount": "120" },
        "cart": { "currency": "EUR", "lines": [] } });
    let err = engine.quote_json(&request.to_string()).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidRequest);
    assert_eq!(err.path, "customer.personalDiscount");
}

// ---------------------------------------------------------------- stacking

/// An offer of `discount` for every customer with an order, and a cumulative discount
/// of 10 % from 300 spent.
fn stacking_program(policy: &str, discount: Value) -> Value {
    json!({ "version": 1, "currency": "EUR",
        "stacking": { "customerDiscount": policy },
        "offers": [ { "id": "regulars", "segment": "customers",
                      "brackets": [ { "minSubtotal": "0", "discount": discount } ] } ],
        "cumulativeDiscount": { "enabled": true, "ranges": [ { "from": "300", "percent": "10" } ] } })
}

fn regular(stored: &str) -> Value {
    json!({ "id": "c1", "cumulativeDiscount": stored,
            "orders": [order("o1", "2026-11-01T10:00:00Z", "completed", "300")] })
}

#[test]
fn best_of_keeps_the_offer_on_a_tie() {
    check(
        &stacking_program("bestOf", json!({ "percent": "10" })),
        regular("0"),
        one_line("100.00"),
        &[
            ("/offer/id", json!("regulars")),
            ("/offer/discount", json!("10.00")),
            ("/offer/withheld", Value::Null),
            ("/customer/customerDiscount/percent", json!("10")),
            ("/customer/customerDiscount/amount", json!("0.00")),
            (
                "/lines/0/discounts",
                json!([{ "source": "offer:regulars", "amount": "10.00" }]),
            ),
            ("/totals/total", json!("90.00")),
        ],
    );
    // An amount equal to the customer percent's value is a tie as well.
    check(
        &stacking_program("bestOf", json!({ "amount": "10" })),
        regular("0"),
        one_line("100.00"),
        &[
            ("/offer/discount", json!("10.00")),
            ("/customer/customerDiscount/amount", json!("0.00")),
        ],
    );
}

#[test]
fn best_of_gives_the_larger_customer_discount_and_withholds_the_offer() {
    let quote = check(
        &stacking_program("bestOf", json!({ "percent": "10" })),
        regular("15"),
        one_line("100.00"),
        &[
            ("/offer/discount", json!("0.00")),
            ("/customer/customerDiscount/amount", json!("15.00")),
            (
                "/lines/0/discounts",
                json!([{ "source": "customer:cumulative", "amount": "15.00" }]),
            ),
            ("/totals/total", json!("85.00")),
        ],
    );
    assert!(quote["offer"]["withheld"].is_string(), "{quote}");
}

#[test]
fn stack_applies_the_customer_discount_first_then_the_offer_percent_on_the_rest() {
    // 10 % of 100.00 = 10.00, then 10 % of the 90.00 left = 9.00.
    check(
        &stacking_program("stack", json!({ "percent": "10" })),
        regular("0"),
        one_line("100.00"),
        &[
            ("/customer/customerDiscount/amount", json!("10.00")),
            ("/offer/discount", json!("9.00")),
            (
                "/lines/0/discounts",
                json!([
                    { "source": "customer:cumulative", "amount": "10.00" },
                    { "source": "offer:regulars", "amount": "9.00" }
                ]),
            ),
            ("/totals/discount", json!("19.00")),
            ("/totals/total", json!("81.00")),
        ],
    );
    // An amount off is taken from what is left: 10.00 + 5.00.
    check(
        &stacking_program("stack", json!({ "amount": "5" })),
        regular("0"),
        one_line("100.00"),
        &[
            ("/offer/discount", json!("5.00")),
            ("/totals/total", json!("85.00")),
        ],
    );
    // An amount larger than what is left is capped: 90 % then 20.00 on the 5.00 left.
    check(
        &stacking_program("stack", json!({ "amount": "20" })),
        regular("95"),
        one_line("100.00"),
        &[
            ("/customer/customerDiscount/amount", json!("95.00")),
            ("/offer/discount", json!("5.00")),
            ("/totals/total", json!("0.00")),
        ],
    );
}

// ---------------------------------------------------------------- groups and prices

fn groups_program() -> Value {
    json!({ "version": 1, "currency": "EUR",
        "groups": [
            { "id": "standard", "name": "Standard", "default": true, "colour": "#00aa00" },
            { "id": "wholesale", "name": "Wholesale", "colour": "#123abc", "prices": [
                { "percent": "-10" },
                { "categories": ["wine"], "percent": "-20" },
                { "products": ["p1"], "price": "9.90" } ] },
            { "id": "premium", "prices": [ { "percent": "5" } ] } ] })
}

fn mixed_cart() -> Value {
    json!([
        line("l1", "p1", &["wine"], "12.50", 2),
        line("l2", "p2", &["wine"], "10.00", 1),
        line("l3", "p3", &["cheese"], "20.00", 1)
    ])
}

#[test]
fn the_most_specific_group_price_rule_wins() {
    // p1: product rule (9.90) beats the wine rule; p2: wine -20 % beats the catalogue
    // -10 %; p3: only the catalogue rule. 19.80 + 8.00 + 18.00 = 45.80.
    check(
        &groups_program(),
        json!({ "id": "c1", "group": "wholesale" }),
        mixed_cart(),
        &[
            ("/customer/group", json!("wholesale")),
            ("/lines/0/unitPrice", json!("12.50")),
            ("/lines/0/price", json!("9.90")),
            ("/lines/0/subtotal", json!("19.80")),
            ("/lines/1/price", json!("8.00")),
            ("/lines/2/price", json!("18.00")),
            ("/totals/subtotal", json!("45.80")),
            ("/totals/discount", json!("0.00")),
            ("/totals/total", json!("45.80")),
        ],
    );
}

#[test]
fn a_customer_without_a_group_is_in_the_default_group() {
    check(
        &groups_program(),
        json!({ "id": "c1" }),
        mixed_cart(),
        &[
            ("/customer/group", json!("standard")),
            ("/lines/0/price", json!("12.50")),
            ("/totals/subtotal", json!("55.00")),
        ],
    );
}

#[test]
fn the_default_groups_own_prices_apply_to_customers_without_a_group() {
    let mut program = groups_program();
    program["groups"][0]["prices"] = json!([{ "percent": "-5" }]);
    check(
        &program,
        json!({ "id": "c1" }),
        json!([line("l1", "p3", &[], "20.00", 1)]),
        &[
            ("/customer/group", json!("standard")),
            ("/lines/0/price", json!("19.00")),
        ],
    );
    // A guest is nobody's customer: catalogue prices.
    check(
        &program,
        Value::Null,
        json!([line("l1", "p3", &[], "20.00", 1)]),
        &[
            ("/customer", Value::Null),
            ("/lines/0/price", json!("20.00")),
        ],
    );
}

#[test]
fn without_a_default_group_a_customer_has_no_group() {
    let program = json!({ "version": 1, "currency": "EUR", "groups": [ { "id": "wholesale" } ] });
    check(
        &program,
        json!({ "id": "c1" }),
        one_line("10.00"),
        &[("/customer/group", Value::Null)],
    );
}

#[test]
fn a_raised_group_price_is_rounded_once_per_unit() {
    // 12.50 × 1.05 = 13.125 → 13.13 (half up) or 13.12 (half even), then × 2.
    for (rounding, price, subtotal) in
        [("halfUp", "13.13", "26.26"), ("halfEven", "13.12", "26.24")]
    {
        let mut program = groups_program();
        program["rounding"] = json!(rounding);
        check(
            &program,
            json!({ "id": "c1", "group": "premium" }),
            json!([line("l1", "p1", &["wine"], "12.50", 2)]),
            &[
                ("/lines/0/price", json!(price)),
                ("/lines/0/subtotal", json!(subtotal)),
                ("/totals/total", json!(subtotal)),
            ],
        );
    }
}

#[test]
fn a_fixed_product_price_replaces_the_unit_price_even_when_higher() {
    check(
        &groups_program(),
        json!({ "id": "c1", "group": "wholesale" }),
        json!([line("l1", "p1", &[], "5.00", 3)]),
        &[
            ("/lines/0/price", json!("9.90")),
            ("/lines/0/subtotal", json!("29.70")),
        ],
    );
}

#[test]
fn group_prices_are_what_brackets_see() {
    let mut program = groups_program();
    program["offers"] = json!([ { "id": "big", "brackets": [
        { "minSubtotal": "50", "discount": { "amount": "5" } } ] } ]);
    // 55.00 at catalogue prices reaches 50; 45.80 at wholesale prices does not.
    check(
        &program,
        json!({ "id": "c1" }),
        mixed_cart(),
        &[("/offer/id", json!("big"))],
    );
    check(
        &program,
        json!({ "id": "c1", "group": "wholesale" }),
        mixed_cart(),
        &[
            ("/offer", Value::Null),
            ("/nextBracket/missing", json!("4.20")),
        ],
    );
}

#[test]
fn bad_group_definitions_are_refused_with_their_path() {
    let cases = [
        (
            json!([{ "id": "a", "default": true }, { "id": "b", "default": true }]),
            "groups[1].default",
        ),
        (
            json!([{ "id": "a", "colour": "green" }]),
            "groups[0].colour",
        ),
        (
            json!([{ "id": "a", "prices": [ { "categories": ["x"], "price": "1" } ] }]),
            "groups[0].prices[0].price",
        ),
        (
            json!([{ "id": "a", "prices": [ { "percent": "-10", "price": "1" } ] }]),
            "groups[0].prices[0]",
        ),
        (
            json!([{ "id": "a", "prices": [ { "percent": "-100" } ] }]),
            "groups[0].prices[0].percent",
        ),
    ];
    for (groups, path) in cases {
        let program = json!({ "version": 1, "currency": "EUR", "groups": groups });
        let err = Engine::from_json(&program.to_string()).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidProgram, "{groups}");
        assert_eq!(err.path, path, "{groups}: {err}");
    }
}

#[test]
fn an_unknown_customer_group_is_an_invalid_request() {
    let engine = engine(&groups_program());
    let request = json!({ "now": NOW, "customer": { "id": "c1", "group": "gold" },
        "cart": { "currency": "EUR", "lines": [] } });
    let err = engine.quote_json(&request.to_string()).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidRequest);
    assert_eq!(err.path, "customer.group");
}

#[test]
fn an_offer_for_a_group_holds_only_its_members() {
    let mut program = groups_program();
    program["offers"] = json!([ { "id": "trade", "group": "wholesale",
        "brackets": [ { "minSubtotal": "0", "discount": { "percent": "5" } } ] } ]);
    let lines = json!([line("l1", "p9", &[], "100.00", 1)]);
    check(
        &program,
        json!({ "id": "c1", "group": "wholesale" }),
        lines.clone(),
        // 100.00 at -10 % = 90.00, then 5 % = 4.50.
        &[
            ("/offer/id", json!("trade")),
            ("/offer/discount", json!("4.50")),
            ("/totals/total", json!("85.50")),
        ],
    );
    let quote = check(
        &program,
        json!({ "id": "c1" }),
        lines,
        &[("/offer", Value::Null), ("/totals/total", json!("100.00"))],
    );
    assert_eq!(
        quote["trace"][0],
        json!({ "rule": "offer:trade", "outcome": "skipped", "reason": "customer not in group wholesale" })
    );
}

#[test]
fn a_group_condition_puts_the_groups_members_in_a_segment() {
    let mut program = groups_program();
    program["segments"] = json!([
        { "id": "trade", "rule": { "group": "wholesale" } },
        { "id": "everyone-else", "rule": { "not": { "group": "wholesale" } } } ]);
    for (customer, segment) in [
        (json!({ "id": "c1", "group": "wholesale" }), "trade"),
        (json!({ "id": "c1" }), "everyone-else"),
        (json!({ "id": "c1", "group": "premium" }), "everyone-else"),
    ] {
        check(
            &program,
            customer,
            one_line("10.00"),
            &[("/customer/segments", json!(["potential", segment]))],
        );
    }
    program["segments"] = json!([{ "id": "x", "rule": { "group": "gold" } }]);
    let err = Engine::from_json(&program.to_string()).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidProgram);
    assert_eq!(err.path, "segments[0].rule.group");
}

// ---------------------------------------------------------------- gifts

fn gifts_program(gift: Value) -> Value {
    let mut program = groups_program();
    program["segments"] = json!([{ "id": "vip", "rule": { "field": "customer.tags", "op": "contains", "value": "vip" } }]);
    program["gifts"] = json!([gift]);
    program
}

#[test]
fn a_gift_fires_from_its_minimum_quantity() {
    let program = gifts_program(
        json!({ "id": "mug", "when": { "products": ["p1"], "minQuantity": 2 },
        "gift": { "product": "mug-01", "quantity": 1 } }),
    );
    check(
        &program,
        json!({ "id": "c1" }),
        json!([line("l1", "p1", &[], "12.50", 2)]),
        &[(
            "/gifts",
            json!([{ "id": "mug", "product": "mug-01", "quantity": 1 }]),
        )],
    );
    // Two lines of the same product add up.
    check(
        &program,
        json!({ "id": "c1" }),
        json!([
            line("l1", "p1", &[], "12.50", 1),
            line("l2", "p1", &[], "12.50", 1)
        ]),
        &[("/gifts/0/id", json!("mug"))],
    );
    let quote = check(
        &program,
        json!({ "id": "c1" }),
        json!([
            line("l1", "p1", &[], "12.50", 1),
            line("l2", "p2", &[], "12.50", 5)
        ]),
        &[("/gifts", json!([]))],
    );
    let entry = quote["trace"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["rule"] == "gift:mug")
        .unwrap();
    assert_eq!(entry["outcome"], "skipped");
    assert_eq!(entry["reason"], "needs 2 matching units, the cart has 1");
}

#[test]
fn a_gift_with_a_minimum_subtotal_counts_matching_lines_at_group_prices() {
    let program = gifts_program(json!({ "id": "corkscrew",
        "when": { "categories": ["wine"], "minSubtotal": "50" },
        "gift": { "product": "corkscrew", "quantity": 1 } }));
    let wine = |price: &str| {
        json!([
            line("l1", "p5", &["wine"], price, 2),
            line("l2", "p6", &["cheese"], "100", 1)
        ])
    };
    for (customer, price, fires) in [
        (json!({ "id": "c1" }), "25.00", true),
        (json!({ "id": "c1" }), "24.99", false),
        // Wholesale wine is 20 % off: 2 × 20.00 = 40.00 < 50.
        (json!({ "id": "c1", "group": "wholesale" }), "25.00", false),
        (Value::Null, "25.00", true),
    ] {
        let want = if fires {
            json!([{ "id": "corkscrew", "product": "corkscrew", "quantity": 1 }])
        } else {
            json!([])
        };
        check(&program, customer, wine(price), &[("/gifts", want)]);
    }
}

#[test]
fn a_gift_for_a_segment_or_a_group_is_only_for_its_members() {
    let when = json!({ "products": ["p1"] });
    let gift = json!({ "product": "mug", "quantity": 2 });
    let cases = [
        (
            json!({ "id": "g", "segment": "vip", "when": when, "gift": gift }),
            json!({ "id": "c1", "tags": ["vip"] }),
            true,
        ),
        (
            json!({ "id": "g", "segment": "vip", "when": when, "gift": gift }),
            json!({ "id": "c1" }),
            false,
        ),
        (
            json!({ "id": "g", "segment": "vip", "when": when, "gift": gift }),
            Value::Null,
            false,
        ),
        (
            json!({ "id": "g", "group": "wholesale", "when": when, "gift": gift }),
            json!({ "id": "c1", "group": "wholesale" }),
            true,
        ),
        (
            json!({ "id": "g", "group": "wholesale", "when": when, "gift": gift }),
            json!({ "id": "c1" }),
            false,
        ),
        (
            json!({ "id": "g", "group": "standard", "when": when, "gift": gift }),
            json!({ "id": "c1" }),
            true,
        ),
    ];
    for (rule, customer, fires) in cases {
        let quote = check(
            &gifts_program(rule.clone()),
            customer.clone(),
            json!([line("l1", "p1", &[], "10", 1)]),
            &[],
        );
        let want = if fires {
            json!([{ "id": "g", "product": "mug", "quantity": 2 }])
        } else {
            json!([])
        };
        assert_eq!(quote["gifts"], want, "{rule} for {customer}");
    }
}

#[test]
fn bad_gift_rules_are_refused_with_their_path() {
    let cases = [
        (
            json!({ "id": "g", "when": { "minQuantity": 0 }, "gift": { "product": "m", "quantity": 1 } }),
            "gifts[0].when.minQuantity",
        ),
        (
            json!({ "id": "g", "when": {}, "gift": { "product": "m", "quantity": 0 } }),
            "gifts[0].gift.quantity",
        ),
        (
            json!({ "id": "g", "group": "gold", "when": {}, "gift": { "product": "m", "quantity": 1 } }),
            "gifts[0].group",
        ),
        (
            json!({ "id": "g", "when": { "minSubtotal": "-1" }, "gift": { "product": "m", "quantity": 1 } }),
            "gifts[0].when.minSubtotal",
        ),
    ];
    for (gift, path) in cases {
        let err = Engine::from_json(&gifts_program(gift.clone()).to_string()).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidProgram, "{gift}");
        assert_eq!(err.path, path, "{gift}: {err}");
    }
}

// ---------------------------------------------------------------- discount cards

fn cards_program(check_digit: &str) -> Value {
    json!({ "version": 1, "currency": "EUR",
        "discountCards": { "check": check_digit },
        "segments": [ { "id": "card-holders",
            "rule": { "field": "customer.hasDiscountCard", "op": "eq", "value": true } } ],
        "offers": [ { "id": "card", "segment": "card-holders",
            "brackets": [ { "minSubtotal": "0", "discount": { "percent": "5" } } ] } ] })
}

#[test]
fn a_valid_discount_card_puts_the_customer_in_card_conditions() {
    for (check_digit, card) in [
        ("ean13", "4006381333931"),
        ("ean13", " 4006 3813 3393 1 "),
        ("luhn", "7992 7398 713"),
        ("none", "12 34"),
    ] {
        check(
            &cards_program(check_digit),
            json!({ "id": "c1", "discountCard": card }),
            one_line("100.00"),
            &[
                ("/customer/hasDiscountCard", json!(true)),
                ("/customer/segments", json!(["potential", "card-holders"])),
                ("/offer/id", json!("card")),
                ("/totals/total", json!("95.00")),
            ],
        );
    }
}

#[test]
fn a_bad_discount_card_is_reported_in_the_trace_not_refused() {
    for (check_digit, card, reason) in [
        (
            "ean13",
            "4006381333932",
            "the EAN-13 check digit does not match",
        ),
        ("ean13", "400638133393", "has 12 digits; expected 13"),
        ("luhn", "79927398710", "the Luhn check digit does not match"),
        (
            "none",
            "2900-0000",
            "a card number holds digits and spaces only",
        ),
        ("none", "123", "has 3 digits; expected 4 to 32"),
    ] {
        let mut program = cards_program(check_digit);
        if check_digit == "ean13" {
            program["discountCards"]["lengths"] = json!([13]);
        }
        let quote = check(
            &program,
            json!({ "id": "c1", "discountCard": card }),
            one_line("100.00"),
            &[
                ("/customer/hasDiscountCard", json!(false)),
                ("/offer", Value::Null),
                ("/totals/total", json!("100.00")),
            ],
        );
        let entry = quote["trace"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["rule"] == "discountCard")
            .unwrap_or_else(|| panic!("no discountCard entry in {quote}"));
        assert_eq!(entry["outcome"], "rejected");
        assert_eq!(entry["reason"], reason, "{card}");
    }
}

#[test]
fn a_customer_without_a_card_has_no_discount_card() {
    check(
        &cards_program("ean13"),
        json!({ "id": "c1" }),
        one_line("100.00"),
        &[
            ("/customer/hasDiscountCard", json!(false)),
            ("/customer/segments", json!(["potential"])),
        ],
    );
}

#[test]
fn card_numbers_are_normalised_and_checked() {
    let ean = DiscountCards {
        check: checkout_benefits::model::CardCheck::Ean13,
        lengths: Some(vec![13]),
    };
    assert_eq!(
        check_card("2900 0000 1234 5", None).as_deref(),
        Ok("2900000012345")
    );
    assert_eq!(
        check_card("4006 3813 3393 1", Some(&ean)).as_deref(),
        Ok("4006381333931")
    );
    assert!(check_card("4006381333939", Some(&ean)).is_err());
}

#[test]
fn a_customer_is_found_by_card_number_with_or_without_spaces() {
    let customers: Vec<checkout_benefits::Customer> = serde_json::from_value(json!([
        { "id": "a" },
        { "id": "b", "discountCard": "1111 2222 3333" },
        { "id": "c", "discountCard": "4006381333931" }
    ]))
    .unwrap();
    let cards = || {
        customers
            .iter()
            .map(|c| c.discount_card.as_deref().unwrap_or(""))
    };
    let found = find_by_card("4006 3813 3393 1", cards()).map(|i| customers[i].id.as_str());
    assert_eq!(found, Some("c"));
    let found = find_by_card("111122223333", cards()).map(|i| customers[i].id.as_str());
    assert_eq!(found, Some("b"));
    assert_eq!(find_by_card("9999 9999", cards()), None);
    assert_eq!(find_by_card("", cards()), None);
}

#[test]
fn the_cli_finds_a_customer_by_card_number_with_spaces_ignored() {
    let dir = std::env::temp_dir().join(format!("cb-find-card-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("customers.ndjson");
    std::fs::write(
        &file,
        "{\"id\":\"a\"}\n{\"id\":\"b\",\"discountCard\":\"2900 0000 1234 5\"}\n",
    )
    .unwrap();
    let run = |number: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_checkout-benefits"))
            .args(["find-card", number, "--customers", file.to_str().unwrap()])
            .output()
            .unwrap()
    };
    let found = run("2900000012345");
    assert_eq!(found.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&found.stdout).contains("\"id\":\"b\""));
    assert_eq!(run("999").status.code(), Some(1));
    std::fs::remove_dir_all(&dir).ok();
}
