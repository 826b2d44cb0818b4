//! JSON text read by hand into a tree, and the pieces that build the engine's types
//! from it with serde's own messages (`program::read`, `request_read`).
//!
//! The text is first read into a [`Doc`], a JSON tree that keeps each object's keys in
//! the order written and borrows its strings from the text where they hold no escape. A
//! function per model type then builds its value from that tree, naming the JSON path of
//! the first problem in document order. This takes the place of a serde derive per
//! model type: the Wasm module is smaller.
//!
//! The tree is read by a small parser of its own for the plain case (strings without
//! escapes, integers that fit 64 bits). An escaped string or any other number is handed
//! to [`crate::jsontext`] as that one token; text that is not JSON, or nests deeper than
//! serde_json allows, is read again there as a whole, by a scanner that names the
//! problem and where as serde_json does for any other JSON text.
//!
//! Messages are serde's own, made by `serde::de::Error`'s methods
//! (`missing field `id``, `unknown variant`…) or written as serde_json writes them
//! (`invalid type: string "x", expected u32`), so a
//! document reads exactly as the serde types would read it, except that:
//! - text that is not JSON is refused as such even where a model error comes earlier;
//! - an object type must be written as an object (serde also took an array of its
//!   fields in order), and a name as a string (serde also took `{"name": null}`; for a
//!   number or `true` it said only `expected value`);
//! - a key given twice in a free-form object (a comparison's `value`) is refused (serde
//!   kept the last).

use std::borrow::Cow;
use std::fmt::Display;

use serde::de;
use serde_json::{Map, Number, Value};

use crate::dates::Instant;
use crate::error::{from_message, Error, ErrorCode};
use crate::money::Dec;
use crate::scan::{le_word, special_bytes};

/// Reads JSON text into a tree; on text that is not JSON, serde_json's message for it
/// with its path (prefixed by `prefix`).
pub(crate) fn parse<'a>(text: &'a str, code: ErrorCode, prefix: &str) -> Result<Doc<'a>, Error> {
    let mut parser = Parser {
        text,
        pos: 0,
        depth: 0,
        items: Vec::new(),
        members: Vec::new(),
    };
    parser
        .document()
        .ok_or_else(|| not_json(text, code, prefix))
}

/// The error for text the parser refused: serde_json's message, with the path where
/// serde_json stops (as [`crate::engine::read_json`] gives it for any other text).
#[inline(never)]
fn not_json(text: &str, code: ErrorCode, prefix: &str) -> Error {
    match crate::jsontext::syntax_error(text) {
        Some((message, at)) => {
            let path = crate::jsonpath::path_at_offset(text, at);
            from_message(
                code,
                crate::engine::prefixed(prefix, &path),
                message.to_string(),
            )
        }
        // Not reached: the parser refuses only what serde_json refuses (see the tests).
        None => Error::new(code, "", "the JSON text could not be read"),
    }
}

/// What a reader gives: the error boxed, so that passing it up costs one word.
pub(crate) type R<T> = Result<T, Box<Error>>;

/// A JSON value, its objects' members in the order written.
#[cfg_attr(test, derive(Debug))]
pub(crate) enum Doc<'a> {
    Null,
    Bool(bool),
    Unsigned(u64),
    Signed(i64),
    Float(f64),
    Str(Cow<'a, str>),
    Array(Vec<Doc<'a>>),
    Object(Vec<(Cow<'a, str>, Doc<'a>)>),
}

/// How deep arrays and objects may nest: serde_json's limit (128 levels refused).
const MAX_DEPTH: usize = 127;

/// Reads JSON text into a [`Doc`]; `None` for anything serde_json would refuse.
struct Parser<'a> {
    text: &'a str,
    pos: usize,
    depth: usize,
    /// The items of the arrays being read, innermost last: each array takes its own
    /// off the top when it ends, in a vector of its exact length.
    items: Vec<Doc<'a>>,
    /// The same for the members of the objects being read.
    members: Vec<(Cow<'a, str>, Doc<'a>)>,
}

