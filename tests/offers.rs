//! Offers, promo codes, allocation, points, trace and the prepared-customer path.

use checkout_benefits::{parse_request, Engine, ErrorCode};
use serde_json::{json, Value};

const NOW: &str = "2026-11-22T10:00:00Z";

fn engine(program: Value) -> Engine {
    Engine::from_json(&program.to_string()).unwrap_or_else(|e| panic!("program refused: {e}"))
}

/// The seed scenario: segment Y gets 5.00 off from 50, 10 % and free shipping from 150.
fn seed() -> Value {
    json!({ "version": 1, "currency": "EUR",
        "segments": [ { "id": "y", "rule": { "field": "customer.tags", "op": "contains", "value": "y" } } ],
        "offers": [ { "id": "y-tiers", "segment": "y", "brackets": [
            { "minSubtotal": "50", "discount": { "amount": "5" } },
            { "minSubtotal": "150", "discount": { "percent": "10" }, "freeShipping": true } ] } ],
        "points": { "enabled": true, "pointsPerUnit": "1" },
        "promoCodes": [
            { "code": "WELCOME15", "discount": { "percent": "15" }, "minSubtotal": "30" },
            { "code": "FREESHIP", "freeShipping": true },
            { "code": "TENOFF", "discount": { "amount": "10" } },
            { "code": "OLD", "discount": { "amount": "1" }, "validUntil": "2026-01-01T00:00:00Z" },
            { "code": "SOON", "discount": { "amount": "1" }, "validFrom": "2027-01-01T00:00:00Z" },
            { "code": "LOYALONLY", "discount": { "amount": "1" }, "segments": ["loyal"] } ] })
}

fn y_customer() -> Value {
    json!({ "id": "c-y", "tags": ["y"], "pointsBalance": 120 })
}

/// A cart of `(unit price, quantity)` lines with 4.90 shipping.
fn cart(lines: &[(&str, u32)]) -> Value {
    let lines: Vec<Value> = lines
        .iter()
        .enumerate()
        .map(|(i, (price, qty))| {
            json!({ "id": format!("l{}", i + 1), "productId": format!("p{}", i + 1),
                "categories": ["general"], "unitPrice": price, "quantity": qty })
        })
        .collect();
    json!({ "currency": "EUR", "lines": lines, "shipping": { "carrier": "ups", "cost": "4.90" } })
}

#[track_caller]
fn quote(engine: &Engine, customer: Value, cart: Value) -> Value {
    let request = json!({ "now": NOW, "customer": customer, "cart": cart });
    let text = engine
        .quote_json(&request.to_string())
        .unwrap_or_else(|e| panic!("request refused: {e}"));
    let q: Value = serde_json::from_str(&text).unwrap();
    check_invariants(&q);
    q
}

fn cents(v: &Value) -> i64 {
    let s = v.as_str().unwrap_or_else(|| panic!("not money: {v}"));
    let (units, frac) = s.split_once('.').unwrap_or((s, "00"));
    assert_eq!(frac.len(), 2, "EUR amounts have two decimals: {s}");
    let n: i64 = format!("{units}{frac}").parse().unwrap();
    assert!(n >= 0, "negative amount {s}");
    n
}

/// Line discounts sum to the total discount; nothing is negative; totals add up.
#[track_caller]
fn check_invariants(q: &Value) {
    let mut discount = 0;
    let mut subtotal = 0;
    for l in q["lines"].as_array().unwrap() {
        let shares: i64 = l["discounts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| cents(&d["amount"]))
            .sum();
        assert_eq!(shares, cents(&l["discount"]), "line {l}");
        assert_eq!(
            cents(&l["subtotal"]) - cents(&l["discount"]),
            cents(&l["total"]),
            "line {l}"
        );
        assert!(cents(&l["discount"]) <= cents(&l["subtotal"]));
        discount += cents(&l["discount"]);
        subtotal += cents(&l["subtotal"]);
    }
    let t = &q["totals"];
    assert_eq!(discount, cents(&t["discount"]), "{q}");
    assert_eq!(subtotal, cents(&t["subtotal"]), "{q}");
    assert_eq!(cents(&t["shipping"]), cents(&q["shipping"]["total"]));
    let s = &q["shipping"];
    assert!(cents(&s["discount"]) <= cents(&s["cost"]));
    assert_eq!(
        cents(&s["cost"]) - cents(&s["discount"]),
        cents(&s["total"])
    );
    assert_eq!(
        cents(&t["subtotal"]) - cents(&t["discount"]) + cents(&t["shipping"]),
        cents(&t["total"])
    );
}

fn line_discounts(q: &Value) -> Vec<String> {
    q["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["discount"].as_str().unwrap().to_string())
        .collect()
}

fn trace_of<'a>(q: &'a Value, rule: &str) -> &'a Value {
    q["trace"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["rule"] == rule)
        .unwrap_or_else(|| panic!("no trace entry {rule} in {}", q["trace"]))
}

// ---------------------------------------------------------------- seed scenario

