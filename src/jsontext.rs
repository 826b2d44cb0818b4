//! JSON tokens read by hand as serde_json reads them: a string's escapes, a number's
//! value, and, for text that is not JSON, the problem serde_json names and where.
//!
//! [`crate::jsondoc`]'s parser reads the plain case itself (strings without escapes,
//! integers that fit 64 bits) and hands the rest to this module. One scanner follows
//! serde_json's reading step by step (`serde_json::Deserializer` reading a `Value`): the
//! same checks in the same order, the same message, the same position (serde_json's
//! `error` points just past the byte it took, `peek_error` past the byte it looked at).
//! The tests hold it to serde_json on mutated documents, numbers and escapes; serde_json's
//! own reader is then not linked into the Wasm module.
//!
//! One difference, by design: a number is out of range when its nearest `f64` is
//! infinite, decided exactly. serde_json decides it on a float computed with some
//! rounding, so the two can differ for a number within a few places of `f64::MAX`.

use crate::jsondoc::Doc;

/// serde_json's messages (`serde_json::error::ErrorCode`'s wording).
const EOF_LIST: &str = "EOF while parsing a list";
const EOF_OBJECT: &str = "EOF while parsing an object";
const EOF_STRING: &str = "EOF while parsing a string";
const EOF_VALUE: &str = "EOF while parsing a value";
const EXPECTED_COLON: &str = "expected `:`";
const EXPECTED_LIST_COMMA_OR_END: &str = "expected `,` or `]`";
const EXPECTED_OBJECT_COMMA_OR_END: &str = "expected `,` or `}`";
const EXPECTED_IDENT: &str = "expected ident";
const EXPECTED_VALUE: &str = "expected value";
const INVALID_ESCAPE: &str = "invalid escape";
const INVALID_NUMBER: &str = "invalid number";
const OUT_OF_RANGE: &str = "number out of range";
const CONTROL_CHARACTER: &str = "control character (\\u0000-\\u001F) found while parsing a string";
const KEY_MUST_BE_A_STRING: &str = "key must be a string";
const LONE_SURROGATE: &str = "lone leading surrogate in hex escape";
const TRAILING_COMMA: &str = "trailing comma";
const TRAILING_CHARACTERS: &str = "trailing characters";
const END_OF_HEX_ESCAPE: &str = "unexpected end of hex escape";
const RECURSION_LIMIT: &str = "recursion limit exceeded";

/// How many arrays and objects serde_json lets a text open before it refuses the next.
const DEPTH: u32 = 127;

/// A problem: serde_json's message and the byte offset its position stands for.
type Fail = (&'static str, usize);

/// What serde_json says of `text` when it is not one JSON value: its message and the
/// byte offset it points at (its line and column, as an offset); `None` for JSON text.
#[cold]
#[inline(never)]
pub(crate) fn syntax_error(text: &str) -> Option<Fail> {
    let mut s = Scan::new(text);
    let read = s.value();
    read.and_then(|()| match s.ws() {
        Some(_) => Err(s.peeked(TRAILING_CHARACTERS)),
        None => Ok(()),
    })
    .err()
}

/// The string a JSON string token stands for (quotes included), its escapes resolved;
/// `None` when serde_json refuses the token.
pub(crate) fn unescape(token: &str) -> Option<String> {
    if token.as_bytes().first() != Some(&b'"') {
        return None;
    }
    let (out, end) = string_from(token, 1)?;
    (end == token.len()).then_some(out)
}

/// The string of `text` whose opening quote is just before `from`, its escapes
/// resolved, and the offset just past its closing quote; `None` when serde_json refuses
/// it (a bad escape, a control character, no closing quote).
pub(crate) fn string_from(text: &str, from: usize) -> Option<(String, usize)> {
    let mut out = String::new();
    let end = string_into(text, from, &mut out)?;
    Some((out, end))
}

/// [`string_from`], the string added to `out` (which may hold part of it when serde_json
/// refuses it), for a caller that decodes many strings into one buffer.
#[inline(never)]
pub(crate) fn string_into(text: &str, from: usize, out: &mut String) -> Option<usize> {
    let mut s = Scan::new(text);
    s.i = from;
    s.string(Some(out)).ok()?;
    Some(s.i)
}

/// A JSON number token as serde_json reads it within a document: an integer that fits
/// 64 bits exactly (`Signed` when negative), any other number as its nearest `f64` (as
/// JavaScript reads it); `None` for anything else, or a number beyond the `f64`s.
#[inline(never)]
pub(crate) fn number(token: &str) -> Option<Doc<'static>> {
    let mut s = Scan::new(token);
    let doc = s.number().ok()?;
    (s.i == token.len()).then_some(doc)
}

