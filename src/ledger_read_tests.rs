//! The hand-written reader of ledger events (`parse_ledger_events`) compared with serde's
//! reading of the same events (the oracle: the array, then each event's text as a
//! `LedgerEvent`) on valid events, on mutated events and on truncated and malformed
//! texts.
//!
//! Both must agree: the same events when both read the text (compared as their JSON),
//! or the same `code`, `path` and `message` when both refuse it, except for the
//! differences every hand reader has (see `jsondoc`): text that is not JSON is named
//! first, an event must be an object, a type must be a string, and an error at an
//! array's first item names the item.

#![cfg(not(target_arch = "wasm32"))]

use serde_json::value::RawValue;
use serde_json::{json, Value};

use super::{parse_ledger_events, text_after_events, LedgerEvent};
use crate::engine::read_json;
use crate::error::ErrorCode;
use crate::jsondoc::testkit::{self, pretty, Outcome, Readers, Tally};

/// Ledger events: one kind of document, an array of events.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Events;

impl Readers for Events {
    fn part(self) -> Option<&'static str> {
        None
    }

    fn prefix(self) -> &'static str {
        "events"
    }

    /// serde's reading: the array of texts first, then each event's own text (so that
    /// a problem found once an event is read, by `LedgerEvent::try_from`, is named at
    /// the event), with the message `parse_ledger_events` gives for text after it.
    fn oracle(self, text: &str) -> Outcome {
        let code = ErrorCode::InvalidRequest;
        let read = read_json::<Vec<Box<RawValue>>>(text, code, "events")
            .map_err(text_after_events)
            .and_then(|events| {
                let each = events.iter().enumerate();
                each.map(|(i, event)| {
                    read_json::<LedgerEvent>(event.get(), code, &format!("events[{i}]"))
                })
                .collect::<Result<Vec<_>, _>>()
            });
        Outcome::of(read)
    }

    fn reader(self, text: &str) -> Outcome {
        Outcome::of(parse_ledger_events(text))
    }
}

/// Events of every type, with every field each type takes, and some each refuses.
fn events() -> Value {
    json!([
        { "id": "e1", "type": "earned", "points": 50, "orderId": "o1", "reason": "order", "at": "2026-11-01T10:00:00Z" },
        { "id": "e2", "type": "redeemed", "points": 20, "rewardId": "r1", "orderId": "o2", "reason": "voucher", "at": "2026-11-02T10:00:00+01:00" },
        { "id": "e3", "type": "adjusted", "points": -5, "reason": "goodwill", "at": "2026-11-03T10:00:00Z" },
        { "id": "e4", "type": "reversed", "points": 10, "orderId": "o1", "reason": "refund", "at": "2026-11-04T10:00:00Z" },
        { "id": "e5", "type": "reversed", "orderId": "o1", "at": "2026-11-04T11:00:00Z" },
        { "id": "e6", "type": "expired", "points": 7, "reason": null, "at": "2026-11-05T10:00:00Z" },
        { "id": "e7", "type": "redeemed", "points": 1, "rewardId": null, "orderId": null, "at": "2026-11-06T10:00:00Z" }
    ])
}

/// Each type's events, and each with one field its type refuses or lacks.
fn variants() -> Vec<(String, Value)> {
    let mut out = vec![("all types".to_string(), events())];
    let all = events();
    for (i, event) in all.as_array().unwrap().iter().enumerate() {
        out.push((format!("event {i}"), json!([event])));
        for (key, value) in [
            ("rewardId", json!("r9")),
            ("orderId", json!("o9")),
            ("points", json!(-3)),
            ("points", json!(9_223_372_036_854_775_808u64)),
            ("points", Value::Null),
            ("reason", json!(5)),
        ] {
            let mut changed = event.clone();
            changed[key] = value.clone();
            out.push((format!("event {i} with {key} {value}"), json!([changed])));
        }
        for key in ["points", "orderId", "id", "type", "at"] {
            let mut changed = event.clone();
            changed.as_object_mut().unwrap().remove(key);
            out.push((format!("event {i} without {key}"), json!([changed])));
        }
    }
    out
}

#[test]
fn events_read_alike() {
    let mut tally = Tally::default();
    for (name, value) in variants() {
        tally.check_layouts(Events, &name, &value);
    }
    tally.finish("ledger events");
}

#[test]
fn mutated_events_read_alike() {
    let replacements = testkit::replacements(
        r#""redeemed""#,
        &[r#"{"id":"x","type":"expired","points":1,"at":"2026-01-01T00:00:00Z"}"#],
    );
    let corpus = variants();
    let tally = testkit::mutations(
        corpus
            .iter()
            .map(|(name, value)| (name.as_str(), Events, value)),
        |_, _| 150,
        0x5eed_1ed9,
        &replacements,
    );
    tally.finish("mutated ledger events");
}

#[test]
fn truncated_and_malformed_events_read_alike() {
    let compact = events().to_string();
    let mut tally = Tally::default();
    for text in [compact.clone(), pretty(&compact)] {
        assert!(matches!(Events.oracle(&text), Outcome::Read(_)));
        tally.check_prefixes(Events, &text);
    }
    let texts = [
        "",
        "[",
        "[]",
        "[] []",
        "[],",
        "{}",
        "null",
        "1",
        r#""e""#,
        "[1]",
        "[[]]",
        "[{}]",
        r#"[{"id":"e\u0031","type":"exp\u0069red","points":1,"at":"2026-01-01T00:00:00Z"}]"#,
        r#"[{"id":"e","type":"expired","points":1.0,"at":"2026-01-01T00:00:00Z"}]"#,
        r#"[{"id":"e","type":"expired","points":1e2,"at":"2026-01-01T00:00:00Z"}]"#,
        r#"[{"id":"e","id":"f","type":"expired","points":1,"at":"2026-01-01T00:00:00Z"}]"#,
        r#"[{"id":"e","type":"expired","points":1,"points":2,"at":"2026-01-01T00:00:00Z"}]"#,
        r#"[{"id":"e","type":"expired","points":1,"at":"2026-01-01T00:00:00Z",}]"#,
        r#"[{"id":"e","type":"expired","points":1,"at":"2026-01-01T00:00:00Z"} x]"#,
    ];
    for text in texts {
        tally.check(Events, || format!("{text:?}"), text);
    }
    tally.finish("truncated and malformed ledger events");
}