#[test]
fn seed_49_99_gets_nothing_and_misses_one_cent() {
    let q = quote(&engine(seed()), y_customer(), cart(&[("49.99", 1)]));
    assert_eq!(q["offer"], Value::Null);
    assert_eq!(
        q["totals"],
        json!({ "subtotal": "49.99", "discount": "0.00", "shipping": "4.90", "total": "54.89" })
    );
    assert_eq!(q["nextBracket"]["offer"], "y-tiers");
    assert_eq!(q["nextBracket"]["bracket"], 0);
    assert_eq!(q["nextBracket"]["minSubtotal"], "50.00");
    assert_eq!(q["nextBracket"]["missing"], "0.01");
    assert_eq!(
        trace_of(&q, "offer:y-tiers")["reason"],
        "subtotal 49.99 is below the first bracket (50.00)"
    );
}

#[test]
fn seed_50_reaches_the_first_bracket_exactly() {
    let q = quote(&engine(seed()), y_customer(), cart(&[("25", 2)]));
    assert_eq!(q["offer"]["bracket"], 0);
    assert_eq!(q["totals"]["discount"], "5.00");
}

#[test]
fn seed_60_gets_5_off() {
    let q = quote(&engine(seed()), y_customer(), cart(&[("60.00", 1)]));
    assert_eq!(
        q["offer"],
        json!({ "id": "y-tiers", "bracket": 0, "discount": "5.00", "freeShipping": false, "withheld": null })
    );
    assert_eq!(
        q["totals"],
        json!({ "subtotal": "60.00", "discount": "5.00", "shipping": "4.90", "total": "59.90" })
    );
    assert_eq!(
        q["lines"][0]["discounts"],
        json!([ { "source": "offer:y-tiers", "amount": "5.00" } ])
    );
    assert_eq!(q["nextBracket"]["bracket"], 1);
    assert_eq!(q["nextBracket"]["missing"], "90.00");
    assert_eq!(q["nextBracket"]["discount"], json!({ "percent": "10" }));
    assert_eq!(q["nextBracket"]["freeShipping"], true);
    assert_eq!(q["shipping"]["free"], false);
}

#[test]
fn seed_150_gets_15_off_and_free_shipping() {
    let q = quote(
        &engine(seed()),
        y_customer(),
        cart(&[("100", 1), ("25", 2)]),
    );
    assert_eq!(
        q["offer"],
        json!({ "id": "y-tiers", "bracket": 1, "discount": "15.00", "freeShipping": true, "withheld": null })
    );
    assert_eq!(
        q["shipping"],
        json!({ "cost": "4.90", "discount": "4.90", "total": "0.00", "free": true })
    );
    assert_eq!(
        q["totals"],
        json!({ "subtotal": "150.00", "discount": "15.00", "shipping": "0.00", "total": "135.00" })
    );
    assert_eq!(line_discounts(&q), ["10.00", "5.00"]);
    assert_eq!(q["nextBracket"], Value::Null);
    assert_eq!(q["points"]["earned"], 135);
}

#[test]
fn a_customer_outside_the_segment_gets_nothing() {
    let q = quote(
        &engine(seed()),
        json!({ "id": "c2", "tags": ["z"] }),
        cart(&[("150", 1)]),
    );
    assert_eq!(q["offer"], Value::Null);
    assert_eq!(q["nextBracket"], Value::Null);
    assert_eq!(
        trace_of(&q, "offer:y-tiers")["reason"],
        "customer not in segment y"
    );
}

// ---------------------------------------------------------------- best offer

fn competing(offers: Value) -> Engine {
    engine(json!({ "version": 1, "currency": "EUR", "offers": offers }))
}

#[test]
fn the_best_offer_wins_by_value_including_shipping_saved() {
    let offers = json!([
        { "id": "five-pct", "brackets": [ { "minSubtotal": "0", "discount": { "percent": "5" } } ] },
        { "id": "ship", "brackets": [ { "minSubtotal": "0", "freeShipping": true } ] }
    ]);
    let e = competing(offers.clone());
    // 5 % of 60.00 = 3.00 < 4.90 shipping.
    let q = quote(&e, json!({ "id": "c" }), cart(&[("60", 1)]));
    assert_eq!(q["offer"]["id"], "ship");
    assert_eq!(q["totals"]["discount"], "0.00");
    assert_eq!(q["totals"]["total"], "60.00");
    assert_eq!(
        trace_of(&q, "offer:five-pct")["reason"],
        "offer ship is worth more (4.90 vs 3.00)"
    );
    // Cheaper shipping: the percent wins.
    let mut cheap = cart(&[("60", 1)]);
    cheap["shipping"]["cost"] = json!("2.99");
    let q = quote(&e, json!({ "id": "c" }), cheap);
    assert_eq!(q["offer"]["id"], "five-pct");
    assert_eq!(q["totals"]["total"], "59.99");
    // A bracket with both is valued as the sum.
    let mut with_combo = offers.as_array().unwrap().clone();
    with_combo.push(json!({ "id": "combo", "brackets": [
        { "minSubtotal": "0", "discount": { "percent": "2" }, "freeShipping": true } ] }));
    let q = quote(
        &competing(Value::Array(with_combo)),
        json!({ "id": "c" }),
        cart(&[("60", 1)]),
    );
    assert_eq!(q["offer"]["id"], "combo");
    assert_eq!(q["totals"]["total"], "58.80");
}

