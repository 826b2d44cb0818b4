//! The points ledger: events applied to a balance, idempotently, never below zero.

use std::io::Write;
use std::process::{Command, Stdio};

use checkout_benefits::{
    ledger_json, EntryStatus, Instant, Ledger, LedgerEvent, LedgerReport, Rejected,
};
use proptest::prelude::*;
use proptest::test_runner::Config;
use serde_json::{json, Value};

fn at() -> Instant {
    Instant::parse("2026-11-22T10:00:00Z").unwrap()
}

fn earned(id: &str, order: &str, points: u64) -> LedgerEvent {
    LedgerEvent::Earned {
        id: id.into(),
        points,
        order_id: order.into(),
        reason: None,
        at: at(),
    }
}

fn redeemed(id: &str, points: u64) -> LedgerEvent {
    LedgerEvent::Redeemed {
        id: id.into(),
        points,
        reward_id: Some("voucher-10".into()),
        order_id: None,
        reason: None,
        at: at(),
    }
}

fn adjusted(id: &str, points: i64, reason: Option<&str>) -> LedgerEvent {
    LedgerEvent::Adjusted {
        id: id.into(),
        points,
        reason: reason.map(str::to_string),
        at: at(),
    }
}

fn reversed(id: &str, order: &str, points: Option<u64>) -> LedgerEvent {
    LedgerEvent::Reversed {
        id: id.into(),
        points,
        order_id: order.into(),
        reason: Some("cancelled".into()),
        at: at(),
    }
}

fn expired(id: &str, points: u64) -> LedgerEvent {
    LedgerEvent::Expired {
        id: id.into(),
        points,
        reason: None,
        at: at(),
    }
}

#[track_caller]
fn rejected(result: Result<checkout_benefits::Applied, Rejected>, reason: &str) {
    match result {
        Err(r) => assert_eq!(r.reason, reason),
        Ok(a) => panic!("expected a rejection ({reason}), got {a:?}"),
    }
}

#[test]
fn the_same_event_id_applied_twice_counts_once() {
    let mut ledger = Ledger::new(100);
    let e = earned("e1", "o1", 50);
    let first = ledger.apply(&e).unwrap();
    assert_eq!(
        (first.delta, first.balance, first.duplicate),
        (50, 150, false)
    );
    let again = ledger.apply(&e).unwrap();
    assert!(again.duplicate);
    assert_eq!((again.delta, again.balance), (0, 150));
    assert_eq!(
        again.note.as_deref(),
        Some("event e1 was already processed (applied)")
    );
    assert_eq!(ledger.balance(), 150);
    assert_eq!(ledger.earned_by_order("o1"), 50);
}

#[test]
fn a_whole_batch_replayed_changes_nothing() {
    let events = vec![
        earned("e1", "o1", 80),
        redeemed("e2", 500),
        adjusted("e3", 25, Some("goodwill after a late delivery")),
        reversed("e4", "o1", None),
        expired("e5", 10),
    ];
    let mut ledger = Ledger::new(40);
    let first = ledger.apply_all(&events);
    assert_eq!(first.balance, 55);
    let after_first = ledger.clone();
    let second = ledger.apply_all(&events);
    assert_eq!(second.balance, 55);
    assert_eq!(ledger, after_first);
    for r in &second.results {
        assert_eq!(r.status, EntryStatus::Duplicate, "{r:?}");
        assert_eq!(r.delta, 0);
    }
    // The rejected redemption stays rejected: its id is final.
    assert_eq!(
        second.results[1].reason.as_deref(),
        Some("event e2 was already processed (rejected)")
    );
}

#[test]
fn a_reversal_after_cancellation_takes_back_exactly_what_the_order_earned() {
    let mut ledger = Ledger::new(1000);
    ledger.apply(&earned("e1", "o1", 120)).unwrap();
    ledger.apply(&earned("e2", "o2", 30)).unwrap();
    let r = ledger.apply(&reversed("e3", "o1", None)).unwrap();
    assert_eq!((r.delta, r.balance, r.shortfall), (-120, 1030, 0));
    assert_eq!(ledger.reversed_by_order("o1"), 120);
    // A refund notification for the same order finds nothing left to take back.
    rejected(
        ledger.apply(&reversed("e4", "o1", None)),
        "order o1 earned 120 points, all already reversed",
    );
    // And the cancelled order earns no more.
    rejected(
        ledger.apply(&earned("e5", "o1", 10)),
        "order o1 was reversed (cancelled or refunded); it earns no more points",
    );
    assert_eq!(ledger.balance(), 1030);
}