impl<'a> Parser<'a> {
    fn document(&mut self) -> Option<Doc<'a>> {
        let doc = self.value()?;
        self.ws();
        (self.pos == self.text.len()).then_some(doc)
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> Option<()> {
        self.ws();
        (self.peek()? == byte).then(|| self.pos += 1)
    }

    /// Whether the array or object just opened closes at once (`[]`, `{}`).
    fn closes(&mut self, close: u8) -> Option<bool> {
        self.ws();
        let closes = self.peek()? == close;
        self.pos += usize::from(closes);
        Some(closes)
    }

    /// After an item or member: whether another follows (a comma), or the list ends
    /// (`close`); `None` for anything else.
    fn next_in(&mut self, close: u8) -> Option<bool> {
        self.ws();
        let b = self.peek()?;
        self.pos += 1;
        match b {
            b',' => Some(true),
            _ if b == close => Some(false),
            _ => None,
        }
    }

    /// Small and out of line, as are the readers of strings, numbers, arrays and objects
    /// it calls (`scripts/build-pkg.sh` keeps `wasm-opt` from folding them into this):
    /// V8 optimises a function once enough of its code has run, and one large function
    /// run for every value of a document would be optimised while the first program is
    /// read, on the same cores (see benches/notes/tried.md).
    #[inline(never)]
    fn value(&mut self) -> Option<Doc<'a>> {
        self.ws();
        match self.peek()? {
            b'{' => self.object(),
            b'[' => self.array(),
            b'"' => self.string().map(Doc::Str),
            b't' => self.word("true", Doc::Bool(true)),
            b'f' => self.word("false", Doc::Bool(false)),
            b'n' => self.word("null", Doc::Null),
            _ => self.number(),
        }
    }

    fn word(&mut self, word: &str, doc: Doc<'a>) -> Option<Doc<'a>> {
        let rest = &self.text.as_bytes()[self.pos..];
        rest.starts_with(word.as_bytes()).then(|| {
            self.pos += word.len();
            doc
        })
    }

    /// Enters an array or an object (the opening bracket is next).
    fn enter(&mut self) -> Option<()> {
        self.depth += 1;
        self.pos += 1;
        (self.depth <= MAX_DEPTH).then_some(())
    }

    #[inline(never)]
    fn array(&mut self) -> Option<Doc<'a>> {
        self.enter()?;
        let base = self.items.len();
        let mut more = !self.closes(b']')?;
        while more {
            let item = self.value()?;
            self.items.push(item);
            more = self.next_in(b']')?;
        }
        self.depth -= 1;
        Some(Doc::Array(self.items.split_off(base)))
    }

    #[inline(never)]
    fn object(&mut self) -> Option<Doc<'a>> {
        self.enter()?;
        let base = self.members.len();
        let mut more = !self.closes(b'}')?;
        while more {
            self.ws();
            if self.peek()? != b'"' {
                return None;
            }
            let key = self.string()?;
            self.eat(b':')?;
            let value = self.value()?;
            self.members.push((key, value));
            more = self.next_in(b'}')?;
        }
        self.depth -= 1;
        Some(Doc::Object(self.members.split_off(base)))
    }

    /// A string (the opening quote is next): borrowed when it holds no escape, else
    /// decoded by [`crate::jsontext`]. Scanned eight bytes at a time for its closing quote, a backslash
    /// or a control character (which serde_json refuses).
    #[inline(never)]
    fn string(&mut self) -> Option<Cow<'a, str>> {
        let bytes = self.text.as_bytes();
        let start = self.pos + 1;
        let mut i = start;
        while let Some(block) = bytes.get(i..i + 8) {
            let marked = special_bytes(le_word(block));
            if marked != 0 {
                // The lowest marked byte is the first one in the text.
                i += (marked.trailing_zeros() / 8) as usize;
                return self.string_at(start, i);
            }
            i += 8;
        }
        // The byte alone, as the lowest of a word: only its own mark counts.
        while special_bytes(u64::from(*bytes.get(i)?)) & 0x80 == 0 {
            i += 1;
        }
        self.string_at(start, i)
    }

    /// The string from `start`, whose first special byte is at `end`.
    fn string_at(&mut self, start: usize, end: usize) -> Option<Cow<'a, str>> {
        match self.text.as_bytes()[end] {
            b'"' => {
                self.pos = end + 1;
                Some(Cow::Borrowed(&self.text[start..end]))
            }
            b'\\' => self.escaped(start),
            _ => None,
        }
    }

    /// A string holding an escape (its text from `start`), decoded in one scan as
    /// serde_json decodes it.
    #[inline(never)]
    fn escaped(&mut self, start: usize) -> Option<Cow<'a, str>> {
        let (s, end) = crate::jsontext::string_from(self.text, start)?;
        self.pos = end;
        Some(Cow::Owned(s))
    }

    /// A number: a plain integer that fits 64 bits read here, any other handed to
    /// [`crate::jsontext::number`] as a token (the value serde_json gives it within a
    /// document).
    #[inline(never)]
    fn number(&mut self) -> Option<Doc<'a>> {
        let bytes = self.text.as_bytes();
        let start = self.pos;
        let mut end = start;
        while let Some(b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E') = bytes.get(end) {
            end += 1;
        }
        if end == start {
            return None;
        }
        self.pos = end;
        let token = &self.text[start..end];
        let plain = token.len() <= 19
            && token.bytes().all(|b| b.is_ascii_digit())
            && (token == "0" || !token.starts_with('0'));
        if plain {
            return token.parse().ok().map(Doc::Unsigned);
        }
        crate::jsontext::number(token)
    }
}

