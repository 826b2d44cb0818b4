//! The hand-written request readers (`request`, `customer`, `cart`) compared with the
//! serde reader (the oracle) on valid requests, on many mutated requests, customers and
//! carts, and on hand-written raw texts.
//!
//! Both readers must agree: the same request (customer, cart) when both read the text
//! (compared as its JSON serialisation), or the same `code`, `path` and `message` when
//! both refuse it. The customer and cart readers are compared with the oracle reading
//! the same type, its paths starting with `customer` and `cart`.
//!
//! The hand reader differs in a few documented ways, counted but not failed:
//! - an array where a struct is expected (`invalid type: sequence, expected struct …`);
//!   serde read it as the struct's fields in order;
//! - an object where a unit enum is expected (`invalid type: map, expected enum …`);
//!   serde read `{"variant": null}` as the variant;
//! - a key given twice inside `customer.attributes` (a message starting `duplicate
//!   key`); serde kept the last. The hand reader may also keep the last, as serde does.
//!
//! Each is accepted when the oracle reads the text, or when the oracle's first problem
//! lies at or inside the refused value, or when nothing comes before it (checked by
//! putting `0` in its place, which the oracle refuses right there). Also accepted, when
//! both refuse the text:
//! - text that is not JSON (or nests too deep): the hand reader reads the whole text
//!   first, so its syntax error may come before a model error serde met earlier;
//! - a number, `true`, `null` or an array where a name (a unit enum) is expected: serde
//!   says `expected value`, the hand reader `invalid type: …, expected enum …`;
//! - the same message at the array's first item where serde names the array itself;
//! - the same message for an unknown empty key, at the object (`cart`) where serde's
//!   path for a whole request ends in a dot (`cart.`; for a cart alone it is `cart`).
//!
//! A key of the model given twice must be refused with serde's own message and path.
//!
//! Every comparison test collects all its differences and fails once, with counts, the
//! kinds of difference (the two messages with their values left out) and an example of
//! each of up to [`EXAMPLES`] kinds: the text, both results and how the text was made.

#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;
use serde_json::{json, Map, Value};

use super::{cart, customer, request};
use crate::engine::read_json;
use crate::error::{Error, ErrorCode};
use crate::request::{Cart, Customer, Request};

/// The benchmark inputs, shared with the program reader's tests (which load the same
/// file as their own module).
#[path = "../benches/support/gen.rs"]
#[allow(clippy::duplicate_mod)]
mod gen;

/// Kinds of difference shown with an example in a failure report.
const EXAMPLES: usize = 20;

/// Bytes of a text shown in a failure report.
const SHOWN_TEXT: usize = 2_000;

// ---------------------------------------------------------------------------------------
// The three readers and their oracles

/// Which part of the request a text holds, and so which reader reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Part {
    /// A whole request, read by [`request`].
    Request,
    /// A customer record, read by [`customer`].
    Customer,
    /// A cart, read by [`cart`].
    Cart,
}

impl Part {
    /// The request's key holding this part, which starts every path the part's readers
    /// report (empty for the whole request).
    fn prefix(self) -> &'static str {
        match self {
            Part::Request => "",
            Part::Customer => "customer",
            Part::Cart => "cart",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Part::Request => "request",
            Part::Customer => "customer",
            Part::Cart => "cart",
        }
    }

    /// The serde reader every result is compared with.
    fn oracle(self, text: &str) -> Outcome {
        let code = ErrorCode::InvalidRequest;
        let prefix = self.prefix();
        match self {
            Part::Request => Outcome::of(read_json::<Request<'static>>(text, code, prefix)),
            Part::Customer => Outcome::of(read_json::<Customer>(text, code, prefix)),
            Part::Cart => Outcome::of(read_json::<Cart<'static>>(text, code, prefix)),
        }
    }

    /// The hand reader under test.
    fn reader(self, text: &str) -> Outcome {
        match self {
            Part::Request => Outcome::of(request(text)),
            Part::Customer => Outcome::of(customer(text)),
            Part::Cart => Outcome::of(cart(text)),
        }
    }

    /// The path, within a document of this part, of a reader's error path (which starts
    /// with [`Part::prefix`]).
    fn local(self, path: &str) -> Option<&str> {
        let prefix = self.prefix();
        if prefix.is_empty() {
            return Some(path);
        }
        let rest = path.strip_prefix(prefix)?;
        if rest.is_empty() || rest.starts_with('[') {
            Some(rest)
        } else {
            rest.strip_prefix('.')
        }
    }
}

// ---------------------------------------------------------------------------------------
// Comparing the two readers

/// What a reader made of a text: the result as compact JSON, or the error.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Outcome {
    Read(String),
    Refused {
        code: ErrorCode,
        path: String,
        message: String,
    },
}

impl Outcome {
    fn of<T: Serialize>(result: Result<T, Error>) -> Outcome {
        match result {
            Ok(v) => Outcome::Read(serde_json::to_string(&v).expect("a request part serialises")),
            Err(e) => Outcome::Refused {
                code: e.code,
                path: e.path,
                message: e.message,
            },
        }
    }

    fn show(&self) -> String {
        match self {
            Outcome::Read(json) => format!("Ok {}", clip(json, 400)),
            Outcome::Refused {
                code,
                path,
                message,
            } => format!("Err {} at `{path}`: {message}", code.as_str()),
        }
    }
}

/// Messages of the hand reader's intended strictness.
const STRICTER: [&str; 2] = [
    "invalid type: sequence, expected struct",
    "invalid type: map, expected enum",
];

/// The start of the hand reader's message for a key given twice in a free-form object.
const REPEATED_KEY: &str = "duplicate key";

/// The customer's free-form object, where serde keeps the last of two equal keys.
const ATTRIBUTES: &str = "customer.attributes";

/// The kind of the hand reader's intended strictness its refusal shows, if any.
fn strictness(path: &str, message: &str) -> Option<&'static str> {
    STRICTER
        .iter()
        .copied()
        .find(|kind| message.starts_with(kind))
        .or_else(|| {
            (message.starts_with(REPEATED_KEY) && within(path, ATTRIBUTES))
                .then_some("duplicate key in attributes")
        })
}

/// How the two readers compared on one text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Verdict {
    BothRead,
    BothRefused,
    /// The hand reader refused a value serde took (see [`strictness`]).
    Stricter(&'static str),
    /// Both refused a text that is not JSON (or nests too deep): the hand reader reads
    /// the whole text before the model, so its syntax error comes first.
    SyntaxFirst,
    /// Both refused at the same value: serde_json says only `expected value` where a
    /// name was expected, the hand reader `invalid type: …, expected enum …`.
    NamedEnum,
    /// The same message, the hand reader's path naming the array's first item where
    /// serde's names the array (an error at an opening bracket inside an array).
    FirstItem,
    /// The same message for an unknown empty key, serde's path ending in a dot (`cart.`,
    /// the key appended) where the hand reader names the object (`cart`), as serde's does
    /// for a cart read alone.
    EmptyKey,
    Differ,
}

/// Turns the text into one where the value at a reader's error path is `0` (for texts
/// made from a [`Value`]), to learn whether the oracle finds a problem before that value.
type Probe<'a> = &'a dyn Fn(&str) -> Option<String>;

/// Whether `inner` is `outer` or lies inside it.
fn within(inner: &str, outer: &str) -> bool {
    outer.is_empty()
        || inner == outer
        || inner
            .strip_prefix(outer)
            .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
}

/// Whether the hand reader's refusal at `path` is its intended strictness and comes
/// first: the oracle read the text, failed at or inside that value, or (with a probe)
/// finds nothing wrong before it.
fn stricter_first(part: Part, expected: &Outcome, path: &str, probe: Option<Probe>) -> bool {
    let Outcome::Refused { path: at, .. } = expected else {
        return true;
    };
    if within(at, path) {
        return true;
    }
    let Some(text) = probe.and_then(|probe| probe(path)) else {
        return false;
    };
    matches!(part.oracle(&text), Outcome::Refused { path: p, .. } if p == path)
}

fn judge(part: Part, text: &str, probe: Option<Probe>) -> (Verdict, Outcome, Outcome) {
    let expected = part.oracle(text);
    let actual = part.reader(text);
    let verdict = match (&expected, &actual) {
        (a, b) if a == b => match a {
            Outcome::Read(_) => Verdict::BothRead,
            Outcome::Refused { .. } => Verdict::BothRefused,
        },
        (Outcome::Refused { .. }, Outcome::Refused { .. })
            if serde_json::from_str::<Value>(text).is_err() =>
        {
            Verdict::SyntaxFirst
        }
        (
            Outcome::Refused {
                code: a,
                path: p,
                message: m,
            },
            Outcome::Refused {
                code: b,
                path: q,
                message: n,
            },
        ) if a == b
            && p == q
            && m == "expected value"
            && n.starts_with("invalid type: ")
            && n.contains(", expected enum ") =>
        {
            Verdict::NamedEnum
        }
        (
            Outcome::Refused {
                code: a,
                path: p,
                message: m,
            },
            Outcome::Refused {
                code: b,
                path: q,
                message: n,
            },
        ) if a == b && m == n && *q == format!("{p}[0]") => Verdict::FirstItem,
        (
            Outcome::Refused {
                code: a,
                path: p,
                message: m,
            },
            Outcome::Refused {
                code: b,
                path: q,
                message: n,
            },
        ) if a == b && m == n && *p == format!("{q}.") && m.starts_with("unknown key ``") => {
            Verdict::EmptyKey
        }
        (_, Outcome::Refused { path, message, .. }) => match strictness(path, message) {
            Some(kind) if stricter_first(part, &expected, path, probe) => Verdict::Stricter(kind),
            _ => Verdict::Differ,
        },
        _ => Verdict::Differ,
    };
    (verdict, expected, actual)
}