#[test]
fn a_partial_refund_reverses_part_then_the_rest() {
    let mut ledger = Ledger::new(0);
    ledger.apply(&earned("e1", "o1", 100)).unwrap();
    assert_eq!(
        ledger.apply(&reversed("e2", "o1", Some(30))).unwrap().delta,
        -30
    );
    rejected(
        ledger.apply(&reversed("e3", "o1", Some(71))),
        "order o1 has 70 points left to reverse, not 71",
    );
    assert_eq!(
        ledger.apply(&reversed("e4", "o1", None)).unwrap().delta,
        -70
    );
    assert_eq!(ledger.balance(), 0);
}

#[test]
fn a_reversal_of_spent_points_takes_what_is_left_and_reports_the_shortfall() {
    let mut ledger = Ledger::new(0);
    ledger.apply(&earned("e1", "o1", 500)).unwrap();
    ledger.apply(&redeemed("e2", 450)).unwrap();
    let r = ledger.apply(&reversed("e3", "o1", None)).unwrap();
    assert_eq!((r.delta, r.balance, r.shortfall), (-50, 0, 450));
    assert_eq!(
        r.note.as_deref(),
        Some("took back 50 of 500 points; 450 were already spent")
    );
    // The order is settled: the shortfall is not claimed again later.
    ledger
        .apply(&adjusted("e4", 100, Some("birthday")))
        .unwrap();
    rejected(
        ledger.apply(&reversed("e5", "o1", None)),
        "order o1 earned 500 points, all already reversed",
    );
    assert_eq!(ledger.balance(), 100);
}

#[test]
fn a_reversal_of_an_order_unknown_to_the_ledger_is_rejected() {
    let mut ledger = Ledger::new(300);
    rejected(
        ledger.apply(&reversed("e1", "o9", None)),
        "order o9 earned no points in this ledger",
    );
    assert_eq!(ledger.balance(), 300);
}

#[test]
fn a_redemption_larger_than_the_balance_is_refused_not_made_negative() {
    let mut ledger = Ledger::new(300);
    rejected(
        ledger.apply(&redeemed("e1", 500)),
        "not enough points: redeeming 500, the balance is 300",
    );
    assert_eq!(ledger.balance(), 300);
    assert!(!ledger.is_applied("e1"));
    assert_eq!(ledger.apply(&redeemed("e2", 300)).unwrap().balance, 0);
}

#[test]
fn a_manual_removal_below_zero_is_refused() {
    let mut ledger = Ledger::new(40);
    rejected(
        ledger.apply(&adjusted("e1", -41, Some("correction"))),
        "the balance cannot go below zero: removing 41, the balance is 40",
    );
    let a = ledger
        .apply(&adjusted("e2", -40, Some("correction")))
        .unwrap();
    assert_eq!((a.delta, a.balance), (-40, 0));
}

#[test]
fn an_adjustment_without_a_reason_is_rejected() {
    let mut ledger = Ledger::new(40);
    rejected(
        ledger.apply(&adjusted("e1", 10, None)),
        "a manual adjustment needs a reason",
    );
    rejected(
        ledger.apply(&adjusted("e2", 10, Some("  "))),
        "a manual adjustment needs a reason",
    );
    assert_eq!(ledger.balance(), 40);
    let a = ledger
        .apply(&adjusted(
            "e3",
            60,
            Some("loyal customer, seed 003 adjust points"),
        ))
        .unwrap();
    assert_eq!((a.delta, a.balance), (60, 100));
}

