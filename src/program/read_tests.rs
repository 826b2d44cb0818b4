//! The hand-written program reader compared with the serde reader (the oracle) on valid
//! programs, on many mutated programs and on hand-written raw texts.
//!
//! Both readers must agree: the same program when both read the text (compared as its
//! JSON serialisation), or the same `code`, `path` and `message` when both refuse it.
//! The hand reader differs in a few documented ways, counted but not failed:
//! - an array where a struct is expected (`invalid type: sequence, expected struct …`);
//!   serde read it as the struct's fields in order;
//! - an object where a unit enum is expected (`invalid type: map, expected enum …`);
//!   serde read `{"variant": null}` as the variant.
//!
//! Either is accepted when the oracle reads the text, or when the oracle's first
//! problem lies at or inside the refused value, or when nothing comes before it (checked
//! by putting `0` in its place, which the oracle refuses right there). Also accepted,
//! when both refuse the text:
//! - text that is not JSON (or nests too deep): the hand reader reads the whole text
//!   first, so its syntax error may come before a model error serde met earlier;
//! - a number, `true`, `null` or an array where a name (a unit enum) is expected: serde
//!   says `expected value`, the hand reader `invalid type: …, expected enum …`;
//! - the same message at the array's first item where serde names the array itself.
//!
//! A key given twice must be refused with serde's own message and path; a key twice in
//! a comparison's `value`, which serde kept, must be refused too.
//!
//! Every comparison test collects all its differences and fails once, with counts, the
//! kinds of difference (the two messages with their values left out) and an example of
//! each of up to [`EXAMPLES`] kinds: the text, both results and how the text was made.

#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use serde_json::{json, Map, Value};

use super::program;
use crate::error::{Error, ErrorCode};
use crate::program::model::Program;

#[path = "../../benches/support/gen.rs"]
mod gen;

/// Kinds of difference shown with an example in a failure report.
const EXAMPLES: usize = 20;

/// Bytes of a text shown in a failure report.
const SHOWN_TEXT: usize = 2_000;

/// The serde reader every result is compared with.
fn oracle(text: &str) -> Result<Program, Error> {
    crate::engine::read_json(text, ErrorCode::InvalidProgram, "")
}

// ---------------------------------------------------------------------------------------
// Comparing the two readers