#[test]
fn a_tie_goes_to_the_earlier_offer() {
    let amount = json!({ "id": "three", "brackets": [ { "minSubtotal": "0", "discount": { "amount": "3" } } ] });
    let percent = json!({ "id": "five-pct", "brackets": [ { "minSubtotal": "0", "discount": { "percent": "5" } } ] });
    let q = quote(
        &competing(json!([amount, percent])),
        json!({ "id": "c" }),
        cart(&[("60", 1)]),
    );
    assert_eq!(q["offer"]["id"], "three");
    let q = quote(
        &competing(json!([percent, amount])),
        json!({ "id": "c" }),
        cart(&[("60", 1)]),
    );
    assert_eq!(q["offer"]["id"], "five-pct");
    assert_eq!(q["totals"]["discount"], "3.00");
}

#[test]
fn brackets_are_judged_on_the_subtotal_before_discounts() {
    // 150.00 reaches the 150 bracket although 10 % brings the cart to 135.00.
    let q = quote(&engine(seed()), y_customer(), cart(&[("150.00", 1)]));
    assert_eq!(q["offer"]["bracket"], 1);
}

#[test]
fn validity_windows_are_inclusive() {
    let offer = |from: Option<&str>, until: Option<&str>| {
        let mut o = json!({ "id": "w", "brackets": [ { "minSubtotal": "0", "discount": { "amount": "1" } } ] });
        if let Some(f) = from {
            o["validFrom"] = json!(f);
        }
        if let Some(u) = until {
            o["validUntil"] = json!(u);
        }
        competing(json!([o]))
    };
    for (from, until, applies, reason) in [
        (Some(NOW), None, true, ""),
        (None, Some(NOW), true, ""),
        (
            Some("2026-11-22T10:00:01Z"),
            None,
            false,
            "not valid before 2026-11-22T10:00:01Z",
        ),
        (
            None,
            Some("2026-11-22T09:59:59Z"),
            false,
            "expired on 2026-11-22T09:59:59Z",
        ),
        (
            Some("2026-11-01T00:00:00+01:00"),
            Some("2026-11-30T23:59:59+01:00"),
            true,
            "",
        ),
    ] {
        let q = quote(
            &offer(from, until),
            json!({ "id": "c" }),
            cart(&[("10", 1)]),
        );
        assert_eq!(q["offer"].is_null(), !applies, "{from:?} {until:?}");
        if !applies {
            assert_eq!(trace_of(&q, "offer:w")["reason"], reason);
            assert_eq!(q["nextBracket"], Value::Null);
        }
    }
}

#[test]
fn discount_enabled_false_gives_no_benefit() {
    let e = competing(json!([
        { "id": "off", "discountEnabled": false, "brackets": [
            { "minSubtotal": "0", "discount": { "percent": "50" }, "freeShipping": true } ] },
        { "id": "on", "brackets": [ { "minSubtotal": "100", "discount": { "amount": "1" } } ] }
    ]));
    let q = quote(&e, json!({ "id": "c" }), cart(&[("60", 1)]));
    assert_eq!(q["offer"], Value::Null);
    assert_eq!(q["shipping"]["free"], false);
    assert_eq!(
        trace_of(&q, "offer:off")["reason"],
        "the offer's discount is disabled"
    );
    // The nudge only looks at offers that can give something.
    assert_eq!(q["nextBracket"]["offer"], "on");
    assert_eq!(q["nextBracket"]["missing"], "40.00");
}

// ---------------------------------------------------------------- promo codes

fn with_codes(mut c: Value, codes: &[&str]) -> Value {
    c["promoCodes"] = json!(codes);
    c
}

#[test]
fn a_promo_code_withholds_an_offer_discount_but_keeps_its_free_shipping() {
    let q = quote(
        &engine(seed()),
        y_customer(),
        with_codes(cart(&[("150.00", 1)]), &["WELCOME15"]),
    );
    assert_eq!(q["offer"]["id"], "y-tiers");
    assert_eq!(q["offer"]["discount"], "0.00");
    assert_eq!(q["offer"]["freeShipping"], true);
    assert_eq!(
        q["offer"]["withheld"],
        "the offer's discount does not combine with promo code WELCOME15"
    );
    assert_eq!(
        q["promoCodes"],
        json!([ { "code": "WELCOME15", "status": "applied", "reason": null, "discount": "22.50", "freeShipping": false } ])
    );
    assert_eq!(q["shipping"]["total"], "0.00");
    assert_eq!(
        q["totals"],
        json!({ "subtotal": "150.00", "discount": "22.50", "shipping": "0.00", "total": "127.50" })
    );
    assert_eq!(trace_of(&q, "offer:y-tiers")["outcome"], "withheld");
    assert_eq!(q["points"]["earned"], 127);
}

