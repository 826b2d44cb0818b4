//! Rewards bought with points (or granted by the merchant) in a quote.
//!
//! Most scenarios live in `tests/fixtures/rewards-*.json`: each test here quotes the
//! fixture's request, checks the quote equals the fixture's, checks that the money adds
//! up, and then asserts the hand-computed numbers of that scenario.

use std::fs;
use std::path::Path;

use checkout_benefits::Engine;
use rust_decimal::Decimal;
use serde_json::{json, Value};

fn dec(v: &Value) -> Decimal {
    let s = v
        .as_str()
        .unwrap_or_else(|| panic!("money must be a string: {v}"));
    Decimal::from_str_exact(s).unwrap_or_else(|_| panic!("not a decimal: {s}"))
}

/// Line discounts sum to the total discount, nothing is negative, totals add up, and
/// the points redeemed are the costs of the applied rewards.
#[track_caller]
fn assert_money_adds_up(q: &Value) {
    let mut discounts = Decimal::ZERO;
    for l in q["lines"].as_array().unwrap() {
        let (sub, disc, total) = (dec(&l["subtotal"]), dec(&l["discount"]), dec(&l["total"]));
        assert!(disc >= Decimal::ZERO && disc <= sub, "line {l}");
        assert_eq!(total, sub - disc, "line {l}");
        let parts: Decimal = l["discounts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| dec(&d["amount"]))
            .sum();
        assert_eq!(parts, disc, "line parts {l}");
        discounts += disc;
    }
    let t = &q["totals"];
    assert_eq!(
        discounts,
        dec(&t["discount"]),
        "line discounts vs totals.discount"
    );
    for k in ["subtotal", "discount", "shipping", "total"] {
        assert!(dec(&t[k]) >= Decimal::ZERO, "totals.{k} is negative");
    }
    assert_eq!(
        dec(&t["total"]),
        dec(&t["subtotal"]) - dec(&t["discount"]) + dec(&t["shipping"])
    );
    let s = &q["shipping"];
    assert!(dec(&s["discount"]) <= dec(&s["cost"]));
    let applied: u64 = q["rewards"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] == "applied")
        .map(|r| r["pointsCost"].as_u64().unwrap())
        .sum();
    assert_eq!(q["points"]["redeemed"].as_u64(), Some(applied));
    let rejected_cost: u64 = q["rewards"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] == "rejected")
        .map(|r| r["pointsCost"].as_u64().unwrap())
        .sum();
    assert_eq!(rejected_cost, 0, "a rejected reward costs nothing");
}

fn quote_value(program: &Value, request: &Value) -> Value {
    let engine = Engine::from_json(&program.to_string()).expect("valid program");
    let text = engine
        .quote_json(&request.to_string())
        .expect("valid request");
    let q: Value = serde_json::from_str(&text).expect("the quote is JSON");
    assert_money_adds_up(&q);
    q
}

/// Reads `tests/fixtures/rewards-<name>.json`, quotes its request and checks the quote
/// equals the fixture's; returns (program, request, quote).
#[track_caller]
fn fixture(name: &str) -> (Value, Value, Value) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(format!("rewards-{name}.json"));
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let f: Value = serde_json::from_str(&text).unwrap();
    let q = quote_value(&f["program"], &f["request"]);
    assert_eq!(q, f["quote"], "the quote differs from {}", path.display());
    (f["program"].clone(), f["request"].clone(), q)
}

fn reward<'a>(q: &'a Value, id: &str) -> &'a Value {
    q["rewards"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no reward outcome {id}"))
}

fn line<'a>(q: &'a Value, id: &str) -> &'a Value {
    q["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["id"] == id)
        .unwrap_or_else(|| panic!("no line {id}"))
}

#[track_caller]
fn assert_totals(q: &Value, subtotal: &str, discount: &str, shipping: &str, total: &str) {
    assert_eq!(
        q["totals"],
        json!({ "subtotal": subtotal, "discount": discount, "shipping": shipping, "total": total })
    );
}

#[track_caller]
fn assert_points(q: &Value, earned: u64, redeemed: u64, balance: u64) {
    assert_eq!(q["points"]["earned"], earned, "earned");
    assert_eq!(q["points"]["redeemed"], redeemed, "redeemed");
    assert_eq!(q["points"]["balance"], balance, "balance");
}