/// At most `max` bytes of `s` (on a character boundary), with `…` when cut.
fn clip(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} bytes)", &s[..end], s.len())
}

/// Counts of one comparison test, its kinds of difference and an example of each.
#[derive(Default)]
struct Tally {
    docs: usize,
    /// Documents by the part they hold.
    parts: BTreeMap<Part, usize>,
    both_read: usize,
    both_refused: usize,
    stricter: BTreeMap<&'static str, usize>,
    differences: usize,
    /// Differences by [`kind`], in the order first seen: the kind, how many, the first
    /// example.
    kinds: Vec<(String, usize, String)>,
}

/// A message with the text between backticks or quotes left out, so that messages about
/// different values compare equal.
fn message_shape(message: &str) -> String {
    let mut shape = String::new();
    let mut inside: Option<char> = None;
    for c in message.chars() {
        match inside {
            Some(close) if c == close => {
                shape.push('…');
                shape.push(c);
                inside = None;
            }
            Some(_) => {}
            None => {
                shape.push(c);
                if c == '`' || c == '"' {
                    inside = Some(c);
                }
            }
        }
    }
    shape
}

/// The kind of a difference: the part, both outcomes with values left out, and whether
/// the paths agree.
fn kind(part: Part, expected: &Outcome, actual: &Outcome) -> String {
    let shape = |o: &Outcome| match o {
        Outcome::Read(_) => "Ok".to_string(),
        Outcome::Refused { code, message, .. } => {
            format!("Err {} {}", code.as_str(), message_shape(message))
        }
    };
    let paths = match (expected, actual) {
        (Outcome::Refused { path: a, .. }, Outcome::Refused { path: b, .. }) if a != b => {
            " (paths differ)"
        }
        _ => "",
    };
    format!(
        "{}: oracle {} / reader {}{paths}",
        part.name(),
        shape(expected),
        shape(actual)
    )
}

impl Tally {
    /// Compares the readers of `part` on `text`; `label` says how the text was made.
    fn check(
        &mut self,
        part: Part,
        label: impl FnOnce() -> String,
        text: &str,
        probe: Option<Probe>,
    ) {
        let (verdict, expected, actual) = judge(part, text, probe);
        self.docs += 1;
        *self.parts.entry(part).or_default() += 1;
        match verdict {
            Verdict::BothRead => self.both_read += 1,
            Verdict::BothRefused => self.both_refused += 1,
            Verdict::Stricter(kind) => *self.stricter.entry(kind).or_default() += 1,
            Verdict::SyntaxFirst => {
                *self.stricter.entry("not JSON: syntax first").or_default() += 1
            }
            Verdict::NamedEnum => *self.stricter.entry("expected enum").or_default() += 1,
            Verdict::FirstItem => *self.stricter.entry("path at [0]").or_default() += 1,
            Verdict::EmptyKey => *self.stricter.entry("empty key").or_default() += 1,
            Verdict::Differ => {
                self.differences += 1;
                let kind = kind(part, &expected, &actual);
                match self.kinds.iter_mut().find(|(k, _, _)| *k == kind) {
                    Some((_, n, _)) => *n += 1,
                    None => {
                        let label = format!("[{}] {}", part.name(), label());
                        let example = difference(&label, text, &expected, &actual);
                        self.kinds.push((kind, 1, example));
                    }
                }
            }
        }
    }

    fn merge(&mut self, other: Tally) {
        self.docs += other.docs;
        for (part, n) in other.parts {
            *self.parts.entry(part).or_default() += n;
        }
        self.both_read += other.both_read;
        self.both_refused += other.both_refused;
        for (kind, n) in other.stricter {
            *self.stricter.entry(kind).or_default() += n;
        }
        self.differences += other.differences;
        for (kind, n, example) in other.kinds {
            match self.kinds.iter_mut().find(|(k, _, _)| *k == kind) {
                Some((_, m, _)) => *m += n,
                None => self.kinds.push((kind, n, example)),
            }
        }
    }

    fn summary(&self, title: &str) -> String {
        let parts: Vec<String> = self
            .parts
            .iter()
            .map(|(part, n)| format!("{n} {}", part.name()))
            .collect();
        let mut s = format!(
            "{title}: {} documents ({}), {} read by both, {} refused alike by both, {} differences",
            self.docs,
            parts.join(", "),
            self.both_read,
            self.both_refused,
            self.differences
        );
        for (kind, n) in &self.stricter {
            let _ = write!(s, ", {n} allowed ({kind} …)");
        }
        s
    }

    /// Prints the counts; panics with the report when the readers differed.
    fn finish(self, title: &str) {
        let summary = self.summary(title);
        println!("{summary}");
        if self.differences == 0 {
            return;
        }
        let mut report = format!(
            "{summary}\n\n{} kinds of difference (oracle = serde, reader = hand), \
             by number of documents:\n",
            self.kinds.len()
        );
        let mut kinds = self.kinds;
        kinds.sort_by_key(|k| std::cmp::Reverse(k.1));
        for (kind, n, _) in &kinds {
            let _ = writeln!(report, "{n:>6}  {kind}");
        }
        let _ = writeln!(
            report,
            "\nan example of each of the first {} kinds:\n",
            kinds.len().min(EXAMPLES)
        );
        for (_, _, example) in kinds.iter().take(EXAMPLES) {
            report.push_str(example);
            report.push('\n');
        }
        panic!("{report}");
    }
}

/// One difference, for the report.
fn difference(label: &str, text: &str, expected: &Outcome, actual: &Outcome) -> String {
    let mut s = format!(
        "--- {label}\ntext: {}\noracle: {}\nreader: {}\n",
        clip(text, SHOWN_TEXT),
        expected.show(),
        actual.show()
    );
    if let (Outcome::Read(a), Outcome::Read(b)) = (expected, actual) {
        let at = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
        let around = |t: &str| {
            let mut start = at.saturating_sub(80);
            while !t.is_char_boundary(start) {
                start -= 1;
            }
            clip(&t[start..], 240)
        };
        let _ = write!(
            s,
            "results differ at byte {at}:\n  oracle …{}\n  reader …{}\n",
            around(a),
            around(b)
        );
    }
    s
}

// ---------------------------------------------------------------------------------------
// Writing a Value as text

/// A string value written as its raw text instead: `RAW` followed by an index into
/// [`REPLACEMENTS`]. This writes tokens a `Value` cannot keep (`-0`, `100.0`, integers
/// past 64 bits).
const RAW: &str = "\u{0}raw:";

/// The values a mutation puts in place of a node, as JSON text: those of the program
/// reader's test, with request objects and an enum name of the request in place of
/// the program's.
const REPLACEMENTS: [&str; 25] = [
    "null",
    "true",
    "false",
    "0",
    "5",
    "-1",
    "4294967296",
    "18446744073709551616",
    "1.5",
    "100.0",
    "1e300",
    "-0",
    r#""""#,
    r#""x""#,
    r#""12.50""#,
    r#""2026-01-01T00:00:00Z""#,
    r#""business""#,
    "[]",
    "[1]",
    r#"["a"]"#,
    "{}",
    r#"{"a":1}"#,
    r#"{"id":"c"}"#,
    r#"{"id":"l","productId":"p","unitPrice":"1","quantity":1}"#,
    r#"{"id":"o","placedAt":"2026-01-01T00:00:00Z","status":"paid","total":"1"}"#,
];

/// The index of `0` in [`REPLACEMENTS`].
const ZERO: usize = 3;