#[test]
fn an_offer_that_applies_with_promo_codes_stacks_with_them() {
    let mut program = seed();
    program["offers"][0]["appliesWithPromoCode"] = json!(true);
    let q = quote(
        &engine(program),
        y_customer(),
        with_codes(cart(&[("150.00", 1)]), &["WELCOME15"]),
    );
    assert_eq!(q["offer"]["discount"], "15.00");
    assert_eq!(q["offer"]["withheld"], Value::Null);
    // 15 % of what remains: 135.00 × 15 % = 20.25.
    assert_eq!(q["promoCodes"][0]["discount"], "20.25");
    assert_eq!(
        q["totals"],
        json!({ "subtotal": "150.00", "discount": "35.25", "shipping": "0.00", "total": "114.75" })
    );
    assert_eq!(
        q["lines"][0]["discounts"],
        json!([ { "source": "offer:y-tiers", "amount": "15.00" },
                { "source": "promo:WELCOME15", "amount": "20.25" } ])
    );
    assert_eq!(trace_of(&q, "offer:y-tiers")["outcome"], "applied");
}

#[test]
fn a_free_shipping_only_bracket_is_never_withheld() {
    let mut program: Value = json!({ "version": 1, "currency": "EUR",
        "offers": [ { "id": "ship", "brackets": [ { "minSubtotal": "0", "freeShipping": true } ] } ],
        "promoCodes": [ { "code": "TENOFF", "discount": { "amount": "10" } } ] });
    let q = quote(
        &engine(program.clone()),
        json!({ "id": "c" }),
        with_codes(cart(&[("60", 1)]), &["tenoff"]),
    );
    assert_eq!(q["offer"]["withheld"], Value::Null);
    assert_eq!(q["totals"]["total"], "50.00");
    program["offers"][0]["appliesWithPromoCode"] = json!(true);
    let q2 = quote(
        &engine(program),
        json!({ "id": "c" }),
        with_codes(cart(&[("60", 1)]), &["tenoff"]),
    );
    assert_eq!(q2["totals"], q["totals"]);
}

#[test]
fn one_promo_code_per_order() {
    let q = quote(
        &engine(seed()),
        y_customer(),
        with_codes(cart(&[("40", 1)]), &["WELCOME15", "TENOFF", "welcome15"]),
    );
    let codes = q["promoCodes"].as_array().unwrap();
    assert_eq!(codes[0]["status"], "applied");
    assert_eq!(codes[0]["discount"], "6.00");
    assert_eq!(codes[1]["status"], "rejected");
    assert_eq!(
        codes[1]["reason"],
        "only one promo code per order; WELCOME15 is already applied"
    );
    assert_eq!(codes[1]["discount"], "0.00");
    assert_eq!(codes[2]["status"], "rejected");
    assert_eq!(codes[2]["reason"], "this code is already applied");
    assert_eq!(q["totals"]["discount"], "6.00");
    // Each entered code is in the trace, as entered.
    assert_eq!(trace_of(&q, "promo:TENOFF")["outcome"], "rejected");
    assert_eq!(trace_of(&q, "promo:welcome15")["outcome"], "rejected");
}

#[test]
fn the_first_valid_code_applies_after_rejected_ones() {
    let q = quote(
        &engine(seed()),
        y_customer(),
        with_codes(cart(&[("20", 1)]), &["NOPE", "WELCOME15", "FREESHIP"]),
    );
    let codes = q["promoCodes"].as_array().unwrap();
    assert_eq!(codes[0]["reason"], "unknown code");
    assert_eq!(
        codes[1]["reason"],
        "requires a subtotal of at least 30.00 (10.00 missing)"
    );
    assert_eq!(codes[2]["status"], "applied");
    assert_eq!(codes[2]["freeShipping"], true);
    assert_eq!(q["shipping"]["free"], true);
    assert_eq!(q["totals"]["total"], "20.00");
}

#[test]
fn codes_match_case_insensitively_and_ignore_surrounding_spaces() {
    for entered in ["welcome15", "Welcome15", "  WELCOME15 "] {
        let q = quote(
            &engine(seed()),
            y_customer(),
            with_codes(cart(&[("40", 1)]), &[entered]),
        );
        assert_eq!(q["promoCodes"][0]["status"], "applied", "{entered}");
        assert_eq!(q["promoCodes"][0]["code"], entered);
        assert_eq!(q["lines"][0]["discounts"][0]["source"], "promo:WELCOME15");
    }
}

#[test]
fn codes_beyond_ascii_match_in_any_case_and_either_sigma() {
    let mut program = seed();
    program["promoCodes"] = json!([
        { "code": "ÉTÉ20", "discount": { "amount": "20" } },
        { "code": "ΔΩΡΟΣ", "freeShipping": true },
        { "code": "ПОДАРОК", "discount": { "amount": "3" } }
    ]);
    let e = engine(program);
    for (entered, source) in [
        ("été20", "promo:ÉTÉ20"),
        (" Été20", "promo:ÉTÉ20"),
        ("подарок", "promo:ПОДАРОК"),
        ("ПодаРок", "promo:ПОДАРОК"),
    ] {
        let q = quote(&e, y_customer(), with_codes(cart(&[("40", 1)]), &[entered]));
        assert_eq!(q["promoCodes"][0]["status"], "applied", "{entered}");
        assert_eq!(q["lines"][0]["discounts"][0]["source"], source, "{entered}");
    }
    // A sigma is one letter whether written `Σ`, `σ` or the word-final `ς`.
    for entered in ["δωρος", "δωροσ", "ΔΩΡΟΣ", "Δωρος"] {
        let q = quote(&e, y_customer(), with_codes(cart(&[("40", 1)]), &[entered]));
        assert_eq!(q["promoCodes"][0]["status"], "applied", "{entered}");
        assert_eq!(q["shipping"]["free"], true, "{entered}");
    }
    for entered in ["ete20", "δωρο", "подарок!"] {
        let q = quote(&e, y_customer(), with_codes(cart(&[("40", 1)]), &[entered]));
        assert_eq!(q["promoCodes"][0]["reason"], "unknown code", "{entered}");
    }
}