#[test]
fn an_expiry_removes_at_most_the_balance() {
    let mut ledger = Ledger::new(70);
    let e = ledger.apply(&expired("e1", 50)).unwrap();
    assert_eq!((e.delta, e.balance, e.note), (-50, 20, None));
    let e = ledger.apply(&expired("e2", 50)).unwrap();
    assert_eq!((e.delta, e.balance), (-20, 0));
    assert_eq!(
        e.note.as_deref(),
        Some("20 of 50 points expired; the rest were already spent")
    );
}

#[test]
fn an_id_reused_for_a_different_event_is_rejected() {
    let mut ledger = Ledger::new(0);
    ledger.apply(&earned("e1", "o1", 50)).unwrap();
    rejected(
        ledger.apply(&earned("e1", "o2", 70)),
        "event id e1 was already used for a different event",
    );
    rejected(
        ledger.apply(&earned("", "o2", 70)),
        "the event id must not be empty",
    );
    assert_eq!(ledger.balance(), 50);
}

#[test]
fn the_ledger_state_can_be_stored_and_continued() {
    let mut ledger = Ledger::new(10);
    ledger.apply(&earned("e1", "o1", 50)).unwrap();
    let stored = serde_json::to_string(&ledger).unwrap();
    let mut restored: Ledger = serde_json::from_str(&stored).unwrap();
    assert_eq!(restored, ledger);
    assert!(restored.apply(&earned("e1", "o1", 50)).unwrap().duplicate);
    assert_eq!(
        restored.apply(&reversed("e2", "o1", None)).unwrap().delta,
        -50
    );
    assert_eq!(restored.balance(), 10);
}

#[test]
fn a_stored_ledger_is_the_same_text_for_the_same_events() {
    let build = || {
        let mut ledger = Ledger::new(0);
        for i in (0..40).rev() {
            ledger
                .apply(&earned(&format!("e{i}"), &format!("o{i}"), 5))
                .unwrap();
        }
        serde_json::to_string(&ledger).unwrap()
    };
    let stored = build();
    // Two ledgers of the same events write the same text (hash maps wrote their keys
    // in an order of their own), their event ids in order.
    assert_eq!(stored, build());
    let at = |id: &str| stored.find(&format!("\"{id}\":")).unwrap();
    assert!(at("e0") < at("e1") && at("e1") < at("e10") && at("e10") < at("e39"));
}

#[test]
fn ledger_json_refuses_a_text_past_the_json_limit_before_reading_it() {
    let event = r#"{ "id": "e", "type": "adjusted", "points": 1, "reason": "r", "at": "2026-11-01T10:00:00Z" }"#;
    let limit = checkout_benefits::Limits::default().json_bytes;
    // Within the limit, a long batch is read (and its repeated id is a duplicate).
    let within = format!("[{}]", vec![event; limit / (event.len() + 1) - 1].join(","));
    assert!(within.len() <= limit);
    let report: Value = serde_json::from_str(&ledger_json(0, &within).unwrap()).unwrap();
    assert_eq!(report["balance"], 1);
    // One byte more than the limit, even of blanks, is refused as such.
    let past = format!("{within}{}", " ".repeat(limit + 1 - within.len()));
    let e = ledger_json(0, &past).unwrap_err();
    assert_eq!(e.code, checkout_benefits::ErrorCode::LimitExceeded);
    assert!(e.message.contains("the limit is 4194304"), "{}", e.message);
}

