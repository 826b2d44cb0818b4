//! A small compact-JSON writer for the quote, the one document written on every call.
//!
//! It writes exactly what `serde_json::to_string` writes for the same value (the same
//! escapes, the same number forms), without the serializer's generic machinery: a
//! quote is mostly short ASCII strings and money amounts, written as bytes into one
//! buffer, which [`finish`] turns into a `String` with a single UTF-8 check (every
//! byte comes from a `&str` or is ASCII). `tests/quote_writer.rs` holds it to
//! `serde_json`'s bytes on every fixture and on generated quotes.

use crate::scan::special_bytes;

/// A value that writes itself as compact JSON.
pub(crate) trait WriteJson {
    fn write_json(&self, out: &mut Vec<u8>);
}

/// The written document as text.
pub(crate) fn finish(out: Vec<u8>) -> String {
    // Only whole `&str`s and ASCII bytes were written; the check cannot fail.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Which bytes are escaped inside a JSON string: `"`, `\\` and the control characters.
const ESCAPED: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};

/// The length of the prefix of `bytes` that needs no escape: eight bytes at a time,
/// then byte by byte from the first block that holds an escape.
fn plain_prefix(bytes: &[u8]) -> usize {
    let mut start = 0;
    for block in bytes.chunks_exact(8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(block);
        if special_bytes(u64::from_le_bytes(word)) != 0 {
            break;
        }
        start += 8;
    }
    bytes[start..]
        .iter()
        .position(|&b| ESCAPED[usize::from(b)])
        .map_or(bytes.len(), |i| start + i)
}

/// Writes `s` as a JSON string with `serde_json`'s escapes: `"` `\` and the control
/// characters (`\b \f \n \r \t`, the others as `\u00xx`); everything else verbatim.
pub(crate) fn write_str(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut start = 0;
    loop {
        let i = start + plain_prefix(&bytes[start..]);
        if i == bytes.len() {
            break;
        }
        out.extend_from_slice(&bytes[start..i]);
        start = i + 1;
        let b = bytes[i];
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0c => out.extend_from_slice(b"\\f"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(b >> 4)]);
                out.push(HEX[usize::from(b & 0xf)]);
            }
        }
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

/// Writes an unsigned integer in decimal.
pub(crate) fn write_u64(out: &mut Vec<u8>, mut n: u64) {
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
    out.extend_from_slice(&buf[i..]);
}

impl WriteJson for str {
    fn write_json(&self, out: &mut Vec<u8>) {
        write_str(out, self);
    }
}

impl WriteJson for String {
    fn write_json(&self, out: &mut Vec<u8>) {
        write_str(out, self);
    }
}

impl WriteJson for compact_str::CompactString {
    fn write_json(&self, out: &mut Vec<u8>) {
        write_str(out, self);
    }
}

impl WriteJson for bool {
    fn write_json(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(if *self { b"true" } else { b"false" });
    }
}

impl WriteJson for u32 {
    fn write_json(&self, out: &mut Vec<u8>) {
        write_u64(out, u64::from(*self));
    }
}

impl WriteJson for u64 {
    fn write_json(&self, out: &mut Vec<u8>) {
        write_u64(out, *self);
    }
}

impl WriteJson for usize {
    fn write_json(&self, out: &mut Vec<u8>) {
        write_u64(out, *self as u64);
    }
}

impl<T: WriteJson> WriteJson for Option<T> {
    fn write_json(&self, out: &mut Vec<u8>) {
        match self {
            Some(v) => v.write_json(out),
            None => out.extend_from_slice(b"null"),
        }
    }
}

impl<T: WriteJson> WriteJson for Vec<T> {
    fn write_json(&self, out: &mut Vec<u8>) {
        out.push(b'[');
        for (i, v) in self.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            v.write_json(out);
        }
        out.push(b']');
    }
}

/// Implements [`WriteJson`] for a struct as an object with the given keys, in order
/// (the order and names of its `serde` serialisation).
macro_rules! json_object {
    ($ty:ty { $first_key:literal : $first:ident $(, $key:literal : $field:ident)* $(,)? }) => {
        impl $crate::jsonout::WriteJson for $ty {
            fn write_json(&self, out: &mut Vec<u8>) {
                out.extend_from_slice(concat!("{\"", $first_key, "\":").as_bytes());
                $crate::jsonout::WriteJson::write_json(&self.$first, out);
                $(
                    out.extend_from_slice(concat!(",\"", $key, "\":").as_bytes());
                    $crate::jsonout::WriteJson::write_json(&self.$field, out);
                )*
                out.push(b'}');
            }
        }
    };
}
pub(crate) use json_object;

#[cfg(test)]
mod tests {
    use super::*;

    fn string(s: &str) -> String {
        let mut out = Vec::new();
        write_str(&mut out, s);
        finish(out)
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
        // Every byte that needs an escape, at every offset of a long plain text, next to
        // multi-byte characters.
        let plain = "offer offer3 is worth more (179.28 vs 150.22) é ☕ ~\u{7f}";
        for special in ['"', '\\', '\n', '\u{0}', '\u{1f}', '\t', '\u{8}'] {
            for at in 0..=plain.chars().count() {
                let s: String = plain
                    .chars()
                    .take(at)
                    .chain([special])
                    .chain(plain.chars().skip(at))
                    .collect();
                assert_eq!(string(&s), serde_json::to_string(&s).unwrap(), "{s:?}");
            }
        }
    }

    #[test]
    fn eight_bytes_at_a_time_finds_what_one_at_a_time_finds() {
        let one_at_a_time = |bytes: &[u8]| {
            bytes
                .iter()
                .position(|&b| ESCAPED[usize::from(b)])
                .unwrap_or(bytes.len())
        };
        // Every pair of byte values, in the first and in the second block, next to each
        // other or apart (a borrow from one byte must not hide or fake another).
        for (x, y) in [(3, 4), (3, 6), (9, 10), (8, 15)] {
            for a in 0..=255u8 {
                for b in 0..=255u8 {
                    let mut bytes = [b'x'; 19];
                    bytes[x] = a;
                    bytes[y] = b;
                    assert_eq!(
                        plain_prefix(&bytes),
                        one_at_a_time(&bytes),
                        "{a:#04x} at {x}, {b:#04x} at {y}"
                    );
                }
            }
        }
    }

    #[test]
    fn integers_are_written_in_decimal() {
        for n in [0u64, 1, 9, 10, 99, 100, 12345, u32::MAX as u64, u64::MAX] {
            let mut out = Vec::new();
            write_u64(&mut out, n);
            assert_eq!(finish(out), n.to_string());
        }
    }
}
