//! Quoting the seed program with fuzzed request text: a quote that adds up, or an error.
#![no_main]

use std::sync::OnceLock;

use checkout_benefits::Engine;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        Engine::from_json(include_str!("../../examples/seed-program.json"))
            .expect("the seed program compiles")
    })
}

fn minor(v: &Value) -> i128 {
    let s = v.as_str().expect("money is a string");
    let digits: String = s.chars().filter(|c| *c != '.').collect();
    digits.parse().expect("money is a decimal")
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let engine = engine();
    match engine.quote_json(text) {
        Ok(quote) => {
            let q: Value = serde_json::from_str(&quote).expect("the quote is JSON");
            let lines = q["lines"].as_array().expect("lines");
            let sum: i128 = lines.iter().map(|l| minor(&l["discount"])).sum();
            assert_eq!(sum, minor(&q["totals"]["discount"]), "{quote}");
            for l in lines {
                let (d, s) = (minor(&l["discount"]), minor(&l["subtotal"]));
                assert!(0 <= d && d <= s, "{quote}");
            }
            for k in ["subtotal", "discount", "shipping", "total"] {
                assert!(minor(&q["totals"][k]) >= 0, "{quote}");
            }
            assert!(minor(&q["shipping"]["discount"]) <= minor(&q["shipping"]["cost"]));
            // Deterministic.
            assert_eq!(engine.quote_json(text).ok().as_deref(), Some(quote.as_str()));
        }
        Err(e) => {
            assert!(!e.message.is_empty());
        }
    }
});