impl Doc<'_> {
    /// A number read as `Dec`'s serde reading reads it (an integer exactly, any other
    /// number by its nearest `f64`), or why it cannot be; `None` for any other value.
    pub(crate) fn number_dec(&self) -> Option<Result<Dec, String>> {
        match self {
            Doc::Unsigned(u) => Some(Dec::from_u64(*u)),
            Doc::Signed(i) => Some(Dec::from_i64(*i)),
            Doc::Float(f) => Some(Dec::from_f64(*f)),
            _ => None,
        }
    }

    /// The value as serde_json's messages name it (`integer `5``, `string "x"`, `map`):
    /// serde's `Unexpected` as serde_json writes it, a float's digits by zmij. Written
    /// here rather than through `Unexpected`, whose float arm links `core`'s float
    /// printing (about 17 KB of Wasm).
    fn described(&self) -> String {
        match self {
            Doc::Null => "null".to_string(),
            Doc::Bool(b) => format!("boolean `{b}`"),
            Doc::Unsigned(u) => format!("integer `{u}`"),
            Doc::Signed(i) => format!("integer `{i}`"),
            Doc::Float(f) => format!("floating point `{}`", zmij::Buffer::new().format(*f)),
            Doc::Str(s) => format!("string {:?}", s.as_ref()),
            Doc::Array(_) => "sequence".to_string(),
            Doc::Object(_) => "map".to_string(),
        }
    }
}

/// Where a value lies: the chain of keys and indices from the root.
pub(crate) enum At<'a> {
    /// The document, whose problems have this code.
    Root(ErrorCode),
    Key(&'a At<'a>, &'a str),
    Index(&'a At<'a>, usize),
}

impl At<'_> {
    /// The code of the document's problems.
    fn code(&self) -> ErrorCode {
        match self {
            At::Root(code) => *code,
            At::Key(parent, _) | At::Index(parent, _) => parent.code(),
        }
    }

    /// The path written out (`offers[2].brackets[0].minSubtotal`).
    pub(crate) fn path(&self) -> String {
        let mut path = String::new();
        self.write(&mut path);
        path
    }

    fn write(&self, path: &mut String) {
        match self {
            At::Root(_) => {}
            At::Key(parent, key) => {
                parent.write(path);
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            At::Index(parent, index) => {
                parent.write(path);
                path.push('[');
                path.push_str(&index.to_string());
                path.push(']');
            }
        }
    }
}