/// What a reader made of a text: the program as compact JSON, or the error.
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
    fn of(result: Result<Program, Error>) -> Outcome {
        match result {
            Ok(p) => Outcome::Read(serde_json::to_string(&p).expect("a program serialises")),
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

/// How the two readers compared on one text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Verdict {
    BothRead,
    BothRefused,
    /// The hand reader refused a value serde took (one of [`STRICTER`]).
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
    Differ,
}

/// Turns the text into one where the value at a JSON path is `0` (for texts made from a
/// [`Value`]), to learn whether the oracle finds a problem before that value.
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
fn stricter_first(expected: &Outcome, path: &str, probe: Option<Probe>) -> bool {
    let Outcome::Refused { path: at, .. } = expected else {
        return true;
    };
    if within(at, path) {
        return true;
    }
    let Some(text) = probe.and_then(|probe| probe(path)) else {
        return false;
    };
    matches!(Outcome::of(oracle(&text)), Outcome::Refused { path: p, .. } if p == path)
}

fn judge(text: &str, probe: Option<Probe>) -> (Verdict, Outcome, Outcome) {
    let expected = Outcome::of(oracle(text));
    let actual = Outcome::of(program(text));
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
        (_, Outcome::Refused { path, message, .. }) => {
            match STRICTER.iter().find(|p| message.starts_with(*p)) {
                Some(kind) if stricter_first(&expected, path, probe) => Verdict::Stricter(kind),
                _ => Verdict::Differ,
            }
        }
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

/// The kind of a difference: both outcomes with values left out, and whether the paths
/// agree.
fn kind(expected: &Outcome, actual: &Outcome) -> String {
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
        "oracle {} / reader {}{paths}",
        shape(expected),
        shape(actual)
    )
}

impl Tally {
    /// Compares the readers on `text`; `label` says how the text was made.
    fn check(&mut self, label: impl FnOnce() -> String, text: &str, probe: Option<Probe>) {
        let (verdict, expected, actual) = judge(text, probe);
        self.docs += 1;
        match verdict {
            Verdict::BothRead => self.both_read += 1,
            Verdict::BothRefused => self.both_refused += 1,
            Verdict::Stricter(kind) => *self.stricter.entry(kind).or_default() += 1,
            Verdict::SyntaxFirst => {
                *self.stricter.entry("not JSON: syntax first").or_default() += 1
            }
            Verdict::NamedEnum => *self.stricter.entry("expected enum").or_default() += 1,
            Verdict::FirstItem => *self.stricter.entry("path at [0]").or_default() += 1,
            Verdict::Differ => {
                self.differences += 1;
                let kind = kind(&expected, &actual);
                match self.kinds.iter_mut().find(|(k, _, _)| *k == kind) {
                    Some((_, n, _)) => *n += 1,
                    None => {
                        let example = difference(&label(), text, &expected, &actual);
                        self.kinds.push((kind, 1, example));
                    }
                }
            }
        }
    }

    fn merge(&mut self, other: Tally) {
        self.docs += other.docs;
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
        let mut s = format!(
            "{title}: {} documents, {} read by both, {} refused alike by both, {} differences",
            self.docs, self.both_read, self.both_refused, self.differences
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
            "programs differ at byte {at}:\n  oracle …{}\n  reader …{}\n",
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

/// The values a mutation puts in place of a node, as JSON text.
const REPLACEMENTS: [&str; 24] = [
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
    r#""bestOf""#,
    "[]",
    "[1]",
    r#"["a"]"#,
    "{}",
    r#"{"a":1}"#,
    r#"{"all":[]}"#,
    r#"{"field":"customer.tags","op":"contains","value":"vip"}"#,
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

/// The path of the node written as `target` (a reader's error path), if any.
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

/// Compares the readers on `per_doc` mutations (1 to 3 changes each) of every program
/// of `corpus`, the seeds fixed by `seed` and each program's name.
fn mutations(corpus: &[(String, Value)], per_doc: usize, seed: u64) -> Tally {
    let mut tally = Tally::default();
    for (name, program) in corpus {
        let mut rng = Rng(seed ^ fnv(name));
        for n in 0..per_doc {
            let mut doc = program.clone();
            let mut log = Vec::new();
            for _ in 0..1 + rng.below(3) {
                log.extend(mutate(&mut doc, &mut rng));
            }
            let layout = random_layout(&mut rng);
            let text = write_doc(&doc, layout);
            let probe = |at: &str| {
                let mut path = Vec::new();
                find_path(&doc, at, &mut path).then(|| {
                    let mut probed = doc.clone();
                    *node_mut(&mut probed, &path) = raw(ZERO);
                    write_doc(&probed, layout)
                })
            };
            tally.check(
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

/// The shared fixtures: every `program` value, and every `programText` as its text.
fn fixtures() -> (Named<Value>, Named<String>) {
    let dir = manifest_dir().join("tests/fixtures");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let (mut values, mut texts) = (Vec::new(), Vec::new());
    for file in files {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let content =
            std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let fixture: Value =
            serde_json::from_str(&content).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        if let Some(program) = fixture.get("program") {
            values.push((name.clone(), program.clone()));
        }
        if let Some(text) = fixture.get("programText").and_then(Value::as_str) {
            texts.push((format!("{name} (programText)"), text.to_string()));
            if let Ok(value) = serde_json::from_str::<Value>(text) {
                values.push((
                    format!("{name} (programText, last of repeated keys)"),
                    value,
                ));
            }
        }
    }
    assert!(
        values.len() >= 100,
        "expected the shared fixtures in {}",
        dir.display()
    );
    (values, texts)
}

fn seed_program_text() -> String {
    let file = manifest_dir().join("examples/seed-program.json");
    std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

/// The benchmark programs (the typical one, with store ids, and the large one).
fn bench_programs() -> Named<Value> {
    let mut store_ids = gen::program(gen::TYPICAL);
    gen::with_store_ids(&mut store_ids);
    vec![
        ("bench typical".to_string(), gen::program(gen::TYPICAL)),
        ("bench typical, store ids".to_string(), store_ids),
        ("bench large".to_string(), gen::program(gen::LARGE)),
    ]
}

/// Programs that use every field of the model, every enum variant and every operator,
/// with values of every JSON type in comparisons.
fn hand_built() -> Named<Value> {
    let everything = json!({
        "version": 1,
        "currency": "EUR",
        "rounding": "halfEven",
        "validatedOrderStatuses": ["paid", "completed", "shipped"],
        "stacking": { "customerDiscount": "stack" },
        "groups": [
            { "id": "wholesale", "name": "Wholesale", "default": false, "colour": "#336699",
              "prices": [
                  { "categories": ["wine"], "percent": "-10" },
                  { "products": ["truffle-oil"], "price": "12.50" },
                  { "products": ["p1", "p2"], "categories": ["c1"], "percent": "5" } ] },
            { "id": "retail", "name": "Retail", "default": true, "prices": [] }
        ],
        "segments": [
            { "id": "vip", "name": "VIP", "rule": { "field": "customer.tags", "op": "contains", "value": "vip" } },
            { "id": "regulars", "name": "Regulars", "rule": { "all": [
                { "field": "orders.count", "op": "gte", "value": 5, "withinLastDays": 365 },
                { "any": [
                    { "segment": "vip" },
                    { "group": "wholesale" },
                    { "not": { "field": "customer.type", "op": "eq", "value": "business" } } ] },
                { "field": "customer.registeredAt", "op": "before", "value": "2025-01-01T00:00:00Z" },
                { "field": "customer.registeredAt", "op": "after", "value": "2020-01-01T00:00:00Z" },
                { "field": "customer.registeredAt", "op": "withinLastDays", "value": 30 } ] } },
            { "id": "every-operator", "rule": { "any": [
                { "field": "customer.status", "op": "ne", "value": "blocked" },
                { "field": "customer.attributes.tier", "op": "in", "value": ["gold", "silver"] },
                { "field": "shipping.address.country", "op": "notIn", "value": ["US", "CA"] },
                { "field": "cart.subtotal", "op": "gt", "value": "100" },
                { "field": "cart.subtotal", "op": "lt", "value": 1000 },
                { "field": "cart.quantity", "op": "lte", "value": 12.5 },
                { "field": "cart.categories", "op": "containsAny", "value": ["wine", "cheese"] },
                { "field": "cart.products", "op": "containsAll", "value": ["p1", "p2"] },
                { "field": "shipping.address.postalCode", "op": "startsWith", "value": "75" } ] } }
        ],
        "offers": [
            { "id": "vip-tiers", "name": "VIP tiers", "segment": "vip", "group": "wholesale",
              "earnPoints": false, "discountEnabled": true, "appliesWithPromoCode": true,
              "validFrom": "2026-01-01T00:00:00Z", "validUntil": "2026-12-31T23:59:59+01:00",
              "brackets": [
                  { "minSubtotal": "50", "discount": { "amount": "5" } },
                  { "minSubtotal": "150", "discount": { "percent": "10" }, "freeShipping": true },
                  { "minSubtotal": "500", "freeShipping": true } ] },
            { "id": "paused", "earnPoints": true, "discountEnabled": false, "appliesWithPromoCode": false,
              "brackets": [] }
        ],
        "points": {
            "enabled": true,
            "pointsPerUnit": "1.5",
            "base": "beforeDiscounts",
            "excludeCategories": ["gift-cards"],
            "multipliers": [ { "segment": "vip", "factor": "2" } ]
        },
        "personalDiscount": { "enabled": true },
        "cumulativeDiscount": {
            "enabled": true,
            "periodDays": 365,
            "countedStatuses": ["paid", "completed"],
            "ranges": [ { "from": "100", "percent": "1" }, { "from": "1000", "percent": "2.5" } ],
            "segmentRanges": [ { "segment": "vip", "ranges": [ { "from": "50", "percent": "3" } ] } ]
        },
        "rewards": [
            { "id": "r-voucher", "name": "5 off", "type": "voucher", "pointsCost": 100, "amount": "5", "minSubtotal": "20" },
            { "id": "r-percent", "type": "percentOff", "pointsCost": 300, "percent": "10" },
            { "id": "r-ship", "type": "freeShipping", "pointsCost": 200 },
            { "id": "r-free", "type": "freeProduct", "pointsCost": 400, "product": "p0", "quantity": 2 },
            { "id": "r-bxgy", "type": "buyXGetY", "pointsCost": 500,
              "buy": { "products": ["p1"], "categories": ["c1"], "quantity": 2 },
              "get": { "products": ["p2"], "categories": ["c2"], "quantity": 1, "percent": "100" },
              "maxApplications": 3 }
        ],
        "promoCodes": [
            { "code": "WELCOME15", "discount": { "percent": "15" }, "freeShipping": true, "minSubtotal": "30",
              "validFrom": "2026-01-01T00:00:00Z", "validUntil": "2026-03-01T00:00:00-05:00", "segments": ["vip"] },
            { "code": "FIVE", "discount": { "amount": "5" } }
        ],
        "gifts": [
            { "id": "g1", "segment": "vip", "group": "wholesale",
              "when": { "products": ["p1"], "categories": ["c1"], "minQuantity": 2, "minSubtotal": "40" },
              "gift": { "product": "sample", "quantity": 1 } }
        ],
        "discountCards": { "check": "ean13", "lengths": [13] }
    });
    // Numbers for decimals, explicit nulls for optional fields, escapes and non-ASCII
    // text, extreme integers and comparison values of every JSON type.
    let odd = json!({
        "version": 1,
        "currency": "USD",
        "rounding": "halfUp",
        "validatedOrderStatuses": null,
        "stacking": { "customerDiscount": "bestOf" },
        "groups": [
            { "id": "caf\u{e9} \"VIP\" \\ / \n\t \u{1f600}", "name": null, "colour": null,
              "prices": [ { "products": null, "categories": ["c"], "percent": -10, "price": null },
                          { "products": ["p"], "price": 12.5 } ] }
        ],
        "segments": [
            { "id": "values", "name": null, "rule": { "all": [
                { "field": "a", "op": "eq", "value": null },
                { "field": "a", "op": "eq", "value": true },
                { "field": "a", "op": "eq", "value": false },
                { "field": "a", "op": "eq", "value": 0 },
                { "field": "a", "op": "eq", "value": -1 },
                { "field": "a", "op": "eq", "value": u64::MAX },
                { "field": "a", "op": "eq", "value": i64::MIN },
                { "field": "a", "op": "eq", "value": 0.1 },
                { "field": "a", "op": "eq", "value": -2.5e-8 },
                { "field": "a", "op": "eq", "value": 1e300 },
                { "field": "a", "op": "eq", "value": "" },
                { "field": "a", "op": "eq", "value": "\u{0}\u{1f}\u{7f}\u{2028}" },
                { "field": "a", "op": "in", "value": [] },
                { "field": "a", "op": "in", "value": [1, "two", [3.5, null], { "four": 4 }] },
                { "field": "a", "op": "eq", "value": {} },
                { "field": "a", "op": "eq", "value": { "nested": { "deeper": [true, { "x": "y" }] } }, "withinLastDays": 0 },
                { "all": [] },
                { "any": [] },
                { "not": { "not": { "segment": "x" } } } ] } }
        ],
        "offers": [
            { "id": "numbers", "name": null, "segment": null, "group": null, "validFrom": null, "validUntil": null,
              "brackets": [
                  { "minSubtotal": 0, "discount": { "amount": 5, "percent": null }, "freeShipping": false },
                  { "minSubtotal": 99.99, "discount": { "amount": null, "percent": 12.5 } },
                  { "minSubtotal": "1000000", "discount": null },
                  { "minSubtotal": -1, "discount": {} } ] }
        ],
        "points": { "enabled": false, "pointsPerUnit": 2, "base": "afterDiscounts",
                    "excludeCategories": [], "multipliers": [] },
        "personalDiscount": { "enabled": false },
        "cumulativeDiscount": { "enabled": false, "periodDays": 0, "countedStatuses": null,
                                "ranges": [], "segmentRanges": [ { "segment": "s", "ranges": [] } ] },
        "rewards": [
            { "id": "max", "name": null, "type": "freeProduct", "pointsCost": u64::MAX, "minSubtotal": null,
              "amount": null, "percent": null, "product": null, "quantity": u32::MAX, "buy": null, "get": null,
              "maxApplications": null },
            { "id": "empty-sets", "type": "buyXGetY", "pointsCost": 0,
              "buy": { "products": null, "categories": null, "quantity": 0 },
              "get": { "quantity": 0, "percent": null }, "maxApplications": 0 }
        ],
        "promoCodes": [
            { "code": "\u{e9}t\u{e9}", "discount": null, "freeShipping": false, "minSubtotal": null,
              "validFrom": null, "validUntil": null, "segments": null },
            { "code": "EMPTY", "segments": [] }
        ],
        "gifts": [
            { "id": "g", "segment": null, "group": null, "when": {}, "gift": { "product": "p", "quantity": 0 } },
            { "id": "h", "when": { "products": null, "categories": null, "minQuantity": null, "minSubtotal": null },
              "gift": { "product": "", "quantity": 4_294_967_295u32 } }
        ],
        "discountCards": { "check": "luhn", "lengths": [4, 32] }
    });
    let minimal = json!({
        "version": 1,
        "currency": "EUR",
        "stacking": {},
        "personalDiscount": null,
        "points": null,
        "cumulativeDiscount": null,
        "discountCards": { "check": "none" }
    });
    let bare = json!({ "version": 0, "currency": "", "discountCards": {}, "groups": [], "segments": [],
                       "offers": [], "rewards": [], "promoCodes": [], "gifts": [] });
    vec![
        ("hand-built: every field".to_string(), everything),
        ("hand-built: odd values".to_string(), odd),
        ("hand-built: minimal".to_string(), minimal),
        ("hand-built: bare".to_string(), bare),
    ]
}

// ---------------------------------------------------------------------------------------
// The tests

/// The hand-built programs are read by the oracle and use every property and enum value
/// of every type of the program's JSON schema.
#[test]
fn hand_built_programs_cover_every_model_field() {
    let schema =
        serde_json::to_value(schemars::schema_for!(Program)).expect("the schema serialises");
    let defs = schema["$defs"].as_object().cloned().unwrap_or_default();
    let mut expected = BTreeSet::new();
    schema_names(&schema, "Program", &mut expected);
    for (name, def) in &defs {
        schema_names(def, name, &mut expected);
    }
    let mut seen = BTreeSet::new();
    for (name, program) in hand_built() {
        let text = serde_json::to_string(&program).expect("a value serialises");
        if let Err(e) = oracle(&text) {
            panic!("{name} is not a program: {e}");
        }
        covered(&schema, &program, "Program", &defs, &mut seen);
    }
    let missing: Vec<String> = expected
        .difference(&seen)
        .map(|(def, name)| format!("{def}: {name}"))
        .collect();
    assert!(
        missing.is_empty(),
        "the hand-built programs never use:\n{}",
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

/// Every corpus program, written in every layout, and the raw texts as they are.
#[test]
fn corpus_programs_read_alike() {
    let (fixture_values, fixture_texts) = fixtures();
    let mut values = fixture_values;
    values.extend(bench_programs());
    values.extend(hand_built());
    let seed = seed_program_text();
    values.push((
        "examples/seed-program.json".to_string(),
        serde_json::from_str(&seed).expect("the seed program is JSON"),
    ));
    let mut tally = Tally::default();
    let mut texts = fixture_texts;
    texts.push(("examples/seed-program.json (as written)".to_string(), seed));
    for (name, text) in &texts {
        tally.check(|| name.clone(), text, None);
    }
    let layouts = [
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
    for (name, value) in &values {
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
        for layout in layouts {
            let text = write_doc(value, layout);
            tally.check(|| format!("{name} ({})", layout.describe()), &text, None);
        }
    }
    tally.finish("corpus programs");
}

/// Mutations of every fixture program and of the seed program.
#[test]
fn mutated_fixture_programs_read_alike() {
    let (mut corpus, _) = fixtures();
    corpus.push((
        "examples/seed-program.json".to_string(),
        serde_json::from_str(&seed_program_text()).expect("the seed program is JSON"),
    ));
    let started = std::time::Instant::now();
    let tally = mutations(&corpus, 150, 0x5eed_f1c5);
    println!("{:?} for the fixture mutations", started.elapsed());
    tally.finish("mutated fixture programs");
}

/// Mutations of the hand-built programs, which hold every field of the model.
#[test]
fn mutated_hand_built_programs_read_alike() {
    let started = std::time::Instant::now();
    let tally = mutations(&hand_built(), 2_500, 0x5eed_4a4d);
    println!("{:?} for the hand-built mutations", started.elapsed());
    tally.finish("mutated hand-built programs");
}

/// Mutations of the benchmark programs (the typical ones; the large one only a few).
#[test]
fn mutated_bench_programs_read_alike() {
    let started = std::time::Instant::now();
    let corpus = bench_programs();
    let (typical, large) = corpus.split_at(2);
    let mut tally = mutations(typical, 600, 0x5eed_be9c);
    tally.merge(mutations(large, 40, 0x5eed_1a9e));
    println!("{:?} for the bench mutations", started.elapsed());
    tally.finish("mutated bench programs");
}

/// A small program using every kind of token, for the raw-text tests.
const SMALL: &str = r#"{"version":1,"currency":"EUR","rounding":"halfEven","segments":[{"id":"v\u00e9p \"q\"","rule":{"all":[{"field":"customer.tags","op":"contains","value":"vip"},{"not":{"field":"orders.count","op":"gte","value":-2.5e1,"withinLastDays":30}},{"field":"a","op":"in","value":[true,false,null,{"k":[]}]}]}}],"offers":[{"id":"é","segment":"v","validFrom":"2026-01-01T00:00:00Z","brackets":[{"minSubtotal":"50","discount":{"percent":10}},{"minSubtotal":150.5,"freeShipping":true}]}],"points":{"enabled":true,"pointsPerUnit":"1"},"rewards":[{"id":"r","type":"voucher","pointsCost":100,"amount":"5"}]}"#;

/// Replaces the one occurrence of `from` in [`SMALL`].
fn small_with(from: &str, to: &str) -> String {
    assert_eq!(
        SMALL.matches(from).count(),
        1,
        "`{from}` occurs once in SMALL"
    );
    SMALL.replacen(from, to, 1)
}

/// Every prefix of a small program, compact and pretty.
#[test]
fn truncated_texts_read_alike() {
    let pretty =
        serde_json::to_string_pretty(&serde_json::from_str::<Value>(SMALL).expect("SMALL is JSON"))
            .expect("a value serialises");
    let mut tally = Tally::default();
    assert!(oracle(SMALL).is_ok(), "SMALL is a program");
    for text in [SMALL, pretty.as_str()] {
        for end in (0..=text.len()).filter(|&end| text.is_char_boundary(end)) {
            tally.check(|| format!("the first {end} bytes"), &text[..end], None);
        }
    }
    tally.finish("truncated texts");
}

/// Texts that are not JSON, or are JSON around a program: commas, trailing characters,
/// escapes, control characters, numbers, literals and structure.
#[test]
fn syntax_errors_read_alike() {
    let brackets = r#"{"minSubtotal":150.5,"freeShipping":true}"#;
    let cases: Vec<(&str, String)> = vec![
        (
            "trailing comma at the root",
            r#"{"version":1,"currency":"EUR",}"#.to_string(),
        ),
        (
            "trailing comma in an object",
            small_with(r#""freeShipping":true}"#, r#""freeShipping":true,}"#),
        ),
        (
            "leading comma in an array",
            small_with(
                r#"brackets":[{"minSubtotal":"50""#,
                r#"brackets":[,{"minSubtotal":"50""#,
            ),
        ),
        (
            "trailing comma after an array item",
            small_with(brackets, &format!("{brackets},")),
        ),
        (
            "trailing comma in a comparison value",
            small_with(r#"{"k":[]}]"#, r#"{"k":[]},]"#),
        ),
        (
            "trailing comma in a rule",
            small_with(r#""withinLastDays":30}"#, r#""withinLastDays":30,}"#),
        ),
        (
            "two commas",
            small_with(r#""currency":"EUR","#, r#""currency":"EUR",,"#),
        ),
        (
            "missing comma",
            small_with(r#""currency":"EUR","#, r#""currency":"EUR" "#),
        ),
        (
            "missing comma between items",
            small_with(brackets, &format!("{brackets} {brackets}")),
        ),
        (
            "missing colon",
            small_with(r#""currency":"EUR""#, r#""currency" "EUR""#),
        ),
        (
            "missing value",
            small_with(r#""currency":"EUR""#, r#""currency":"#),
        ),
        (
            "a number as a key",
            small_with(r#""currency":"EUR""#, r#"1:"EUR""#),
        ),
        (
            "an unquoted key",
            small_with(r#""currency":"EUR""#, r#"currency:"EUR""#),
        ),
        (
            "single quotes",
            small_with(r#""currency":"EUR""#, r#"'currency':'EUR'"#),
        ),
        (
            "a comment",
            small_with(r#""currency":"EUR","#, r#""currency":"EUR",/* c */"#),
        ),
        (
            "an extra closing brace",
            small_with(r#""pointsPerUnit":"1"}"#, r#""pointsPerUnit":"1"}}"#),
        ),
        (
            "a closing bracket for a brace",
            small_with(r#""pointsPerUnit":"1"}"#, r#""pointsPerUnit":"1"]"#),
        ),
        (
            "a closing brace for a bracket",
            small_with(r#""amount":"5"}]"#, r#""amount":"5"}}"#),
        ),
        ("trailing characters", format!("{SMALL} x")),
        ("a trailing object", format!("{SMALL}{{}}")),
        ("a trailing comma", format!("{SMALL},")),
        ("a trailing bracket", format!("{SMALL}\n\n]")),
        ("trailing whitespace", format!("{SMALL} \n\t\r ")),
        ("leading whitespace", format!(" \r\n\t{SMALL}")),
        ("a byte-order mark", format!("\u{feff}{SMALL}")),
        ("an unknown escape", small_with("v\\u00e9p", "v\\qp")),
        ("a short unicode escape", small_with("v\\u00e9p", "v\\u00e")),
        ("a bad hex digit", small_with("v\\u00e9p", "v\\u00g9p")),
        (
            "a lone leading surrogate",
            small_with("v\\u00e9p", "v\\ud800p"),
        ),
        (
            "a lone trailing surrogate",
            small_with("v\\u00e9p", "v\\udc00p"),
        ),
        (
            "a leading surrogate then a letter",
            small_with("v\\u00e9p", "v\\ud800\\u0041"),
        ),
        (
            "a surrogate pair",
            small_with("v\\u00e9p", "v\\ud83d\\ude00p"),
        ),
        (
            "every short escape",
            small_with("v\\u00e9p", "\\b\\f\\n\\r\\t\\/\\\\\\\""),
        ),
        (
            "a bad escape in a key",
            small_with(r#""rounding""#, r#""roun\ding""#),
        ),
        (
            "an escaped key",
            small_with(r#""rounding""#, r#""r\u006funding""#),
        ),
        ("a raw newline in a string", small_with("v\\u00e9p", "v\np")),
        ("a raw tab in a string", small_with("v\\u00e9p", "v\tp")),
        (
            "a raw control character in a string",
            small_with("v\\u00e9p", "v\u{1}p"),
        ),
        (
            "a raw delete character in a string",
            small_with("v\\u00e9p", "v\u{7f}p"),
        ),
        (
            "a raw newline in a key",
            small_with(r#""rounding""#, "\"round\ning\""),
        ),
        (
            "a raw control character in a comparison value",
            small_with(r#""value":"vip""#, "\"value\":\"v\u{1f}ip\""),
        ),
        (
            "leading zero",
            small_with(r#""version":1"#, r#""version":01"#),
        ),
        ("two zeros", small_with(r#""version":1"#, r#""version":00"#)),
        (
            "negative leading zero",
            small_with(r#""version":1"#, r#""version":-01"#),
        ),
        (
            "a lone minus",
            small_with(r#""version":1"#, r#""version":-"#),
        ),
        (
            "a plus sign",
            small_with(r#""version":1"#, r#""version":+1"#),
        ),
        (
            "a leading dot",
            small_with(r#""version":1"#, r#""version":.5"#),
        ),
        (
            "a trailing dot",
            small_with(r#""version":1"#, r#""version":1."#),
        ),
        (
            "an empty exponent",
            small_with(r#""version":1"#, r#""version":1e"#),
        ),
        (
            "an exponent sign only",
            small_with(r#""version":1"#, r#""version":1e+"#),
        ),
        (
            "hexadecimal",
            small_with(r#""version":1"#, r#""version":0x1"#),
        ),
        ("NaN", small_with(r#""version":1"#, r#""version":NaN"#)),
        (
            "Infinity",
            small_with(r#""version":1"#, r#""version":Infinity"#),
        ),
        (
            "minus Infinity",
            small_with(r#""version":1"#, r#""version":-Infinity"#),
        ),
        (
            "an underscore",
            small_with(r#""version":1"#, r#""version":1_0"#),
        ),
        (
            "a number past f64",
            small_with(r#""version":1"#, r#""version":1E400"#),
        ),
        (
            "a negative number past f64",
            small_with(r#""version":1"#, r#""version":-1e400"#),
        ),
        (
            "an underflowing number",
            small_with(r#""version":1"#, r#""version":1e-400"#),
        ),
        (
            "one point zero",
            small_with(r#""version":1"#, r#""version":1.0"#),
        ),
        (
            "u32 max",
            small_with(r#""version":1"#, r#""version":4294967295"#),
        ),
        (
            "minus zero",
            small_with(r#""version":1"#, r#""version":-0"#),
        ),
        (
            "a leading zero in a decimal",
            small_with(r#""minSubtotal":150.5"#, r#""minSubtotal":0150.5"#),
        ),
        (
            "a decimal past f64",
            small_with(r#""minSubtotal":150.5"#, r#""minSubtotal":1e400"#),
        ),
        (
            "a negative decimal",
            small_with(r#""minSubtotal":150.5"#, r#""minSubtotal":-150.5"#),
        ),
        (
            "a decimal with exponent",
            small_with(r#""minSubtotal":150.5"#, r#""minSubtotal":1.505E+2"#),
        ),
        (
            "a huge integer decimal",
            small_with(
                r#""minSubtotal":150.5"#,
                r#""minSubtotal":123456789012345678901234567890"#,
            ),
        ),
        (
            "a leading zero in a comparison value",
            small_with("-2.5e1", "-02.5e1"),
        ),
        (
            "a comparison value past f64",
            small_with("-2.5e1", "-2.5e400"),
        ),
        (
            "a huge integer comparison value",
            small_with("-2.5e1", "123456789012345678901234567890"),
        ),
        (
            "minus zero as a comparison value",
            small_with("-2.5e1", "-0"),
        ),
        (
            "an exponent comparison value",
            small_with("-2.5e1", "1.0E+2"),
        ),
        (
            "a truncated literal",
            small_with("[true,false,null,", "[tru,false,null,"),
        ),
        (
            "a misspelt null",
            small_with("[true,false,null,", "[true,false,nul,"),
        ),
        (
            "a capitalised literal",
            small_with("[true,false,null,", "[True,false,null,"),
        ),
        (
            "a literal run on",
            small_with("[true,false,null,", "[true,falsey,null,"),
        ),
        (
            "a bare word",
            small_with(r#""currency":"EUR""#, r#""currency":EUR"#),
        ),
        ("an empty key", small_with(r#""rounding""#, r#""""#)),
        ("a key only", r#"{"version"}"#.to_string()),
        ("an open brace only", "{".to_string()),
        ("an open bracket only", "[".to_string()),
        ("a close brace only", "}".to_string()),
        ("a close bracket only", "]".to_string()),
        ("a comma only", ",".to_string()),
        ("an empty object with a comma", "{,}".to_string()),
        (
            "a non-breaking space as whitespace",
            "{\u{a0}\"version\":1}".to_string(),
        ),
    ];
    let mut tally = Tally::default();
    for (label, text) in &cases {
        tally.check(|| (*label).to_string(), text, None);
    }
    tally.finish("syntax errors");
}

/// Nesting around and far past serde_json's recursion limit, in a rule, in a comparison
/// value and in an unknown key's value.
#[test]
fn deep_nesting_reads_alike() {
    let leaf = r#"{"field":"customer.tags","op":"contains","value":"vip"}"#;
    let in_rule = |depth: usize| {
        format!(
            r#"{{"version":1,"currency":"EUR","segments":[{{"id":"s","rule":{}{leaf}{}}}]}}"#,
            r#"{"not":"#.repeat(depth),
            "}".repeat(depth)
        )
    };
    let in_value = |depth: usize| {
        format!(
            r#"{{"version":1,"currency":"EUR","segments":[{{"id":"s","rule":{{"field":"a","op":"eq","value":{}1{}}}}}]}}"#,
            "[".repeat(depth),
            "]".repeat(depth)
        )
    };
    let in_unknown = |depth: usize| {
        format!(
            r#"{{"version":1,"currency":"EUR","zzz":{}1{}}}"#,
            r#"{"a":"#.repeat(depth),
            "}".repeat(depth)
        )
    };
    let in_rule_array = |depth: usize| {
        format!(
            r#"{{"version":1,"currency":"EUR","segments":[{{"id":"s","rule":{}{leaf}{}}}]}}"#,
            r#"{"all":["#.repeat(depth),
            "]}".repeat(depth)
        )
    };
    let mut tally = Tally::default();
    let depths = (1..=8).chain(55..=70).chain(118..=132).chain([200, 1_000]);
    for depth in depths {
        for (kind, text) in [
            ("`not`", in_rule(depth)),
            ("`all`", in_rule_array(depth)),
            ("comparison value arrays", in_value(depth)),
            ("unknown key objects", in_unknown(depth)),
        ] {
            tally.check(|| format!("{kind} nested {depth} deep"), &text, None);
            let unclosed = text.trim_end_matches(['}', ']']);
            tally.check(
                || format!("{kind} nested {depth} deep, unclosed"),
                unclosed,
                None,
            );
        }
    }
    tally.check(
        || "200 levels of `{\"not\":` alone".to_string(),
        &r#"{"not":"#.repeat(200),
        None,
    );
    tally.finish("deep nesting");
}

/// The empty text, whitespace, and roots other than an object.
#[test]
fn empty_and_non_object_roots_read_alike() {
    let texts = [
        "",
        " ",
        "\n\t\r ",
        "[]",
        "[1]",
        r#"[1,"EUR"]"#,
        r#"[1,"EUR","halfUp",null,{"customerDiscount":"stack"},[],[],[]]"#,
        r#"[1,"EUR","nope"]"#,
        "1",
        "-1",
        "1.5",
        r#""x""#,
        r#""""#,
        "null",
        "true",
        "false",
        "{}",
        r#"{"version":1}"#,
        r#"{"currency":"EUR"}"#,
        r#"{"version":1,"currency":"EUR"}"#,
        " {} ",
        "[] []",
        "{} {}",
        "nul",
    ];
    let mut tally = Tally::default();
    for text in texts {
        tally.check(|| format!("{text:?}"), text, None);
    }
    tally.finish("empty and non-object roots");
}

/// Keys given twice, at the root, in model objects, in rules and in comparison values:
/// the hand reader refuses every one. The oracle refuses them too, except inside a
/// comparison's `value`, where it keeps the last.
#[test]
fn duplicate_keys_are_refused() {
    let base = |inner: &str| {
        format!(r#"{{"version":1,"currency":"EUR","segments":[{{"id":"s","rule":{inner}}}]}}"#)
    };
    let many_keys: String = (0..20).map(|i| format!(r#""k{i}":{i},"#)).collect();
    // (label, text, whether the oracle refuses it)
    let cases: Vec<(&str, String, bool)> = vec![
        ("`version` twice at the root", r#"{"version":1,"version":1,"currency":"EUR"}"#.to_string(), true),
        ("`currency` twice at the root, last", r#"{"version":1,"currency":"EUR","currency":"USD"}"#.to_string(), true),
        (
            "`version` twice after every other field",
            r#"{"version":1,"currency":"EUR","rounding":"halfUp","validatedOrderStatuses":[],"stacking":{},"groups":[],"segments":[],"offers":[],"points":null,"personalDiscount":null,"cumulativeDiscount":null,"rewards":[],"promoCodes":[],"gifts":[],"discountCards":null,"version":1}"#.to_string(),
            true,
        ),
        ("a repeated unknown key", r#"{"version":1,"currency":"EUR","zzz":1,"zzz":2}"#.to_string(), true),
        ("`id` twice in an offer", r#"{"version":1,"currency":"EUR","offers":[{"id":"a","id":"b"}]}"#.to_string(), true),
        (
            "`minSubtotal` twice in a bracket",
            r#"{"version":1,"currency":"EUR","offers":[{"id":"a","brackets":[{"minSubtotal":"1","minSubtotal":"2"}]}]}"#.to_string(),
            true,
        ),
        (
            "`amount` twice in a discount",
            r#"{"version":1,"currency":"EUR","offers":[{"id":"a","brackets":[{"minSubtotal":"1","discount":{"amount":"1","amount":"1"}}]}]}"#.to_string(),
            true,
        ),
        ("`enabled` twice in a toggle", r#"{"version":1,"currency":"EUR","personalDiscount":{"enabled":true,"enabled":false}}"#.to_string(), true),
        ("`customerDiscount` twice", r#"{"version":1,"currency":"EUR","stacking":{"customerDiscount":"stack","customerDiscount":"stack"}}"#.to_string(), true),
        ("`field` twice in a comparison", base(r#"{"field":"a","field":"b","op":"eq","value":1}"#), true),
        ("`value` twice in a comparison", base(r#"{"field":"a","op":"eq","value":1,"value":2}"#), true),
        ("`withinLastDays` twice", base(r#"{"field":"a","op":"eq","value":1,"withinLastDays":1,"withinLastDays":1}"#), true),
        ("`all` twice in a rule", base(r#"{"all":[],"all":[]}"#), true),
        ("`not` twice in a rule", base(r#"{"not":{"segment":"x"},"not":{"segment":"x"}}"#), true),
        ("`segment` twice in a nested rule", base(r#"{"any":[{"segment":"x","segment":"y"}]}"#), true),
        ("a key twice in a comparison's value", base(r#"{"field":"a","op":"eq","value":{"a":1,"a":2}}"#), false),
        ("a key twice deep in a comparison's value", base(r#"{"field":"a","op":"eq","value":[{"b":{"c":1,"c":1}}]}"#), false),
        (
            "a key twice in a comparison's value of many keys",
            base(&format!(r#"{{"field":"a","op":"eq","value":{{{many_keys}"k3":3}}}}"#)),
            false,
        ),
    ];
    let mut failures = Vec::new();
    for (label, text, oracle_refuses) in &cases {
        let expected = Outcome::of(oracle(text));
        let actual = Outcome::of(program(text));
        println!(
            "{label}\n  oracle: {}\n  reader: {}",
            expected.show(),
            actual.show()
        );
        let refused = |o: &Outcome| {
            matches!(
                o,
                Outcome::Refused {
                    code: ErrorCode::InvalidProgram,
                    ..
                }
            )
        };
        let alike = if *oracle_refuses {
            actual == expected
        } else {
            matches!(&actual, Outcome::Refused { message, .. } if message.starts_with("duplicate key `"))
        };
        if !refused(&actual) || !alike {
            failures.push(format!(
                "--- {label}\ntext: {text}\noracle: {}\nreader: {}\n",
                expected.show(),
                actual.show()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} texts with a repeated key were not refused as invalid_program:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
