//! Where in a JSON text an error happened, as a path (`cart.lines[0].quantity`).
//!
//! Texts are read without tracking paths (fast); only when reading fails is the text
//! scanned up to the error position to name the path. The scan is iterative, so deep
//! nesting cannot exhaust the stack.

enum Frame {
    Object {
        key: Option<String>,
        expect_key: bool,
    },
    Array {
        index: usize,
    },
}

/// The byte offset just past `column` (1-based, in bytes) of `line` (1-based).
fn offset(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    if line > 1 {
        let mut seen = 1;
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                seen += 1;
                if seen == line {
                    start = i + 1;
                    break;
                }
            }
        }
    }
    (start + column).min(text.len())
}

/// The path of the value being read at `line`/`column` of `text` (empty for the root).
pub(crate) fn path_at(text: &str, line: usize, column: usize) -> String {
    path_at_offset(text, offset(text, line, column))
}

/// The path of the value being read just before byte `end` of `text`.
pub(crate) fn path_at_offset(text: &str, end: usize) -> String {
    let end = end.min(text.len());
    let bytes = &text.as_bytes()[..end];
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                // Bytes, not `str` slicing: an escape may stop inside a multi-byte character.
                let raw = String::from_utf8_lossy(&bytes[start..i.min(bytes.len())]);
                if let Some(Frame::Object { key, expect_key }) = stack.last_mut() {
                    if *expect_key {
                        *key = Some(unescape(&raw));
                        *expect_key = false;
                    }
                }
            }
            b'{' => stack.push(Frame::Object {
                key: None,
                expect_key: true,
            }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { expect_key, .. }) => *expect_key = true,
                Some(Frame::Array { index }) => *index += 1,
                None => {}
            },
            _ => {}
        }
        i += 1;
    }
    // An error at an opening bracket is about the value it opens, not inside it.
    if matches!(bytes.last(), Some(b'[') | Some(b'{')) {
        stack.pop();
    }
    let mut path = String::new();
    for frame in &stack {
        match frame {
            Frame::Object { key: Some(k), .. } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
            }
            Frame::Object { key: None, .. } => break,
            Frame::Array { index } => {
                path.push('[');
                path.push_str(&index.to_string());
                path.push(']');
            }
        }
    }
    path
}

fn unescape(raw: &str) -> String {
    if !raw.contains('\\') {
        return raw.to_string();
    }
    crate::jsontext::unescape(&format!("\"{raw}\"")).unwrap_or_else(|| raw.to_string())
}

#[cfg(test)]
mod tests {
    use super::path_at;

    #[track_caller]
    fn at(text: &str, expected: &str) {
        let err = serde_json::from_str::<serde_json::Value>(text).err();
        let (line, column) = err
            .map(|e| (e.line(), e.column()))
            .unwrap_or((1, text.len()));
        assert_eq!(path_at(text, line, column), expected, "{text}");
    }

    #[test]
    fn names_the_value_being_read() {
        at(
            r#"{"cart":{"lines":[{"id":"a"},{"id":"b","quantity":x}]}}"#,
            "cart.lines[1].quantity",
        );
        at(r#"{"a":[1,2,[3,?]]}"#, "a[2][1]");
        at("{\n \"now\": nope\n}", "now");
        at(r#"{"we\"ird":?}"#, "we\"ird");
        at(r#"?"#, "");
        at("\"u\\\u{423}/", "");
        // An invalid escape inside a key: any path will do, as long as nothing panics.
        let _ = path_at("{\"a\\\u{423}\": 1}", 1, 6);
        at(r#"{"a":{"b":[1,2]}}"#, "");
        let text = r#"{"price":["12"]}"#;
        assert_eq!(path_at(text, 1, 10), "price");
    }
}