/// An error at `at` with a serde message.
#[inline(never)]
pub(crate) fn error(at: &At, message: String) -> Box<Error> {
    Box::new(from_message(at.code(), at.path(), message))
}

pub(crate) fn fail<T>(at: &At, message: impl Display) -> R<T> {
    Err(error(at, message.to_string()))
}

/// `invalid type: …, expected …` for `doc` at `at`.
#[inline(never)]
fn wrong(doc: &Doc, at: &At, expected: &str) -> Box<Error> {
    invalid("type", doc, at, expected)
}

/// `invalid value: …, expected …` for `doc` at `at` (a number out of range).
#[inline(never)]
fn out_of_range<T>(doc: &Doc, at: &At, expected: &str) -> R<T> {
    Err(invalid("value", doc, at, expected))
}

/// serde's `invalid type` and `invalid value` messages, as serde_json words them.
fn invalid(what: &str, doc: &Doc, at: &At, expected: &str) -> Box<Error> {
    let message = format!("invalid {what}: {}, expected {expected}", doc.described());
    error(at, message)
}

pub(crate) fn wrong_type<T>(doc: &Doc, at: &At, expected: &str) -> R<T> {
    Err(wrong(doc, at, expected))
}

/// serde's wording of a problem (`missing field `id``, `unknown variant`…), made by
/// `serde::de::Error`'s own methods, without a data format's error type around it.
#[derive(Debug)]
struct Wording(String);

impl Display for Wording {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Wording {}

impl de::Error for Wording {
    fn custom<T: Display>(message: T) -> Self {
        Wording(message.to_string())
    }
}

#[inline(never)]
pub(crate) fn unknown(at: &At, key: &str, fields: &'static [&'static str]) -> Box<Error> {
    let e: Wording = de::Error::unknown_field(key, fields);
    error(at, e.0)
}

#[inline(never)]
fn missing(at: &At, field: &'static str) -> Box<Error> {
    let e: Wording = de::Error::missing_field(field);
    error(at, e.0)
}

/// A required field's value, or `missing field` at its object.
pub(crate) fn need<T>(value: Option<T>, at: &At, field: &'static str) -> R<T> {
    value.ok_or_else(|| missing(at, field))
}

/// The members of an object (`expected` names the type for any other value).
pub(crate) fn object<'a>(doc: Doc<'a>, at: &At, expected: &str) -> R<Vec<(Cow<'a, str>, Doc<'a>)>> {
    match doc {
        Doc::Object(members) => Ok(members),
        other => wrong_type(&other, at, expected),
    }
}

/// A string, borrowed from the text where it holds no escape.
pub(crate) fn str<'a>(doc: Doc<'a>, at: &At) -> R<Cow<'a, str>> {
    match doc {
        Doc::Str(s) => Ok(s),
        other => wrong_type(&other, at, "a string"),
    }
}

pub(crate) fn string(doc: Doc, at: &At) -> R<String> {
    str(doc, at).map(Cow::into_owned)
}

pub(crate) fn boolean(doc: Doc, at: &At) -> R<bool> {
    match doc {
        Doc::Bool(b) => Ok(b),
        other => wrong_type(&other, at, "a boolean"),
    }
}

/// An unsigned integer up to `max`, refused as serde refuses it for `expected` (`u32`).
/// A number written with a fraction or an exponent is taken when its value is a whole
/// one (`5.0`, `5e0`): it is the number `5` to JavaScript (`JSON.parse`, then
/// `JSON.stringify`, writes `5`) and to JSON Schema's `integer`, so the text and object
/// entry points read the same JSON alike.
pub(crate) fn unsigned(doc: Doc, at: &At, max: u64, expected: &str) -> R<u64> {
    match doc {
        Doc::Unsigned(u) if u <= max => Ok(u),
        Doc::Signed(i) if (0..).contains(&i) && i as u64 <= max => Ok(i as u64),
        Doc::Float(f) => match crate::whole::as_u64(f) {
            Some(v) if v <= max => Ok(v),
            _ => wrong_type(&doc, at, expected),
        },
        Doc::Unsigned(_) | Doc::Signed(_) => out_of_range(&doc, at, expected),
        other => wrong_type(&other, at, expected),
    }
}

