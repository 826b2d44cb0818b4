//! Writes `$OUT_DIR/lowercase_table.rs`: the standard library's lowercase mapping of
//! every character (`char::to_lowercase`), as runs, for `src/lowercase.rs`.
//!
//! `str::to_lowercase` links `core`'s mapping tables into the Wasm module, with the code
//! for the final sigma (17,785 bytes in all). The same mapping, taken from `core` here (this script
//! runs with the standard library of the toolchain that builds the crate, so native and
//! Wasm builds read the same Unicode version), fits in 185 runs of 8 bytes: a run is
//! characters at a step of 1 or 2 (`A`…`Z`; `Ā`, `Ă`, `Ą`…) that map by the same offset.

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

/// A run: `count` characters from `start`, `step` apart, each mapped to itself plus `delta`.
struct Run {
    start: u32,
    count: u32,
    step: u32,
    delta: i64,
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let mut runs: Vec<Run> = Vec::new();
    let mut multi: Vec<(char, String)> = Vec::new();
    for c in (0..=char::MAX as u32).filter_map(char::from_u32) {
        let lower = c.to_lowercase();
        if lower.len() != 1 {
            multi.push((c, lower.collect()));
            continue;
        }
        let first = lower.last().expect("one character");
        if first == c {
            continue;
        }
        let (code, delta) = (c as u32, i64::from(first as u32) - i64::from(c as u32));
        if let Some(run) = runs.last_mut() {
            if run.delta == delta {
                if code == run.start + run.count * run.step && run.count < MAX_COUNT {
                    run.count += 1;
                    continue;
                }
                // A second character one or two after the first sets the run's step.
                if run.count == 1 && (code == run.start + 1 || code == run.start + 2) {
                    run.step = code - run.start;
                    run.count = 2;
                    continue;
                }
            }
        }
        runs.push(Run {
            start: code,
            count: 1,
            step: 1,
            delta,
        });
    }

    let mut out = String::new();
    writeln!(
        out,
        "/// A run's first character takes the low `START_BITS` bits of its key, its count\n\
         /// the next `COUNT_BITS`, and its step less one the bit above them.\n\
         const START_BITS: u32 = {START_BITS};\nconst COUNT_BITS: u32 = {COUNT_BITS};\n\
         /// Lowercase runs, by first character: the key, and the offset.\n\
         static RUNS: [(u32, i32); {}] = [",
        runs.len()
    )
    .unwrap();
    for run in &runs {
        let key = run.start | run.count << START_BITS | (run.step - 1) << (START_BITS + COUNT_BITS);
        let delta = i32::try_from(run.delta).expect("a lowercase offset fits 32 bits");
        writeln!(out, "    ({key:#x}, {delta}),").unwrap();
    }
    out.push_str("];\n");
    writeln!(
        out,
        "/// Characters whose lowercase is more than one character.\n\
         static MULTI: [(char, &str); {}] = [",
        multi.len()
    )
    .unwrap();
    for (c, lower) in &multi {
        writeln!(out, "    ({c:?}, {lower:?}),").unwrap();
    }
    out.push_str("];\n");
    let path =
        Path::new(&env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("lowercase_table.rs");
    fs::write(path, out).expect("writing the lowercase table");
}

/// The bits of a run's key holding its first character (every character fits 21 bits)
/// and its count: a run holds at most `MAX_COUNT` characters.
const START_BITS: u32 = 21;
const COUNT_BITS: u32 = 8;
const MAX_COUNT: u32 = (1 << COUNT_BITS) - 1;
