//! Quotes one request read on stdin with a program read from a file, and prints the
//! quote as compact JSON: the shape of a Shopify Function (input on stdin, output on
//! stdout), built for `wasm32-wasip1` to count the Wasm instructions a quote takes.
//!
//! ```text
//! cargo build --release --example wasi_quote --target wasm32-wasip1
//! wasi_quote PROGRAM.json [--compile-only | --until parse|quote | --prepared] [--repeat N] < REQUEST.json
//! ```
//!
//! `--compile-only` compiles the program and reads the request text without quoting (the
//! baseline subtracted from a full run); `--until parse` also reads the request as
//! `quote_json` does (the customer's orders digested as they are read), and
//! `--until quote` also runs the pipeline but writes no JSON (where a quote's
//! instructions go); `--prepared` digests the request's customer once
//! (`prepare_customer`) and quotes its `now` and `cart` with `quote_prepared_json`, the
//! path of the package's `quoteForJson`; `--repeat N` quotes N times (for profiling, and
//! to tell one prepared quote from the preparation: the runs of 1 and 2 differ by one).

use std::io::{Read, Write};
use std::process::ExitCode;

use checkout_benefits::Engine;

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let mut program_path = None;
    let mut compile_only = false;
    let mut until: Option<String> = None;
    let mut prepared = false;
    let mut repeat = 1usize;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--compile-only" => compile_only = true,
            "--prepared" => prepared = true,
            "--until" => {
                let stage = args.next().ok_or("--until takes parse or quote")?;
                if stage != "parse" && stage != "quote" {
                    return Err(format!("--until takes parse or quote, not `{stage}`"));
                }
                until = Some(stage);
            }
            "--repeat" => {
                repeat = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .ok_or("--repeat takes a number")?;
            }
            _ if program_path.is_none() => program_path = Some(a),
            other => return Err(format!("unexpected argument `{other}`")),
        }
    }
    if prepared && (compile_only || until.is_some()) {
        return Err("--prepared quotes whole; it takes no --compile-only or --until".into());
    }
    let program_path = program_path.ok_or("usage: wasi_quote PROGRAM.json < REQUEST.json")?;
    let program = std::fs::read_to_string(&program_path)
        .map_err(|e| format!("cannot read {program_path}: {e}"))?;
    let mut request = String::new();
    std::io::stdin()
        .read_to_string(&mut request)
        .map_err(|e| format!("cannot read the request: {e}"))?;
    let engine = Engine::from_json(&program).map_err(|e| format!("program: {e}"))?;
    if compile_only {
        return Ok(());
    }
    if let Some(stage) = until {
        for _ in 0..repeat {
            let text = std::hint::black_box(&request);
            if stage == "quote" {
                // Exactly `quote_json`'s reading and pipeline, without the writing.
                engine
                    .quote_json_unwritten(text)
                    .map_err(|e| format!("request: {e}"))?;
            } else {
                // Exactly `quote_json`'s reading: the customer's orders are digested
                // as they are read.
                engine
                    .quote_json_read_only(text)
                    .map_err(|e| format!("request: {e}"))?;
            }
        }
        return Ok(());
    }
    let mut quote = String::new();
    if prepared {
        let whole: serde_json::Value =
            serde_json::from_str(&request).map_err(|e| format!("request: {e}"))?;
        let customer = checkout_benefits::parse_customer_json(&whole["customer"].to_string())
            .map_err(|e| format!("request: {e}"))?;
        let digest = engine
            .prepare_customer(&customer)
            .map_err(|e| format!("request: {e}"))?;
        let rest = serde_json::json!({ "now": whole["now"], "cart": whole["cart"] }).to_string();
        for _ in 0..repeat {
            quote = engine
                .quote_prepared_json(&digest, std::hint::black_box(&rest))
                .map_err(|e| format!("request: {e}"))?;
        }
        return print_line(quote);
    }
    for _ in 0..repeat {
        quote = engine
            .quote_json(std::hint::black_box(&request))
            .map_err(|e| format!("request: {e}"))?;
    }
    print_line(quote)
}

/// Writes the quote and a newline to stdout in one call. Stdout is line-buffered: with
/// the newline at the end of the bytes, the buffer finds it at once instead of scanning
/// the whole quote for one (a cost of the harness, not of quoting, which `writeln!`
/// would add to the count: about 270,000 instructions for a 200-line quote).
fn print_line(quote: String) -> Result<(), String> {
    let mut bytes = quote.into_bytes();
    bytes.push(b'\n');
    std::io::stdout()
        .lock()
        .write_all(&bytes)
        .map_err(|e| e.to_string())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("wasi_quote: {e}");
            ExitCode::from(2)
        }
    }
}
