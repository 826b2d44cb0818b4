//! Reads a program from JSON text by hand.
//!
//! The text is first read into a [`Doc`], a JSON tree that keeps each object's keys in
//! the order written and borrows its strings from the text where they hold no escape. A
//! function per model type then builds the [`Program`] from that tree, naming the JSON
//! path of the first problem in document order. This takes the place of a serde derive
//! per model type: the Wasm module is smaller.
//!
//! The tree is read by a small parser of its own for the plain case (strings without
//! escapes, integers that fit 64 bits). An escaped string or any other number is handed
//! to serde_json as that one token; text that is not JSON, or nests deeper than
//! serde_json allows, is read again by serde_json as a whole, which names the problem
//! and where it is exactly as for any other JSON text.
//!
//! Messages are serde's own, made by `serde::de::Error` on `serde_json::Error` (`invalid
//! type: string "x", expected u32`, `missing field `id``, `unknown variant`…), so a
//! program reads exactly as the serde types of `model` would read it, except that:
//! - text that is not JSON is refused as such even where a model error comes earlier;
//! - an object type must be written as an object (serde also took an array of its
//!   fields in order), and a name as a string (serde also took `{"name": null}`; for a
//!   number or `true` it said only `expected value`);
//! - a key given twice in a comparison's `value` is refused (serde kept the last).
//!
//! The unit tests compare this reader with the serde types on many programs.

use std::borrow::Cow;
use std::fmt::Display;

use serde::de::{self, Unexpected};
use serde_json::{Map, Number, Value};

use crate::dates::Instant;
use crate::error::{from_json_error, from_message, Error, ErrorCode};
use crate::money::{Dec, Rounding};
use crate::program::model::*;
use crate::scan::{le_word, special_bytes};

/// Reads a program from JSON text, reporting the JSON path of a problem.
pub(crate) fn program(text: &str) -> Result<Program, Error> {
    let mut parser = Parser {
        text,
        pos: 0,
        depth: 0,
        items: Vec::new(),
        members: Vec::new(),
    };
    let doc = match parser.document() {
        Some(doc) => doc,
        None => return Err(not_json(text)),
    };
    read_program(doc, &At::Root).map_err(|e| *e)
}

/// The error for text the parser refused: serde_json's, with its path.
#[inline(never)]
fn not_json(text: &str) -> Error {
    match serde_json::from_str::<Value>(text) {
        Err(e) => from_json_error(ErrorCode::InvalidProgram, text, &e),
        // Not reached: the parser refuses only what serde_json refuses (see the tests).
        Ok(_) => Error::new(
            ErrorCode::InvalidProgram,
            "",
            "the JSON text could not be read",
        ),
    }
}

/// What a reader gives: the error boxed, so that passing it up costs one word.
type R<T> = Result<T, Box<Error>>;

