//! Tests of the JavaScript bindings, run by wasm-bindgen-test in Node.js and in
//! headless Chromium (`scripts/test-js.sh`).

use js_sys::{JsString, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;

use super::{
    apply_points_events, find_customer_by_card, validate_program, PreparedCustomer, WasmEngine,
};

const PROGRAM: &str = r#"{ "version": 1, "currency": "EUR",
  "segments": [ { "id": "y", "rule": { "field": "customer.tags", "op": "contains", "value": "y" } } ],
  "offers": [ { "id": "y-tiers", "segment": "y", "brackets": [
    { "minSubtotal": "50", "discount": { "amount": "5" } },
    { "minSubtotal": "150", "discount": { "percent": "10" }, "freeShipping": true } ] } ] }"#;

const REQUEST: &str = r#"{ "now": "2026-11-22T10:00:00Z",
  "customer": { "id": "c1", "tags": ["y"] },
  "cart": { "currency": "EUR", "lines": [
    { "id": "l1", "productId": "p1", "unitPrice": "60.00", "quantity": 1 } ] } }"#;

fn js(text: &str) -> JsValue {
    JSON::parse(text).expect("test JSON")
}

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).expect("property")
}

fn get_str(v: &JsValue, key: &str) -> String {
    get(v, key).as_string().unwrap_or_default()
}

fn stringify(v: &JsValue) -> String {
    JSON::stringify(v)
        .expect("stringify")
        .as_string()
        .expect("string")
}

fn engine() -> WasmEngine {
    WasmEngine::new(js(PROGRAM)).unwrap_or_else(|_| panic!("the test program compiles"))
}

fn native_quote() -> String {
    crate::Engine::from_json(PROGRAM)
        .and_then(|e| e.quote_json(REQUEST))
        .expect("native quote")
}

/// Asserts `err` is a JS `Error` named CheckoutBenefitsError with this code and path.
fn assert_error(err: &JsValue, code: &str, path: &str) {
    assert!(err.is_instance_of::<js_sys::Error>(), "a real Error object");
    assert_eq!(get_str(err, "name"), "CheckoutBenefitsError");
    assert_eq!(get_str(err, "code"), code);
    assert_eq!(get_str(err, "path"), path);
    assert!(!get_str(err, "message").is_empty());
    let problems = get(err, "problems");
    assert!(js_sys::Array::is_array(&problems));
    let first = js_sys::Array::from(&problems).get(0);
    assert_eq!(get_str(&first, "code"), code);
    assert_eq!(get_str(&first, "path"), path);
}

