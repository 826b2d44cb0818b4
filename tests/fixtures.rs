//! Runs every shared fixture in `tests/fixtures/*.json` through the native engine.
//!
//! A fixture is `{ description, program, request, quote }` or, for bad input,
//! `{ description, program, request?, error: { code, path } }`. The error belongs to the
//! program when `request` is absent or when the program itself is invalid.

use std::fs;
use std::path::{Path, PathBuf};

use checkout_benefits::{parse_customer_json, parse_request, Engine, Error};
use serde_json::Value;

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn fixture_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(fixture_dir())
        .expect("tests/fixtures exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

fn error_matches(err: &Error, expected: &Value) -> Result<(), String> {
    let code = expected.get("code").and_then(Value::as_str);
    let path = expected.get("path").and_then(Value::as_str);
    if code != Some(err.code.as_str()) || path != Some(err.path.as_str()) {
        return Err(format!(
            "expected error {}, got {}",
            expected,
            err.to_json()
        ));
    }
    if err.message.trim().is_empty() {
        return Err("the error message is empty".to_string());
    }
    Ok(())
}

/// `v` as compact JSON with every string value written with escapes, as some JSON
/// writers do (Python's `json.dumps` escapes every character beyond ASCII, PHP's
/// `json_encode` every `/`): every other character as `\uXXXX` (a surrogate pair
/// beyond the basic plane), `/` as `\/`. Keys are written plainly.
fn escaped_values(v: &Value) -> String {
    match v {
        Value::String(s) => {
            let mut out = String::from('"');
            for (i, ch) in s.chars().enumerate() {
                if ch == '/' {
                    out.push_str("\\/");
                } else if i % 2 == 0 {
                    let mut units = [0u16; 2];
                    for unit in ch.encode_utf16(&mut units) {
                        out.push_str(&format!("\\u{unit:04x}"));
                    }
                } else {
                    let plain = Value::from(ch.to_string()).to_string();
                    out.push_str(&plain[1..plain.len() - 1]);
                }
            }
            out + "\""
        }
        Value::Array(a) => {
            let items: Vec<String> = a.iter().map(escaped_values).collect();
            format!("[{}]", items.join(","))
        }
        Value::Object(m) => {
            let members: Vec<String> = m
                .iter()
                .map(|(k, x)| format!("{}:{}", Value::from(k.as_str()), escaped_values(x)))
                .collect();
            format!("{{{}}}", members.join(","))
        }
        scalar => scalar.to_string(),
    }
}

/// Runs one fixture; `Err` says what went wrong.
fn run_fixture(path: &Path) -> Result<(), String> {
    let text = fs::read_to_string(path).map_err(|e| format!("cannot read: {e}"))?;
    let fixture: Value = serde_json::from_str(&text).map_err(|e| format!("not JSON: {e}"))?;
    let obj = fixture.as_object().ok_or("a fixture must be an object")?;
    for key in obj.keys() {
        if ![
            "description",
            "program",
            "programText",
            "request",
            "requestText",
            "quote",
            "error",
        ]
        .contains(&key.as_str())
        {
            return Err(format!("unknown fixture key `{key}`"));
        }
    }
    match obj.get("description") {
        Some(Value::String(d)) if !d.trim().is_empty() => {}
        _ => return Err("a fixture needs a non-empty `description`".to_string()),
    }
    let (program_text, program) = match (obj.get("program"), obj.get("programText")) {
        (Some(p), None) => (
            serde_json::to_string(p).map_err(|e| e.to_string())?,
            Some(p),
        ),
        (None, Some(Value::String(t))) => (t.clone(), None),
        _ => return Err("a fixture needs `program` or `programText` (a string)".to_string()),
    };
    let expected_quote = obj.get("quote");
    let expected_error = obj.get("error");
    if expected_quote.is_some() == expected_error.is_some() {
        return Err("a fixture has exactly one of `quote` or `error`".to_string());
    }
    let engine = match Engine::from_json(&program_text) {
        Ok(engine) => {
            // The typed and the value entry points agree.
            if let Some(program) = program {
                Engine::from_value(program.clone()).map_err(|e| {
                    format!("from_json accepted the program, from_value refused: {e}")
                })?;
            }
            engine
        }
        Err(err) => {
            return match expected_error {
                Some(expected) => {
                    error_matches(&err, expected)?;
                    let problems = checkout_benefits::validate_program_json(&program_text);
                    if problems.is_empty() {
                        return Err("validate_program_json found no problem".to_string());
                    }
                    if !problems
                        .iter()
                        .any(|p| p.path == err.path && p.code == err.code)
                    {
                        return Err(format!(
                            "validate_program_json does not list the error at `{}`",
                            err.path
                        ));
                    }
                    Ok(())
                }
                None => Err(format!("the program is refused: {}", err.to_json())),
            };
        }
    };
    let request_text = match (obj.get("request"), obj.get("requestText")) {
        (Some(r), None) => serde_json::to_string(r).map_err(|e| e.to_string())?,
        (None, Some(Value::String(t))) => t.clone(),
        _ => {
            return Err(
                "the program is valid, so the fixture needs `request` or `requestText`".to_string(),
            )
        }
    };
    let result = engine.quote_json(&request_text);
    // The same request with its strings written with escapes gets the same bytes.
    if let Some(request) = obj.get("request") {
        let escaped = escaped_values(request);
        let same = match (&result, engine.quote_json(&escaped)) {
            (Ok(a), Ok(b)) => a == &b,
            (Err(a), Err(b)) => a.to_json() == b.to_json(),
            _ => false,
        };
        if !same {
            return Err(format!(
                "the request with escapes is quoted differently: {escaped}"
            ));
        }
        // So is its customer, read alone and prepared, and its cart quoted for it.
        if let Some(customer @ Value::Object(_)) = request.get("customer") {
            let plain = parse_customer_json(&customer.to_string());
            let with_escapes = parse_customer_json(&escaped_values(customer));
            if format!("{plain:?}") != format!("{with_escapes:?}") {
                return Err("the customer with escapes is read differently".to_string());
            }
            if let Ok(prepared) = plain.and_then(|c| engine.prepare_owned(c)) {
                let cart = |write: fn(&Value) -> String| {
                    let now_and_cart: serde_json::Map<String, Value> = request
                        .as_object()
                        .into_iter()
                        .flatten()
                        .filter(|(k, _)| k.as_str() != "customer")
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect();
                    let text = write(&Value::Object(now_and_cart));
                    engine
                        .quote_prepared_json(&prepared, &text)
                        .map_err(|e| e.to_json())
                };
                if cart(Value::to_string) != cart(escaped_values) {
                    return Err("the cart with escapes is quoted differently".to_string());
                }
            }
        }
    }
    match (result, expected_quote, expected_error) {
        (Ok(compact), Some(expected), _) => {
            if compact.contains('\n') || compact.starts_with(' ') {
                return Err("quote_json is not compact".to_string());
            }
            let got: Value =
                serde_json::from_str(&compact).map_err(|e| format!("quote is not JSON: {e}"))?;
            if &got != expected {
                return Err(format!(
                    "quote differs\n  expected: {}\n  got:      {}",
                    serde_json::to_string(expected).unwrap_or_default(),
                    compact
                ));
            }
            // The typed path serializes to the very same bytes as the CLI string.
            let typed = parse_request(&mut serde_json::Deserializer::from_str(&request_text))
                .map_err(|e| format!("parse_request: {e}"))?;
            let quote = engine.quote(&typed).map_err(|e| format!("quote: {e}"))?;
            let again = serde_json::to_string(&quote).map_err(|e| e.to_string())?;
            if again != compact {
                return Err(format!(
                    "quote() and quote_json() differ\n  {again}\n  {compact}"
                ));
            }
            // Quoting twice gives the same bytes (no hidden state).
            let twice = engine
                .quote_json(&request_text)
                .map_err(|e| e.to_string())?;
            if twice != compact {
                return Err("a second quote_json differs from the first".to_string());
            }
            Ok(())
        }
        (Err(err), None, Some(expected)) => {
            error_matches(&err, expected)?;
            // The engine keeps working after a refused request.
            engine
                .quote_json(
                    r#"{"now":"2026-01-01T00:00:00Z","cart":{"currency":"XXX","lines":[]}}"#,
                )
                .map(|_| ())
                .or_else(|e| {
                    if e.path == "cart.currency" {
                        Ok(())
                    } else {
                        Err(format!("engine broken after an error: {e}"))
                    }
                })
        }
        (Ok(compact), None, _) => Err(format!("expected an error, got a quote: {compact}")),
        (Err(err), _, _) => Err(format!("expected a quote, got {}", err.to_json())),
    }
}

#[test]
fn every_fixture_passes() {
    let files = fixture_files();
    assert!(
        files.len() >= 6,
        "expected the shared fixtures in {}",
        fixture_dir().display()
    );
    let mut failures = Vec::new();
    for file in &files {
        let name = file.file_name().unwrap_or_default().to_string_lossy();
        if let Err(why) = run_fixture(file) {
            failures.push(format!("{name}: {why}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} fixtures failed:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n\n")
    );
}

#[test]
fn fixture_names_are_distinct_case_insensitively() {
    let mut names: Vec<String> = fixture_files()
        .iter()
        .map(|p| {
            p.file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .to_lowercase()
        })
        .collect();
    let n = names.len();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), n, "two fixtures differ only by case");
}

#[test]
fn the_runner_notices_a_wrong_quote() {
    // A deliberately wrong expectation must fail, so the runner cannot pass vacuously.
    let dir = std::env::temp_dir().join(format!("cb-fixture-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    let path = dir.join("wrong.json");
    let fixture = serde_json::json!({
        "description": "wrong on purpose",
        "program": { "version": 1, "currency": "EUR" },
        "request": { "now": "2026-11-22T10:00:00Z",
            "cart": { "currency": "EUR", "lines": [
                { "id": "l1", "productId": "p", "unitPrice": "10", "quantity": 1 } ] } },
        "quote": { "currency": "EUR" }
    });
    fs::write(&path, fixture.to_string()).unwrap();
    let verdict = run_fixture(&path);
    let _ = fs::remove_dir_all(&dir);
    assert!(verdict.unwrap_err().contains("quote differs"));
}
