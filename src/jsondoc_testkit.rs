//! The harness shared by the tests that compare the hand-written readers built on
//! [`Doc`](super::Doc) (`program::read`, `request_read`) with the serde readers they
//! replace (the oracles).
//!
//! A test names the two readers it compares with a [`Readers`] value and gives the texts
//! to a [`Tally`], which judges each text, counts the results and fails once, with a
//! report, when the readers differed in a way not allowed. Texts are made here too:
//! documents written in several [`Layout`]s, mutated at random by a generator that gives
//! the same numbers on every platform ([`mutations`]), and tables of texts that are not
//! JSON. The corpus helpers read the shared fixtures, and [`Coverage`] checks that
//! hand-built documents use every name of a JSON schema.

#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::error::{Error, ErrorCode};

/// The benchmark inputs (programs and requests).
#[path = "../benches/support/gen.rs"]
pub(crate) mod gen;

/// Kinds of difference shown with an example in a failure report.
pub(crate) const EXAMPLES: usize = 20;

/// Bytes of a text shown in a failure report.
const SHOWN_TEXT: usize = 2_000;

// ---------------------------------------------------------------------------------------
// Comparing the two readers

/// A hand reader of one kind of document and the serde reader (the oracle) it is
/// compared with.
pub(crate) trait Readers: Copy + Ord {
    /// Whether the hand reader may name the object of an unknown empty key where serde's
    /// path ends in a dot (see [`Verdict::EmptyKey`]).
    const EMPTY_KEY_AT_OBJECT: bool = false;

    /// The kind of document's name: shown in a tally's counts, kinds of difference and
    /// examples, and mixed into the seeds of its mutations. `None` when a test reads
    /// only one kind.
    fn part(self) -> Option<&'static str>;

    /// The key of a whole document holding this kind of document, which starts every
    /// path its readers report (empty for a whole document).
    fn prefix(self) -> &'static str {
        ""
    }

    /// What the serde reader makes of `text`.
    fn oracle(self, text: &str) -> Outcome;

    /// What the hand reader under test makes of `text`.
    fn reader(self, text: &str) -> Outcome;

    /// The kind of the hand reader's intended strictness, beyond [`STRICTER`], that its
    /// refusal with `message` at `path` shows, if any.
    fn stricter(self, _path: &str, _message: &str) -> Option<&'static str> {
        None
    }

    /// The path, within a document of this kind, of a reader's error path (which starts
    /// with [`Readers::prefix`]).
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

/// What a reader made of a text: the result as compact JSON, or the error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    Read(String),
    Refused {
        code: ErrorCode,
        path: String,
        message: String,
    },
}

impl Outcome {
    pub(crate) fn of<T: Serialize>(result: Result<T, Error>) -> Outcome {
        match result {
            Ok(v) => Outcome::Read(serde_json::to_string(&v).expect("a result serialises")),
            Err(e) => Outcome::Refused {
                code: e.code,
                path: e.path,
                message: e.message,
            },
        }
    }