#[test]
fn rejected_codes_say_why() {
    let e = engine(seed());
    for (code, reason) in [
        ("OLD", "expired on 2026-01-01T00:00:00Z"),
        ("SOON", "not valid before 2027-01-01T00:00:00Z"),
        ("LOYALONLY", "reserved for customers in segment loyal"),
        (
            "WELCOME15",
            "requires a subtotal of at least 30.00 (0.01 missing)",
        ),
        ("WELCOME 15", "unknown code"),
    ] {
        let q = quote(&e, y_customer(), with_codes(cart(&[("29.99", 1)]), &[code]));
        assert_eq!(q["promoCodes"][0]["status"], "rejected", "{code}");
        assert_eq!(q["promoCodes"][0]["reason"], reason, "{code}");
        assert_eq!(q["totals"]["discount"], "0.00");
        assert_eq!(trace_of(&q, &format!("promo:{code}"))["reason"], reason);
    }
    // The segment-restricted code works for a loyal customer, and not for a guest.
    let loyal = json!({ "id": "c", "orders": [
        { "id": "o1", "placedAt": "2026-01-01T00:00:00Z", "status": "paid", "total": "10" },
        { "id": "o2", "placedAt": "2026-02-01T00:00:00Z", "status": "paid", "total": "10" } ] });
    let q = quote(&e, loyal, with_codes(cart(&[("29.99", 1)]), &["loyalonly"]));
    assert_eq!(q["promoCodes"][0]["status"], "applied");
    assert_eq!(q["totals"]["discount"], "1.00");
    let q = quote(
        &e,
        Value::Null,
        with_codes(cart(&[("29.99", 1)]), &["LOYALONLY"]),
    );
    assert_eq!(q["promoCodes"][0]["status"], "rejected");
    // A code without segments works for a guest.
    let q = quote(
        &e,
        Value::Null,
        with_codes(cart(&[("29.99", 1)]), &["TENOFF"]),
    );
    assert_eq!(q["totals"]["discount"], "10.00");
}

#[test]
fn an_amount_code_never_takes_more_than_what_remains() {
    let q = quote(
        &engine(seed()),
        y_customer(),
        with_codes(cart(&[("3.00", 1), ("4.50", 1)]), &["TENOFF"]),
    );
    assert_eq!(q["promoCodes"][0]["discount"], "7.50");
    assert_eq!(q["totals"]["total"], "4.90");
    assert_eq!(line_discounts(&q), ["3.00", "4.50"]);
}

// ---------------------------------------------------------------- allocation

fn flat(amount: &str) -> Engine {
    competing(
        json!([ { "id": "flat", "brackets": [ { "minSubtotal": "0", "discount": { "amount": amount } } ] } ]),
    )
}

#[test]
fn three_euros_over_43_14_23() {
    let q = quote(
        &flat("3"),
        json!({ "id": "c" }),
        cart(&[("43.00", 1), ("14.00", 1), ("23.00", 1)]),
    );
    // Exact shares 1.6125, 0.525, 0.8625: floors 1.61 + 0.52 + 0.86 = 2.99, the
    // largest remainder (0.525) takes the last cent.
    assert_eq!(line_discounts(&q), ["1.61", "0.53", "0.86"]);
    assert_eq!(q["totals"]["discount"], "3.00");
}

#[test]
fn ten_euros_over_three_equal_lines() {
    let q = quote(
        &flat("10"),
        json!({ "id": "c" }),
        cart(&[("20.00", 1), ("10.00", 2), ("5.00", 4)]),
    );
    assert_eq!(line_discounts(&q), ["3.34", "3.33", "3.33"]);
    assert_eq!(q["totals"]["discount"], "10.00");
}

#[test]
fn a_discount_larger_than_the_cart_stops_at_zero() {
    let q = quote(
        &flat("100"),
        json!({ "id": "c" }),
        cart(&[("30", 1), ("0.01", 3)]),
    );
    assert_eq!(q["totals"]["discount"], "30.03");
    assert_eq!(q["totals"]["total"], "4.90");
    assert_eq!(line_discounts(&q), ["30.00", "0.03"]);
    assert_eq!(q["offer"]["discount"], "30.03");
}