struct Scan<'a> {
    b: &'a [u8],
    /// The next byte to read.
    i: usize,
    /// How many more arrays and objects may open.
    room: u32,
}

impl<'a> Scan<'a> {
    fn new(text: &'a str) -> Scan<'a> {
        Scan {
            b: text.as_bytes(),
            i: 0,
            room: DEPTH,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    /// serde_json's `error`: just past the byte taken last.
    fn taken(&self, message: &'static str) -> Fail {
        (message, self.i)
    }

    /// serde_json's `peek_error`: just past the byte looked at (the next one).
    fn peeked(&self, message: &'static str) -> Fail {
        (message, (self.i + 1).min(self.b.len()))
    }

    fn ws(&mut self) -> Option<u8> {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.peek() {
            self.i += 1;
        }
        self.peek()
    }

    /// The byte after `i`, taken; `None` at the end.
    fn next(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.i += 1;
        Some(b)
    }

    fn value(&mut self) -> Result<(), Fail> {
        let Some(b) = self.ws() else {
            return Err(self.peeked(EOF_VALUE));
        };
        match b {
            b'n' => self.ident(b"null"),
            b't' => self.ident(b"true"),
            b'f' => self.ident(b"false"),
            b'-' | b'0'..=b'9' => self.number().map(drop),
            b'"' => {
                self.i += 1;
                self.string(None)
            }
            b'[' | b'{' => {
                if self.room == 0 {
                    return Err(self.peeked(RECURSION_LIMIT));
                }
                self.room -= 1;
                self.i += 1;
                self.items(b == b'{')?;
                self.room += 1;
                // The closing bracket was seen; serde_json takes it after the items.
                self.i += 1;
                Ok(())
            }
            _ => Err(self.peeked(EXPECTED_VALUE)),
        }
    }

    fn ident(&mut self, word: &[u8]) -> Result<(), Fail> {
        self.i += 1;
        for &expected in &word[1..] {
            match self.next() {
                None => return Err(self.taken(EOF_VALUE)),
                Some(b) if b != expected => return Err(self.taken(EXPECTED_IDENT)),
                Some(_) => {}
            }
        }
        Ok(())
    }

    /// The items of an array or the members of an object whose opening bracket was
    /// taken, up to its closing bracket (not taken).
    fn items(&mut self, object: bool) -> Result<(), Fail> {
        let (close, eof, comma_or_end) = if object {
            (b'}', EOF_OBJECT, EXPECTED_OBJECT_COMMA_OR_END)
        } else {
            (b']', EOF_LIST, EXPECTED_LIST_COMMA_OR_END)
        };
        let mut first = true;
        loop {
            let Some(b) = self.ws() else {
                return Err(self.peeked(eof));
            };
            if b == close {
                return Ok(());
            }
            let next = if first {
                b
            } else {
                if b != b',' {
                    return Err(self.peeked(comma_or_end));
                }
                self.i += 1;
                match self.ws() {
                    Some(b) if b == close => return Err(self.peeked(TRAILING_COMMA)),
                    Some(b) => b,
                    None => return Err(self.peeked(EOF_VALUE)),
                }
            };
            first = false;
            if object {
                self.member(next)?;
            } else {
                self.value()?;
            }
        }
    }

    /// A member of an object, `next` its first byte (not taken).
    fn member(&mut self, next: u8) -> Result<(), Fail> {
        if next != b'"' {
            return Err(self.peeked(KEY_MUST_BE_A_STRING));
        }
        self.i += 1;
        self.string(None)?;
        match self.ws() {
            Some(b':') => self.i += 1,
            Some(_) => return Err(self.peeked(EXPECTED_COLON)),
            None => return Err(self.peeked(EOF_OBJECT)),
        }
        self.value()
    }

    /// A string whose opening quote was taken, up to and including its closing quote;
    /// what it stands for goes to `out` when given.
    fn string(&mut self, mut out: Option<&mut String>) -> Result<(), Fail> {
        let mut from = self.i;
        loop {
            let Some(b) = self.next() else {
                return Err(self.taken(EOF_STRING));
            };
            match b {
                b'"' | b'\\' => {
                    if let Some(out) = out.as_deref_mut() {
                        // Both bytes are ASCII: the text splits there.
                        out.push_str(text_of(&self.b[from..self.i - 1]));
                    }
                    if b == b'"' {
                        return Ok(());
                    }
                    let c = self.escape()?;
                    if let Some(out) = out.as_deref_mut() {
                        out.push(c);
                    }
                    from = self.i;
                }
                0..=0x1f => return Err(self.taken(CONTROL_CHARACTER)),
                _ => {}
            }
        }
    }

    /// The character an escape stands for (its backslash taken).
    fn escape(&mut self) -> Result<char, Fail> {
        let Some(b) = self.next() else {
            return Err(self.taken(EOF_STRING));
        };
        Ok(match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => return self.unicode_escape(),
            _ => return Err(self.taken(INVALID_ESCAPE)),
        })
    }

    /// A `\u` escape (`\u` taken), with the second half of a surrogate pair.
    fn unicode_escape(&mut self) -> Result<char, Fail> {
        let n = self.hex()?;
        if (0xDC00..=0xDFFF).contains(&n) {
            return Err(self.taken(LONE_SURROGATE));
        }
        if !(0xD800..=0xDBFF).contains(&n) {
            // Outside the surrogates, every code unit is a character.
            return char::from_u32(n).ok_or_else(|| self.taken(LONE_SURROGATE));
        }
        for expected in [b'\\', b'u'] {
            match self.next() {
                None => return Err(self.taken(EOF_STRING)),
                Some(b) if b != expected => return Err(self.taken(END_OF_HEX_ESCAPE)),
                Some(_) => {}
            }
        }
        let low = self.hex()?;
        if !(0xDC00..=0xDFFF).contains(&low) {
            return Err(self.taken(LONE_SURROGATE));
        }
        let c = 0x1_0000 + ((n - 0xD800) << 10) + (low - 0xDC00);
        char::from_u32(c).ok_or_else(|| self.taken(LONE_SURROGATE))
    }

    /// Four hex digits.
    fn hex(&mut self) -> Result<u32, Fail> {
        let Some(digits) = self.b.get(self.i..self.i + 4) else {
            self.i = self.b.len();
            return Err(self.taken(EOF_STRING));
        };
        self.i += 4;
        let mut n = 0;
        for &d in digits {
            let v = (d as char)
                .to_digit(16)
                .ok_or_else(|| self.taken(INVALID_ESCAPE))?;
            n = n * 16 + v;
        }
        Ok(n)
    }

    /// A number (its `-` or first digit next), checked as serde_json checks it; its
    /// significant digits are gathered as they are checked.
    fn number(&mut self) -> Result<Doc<'static>, Fail> {
        let start = self.i;
        let negative = self.peek() == Some(b'-');
        self.i += usize::from(negative);
        let mut digits = Digits::default();
        // Whether it is a whole number that fits 64 bits (serde_json's significand).
        let mut whole = match self.next() {
            None => return Err(self.taken(EOF_VALUE)),
            Some(b'0') => {
                if let Some(b'0'..=b'9') = self.peek() {
                    return Err(self.peeked(INVALID_NUMBER));
                }
                Some(0)
            }
            Some(d @ b'1'..=b'9') => {
                digits.push(d, false);
                let mut n = Some(u64::from(d - b'0'));
                while let Some(d @ b'0'..=b'9') = self.peek() {
                    self.i += 1;
                    digits.push(d, false);
                    n = n
                        .and_then(|n| n.checked_mul(10))
                        .and_then(|n| n.checked_add(u64::from(d - b'0')));
                }
                n
            }
            Some(_) => return Err(self.taken(INVALID_NUMBER)),
        };
        if self.peek() == Some(b'.') {
            whole = None;
            self.i += 1;
            let first = self.i;
            while let Some(d @ b'0'..=b'9') = self.peek() {
                self.i += 1;
                digits.push(d, true);
            }
            if self.i == first {
                return Err(self.peeked(if self.peek().is_some() {
                    INVALID_NUMBER
                } else {
                    EOF_VALUE
                }));
            }
        }
        let mut exp: i32 = 0;
        if let Some(b'e' | b'E') = self.peek() {
            whole = None;
            self.i += 1;
            let positive = self.peek() != Some(b'-');
            if let Some(b'-' | b'+') = self.peek() {
                self.i += 1;
            }
            exp = match self.next() {
                None => return Err(self.taken(EOF_VALUE)),
                Some(d @ b'0'..=b'9') => i32::from(d - b'0'),
                Some(_) => return Err(self.taken(INVALID_NUMBER)),
            };
            while let Some(d @ b'0'..=b'9') = self.peek() {
                self.i += 1;
                match exp
                    .checked_mul(10)
                    .and_then(|e| e.checked_add(i32::from(d - b'0')))
                {
                    Some(e) => exp = e,
                    None if digits.nonzero() && positive => return Err(self.taken(OUT_OF_RANGE)),
                    None => {
                        // Beyond any float: zero.
                        while let Some(b'0'..=b'9') = self.peek() {
                            self.i += 1;
                        }
                        return Ok(Doc::Float(if negative { -0.0 } else { 0.0 }));
                    }
                }
            }
            if !positive {
                exp = -exp;
            }
        }
        match (whole, negative) {
            (Some(n), false) => return Ok(Doc::Unsigned(n)),
            (Some(n), true) if n != 0 && n <= 1 << 63 => {
                return Ok(Doc::Signed((n as i64).wrapping_neg()))
            }
            _ => {}
        }
        let token = text_of(&self.b[start..self.i]);
        let f = crate::nearest::nearest(token, digits.approx(negative, exp));
        if f.is_infinite() {
            return Err(self.taken(OUT_OF_RANGE));
        }
        Ok(Doc::Float(f))
    }
}

/// A number's first 19 significant digits, and the power of ten they stand at.
#[derive(Default)]
struct Digits {
    /// The digits kept, as an integer.
    m: u64,
    /// How many significant digits `m` holds.
    kept: u32,
    /// The power of ten of `m`'s last digit, before the number's exponent.
    exp: i64,
}

impl Digits {
    /// A digit of the integer part, or of the fraction.
    fn push(&mut self, d: u8, fraction: bool) {
        if self.kept < 19 {
            self.m = self.m * 10 + u64::from(d - b'0');
            self.kept += u32::from(self.m != 0);
            self.exp -= i64::from(fraction);
        } else {
            // Past the digits kept: only its place counts.
            self.exp += i64::from(!fraction);
        }
    }

