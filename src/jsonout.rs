//! A small compact-JSON writer for the quote, the one document written on every call.
//!
//! It writes exactly what `serde_json::to_string` writes for the same value (the same
//! escapes, the same number forms), without the serializer's generic machinery: a
//! quote is mostly short ASCII strings and money amounts, written straight into one
//! `String`. `tests/quote_writer.rs` holds it to `serde_json`'s bytes on every fixture
//! and on generated quotes.

/// A value that writes itself as compact JSON.
pub(crate) trait WriteJson {
    fn write_json(&self, out: &mut String);
}

/// Writes `s` as a JSON string with `serde_json`'s escapes: `"` `\` and the control
/// characters (`\b \f \n \r \t`, the others as `\u00xx`); everything else verbatim.
pub(crate) fn write_str(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    let mut start = 0;
    for (i, &b) in s.as_bytes().iter().enumerate() {
        if b >= 0x20 && b != b'"' && b != b'\\' {
            continue;
        }
        out.push_str(&s[start..i]);
        start = i + 1;
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            0x08 => out.push_str("\\b"),
            0x0c => out.push_str("\\f"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(HEX[(b >> 4) as usize] as char);
                out.push(HEX[(b & 0xf) as usize] as char);
            }
        }
    }
    out.push_str(&s[start..]);
    out.push('"');
}

/// Writes an unsigned integer in decimal.
pub(crate) fn write_u64(out: &mut String, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // Only ASCII digits were written.
    out.push_str(std::str::from_utf8(&buf[i..]).unwrap_or("0"));
}

impl WriteJson for str {
    fn write_json(&self, out: &mut String) {
        write_str(out, self);
    }
}

impl WriteJson for String {
    fn write_json(&self, out: &mut String) {
        write_str(out, self);
    }
}

impl WriteJson for compact_str::CompactString {
    fn write_json(&self, out: &mut String) {
        write_str(out, self);
    }
}

impl WriteJson for bool {
    fn write_json(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" });
    }
}

impl WriteJson for u32 {
    fn write_json(&self, out: &mut String) {
        write_u64(out, u64::from(*self));
    }
}

impl WriteJson for u64 {
    fn write_json(&self, out: &mut String) {
        write_u64(out, *self);
    }
}

impl WriteJson for usize {
    fn write_json(&self, out: &mut String) {
        write_u64(out, *self as u64);
    }
}

impl<T: WriteJson> WriteJson for Option<T> {
    fn write_json(&self, out: &mut String) {
        match self {
            Some(v) => v.write_json(out),
            None => out.push_str("null"),
        }
    }
}

impl<T: WriteJson> WriteJson for Vec<T> {
    fn write_json(&self, out: &mut String) {
        out.push('[');
        for (i, v) in self.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            v.write_json(out);
        }
        out.push(']');
    }
}

/// Implements [`WriteJson`] for a struct as an object with the given keys, in order
/// (the order and names of its `serde` serialisation).
macro_rules! json_object {
    ($ty:ty { $first_key:literal : $first:ident $(, $key:literal : $field:ident)* $(,)? }) => {
        impl $crate::jsonout::WriteJson for $ty {
            fn write_json(&self, out: &mut String) {
                out.push_str(concat!("{\"", $first_key, "\":"));
                $crate::jsonout::WriteJson::write_json(&self.$first, out);
                $(
                    out.push_str(concat!(",\"", $key, "\":"));
                    $crate::jsonout::WriteJson::write_json(&self.$field, out);
                )*
                out.push('}');
            }
        }
    };
}
pub(crate) use json_object;

#[cfg(test)]
mod tests {
    use super::*;

    fn string(s: &str) -> String {
        let mut out = String::new();
        write_str(&mut out, s);
        out
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let cases = [
            "",
            "plain",
            "quote \" and backslash \\",
            "tab\tnewline\nreturn\rbackspace\u{8}formfeed\u{c}",
            "\u{0}\u{1}\u{1f}\u{7f}",
            "café ☕ 𝄞 / <script>",
            "\"",
            "\\\\",
        ];
        for s in cases {
            assert_eq!(string(s), serde_json::to_string(s).unwrap(), "{s:?}");
        }
    }

    #[test]
    fn integers_are_written_in_decimal() {
        for n in [0u64, 1, 9, 10, 99, 100, 12345, u32::MAX as u64, u64::MAX] {
            let mut out = String::new();
            write_u64(&mut out, n);
            assert_eq!(out, n.to_string());
        }
    }
}