#[test]
fn awkward_splits_always_sum_exactly() {
    let prices = ["0.01", "0.03", "9.99", "33.33", "0.10", "1234.56", "7.77"];
    for pct in ["1", "3.33", "12.5", "33.333", "66.67", "99.99", "100"] {
        for n in 1..=prices.len() {
            let lines: Vec<(&str, u32)> = prices[..n]
                .iter()
                .enumerate()
                .map(|(i, p)| (*p, (i as u32 % 3) + 1))
                .collect();
            let e = competing(
                json!([ { "id": "p", "appliesWithPromoCode": true, "brackets": [
                { "minSubtotal": "0", "discount": { "percent": pct } } ] } ]),
            );
            // check_invariants runs inside `quote`.
            let q = quote(&e, json!({ "id": "c" }), cart(&lines));
            let offer = cents(&q["offer"]["discount"]);
            let subtotal = cents(&q["totals"]["subtotal"]);
            let exact = subtotal as f64 * pct.parse::<f64>().unwrap() / 100.0;
            assert!(
                (offer as f64 - exact).abs() <= 0.5 + 1e-9,
                "{pct} of {subtotal}"
            );
        }
    }
}

#[test]
fn percent_rounding_follows_the_program() {
    // 12.5 % of 0.20 = 0.025: half up 0.03, half even 0.02.
    let offers = json!([ { "id": "p", "brackets": [ { "minSubtotal": "0", "discount": { "percent": "12.5" } } ] } ]);
    let up = quote(
        &competing(offers.clone()),
        json!({ "id": "c" }),
        cart(&[("0.20", 1)]),
    );
    assert_eq!(up["totals"]["discount"], "0.03");
    let even = engine(
        json!({ "version": 1, "currency": "EUR", "rounding": "halfEven", "offers": offers }),
    );
    let q = quote(&even, json!({ "id": "c" }), cart(&[("0.20", 1)]));
    assert_eq!(q["totals"]["discount"], "0.02");
}

// ---------------------------------------------------------------- points

fn points_program(points: Value) -> Value {
    let mut p = seed();
    p["segments"] = json!([
        { "id": "y", "rule": { "field": "customer.tags", "op": "contains", "value": "y" } },
        { "id": "stingy", "rule": { "field": "customer.tags", "op": "contains", "value": "stingy" } }
    ]);
    p["points"] = points;
    p
}

fn points_of(program: Value, customer: Value, cart: Value) -> Value {
    quote(&engine(program), customer, cart)["points"].clone()
}

#[test]
fn points_rate_and_base() {
    let sixty = cart(&[("60.00", 1)]);
    // After discounts (default): 55.00.
    let p = points_of(seed(), y_customer(), sixty.clone());
    assert_eq!(
        p,
        json!({ "earned": 55, "redeemed": 0, "balance": 120, "multiplier": "1" })
    );
    // Before discounts: 60.00.
    let p = points_of(
        points_program(json!({ "enabled": true, "pointsPerUnit": "1", "base": "beforeDiscounts" })),
        y_customer(),
        sixty.clone(),
    );
    assert_eq!(p["earned"], 60);
    // Half a point per euro, floored: 27.5 → 27.
    let p = points_of(
        points_program(json!({ "enabled": true, "pointsPerUnit": "0.5" })),
        y_customer(),
        sixty.clone(),
    );
    assert_eq!(p["earned"], 27);
    // Shipping never counts (the cart pays 4.90 shipping here).
    let p = points_of(
        points_program(json!({ "enabled": true, "pointsPerUnit": "10" })),
        y_customer(),
        sixty.clone(),
    );
    assert_eq!(p["earned"], 550);
    // Disabled: nothing, with a reason.
    let q = quote(
        &engine(points_program(
            json!({ "enabled": false, "pointsPerUnit": "1" }),
        )),
        y_customer(),
        sixty,
    );
    assert_eq!(q["points"]["earned"], 0);
    assert_eq!(trace_of(&q, "points")["reason"], "points are disabled");
}

#[test]
fn excluded_categories_do_not_earn() {
    let mut c = cart(&[("40.00", 1), ("20.00", 1)]);
    c["lines"][1]["categories"] = json!(["gift-cards"]);
    let program = |base: &str| {
        points_program(json!({ "enabled": true, "pointsPerUnit": "1", "base": base,
            "excludeCategories": ["gift-cards"] }))
    };
    // 5.00 off spread 3.33 / 1.67: the wine line keeps 36.67.
    let q = quote(&engine(program("afterDiscounts")), y_customer(), c.clone());
    assert_eq!(line_discounts(&q), ["3.33", "1.67"]);
    assert_eq!(q["points"]["earned"], 36);
    let p = points_of(program("beforeDiscounts"), y_customer(), c);
    assert_eq!(p["earned"], 40);
}