#[track_caller]
fn assert_rejected(q: &Value, id: &str, reason: &str) {
    let r = reward(q, id);
    assert_eq!(r["status"], "rejected");
    assert_eq!(r["reason"], reason);
    assert_eq!(r["pointsCost"], 0);
    assert_eq!(r["discount"], "0.00");
    let traced = q["trace"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["rule"] == format!("reward:{id}") && t["reason"] == reason);
    assert!(traced, "the trace explains reward {id}");
}

/// The same request without any reward to redeem.
fn without_redeem(request: &Value) -> Value {
    let mut r = request.clone();
    r["cart"]["redeem"] = json!([]);
    r
}

#[test]
fn a_voucher_takes_its_amount_off_in_proportion_to_the_lines_and_costs_its_points() {
    let (_, _, q) = fixture("voucher");
    // 10.00 over two lines of 12.00 each.
    assert_eq!(line(&q, "l1")["discount"], "5.00");
    assert_eq!(line(&q, "l2")["discount"], "5.00");
    assert_eq!(
        line(&q, "l1")["discounts"],
        json!([{ "source": "reward:voucher-10", "amount": "5.00" }])
    );
    let r = reward(&q, "voucher-10");
    assert_eq!(r["status"], "applied");
    assert_eq!(r["pointsCost"], 500);
    assert_eq!(r["discount"], "10.00");
    assert_eq!(r["granted"], false);
    assert_totals(&q, "24.00", "10.00", "4.90", "18.90");
    // Points are earned on what is paid for the goods: floor(14.00).
    assert_points(&q, 14, 500, 1500);
}

#[test]
fn a_voucher_larger_than_what_remains_is_capped_and_no_total_goes_negative() {
    let (_, _, q) = fixture("voucher-capped");
    let r = reward(&q, "voucher-50");
    assert_eq!(r["status"], "applied");
    assert_eq!(r["discount"], "12.00");
    assert_eq!(line(&q, "l1")["total"], "0.00");
    // Shipping is not merchandise: the voucher does not touch it.
    assert_totals(&q, "12.00", "12.00", "4.90", "4.90");
    assert_points(&q, 0, 1500, 500);
}

#[test]
fn a_percent_off_reward_applies_to_what_remains_after_the_offer() {
    let (_, _, q) = fixture("percent-off-after-offer");
    assert_eq!(q["offer"]["discount"], "4.20");
    // 15 % of 37.80 = 5.67, spread 4.05 / 1.62 over 27.00 / 10.80.
    assert_eq!(reward(&q, "percent-15")["discount"], "5.67");
    assert_eq!(
        line(&q, "l1")["discounts"],
        json!([{ "source": "offer:vip-10", "amount": "3.00" }, { "source": "reward:percent-15", "amount": "4.05" }])
    );
    assert_eq!(line(&q, "l2")["total"], "9.18");
    assert_totals(&q, "42.00", "9.87", "4.90", "37.03");
    assert_points(&q, 32, 800, 1200);
}

#[test]
fn a_free_shipping_reward_waives_the_shipping_cost() {
    let (_, _, q) = fixture("free-shipping");
    let r = reward(&q, "free-shipping");
    assert_eq!(r["status"], "applied");
    assert_eq!(r["freeShipping"], true);
    assert_eq!(
        q["shipping"],
        json!({ "cost": "4.90", "discount": "4.90", "total": "0.00", "free": true })
    );
    assert_totals(&q, "6.00", "0.00", "0.00", "6.00");
    assert_points(&q, 6, 300, 1700);
}

#[test]
fn a_free_shipping_reward_is_rejected_when_there_is_nothing_to_waive() {
    let (program, request, _) = fixture("free-shipping");
    let mut no_cost = request.clone();
    no_cost["cart"]["shipping"]["cost"] = json!("0");
    let q = quote_value(&program, &no_cost);
    assert_rejected(&q, "free-shipping", "there is no shipping cost to waive");
    assert_points(&q, 6, 0, 2000);
}

#[test]
fn a_free_product_reward_makes_one_unit_of_the_product_free() {
    let (_, _, q) = fixture("free-product");
    assert_eq!(line(&q, "l1")["discount"], "0.00");
    assert_eq!(line(&q, "l2")["discount"], "6.00");
    assert_eq!(line(&q, "l2")["total"], "12.00");
    assert_eq!(reward(&q, "free-mug")["discount"], "6.00");
    assert_totals(&q, "30.00", "6.00", "4.90", "28.90");
    assert_points(&q, 24, 400, 1600);
}