    pub(crate) fn show(&self) -> String {
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

/// The kind of the hand reader's intended strictness its refusal shows, if any.
fn strictness(part: impl Readers, path: &str, message: &str) -> Option<&'static str> {
    STRICTER
        .iter()
        .copied()
        .find(|kind| message.starts_with(kind))
        .or_else(|| part.stricter(path, message))
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
    /// for a cart read alone. Allowed by [`Readers::EMPTY_KEY_AT_OBJECT`].
    EmptyKey,
    Differ,
}

/// Turns the text into one where the value at a reader's error path is `0` (for texts
/// made from a [`Value`]), to learn whether the oracle finds a problem before that value.
type Probe<'a> = &'a dyn Fn(&str) -> Option<String>;

/// Whether `inner` is `outer` or lies inside it.
pub(crate) fn within(inner: &str, outer: &str) -> bool {
    outer.is_empty()
        || inner == outer
        || inner
            .strip_prefix(outer)
            .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
}

/// Whether the hand reader's refusal at `path` is its intended strictness and comes
/// first: the oracle read the text, failed at or inside that value, or (with a probe)
/// finds nothing wrong before it.
fn stricter_first(
    part: impl Readers,
    expected: &Outcome,
    path: &str,
    probe: Option<Probe>,
) -> bool {
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

/// Compares the readers of `part` on `text`: the verdict, the oracle's outcome and the
/// hand reader's.
fn judge<P: Readers>(part: P, text: &str, probe: Option<Probe>) -> (Verdict, Outcome, Outcome) {
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
        (_, Outcome::Refused { path, message, .. }) => refusals_alike::<P>(&expected, &actual)
            .unwrap_or_else(|| match strictness(part, path, message) {
                Some(kind) if stricter_first(part, &expected, path, probe) => {
                    Verdict::Stricter(kind)
                }
                _ => Verdict::Differ,
            }),
        _ => Verdict::Differ,
    };
    (verdict, expected, actual)
}

/// The allowed difference between two refusals (the oracle's and the hand reader's)
/// that differ but have the same code, if any: [`Verdict::NamedEnum`],
/// [`Verdict::FirstItem`] or [`Verdict::EmptyKey`].
fn refusals_alike<P: Readers>(expected: &Outcome, actual: &Outcome) -> Option<Verdict> {
    let (
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
    ) = (expected, actual)
    else {
        return None;
    };
    if a != b {
        None
    } else if p == q
        && m == "expected value"
        && n.starts_with("invalid type: ")
        && n.contains(", expected enum ")
    {
        Some(Verdict::NamedEnum)
    } else if m == n && *q == format!("{p}[0]") {
        Some(Verdict::FirstItem)
    } else if P::EMPTY_KEY_AT_OBJECT
        && m == n
        && *p == format!("{q}.")
        && m.starts_with("unknown key ``")
    {
        Some(Verdict::EmptyKey)
    } else {
        None
    }
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
pub(crate) struct Tally<P> {
    docs: usize,
    /// Documents by the kind they are (shown for kinds with a [`Readers::part`] name).
    parts: BTreeMap<P, usize>,
    both_read: usize,
    both_refused: usize,
    stricter: BTreeMap<&'static str, usize>,
    differences: usize,
    /// Differences by [`kind`], in the order first seen: the kind, how many, the first
    /// example.
    kinds: Vec<(String, usize, String)>,
}

impl<P> Default for Tally<P> {
    fn default() -> Self {
        Tally {
            docs: 0,
            parts: BTreeMap::new(),
            both_read: 0,
            both_refused: 0,
            stricter: BTreeMap::new(),
            differences: 0,
            kinds: Vec::new(),
        }
    }
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

/// The kind of a difference: the part (if named), both outcomes with values left out,
/// and whether the paths agree.
fn kind(part: Option<&str>, expected: &Outcome, actual: &Outcome) -> String {
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
    let part = part.map(|name| format!("{name}: ")).unwrap_or_default();
    format!(
        "{part}oracle {} / reader {}{paths}",
        shape(expected),
        shape(actual)
    )
}

impl<P: Readers> Tally<P> {
    /// Compares the readers of `part` on `text`; `label` says how the text was made.
    pub(crate) fn check(&mut self, part: P, label: impl FnOnce() -> String, text: &str) {
        self.check_probed(part, label, text, None);
    }

    /// [`Tally::check`], with a probe for texts made from a [`Value`].
    fn check_probed(
        &mut self,
        part: P,
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
                let kind = kind(part.part(), &expected, &actual);
                match self.kinds.iter_mut().find(|(k, _, _)| *k == kind) {
                    Some((_, n, _)) => *n += 1,
                    None => {
                        let label = match part.part() {
                            Some(name) => format!("[{name}] {}", label()),
                            None => label(),
                        };
                        let example = difference(&label, text, &expected, &actual);
                        self.kinds.push((kind, 1, example));
                    }
                }
            }
        }
    }

    /// Compares the readers on `value` written in every layout of [`Layout::ALL`],
    /// having asserted that the compact and pretty layouts write it as serde_json does;
    /// `name` says where the value comes from.
    pub(crate) fn check_layouts(&mut self, part: P, name: &str, value: &Value) {
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
            self.check(part, || format!("{name} ({})", layout.describe()), &text);
        }
    }

    /// Compares the readers on every prefix of `text` that ends on a character boundary.
    pub(crate) fn check_prefixes(&mut self, part: P, text: &str) {
        for end in (0..=text.len()).filter(|&end| text.is_char_boundary(end)) {
            self.check(part, || format!("the first {end} bytes"), &text[..end]);
        }
    }

    /// Compares the readers on `text`, which holds `what` nested `depth` deep, and on
    /// `text` with its closing braces and brackets cut off.
    pub(crate) fn check_nested(&mut self, part: P, what: &str, depth: usize, text: &str) {
        self.check(part, || format!("{what} nested {depth} deep"), text);
        let unclosed = text.trim_end_matches(['}', ']']);
        self.check(
            part,
            || format!("{what} nested {depth} deep, unclosed"),
            unclosed,
        );
    }