#[test]
fn ledger_json_reports_every_event_in_order() {
    let report = ledger_json(
        100,
        r#"[
        { "id": "e1", "type": "earned", "points": 50, "orderId": "o1", "at": "2026-11-01T10:00:00Z" },
        { "id": "e1", "type": "earned", "points": 50, "orderId": "o1", "at": "2026-11-01T10:00:00Z" },
        { "id": "e2", "type": "redeemed", "points": 120, "rewardId": "voucher-10", "at": "2026-11-02T10:00:00Z" },
        { "id": "e3", "type": "reversed", "orderId": "o1", "reason": "cancelled", "at": "2026-11-03T10:00:00Z" },
        { "id": "e4", "type": "adjusted", "points": 10, "at": "2026-11-03T11:00:00Z" },
        { "id": "e5", "type": "adjusted", "points": 10, "reason": "goodwill", "at": "2026-11-03T12:00:00+02:00" }
    ]"#,
    )
    .unwrap();
    let v: Value = serde_json::from_str(&report).unwrap();
    assert_eq!(
        v,
        json!({ "balance": 10, "results": [
            { "id": "e1", "status": "applied", "delta": 50, "balance": 150, "reason": null, "shortfall": 0 },
            { "id": "e1", "status": "duplicate", "delta": 0, "balance": 150, "reason": "event e1 was already processed (applied)", "shortfall": 0 },
            { "id": "e2", "status": "applied", "delta": -120, "balance": 30, "reason": null, "shortfall": 0 },
            { "id": "e3", "status": "applied", "delta": -30, "balance": 0, "reason": "took back 30 of 50 points; 20 were already spent", "shortfall": 20 },
            { "id": "e4", "status": "rejected", "delta": 0, "balance": 0, "reason": "a manual adjustment needs a reason", "shortfall": 0 },
            { "id": "e5", "status": "applied", "delta": 10, "balance": 10, "reason": null, "shortfall": 0 }
        ] })
    );
}