pub(crate) fn u32_(doc: Doc, at: &At) -> R<u32> {
    unsigned(doc, at, u64::from(u32::MAX), "u32").map(|v| v as u32)
}

pub(crate) fn u64_(doc: Doc, at: &At) -> R<u64> {
    unsigned(doc, at, u64::MAX, "u64")
}

/// A signed integer, refused as serde refuses it for `i64`; a whole number written with
/// a fraction or an exponent is taken, as by [`unsigned`].
pub(crate) fn i64_(doc: Doc, at: &At) -> R<i64> {
    match doc {
        Doc::Signed(i) => Ok(i),
        Doc::Float(f) => crate::whole::as_i64(f).map_or_else(|| wrong_type(&doc, at, "i64"), Ok),
        Doc::Unsigned(u) => i64::try_from(u).or_else(|_| out_of_range(&doc, at, "i64")),
        other => wrong_type(&other, at, "i64"),
    }
}

pub(crate) fn dec(doc: Doc, at: &At) -> R<Dec> {
    let read = match &doc {
        Doc::Str(s) => Dec::parse(s),
        number => match number.number_dec() {
            Some(read) => read,
            None => return wrong_type(&doc, at, crate::money::DEC_EXPECTED),
        },
    };
    read.or_else(|message| fail(at, message))
}

pub(crate) fn instant(doc: Doc, at: &At) -> R<Instant> {
    match doc {
        Doc::Str(s) => Instant::parse(&s).or_else(|message| fail(at, message)),
        other => wrong_type(&other, at, crate::dates::INSTANT_EXPECTED),
    }
}

/// `null` for `None`, anything else read by `read`.
pub(crate) fn opt<'a, T>(
    doc: Doc<'a>,
    at: &At,
    read: impl FnOnce(Doc<'a>, &At) -> R<T>,
) -> R<Option<T>> {
    match doc {
        Doc::Null => Ok(None),
        other => read(other, at).map(Some),
    }
}

pub(crate) fn list<'a, T>(
    doc: Doc<'a>,
    at: &At,
    mut read: impl FnMut(Doc<'a>, &At) -> R<T>,
) -> R<Vec<T>> {
    match doc {
        Doc::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.into_iter().enumerate() {
                out.push(read(item, &At::Index(at, i))?);
            }
            Ok(out)
        }
        other => wrong_type(&other, at, "a sequence"),
    }
}

pub(crate) fn strings(doc: Doc, at: &At) -> R<Vec<String>> {
    list(doc, at, string)
}

pub(crate) fn opt_string(doc: Doc, at: &At) -> R<Option<String>> {
    opt(doc, at, string)
}

pub(crate) fn opt_strings(doc: Doc, at: &At) -> R<Option<Vec<String>>> {
    opt(doc, at, strings)
}

pub(crate) fn opt_dec(doc: Doc, at: &At) -> R<Option<Dec>> {
    opt(doc, at, dec)
}

pub(crate) fn opt_u32(doc: Doc, at: &At) -> R<Option<u32>> {
    opt(doc, at, u32_)
}

pub(crate) fn opt_instant(doc: Doc, at: &At) -> R<Option<Instant>> {
    opt(doc, at, instant)
}

/// The index of a unit variant written as its name.
pub(crate) fn variant(
    doc: Doc,
    at: &At,
    expected: &str,
    names: &'static [&'static str],
) -> R<usize> {
    match doc {
        Doc::Str(s) => match name_index(names, &s) {
            Some(i) => Ok(i),
            None => {
                let e: Wording = de::Error::unknown_variant(&s, names);
                Err(error(at, e.0))
            }
        },
        other => wrong_type(&other, at, expected),
    }
}

