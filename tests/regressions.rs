//! Regressions: inputs that once gave a wrong answer or a poor error, found by the
//! property tests (tests/properties.rs) and the fuzz targets (fuzz/). Each test states
//! the right behaviour.

use checkout_benefits::{Engine, ErrorCode};
use serde_json::{json, Value};

fn quote(program: &Value, request: &Value) -> Value {
    let engine = Engine::from_json(&program.to_string()).expect("program compiles");
    let text = engine
        .quote_json(&request.to_string())
        .expect("request quotes");
    serde_json::from_str(&text).unwrap()
}

fn totals(q: &Value) -> (&str, &str) {
    (
        q["totals"]["discount"].as_str().unwrap(),
        q["totals"]["total"].as_str().unwrap(),
    )
}

/// A free unit is free at what it still costs after cart-wide discounts: 10 % off a
/// line of 2 × 10.00 leaves 9.00 a unit, so one free unit takes 9.00 (not 10.00, which
/// charged 8.00 for the other unit), and splitting the line into 1 + 1 changes nothing.
#[test]
fn free_product_after_a_cart_discount_does_not_depend_on_line_split() {
    let program = json!({"version": 1, "currency": "EUR",
        "promoCodes": [{"code": "TEN", "discount": {"percent": "10"}}],
        "rewards": [{"id": "free-p1", "type": "freeProduct", "pointsCost": 0,
                     "product": "p1", "quantity": 1}]});
    let request = |lines: Value| {
        json!({"now": "2026-11-22T10:00:00Z", "customer": {"id": "c1"},
               "cart": {"currency": "EUR", "lines": lines, "promoCodes": ["TEN"],
                        "redeem": ["free-p1"]}})
    };
    let one = quote(
        &program,
        &request(json!([{"id": "a", "productId": "p1", "unitPrice": "10.00", "quantity": 2}])),
    );
    let split = quote(
        &program,
        &request(json!([
            {"id": "a", "productId": "p1", "unitPrice": "10.00", "quantity": 1},
            {"id": "b", "productId": "p1", "unitPrice": "10.00", "quantity": 1}])),
    );
    assert_eq!(totals(&one), ("11.00", "9.00"), "{one}");
    assert_eq!(totals(&split), ("11.00", "9.00"), "{split}");
    assert_eq!(one["rewards"][0]["discount"], "9.00");
}

/// The JPY case the split property found: a 12.5 % offer, then one free unit of a line
/// of five; splitting that line must not move the total by a yen.
#[test]
fn free_product_in_jpy_is_split_invariant() {
    let program = json!({"version": 1, "currency": "JPY",
        "offers": [{"id": "o1", "brackets": [{"minSubtotal": "103", "discount": {"percent": "12.5"}}]}],
        "rewards": [{"id": "r0", "type": "freeProduct", "pointsCost": 0, "product": "p4", "quantity": 1}]});
    let request = |lines: Value| {
        json!({"now": "2026-03-31T08:00:00+02:00", "customer": {"id": "c1"},
               "cart": {"currency": "JPY", "lines": lines, "redeem": ["r0"]}})
    };
    let base = json!([
        {"id": "l0", "productId": "p1", "unitPrice": "224", "quantity": 6},
        {"id": "l1", "productId": "p2", "unitPrice": "88", "quantity": 5},
        {"id": "l2", "productId": "p4", "unitPrice": "109", "quantity": 5}]);
    let mut split = base.clone();
    split[2]["quantity"] = json!(2);
    split
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "l2b", "productId": "p4", "unitPrice": "109", "quantity": 3}));
    let a = quote(&program, &request(base));
    let b = quote(&program, &request(split));
    assert_eq!(a["totals"], b["totals"]);
    assert_eq!(a["rewards"][0]["discount"], b["rewards"][0]["discount"]);
    // 12.5 % of 2,329 = 291.125 → 291; the free unit is worth 109 × 2,038 / 2,329 = 95.38 → 95.
    assert_eq!(totals(&a), ("386", "1943"), "{a}");
}