fn raw(index: usize) -> Value {
    Value::String(format!("{RAW}{index}"))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Style {
    /// As `serde_json::to_string`.
    Compact,
    /// As `serde_json::to_string_pretty`.
    Pretty,
    /// Spaces, tabs and CRLF around every token; non-ASCII characters and `/` escaped.
    Loose,
}

/// How a document is written: its style and its objects' key order (sorted, as a
/// `Value` keeps them, or shuffled by a salt).
#[derive(Clone, Copy, Debug)]
struct Layout {
    style: Style,
    salt: Option<u64>,
}

impl Layout {
    const COMPACT: Layout = Layout {
        style: Style::Compact,
        salt: None,
    };
    const PRETTY: Layout = Layout {
        style: Style::Pretty,
        salt: None,
    };

    /// The layouts every corpus document is written in.
    const ALL: [Layout; 6] = [
        Layout::COMPACT,
        Layout::PRETTY,
        Layout {
            style: Style::Compact,
            salt: Some(1),
        },
        Layout {
            style: Style::Pretty,
            salt: Some(2),
        },
        Layout {
            style: Style::Loose,
            salt: Some(3),
        },
        Layout {
            style: Style::Loose,
            salt: None,
        },
    ];

    fn describe(self) -> String {
        let style = match self.style {
            Style::Compact => "compact",
            Style::Pretty => "pretty",
            Style::Loose => "loose",
        };
        match self.salt {
            None => style.to_string(),
            Some(salt) => format!("{style}, keys shuffled by {salt:#x}"),
        }
    }

    fn newline(self, out: &mut String, depth: usize) {
        match self.style {
            Style::Compact => {}
            Style::Pretty => {
                out.push('\n');
                out.extend(std::iter::repeat_n("  ", depth));
            }
            Style::Loose => {
                out.push_str("\r\n");
                out.extend(std::iter::repeat_n('\t', depth));
                out.push(' ');
            }
        }
    }

    fn comma(self) -> &'static str {
        match self.style {
            Style::Loose => " ,",
            _ => ",",
        }
    }

    fn colon(self) -> &'static str {
        match self.style {
            Style::Compact => ":",
            Style::Pretty => ": ",
            Style::Loose => " \t:  ",
        }
    }
}

fn write_doc(doc: &Value, layout: Layout) -> String {
    let mut out = String::new();
    if layout.style == Style::Loose {
        out.push_str("\n \t");
    }
    write_value(&mut out, doc, layout, 0);
    if layout.style == Style::Loose {
        out.push_str(" \r\n");
    }
    out
}

fn write_value(out: &mut String, v: &Value, layout: Layout, depth: usize) {
    match v {
        Value::String(s) => match s.strip_prefix(RAW).and_then(|i| i.parse::<usize>().ok()) {
            Some(i) => out.push_str(REPLACEMENTS[i]),
            None => write_string(out, s, layout),
        },
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(layout.comma());
                }
                layout.newline(out, depth + 1);
                write_value(out, item, layout, depth + 1);
            }
            layout.newline(out, depth);
            out.push(']');
        }
        Value::Object(members) if members.is_empty() => out.push_str("{}"),
        Value::Object(members) => {
            let mut members: Vec<(&String, &Value)> = members.iter().collect();
            if let Some(salt) = layout.salt {
                members.sort_by_key(|(k, _)| mix(fnv(k) ^ salt));
            }
            out.push('{');
            for (i, (key, value)) in members.into_iter().enumerate() {
                if i > 0 {
                    out.push_str(layout.comma());
                }
                layout.newline(out, depth + 1);
                write_string(out, key, layout);
                out.push_str(layout.colon());
                write_value(out, value, layout, depth + 1);
            }
            layout.newline(out, depth);
            out.push('}');
        }
        other => out.push_str(&other.to_string()),
    }
}

fn write_string(out: &mut String, s: &str, layout: Layout) {
    if layout.style != Style::Loose {
        out.push_str(&serde_json::to_string(s).expect("a string serialises"));
        return;
    }
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '/' => out.push_str("\\/"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            ' '..='~' => out.push(c),
            _ => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{unit:04X}");
                }
            }
        }
    }
    out.push('"');
}

// ---------------------------------------------------------------------------------------
// Deterministic randomness and mutations

/// SplitMix64's output function.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// FNV-1a, to derive fixed seeds and key orders from names.
fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// SplitMix64: a small generator giving the same numbers on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        mix(self.0)
    }

    /// A number below `n` (which must not be 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

fn show_path(path: &[Step]) -> String {
    let mut s = String::new();
    for step in path {
        match step {
            Step::Key(k) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(k);
            }
            Step::Index(i) => {
                let _ = write!(s, "[{i}]");
            }
        }
    }
    s
}

/// Which nodes a mutation may pick.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Pick {
    /// Any node but the root.
    Node,
    /// A member of an object.
    Member,
    /// An object, the root included.
    Object,
}

/// Walks `v` in document order and stops at the `k`-th node of the `pick` kind, leaving
/// its path in `path`; `k` is decreased by the number of nodes passed.
fn nth(
    v: &Value,
    pick: Pick,
    root: bool,
    member: bool,
    k: &mut usize,
    path: &mut Vec<Step>,
) -> bool {
    let fits = match pick {
        Pick::Node => !root,
        Pick::Member => member,
        Pick::Object => v.is_object(),
    };
    if fits {
        if *k == 0 {
            return true;
        }
        *k -= 1;
    }
    match v {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Step::Index(i));
                if nth(item, pick, false, false, k, path) {
                    return true;
                }
                path.pop();
            }
        }
        Value::Object(members) => {
            for (key, value) in members {
                path.push(Step::Key(key.clone()));
                if nth(value, pick, false, true, k, path) {
                    return true;
                }
                path.pop();
            }
        }
        _ => {}
    }
    false
}

/// The path of a random node of the `pick` kind, if there is one.
fn pick_node(doc: &Value, pick: Pick, rng: &mut Rng) -> Option<Vec<Step>> {
    let mut k = usize::MAX;
    nth(doc, pick, true, false, &mut k, &mut Vec::new());
    let count = usize::MAX - k;
    if count == 0 {
        return None;
    }
    let mut k = rng.below(count);
    let mut path = Vec::new();
    nth(doc, pick, true, false, &mut k, &mut path).then_some(path)
}

fn node_mut<'a>(doc: &'a mut Value, path: &[Step]) -> &'a mut Value {
    path.iter().fold(doc, |v, step| match step {
        Step::Key(k) => &mut v[k.as_str()],
        Step::Index(i) => &mut v[*i],
    })
}

/// The path of the node written as `target` (a reader's error path, without the
/// part's prefix), if any.
fn find_path(v: &Value, target: &str, path: &mut Vec<Step>) -> bool {
    if show_path(path) == target {
        return true;
    }
    match v {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Step::Index(i));
                if find_path(item, target, path) {
                    return true;
                }
                path.pop();
            }
        }
        Value::Object(members) => {
            for (key, value) in members {
                path.push(Step::Key(key.clone()));
                if find_path(value, target, path) {
                    return true;
                }
                path.pop();
            }
        }
        _ => {}
    }
    false
}

/// A key one typing slip away: its last character dropped, an `s` added, or its first
/// letter's case changed.
fn near_miss(key: &str, rng: &mut Rng) -> Option<String> {
    let mut chars = key.chars();
    let first = chars.next()?;
    Some(match rng.below(4) {
        0 | 1 => {
            let mut k = key.to_string();
            k.pop();
            k
        }
        2 => format!("{key}s"),
        _ if first.is_lowercase() => first.to_uppercase().chain(chars).collect(),
        _ => first.to_lowercase().chain(chars).collect(),
    })
}

/// Applies one random mutation to `doc` and says what it did (nothing when the document
/// has no node of the kind it picked).
fn mutate(doc: &mut Value, rng: &mut Rng) -> Option<String> {
    match rng.below(10) {
        0..=4 => {
            let path = pick_node(doc, Pick::Node, rng)?;
            let i = rng.below(REPLACEMENTS.len());
            *node_mut(doc, &path) = raw(i);
            Some(format!(
                "replace `{}` with {}",
                show_path(&path),
                REPLACEMENTS[i]
            ))
        }
        5 | 6 => {
            let mut path = pick_node(doc, Pick::Node, rng)?;
            let shown = show_path(&path);
            let last = path.pop()?;
            match (node_mut(doc, &path), last) {
                (Value::Object(members), Step::Key(k)) => {
                    members.remove(&k);
                }
                (Value::Array(items), Step::Index(i)) => {
                    items.remove(i);
                }
                _ => return None,
            }
            Some(format!("delete `{shown}`"))
        }
        7 => {
            let path = pick_node(doc, Pick::Object, rng)?;
            let members = node_mut(doc, &path).as_object_mut()?;
            members.insert("zzz".to_string(), json!(1));
            Some(format!("add `zzz: 1` to `{}`", show_path(&path)))
        }
        _ => {
            let mut path = pick_node(doc, Pick::Member, rng)?;
            let shown = show_path(&path);
            let Some(Step::Key(key)) = path.pop() else {
                return None;
            };
            let renamed = near_miss(&key, rng).filter(|k| !k.is_empty())?;
            let members = node_mut(doc, &path).as_object_mut()?;
            if members.contains_key(&renamed) {
                return None;
            }
            let value = members.remove(&key)?;
            members.insert(renamed.clone(), value);
            Some(format!("rename `{shown}` to `{renamed}`"))
        }
    }
}

/// A random layout: mostly compact with sorted keys (as `serde_json::to_string`).
fn random_layout(rng: &mut Rng) -> Layout {
    match rng.below(20) {
        0..=10 => Layout::COMPACT,
        11..=13 => Layout::PRETTY,
        14..=17 => Layout {
            style: Style::Compact,
            salt: Some(rng.next()),
        },
        _ => Layout {
            style: Style::Loose,
            salt: Some(rng.next()),
        },
    }
}

/// Documents of every part, each with a name saying where it comes from.
type Docs = Vec<(String, Part, Value)>;