    /// Whether a digit other than 0 was seen (serde_json's significand is not 0).
    fn nonzero(&self) -> bool {
        self.m != 0
    }

    /// A float a few places from the number (`exp` its exponent), for
    /// [`crate::nearest::nearest`] to settle: the digits kept times a power of ten, in a
    /// few roundings. Exact for at most 15 digits and a power of ten within 10^±22 (one
    /// rounding), as `nearest` expects of a token without an exponent.
    #[inline(never)]
    fn approx(&self, negative: bool, exp: i32) -> f64 {
        let exp = self.exp + i64::from(exp);
        let lead = exp + i64::from(self.kept) - 1;
        let mut f = self.m as f64;
        if self.m != 0 {
            let mut e = exp.clamp(-400, 400);
            while e > 22 {
                f *= 1e22;
                e -= 22;
            }
            while e < -22 {
                f /= 1e22;
                e += 22;
            }
            let pow = (0..e.abs()).fold(1.0, |p, _| p * 10.0);
            f = if e >= 0 { f * pow } else { f / pow };
            if f.is_infinite() && lead <= 308 {
                // A few places past the largest float may still round to it.
                f = f64::MAX;
            }
        }
        if negative {
            -f
        } else {
            f
        }
    }
}

/// Bytes of the text between ASCII bytes, or all of it: a `str` again.
fn text_of(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests;
