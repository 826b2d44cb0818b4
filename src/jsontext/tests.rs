//! The scanner held to serde_json (messages, positions, values) and numbers to `core`'s
//! correctly rounded reading.

use serde_json::Value;

use super::{number, syntax_error, unescape};
use crate::jsondoc::Doc;
use crate::testing::xorshift;

/// What serde_json says of `text` read as a `Value`: its message (without the position
/// it appends) and the byte offset of its line and column.
fn serde_says(text: &str) -> Option<(String, usize)> {
    let e = serde_json::from_str::<Value>(text).err()?;
    let message = e.to_string();
    let message = match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message,
    };
    let start = if e.line() <= 1 {
        0
    } else {
        text.match_indices('\n')
            .nth(e.line() - 2)
            .map_or(0, |(i, _)| i + 1)
    };
    Some((message, (start + e.column()).min(text.len())))
}

/// The scanner's verdict on `text` in the same terms.
fn scanner_says(text: &str) -> Option<(String, usize)> {
    syntax_error(text).map(|(m, at)| (m.to_string(), at))
}

/// Checks that the scanner says what serde_json says of `text`; whether it refused it.
#[track_caller]
fn same_as_serde(text: &str) -> bool {
    let said = serde_says(text);
    assert_eq!(scanner_says(text), said, "{text:?}");
    said.is_some()
}

const DOCUMENTS: &[&str] = &[
    r#"{"a":1,"b":[true,false,null],"c":{"d":"e"}}"#,
    "{\n  \"now\": \"2026-01-01T00:00:00Z\",\n  \"cart\": { \"lines\": [ { \"id\": \"l1\", \"quantity\": 2, \"unitPrice\": \"12.50\" } ] }\n}",
    r#"[0, -0, 1.5, -2.25e-3, 1E+2, 18446744073709551615, 18446744073709551616, -9223372036854775808, -9223372036854775809, 123456789012345678901234567890.5e-3]"#,
    r#"{"s":"a\"b\\c\/d\b\f\n\r\t","u":"\u00e9\u4e2d\ud834\udd1e","k\u0041":"x"}"#,
    r#"[[],{},[[]],{"":{}}, "", "caf\u00e9 ☕ 𝄞"]"#,
    "\t\r\n [1 , 2 ,3 ] \n",
    r#""just a string""#,
    "1.7976931348623157e308",
    "-4.9e-324",
];

/// Bytes a mutation puts in: each JSON structural byte, the starts of values and
/// escapes, a control character and a letter.
const BYTES: &[u8] = b"\"\\{}[],:-+.eE0159uUtfn x\t\n\x01/";

#[test]
fn every_mutation_of_the_documents_is_named_as_serde_json_names_it() {
    let mut texts = 0;
    for doc in DOCUMENTS {
        same_as_serde(doc);
        let bytes = doc.as_bytes();
        for i in 0..=bytes.len() {
            let mut variants = vec![bytes[..i].to_vec()];
            if i < bytes.len() {
                variants.push([&bytes[..i], &bytes[i + 1..]].concat());
            }
            for &b in BYTES {
                variants.push([&bytes[..i], &[b], &bytes[i..]].concat());
                if i < bytes.len() {
                    variants.push([&bytes[..i], &[b], &bytes[i + 1..]].concat());
                }
            }
            for v in variants {
                if let Ok(text) = String::from_utf8(v) {
                    same_as_serde(&text);
                    texts += 1;
                }
            }
        }
    }
    assert!(texts > 25_000, "{texts} texts");
}

#[test]
fn random_edits_of_the_fixtures_are_named_as_serde_json_names_them() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("the fixtures")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut next = xorshift(0x51_7cc1_b727_220a);
    // Texts read, and refused.
    let mut counts = [0; 2];
    for path in files {
        let text = std::fs::read_to_string(&path).expect("a fixture");
        same_as_serde(&text);
        for _ in 0..150 {
            let mut bytes = text.clone().into_bytes();
            for _ in 0..=next() % 3 {
                let at = (next() % (bytes.len() as u64 + 1)) as usize;
                let b = BYTES[(next() % BYTES.len() as u64) as usize];
                match next() % 3 {
                    0 => bytes.insert(at, b),
                    1 if at < bytes.len() => bytes[at] = b,
                    _ => bytes.truncate(at.max(1)),
                }
            }
            if let Ok(t) = String::from_utf8(bytes) {
                counts[usize::from(same_as_serde(&t))] += 1;
            }
        }
    }
    let [read, refused] = counts;
    assert!(
        refused > 10_000 && read > 1_000,
        "{refused} refused, {read} read"
    );
}

