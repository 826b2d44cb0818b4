//! Writes the benchmark inputs (the same ones the criterion benches build in memory)
//! as JSON into `target/bench-inputs/` for the Node benchmarks, and checks that every
//! one compiles and quotes.
//!
//! `cargo run --release --example bench_inputs [OUT_DIR]`

#[path = "../benches/support/gen.rs"]
mod gen;

use std::path::PathBuf;
use std::process::ExitCode;

use checkout_benefits::Engine;
use serde_json::Value;

fn write(dir: &std::path::Path, name: &str, v: &Value) -> std::io::Result<String> {
    let text = serde_json::to_string(v).map_err(std::io::Error::other)?;
    std::fs::write(dir.join(name), &text)?;
    Ok(text)
}

fn run(dir: PathBuf) -> Result<(), String> {
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let lines = |n| gen::Shape {
        lines: n,
        ..gen::TYPICAL
    };
    // (name, shape, ids as stores send them)
    let mut cases: Vec<(String, gen::Shape, bool)> = vec![
        ("typical".to_string(), gen::TYPICAL, false),
        ("large".to_string(), gen::LARGE, false),
        ("lines-200-store-ids".to_string(), lines(200), true),
    ];
    for n in gen::LINE_SERIES {
        cases.push((format!("lines-{n}"), lines(n), false));
    }
    for (name, shape, store_ids) in cases {
        let io = |e: std::io::Error| format!("{name}: {e}");
        let (mut program, mut request) = (gen::program(shape), gen::request(shape));
        if store_ids {
            gen::with_store_ids(&mut program);
            gen::with_store_ids(&mut request);
        }
        let program = write(&dir, &format!("{name}-program.json"), &program).map_err(io)?;
        let request = write(&dir, &format!("{name}-request.json"), &request).map_err(io)?;
        let engine = Engine::from_json(&program).map_err(|e| format!("{name} program: {e:?}"))?;
        let quote = engine
            .quote_json(&request)
            .map_err(|e| format!("{name} request: {e:?}"))?;
        std::fs::write(dir.join(format!("{name}-quote.json")), &quote).map_err(io)?;
        println!(
            "{name}: program {} bytes, request {} bytes, quote {} bytes",
            program.len(),
            request.len(),
            quote.len()
        );
    }
    Ok(())
}

fn main() -> ExitCode {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("target/bench-inputs"));
    match run(dir) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench_inputs: {e}");
            ExitCode::FAILURE
        }
    }
}
