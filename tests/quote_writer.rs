//! The quote writer (`Quote::to_json`, and `quote_json` / `quote_prepared_json`, which
//! write the quote straight from the pipeline's lines: the bytes every surface returns)
//! against `serde_json`'s serialisation of the same quote, on every fixture that quotes
//! and on generated programs and requests.

#[path = "support/generate.rs"]
mod generate;

use checkout_benefits::{parse_request_json, Engine, Request};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use serde_json::Value;

/// The JSON quotes of `request` (`request_text` as text) agree with `serde_json`'s
/// writing of the same quote: `to_json`, `quote_json`, and, for a customer, the
/// prepared customer's `quote_prepared_json`.
fn written_like_serde(
    engine: &Engine,
    request_text: &str,
    request: &Request,
) -> Result<(), String> {
    let quote = engine.quote(request).map_err(|e| e.to_json())?;
    let expected = serde_json::to_string(&quote).unwrap();
    let check = |what: &str, written: String| {
        (written == expected)
            .then_some(())
            .ok_or_else(|| format!("{what}:\n{written}\nserde:\n{expected}"))
    };
    check("to_json", quote.to_json())?;
    check("quote_json", engine.quote_json(request_text).unwrap())?;
    if let Some(customer) = &request.customer {
        let prepared = engine.prepare_customer(customer).unwrap();
        let mut without_customer: Value = serde_json::from_str(request_text).unwrap();
        without_customer.as_object_mut().unwrap().remove("customer");
        let written = engine
            .quote_prepared_json(&prepared, &without_customer.to_string())
            .unwrap();
        check("quote_prepared_json", written)?;
    }
    Ok(())
}

fn fixture_cases() -> Vec<(String, String, String)> {
    let mut cases = Vec::new();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    for path in paths {
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let (Some(program), Some(request)) = (doc.get("program"), doc.get("request")) else {
            continue;
        };
        cases.push((
            path.display().to_string(),
            program.to_string(),
            request.to_string(),
        ));
    }
    cases
}

#[test]
fn the_writer_writes_serde_json_bytes_for_every_fixture_quote() {
    let mut quoted = 0;
    for (name, program, request) in fixture_cases() {
        let Ok(engine) = Engine::from_json(&program) else {
            continue;
        };
        let Ok(req) = parse_request_json(&request) else {
            continue;
        };
        if engine.quote(&req).is_err() {
            continue;
        }
        if let Err(e) = written_like_serde(&engine, &request, &req) {
            panic!("{name}: {e}");
        }
        quoted += 1;
    }
    assert!(quoted >= 50, "only {quoted} fixtures produced a quote");
}

proptest! {
    // A fixed seed: the same 500 cases on every run.
    #![proptest_config(Config {
        cases: 500,
        failure_persistence: None,
        rng_seed: RngSeed::Fixed(20_261_123),
        ..Config::default()
    })]

    #[test]
    fn the_writer_writes_serde_json_bytes_for_generated_quotes(c in generate::case()) {
        let engine = Engine::from_json(&c.prog.json.to_string()).expect("generated program");
        let text = c.request.to_string();
        let request = parse_request_json(&text).expect("generated request");
        let written = written_like_serde(&engine, &text, &request);
        prop_assert!(written.is_ok(), "{}", written.unwrap_err());
    }
}

#[test]
fn discount_sources_that_need_escapes_are_written_like_serde() {
    // Each source's `{"source":…,"amount":` is written once per quote and copied for
    // every line: the offer id and promo code carry a quote, a backslash, a slash and
    // non-ASCII, and both discounts spread over two lines.
    sources_are_written_like_serde("off\"er\\ é/1", "W\"\\€");
}

#[test]
fn discount_sources_of_every_length_are_written_like_serde() {
    // A head of up to 48 bytes is copied as a whole block of 48 and cut to its length:
    // `{"source":"offer:` and `","amount":` take 28 bytes, so ids of 19 to 21 bytes
    // give heads on both sides of the block's end, and longer ones are copied whole.
    for len in [1, 19, 20, 21, 26, 27, 60, 128] {
        let id = "i".repeat(len);
        let code = "C".repeat(len.min(64));
        sources_are_written_like_serde(&id, &code);
    }
}