/// Compares the readers on mutations (1 to 3 changes each) of every document of
/// `corpus`: `per_doc(part, value)` of each, the seeds fixed by `seed`, each document's
/// name and its part.
fn mutations(corpus: &Docs, per_doc: impl Fn(Part, &Value) -> usize, seed: u64) -> Tally {
    let mut tally = Tally::default();
    for (name, part, value) in corpus {
        let part = *part;
        let mut rng = Rng(seed ^ fnv(name) ^ fnv(part.name()).rotate_left(17));
        for n in 0..per_doc(part, value) {
            let mut doc = value.clone();
            let mut log = Vec::new();
            for _ in 0..1 + rng.below(3) {
                log.extend(mutate(&mut doc, &mut rng));
            }
            let layout = random_layout(&mut rng);
            let text = write_doc(&doc, layout);
            let probe = |at: &str| {
                let local = part.local(at)?;
                let mut path = Vec::new();
                find_path(&doc, local, &mut path).then(|| {
                    let mut probed = doc.clone();
                    *node_mut(&mut probed, &path) = raw(ZERO);
                    write_doc(&probed, layout)
                })
            };
            tally.check(
                part,
                || {
                    format!(
                        "{name}, mutation #{n} ({}): {}",
                        layout.describe(),
                        log.join("; ")
                    )
                },
                &text,
                Some(&probe),
            );
        }
    }
    tally
}

// ---------------------------------------------------------------------------------------
// The corpus

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Documents, each with a name saying where it comes from.
type Named<T> = Vec<(String, T)>;

/// The `.json` files of a directory of the crate, sorted, with their names.
fn json_files(dir: &str) -> Named<String> {
    let dir = manifest_dir().join(dir);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|file| {
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let content = std::fs::read_to_string(&file)
                .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            (name, content)
        })
        .collect()
}

/// The shared fixtures: every `request` value, and every `requestText` as its text.
fn fixtures() -> (Named<Value>, Named<String>) {
    let (mut values, mut texts) = (Vec::new(), Vec::new());
    for (name, content) in json_files("tests/fixtures") {
        let fixture: Value =
            serde_json::from_str(&content).unwrap_or_else(|e| panic!("{name}: {e}"));
        if let Some(request) = fixture.get("request") {
            values.push((name.clone(), request.clone()));
        }
        if let Some(text) = fixture.get("requestText").and_then(Value::as_str) {
            texts.push((format!("{name} (requestText)"), text.to_string()));
            if let Ok(value) = serde_json::from_str::<Value>(text) {
                values.push((
                    format!("{name} (requestText, last of repeated keys)"),
                    value,
                ));
            }
        }
    }
    assert!(
        values.len() >= 80 && texts.len() >= 4,
        "expected the shared fixtures in tests/fixtures"
    );
    (values, texts)
}

/// The request files of `examples/` (`*-request.json`, `seed-request-*.json`), as
/// written.
fn example_texts() -> Named<String> {
    let texts: Named<String> = json_files("examples")
        .into_iter()
        .filter(|(name, _)| name.contains("request"))
        .map(|(name, text)| (format!("examples/{name}"), text))
        .collect();
    assert!(texts.len() >= 4, "expected the example requests");
    texts
}

fn example_values() -> Named<Value> {
    example_texts()
        .into_iter()
        .map(|(name, text)| {
            let value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, value)
        })
        .collect()
}

/// The benchmark requests (the typical one, with store ids, and the large one).
fn bench_requests() -> Named<Value> {
    let mut store_ids = gen::request(gen::TYPICAL);
    gen::with_store_ids(&mut store_ids);
    vec![
        ("bench typical".to_string(), gen::request(gen::TYPICAL)),
        ("bench typical, store ids".to_string(), store_ids),
        ("bench large".to_string(), gen::request(gen::LARGE)),
    ]
}

/// Requests that use every field of the model and every enum variant, with attributes
/// of every JSON type.
fn hand_built() -> Named<Value> {
    let everything = json!({
        "now": "2026-11-22T10:00:00Z",
        "customer": {
            "id": "c-everything",
            "status": "deactivated",
            "type": "business",
            "registeredAt": "2023-01-15T09:00:00+01:00",
            "group": "wholesale",
            "tags": ["vip", "newsletter"],
            "attributes": {
                "tier": "gold",
                "score": 12.5,
                "count": 3,
                "negative": -7,
                "big": u64::MAX,
                "small": i64::MIN,
                "tiny": -2.5e-8,
                "huge": 1e300,
                "none": null,
                "yes": true,
                "no": false,
                "flags": [true, false, null, "", 0],
                "nested": { "deeper": [1, "two", { "three": 3.5, "four": [[], {}] }], "empty": {} },
                "caf\u{e9} \"key\"": "\u{e9}t\u{e9} \u{1f600}"
            },
            "personalDiscount": "5",
            "cumulativeDiscount": "2.5",
            "discountCard": "4006381333931",
            "pointsBalance": 1200,
            "grantedRewards": ["r-ship", "r-voucher"],
            "orders": [
                { "id": "o1", "placedAt": "2026-10-01T09:00:00Z", "status": "paid", "total": "80.00",
                  "carrier": "colissimo", "products": ["p1", "p2"] },
                { "id": "o2", "placedAt": "2025-12-24T18:30:00-05:00", "status": "cancelled", "total": "0",
                  "products": [] },
                { "id": "o3", "placedAt": "2024-02-29T00:00:00Z", "status": "completed", "total": "1234.56" }
            ]
        },
        "cart": {
            "currency": "EUR",
            "lines": [
                { "id": "l0", "productId": "p0", "categories": [], "unitPrice": "0.99", "quantity": 1 },
                { "id": "l1", "productId": "p1", "categories": ["wine"], "unitPrice": "12.50", "quantity": 2 },
                { "id": "3f2a9c1e-5b7d-4e8a-9c0b-000000000003", "productId": "gid://shopify/Product/7000000013",
                  "categories": ["wine", "cheese", "gifts"], "unitPrice": "100", "quantity": 12 },
                { "id": "l-none", "productId": "p4", "unitPrice": "3.00", "quantity": 1 }
            ],
            "shipping": { "carrier": "colissimo", "method": "relay", "cost": "4.90",
                          "address": { "city": "Paris", "postalCode": "75001", "country": "FR" } },
            "promoCodes": ["WELCOME15", "FIVE"],
            "redeem": ["r-ship", "r-bxgy"]
        }
    });
    // Numbers for decimals, explicit nulls for optional fields, escapes and non-ASCII
    // text, extreme integers, the other enum variants.
    let odd = json!({
        "now": "2026-02-28T23:59:59.999+14:00",
        "customer": {
            "id": "caf\u{e9} \"VIP\" \\ / \n\t \u{1f600}",
            "status": "active",
            "type": "individual",
            "registeredAt": null,
            "group": null,
            "tags": [],
            "attributes": {},
            "personalDiscount": 5,
            "cumulativeDiscount": 0.5,
            "discountCard": null,
            "pointsBalance": u64::MAX,
            "grantedRewards": [],
            "orders": [
                { "id": "", "placedAt": "2026-01-01T00:00:00Z", "status": "", "total": 80.25,
                  "carrier": null, "products": ["\u{0}\u{1f}\u{7f}\u{2028}"] },
                { "id": "o-neg", "placedAt": "2026-01-01T00:00:00.5-09:30", "status": "refunded",
                  "total": -12, "products": [] }
            ]
        },
        "cart": {
            "currency": "",
            "lines": [
                { "id": "l\u{e9}", "productId": "p \"quoted\" \\ /", "categories": ["caf\u{e9}", "\\", ""],
                  "unitPrice": 0, "quantity": u32::MAX },
                { "id": "l2", "productId": "p2", "categories": ["a", "b", "c", "d"],
                  "unitPrice": 19.99, "quantity": 0 }
            ],
            "shipping": { "carrier": null, "method": null, "cost": 0, "address": null },
            "promoCodes": [],
            "redeem": []
        }
    });
    let guest = json!({
        "now": "2026-11-22T10:00:00Z",
        "customer": null,
        "cart": { "currency": "EUR",
                  "lines": [ { "id": "l", "productId": "p", "unitPrice": "1", "quantity": 1 } ],
                  "shipping": { "address": {} } }
    });
    let bare = json!({
        "now": "2026-11-22T10:00:00Z",
        "customer": { "id": "c" },
        "cart": { "currency": "EUR", "lines": [], "shipping": {} }
    });
    vec![
        ("hand-built: every field".to_string(), everything),
        ("hand-built: odd values".to_string(), odd),
        ("hand-built: guest".to_string(), guest),
        ("hand-built: bare".to_string(), bare),
    ]
}

/// Every request of `requests`, and its customer and cart (when not absent or null).
fn with_parts(requests: Named<Value>) -> Docs {
    let mut docs = Vec::new();
    for (name, request) in requests {
        for part in [Part::Customer, Part::Cart] {
            if let Some(v) = request.get(part.prefix()).filter(|v| !v.is_null()) {
                docs.push((name.clone(), part, v.clone()));
            }
        }
        docs.push((name, Part::Request, request));
    }
    docs
}