/// A JSON value, its objects' members in the order written.
enum Doc<'a> {
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
        self.ws();
        if self.peek()? == b']' {
            self.pos += 1;
        } else {
            loop {
                let item = self.value()?;
                self.items.push(item);
                self.ws();
                match self.peek()? {
                    b',' => self.pos += 1,
                    b']' => {
                        self.pos += 1;
                        break;
                    }
                    _ => return None,
                }
            }
        }
        self.depth -= 1;
        Some(Doc::Array(self.items.drain(base..).collect()))
    }

    #[inline(never)]
    fn object(&mut self) -> Option<Doc<'a>> {
        self.enter()?;
        let base = self.members.len();
        self.ws();
        if self.peek()? == b'}' {
            self.pos += 1;
        } else {
            loop {
                self.ws();
                if self.peek()? != b'"' {
                    return None;
                }
                let key = self.string()?;
                self.eat(b':')?;
                let value = self.value()?;
                self.members.push((key, value));
                self.ws();
                match self.peek()? {
                    b',' => self.pos += 1,
                    b'}' => {
                        self.pos += 1;
                        break;
                    }
                    _ => return None,
                }
            }
        }
        self.depth -= 1;
        Some(Doc::Object(self.members.drain(base..).collect()))
    }

    /// A string (the opening quote is next): borrowed when it holds no escape, else read
    /// by serde_json. Scanned eight bytes at a time for its closing quote, a backslash
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
            b'\\' => self.escaped(start, end),
            _ => None,
        }
    }

    /// A string holding an escape (the first at `from`), decoded by serde_json.
    #[inline(never)]
    fn escaped(&mut self, start: usize, from: usize) -> Option<Cow<'a, str>> {
        let bytes = self.text.as_bytes();
        let mut i = from;
        loop {
            match *bytes.get(i)? {
                b'"' => break,
                b'\\' => i += 2,
                0..=0x1f => return None,
                _ => i += 1,
            }
        }
        self.pos = i + 1;
        serde_json::from_str::<String>(&self.text[start - 1..=i])
            .ok()
            .map(Cow::Owned)
    }

    /// A number: a plain integer that fits 64 bits read here, any other handed to
    /// serde_json as a token (to the same value it gives within a document).
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
        let n: Number = serde_json::from_str(token).ok()?;
        Some(match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => Doc::Unsigned(u),
            (None, Some(i)) => Doc::Signed(i),
            _ => Doc::Float(n.as_f64()?),
        })
    }
}

impl Doc<'_> {
    fn unexpected(&self) -> Unexpected<'_> {
        match self {
            Doc::Null => Unexpected::Unit,
            Doc::Bool(b) => Unexpected::Bool(*b),
            Doc::Unsigned(u) => Unexpected::Unsigned(*u),
            Doc::Signed(i) => Unexpected::Signed(*i),
            Doc::Float(f) => Unexpected::Float(*f),
            Doc::Str(s) => Unexpected::Str(s.as_ref()),
            Doc::Array(_) => Unexpected::Seq,
            Doc::Object(_) => Unexpected::Map,
        }
    }
}

/// Where a value lies: the chain of keys and indices from the root.
enum At<'a> {
    Root,
    Key(&'a At<'a>, &'a str),
    Index(&'a At<'a>, usize),
}

impl At<'_> {
    fn path(&self) -> String {
        let mut path = String::new();
        self.write(&mut path);
        path
    }

    fn write(&self, path: &mut String) {
        match self {
            At::Root => {}
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
fn error(at: &At, message: String) -> Box<Error> {
    Box::new(from_message(ErrorCode::InvalidProgram, at.path(), message))
}

fn fail<T>(at: &At, message: impl Display) -> R<T> {
    Err(error(at, message.to_string()))
}

/// `invalid type: …, expected …` for `doc` at `at`.
#[inline(never)]
fn wrong(doc: &Doc, at: &At, expected: &str) -> Box<Error> {
    let e: serde_json::Error = de::Error::invalid_type(doc.unexpected(), &expected);
    error(at, e.to_string())
}

fn wrong_type<T>(doc: &Doc, at: &At, expected: &str) -> R<T> {
    Err(wrong(doc, at, expected))
}

#[inline(never)]
fn unknown(at: &At, key: &str, fields: &'static [&'static str]) -> Box<Error> {
    let e: serde_json::Error = de::Error::unknown_field(key, fields);
    error(at, e.to_string())
}

#[inline(never)]
fn missing(at: &At, field: &'static str) -> Box<Error> {
    let e: serde_json::Error = de::Error::missing_field(field);
    error(at, e.to_string())
}

/// A required field's value, or `missing field` at its object.
fn need<T>(value: Option<T>, at: &At, field: &'static str) -> R<T> {
    value.ok_or_else(|| missing(at, field))
}

/// The members of an object (`expected` names the type for any other value).
fn object<'a>(doc: Doc<'a>, at: &At, expected: &str) -> R<Vec<(Cow<'a, str>, Doc<'a>)>> {
    match doc {
        Doc::Object(members) => Ok(members),
        other => wrong_type(&other, at, expected),
    }
}