/// buyXGetY values its discounted units the same way: after cart-wide discounts.
#[test]
fn buy_x_get_y_after_a_cart_discount_is_split_invariant() {
    let program = json!({"version": 1, "currency": "EUR",
        "promoCodes": [{"code": "TEN", "discount": {"percent": "10"}}],
        "rewards": [{"id": "b2g1", "type": "buyXGetY", "pointsCost": 0,
                     "buy": {"products": ["p1"], "quantity": 2},
                     "get": {"products": ["p1"], "quantity": 1}}]});
    let request = |lines: Value| {
        json!({"now": "2026-11-22T10:00:00Z", "customer": {"id": "c1"},
               "cart": {"currency": "EUR", "lines": lines, "promoCodes": ["TEN"], "redeem": ["b2g1"]}})
    };
    let one = quote(
        &program,
        &request(json!([{"id": "a", "productId": "p1", "unitPrice": "3.33", "quantity": 3}])),
    );
    let split = quote(
        &program,
        &request(json!([
            {"id": "a", "productId": "p1", "unitPrice": "3.33", "quantity": 2},
            {"id": "b", "productId": "p1", "unitPrice": "3.33", "quantity": 1}])),
    );
    assert_eq!(one["totals"], split["totals"]);
    // 10 % of 9.99 = 1.00 (0.999 rounded); the free unit: 3.33 × 8.99 / 9.99 = 2.9967 → 3.00.
    assert_eq!(totals(&one), ("4.00", "5.99"), "{one}");
}