#[test]
fn nesting_is_refused_where_serde_json_refuses_it() {
    for depth in [1, 2, 126, 127, 128, 129, 300] {
        same_as_serde(&format!("{}{}", "[".repeat(depth), "]".repeat(depth)));
        same_as_serde(&"[".repeat(depth));
        same_as_serde(&format!(
            "{}1{}",
            r#"{"a":"#.repeat(depth),
            "}".repeat(depth)
        ));
        same_as_serde(&format!(
            "{}{}",
            "[{\"k\":".repeat(depth),
            "0}]".repeat(depth)
        ));
    }
    assert_eq!(
        syntax_error(&"[".repeat(128)),
        Some(("recursion limit exceeded", 128))
    );
}

#[test]
fn small_texts_are_named_as_serde_json_names_them() {
    for text in [
        "",
        " ",
        "\n\n",
        "nul",
        "nulL",
        "tru",
        "fals",
        "falsey",
        "x",
        "]",
        "}",
        ",",
        ":",
        "[",
        "[1",
        "[1,",
        "[1,]",
        "[,1]",
        "[1 2]",
        "[1:2]",
        "{",
        "{\"a\"",
        "{\"a\":",
        "{\"a\" 1}",
        "{\"a\":1,}",
        "{\"a\":1 \"b\":2}",
        "{1:2}",
        "{,}",
        "{\"a\":1,,}",
        "{\"a\":1,2}",
        "\"",
        "\"abc",
        "\"a\\",
        "\"a\\x\"",
        "\"a\\u12\"",
        "\"a\\u12G4\"",
        "\"a\\u123",
        "\"\\ud800\"",
        "\"\\ud800\\n\"",
        "\"\\ud800x\"",
        "\"\\ud800\\u0041\"",
        "\"\\udc00\"",
        "\"\\ud800\\udbff\"",
        "\"\u{1}\"",
        "\"\t\"",
        "01",
        "-",
        "-x",
        "--1",
        "+1",
        ".5",
        "1.",
        "1.x",
        "1.e5",
        "1e",
        "1e+",
        "1e+x",
        "1ex",
        "1e5.5",
        "0x10",
        "1 2",
        "1e400",
        "-1e400",
        "1e-400",
        "0e99999999999",
        "1e99999999999",
        "1e-99999999999",
        "1.5e2147483647",
        "1e2147483648",
        "0.0e2147483648",
        "123456789012345678901234567890e300",
        "NaN",
        "Infinity",
        "-Infinity",
        "[1e309]",
        "{\"a\":[1,{\"b\":tru}]}",
        "\u{feff}1",
    ] {
        same_as_serde(text);
    }
}

/// A JSON number token, made of random parts.
fn random_number(next: &mut impl FnMut() -> u64) -> String {
    let mut t = String::new();
    if next().is_multiple_of(3) {
        t.push('-');
    }
    let digits = 1 + (next() % 25) as usize;
    for k in 0..digits {
        let d = (next() % 10) as u8;
        t.push(char::from(
            b'0' + if k == 0 && digits > 1 { d.max(1) } else { d },
        ));
    }
    if next().is_multiple_of(2) {
        t.push('.');
        for _ in 0..1 + next() % 20 {
            t.push(char::from(b'0' + (next() % 10) as u8));
        }
    }
    if next().is_multiple_of(2) {
        t.push(if next().is_multiple_of(2) { 'e' } else { 'E' });
        match next() % 3 {
            0 => t.push('-'),
            1 => t.push('+'),
            _ => {}
        }
        let e = match next() % 4 {
            0 => next() % 400,
            1 => next() % 30,
            2 => 300 + next() % 40,
            _ => next(),
        };
        t.push_str(&e.to_string());
    }
    t
}

#[track_caller]
fn number_as_serde_and_core(token: &str) {
    let got = number(token);
    match serde_json::from_str::<Value>(token) {
        Ok(Value::Number(n)) => {
            let want = if let Some(u) = n.as_u64() {
                format!("{:?}", Doc::Unsigned(u))
            } else if let Some(i) = n.as_i64() {
                format!("{:?}", Doc::Signed(i))
            } else {
                // JavaScript's reading: the nearest float, as `core` reads it.
                let f: f64 = token.parse().expect("a float");
                format!("{:?}", Doc::Float(f))
            };
            let got = got.map(|d| format!("{d:?}"));
            assert_eq!(got.as_deref(), Some(want.as_str()), "{token}");
        }
        _ => assert!(
            got.is_none(),
            "{token}: {:?}",
            got.map(|d| format!("{d:?}"))
        ),
    }
}