fn string(doc: Doc, at: &At) -> R<String> {
    match doc {
        Doc::Str(s) => Ok(s.into_owned()),
        other => wrong_type(&other, at, "a string"),
    }
}

fn boolean(doc: Doc, at: &At) -> R<bool> {
    match doc {
        Doc::Bool(b) => Ok(b),
        other => wrong_type(&other, at, "a boolean"),
    }
}

/// An unsigned integer up to `max`, refused as serde refuses it for `expected` (`u32`).
fn unsigned(doc: Doc, at: &At, max: u64, expected: &str) -> R<u64> {
    let out_of_range = match doc {
        Doc::Unsigned(u) if u <= max => return Ok(u),
        Doc::Signed(i) if (0..).contains(&i) && i as u64 <= max => return Ok(i as u64),
        Doc::Unsigned(u) => Unexpected::Unsigned(u),
        Doc::Signed(i) => Unexpected::Signed(i),
        other => return wrong_type(&other, at, expected),
    };
    let e: serde_json::Error = de::Error::invalid_value(out_of_range, &expected);
    Err(error(at, e.to_string()))
}

fn u32_(doc: Doc, at: &At) -> R<u32> {
    unsigned(doc, at, u64::from(u32::MAX), "u32").map(|v| v as u32)
}

fn u64_(doc: Doc, at: &At) -> R<u64> {
    unsigned(doc, at, u64::MAX, "u64")
}

fn dec(doc: Doc, at: &At) -> R<Dec> {
    let read = match &doc {
        Doc::Str(s) => Dec::parse(s),
        Doc::Unsigned(u) => Dec::from_u64(*u),
        Doc::Signed(i) => Dec::from_i64(*i),
        Doc::Float(f) => Dec::from_f64(*f),
        _ => return wrong_type(&doc, at, crate::money::DEC_EXPECTED),
    };
    read.or_else(|message| fail(at, message))
}

fn instant(doc: Doc, at: &At) -> R<Instant> {
    match doc {
        Doc::Str(s) => Instant::parse(&s).or_else(|message| fail(at, message)),
        other => wrong_type(&other, at, crate::dates::INSTANT_EXPECTED),
    }
}

/// `null` for `None`, anything else read by `read`.
fn opt<T>(doc: Doc, at: &At, read: impl FnOnce(Doc, &At) -> R<T>) -> R<Option<T>> {
    match doc {
        Doc::Null => Ok(None),
        other => read(other, at).map(Some),
    }
}