#[test]
fn a_free_product_reward_picks_the_cheapest_unit_of_the_product() {
    let (program, request, _) = fixture("free-product");
    let mut two_prices = request.clone();
    two_prices["cart"]["lines"] = json!([
        { "id": "l1", "productId": "mug", "unitPrice": "9.00", "quantity": 1 },
        { "id": "l2", "productId": "mug", "unitPrice": "6.00", "quantity": 1 }
    ]);
    let q = quote_value(&program, &two_prices);
    assert_eq!(line(&q, "l1")["discount"], "0.00");
    assert_eq!(line(&q, "l2")["discount"], "6.00");
}

#[test]
fn a_free_product_that_is_not_in_the_cart_is_rejected_and_costs_nothing() {
    let (_, _, q) = fixture("free-product-not-in-cart");
    assert_rejected(&q, "free-mug", "product mug is not in the cart");
    assert_totals(&q, "12.00", "0.00", "4.90", "16.90");
    assert_points(&q, 12, 0, 2000);
}

#[test]
fn buy_two_get_one_with_mixed_prices_makes_the_cheapest_unit_free() {
    let (_, _, q) = fixture("buy-2-get-1-mixed-prices");
    assert_eq!(line(&q, "l1")["discount"], "0.00");
    assert_eq!(line(&q, "l2")["discount"], "9.00");
    assert_eq!(line(&q, "l3")["discount"], "0.00");
    assert_eq!(reward(&q, "wine-3-for-2")["discount"], "9.00");
    assert_totals(&q, "36.00", "9.00", "4.90", "31.90");
    assert_points(&q, 27, 1000, 1000);
}

#[test]
fn buy_two_get_one_stops_at_max_applications() {
    let (program, request, q) = fixture("buy-2-get-1-max-applications");
    // Nine bottles make three sets; maxApplications 2 frees the two cheapest bottles.
    assert_eq!(line(&q, "l1")["discount"], "0.00");
    assert_eq!(line(&q, "l2")["discount"], "20.00");
    assert_totals(&q, "140.00", "20.00", "4.90", "124.90");
    // Without the cap, the third set frees a third 10.00 bottle.
    let mut uncapped = program.clone();
    uncapped["rewards"][5]
        .as_object_mut()
        .unwrap()
        .remove("maxApplications");
    let q = quote_value(&uncapped, &request);
    assert_eq!(line(&q, "l2")["discount"], "30.00");
    // Eight bottles make only two sets.
    let mut eight = request.clone();
    eight["cart"]["lines"][0]["quantity"] = json!(4);
    let q = quote_value(&uncapped, &eight);
    assert_eq!(line(&q, "l2")["discount"], "20.00");
}

#[test]
fn buy_x_get_y_at_a_percent_discounts_each_get_unit_at_that_percent() {
    let (_, _, q) = fixture("buy-shoes-socks-half-price");
    // One pair of shoes pays for one pair of socks at 50 %: 5.00.
    assert_eq!(line(&q, "l1")["discount"], "0.00");
    assert_eq!(line(&q, "l2")["discount"], "5.00");
    assert_totals(&q, "100.00", "5.00", "4.90", "99.90");
    assert_points(&q, 95, 200, 1800);
}

#[test]
fn buy_x_get_y_without_the_products_it_needs_is_rejected() {
    let (program, request, _) = fixture("buy-shoes-socks-half-price");
    let mut socks_only = request.clone();
    socks_only["cart"]["lines"] = json!([
        { "id": "l2", "productId": "socks", "categories": ["socks"], "unitPrice": "10.00", "quantity": 2 }
    ]);
    let q = quote_value(&program, &socks_only);
    assert_rejected(
        &q,
        "shoes-socks-half",
        "the cart does not hold the products it needs (buy 1 to get 1)",
    );
}

