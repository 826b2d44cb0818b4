//! Generates program/request pairs with the native quote (or error) of each, as NDJSON,
//! for the differential test of the native crate against the Wasm package
//! (tests/js/differential.test.mjs).
//!
//! ```text
//! cargo run --example gen_cases -- --count 10000 --seed 20261122 --out target/diff/cases.ndjson
//! ```
//!
//! The same seed always gives the same file. Most cases are valid; about one in
//! twelve carries a defect (in the program or the request) so that errors are
//! compared too, and about one in seven has its prices written as JSON numbers as
//! JavaScript arithmetic leaves them (long numbers, mostly refused). Each line is
//! `{"case", "program", "requestText", "quote": string|null, "error": {code,path,message}|null}`.

#[path = "../tests/support/generate.rs"]
mod generate;

use std::io::{BufWriter, Write};

use checkout_benefits::Engine;
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::{json, Value};

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

/// A defect that makes the program or the request invalid (the native error is recorded).
fn defect(kind: u64, program: &mut Value, request: &mut Value) {
    let lines = request["cart"]["lines"].as_array().map_or(0, Vec::len);
    match kind % 12 {
        0 if lines > 0 => request["cart"]["lines"][0]["quantity"] = json!(0),
        1 if lines > 0 => request["cart"]["lines"][0]["unitPrice"] = json!("1e3"),
        2 => request["cart"]["currency"] = json!("GBP"),
        3 => request["now"] = json!("2026-11-22T10:00:00"),
        4 => request["cart"]["extra"] = json!(true),
        5 if lines > 0 => request["cart"]["lines"][0]["id"] = json!("x".repeat(129)),
        6 => program["version"] = json!(2),
        7 => program["currency"] = json!("EURO"),
        8 => {
            program["offers"] = json!([{"id": "bad", "brackets": [
            {"minSubtotal": "10", "discount": {"percent": "0"}}]}])
        }
        9 => program["segments"] = json!([{"id": "z", "rule": {"segment": "nobody"}}]),
        10 => program["__proto__"] = json!({"x": 1}),
        _ => {
            request["cart"]["lines"] =
                json!([{"id": "a", "productId": "p", "unitPrice": "NaN", "quantity": 1}])
        }
    }
}

/// Every line's unit price as a JSON number, times a rate, as JavaScript arithmetic
/// leaves a price (`12.34 * 1.19` is 14.684599999999998): many have 16 or 17 digits,
/// which the Wasm build reads through `src/nearest.rs` and the native one through
/// serde_json's `float_roundtrip`. Most have more decimal places than an amount may
/// have and are refused, with the count of them in the message.
fn prices_from_arithmetic(kind: u64, request: &mut Value) {
    let rate = [1.19, 1.1, 0.85, 1.07, 3.0][(kind % 5) as usize];
    if let Some(lines) = request["cart"]["lines"].as_array_mut() {
        for line in lines {
            if let Some(price) = line["unitPrice"]
                .as_str()
                .and_then(|p| p.parse::<f64>().ok())
            {
                line["unitPrice"] = json!(price * rate);
            }
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let count: usize = arg(&args, "--count").map_or(10_000, |v| v.parse().expect("--count N"));
    let seed: u64 = arg(&args, "--seed").map_or(20_261_122, |v| v.parse().expect("--seed N"));
    let out = arg(&args, "--out").unwrap_or_else(|| "target/diff/cases.ndjson".to_string());
    if let Some(dir) = std::path::Path::new(&out).parent() {
        std::fs::create_dir_all(dir).expect("create the output directory");
    }
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &bytes);
    let mut runner = TestRunner::new_with_rng(Config::default(), rng);
    let strategy = generate::case();
    let mut w = BufWriter::new(std::fs::File::create(&out).expect("create the output file"));
    let (mut quotes, mut errors) = (0usize, 0usize);
    for i in 0..count {
        let case = strategy
            .new_tree(&mut runner)
            .expect("a generated case")
            .current();
        let mut program = case.prog.json;
        let mut request = case.request;
        if i % 12 == 5 {
            defect(i as u64 / 12, &mut program, &mut request);
        } else if i % 7 == 3 {
            prices_from_arithmetic(i as u64 / 7, &mut request);
        }
        let request_text = request.to_string();
        let result =
            Engine::from_json(&program.to_string()).and_then(|e| e.quote_json(&request_text));
        let (quote, error) = match result {
            Ok(q) => {
                quotes += 1;
                (Value::String(q), Value::Null)
            }
            Err(e) => {
                errors += 1;
                (
                    Value::Null,
                    json!({"code": e.code.as_str(), "path": e.path, "message": e.message}),
                )
            }
        };
        let line = json!({"case": i, "program": program, "requestText": request_text,
            "quote": quote, "error": error});
        writeln!(w, "{line}").expect("write a case");
    }
    w.flush().expect("flush");
    eprintln!(
        "gen_cases: {count} cases ({quotes} quotes, {errors} errors) from seed {seed} in {out}"
    );
}
