//! Program parsing and compiling: any bytes give an engine or an error, never a panic.
#![no_main]

use checkout_benefits::{validate_program_json, Engine};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let engine = Engine::from_json(text);
    let problems = validate_program_json(text);
    // `validate` and `from_json` agree on whether the program is valid.
    assert_eq!(engine.is_ok(), problems.is_empty(), "{problems:?}");
    if let Err(e) = engine {
        assert!(!e.message.is_empty());
        let _ = e.to_json();
    }
});