    pub(crate) fn merge(&mut self, other: Tally<P>) {
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

    /// The counts: documents (by part, where parts are named), how they compared, and
    /// the allowed differences by kind.
    fn summary(&self, title: &str) -> String {
        let parts: Vec<String> = self
            .parts
            .iter()
            .filter_map(|(part, n)| Some(format!("{n} {}", part.part()?)))
            .collect();
        let mut s = format!("{title}: {} documents", self.docs);
        if !parts.is_empty() {
            let _ = write!(s, " ({})", parts.join(", "));
        }
        let _ = write!(
            s,
            ", {} read by both, {} refused alike by both, {} differences",
            self.both_read, self.both_refused, self.differences
        );
        for (kind, n) in &self.stricter {
            let _ = write!(s, ", {n} allowed ({kind} …)");
        }
        s
    }

    /// Prints the counts; panics with the report when the readers differed.
    pub(crate) fn finish(self, title: &str) {
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

/// A string value written as its raw text instead: `RAW` followed by JSON text. This
/// writes tokens a `Value` cannot keep (`-0`, `100.0`, integers past 64 bits).
const RAW: &str = "\u{0}raw:";

/// A value written as `text` (JSON text).
fn raw(text: &str) -> Value {
    Value::String(format!("{RAW}{text}"))
}

/// The values a mutation puts in place of a node, as JSON text: scalars of every JSON
/// type, `name` (a name of one of the model's enums, as a JSON string), small arrays
/// and objects, then `objects` (objects of the model).
pub(crate) fn replacements<'a>(name: &'a str, objects: &[&'a str]) -> Vec<&'a str> {
    let mut all = vec![
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
        name,
        "[]",
        "[1]",
        r#"["a"]"#,
        "{}",
        r#"{"a":1}"#,
    ];
    all.extend_from_slice(objects);
    all
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
        Value::String(s) => match s.strip_prefix(RAW) {
            Some(text) => out.push_str(text),
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
/// document's [`Readers::prefix`]), if any.
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

/// Applies one random mutation to `doc`, a node replaced by one of `replacements`
/// (JSON texts) among others, and says what it did (nothing when the document has no
/// node of the kind it picked).
fn mutate(doc: &mut Value, rng: &mut Rng, replacements: &[&str]) -> Option<String> {
    match rng.below(10) {
        0..=4 => {
            let path = pick_node(doc, Pick::Node, rng)?;
            let replacement = replacements[rng.below(replacements.len())];
            *node_mut(doc, &path) = raw(replacement);
            Some(format!("replace `{}` with {replacement}", show_path(&path)))
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

/// Compares the readers on mutations (1 to 3 changes each, nodes replaced by one of
/// `replacements`) of every document of `corpus` (its name, kind and value):
/// `per_doc(part, value)` of each, the seeds fixed by `seed`, each document's name and
/// its part's name (if any).
pub(crate) fn mutations<'a, P: Readers>(
    corpus: impl IntoIterator<Item = (&'a str, P, &'a Value)>,
    per_doc: impl Fn(P, &Value) -> usize,
    seed: u64,
    replacements: &[&str],
) -> Tally<P> {
    let mut tally = Tally::default();
    for (name, part, value) in corpus {
        let salt = part.part().map_or(0, |part| fnv(part).rotate_left(17));
        let mut rng = Rng(seed ^ fnv(name) ^ salt);
        for n in 0..per_doc(part, value) {
            let mut doc = value.clone();
            let mut log = Vec::new();
            for _ in 0..1 + rng.below(3) {
                log.extend(mutate(&mut doc, &mut rng, replacements));
            }
            let layout = random_layout(&mut rng);
            let text = write_doc(&doc, layout);
            let probe = |at: &str| {
                let local = part.local(at)?;
                let mut path = Vec::new();
                find_path(&doc, local, &mut path).then(|| {
                    let mut probed = doc.clone();
                    *node_mut(&mut probed, &path) = raw("0");
                    write_doc(&probed, layout)
                })
            };
            tally.check_probed(
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
// Texts

/// `text` (JSON) as `serde_json::to_string_pretty` writes it.
pub(crate) fn pretty(text: &str) -> String {
    let value: Value = serde_json::from_str(text).expect("the text is JSON");
    serde_json::to_string_pretty(&value).expect("a value serialises")
}

/// The changes of [`syntax_changes`] made in every document: commas, colons, keys and
/// values around the member `"currency":"EUR",`, and the literals `[true,false,null,`.
const SYNTAX_CHANGES: [(&str, &str, &str); 13] = [
    (
        "two commas",
        r#""currency":"EUR","#,
        r#""currency":"EUR",,"#,
    ),
    (
        "missing comma",
        r#""currency":"EUR","#,
        r#""currency":"EUR" "#,
    ),
    (
        "missing colon",
        r#""currency":"EUR""#,
        r#""currency" "EUR""#,
    ),
    ("missing value", r#""currency":"EUR""#, r#""currency":"#),
    ("a number as a key", r#""currency":"EUR""#, r#"1:"EUR""#),
    (
        "an unquoted key",
        r#""currency":"EUR""#,
        r#"currency:"EUR""#,
    ),
    (
        "single quotes",
        r#""currency":"EUR""#,
        r#"'currency':'EUR'"#,
    ),
    (
        "a comment",
        r#""currency":"EUR","#,
        r#""currency":"EUR",/* c */"#,
    ),
    ("a bare word", r#""currency":"EUR""#, r#""currency":EUR"#),
    (
        "a truncated literal",
        "[true,false,null,",
        "[tru,false,null,",
    ),
    ("a misspelt null", "[true,false,null,", "[true,false,nul,"),
    (
        "a capitalised literal",
        "[true,false,null,",
        "[True,false,null,",
    ),
    (
        "a literal run on",
        "[true,false,null,",
        "[true,falsey,null,",
    ),
];

/// Numbers that are not JSON, or are JSON a reader may read differently (extreme,
/// fractional, minus zero), in place of the number `value` of the member `key`, as
/// `(label, the member, the member changed)`.
fn number_changes(key: &str, value: &str) -> Vec<(&'static str, String, String)> {
    let leading_zero = format!("0{value}");
    let numbers = [
        ("leading zero", leading_zero.as_str()),
        ("two zeros", "00"),
        ("negative leading zero", "-01"),
        ("a lone minus", "-"),
        ("a plus sign", "+1"),
        ("a leading dot", ".5"),
        ("a trailing dot", "1."),
        ("an empty exponent", "1e"),
        ("an exponent sign only", "1e+"),
        ("hexadecimal", "0x1"),
        ("NaN", "NaN"),
        ("Infinity", "Infinity"),
        ("minus Infinity", "-Infinity"),
        ("an underscore", "1_0"),
        ("a number past f64", "1E400"),
        ("a negative number past f64", "-1e400"),
        ("an underflowing number", "1e-400"),
        ("one point zero", "1.0"),
        ("u32 max", "4294967295"),
        ("minus zero", "-0"),
    ];
    numbers
        .into_iter()
        .map(|(label, number)| {
            (
                label,
                format!(r#""{key}":{value}"#),
                format!(r#""{key}":{number}"#),
            )
        })
        .collect()
}

/// Changes that make a text not JSON (or JSON a reader may read differently), as
/// `(label, the text replaced, its replacement)`, for a text that holds once each text
/// replaced: a document's own `changes` (each text replaced, with its replacements and
/// their labels), the changes made in every document (which hold `"currency":"EUR",`
/// and `[true,false,null,`), and numbers in place of the number `value` of the member
/// `key`.
pub(crate) fn syntax_changes<'a>(
    changes: &[(&'a str, &[(&'a str, &'a str)])],
    (key, value): (&str, &str),
) -> Vec<(&'a str, String, String)> {
    changes
        .iter()
        .flat_map(|&(from, tos)| tos.iter().map(move |&(label, to)| (label, from, to)))
        .chain(SYNTAX_CHANGES)
        .map(|(label, from, to)| (label, from.to_string(), to.to_string()))
        .chain(number_changes(key, value))
        .collect()
}

/// `text` with something after or before it, as `(label, text)`: other characters, a
/// second value, a comma, a bracket, whitespace or a byte-order mark.
pub(crate) fn surrounded(text: &str) -> [(&'static str, String); 7] {
    [
        ("trailing characters", format!("{text} x")),
        ("a trailing object", format!("{text}{{}}")),
        ("a trailing comma", format!("{text},")),
        ("a trailing bracket", format!("{text}\n\n]")),
        ("trailing whitespace", format!("{text} \n\t\r ")),
        ("leading whitespace", format!(" \r\n\t{text}")),
        ("a byte-order mark", format!("\u{feff}{text}")),
    ]
}

/// Texts of punctuation alone, as `(label, text)`.
pub(crate) const PUNCTUATION: [(&str, &str); 6] = [
    ("an open brace only", "{"),
    ("an open bracket only", "["),
    ("a close brace only", "}"),
    ("a close bracket only", "]"),
    ("a comma only", ","),
    ("an empty object with a comma", "{,}"),
];

/// The empty text, whitespace, and roots other than an object (or an empty one) that
/// every reader refuses.
pub(crate) const NOT_OBJECTS: [&str; 18] = [
    "", " ", "\n\t\r ", "[]", "[1]", "1", "-1", "1.5", r#""x""#, r#""""#, "null", "true", "false",
    "{}", " {} ", "[] []", "{} {}", "nul",
];

/// Nesting depths around and far past serde_json's recursion limit.
pub(crate) fn depths() -> impl Iterator<Item = usize> {
    (1..=8).chain(55..=70).chain(118..=132).chain([200, 1_000])
}

// ---------------------------------------------------------------------------------------
// The corpus

pub(crate) fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Documents, each with a name saying where it comes from.
pub(crate) type Named<T> = Vec<(String, T)>;

/// The `.json` files of a directory of the crate, sorted, with their names.
pub(crate) fn json_files(dir: &str) -> Named<String> {
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

/// The shared fixtures (`tests/fixtures`): every value of `key`, and every text of
/// `{key}Text` as it is and, when it is JSON, as a value (the last of repeated keys
/// kept).
pub(crate) fn fixtures(key: &str) -> (Named<Value>, Named<String>) {
    let text_key = format!("{key}Text");
    let (mut values, mut texts) = (Vec::new(), Vec::new());
    for (name, content) in json_files("tests/fixtures") {
        let fixture: Value =
            serde_json::from_str(&content).unwrap_or_else(|e| panic!("{name}: {e}"));
        if let Some(value) = fixture.get(key) {
            values.push((name.clone(), value.clone()));
        }
        if let Some(text) = fixture.get(text_key.as_str()).and_then(Value::as_str) {
            texts.push((format!("{name} ({text_key})"), text.to_string()));
            if let Ok(value) = serde_json::from_str::<Value>(text) {
                values.push((format!("{name} ({text_key}, last of repeated keys)"), value));
            }
        }
    }
    (values, texts)
}

/// The benchmark documents `make` builds: the typical one, the typical one with store
/// ids, and the large one.
pub(crate) fn bench_docs(make: fn(gen::Shape) -> Value) -> Named<Value> {
    let mut store_ids = make(gen::TYPICAL);
    gen::with_store_ids(&mut store_ids);
    vec![
        ("bench typical".to_string(), make(gen::TYPICAL)),
        ("bench typical, store ids".to_string(), store_ids),
        ("bench large".to_string(), make(gen::LARGE)),
    ]
}

// ---------------------------------------------------------------------------------------
// Schema coverage

/// The property names and enum values of a JSON schema, and those that documents use,
/// each as `(type, name)`, enum values written `=value`.
pub(crate) struct Coverage {
    schema: Value,
    /// The name of the schema's root type.
    root: &'static str,
    defs: Map<String, Value>,
    /// Every name of every type of the schema.
    pub(crate) expected: BTreeSet<(String, String)>,
    seen: BTreeSet<(String, String)>,
}

impl Coverage {
    /// The names of `schema` (a root type named `root` and its `$defs`), none seen yet.
    pub(crate) fn new(schema: Value, root: &'static str) -> Coverage {
        let defs = schema["$defs"].as_object().cloned().unwrap_or_default();
        let mut expected = BTreeSet::new();
        schema_names(&schema, root, &mut expected);
        for (name, def) in &defs {
            schema_names(def, name, &mut expected);
        }
        Coverage {
            schema,
            root,
            defs,
            expected,
            seen: BTreeSet::new(),
        }
    }

    /// Records the names `value` (a document of the root type) uses.
    pub(crate) fn record(&mut self, value: &Value) {
        covered(&self.schema, value, self.root, &self.defs, &mut self.seen);
    }

    /// Asserts that the recorded documents (`documents` says which) used every name,
    /// listing those never used.
    pub(crate) fn assert_all_used(&self, documents: &str) {
        let missing: Vec<String> = self
            .expected
            .difference(&self.seen)
            .map(|(def, name)| format!("{def}: {name}"))
            .collect();
        assert!(
            missing.is_empty(),
            "{documents} never use:\n{}",
            missing.join("\n")
        );
    }
}

/// The branches of `schema`'s `anyOf`, `oneOf` and `allOf`.
fn branches(schema: &Value) -> impl Iterator<Item = &Value> {
    ["anyOf", "oneOf", "allOf"].into_iter().flat_map(|key| {
        schema
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
    })
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
    for branch in branches(schema) {
        schema_names(branch, def, out);
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
    for branch in branches(schema) {
        covered(branch, value, def, defs, seen);
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