#[wasm_bindgen_test]
fn quote_and_quote_json_match_the_native_engine_byte_for_byte() {
    let e = engine();
    let native = native_quote();
    assert_eq!(e.quote_json(REQUEST.into()).ok(), Some(native.clone()));
    let quote = e.quote(js(REQUEST)).unwrap_or_else(|_| panic!("quote"));
    assert_eq!(stringify(&quote), native);
    assert!(native.contains(r#""total":"55.00""#), "{native}");
}

#[wasm_bindgen_test]
fn quote_for_a_prepared_customer_matches_quote() {
    let e = engine();
    let request = js(REQUEST);
    let prepared: PreparedCustomer = e
        .prepare_customer(get(&request, "customer"))
        .unwrap_or_else(|_| panic!("prepare"));
    let input = js_sys::Object::new();
    Reflect::set(&input, &"now".into(), &get(&request, "now")).unwrap();
    Reflect::set(&input, &"cart".into(), &get(&request, "cart")).unwrap();
    let text = stringify(&input);
    let quote = e
        .quote_for(&prepared, input.into())
        .unwrap_or_else(|_| panic!("quoteFor"));
    assert_eq!(stringify(&quote), native_quote());
    let quote = e
        .quote_for_json(&prepared, text.as_str().into())
        .unwrap_or_else(|_| panic!("quoteForJson"));
    assert_eq!(quote, native_quote());
    // The customer is the prepared one; a request that names one is refused.
    let err = e
        .quote_for_json(&prepared, REQUEST.into())
        .expect_err("a customer key is refused");
    assert_error(&err, "invalid_request", "customer");
    let err = e
        .quote_for_json(&prepared, JsValue::NULL)
        .expect_err("text only");
    assert_error(&err, "invalid_request", "");
}

#[wasm_bindgen_test]
fn a_bad_program_throws_an_error_with_code_and_path() {
    let program = PROGRAM.replacen(r#""minSubtotal": "150""#, r#""minSubtotal": "40""#, 1);
    let err = WasmEngine::new(js(&program)).err().expect("refused");
    assert_error(&err, "invalid_program", "offers[0].brackets[1].minSubtotal");
}

#[wasm_bindgen_test]
fn an_unknown_key_is_refused_with_its_path() {
    let program = PROGRAM.replacen(
        r#""currency": "EUR""#,
        r#""currency": "EUR", "curency": "EUR""#,
        1,
    );
    let err = WasmEngine::new(js(&program)).err().expect("refused");
    assert_error(&err, "invalid_program", "curency");
}

#[wasm_bindgen_test]
fn the_engine_keeps_working_after_errors() {
    let e = engine();
    let bad = REQUEST.replacen(r#""quantity": 1"#, r#""quantity": "x""#, 1);
    let err = e.quote(js(&bad)).expect_err("refused");
    assert_error(&err, "invalid_request", "cart.lines[0].quantity");
    let err = e.quote_json("{ not json".into()).expect_err("refused");
    assert!(err.is_instance_of::<js_sys::Error>());
    assert_eq!(get_str(&err, "code"), "invalid_request");
    let err = e.quote(JsValue::UNDEFINED).expect_err("refused");
    assert_eq!(get_str(&err, "code"), "invalid_request");
    assert_eq!(e.quote_json(REQUEST.into()).ok(), Some(native_quote()));
}

#[wasm_bindgen_test]
fn quote_json_takes_text_only() {
    let e = engine();
    for not_text in [JsValue::UNDEFINED, JsValue::NULL, 42.into(), js(REQUEST)] {
        let err = e.quote_json(not_text).expect_err("refused");
        assert_error(&err, "invalid_request", "");
    }
    assert_eq!(e.quote_json(REQUEST.into()).ok(), Some(native_quote()));
}

#[wasm_bindgen_test]
fn text_beyond_ascii_crosses_the_boundary_intact() {
    // Non-ASCII ids travel as UTF-8 (the host's encoder) and come back unchanged.
    let request = REQUEST.replacen(r#""id": "l1""#, r#""id": "ligne-été-☕-𝄞""#, 1);
    assert_ne!(request, REQUEST, "the test request has a line l1");
    let native = crate::Engine::from_json(PROGRAM)
        .and_then(|e| e.quote_json(&request))
        .expect("native quote");
    assert!(native.contains("ligne-été-☕-𝄞"));
    assert_eq!(
        engine().quote_json(request.as_str().into()).ok(),
        Some(native)
    );
}

#[wasm_bindgen_test]
fn text_mostly_beyond_ascii_crosses_the_boundary_intact() {
    // Far more UTF-8 bytes than UTF-16 units: the text is encoded again into a buffer
    // for the worst case.
    let id = format!("{}{}", "☕".repeat(60), "𝄞".repeat(30));
    let request = REQUEST
        .replacen(r#""id": "l1""#, &format!(r#""id": "{id}""#), 1)
        .replacen(
            r#""productId": "p1""#,
            &format!(r#""productId": "é{id}""#),
            1,
        );
    let units = request.encode_utf16().count();
    assert!(
        request.len() > units + units / 8 + 16,
        "more than the first buffer holds"
    );
    let native = crate::Engine::from_json(PROGRAM)
        .and_then(|e| e.quote_json(&request))
        .expect("native quote");
    assert!(native.contains(&format!("é{id}")));
    assert_eq!(
        engine().quote_json(request.as_str().into()).ok(),
        Some(native)
    );
}

fn native_quote_of(request: &str) -> String {
    crate::Engine::from_json(PROGRAM)
        .and_then(|e| e.quote_json(request))
        .expect("native quote")
}

#[wasm_bindgen_test]
fn texts_that_fill_the_first_buffer_to_its_last_bytes_are_read_whole() {
    // The first buffer holds units + units / 8 + 16 bytes; a ☕ is one UTF-16 unit and
    // three bytes, an é one unit and two, 𝄞 two units and four bytes. Texts ending in
    // them leave 0, 1, 2 or 3 bytes of that buffer over, where the encoder stops before
    // a last character that does not fit: every one must come through whole.
    let mut left_over = std::collections::BTreeSet::new();
    for ascii in [0, 1, 7, 100] {
        for n in 0..40 {
            for tail in ["", "é", "éé", "𝄞", "é𝄞"] {
                let text = format!("{}{}{tail}", "x".repeat(ascii), "☕".repeat(n));
                let units = text.encode_utf16().count();
                if let Some(left) = (units + units / 8 + 16).checked_sub(text.len()) {
                    left_over.insert(left);
                }
                assert_eq!(super::rust_text(&JsString::from(text.as_str())), text);
            }
        }
    }
    assert!(
        (0..4).all(|left| left_over.contains(&left)),
        "the texts reach the first buffer's last bytes: {left_over:?}"
    );
}

#[wasm_bindgen_test]
fn request_texts_of_every_size_and_kind_follow_one_another_intact() {
    // One engine, one request after another: a short one after a long one, one of
    // 1.5 MB, texts beyond ASCII and a lone surrogate (read as U+FFFD, as the host's
    // encoder writes it) must each be read as themselves.
    let e = engine();
    let padded = |n: usize| REQUEST.replacen('{', &format!("{{{}", " ".repeat(n)), 1);
    let beyond = REQUEST.replacen(r#""l1""#, r#""ligne-été-☕-𝄞""#, 1);
    let (before, after) = REQUEST.split_once(r#""l1""#).expect("the line id");
    let lone = JsString::from(format!(r#"{before}"l"#))
        .concat(&JsString::from_char_code1(0xd800))
        .concat(&JsString::from(format!(r#"1"{after}"#)));
    let lone_native = REQUEST.replacen(r#""l1""#, "\"l\u{fffd}1\"", 1);
    assert!(native_quote_of(&lone_native).contains("l\u{fffd}1"));
    let texts: Vec<(JsValue, String)> = [
        padded(20_000),
        REQUEST.to_owned(),
        padded(1_500_000),
        REQUEST.to_owned(),
        beyond.clone(),
        REQUEST.to_owned(),
    ]
    .into_iter()
    .map(|t| (JsValue::from(t.as_str()), t))
    .chain([(lone.into(), lone_native), (beyond.as_str().into(), beyond)])
    .collect();
    for (round, (js_text, text)) in texts.into_iter().enumerate() {
        let quote = e.quote_json(js_text).ok();
        assert_eq!(quote, Some(native_quote_of(&text)), "text {round}");
    }
}

#[wasm_bindgen_test]
fn values_that_are_not_json_are_refused_not_panicked_on() {
    let e = engine();
    let request = js(REQUEST);
    Reflect::set(&request, &"cart".into(), &js_sys::BigInt::from(7u32).into()).unwrap();
    let err = e.quote(request).expect_err("refused");
    assert_eq!(get_str(&err, "code"), "invalid_request");
    let cyclic = js_sys::Object::new();
    Reflect::set(&cyclic, &"self".into(), &cyclic).unwrap();
    let err = WasmEngine::new(cyclic.into()).err().expect("refused");
    assert_eq!(get_str(&err, "code"), "invalid_program");
}

#[wasm_bindgen_test]
fn now_defaults_to_the_current_time_without_touching_the_request() {
    let e = engine();
    let request = js(REQUEST);
    Reflect::delete_property(request.unchecked_ref::<js_sys::Object>(), &"now".into()).unwrap();
    let quote = e
        .quote(request.clone())
        .unwrap_or_else(|_| panic!("quote without now"));
    assert!(
        get(&request, "now").is_undefined(),
        "the caller's object is unchanged"
    );
    assert_eq!(
        get_str(&get(&quote, "totals"), "total"),
        "55.00",
        "{}",
        stringify(&quote)
    );
    // quoteJson keeps the core's rule: `now` is required there.
    let text = stringify(&request);
    let err = e
        .quote_json(text.as_str().into())
        .expect_err("now is required in quoteJson");
    assert_error(&err, "invalid_request", "now");
}

#[wasm_bindgen_test]
fn validate_program_lists_problems() {
    let ok = validate_program(js(PROGRAM)).unwrap_or_else(|_| panic!("validate"));
    assert_eq!(stringify(&ok), "[]");
    let bad = PROGRAM.replacen(r#""currency": "EUR""#, r#""currency": "EURO""#, 1);
    let problems = validate_program(js(&bad)).unwrap_or_else(|_| panic!("validate"));
    let problems = js_sys::Array::from(&problems);
    assert!(problems.length() >= 1);
    assert_eq!(get_str(&problems.get(0), "path"), "currency");
    assert_eq!(get_str(&problems.get(0), "code"), "invalid_program");
}

#[wasm_bindgen_test]
fn the_version_is_the_crate_version() {
    assert_eq!(super::package_version(), env!("CARGO_PKG_VERSION"));
}

#[wasm_bindgen_test]
fn recalculation_answers_every_record_in_order() {
    let program = js(r#"{ "version": 1, "currency": "USD",
      "cumulativeDiscount": { "enabled": true, "ranges": [ { "from": "300", "percent": "10" } ] } }"#);
    let customers = js(r#"[
      { "id": "c1", "orders": [ { "id": "o1", "placedAt": "2026-11-01T10:00:00Z", "status": "completed", "total": "300" } ] },
      { "id": "c2", "orders": [ { "id": "o1", "placedAt": "2026-11-01T10:00:00Z", "status": "completed", "total": "x" } ] },
      { "id": "c3", "cumulativeDiscount": "5" } ]"#);
    let out = super::recalculate_cumulative_discounts(
        program.clone(),
        customers.clone(),
        JsValue::from_str("2026-11-22T10:00:00Z"),
    )
    .unwrap_or_else(|_| panic!("recalculate"));
    let out = js_sys::Array::from(&out);
    assert_eq!(out.length(), 3);
    assert_eq!(
        stringify(&out.get(0)),
        r#"{"id":"c1","previous":"0","cumulativeDiscount":"10"}"#
    );
    let bad = out.get(1);
    assert_eq!(get(&bad, "index").as_f64(), Some(1.0));
    assert_eq!(get_str(&bad, "id"), "c2");
    assert_eq!(get_str(&bad, "code"), "invalid_request");
    assert_eq!(get_str(&bad, "path"), "orders[0].total");
    assert!(get_str(&bad, "message").contains("`x`"));
    assert_eq!(
        stringify(&out.get(2)),
        r#"{"id":"c3","previous":"5","cumulativeDiscount":"5"}"#
    );
    let err = super::recalculate_cumulative_discounts(
        program.clone(),
        customers.clone(),
        JsValue::from_str("yesterday"),
    )
    .expect_err("a bad now is refused");
    assert_error(&err, "invalid_request", "now");
    let no_cumulative = js(r#"{ "version": 1, "currency": "USD" }"#);
    let err = super::recalculate_cumulative_discounts(no_cumulative, customers, JsValue::UNDEFINED)
        .expect_err("nothing to recalculate");
    assert_error(&err, "invalid_program", "cumulativeDiscount");
}

#[wasm_bindgen_test]
fn points_events_are_applied_once_and_never_below_zero() {
    let events = js(r#"[
        { "id": "e1", "type": "earned", "points": 50, "orderId": "o1", "at": "2026-11-01T10:00:00Z" },
        { "id": "e1", "type": "earned", "points": 50, "orderId": "o1", "at": "2026-11-01T10:00:00Z" },
        { "id": "e2", "type": "redeemed", "points": 500, "at": "2026-11-02T10:00:00Z" }
    ]"#);
    let report = apply_points_events(JsValue::from_f64(100.0), events).unwrap();
    let native = crate::ledger_json(
        100,
        r#"[{"id":"e1","type":"earned","points":50,"orderId":"o1","at":"2026-11-01T10:00:00Z"},{"id":"e1","type":"earned","points":50,"orderId":"o1","at":"2026-11-01T10:00:00Z"},{"id":"e2","type":"redeemed","points":500,"at":"2026-11-02T10:00:00Z"}]"#,
    )
    .unwrap();
    assert_eq!(stringify(&report), native);
    assert_eq!(get(&report, "balance").as_f64(), Some(150.0));
    let err = apply_points_events(JsValue::from_f64(-1.0), js("[]")).unwrap_err();
    assert_error(&err, "invalid_request", "openingBalance");
    let err = apply_points_events(JsValue::from_f64(0.0), js(r#"[{"id":"x","type":"gift"}]"#))
        .unwrap_err();
    assert_eq!(get_str(&err, "path"), "events[0].type");
}

#[wasm_bindgen_test]
fn a_customer_is_found_by_card_number() {
    let customers = js(r#"[{ "id": "a" }, { "id": "b", "discountCard": "2900 0000 1234 5" }]"#);
    assert_eq!(
        find_customer_by_card(customers.clone(), "2900000012345").unwrap(),
        1
    );
    assert_eq!(find_customer_by_card(customers, "123").unwrap(), -1);
    assert!(find_customer_by_card(js("{}"), "1").is_err());
}

/// A JSON number of many digits is read as the float JavaScript's `JSON.parse` reads
/// (read by `crate::jsontext`, whose float `crate::nearest` moves to the nearest).
#[wasm_bindgen_test]
fn numbers_of_many_digits_read_as_json_parse_reads_them() {
    let mut next = crate::testing::xorshift(0x2545_f491_4f6c_dd1d);
    let mut moved = 0;
    for i in 0..20_000 {
        let token = match i % 3 {
            // A price as JavaScript arithmetic leaves it, as `JSON.stringify` writes it.
            0 => stringify(&JsValue::from_f64(
                (next() % 100_000_000) as f64 / 100.0 * 1.19,
            )),
            // 16 to 27 digits, with a point or an exponent.
            1 => {
                let digits: String = (0..16 + next() % 12)
                    .map(|_| char::from(b'0' + (next() % 10) as u8))
                    .collect();
                let point = 1 + (next() % 15) as usize;
                if next() % 2 == 0 {
                    format!("1{}.{}", &digits[..point], &digits[point..])
                } else {
                    format!("1{digits}e-{}", next() % 40)
                }
            }
            _ => stringify(&JsValue::from_f64(f64::from_bits(next() >> 2))),
        };
        let want = js(&token).as_f64().expect("a number");
        let Some(crate::jsondoc::Doc::Float(got)) = crate::jsontext::number(&token) else {
            // Integers that fit 64 bits are read exactly, not as floats.
            continue;
        };
        assert_eq!(
            got.to_bits(),
            want.to_bits(),
            "{token}: {got:?}, not {want:?}"
        );
        let approx: f64 = serde_json::from_str(&token).expect("a JSON number");
        moved += usize::from(approx.to_bits() != want.to_bits());
    }
    // serde_json's own float was off for some of them: the check is not idle.
    assert!(moved > 500, "moved {moved}");
}
