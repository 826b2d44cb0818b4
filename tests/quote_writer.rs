//! The quote writer (`Quote::to_json`, the bytes every surface returns) against
//! `serde_json`'s serialisation of the same quote, on every fixture that quotes and
//! on generated programs and requests.

#[path = "support/generate.rs"]
mod generate;

use checkout_benefits::{parse_request_json, Engine};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use serde_json::Value;

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
        let Ok(quote) = engine.quote(&req) else {
            continue;
        };
        assert_eq!(
            quote.to_json(),
            serde_json::to_string(&quote).unwrap(),
            "{name}"
        );
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
        let request = parse_request_json(&c.request.to_string()).expect("generated request");
        let quote = engine.quote(&request).expect("generated request quotes");
        prop_assert_eq!(quote.to_json(), serde_json::to_string(&quote).unwrap());
    }
}