fn list<T>(doc: Doc, at: &At, mut read: impl FnMut(Doc, &At) -> R<T>) -> R<Vec<T>> {
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

fn strings(doc: Doc, at: &At) -> R<Vec<String>> {
    list(doc, at, string)
}

fn opt_string(doc: Doc, at: &At) -> R<Option<String>> {
    opt(doc, at, string)
}

fn opt_strings(doc: Doc, at: &At) -> R<Option<Vec<String>>> {
    opt(doc, at, strings)
}

fn opt_dec(doc: Doc, at: &At) -> R<Option<Dec>> {
    opt(doc, at, dec)
}

fn opt_u32(doc: Doc, at: &At) -> R<Option<u32>> {
    opt(doc, at, u32_)
}

fn opt_instant(doc: Doc, at: &At) -> R<Option<Instant>> {
    opt(doc, at, instant)
}

/// The index of a unit variant written as its name.
fn variant(doc: Doc, at: &At, expected: &str, names: &'static [&'static str]) -> R<usize> {
    match doc {
        Doc::Str(s) => match names.iter().position(|n| *n == s.as_ref()) {
            Some(i) => Ok(i),
            None => {
                let e: serde_json::Error = de::Error::unknown_variant(&s, names);
                Err(error(at, e.to_string()))
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
        for (key, $value) in object($doc, $at, $expected)? {
            let $here = &At::Key($at, &key);
            let bit = field_bit(&key, FIELDS, seen, $at)?;
            seen |= bit;
            dispatch!(bit, 1u32; $($name => $read,)*);
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
            dispatch!($bit, $n << 1; $($rest)*);
        }
    };
}

/// The bit of `key` among `fields`: an unknown key is an error, and so is one whose
/// bit is in `seen`.
#[inline(never)]
fn field_bit(key: &str, fields: &'static [&'static str], seen: u32, at: &At) -> R<u32> {
    let Some(i) = fields.iter().position(|f| *f == key) else {
        return Err(unknown(at, key, fields));
    };
    let bit = 1 << i;
    if seen & bit != 0 {
        let e: serde_json::Error = de::Error::duplicate_field(fields[i]);
        return Err(error(at, e.to_string()));
    }
    Ok(bit)
}

#[inline(never)]
fn read_program(doc: Doc, at: &At) -> R<Program> {
    let (mut version, mut currency) = (None, None);
    let mut out = Program {
        version: 0,
        currency: String::new(),
        rounding: Rounding::default(),
        validated_order_statuses: None,
        stacking: Stacking::default(),
        groups: Vec::new(),
        segments: Vec::new(),
        offers: Vec::new(),
        points: None,
        personal_discount: None,
        cumulative_discount: None,
        rewards: Vec::new(),
        promo_codes: Vec::new(),
        gifts: Vec::new(),
        discount_cards: None,
    };
    members!(doc, at, "struct Program", |value, here| {
        "version" => version = Some(u32_(value, here)?),
        "currency" => currency = Some(string(value, here)?),
        "rounding" => out.rounding = read_rounding(value, here)?,
        "validatedOrderStatuses" => out.validated_order_statuses = opt_strings(value, here)?,
        "stacking" => out.stacking = read_stacking(value, here)?,
        "groups" => out.groups = list(value, here, read_group)?,
        "segments" => out.segments = list(value, here, read_segment)?,
        "offers" => out.offers = list(value, here, read_offer)?,
        "points" => out.points = opt(value, here, read_points)?,
        "personalDiscount" => out.personal_discount = opt(value, here, read_toggle)?,
        "cumulativeDiscount" => out.cumulative_discount = opt(value, here, read_cumulative)?,
        "rewards" => out.rewards = list(value, here, read_reward)?,
        "promoCodes" => out.promo_codes = list(value, here, read_promo_code)?,
        "gifts" => out.gifts = list(value, here, read_gift)?,
        "discountCards" => out.discount_cards = opt(value, here, read_discount_cards)?,
    });
    out.version = need(version, at, "version")?;
    out.currency = need(currency, at, "currency")?;
    Ok(out)
}

fn read_rounding(doc: Doc, at: &At) -> R<Rounding> {
    const NAMES: &[&str] = &["halfUp", "halfEven"];
    Ok(match variant(doc, at, "enum Rounding", NAMES)? {
        0 => Rounding::HalfUp,
        _ => Rounding::HalfEven,
    })
}

fn read_stacking(doc: Doc, at: &At) -> R<Stacking> {
    const NAMES: &[&str] = &["bestOf", "stack"];
    let mut out = Stacking::default();
    members!(doc, at, "struct Stacking", |value, here| {
        "customerDiscount" => out.customer_discount = match variant(value, here, "enum StackingPolicy", NAMES)? {
            0 => StackingPolicy::BestOf,
            _ => StackingPolicy::Stack,
        },
    });
    Ok(out)
}

fn read_toggle(doc: Doc, at: &At) -> R<Toggle> {
    let mut enabled = None;
    members!(doc, at, "struct Toggle", |value, here| {
        "enabled" => enabled = Some(boolean(value, here)?),
    });
    Ok(Toggle {
        enabled: need(enabled, at, "enabled")?,
    })
}

#[inline(never)]
fn read_group(doc: Doc, at: &At) -> R<Group> {
    let mut id = None;
    let mut out = Group {
        id: String::new(),
        name: None,
        default: false,
        colour: None,
        prices: Vec::new(),
    };
    members!(doc, at, "struct Group", |value, here| {
        "id" => id = Some(string(value, here)?),
        "name" => out.name = opt_string(value, here)?,
        "default" => out.default = boolean(value, here)?,
        "colour" => out.colour = opt_string(value, here)?,
        "prices" => out.prices = list(value, here, read_price_rule)?,
    });
    out.id = need(id, at, "id")?;
    Ok(out)
}

#[inline(never)]
fn read_price_rule(doc: Doc, at: &At) -> R<PriceRule> {
    let mut out = PriceRule {
        products: None,
        categories: None,
        percent: None,
        price: None,
    };
    members!(doc, at, "struct PriceRule", |value, here| {
        "products" => out.products = opt_strings(value, here)?,
        "categories" => out.categories = opt_strings(value, here)?,
        "percent" => out.percent = opt_dec(value, here)?,
        "price" => out.price = opt_dec(value, here)?,
    });
    Ok(out)
}

#[inline(never)]
fn read_segment(doc: Doc, at: &At) -> R<Segment> {
    let (mut id, mut name, mut rule) = (None, None, None);
    members!(doc, at, "struct Segment", |value, here| {
        "id" => id = Some(string(value, here)?),
        "name" => name = opt_string(value, here)?,
        "rule" => rule = Some(read_condition(value, here)?),
    });
    Ok(Segment {
        id: need(id, at, "id")?,
        name,
        rule: need(rule, at, "rule")?,
    })
}

#[inline(never)]
fn read_offer(doc: Doc, at: &At) -> R<Offer> {
    let mut id = None;
    let mut out = Offer {
        id: String::new(),
        name: None,
        segment: None,
        group: None,
        earn_points: true,
        discount_enabled: true,
        applies_with_promo_code: false,
        valid_from: None,
        valid_until: None,
        brackets: Vec::new(),
    };
    members!(doc, at, "struct Offer", |value, here| {
        "id" => id = Some(string(value, here)?),
        "name" => out.name = opt_string(value, here)?,
        "segment" => out.segment = opt_string(value, here)?,
        "group" => out.group = opt_string(value, here)?,
        "earnPoints" => out.earn_points = boolean(value, here)?,
        "discountEnabled" => out.discount_enabled = boolean(value, here)?,
        "appliesWithPromoCode" => out.applies_with_promo_code = boolean(value, here)?,
        "validFrom" => out.valid_from = opt_instant(value, here)?,
        "validUntil" => out.valid_until = opt_instant(value, here)?,
        "brackets" => out.brackets = list(value, here, read_bracket)?,
    });
    out.id = need(id, at, "id")?;
    Ok(out)
}

#[inline(never)]
fn read_bracket(doc: Doc, at: &At) -> R<Bracket> {
    let (mut min, mut discount, mut free_shipping) = (None, None, false);
    members!(doc, at, "struct Bracket", |value, here| {
        "minSubtotal" => min = Some(dec(value, here)?),
        "discount" => discount = opt(value, here, read_discount)?,
        "freeShipping" => free_shipping = boolean(value, here)?,
    });
    Ok(Bracket {
        min_subtotal: need(min, at, "minSubtotal")?,
        discount,
        free_shipping,
    })
}

#[inline(never)]
fn read_discount(doc: Doc, at: &At) -> R<Discount> {
    let mut out = Discount {
        amount: None,
        percent: None,
    };
    members!(doc, at, "struct Discount", |value, here| {
        "amount" => out.amount = opt_dec(value, here)?,
        "percent" => out.percent = opt_dec(value, here)?,
    });
    Ok(out)
}

#[inline(never)]
fn read_points(doc: Doc, at: &At) -> R<Points> {
    const BASES: &[&str] = &["afterDiscounts", "beforeDiscounts"];
    let (mut enabled, mut per_unit) = (None, None);
    let mut out = Points {
        enabled: false,
        points_per_unit: Dec::default(),
        base: PointsBase::default(),
        exclude_categories: Vec::new(),
        multipliers: Vec::new(),
    };
    members!(doc, at, "struct Points", |value, here| {
        "enabled" => enabled = Some(boolean(value, here)?),
        "pointsPerUnit" => per_unit = Some(dec(value, here)?),
        "base" => out.base = match variant(value, here, "enum PointsBase", BASES)? {
            0 => PointsBase::AfterDiscounts,
            _ => PointsBase::BeforeDiscounts,
        },
        "excludeCategories" => out.exclude_categories = strings(value, here)?,
        "multipliers" => out.multipliers = list(value, here, read_multiplier)?,
    });
    out.enabled = need(enabled, at, "enabled")?;
    out.points_per_unit = need(per_unit, at, "pointsPerUnit")?;
    Ok(out)
}

#[inline(never)]
fn read_multiplier(doc: Doc, at: &At) -> R<Multiplier> {
    let (mut segment, mut factor) = (None, None);
    members!(doc, at, "struct Multiplier", |value, here| {
        "segment" => segment = Some(string(value, here)?),
        "factor" => factor = Some(dec(value, here)?),
    });
    Ok(Multiplier {
        segment: need(segment, at, "segment")?,
        factor: need(factor, at, "factor")?,
    })
}

#[inline(never)]
fn read_cumulative(doc: Doc, at: &At) -> R<Cumulative> {
    let mut enabled = None;
    let mut out = Cumulative {
        enabled: false,
        period_days: None,
        counted_statuses: None,
        ranges: Vec::new(),
        segment_ranges: Vec::new(),
    };
    members!(doc, at, "struct Cumulative", |value, here| {
        "enabled" => enabled = Some(boolean(value, here)?),
        "periodDays" => out.period_days = opt_u32(value, here)?,
        "countedStatuses" => out.counted_statuses = opt_strings(value, here)?,
        "ranges" => out.ranges = list(value, here, read_range)?,
        "segmentRanges" => out.segment_ranges = list(value, here, read_segment_ranges)?,
    });
    out.enabled = need(enabled, at, "enabled")?;
    Ok(out)
}

#[inline(never)]
fn read_range(doc: Doc, at: &At) -> R<Range> {
    let (mut from, mut percent) = (None, None);
    members!(doc, at, "struct Range", |value, here| {
        "from" => from = Some(dec(value, here)?),
        "percent" => percent = Some(dec(value, here)?),
    });
    Ok(Range {
        from: need(from, at, "from")?,
        percent: need(percent, at, "percent")?,
    })
}

#[inline(never)]
fn read_segment_ranges(doc: Doc, at: &At) -> R<SegmentRanges> {
    let (mut segment, mut ranges) = (None, None);
    members!(doc, at, "struct SegmentRanges", |value, here| {
        "segment" => segment = Some(string(value, here)?),
        "ranges" => ranges = Some(list(value, here, read_range)?),
    });
    Ok(SegmentRanges {
        segment: need(segment, at, "segment")?,
        ranges: need(ranges, at, "ranges")?,
    })
}

#[inline(never)]
fn read_reward(doc: Doc, at: &At) -> R<Reward> {
    const KINDS: &[&str] = &[
        "voucher",
        "percentOff",
        "freeShipping",
        "freeProduct",
        "buyXGetY",
    ];
    let (mut id, mut kind, mut cost) = (None, None, None);
    let mut out = Reward {
        id: String::new(),
        name: None,
        kind: RewardType::Voucher,
        points_cost: 0,
        min_subtotal: None,
        amount: None,
        percent: None,
        product: None,
        quantity: None,
        buy: None,
        get: None,
        max_applications: None,
    };
    members!(doc, at, "struct Reward", |value, here| {
        "id" => id = Some(string(value, here)?),
        "name" => out.name = opt_string(value, here)?,
        "type" => kind = Some(match variant(value, here, "enum RewardType", KINDS)? {
            0 => RewardType::Voucher,
            1 => RewardType::PercentOff,
            2 => RewardType::FreeShipping,
            3 => RewardType::FreeProduct,
            _ => RewardType::BuyXGetY,
        }),
        "pointsCost" => cost = Some(u64_(value, here)?),
        "minSubtotal" => out.min_subtotal = opt_dec(value, here)?,
        "amount" => out.amount = opt_dec(value, here)?,
        "percent" => out.percent = opt_dec(value, here)?,
        "product" => out.product = opt_string(value, here)?,
        "quantity" => out.quantity = opt_u32(value, here)?,
        "buy" => out.buy = opt(value, here, read_item_set)?,
        "get" => out.get = opt(value, here, read_item_set)?,
        "maxApplications" => out.max_applications = opt_u32(value, here)?,
    });
    out.id = need(id, at, "id")?;
    out.kind = need(kind, at, "type")?;
    out.points_cost = need(cost, at, "pointsCost")?;
    Ok(out)
}

#[inline(never)]
fn read_item_set(doc: Doc, at: &At) -> R<ItemSet> {
    let mut quantity = None;
    let mut out = ItemSet {
        products: None,
        categories: None,
        quantity: 0,
        percent: None,
    };
    members!(doc, at, "struct ItemSet", |value, here| {
        "products" => out.products = opt_strings(value, here)?,
        "categories" => out.categories = opt_strings(value, here)?,
        "quantity" => quantity = Some(u32_(value, here)?),
        "percent" => out.percent = opt_dec(value, here)?,
    });
    out.quantity = need(quantity, at, "quantity")?;
    Ok(out)
}

#[inline(never)]
fn read_promo_code(doc: Doc, at: &At) -> R<PromoCode> {
    let mut code = None;
    let mut out = PromoCode {
        code: String::new(),
        discount: None,
        free_shipping: false,
        min_subtotal: None,
        valid_from: None,
        valid_until: None,
        segments: None,
    };
    members!(doc, at, "struct PromoCode", |value, here| {
        "code" => code = Some(string(value, here)?),
        "discount" => out.discount = opt(value, here, read_discount)?,
        "freeShipping" => out.free_shipping = boolean(value, here)?,
        "minSubtotal" => out.min_subtotal = opt_dec(value, here)?,
        "validFrom" => out.valid_from = opt_instant(value, here)?,
        "validUntil" => out.valid_until = opt_instant(value, here)?,
        "segments" => out.segments = opt_strings(value, here)?,
    });
    out.code = need(code, at, "code")?;
    Ok(out)
}

#[inline(never)]
fn read_gift(doc: Doc, at: &At) -> R<Gift> {
    let (mut id, mut when, mut gift) = (None, None, None);
    let mut out = Gift {
        id: String::new(),
        segment: None,
        group: None,
        when: GiftWhen {
            products: None,
            categories: None,
            min_quantity: None,
            min_subtotal: None,
        },
        gift: GiftItem {
            product: String::new(),
            quantity: 0,
        },
    };
    members!(doc, at, "struct Gift", |value, here| {
        "id" => id = Some(string(value, here)?),
        "segment" => out.segment = opt_string(value, here)?,
        "group" => out.group = opt_string(value, here)?,
        "when" => when = Some(read_gift_when(value, here)?),
        "gift" => gift = Some(read_gift_item(value, here)?),
    });
    out.id = need(id, at, "id")?;
    out.when = need(when, at, "when")?;
    out.gift = need(gift, at, "gift")?;
    Ok(out)
}

#[inline(never)]
fn read_gift_when(doc: Doc, at: &At) -> R<GiftWhen> {
    let mut out = GiftWhen {
        products: None,
        categories: None,
        min_quantity: None,
        min_subtotal: None,
    };
    members!(doc, at, "struct GiftWhen", |value, here| {
        "products" => out.products = opt_strings(value, here)?,
        "categories" => out.categories = opt_strings(value, here)?,
        "minQuantity" => out.min_quantity = opt_u32(value, here)?,
        "minSubtotal" => out.min_subtotal = opt_dec(value, here)?,
    });
    Ok(out)
}

#[inline(never)]
fn read_gift_item(doc: Doc, at: &At) -> R<GiftItem> {
    let (mut product, mut quantity) = (None, None);
    members!(doc, at, "struct GiftItem", |value, here| {
        "product" => product = Some(string(value, here)?),
        "quantity" => quantity = Some(u32_(value, here)?),
    });
    Ok(GiftItem {
        product: need(product, at, "product")?,
        quantity: need(quantity, at, "quantity")?,
    })
}

#[inline(never)]
fn read_discount_cards(doc: Doc, at: &At) -> R<DiscountCards> {
    const CHECKS: &[&str] = &["none", "ean13", "luhn"];
    let mut out = DiscountCards {
        check: CardCheck::default(),
        lengths: None,
    };
    members!(doc, at, "struct DiscountCards", |value, here| {
        "check" => out.check = match variant(value, here, "enum CardCheck", CHECKS)? {
            0 => CardCheck::None,
            1 => CardCheck::Ean13,
            _ => CardCheck::Luhn,
        },
        "lengths" => out.lengths = opt(value, here, |d, at| list(d, at, u32_))?,
    });
    Ok(out)
}

/// A segment's rule: one combinator key (`all`, `any`, `not`, `segment`, `group`) alone,
/// or a comparison `{ field, op, value, withinLastDays? }`.
#[inline(never)]
fn read_condition(doc: Doc, at: &At) -> R<Condition> {
    let mut single: Option<Condition> = None;
    let (mut field, mut op, mut value, mut within) = (None, None, None, None);
    let members = object(doc, at, crate::program::model::CONDITION_EXPECTED)?;
    for (n, (key, member)) in members.into_iter().enumerate() {
        let here = &At::Key(at, &key);
        let combinator = matches!(key.as_ref(), "all" | "any" | "not" | "segment" | "group");
        if combinator && (n > 0 || single.is_some()) {
            return fail(
                here,
                format_args!("`{key}` must be the only key of its condition"),
            );
        }
        match key.as_ref() {
            "all" => single = Some(Condition::All(list(member, here, read_condition)?)),
            "any" => single = Some(Condition::Any(list(member, here, read_condition)?)),
            "not" => single = Some(Condition::Not(Box::new(read_condition(member, here)?))),
            "segment" => single = Some(Condition::Segment(string(member, here)?)),
            "group" => single = Some(Condition::Group(string(member, here)?)),
            _ if single.is_some() => {
                return fail(
                    here,
                    format_args!(
                        "unknown key `{key}`: a combinator must be the only key of its condition"
                    ),
                );
            }
            "field" if field.is_none() => field = Some(string(member, here)?),
            "op" if op.is_none() => op = Some(string(member, here)?),
            "value" if value.is_none() => value = Some(json_value(member, here)?),
            "withinLastDays" if within.is_none() => within = Some(u32_(member, here)?),
            "field" | "op" | "value" | "withinLastDays" => {
                return fail(here, format_args!("duplicate key `{key}`"));
            }
            _ => {
                return fail(
                    here,
                    format_args!(
                        "unknown key `{key}`, expected one of `all`, `any`, `not`, `segment`, `group`, `field`, `op`, `value`, `withinLastDays`"
                    ),
                );
            }
        }
    }
    if let Some(c) = single {
        return Ok(c);
    }
    Ok(Condition::Compare(Comparison {
        field: need(field, at, "field")?,
        op: need(op, at, "op")?,
        value: need(value, at, "value")?,
        within_last_days: within,
    }))
}

/// A comparison's value as serde_json reads it, a key given twice refused.
fn json_value(doc: Doc, at: &At) -> R<Value> {
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
                out.push(json_value(item, &At::Index(at, i))?);
            }
            Value::Array(out)
        }
        Doc::Object(members) => {
            let mut map = Map::new();
            for (key, member) in members {
                let here = &At::Key(at, &key);
                if map.contains_key(key.as_ref()) {
                    return fail(here, format_args!("duplicate key `{key}`"));
                }
                let value = json_value(member, here)?;
                map.insert(key.into_owned(), value);
            }
            Value::Object(map)
        }
    })
}

#[cfg(test)]
#[path = "read_tests.rs"]
mod tests;