/// The text of the root object's first member `key`, as written, if the text is an
/// object that has one.
fn member_text<'t>(text: &'t str, key: &str) -> Option<&'t str> {
    let bytes = text.as_bytes();
    let quoted = serde_json::to_string(key).expect("a string serialises");
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i = (i + 1).min(bytes.len());
                let rest = text.get(i..)?.trim_start_matches([' ', '\t', '\r', '\n']);
                match rest.strip_prefix(':') {
                    Some(value) if depth == 1 && text.get(start..i) == Some(quoted.as_str()) => {
                        let value = value.trim_start_matches([' ', '\t', '\r', '\n']);
                        let mut stream =
                            serde_json::Deserializer::from_str(value).into_iter::<Value>();
                        stream.next()?.ok()?;
                        return Some(&value[..stream.byte_offset()]);
                    }
                    _ => continue,
                }
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
}

// ---------------------------------------------------------------------------------------
// The tests

/// The hand-built requests are read by the oracle and use every property and enum value
/// of every type of the request's JSON schema.
#[test]
fn hand_built_requests_cover_every_model_field() {
    let schema = serde_json::to_value(schemars::schema_for!(Request<'static>))
        .expect("the schema serialises");
    let defs = schema["$defs"].as_object().cloned().unwrap_or_default();
    let mut expected = BTreeSet::new();
    schema_names(&schema, "Request", &mut expected);
    for (name, def) in &defs {
        schema_names(def, name, &mut expected);
    }
    assert!(
        expected.len() >= 40,
        "expected the request's schema, found {expected:?}"
    );
    let mut seen = BTreeSet::new();
    for (name, request) in hand_built() {
        let text = serde_json::to_string(&request).expect("a value serialises");
        if let Outcome::Refused { .. } = Part::Request.oracle(&text) {
            panic!(
                "{name} is not a request: {}",
                Part::Request.oracle(&text).show()
            );
        }
        covered(&schema, &request, "Request", &defs, &mut seen);
    }
    let missing: Vec<String> = expected
        .difference(&seen)
        .map(|(def, name)| format!("{def}: {name}"))
        .collect();
    assert!(
        missing.is_empty(),
        "the hand-built requests never use:\n{}",
        missing.join("\n")
    );
}

/// Every property name and enum value of `schema` (not following references), as
/// `(type, name)`, enum values written `=value`.
fn schema_names(schema: &Value, def: &str, out: &mut BTreeSet<(String, String)>) {
    if schema.get("$ref").is_some() {
        return;
    }
    if let Some(props) = schema.get("properties").and_then(Value::as_object) {
        for (key, sub) in props {
            out.insert((def.to_string(), key.clone()));
            schema_names(sub, def, out);
        }
    }
    for value in schema
        .get("enum")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .chain(schema.get("const"))
    {
        if let Some(s) = value.as_str() {
            out.insert((def.to_string(), format!("={s}")));
        }
    }
    for key in ["anyOf", "oneOf", "allOf"] {
        for branch in schema
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            schema_names(branch, def, out);
        }
    }
    if let Some(items) = schema.get("items") {
        schema_names(items, def, out);
    }
}

/// Records in `seen` the `(type, name)` of every property and enum value `value` uses,
/// following `schema` (and its references into `defs`).
fn covered(
    schema: &Value,
    value: &Value,
    def: &str,
    defs: &Map<String, Value>,
    seen: &mut BTreeSet<(String, String)>,
) {
    if let Some(name) = schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/$defs/"))
    {
        if let Some(target) = defs.get(name) {
            covered(target, value, name, defs, seen);
        }
        return;
    }
    for key in ["anyOf", "oneOf", "allOf"] {
        for branch in schema
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            covered(branch, value, def, defs, seen);
        }
    }
    match value {
        Value::Object(members) => {
            if let Some(props) = schema.get("properties").and_then(Value::as_object) {
                for (key, member) in members {
                    if let Some(sub) = props.get(key) {
                        seen.insert((def.to_string(), key.clone()));
                        covered(sub, member, def, defs, seen);
                    }
                }
            }
        }
        Value::Array(items) => {
            if let Some(sub) = schema.get("items") {
                for item in items {
                    covered(sub, item, def, defs, seen);
                }
            }
        }
        Value::String(s) => {
            let listed = schema
                .get("enum")
                .and_then(Value::as_array)
                .is_some_and(|e| e.contains(value));
            if listed || schema.get("const") == Some(value) {
                seen.insert((def.to_string(), format!("={s}")));
            }
        }
        _ => {}
    }
}

/// Every corpus request, customer and cart, written in every layout, and the raw texts
/// (with their customer and cart as written) as they are.
#[test]
fn corpus_requests_read_alike() {
    let (fixture_values, fixture_texts) = fixtures();
    let mut requests = fixture_values;
    requests.extend(example_values());
    requests.extend(bench_requests());
    requests.extend(hand_built());
    let mut tally = Tally::default();
    let mut texts = fixture_texts;
    texts.extend(
        example_texts()
            .into_iter()
            .map(|(name, text)| (format!("{name} (as written)"), text)),
    );
    for (name, text) in &texts {
        tally.check(Part::Request, || name.clone(), text, None);
        for part in [Part::Customer, Part::Cart] {
            if let Some(inner) = member_text(text, part.prefix()) {
                tally.check(part, || name.clone(), inner, None);
            }
        }
    }
    for (name, part, value) in &with_parts(requests) {
        assert_eq!(
            write_doc(value, Layout::COMPACT),
            serde_json::to_string(value).expect("a value serialises"),
            "{name}: the compact layout is serde_json's"
        );
        assert_eq!(
            write_doc(value, Layout::PRETTY),
            serde_json::to_string_pretty(value).expect("a value serialises"),
            "{name}: the pretty layout is serde_json's"
        );
        for layout in Layout::ALL {
            let text = write_doc(value, layout);
            tally.check(
                *part,
                || format!("{name} ({})", layout.describe()),
                &text,
                None,
            );
        }
    }
    tally.finish("corpus requests");
}

/// Mutations of every fixture and example request, and of their customers and carts
/// (fewer of the large ones).
#[test]
fn mutated_fixture_requests_read_alike() {
    let mut requests = fixtures().0;
    requests.extend(example_values());
    let started = std::time::Instant::now();
    let per_doc = |part: Part, value: &Value| {
        let n = match part {
            Part::Request => 60,
            Part::Customer | Part::Cart => 30,
        };
        if value.to_string().len() > 10_000 {
            n / 6
        } else {
            n
        }
    };
    let tally = mutations(&with_parts(requests), per_doc, 0x5eed_f1c5);
    println!("{:?} for the fixture mutations", started.elapsed());
    tally.finish("mutated fixture requests");
}

/// Mutations of the hand-built requests, which hold every field of the model, and of
/// their customers and carts.
#[test]
fn mutated_hand_built_requests_read_alike() {
    let started = std::time::Instant::now();
    let per_doc = |part: Part, _: &Value| match part {
        Part::Request => 1_000,
        Part::Customer | Part::Cart => 500,
    };
    let tally = mutations(&with_parts(hand_built()), per_doc, 0x5eed_4a4d);
    println!("{:?} for the hand-built mutations", started.elapsed());
    tally.finish("mutated hand-built requests");
}

/// Mutations of the benchmark requests and of their customers and carts (the typical
/// ones; the large one only a few).
#[test]
fn mutated_bench_requests_read_alike() {
    let started = std::time::Instant::now();
    let corpus = with_parts(bench_requests());
    let (typical, large): (Docs, Docs) = corpus
        .into_iter()
        .partition(|(name, _, _)| name != "bench large");
    let mut tally = mutations(&typical, |_, _| 300, 0x5eed_be9c);
    tally.merge(mutations(&large, |_, _| 15, 0x5eed_1a9e));
    println!("{:?} for the bench mutations", started.elapsed());
    tally.finish("mutated bench requests");
}

/// A small request using every kind of token and every field, for the raw-text tests.
const SMALL: &str = r#"{"now":"2026-11-22T10:00:00Z","customer":{"id":"c\u00e9 \"q\"","status":"deactivated","type":"business","registeredAt":"2024-01-15T09:00:00+01:00","group":"wholesale","tags":["vip","\u00e9t\u00e9"],"attributes":{"tier":"gold","score":-2.5e1,"flags":[true,false,null,{"k":[]}],"nested":{"a":{"b":"c"}}},"personalDiscount":"5","cumulativeDiscount":1.5,"discountCard":"4006381333931","pointsBalance":120,"grantedRewards":["r1"],"orders":[{"id":"o1","placedAt":"2026-10-01T09:00:00Z","status":"paid","total":"80.00","carrier":"ups","products":["p1"]}]},"cart":{"currency":"EUR","lines":[{"id":"l1","productId":"wine-1","categories":["wine","cheese"],"unitPrice":"12.50","quantity":2},{"id":"l2","productId":"p\/2","unitPrice":9.99,"quantity":1}],"shipping":{"carrier":"UPS","method":"home","cost":"4.90","address":{"city":"Paris","postalCode":"75001","country":"FR"}},"promoCodes":["WELCOME15"],"redeem":["r-ship"]}}"#;