fn sources_are_written_like_serde(offer: &str, code: &str) {
    let program = serde_json::json!({
        "version": 1, "currency": "EUR",
        "offers": [{"id": offer, "brackets": [
            {"minSubtotal": "0", "discount": {"percent": "10"}}],
            "appliesWithPromoCode": true}],
        "promoCodes": [{"code": code, "discount": {"amount": "3"}}]
    });
    let request = serde_json::json!({
        "now": "2026-11-22T10:00:00Z",
        "customer": {"id": "c1"},
        "cart": {"currency": "EUR", "promoCodes": [code], "lines": [
            {"id": "l1", "productId": "p1", "unitPrice": "20.00", "quantity": 1},
            {"id": "l\"2", "productId": "p\\2", "unitPrice": "5.00", "quantity": 3}]}
    });
    let engine = Engine::from_json(&program.to_string()).unwrap();
    let text = request.to_string();
    let req = parse_request_json(&text).unwrap();
    written_like_serde(&engine, &text, &req).unwrap();
    let quote: Value = serde_json::from_str(&engine.quote_json(&text).unwrap()).unwrap();
    let sources: Vec<Vec<&str>> = quote["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            l["discounts"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["source"].as_str().unwrap())
                .collect()
        })
        .collect();
    let (offer, promo) = (format!("offer:{offer}"), format!("promo:{code}"));
    let both = vec![offer.as_str(), promo.as_str()];
    assert_eq!(sources, vec![both.clone(), both], "{offer} and {promo}");
}

#[test]
fn trace_strings_that_need_escapes_are_written_like_serde() {
    // A trace is copied without looking for escapes when every program id it can quote
    // and every string of the cart needs none. Each case puts a quote or a backslash in
    // exactly one string the trace quotes, everything else plain.
    let line = serde_json::json!(
        {"id": "l1", "productId": "p1", "categories": [], "unitPrice": "20.00", "quantity": 1});
    let cart = |extra: Value| {
        let mut cart = serde_json::json!({"currency": "EUR", "lines": [line.clone()]});
        for (k, v) in extra.as_object().unwrap() {
            cart[k] = v.clone();
        }
        cart
    };
    let cases = [
        (
            "segment id",
            serde_json::json!({"version": 1, "currency": "EUR",
                "segments": [{"id": "v\"ip", "rule": {"field": "customer.tags", "op": "contains", "value": "vip"}}],
                "offers": [{"id": "o1", "segment": "v\"ip", "brackets": [{"minSubtotal": "0", "discount": {"percent": "10"}}]}]}),
            serde_json::json!({"id": "c1"}),
            cart(serde_json::json!({})),
        ),
        (
            "group id",
            serde_json::json!({"version": 1, "currency": "EUR",
                "groups": [{"id": "whole\\sale", "name": "W"}],
                "offers": [{"id": "o1", "group": "whole\\sale", "brackets": [{"minSubtotal": "0", "discount": {"percent": "10"}}]}]}),
            serde_json::json!({"id": "c1"}),
            cart(serde_json::json!({})),
        ),
        (
            "offer id",
            serde_json::json!({"version": 1, "currency": "EUR",
                "offers": [
                    {"id": "a\"1", "brackets": [{"minSubtotal": "0", "discount": {"percent": "10"}}]},
                    {"id": "b1", "brackets": [{"minSubtotal": "0", "discount": {"percent": "5"}}]}]}),
            serde_json::json!({"id": "c1"}),
            cart(serde_json::json!({})),
        ),
        (
            "reward product",
            serde_json::json!({"version": 1, "currency": "EUR",
                "points": {"enabled": true, "pointsPerUnit": "1"},
                "rewards": [{"id": "free-mug", "type": "freeProduct", "pointsCost": 1, "product": "m\"ug", "quantity": 1}]}),
            serde_json::json!({"id": "c1", "pointsBalance": 5}),
            cart(serde_json::json!({"redeem": ["free-mug"]})),
        ),
        (
            "program promo code",
            serde_json::json!({"version": 1, "currency": "EUR",
                "promoCodes": [{"code": "A\\1", "discount": {"amount": "1"}}, {"code": "B2", "discount": {"amount": "2"}}]}),
            serde_json::json!({"id": "c1"}),
            cart(serde_json::json!({"promoCodes": ["a\\1", "B2"]})),
        ),
        (
            "entered promo code",
            serde_json::json!({"version": 1, "currency": "EUR"}),
            serde_json::json!({"id": "c1"}),
            cart(serde_json::json!({"promoCodes": ["no\"such"]})),
        ),
        (
            "gift id",
            serde_json::json!({"version": 1, "currency": "EUR",
                "gifts": [{"id": "m\"ug", "when": {"products": ["p1"], "minQuantity": 2}, "gift": {"product": "mug-01", "quantity": 1}}]}),
            serde_json::json!({"id": "c1"}),
            cart(serde_json::json!({})),
        ),
    ];
    for (what, program, customer, cart) in cases {
        let engine = Engine::from_json(&program.to_string()).unwrap();
        let request = serde_json::json!({
            "now": "2026-11-22T10:00:00Z", "customer": customer, "cart": cart});
        let text = request.to_string();
        let req = parse_request_json(&text).unwrap();
        if let Err(e) = written_like_serde(&engine, &text, &req) {
            panic!("{what}: {e}");
        }
        let quote: Value = serde_json::from_str(&engine.quote_json(&text).unwrap()).unwrap();
        let trace = quote["trace"].to_string();
        assert!(
            trace.contains("\\\"") || trace.contains("\\\\"),
            "{what}: the trace quotes no escaped string: {trace}"
        );
    }
}