#[test]
fn buy_x_get_y_keeps_a_paying_unit_when_the_cheapest_could_also_pay() {
    // Buy a shirt, get any piece of clothing free: with a 5.00 shirt and a 10.00 scarf,
    // the shirt must pay, so the scarf is the free piece.
    let program = json!({ "version": 1, "currency": "EUR", "rewards": [
        { "id": "shirt-gets-clothing", "type": "buyXGetY", "pointsCost": 100,
          "buy": { "products": ["shirt"], "quantity": 1 },
          "get": { "categories": ["clothing"], "quantity": 1 } } ] });
    let request = json!({ "now": "2026-11-22T10:00:00Z",
        "customer": { "id": "c1", "pointsBalance": 100 },
        "cart": { "currency": "EUR", "redeem": ["shirt-gets-clothing"], "lines": [
            { "id": "l1", "productId": "shirt", "categories": ["clothing"], "unitPrice": "5.00", "quantity": 1 },
            { "id": "l2", "productId": "scarf", "categories": ["clothing"], "unitPrice": "10.00", "quantity": 1 } ] } });
    let q = quote_value(&program, &request);
    assert_eq!(reward(&q, "shirt-gets-clothing")["status"], "applied");
    assert_eq!(line(&q, "l1")["discount"], "0.00");
    assert_eq!(line(&q, "l2")["discount"], "10.00");
    // Two shirts: one pays, the other (the cheapest piece) is free.
    let mut two = request.clone();
    two["cart"]["lines"][0]["quantity"] = json!(2);
    let q = quote_value(&program, &two);
    assert_eq!(line(&q, "l1")["discount"], "5.00");
    assert_eq!(line(&q, "l2")["discount"], "0.00");
}

#[test]
fn buy_x_get_y_splits_its_discount_in_cart_order_with_ties_to_the_earlier_line() {
    // The two cheapest units (0.03 and 0.01, in that cart order) are half off: 0.02 over
    // what they cost, 3 and 1 cents. Each line's exact share (1.5 and 0.5 cents) leaves
    // the same remainder, and the cent left over goes to the earlier line, though the
    // units are taken cheapest first.
    let program = json!({ "version": 1, "currency": "EUR", "rewards": [
        { "id": "b1g2-half", "type": "buyXGetY", "pointsCost": 0,
          "buy": { "categories": ["c"], "quantity": 1 },
          "get": { "categories": ["c"], "quantity": 2, "percent": "50" } } ] });
    let request = json!({ "now": "2026-11-22T10:00:00Z", "customer": { "id": "c1" },
        "cart": { "currency": "EUR", "redeem": ["b1g2-half"], "lines": [
            { "id": "l0", "productId": "p0", "categories": ["c"], "unitPrice": "0.03", "quantity": 1 },
            { "id": "l1", "productId": "p1", "categories": ["c"], "unitPrice": "0.01", "quantity": 1 },
            { "id": "l2", "productId": "p2", "categories": ["c"], "unitPrice": "10.00", "quantity": 1 } ] } });
    let q = quote_value(&program, &request);
    assert_eq!(reward(&q, "b1g2-half")["discount"], "0.02");
    assert_eq!(line(&q, "l0")["discount"], "0.02");
    assert_eq!(line(&q, "l1")["discount"], "0.00");
    assert_eq!(line(&q, "l2")["discount"], "0.00");
}

#[test]
fn buy_x_get_y_on_a_huge_quantity_is_computed_at_once() {
    let program = json!({ "version": 1, "currency": "EUR", "rewards": [
        { "id": "b1g1", "type": "buyXGetY", "pointsCost": 0,
          "buy": { "quantity": 1 }, "get": { "quantity": 1 } } ] });
    let request = json!({ "now": "2026-11-22T10:00:00Z", "customer": { "id": "c1" },
        "cart": { "currency": "EUR", "redeem": ["b1g1"], "lines": [
            { "id": "l1", "productId": "p1", "unitPrice": "0.01", "quantity": 4_000_000_001u64 },
            { "id": "l2", "productId": "p2", "unitPrice": "0.02", "quantity": 1 } ] } });
    // Counted unit by unit, 4,000,000,002 units would take minutes: the quote works on
    // unit counts per line (no time is asserted; a test run's own limit catches a hang).
    let q = quote_value(&program, &request);
    // 4,000,000,002 units make 2,000,000,001 pairs: that many 0.01 units are free.
    assert_eq!(line(&q, "l1")["discount"], "20000000.01");
    assert_eq!(line(&q, "l2")["discount"], "0.00");
}