/// A missing or repeated key is reported at the key, not at the object holding it.
#[test]
fn missing_and_repeated_keys_name_the_key() {
    let e = Engine::from_json(r#"{"currency":"EUR"}"#).unwrap_err();
    assert_eq!(
        (e.code, e.path.as_str()),
        (ErrorCode::InvalidProgram, "version")
    );
    let e = Engine::from_json(r#"{"version":1,"currency":"EUR","currency":"USD"}"#).unwrap_err();
    assert_eq!(e.path, "currency");
    let engine = Engine::from_json(r#"{"version":1,"currency":"EUR"}"#).unwrap();
    let e = engine
        .quote_json(
            r#"{"now":"2026-11-22T10:00:00Z","cart":{"currency":"EUR","lines":[
            {"id":"a","productId":"p","unitPrice":"1","quantity":1,"quantity":2}]}}"#,
        )
        .unwrap_err();
    assert_eq!(e.path, "cart.lines[0].quantity");
    let e = engine
        .quote_json(r#"{"cart":{"currency":"EUR","lines":[]}}"#)
        .unwrap_err();
    assert_eq!(e.path, "now");
}

/// A JSON text past the 4 MB limit is refused before it is parsed: a text that is not
/// even JSON gets `limit_exceeded`, not a syntax error.
#[test]
fn text_past_the_size_limit_is_refused_before_parsing() {
    let limit = Engine::from_json(r#"{"version":1,"currency":"EUR"}"#)
        .unwrap()
        .limits()
        .json_bytes;
    assert_eq!(limit, 4 * 1024 * 1024);
    let junk = format!("{{{}", "x".repeat(limit));
    let e = Engine::from_json(&junk).unwrap_err();
    assert_eq!((e.code, e.path.as_str()), (ErrorCode::LimitExceeded, ""));
    let engine = Engine::from_json(r#"{"version":1,"currency":"EUR"}"#).unwrap();
    let e = engine.quote_json(&junk).unwrap_err();
    assert_eq!(e.code, ErrorCode::LimitExceeded, "{e}");
    assert!(e.message.contains("limit"), "{e}");
    // A valid request padded with whitespace past the limit is refused too, at the limit.
    let padded = format!(
        "{}{}",
        " ".repeat(limit),
        r#"{"now":"2026-11-22T10:00:00Z","cart":{"currency":"EUR","lines":[]}}"#
    );
    assert_eq!(
        engine.quote_json(&padded).unwrap_err().code,
        ErrorCode::LimitExceeded
    );
    let just_under = format!(
        "{}{}",
        " ".repeat(limit - 100),
        r#"{"now":"2026-11-22T10:00:00Z","cart":{"currency":"EUR","lines":[]}}"#
    );
    assert!(engine.quote_json(&just_under).is_ok());
    // The engine still works.
    assert!(engine
        .quote_json(r#"{"now":"2026-11-22T10:00:00Z","cart":{"currency":"EUR","lines":[]}}"#)
        .is_ok());
}

/// Found by fuzzing: a backslash before a multi-byte character in an invalid document
/// made the error-path scan slice a string inside a character.
#[test]
fn an_escape_before_a_multi_byte_character_is_an_error_not_a_panic() {
    let text = "\"u\\\u{423}/";
    let problems = checkout_benefits::validate_program_json(text);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].code.as_str(), "invalid_program");
    let key = "{\"a\\\u{423}\": 1}";
    assert_eq!(checkout_benefits::validate_program_json(key).len(), 1);
}

/// A vertical tab is whitespace to `str::trim` (and so to the comparisons on
/// `shipping.*` and `orders.carriers`, which trim both sides), though not to
/// `u8::is_ascii_whitespace`: a lower-case carrier or city with one at either end was
/// once compared untrimmed, and matched nothing.
#[test]
fn a_vertical_tab_around_a_shipping_value_is_trimmed_like_other_whitespace() {
    let program = json!({"version": 1, "currency": "EUR",
        "segments": [
            {"id": "dhl", "rule": {"field": "shipping.carrier", "op": "eq", "value": "dhl"}},
            {"id": "paris", "rule": {"field": "shipping.address.city", "op": "eq", "value": "paris"}},
            {"id": "shipped-dhl", "rule": {"field": "orders.carriers", "op": "contains", "value": "dhl"}}]});
    for pad in ["\u{b}", "\u{c}", "\t", " ", "\n"] {
        let carrier = format!("{pad}dhl");
        let city = format!("paris{pad}");
        let request = json!({"now": "2026-11-22T10:00:00Z",
            "customer": {"id": "c1", "orders": [{"id": "o1", "placedAt": "2026-11-01T10:00:00Z",
                "status": "completed", "total": "10.00", "carrier": format!("dhl{pad}")}]},
            "cart": {"currency": "EUR",
                "shipping": {"carrier": carrier, "cost": "4.90", "address": {"city": city}},
                "lines": [{"id": "l1", "productId": "p1", "unitPrice": "10.00", "quantity": 1}]}});
        let q = quote(&program, &request);
        let segments = &q["customer"]["segments"];
        for id in ["dhl", "paris", "shipped-dhl"] {
            assert!(
                segments.as_array().unwrap().iter().any(|s| s == id),
                "{pad:?}: {id} not in {segments}"
            );
        }
    }
}

/// A JSON number is the number JavaScript means by the same text (its nearest `f64`,
/// read as that float's shortest text). `9429.414999999999` has 16 significant digits;
/// it was once read through a float rounded twice, as `9429.415`, and priced at 9429.42
/// where the same digits as a string gave 9429.41. (Natively serde_json now reads it
/// with `float_roundtrip`; the Wasm build, without it, is checked by the shared fixture
/// `core-number-price-as-javascript-reads-it.json` and `src/nearest.rs`'s tests.)
#[test]
fn a_long_json_number_is_read_as_the_float_javascript_reads() {
    let program = r#"{"version": 1, "currency": "EUR"}"#;
    let engine = Engine::from_json(program).expect("program compiles");
    let price_of = |amount: &str| {
        let request = format!(
            r#"{{"now": "2026-11-22T10:00:00Z", "customer": {{"id": "c1"}},
                "cart": {{"currency": "EUR", "lines": [{{"id": "l1", "productId": "p1",
                "unitPrice": {amount}, "quantity": 1}}]}}}}"#
        );
        let q: Value =
            serde_json::from_str(&engine.quote_json(&request).map_err(|e| e.message)?).unwrap();
        Ok::<_, String>(q["lines"][0]["price"].as_str().unwrap().to_string())
    };
    assert_eq!(price_of("9429.414999999999"), Ok("9429.41".to_string()));
    assert_eq!(price_of("\"9429.414999999999\""), Ok("9429.41".to_string()));
    // The same float given as a value to the readers that take any serde deserializer.
    let request = json!({"now": "2026-11-22T10:00:00Z", "cart": {"currency": "EUR",
        "lines": [{"id": "l1", "productId": "p1", "unitPrice": 9429.414999999999_f64, "quantity": 1}]}});
    let read = checkout_benefits::parse_request(request.clone()).expect("a request");
    assert_eq!(
        read.cart.lines[0].unit_price.to_string(),
        "9429.414999999999"
    );
    let cart = checkout_benefits::parse_cart(request["cart"].clone()).expect("a cart");
    assert_eq!(cart.lines[0].unit_price.to_string(), "9429.414999999999");
    // Prices as JavaScript arithmetic leaves them (a price times a rate), written as
    // `JSON.stringify` writes them: as numbers they must price as their digits do (and
    // be refused alike when they have more decimal places than an amount may have).
    let mut differ = Vec::new();
    for cents in (1..200_000u32).step_by(7) {
        for rate in [1.1, 1.19, 0.85, 3.0, 1.07] {
            let value = f64::from(cents) / 100.0 * rate;
            let text = format!("{value:?}");
            if price_of(&text) != price_of(&format!("\"{text}\"")) {
                differ.push(text);
            }
        }
    }
    assert!(
        differ.is_empty(),
        "{} of them, such as {:?}",
        differ.len(),
        &differ[..differ.len().min(5)]
    );
}