#[test]
fn numbers_read_as_serde_json_reads_them_to_the_nearest_float() {
    let mut next = xorshift(0x2f1b_9c4e_0d37_a861);
    for _ in 0..200_000 {
        let token = random_number(&mut next);
        number_as_serde_and_core(&token);
    }
    for token in [
        "0",
        "-0",
        "0.0",
        "-0.0",
        "1",
        "-1",
        "18446744073709551615",
        "18446744073709551616",
        "-9223372036854775808",
        "-9223372036854775809",
        "9223372036854775808",
        "1e0",
        "1E-0",
        "0.1",
        "0.30000000000000004",
        "9429.414999999999",
        "1.7976931348623157e308",
        "2.2250738585072011e-308",
        "4.9406564584124654e-324",
        "2.4703282292062327e-324",
        "2.4703282292062328e-324",
        "1e-400",
        "1e400",
        "0e999999",
        "1e2147483648",
        "1e-2147483649",
        "01",
        "1.",
        ".1",
        "-",
        "1e",
        "1e+",
        "+1",
        "1-2",
        "1.5e3.2",
        "0x1",
        "1ee5",
        "NaN",
        "--1",
        "",
    ] {
        number_as_serde_and_core(token);
    }
}

#[test]
fn numbers_at_the_edge_of_the_floats_are_out_of_range_only_past_it() {
    // The largest float, and texts below the midpoint past it, read as it.
    let max = Some(format!("{:?}", Doc::Float(f64::MAX)));
    for token in [
        "1.7976931348623157e308",
        "1.7976931348623158e308",
        "179769313486231580e291",
        "1.797693134862315807937289714053e308",
    ] {
        assert_eq!(number(token).map(|d| format!("{d:?}")), max, "{token}");
    }
    // Past the midpoint, the nearest is beyond the floats.
    for token in [
        "1.7976931348623159e308",
        "1.797693134862315808e308",
        "1e309",
    ] {
        assert!(number(token).is_none(), "{token}");
    }
    assert_eq!(syntax_error("1e309"), Some(("number out of range", 5)));
}

/// A JSON string token, made of random pieces, some of them broken.
fn random_string(next: &mut impl FnMut() -> u64) -> String {
    let mut t = String::from("\"");
    for _ in 0..next() % 8 {
        let piece = match next() % 12 {
            0 => "plain".to_string(),
            1 => "é☕𝄞".to_string(),
            2 => ["\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t"][(next() % 8) as usize]
                .to_string(),
            3 | 4 => format!("\\u{:04x}", next() % 0x1_0000),
            5 => format!("\\u{:04X}", 0xD800 + next() % 0x800),
            6 => format!(
                "\\u{:04x}\\u{:04x}",
                0xD800 + next() % 0x400,
                0xDC00 + next() % 0x400
            ),
            7 => ["\\x", "\\u12", "\\u12G4", "\\", "\\U0041"][(next() % 5) as usize].to_string(),
            8 => "\u{1}".to_string(),
            _ => " ".to_string(),
        };
        t.push_str(&piece);
    }
    if !next().is_multiple_of(8) {
        t.push('"');
    }
    t
}

#[test]
fn escapes_read_as_serde_json_reads_them() {
    let mut next = xorshift(0x7a3d_1e55_c0de_4b1d);
    // Tokens read, and refused.
    let mut counts = [0; 2];
    for _ in 0..100_000 {
        let token = random_string(&mut next);
        let want = serde_json::from_str::<String>(&token).ok();
        assert_eq!(unescape(&token), want, "{token:?}");
        counts[usize::from(same_as_serde(&token))] += 1;
    }
    let [read, refused] = counts;
    assert!(
        read > 20_000 && refused > 20_000,
        "{read} read, {refused} refused"
    );
    assert_eq!(unescape("\"\\ud834\\udd1e\"").as_deref(), Some("𝄞"));
    assert_eq!(unescape("\"a\"b"), None);
    assert_eq!(unescape("x"), None);
}