#[test]
fn not_enough_points_rejects_the_reward_and_leaves_the_rest_of_the_quote_intact() {
    let (program, request, q) = fixture("not-enough-points");
    assert_rejected(&q, "voucher-10", "not enough points: costs 500, 300 left");
    assert_points(&q, 21, 0, 300);
    // Everything but the reward outcome is what the same cart gets without redeeming.
    let plain = quote_value(&program, &without_redeem(&request));
    for key in [
        "customer",
        "lines",
        "offer",
        "shipping",
        "totals",
        "points",
        "nextBracket",
    ] {
        assert_eq!(q[key], plain[key], "{key}");
    }
    assert_eq!(q["offer"]["discount"], "2.40");
    assert_totals(&q, "24.00", "2.40", "4.90", "26.50");
}

#[test]
fn a_granted_reward_costs_no_points() {
    let (program, request, q) = fixture("granted");
    let r = reward(&q, "voucher-10");
    assert_eq!(r["status"], "applied");
    assert_eq!(r["granted"], true);
    assert_eq!(r["pointsCost"], 0);
    assert_eq!(r["discount"], "10.00");
    assert_points(&q, 14, 0, 0);
    // With a balance, the granted reward still deducts nothing.
    let mut rich = request.clone();
    rich["customer"]["pointsBalance"] = json!(700);
    let q = quote_value(&program, &rich);
    assert_points(&q, 14, 0, 700);
}

#[test]
fn two_rewards_whose_total_cost_exceeds_the_balance_reject_the_second() {
    let (_, _, q) = fixture("second-over-balance");
    assert_eq!(reward(&q, "voucher-10")["status"], "applied");
    assert_rejected(&q, "percent-15", "not enough points: costs 800, 500 left");
    // A later, cheaper reward is still checked against what is left.
    assert_eq!(reward(&q, "free-shipping")["status"], "applied");
    assert_eq!(q["shipping"]["total"], "0.00");
    // 10.00 over 30.00 / 12.00: 7.14 / 2.86.
    assert_eq!(line(&q, "l1")["discount"], "7.14");
    assert_eq!(line(&q, "l2")["discount"], "2.86");
    assert_totals(&q, "42.00", "10.00", "0.00", "32.00");
    assert_points(&q, 32, 800, 200);
}

#[test]
fn rewards_are_redeemed_in_the_order_given() {
    let (program, request, _) = fixture("second-over-balance");
    let mut reversed = request.clone();
    reversed["cart"]["redeem"] = json!(["percent-15", "voucher-10"]);
    let q = quote_value(&program, &reversed);
    assert_eq!(reward(&q, "percent-15")["status"], "applied");
    assert_rejected(&q, "voucher-10", "not enough points: costs 500, 200 left");
    assert_eq!(q["rewards"][0]["id"], "percent-15");
    assert_points(&q, 35, 800, 200);
}

#[test]
fn a_guest_cannot_redeem_rewards() {
    let (_, _, q) = fixture("guest");
    assert_eq!(q["customer"], Value::Null);
    assert_rejected(&q, "voucher-10", "rewards are for registered customers");
    assert_totals(&q, "24.00", "0.00", "4.90", "28.90");
    assert_points(&q, 0, 0, 0);
}

#[test]
fn a_deactivated_customer_cannot_redeem_rewards_and_keeps_the_balance() {
    let (_, _, q) = fixture("deactivated");
    assert_rejected(&q, "voucher-10", "the customer account is deactivated");
    assert_eq!(q["customer"]["segments"], json!(["deactivated"]));
    assert_points(&q, 0, 0, 2000);
}

#[test]
fn a_deactivated_customer_cannot_use_a_granted_reward_either() {
    let (program, request, _) = fixture("deactivated");
    let mut granted = request.clone();
    granted["customer"]["grantedRewards"] = json!(["voucher-10"]);
    let q = quote_value(&program, &granted);
    assert_rejected(&q, "voucher-10", "the customer account is deactivated");
}

#[test]
fn an_unknown_reward_is_rejected_and_the_others_still_apply() {
    let (_, _, q) = fixture("unknown");
    assert_rejected(&q, "gold-bar", "unknown reward");
    assert_eq!(reward(&q, "voucher-10")["status"], "applied");
    assert_points(&q, 14, 500, 1500);
}

#[test]
fn a_reward_below_its_minimum_subtotal_is_rejected_with_what_is_missing() {
    let (program, request, q) = fixture("min-subtotal");
    assert_rejected(
        &q,
        "percent-15",
        "requires a subtotal of at least 40.00 (16.00 missing)",
    );
    assert_points(&q, 24, 0, 2000);
    // Exactly at the minimum it applies.
    let mut at_min = request.clone();
    at_min["cart"]["lines"][1]["quantity"] = json!(2);
    at_min["cart"]["lines"][0]["unitPrice"] = json!("28.00");
    let q = quote_value(&program, &at_min);
    assert_eq!(reward(&q, "percent-15")["status"], "applied");
    assert_eq!(reward(&q, "percent-15")["discount"], "6.00");
}

