//! The catalogue of bad inputs (`tests/fixtures/bad-*.json`): each one is refused with
//! exactly the code and path it names, never a panic, and the engine keeps working.
//!
//! A fixture holds `program` (or `programText`, the raw JSON text, for inputs a JSON
//! document cannot hold such as duplicate keys), optionally `request` (or
//! `requestText`), and `error: { code, path }`. See tests/fixtures/README.md.

use std::fs;
use std::path::PathBuf;

use checkout_benefits::Engine;
use serde_json::Value;

/// The catalogue must not shrink below this many inputs.
const MINIMUM: usize = 40;

fn catalogue() -> Vec<(String, Value)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out: Vec<(String, Value)> = fs::read_dir(&dir)
        .expect("tests/fixtures exists")
        .filter_map(|e| {
            let name = e.ok()?.file_name().into_string().ok()?;
            (name.starts_with("bad-") && name.ends_with(".json")).then_some(name)
        })
        .map(|name| {
            let text = fs::read_to_string(dir.join(&name)).unwrap();
            let v: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, v)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn text_of(f: &Value, key: &str) -> Option<String> {
    match f.get(format!("{key}Text")) {
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => panic!("{key}Text must be a string"),
        None => f.get(key).map(|v| v.to_string()),
    }
}

/// What the engine says about a fixture: the error it gives, and (for a request error)
/// the engine it was given to.
fn run(f: &Value) -> (Result<String, checkout_benefits::Error>, Option<Engine>) {
    let program = text_of(f, "program").expect("a program or programText");
    let engine = match Engine::from_json(&program) {
        Ok(e) => e,
        Err(e) => return (Err(e), None),
    };
    let request = text_of(f, "request").expect("a valid program needs a request");
    let result = engine.quote_json(&request);
    (result, Some(engine))
}

#[test]
fn catalogue_is_large_enough() {
    let n = catalogue().len();
    println!("bad-input catalogue: {n} fixtures");
    assert!(n >= MINIMUM, "only {n} bad-input fixtures, want {MINIMUM}");
}

#[test]
fn every_bad_input_is_refused_with_its_code_and_path() {
    let mut wrong = Vec::new();
    for (name, f) in catalogue() {
        let want_code = f["error"]["code"].as_str().expect("error.code");
        let want_path = f["error"]["path"].as_str().expect("error.path");
        let (result, engine) = run(&f);
        match result {
            Ok(q) => wrong.push(format!("{name}: accepted, quoted {q}")),
            Err(e) => {
                if e.code.as_str() != want_code || e.path != want_path {
                    wrong.push(format!(
                        "{name}: want {want_code} at `{want_path}`, got {} at `{}`: {}",
                        e.code.as_str(),
                        e.path,
                        e.message
                    ));
                }
                if e.message.trim().is_empty() {
                    wrong.push(format!("{name}: empty message"));
                }
                // Every problem listed is one the error names, with a message.
                for p in e.problems() {
                    assert!(!p.message.is_empty(), "{name}: {p:?}");
                }
            }
        }
        // The engine that refused a request still quotes a good one.
        if let Some(engine) = engine {
            let good = r#"{"now":"2026-11-22T10:00:00Z","cart":{"currency":"EUR","lines":[
                {"id":"l1","productId":"p1","unitPrice":"12.50","quantity":2}]}}"#;
            let q = engine
                .quote_json(good)
                .unwrap_or_else(|e| panic!("{name}: engine unusable after the error: {e}"));
            assert!(
                q.contains(r#""totals":{"subtotal":"25.00","discount":"0.00""#),
                "{name}: {q}"
            );
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