#[test]
fn the_largest_segment_multiplier_applies() {
    let program = points_program(
        json!({ "enabled": true, "pointsPerUnit": "1", "multipliers": [
        { "segment": "customers", "factor": "1.5" },
        { "segment": "y", "factor": "3" },
        { "segment": "loyal", "factor": "2" } ] }),
    );
    let mut loyal_y = y_customer();
    loyal_y["orders"] = json!([
        { "id": "o1", "placedAt": "2025-01-01T00:00:00Z", "status": "paid", "total": "10" },
        { "id": "o2", "placedAt": "2025-02-01T00:00:00Z", "status": "paid", "total": "10" } ]);
    let p = points_of(program.clone(), loyal_y, cart(&[("60.00", 1)]));
    assert_eq!(p["multiplier"], "3");
    assert_eq!(p["earned"], 165);
    // Only "customers": 55.00 × 1.5 = 82.5 → 82.
    let mut one_order = y_customer();
    one_order["tags"] = json!(["z"]);
    one_order["orders"] = json!([
        { "id": "o1", "placedAt": "2025-01-01T00:00:00Z", "status": "paid", "total": "10" } ]);
    let p = points_of(program.clone(), one_order, cart(&[("55.00", 1)]));
    assert_eq!(p["multiplier"], "1.5");
    assert_eq!(p["earned"], 82);
    // No matching segment: 1.
    let p = points_of(program, json!({ "id": "n" }), cart(&[("55.00", 1)]));
    assert_eq!(p["multiplier"], "1");
    assert_eq!(p["earned"], 55);
}

#[test]
fn earn_points_false_blocks_points() {
    let mut program = seed();
    program["segments"] = json!([
        { "id": "y", "rule": { "field": "customer.tags", "op": "contains", "value": "y" } },
        { "id": "stingy", "rule": { "field": "customer.tags", "op": "contains", "value": "stingy" } }
    ]);
    program["offers"].as_array_mut().unwrap().push(
        json!({ "id": "no-points", "segment": "stingy", "earnPoints": false,
            "discountEnabled": false, "brackets": [] }),
    );
    let e = engine(program);
    let mut stingy = y_customer();
    stingy["tags"] = json!(["y", "stingy"]);
    let q = quote(&e, stingy, cart(&[("60.00", 1)]));
    // The Y discount still applies; only the points are blocked.
    assert_eq!(q["totals"]["discount"], "5.00");
    assert_eq!(q["points"]["earned"], 0);
    assert_eq!(q["points"]["balance"], 120);
    assert_eq!(
        trace_of(&q, "points")["reason"],
        "offer no-points does not earn points"
    );
    let q = quote(&e, y_customer(), cart(&[("60.00", 1)]));
    assert_eq!(q["points"]["earned"], 55);
}

#[test]
fn guests_and_deactivated_customers_earn_nothing() {
    let e = engine(seed());
    let q = quote(&e, Value::Null, cart(&[("60.00", 1)]));
    assert_eq!(
        q["points"],
        json!({ "earned": 0, "redeemed": 0, "balance": 0, "multiplier": "1" })
    );
    let mut gone = y_customer();
    gone["status"] = json!("deactivated");
    gone["pointsBalance"] = json!(1200);
    let q = quote(&e, gone, cart(&[("60.00", 1)]));
    assert_eq!(q["offer"], Value::Null);
    assert_eq!(q["points"]["earned"], 0);
    // The stored balance is still the customer's: balance = pointsBalance − redeemed.
    assert_eq!(q["points"]["balance"], 1200);
    assert_eq!(
        trace_of(&q, "points")["reason"],
        "deactivated customers earn no points"
    );
}

// ---------------------------------------------------------------- trace

#[test]
fn the_trace_lists_every_offer_and_code_considered() {
    let mut program = seed();
    program["offers"].as_array_mut().unwrap().push(json!(
        { "id": "later", "validFrom": "2027-01-01T00:00:00Z", "brackets": [ { "minSubtotal": "0", "freeShipping": true } ] }));
    let q = quote(
        &engine(program),
        y_customer(),
        with_codes(cart(&[("60.00", 1)]), &["OLD", "TENOFF"]),
    );
    let trace: Vec<(String, String, Value)> = q["trace"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["rule"].as_str().unwrap().to_string(),
                t["outcome"].as_str().unwrap().to_string(),
                t["reason"].clone(),
            )
        })
        .collect();
    assert_eq!(
        trace,
        [
            (
                "offer:y-tiers".to_string(),
                "withheld".to_string(),
                json!("the offer's discount does not combine with promo code TENOFF")
            ),
            (
                "offer:later".to_string(),
                "skipped".to_string(),
                json!("not valid before 2027-01-01T00:00:00Z")
            ),
            (
                "promo:OLD".to_string(),
                "rejected".to_string(),
                json!("expired on 2026-01-01T00:00:00Z")
            ),
            (
                "promo:TENOFF".to_string(),
                "applied".to_string(),
                Value::Null
            ),
            ("points".to_string(), "applied".to_string(), Value::Null),
        ]
    );
    // Every entry that did not apply says why.
    for (rule, outcome, reason) in &trace {
        assert_eq!(outcome == "applied", reason.is_null(), "{rule}");
    }
}

// ---------------------------------------------------------------- prepared customers