/// [`SMALL`] and its customer and cart, as written there.
fn small_parts() -> [(Part, &'static str); 3] {
    let inner = |part: Part| member_text(SMALL, part.prefix()).expect("SMALL has the part");
    [
        (Part::Request, SMALL),
        (Part::Customer, inner(Part::Customer)),
        (Part::Cart, inner(Part::Cart)),
    ]
}

/// Every prefix of a small request (compact and pretty) and of its customer and cart.
#[test]
fn truncated_texts_read_alike() {
    let pretty =
        serde_json::to_string_pretty(&serde_json::from_str::<Value>(SMALL).expect("SMALL is JSON"))
            .expect("a value serialises");
    let mut texts: Vec<(Part, &str)> = small_parts().to_vec();
    texts.push((Part::Request, &pretty));
    let mut tally = Tally::default();
    for (part, text) in texts {
        assert!(
            matches!(part.oracle(text), Outcome::Read(_)),
            "SMALL's {} is read: {}",
            part.name(),
            part.oracle(text).show()
        );
        for end in (0..=text.len()).filter(|&end| text.is_char_boundary(end)) {
            tally.check(
                part,
                || format!("the first {end} bytes"),
                &text[..end],
                None,
            );
        }
    }
    tally.finish("truncated texts");
}

/// Texts that are not JSON, or are JSON around a request: commas, trailing characters,
/// escapes, control characters, numbers, literals and structure. A change made in
/// [`SMALL`] is made in its customer or cart too when it falls there.
#[test]
fn syntax_errors_read_alike() {
    // (label, the text replaced once in SMALL, its replacement)
    let changes: Vec<(&str, &str, String)> = vec![
        (
            "trailing comma in an object",
            r#""country":"FR"}"#,
            r#""country":"FR",}"#.into(),
        ),
        (
            "trailing comma in a customer",
            r#""products":["p1"]}]}"#,
            r#""products":["p1"]}],}"#.into(),
        ),
        (
            "trailing comma in a cart",
            r#""redeem":["r-ship"]}"#,
            r#""redeem":["r-ship"],}"#.into(),
        ),
        (
            "leading comma in an array",
            r#""lines":[{"#,
            r#""lines":[,{"#.into(),
        ),
        (
            "trailing comma after an array item",
            r#""redeem":["r-ship"]"#,
            r#""redeem":["r-ship",]"#.into(),
        ),
        (
            "trailing comma in an attribute array",
            r#"{"k":[]}]"#,
            r#"{"k":[]},]"#.into(),
        ),
        (
            "trailing comma in an attribute object",
            r#""b":"c"}}}"#,
            r#""b":"c",}}}"#.into(),
        ),
        (
            "two commas",
            r#""currency":"EUR","#,
            r#""currency":"EUR",,"#.into(),
        ),
        (
            "missing comma",
            r#""currency":"EUR","#,
            r#""currency":"EUR" "#.into(),
        ),
        (
            "missing comma between lines",
            r#""quantity":2},{"#,
            r#""quantity":2} {"#.into(),
        ),
        (
            "missing comma in a customer",
            r#""group":"wholesale","#,
            r#""group":"wholesale" "#.into(),
        ),
        (
            "missing colon",
            r#""currency":"EUR""#,
            r#""currency" "EUR""#.into(),
        ),
        (
            "missing value",
            r#""currency":"EUR""#,
            r#""currency":"#.into(),
        ),
        (
            "a number as a key",
            r#""currency":"EUR""#,
            r#"1:"EUR""#.into(),
        ),
        (
            "an unquoted key",
            r#""currency":"EUR""#,
            r#"currency:"EUR""#.into(),
        ),
        (
            "single quotes",
            r#""currency":"EUR""#,
            r#"'currency':'EUR'"#.into(),
        ),
        (
            "a comment",
            r#""currency":"EUR","#,
            r#""currency":"EUR",/* c */"#.into(),
        ),
        (
            "an extra closing brace",
            r#""country":"FR"}"#,
            r#""country":"FR"}}"#.into(),
        ),
        (
            "a closing bracket for a brace",
            r#""country":"FR"}"#,
            r#""country":"FR"]"#.into(),
        ),
        (
            "a closing brace for a bracket",
            r#""quantity":1}]"#,
            r#""quantity":1}}"#.into(),
        ),
        (
            "an unknown escape in a customer string",
            r"c\u00e9 ",
            r"c\q ".into(),
        ),
        (
            "an unknown escape in a cart string",
            r"p\/2",
            r"p\q2".into(),
        ),
        ("a short unicode escape", r"c\u00e9 ", r"c\u00e".into()),
        (
            "a short unicode escape in a cart string",
            r"p\/2",
            r"p\u002".into(),
        ),
        ("a bad hex digit", r"c\u00e9 ", r"c\u00g9 ".into()),
        ("a lone leading surrogate", r"c\u00e9 ", r"c\ud800 ".into()),
        (
            "a lone trailing surrogate in a cart string",
            r"p\/2",
            r"p\udc002".into(),
        ),
        (
            "a leading surrogate then a letter",
            r"\u00e9t\u00e9",
            r"\ud800\u0041".into(),
        ),
        (
            "a surrogate pair in a cart string",
            r"p\/2",
            r"p\ud83d\ude002".into(),
        ),
        (
            "every short escape in a cart string",
            r"p\/2",
            r#"\b\f\n\r\t\/\\\""#.into(),
        ),
        (
            "every short escape in an attribute",
            r#""b":"c""#,
            r#""b":"\b\f\n\r\t\/\\\"""#.into(),
        ),
        (
            "a bad escape in a key",
            r#""redeem""#,
            r#""rede\em""#.into(),
        ),
        ("an escaped key", r#""redeem""#, r#""r\u0065deem""#.into()),
        (
            "an escaped key in a line",
            r#""unitPrice":9.99"#,
            r#""unit\u0050rice":9.99"#.into(),
        ),
        (
            "an escaped attribute key",
            r#""tier""#,
            r#""ti\u0065r""#.into(),
        ),
        (
            "a raw newline in a customer string",
            r"c\u00e9 ",
            "c\n ".into(),
        ),
        ("a raw tab in a cart string", r"p\/2", "p\t2".into()),
        (
            "a raw control character in a cart string",
            r"p\/2",
            "p\u{1}2".into(),
        ),
        (
            "a raw delete character in a cart string",
            r"p\/2",
            "p\u{7f}2".into(),
        ),
        (
            "a raw newline in a key",
            r#""redeem""#,
            "\"rede\nem\"".into(),
        ),
        (
            "a raw control character in an attribute",
            r#""b":"c""#,
            "\"b\":\"\u{1f}c\"".into(),
        ),
        ("leading zero", r#""quantity":2"#, r#""quantity":02"#.into()),
        ("two zeros", r#""quantity":2"#, r#""quantity":00"#.into()),
        (
            "negative leading zero",
            r#""quantity":2"#,
            r#""quantity":-01"#.into(),
        ),
        ("a lone minus", r#""quantity":2"#, r#""quantity":-"#.into()),
        ("a plus sign", r#""quantity":2"#, r#""quantity":+1"#.into()),
        (
            "a leading dot",
            r#""quantity":2"#,
            r#""quantity":.5"#.into(),
        ),
        (
            "a trailing dot",
            r#""quantity":2"#,
            r#""quantity":1."#.into(),
        ),
        (
            "an empty exponent",
            r#""quantity":2"#,
            r#""quantity":1e"#.into(),
        ),
        (
            "an exponent sign only",
            r#""quantity":2"#,
            r#""quantity":1e+"#.into(),
        ),
        ("hexadecimal", r#""quantity":2"#, r#""quantity":0x1"#.into()),
        ("NaN", r#""quantity":2"#, r#""quantity":NaN"#.into()),
        (
            "Infinity",
            r#""quantity":2"#,
            r#""quantity":Infinity"#.into(),
        ),
        (
            "minus Infinity",
            r#""quantity":2"#,
            r#""quantity":-Infinity"#.into(),
        ),
        (
            "an underscore",
            r#""quantity":2"#,
            r#""quantity":1_0"#.into(),
        ),
        (
            "a number past f64",
            r#""quantity":2"#,
            r#""quantity":1E400"#.into(),
        ),
        (
            "a negative number past f64",
            r#""quantity":2"#,
            r#""quantity":-1e400"#.into(),
        ),
        (
            "an underflowing number",
            r#""quantity":2"#,
            r#""quantity":1e-400"#.into(),
        ),
        (
            "one point zero",
            r#""quantity":2"#,
            r#""quantity":1.0"#.into(),
        ),
        (
            "u32 max",
            r#""quantity":2"#,
            r#""quantity":4294967295"#.into(),
        ),
        (
            "past u32",
            r#""quantity":2"#,
            r#""quantity":4294967296"#.into(),
        ),
        ("minus zero", r#""quantity":2"#, r#""quantity":-0"#.into()),
        ("minus one", r#""quantity":2"#, r#""quantity":-1"#.into()),
        (
            "u64 max points",
            r#""pointsBalance":120"#,
            r#""pointsBalance":18446744073709551615"#.into(),
        ),
        (
            "points past u64",
            r#""pointsBalance":120"#,
            r#""pointsBalance":18446744073709551616"#.into(),
        ),
        (
            "fractional points",
            r#""pointsBalance":120"#,
            r#""pointsBalance":120.0"#.into(),
        ),
        (
            "negative points",
            r#""pointsBalance":120"#,
            r#""pointsBalance":-120"#.into(),
        ),
        (
            "a leading zero in a price",
            r#""unitPrice":9.99"#,
            r#""unitPrice":09.99"#.into(),
        ),
        (
            "a price past f64",
            r#""unitPrice":9.99"#,
            r#""unitPrice":1e400"#.into(),
        ),
        (
            "a negative price",
            r#""unitPrice":9.99"#,
            r#""unitPrice":-9.99"#.into(),
        ),
        (
            "a price with exponent",
            r#""unitPrice":9.99"#,
            r#""unitPrice":9.99E+0"#.into(),
        ),
        (
            "a tiny price",
            r#""unitPrice":9.99"#,
            r#""unitPrice":1e-400"#.into(),
        ),
        (
            "a huge integer price",
            r#""unitPrice":9.99"#,
            r#""unitPrice":123456789012345678901234567890"#.into(),
        ),
        (
            "a leading zero in a discount",
            r#""cumulativeDiscount":1.5"#,
            r#""cumulativeDiscount":01.5"#.into(),
        ),
        ("a leading zero in an attribute", "-2.5e1", "-02.5e1".into()),
        ("an attribute past f64", "-2.5e1", "-2.5e400".into()),
        (
            "a huge integer attribute",
            "-2.5e1",
            "123456789012345678901234567890".into(),
        ),
        ("minus zero as an attribute", "-2.5e1", "-0".into()),
        ("an exponent attribute", "-2.5e1", "1.0E+2".into()),
        (
            "a truncated literal",
            "[true,false,null,",
            "[tru,false,null,".into(),
        ),
        (
            "a misspelt null",
            "[true,false,null,",
            "[true,false,nul,".into(),
        ),
        (
            "a capitalised literal",
            "[true,false,null,",
            "[True,false,null,".into(),
        ),
        (
            "a literal run on",
            "[true,false,null,",
            "[true,falsey,null,".into(),
        ),
        (
            "a bare word",
            r#""currency":"EUR""#,
            r#""currency":EUR"#.into(),
        ),
        (
            "a bare word as a status",
            r#""status":"deactivated""#,
            r#""status":deactivated"#.into(),
        ),
        ("an empty key", r#""redeem""#, r#""""#.into()),
        ("an empty attribute key", r#""tier""#, r#""""#.into()),
    ];
    let mut cases: Vec<(String, Part, String)> = Vec::new();
    for (label, from, to) in &changes {
        assert_eq!(
            SMALL.matches(from).count(),
            1,
            "`{from}` occurs once in SMALL"
        );
        for (part, text) in small_parts() {
            if text.matches(from).count() == 1 {
                cases.push((label.to_string(), part, text.replacen(from, to, 1)));
            }
        }
    }
    let (_, customer_text) = small_parts()[1];
    let (_, cart_text) = small_parts()[2];
    let whole: Vec<(&str, String)> = vec![
        (
            "trailing comma at the root",
            r#"{"now":"2026-11-22T10:00:00Z","cart":{"currency":"EUR","lines":[]},}"#.into(),
        ),
        ("trailing characters", format!("{SMALL} x")),
        ("a trailing object", format!("{SMALL}{{}}")),
        ("a trailing comma", format!("{SMALL},")),
        ("a trailing bracket", format!("{SMALL}\n\n]")),
        ("trailing whitespace", format!("{SMALL} \n\t\r ")),
        ("leading whitespace", format!(" \r\n\t{SMALL}")),
        ("a byte-order mark", format!("\u{feff}{SMALL}")),
        ("a key only", r#"{"now"}"#.into()),
        ("an open brace only", "{".into()),
        ("an open bracket only", "[".into()),
        ("a close brace only", "}".into()),
        ("a close bracket only", "]".into()),
        ("a comma only", ",".into()),
        ("an empty object with a comma", "{,}".into()),
        (
            "a non-breaking space as whitespace",
            "{\u{a0}\"now\":\"2026-11-22T10:00:00Z\"}".into(),
        ),
    ];
    for (label, text) in whole {
        for part in [Part::Request, Part::Customer, Part::Cart] {
            cases.push((label.to_string(), part, text.clone()));
        }
    }
    for (part, text) in [(Part::Customer, customer_text), (Part::Cart, cart_text)] {
        cases.push(("trailing characters".into(), part, format!("{text} x")));
        cases.push(("a trailing comma".into(), part, format!("{text},")));
        cases.push(("a byte-order mark".into(), part, format!("\u{feff}{text}")));
        cases.push((
            "whitespace around".into(),
            part,
            format!(" \r\n\t{text} \n"),
        ));
    }
    let mut tally = Tally::default();
    for (label, part, text) in &cases {
        tally.check(*part, || label.clone(), text, None);
    }
    tally.finish("syntax errors");
}

/// Nesting around and far past serde_json's recursion limit, in the customer's
/// attributes (objects and arrays), in an unknown key's value, and in arrays where the
/// model expects other values.
#[test]
fn deep_nesting_reads_alike() {
    let cart =
        r#"{"currency":"EUR","lines":[{"id":"l","productId":"p","unitPrice":"1","quantity":1}]}"#;
    let customer_with = |attributes: &str| format!(r#"{{"id":"c","attributes":{attributes}}}"#);
    let request_with = |customer: &str| {
        format!(r#"{{"now":"2026-11-22T10:00:00Z","customer":{customer},"cart":{cart}}}"#)
    };
    let objects = |depth: usize| format!("{}1{}", r#"{"a":"#.repeat(depth), "}".repeat(depth));
    let arrays = |depth: usize| format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
    let mixed = |depth: usize| {
        format!(
            "{}1{}",
            r#"{"a":["#.repeat(depth / 2),
            "]}".repeat(depth / 2)
        )
    };
    let mut tally = Tally::default();
    let depths = (1..=8).chain(55..=70).chain(118..=132).chain([200, 1_000]);
    for depth in depths {
        let in_attributes = customer_with(&objects(depth));
        let in_attribute_arrays = customer_with(&format!(r#"{{"x":{}}}"#, arrays(depth)));
        let in_attribute_mix = customer_with(&format!(r#"{{"x":{}}}"#, mixed(depth)));
        let texts: Vec<(&str, Part, String)> = vec![
            (
                "attribute objects",
                Part::Request,
                request_with(&in_attributes),
            ),
            (
                "attribute arrays",
                Part::Request,
                request_with(&in_attribute_arrays),
            ),
            (
                "attribute objects and arrays",
                Part::Request,
                request_with(&in_attribute_mix),
            ),
            ("attribute objects", Part::Customer, in_attributes),
            ("attribute arrays", Part::Customer, in_attribute_arrays),
            (
                "attribute objects and arrays",
                Part::Customer,
                in_attribute_mix,
            ),
            (
                "an unknown key at the root",
                Part::Request,
                format!(
                    r#"{{"now":"2026-11-22T10:00:00Z","cart":{cart},"zzz":{}}}"#,
                    objects(depth)
                ),
            ),
            (
                "an unknown key in a line",
                Part::Cart,
                format!(
                    r#"{{"currency":"EUR","lines":[{{"id":"l","zzz":{},"productId":"p","unitPrice":"1","quantity":1}}]}}"#,
                    arrays(depth)
                ),
            ),
            (
                "an unknown key in an order",
                Part::Customer,
                format!(
                    r#"{{"id":"c","orders":[{{"zzz":{},"id":"o"}}]}}"#,
                    objects(depth)
                ),
            ),
            (
                "arrays for lines",
                Part::Cart,
                format!(r#"{{"currency":"EUR","lines":{}}}"#, arrays(depth)),
            ),
            (
                "arrays for tags",
                Part::Request,
                request_with(&format!(r#"{{"id":"c","tags":{}}}"#, arrays(depth))),
            ),
            (
                "objects for the customer",
                Part::Request,
                request_with(&objects(depth)),
            ),
        ];
        for (kind, part, text) in texts {
            tally.check(part, || format!("{kind} nested {depth} deep"), &text, None);
            let unclosed = text.trim_end_matches(['}', ']']);
            tally.check(
                part,
                || format!("{kind} nested {depth} deep, unclosed"),
                unclosed,
                None,
            );
        }
    }
    for part in [Part::Request, Part::Customer, Part::Cart] {
        tally.check(
            part,
            || "200 levels of `{\"a\":` alone".to_string(),
            &r#"{"a":"#.repeat(200),
            None,
        );
        tally.check(
            part,
            || "200 levels of `[` alone".to_string(),
            &"[".repeat(200),
            None,
        );
    }
    tally.finish("deep nesting");
}

/// The empty text, whitespace, and roots other than an object, for every reader.
#[test]
fn empty_and_non_object_roots_read_alike() {
    let common = [
        "", " ", "\n\t\r ", "[]", "[1]", "1", "-1", "1.5", r#""x""#, r#""""#, "null", "true",
        "false", "{}", " {} ", "[] []", "{} {}", "nul",
    ];
    let specific: [(Part, &[&str]); 3] = [
        (
            Part::Request,
            &[
                r#"{"now":"2026-11-22T10:00:00Z"}"#,
                r#"{"cart":{"currency":"EUR","lines":[]}}"#,
                r#"["2026-11-22T10:00:00Z"]"#,
                r#"["2026-11-22T10:00:00Z",null,{"currency":"EUR","lines":[]}]"#,
                r#"["2026-11-22T10:00:00Z",{"id":"c"},["EUR",[]]]"#,
                r#"["2026-11-22T10:00:00Z",null,["EUR",[["l","p",[],"1",1]]]]"#,
                r#"["nope"]"#,
            ],
        ),
        (
            Part::Customer,
            &[
                r#"{"status":"active"}"#,
                r#"["c"]"#,
                r#"["c","deactivated","business"]"#,
                r#"["c","active","individual",null,null,["t"],{"a":1}]"#,
                r#"["c",{"active":null}]"#,
                r#"{"id":"c","status":{"active":null}}"#,
                r#"{"id":"c","type":{"business":null}}"#,
                r#"{"id":"c","status":["active"]}"#,
                r#"{"id":"c","orders":[["o","2026-01-01T00:00:00Z","paid","1"]]}"#,
            ],
        ),
        (
            Part::Cart,
            &[
                r#"{"currency":"EUR"}"#,
                r#"{"lines":[]}"#,
                r#"["EUR"]"#,
                r#"["EUR",[]]"#,
                r#"["EUR",[["l","p",["c"],"1",1]],[null,null,"4.90",["Paris"]]]"#,
                r#"{"currency":"EUR","lines":[],"shipping":["UPS","home","4.90"]}"#,
                r#"{"currency":"EUR","lines":[],"shipping":{"address":["Paris","75001","FR"]}}"#,
            ],
        ),
    ];
    let mut tally = Tally::default();
    for (part, texts) in specific {
        for text in common.iter().chain(texts) {
            tally.check(part, || format!("{text:?}"), text, None);
        }
    }
    tally.finish("empty and non-object roots");
}

/// Keys given twice: every key of the model is refused by both readers alike. A key
/// twice in `customer.attributes`, which the oracle reads (keeping the last), is read
/// alike or refused as a `duplicate key`.
#[test]
fn duplicate_keys_are_refused() {
    let line = r#"{"id":"l","productId":"p","unitPrice":"1","quantity":1}"#;
    let order = r#"{"id":"o","placedAt":"2026-01-01T00:00:00Z","status":"paid","total":"1"}"#;
    let cart_with = |inner: &str| format!(r#"{{"currency":"EUR","lines":[{line}]{inner}}}"#);
    let customer_with = |inner: &str| format!(r#"{{"id":"c"{inner}}}"#);
    let request_with = |customer: &str, cart: &str| {
        format!(r#"{{"now":"2026-11-22T10:00:00Z","customer":{customer},"cart":{cart}}}"#)
    };
    let in_customer = |inner: &str| request_with(&customer_with(inner), &cart_with(""));
    let in_cart = |inner: &str| request_with(&customer_with(""), &cart_with(inner));
    let many_keys: String = (0..20).map(|i| format!(r#""k{i}":{i},"#)).collect();
    // (label, part, text, whether the oracle refuses it)
    let cases: Vec<(&str, Part, String, bool)> = vec![
        (
            "`now` twice at the root",
            Part::Request,
            format!(
                r#"{{"now":"2026-11-22T10:00:00Z","now":"2026-11-22T10:00:00Z","cart":{}}}"#,
                cart_with("")
            ),
            true,
        ),
        (
            "`now` twice, after every other field",
            Part::Request,
            format!(
                r#"{{"now":"2026-11-22T10:00:00Z","customer":null,"cart":{},"now":"2026-11-22T10:00:00Z"}}"#,
                cart_with("")
            ),
            true,
        ),
        (
            "`customer` twice at the root",
            Part::Request,
            format!(
                r#"{{"now":"2026-11-22T10:00:00Z","customer":null,"customer":{{"id":"c"}},"cart":{}}}"#,
                cart_with("")
            ),
            true,
        ),
        (
            "`cart` twice at the root",
            Part::Request,
            format!(
                r#"{{"now":"2026-11-22T10:00:00Z","cart":{0},"cart":{0}}}"#,
                cart_with("")
            ),
            true,
        ),
        (
            "a repeated unknown key at the root",
            Part::Request,
            format!(
                r#"{{"now":"2026-11-22T10:00:00Z","cart":{},"zzz":1,"zzz":2}}"#,
                cart_with("")
            ),
            true,
        ),
        (
            "`id` twice in a line",
            Part::Request,
            request_with(
                &customer_with(""),
                &format!(
                    r#"{{"currency":"EUR","lines":[{line},{{"id":"a","id":"b","productId":"p","unitPrice":"1","quantity":1}}]}}"#
                ),
            ),
            true,
        ),
        (
            "`quantity` twice in a line",
            Part::Cart,
            r#"{"currency":"EUR","lines":[{"id":"l","productId":"p","unitPrice":"1","quantity":1,"quantity":2}]}"#.to_string(),
            true,
        ),
        (
            "`categories` twice in a line",
            Part::Cart,
            r#"{"currency":"EUR","lines":[{"id":"l","categories":[],"productId":"p","categories":["c"],"unitPrice":"1","quantity":1}]}"#.to_string(),
            true,
        ),
        (
            "`lines` twice in a cart",
            Part::Request,
            in_cart(&format!(r#","lines":[{line}]"#)),
            true,
        ),
        (
            "`lines` twice in a cart read alone",
            Part::Cart,
            cart_with(r#","lines":[]"#),
            true,
        ),
        (
            "`currency` twice in a cart",
            Part::Cart,
            cart_with(r#","currency":"EUR""#),
            true,
        ),
        (
            "`redeem` twice in a cart",
            Part::Cart,
            cart_with(r#","redeem":[],"redeem":["r"]"#),
            true,
        ),
        (
            "`cost` twice in a shipping",
            Part::Request,
            in_cart(r#","shipping":{"cost":"1","cost":"2"}"#),
            true,
        ),
        (
            "`city` twice in an address",
            Part::Cart,
            cart_with(r#","shipping":{"address":{"city":"a","country":"FR","city":"b"}}"#),
            true,
        ),
        (
            "`orders` twice in a customer",
            Part::Request,
            in_customer(&format!(r#","orders":[{order}],"orders":[]"#)),
            true,
        ),
        (
            "`orders` twice in a customer read alone",
            Part::Customer,
            customer_with(&format!(r#","orders":[],"orders":[{order}]"#)),
            true,
        ),
        (
            "`id` twice in a customer",
            Part::Customer,
            r#"{"id":"a","tags":[],"id":"b"}"#.to_string(),
            true,
        ),
        (
            "`attributes` twice in a customer",
            Part::Request,
            in_customer(r#","attributes":{},"attributes":{"a":1}"#),
            true,
        ),
        (
            "`status` twice in a customer",
            Part::Customer,
            customer_with(r#","status":"active","status":"active""#),
            true,
        ),
        (
            "`total` twice in an order",
            Part::Customer,
            customer_with(
                r#","orders":[{"id":"o","placedAt":"2026-01-01T00:00:00Z","total":"1","status":"paid","total":"1"}]"#,
            ),
            true,
        ),
        (
            "a repeated unknown key in a customer",
            Part::Customer,
            customer_with(r#","zzz":1,"zzz":1"#),
            true,
        ),
        (
            "a key twice in attributes",
            Part::Request,
            in_customer(r#","attributes":{"a":1,"a":2}"#),
            false,
        ),
        (
            "a key twice in attributes read alone",
            Part::Customer,
            customer_with(r#","attributes":{"tier":"gold","tier":"silver"}"#),
            false,
        ),
        (
            "a key twice deep in attributes",
            Part::Request,
            in_customer(r#","attributes":{"x":[{"b":{"c":1,"c":1}}]}"#),
            false,
        ),
        (
            "a key twice in attributes of many keys",
            Part::Customer,
            customer_with(&format!(r#","attributes":{{{many_keys}"k3":3}}"#)),
            false,
        ),
    ];
    let mut failures = Vec::new();
    for (label, part, text, oracle_refuses) in &cases {
        let expected = part.oracle(text);
        let actual = part.reader(text);
        println!(
            "{label} ({})\n  oracle: {}\n  reader: {}",
            part.name(),
            expected.show(),
            actual.show()
        );
        let alike = if *oracle_refuses {
            matches!(
                expected,
                Outcome::Refused {
                    code: ErrorCode::InvalidRequest,
                    ..
                }
            ) && actual == expected
        } else {
            matches!(expected, Outcome::Read(_))
                && (actual == expected
                    || matches!(
                        &actual,
                        Outcome::Refused { code: ErrorCode::InvalidRequest, path, message }
                            if message.starts_with("duplicate key `") && within(path, ATTRIBUTES)
                    ))
        };
        if !alike {
            failures.push(format!(
                "--- {label} ({})\ntext: {text}\noracle: {}\nreader: {}\n",
                part.name(),
                expected.show(),
                actual.show()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} texts with a repeated key were not read as expected:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