/// Reads the members of an object, each arm reading one member into the value being
/// built; the arms' names, in order, are the type's fields (`FIELDS`). A key that is
/// not one of them is an unknown key, and one read before a duplicate field: both found
/// as serde finds them, at the key, before its value is read.
macro_rules! members {
    ($doc:expr, $at:expr, $expected:literal, |$value:ident, $here:ident| { $($name:literal => $read:expr,)* }) => {
        const FIELDS: &[&str] = &[$($name),*];
        let mut seen = 0u32;
        for (key, $value) in $crate::jsondoc::object($doc, $at, $expected)? {
            let $here = &$crate::jsondoc::At::Key($at, &key);
            let bit = $crate::jsondoc::field_bit(&key, FIELDS, seen, $at)?;
            seen |= bit;
            $crate::jsondoc::dispatch!(bit, 1u32; $($name => $read,)*);
        }
    };
}

/// The arm of [`members!`] whose field has the bit `$bit` (the first arm's is 1).
macro_rules! dispatch {
    ($bit:expr, $n:expr; ) => {
        ()
    };
    ($bit:expr, $n:expr; $name:literal => $read:expr, $($rest:tt)*) => {
        if $bit == $n {
            $read;
        } else {
            $crate::jsondoc::dispatch!($bit, $n << 1; $($rest)*);
        }
    };
}

pub(crate) use {dispatch, members};

/// Where `name` is among `names` (a type's field or variant names). Compared by
/// [`crate::scan::equal`], words at a time: many of a type's names share a length, and
/// `==` called `memcmp`, a byte loop in Wasm, for each of them (58,204 of the 808,361
/// instructions that compiled the typical program and read its request).
fn name_index(names: &[&str], name: &str) -> Option<usize> {
    names.iter().position(|n| crate::scan::equal(n, name))
}

/// The bit of `key` among `fields`: an unknown key is an error, and so is one whose
/// bit is in `seen`.
#[inline(never)]
pub(crate) fn field_bit(key: &str, fields: &'static [&'static str], seen: u32, at: &At) -> R<u32> {
    let Some(i) = name_index(fields, key) else {
        return Err(unknown(at, key, fields));
    };
    let bit = 1 << i;
    if seen & bit != 0 {
        let e: Wording = de::Error::duplicate_field(fields[i]);
        return Err(error(at, e.0));
    }
    Ok(bit)
}

/// A JSON value as serde_json reads it. With `strict`, a key given twice in an object is
/// refused (a comparison's `value`); without, the last is kept, as serde_json keeps it
/// (a customer's `attributes`, which the request reader hands to serde_json).
pub(crate) fn json_value(doc: Doc, at: &At, strict: bool) -> R<Value> {
    Ok(match doc {
        Doc::Null => Value::Null,
        Doc::Bool(b) => Value::Bool(b),
        Doc::Unsigned(u) => Value::Number(u.into()),
        Doc::Signed(i) => Value::Number(i.into()),
        Doc::Float(f) => Number::from_f64(f).map_or(Value::Null, Value::Number),
        Doc::Str(s) => Value::String(s.into_owned()),
        Doc::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.into_iter().enumerate() {
                out.push(json_value(item, &At::Index(at, i), strict)?);
            }
            Value::Array(out)
        }
        Doc::Object(members) => {
            let mut map = Map::new();
            for (key, member) in members {
                let here = &At::Key(at, &key);
                if strict && map.contains_key(key.as_ref()) {
                    return fail(here, format_args!("duplicate key `{key}`"));
                }
                let value = json_value(member, here, strict)?;
                map.insert(key.into_owned(), value);
            }
            Value::Object(map)
        }
    })
}

#[cfg(test)]
#[path = "jsondoc_testkit.rs"]
pub(crate) mod testkit;