#[test]
fn a_prepared_customer_quotes_like_the_full_request() {
    let e = engine(seed());
    let mut customer = y_customer();
    customer["orders"] = json!([
        { "id": "o1", "placedAt": "2026-11-01T00:00:00Z", "status": "paid", "total": "10", "carrier": "ups" },
        { "id": "o2", "placedAt": "2026-01-01T00:00:00Z", "status": "cancelled", "total": "10" } ]);
    let carts = [
        cart(&[("49.99", 1)]),
        cart(&[("60.00", 1)]),
        with_codes(cart(&[("150.00", 1)]), &["WELCOME15"]),
        cart(&[("43.00", 1), ("14.00", 1), ("23.00", 1)]),
    ];
    let first = json!({ "now": NOW, "customer": customer, "cart": carts[0] }).to_string();
    let first = parse_request(&mut serde_json::Deserializer::from_str(&first)).unwrap();
    let prepared = e
        .prepare_customer(first.customer.as_ref().unwrap())
        .unwrap();
    assert_eq!(prepared.id(), "c-y");
    for c in &carts {
        let text = json!({ "now": NOW, "customer": customer, "cart": c }).to_string();
        let request = parse_request(&mut serde_json::Deserializer::from_str(&text)).unwrap();
        let full = e.quote(&request).unwrap();
        let fast = e
            .quote_prepared(Some(&prepared), request.now, &request.cart)
            .unwrap();
        assert_eq!(fast, full);
        assert_eq!(
            serde_json::to_string(&fast).unwrap(),
            e.quote_json(&text).unwrap()
        );
        let cart_text = json!({ "now": NOW, "cart": c }).to_string();
        assert_eq!(
            e.quote_prepared_json(&prepared, &cart_text).unwrap(),
            e.quote_json(&text).unwrap()
        );
        // And for a guest.
        let guest = json!({ "now": NOW, "cart": c }).to_string();
        let guest = parse_request(&mut serde_json::Deserializer::from_str(&guest)).unwrap();
        assert_eq!(
            e.quote_prepared(None, guest.now, &guest.cart).unwrap(),
            e.quote(&guest).unwrap()
        );
    }
    // A prepared customer still meets request validation on the cart.
    let mut bad = carts[1].clone();
    bad["currency"] = json!("USD");
    let bad: checkout_benefits::Cart = serde_json::from_value(bad).unwrap();
    let err = e
        .quote_prepared(Some(&prepared), first.now, &bad)
        .unwrap_err();
    assert_eq!(err.path, "cart.currency");
    // As text: the same paths, and a customer key is refused (the customer is prepared).
    let bad_text = json!({ "now": NOW, "cart": { "currency": "EUR", "lines": [
        { "id": "l1", "productId": "p1", "unitPrice": "-1", "quantity": 1 } ] } })
    .to_string();
    let err = e.quote_prepared_json(&prepared, &bad_text).unwrap_err();
    assert_eq!(err.path, "cart.lines[0].unitPrice");
    let with_customer = json!({ "now": NOW, "customer": customer, "cart": carts[1] }).to_string();
    let err = e
        .quote_prepared_json(&prepared, &with_customer)
        .unwrap_err();
    assert_eq!(
        (err.code, err.path.as_str()),
        (ErrorCode::InvalidRequest, "customer")
    );
}

/// A prepared customer holds its program's group indices and order statuses: another
/// engine refuses it with a clear error (never an out-of-range group or a quote made
/// with the wrong program's statuses), and keeps quoting afterwards.
#[test]
fn a_customer_prepared_by_another_engine_is_refused() {
    let with_groups = Engine::from_json(
        &json!({ "version": 1, "currency": "EUR",
            "groups": [ { "id": "a" }, { "id": "b" }, { "id": "c", "default": true } ] })
        .to_string(),
    )
    .unwrap();
    let plain = Engine::from_json(&json!({ "version": 1, "currency": "EUR" }).to_string()).unwrap();
    let customer: checkout_benefits::Customer =
        serde_json::from_value(json!({ "id": "c1", "group": "c" })).unwrap();
    let prepared = with_groups.prepare_customer(&customer).unwrap();
    let request = json!({ "now": NOW, "cart": { "currency": "EUR", "lines": [
        { "id": "l1", "productId": "p1", "unitPrice": "10", "quantity": 1 } ] } });
    let text = request.to_string();
    let cart: checkout_benefits::Cart = serde_json::from_value(request["cart"].clone()).unwrap();
    let now = parse_request(&mut serde_json::Deserializer::from_str(&text))
        .unwrap()
        .now;

    let err = plain.quote_prepared_json(&prepared, &text).unwrap_err();
    assert_eq!(
        (err.code, err.path.as_str()),
        (ErrorCode::InvalidRequest, "customer")
    );
    assert!(
        err.message.contains("prepared by another engine"),
        "{}",
        err.message
    );
    let err = plain
        .quote_prepared(Some(&prepared), now, &cart)
        .unwrap_err();
    assert_eq!(err.path, "customer");
    // Two engines of the same program are two engines.
    let same_program = Engine::from_json(
        &json!({ "version": 1, "currency": "EUR",
            "groups": [ { "id": "a" }, { "id": "b" }, { "id": "c", "default": true } ] })
        .to_string(),
    )
    .unwrap();
    assert!(same_program.quote_prepared_json(&prepared, &text).is_err());

    // Each engine still quotes: its own prepared customer, a guest, and this one where
    // it belongs (in group `c`).
    let own = plain.prepare_customer(&customer);
    assert_eq!(own.unwrap_err().path, "customer.group");
    assert!(plain.quote_prepared(None, now, &cart).is_ok());
    let quote = with_groups.quote_prepared_json(&prepared, &text).unwrap();
    assert!(quote.contains(r#""group":"c""#), "{quote}");
}
