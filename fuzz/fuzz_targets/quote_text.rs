//! The JSON text entry points end to end: the input holds a program and a request
//! separated by a NUL byte (or only a program). Never a panic.
#![no_main]

use checkout_benefits::Engine;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (program, request) = match data.iter().position(|b| *b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &b""[..]),
    };
    let program = String::from_utf8_lossy(program);
    let request = String::from_utf8_lossy(request);
    if let Ok(engine) = Engine::from_json(&program) {
        let first = engine.quote_json(&request);
        // The engine stays usable and deterministic after whatever happened.
        let second = engine.quote_json(&request);
        assert_eq!(first.is_ok(), second.is_ok());
        if let (Ok(a), Ok(b)) = (&first, &second) {
            assert_eq!(a, b);
        }
    }
});