#[test]
fn the_same_reward_twice_in_one_order_applies_once() {
    let (program, request, _) = fixture("voucher");
    let mut twice = request.clone();
    twice["cart"]["redeem"] = json!(["voucher-10", "voucher-10"]);
    let q = quote_value(&program, &twice);
    assert_eq!(q["rewards"][0]["status"], "applied");
    assert_eq!(q["rewards"][1]["status"], "rejected");
    assert_eq!(q["rewards"][1]["reason"], "already redeemed in this order");
    assert_totals(&q, "24.00", "10.00", "4.90", "18.90");
    assert_points(&q, 14, 500, 1500);
}

#[test]
fn a_reward_rejected_once_is_not_reported_as_already_redeemed() {
    let (program, request, _) = fixture("not-enough-points");
    let mut twice = request.clone();
    twice["cart"]["redeem"] = json!(["voucher-10", "voucher-10"]);
    let q = quote_value(&program, &twice);
    for r in q["rewards"].as_array().unwrap() {
        assert_eq!(r["reason"], "not enough points: costs 500, 300 left");
    }
}

#[test]
fn points_redeemed_and_balance_count_only_the_applied_rewards() {
    let (program, request, _) = fixture("voucher");
    let mut several = request.clone();
    several["customer"]["pointsBalance"] = json!(1200);
    several["cart"]["redeem"] = json!(["voucher-10", "gold-bar", "free-mug", "voucher-50"]);
    let q = quote_value(&program, &several);
    // 500 + 400 applied; the 1500-point voucher no longer fits in the 300 left.
    assert_eq!(reward(&q, "free-mug")["status"], "applied");
    assert_rejected(&q, "voucher-50", "not enough points: costs 1500, 300 left");
    assert_points(&q, 10, 900, 300);
    // 10.00 voucher (5.00 / 5.00), then the cheapest mug free: what that unit is still
    // worth after the voucher (half of the mug line's 7.00 left).
    assert_totals(&q, "24.00", "13.50", "4.90", "15.40");
}