#[test]
fn malformed_events_are_an_error_with_the_path() {
    let cases = [
        (
            r#"[{ "id": "e1", "type": "earned", "points": 5, "orderId": "o1", "at": "2026-11-01T10:00:00Z", "pionts": 1 }]"#,
            "events[0].pionts",
            "unknown key `pionts`",
        ),
        (
            r#"[{ "id": "e1", "type": "earnt", "points": 5, "at": "2026-11-01T10:00:00Z" }]"#,
            "events[0].type",
            "unknown variant `earnt`",
        ),
        (
            r#"[{ "id": "e1", "type": "redeemed", "points": -5, "at": "2026-11-01T10:00:00Z" }]"#,
            "events[0]",
            "expected u64",
        ),
        (
            r#"[{ "id": "e1", "type": "earned", "points": 5, "at": "2026-11-01T10:00:00Z" }]"#,
            "events[0].orderId",
            "missing field `orderId`",
        ),
        (
            r#"[{ "id": "e1", "type": "expired", "points": 5, "at": "2026-11-01" }]"#,
            "events[0].at",
            "RFC 3339",
        ),
        (r#"{ "id": "e1" }"#, "events", "expected a sequence"),
        (r#"[] []"#, "", "unexpected text after the events"),
    ];
    for (text, path, message) in cases {
        let err = ledger_json(0, text).expect_err(text);
        assert_eq!(err.code.as_str(), "invalid_request", "{text}");
        assert_eq!(err.path, path, "{text}: {err}");
        assert!(err.message.contains(message), "{text}: {}", err.message);
    }
}

fn cli(args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_checkout-benefits"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn the_cli_prints_the_same_report_for_a_json_array_and_ndjson() {
    let lines = [
        r#"{"id":"e1","type":"earned","points":50,"orderId":"o1","at":"2026-11-01T10:00:00Z"}"#,
        r#"{"id":"e2","type":"redeemed","points":500,"at":"2026-11-02T10:00:00Z"}"#,
        r#"{"id":"e3","type":"reversed","orderId":"o1","at":"2026-11-03T10:00:00Z"}"#,
    ];
    let array = format!("[{}]", lines.join(","));
    let expected = ledger_json(20, &array).unwrap();
    let dir = std::env::temp_dir().join(format!("cb-ledger-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let json_file = dir.join("events.json");
    let ndjson_file = dir.join("events.ndjson");
    std::fs::write(&json_file, &array).unwrap();
    std::fs::write(&ndjson_file, lines.join("\n") + "\n\n").unwrap();
    for file in [&json_file, &ndjson_file] {
        let (code, out, err) = cli(
            &[
                "ledger",
                "--balance",
                "20",
                "--events",
                file.to_str().unwrap(),
            ],
            "",
        );
        assert_eq!(code, 0, "{err}");
        assert_eq!(out.trim_end(), expected);
    }
    // Standard input, NDJSON.
    let (code, out, _) = cli(&["ledger", "--balance", "20"], &lines.join("\n"));
    assert_eq!(code, 0);
    assert_eq!(out.trim_end(), expected);
    let report: LedgerReport = serde_json::from_str(&expected).unwrap();
    assert_eq!(report.balance, 20);
    assert_eq!(report.results[1].status, EntryStatus::Rejected);
    // A malformed line: exit 2, the error as JSON on stderr with the line number.
    std::fs::write(&ndjson_file, format!("{}\n{{\"id\":\"x\"}}\n", lines[0])).unwrap();
    let (code, out, err) = cli(&["ledger", "--events", ndjson_file.to_str().unwrap()], "");
    assert_eq!(code, 2);
    assert!(out.is_empty());
    let err: Value = serde_json::from_str(err.trim()).unwrap();
    assert_eq!(err["code"], "invalid_request");
    assert_eq!(err["path"], "line 2: type");
    std::fs::remove_dir_all(&dir).ok();
}

// Property tests: any sequence of events, including repeated and reused ids.

fn event() -> impl Strategy<Value = LedgerEvent> {
    let id = (0u8..12).prop_map(|i| format!("e{i}"));
    let order = (0u8..4).prop_map(|i| format!("o{i}"));
    let reason = prop_oneof![
        Just(None),
        Just(Some(String::new())),
        Just(Some("goodwill".to_string())),
    ];
    prop_oneof![
        (id.clone(), order.clone(), 0u64..400).prop_map(|(id, o, p)| earned(&id, &o, p)),
        (id.clone(), 0u64..400).prop_map(|(id, p)| redeemed(&id, p)),
        (id.clone(), -400i64..400, reason).prop_map(|(id, p, r)| LedgerEvent::Adjusted {
            id,
            points: p,
            reason: r,
            at: at(),
        }),
        (id.clone(), order, prop::option::of(0u64..200))
            .prop_map(|(id, o, p)| reversed(&id, &o, p)),
        (id, 0u64..400).prop_map(|(id, p)| expired(&id, p)),
    ]
}

fn cases(n: u32) -> Config {
    let n = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(n);
    Config {
        cases: n,
        failure_persistence: None,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(cases(2000))]

    /// The balance is the opening balance plus the accepted deltas, step by step; only
    /// applied events move it; a rejection always says why.
    #[test]
    fn the_balance_is_the_sum_of_accepted_deltas_and_never_negative(
        opening in 0u64..1000,
        events in prop::collection::vec(event(), 0..40),
    ) {
        let report = Ledger::new(opening).apply_all(&events);
        let mut balance = opening as i128;
        for r in &report.results {
            match r.status {
                EntryStatus::Applied => balance += r.delta as i128,
                EntryStatus::Rejected => {
                    prop_assert_eq!(r.delta, 0);
                    prop_assert!(r.reason.as_deref().is_some_and(|s| !s.is_empty()));
                }
                EntryStatus::Duplicate => prop_assert_eq!(r.delta, 0),
            }
            prop_assert!(balance >= 0);
            prop_assert_eq!(r.balance as i128, balance);
        }
        prop_assert_eq!(report.balance as i128, balance);
    }

    /// Replaying the whole sequence changes nothing: every event is a duplicate or is
    /// rejected again, and the state is the same.
    #[test]
    fn replaying_the_whole_sequence_changes_nothing(
        opening in 0u64..1000,
        events in prop::collection::vec(event(), 0..40),
    ) {
        let mut ledger = Ledger::new(opening);
        let first = ledger.apply_all(&events);
        let state = ledger.clone();
        let second = ledger.apply_all(&events);
        prop_assert_eq!(&ledger, &state);
        prop_assert_eq!(second.balance, first.balance);
        for r in &second.results {
            prop_assert_eq!(r.delta, 0);
            prop_assert!(r.status != EntryStatus::Applied);
        }
    }

    /// A reversal never takes back more than its order earned.
    #[test]
    fn reversals_never_take_more_than_the_order_earned(
        events in prop::collection::vec(event(), 0..40),
    ) {
        let mut ledger = Ledger::new(500);
        ledger.apply_all(&events);
        for o in ["o0", "o1", "o2", "o3"] {
            prop_assert!(ledger.reversed_by_order(o) <= ledger.earned_by_order(o));
        }
    }
}