#[test]
fn line_discounts_sum_to_the_total_discount_with_awkward_splits() {
    let (program, _, _) = fixture("voucher");
    let request = json!({ "now": "2026-11-22T10:00:00Z",
        "customer": { "id": "c1", "tags": ["vip"], "pointsBalance": 5000 },
        "cart": { "currency": "EUR",
            "redeem": ["voucher-10", "percent-15", "free-mug", "wine-3-for-2"],
            "lines": [
                { "id": "l1", "productId": "wine-a", "categories": ["wine"], "unitPrice": "13.33", "quantity": 3 },
                { "id": "l2", "productId": "wine-b", "categories": ["wine"], "unitPrice": "7.77", "quantity": 1 },
                { "id": "l3", "productId": "mug", "unitPrice": "4.99", "quantity": 3 },
                { "id": "l4", "productId": "card", "unitPrice": "0.01", "quantity": 1 } ] } });
    // Checked inside: line discounts = totals.discount, nothing negative.
    let q = quote_value(&program, &request);
    for id in ["voucher-10", "percent-15", "free-mug", "wine-3-for-2"] {
        assert_eq!(reward(&q, id)["status"], "applied", "{id}");
    }
    let rewards: Decimal = q["rewards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| dec(&r["discount"]))
        .sum();
    assert_eq!(
        rewards + dec(&q["offer"]["discount"]),
        dec(&q["totals"]["discount"])
    );
}

/// Two free-product rewards on 7.79 units of `p`, two units and three: in one program.
fn two_free_product_rewards() -> Value {
    json!({ "version": 1, "currency": "EUR", "rewards": [
        { "id": "two-free", "type": "freeProduct", "pointsCost": 0, "product": "p", "quantity": 2 },
        { "id": "three-free", "type": "freeProduct", "pointsCost": 0, "product": "p", "quantity": 3 } ] })
}

/// A request redeeming `redeem` for a cart of `lines`: `(id, product, categories, unit
/// price, quantity)`.
fn cart_request(redeem: &[&str], lines: &[(&str, &str, &[&str], &str, u32)]) -> Value {
    let lines: Vec<Value> = lines
        .iter()
        .map(|(id, product, categories, price, quantity)| {
            json!({ "id": id, "productId": product, "categories": categories,
                    "unitPrice": price, "quantity": quantity })
        })
        .collect();
    json!({ "now": "2026-11-22T10:00:00Z", "customer": { "id": "c1" },
        "cart": { "currency": "EUR", "redeem": redeem, "lines": lines } })
}

#[test]
fn a_second_free_product_reward_takes_other_units_from_the_next_line() {
    // Five units of `p` on two lines (4 + 1): the first reward makes two units of the
    // first line free, the second the other two of that line and the one of the next,
    // as it would on a single line of five.
    let program = two_free_product_rewards();
    for lines in [
        &[
            ("l1", "p", &[][..], "7.79", 4),
            ("l2", "p", &[][..], "7.79", 1),
        ][..],
        &[("l1", "p", &[][..], "7.79", 5)][..],
    ] {
        let q = quote_value(&program, &cart_request(&["two-free", "three-free"], lines));
        assert_eq!(reward(&q, "two-free")["discount"], "15.58");
        assert_eq!(reward(&q, "three-free")["discount"], "23.37");
        assert_totals(&q, "38.95", "38.95", "0.00", "0.00");
    }
}

#[test]
fn a_free_product_reward_needs_units_no_earlier_reward_took() {
    // Four units: two go to the first reward, and the second needs three of the two left.
    let request = cart_request(&["two-free", "three-free"], &[("l1", "p", &[], "7.79", 4)]);
    let q = quote_value(&two_free_product_rewards(), &request);
    assert_eq!(reward(&q, "two-free")["discount"], "15.58");
    assert_rejected(
        &q,
        "three-free",
        "needs 3 units of p in the cart not taken by an earlier reward, it has 2",
    );
    assert_totals(&q, "31.16", "15.58", "0.00", "15.58");
}

#[test]
fn a_free_product_reward_needs_its_full_quantity_in_the_cart() {
    // Two units over two lines, three wanted, no earlier reward: the reason counts them all.
    let request = cart_request(
        &["three-free"],
        &[("l1", "p", &[], "7.79", 1), ("l2", "p", &[], "7.79", 1)],
    );
    let q = quote_value(&two_free_product_rewards(), &request);
    assert_rejected(&q, "three-free", "needs 3 units of p in the cart, it has 2");
    assert_totals(&q, "15.58", "0.00", "0.00", "15.58");
}

#[test]
fn a_free_product_after_buy_x_get_y_takes_units_that_were_not_discounted() {
    // Buy one, get one free on four units (one on a first line, three on a second), then
    // one more unit free. The buy-X-get-Y reward makes the first line's unit and one of
    // the second's free; the free product is one of the second line's two paying units,
    // not the first line's unit again.
    let program = json!({ "version": 1, "currency": "EUR", "rewards": [
        { "id": "b1g1", "type": "buyXGetY", "pointsCost": 0,
          "buy": { "products": ["p"], "quantity": 1 }, "get": { "products": ["p"], "quantity": 1 } },
        { "id": "one-free", "type": "freeProduct", "pointsCost": 0, "product": "p", "quantity": 1 } ] });
    let request = cart_request(
        &["b1g1", "one-free"],
        &[("l1", "p", &[], "10.00", 1), ("l2", "p", &[], "10.00", 3)],
    );
    let q = quote_value(&program, &request);
    assert_eq!(reward(&q, "b1g1")["discount"], "20.00");
    assert_eq!(reward(&q, "one-free")["status"], "applied");
    assert_eq!(reward(&q, "one-free")["discount"], "10.00");
    assert_eq!(line(&q, "l1")["discount"], "10.00");
    assert_eq!(line(&q, "l2")["discount"], "20.00");
    assert_totals(&q, "40.00", "30.00", "0.00", "10.00");
}

#[test]
fn units_of_the_same_price_are_taken_by_line_id_whatever_the_cart_order() {
    // Buy a sock, get a shirt: two shirts at the same price, one in the outlet (which
    // earns no points). The shirt made free is the one of the lower line id in both cart
    // orders, so the points earned do not depend on the order the shirts were added in.
    let program = json!({ "version": 1, "currency": "EUR",
        "points": { "enabled": true, "pointsPerUnit": "1", "excludeCategories": ["outlet"] },
        "rewards": [
        { "id": "sock-gets-shirt", "type": "buyXGetY", "pointsCost": 0,
          "buy": { "products": ["sock"], "quantity": 1 },
          "get": { "products": ["shirt"], "quantity": 1 } } ] });
    let outlet = ("a", "shirt", &["outlet"][..], "20.00", 1);
    let regular = ("b", "shirt", &[][..], "20.00", 1);
    let sock = ("s", "sock", &[][..], "5.00", 1);
    for lines in [[outlet, regular, sock], [sock, regular, outlet]] {
        let q = quote_value(&program, &cart_request(&["sock-gets-shirt"], &lines));
        assert_eq!(line(&q, "a")["discount"], "20.00");
        assert_eq!(line(&q, "b")["discount"], "0.00");
        assert_eq!(q["points"]["earned"], 25, "the regular shirt and the sock");
    }
}

#[test]
fn a_reward_on_units_of_two_lines_weighs_them_by_their_price_after_cart_discounts() {
    // 5% off the cart first, then two free units and two more: four units of 37.80 on
    // one line or on two (1 + 3) come to nothing either way. Each pair is worth
    // 75.60 less 5%, 71.82; the first pair takes one unit of each line.
    let program = json!({ "version": 1, "currency": "EUR",
        "promoCodes": [{ "code": "FIVE", "discount": { "percent": "5" } }],
        "rewards": [
        { "id": "two-free", "type": "freeProduct", "pointsCost": 0, "product": "p", "quantity": 2 },
        { "id": "two-more", "type": "freeProduct", "pointsCost": 0, "product": "p", "quantity": 2 } ] });
    for lines in [
        &[("l1", "p", &[][..], "37.80", 4)][..],
        &[
            ("l1", "p", &[][..], "37.80", 1),
            ("l2", "p", &[][..], "37.80", 3),
        ][..],
    ] {
        let mut request = cart_request(&["two-free", "two-more"], lines);
        request["cart"]["promoCodes"] = json!(["FIVE"]);
        let q = quote_value(&program, &request);
        assert_eq!(reward(&q, "two-free")["discount"], "71.82");
        assert_eq!(reward(&q, "two-more")["discount"], "71.82");
        assert_totals(&q, "151.20", "151.20", "0.00", "0.00");
    }
}

#[test]
fn a_reward_on_units_after_a_voucher_takes_only_what_those_units_still_hold() {
    // A free bag first (44.04), then a voucher of 38.80: it all lands on the six mugs
    // (65.64), the bag having nothing left, so each mug keeps 26.84 / 65.64 of its price,
    // less than the cart's share (70.88 / 109.68). Then buy one mug, get two free: the
    // four free mugs hold 17.89 of the mugs' 26.84, and the two paid for keep 8.95,
    // whether the mugs are on one line or on two (4 + 2).
    let (program, request, q) = fixture("units-after-a-voucher");
    let split = json!([
        { "id": "l0a", "productId": "mug", "unitPrice": "10.94", "quantity": 4 },
        { "id": "l0b", "productId": "mug", "unitPrice": "10.94", "quantity": 2 },
        { "id": "l1", "productId": "bag", "unitPrice": "44.04", "quantity": 1 }
    ]);
    let mut split_request = request.clone();
    split_request["cart"]["lines"] = split;
    for q in [q, quote_value(&program, &split_request)] {
        assert_eq!(reward(&q, "bag")["discount"], "44.04");
        assert_eq!(reward(&q, "voucher")["discount"], "38.80");
        assert_eq!(reward(&q, "mugs")["discount"], "17.89");
        assert_totals(&q, "109.68", "100.73", "0.00", "8.95");
        assert_points(&q, 0, 900, 100);
    }
}

#[test]
fn each_rewards_fixture_is_checked_by_a_test_here() {
    let source = include_str!("rewards.rs");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut count = 0;
    for entry in fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if let Some(stem) = name
            .strip_prefix("rewards-")
            .and_then(|n| n.strip_suffix(".json"))
        {
            count += 1;
            assert!(
                source.contains(&format!("fixture(\"{stem}\")")),
                "tests/fixtures/{name} has no test in tests/rewards.rs"
            );
        }
    }
    assert!(count >= 16, "only {count} rewards fixtures");
}
