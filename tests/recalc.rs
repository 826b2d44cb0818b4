//! Recalculating cumulative discounts: the library functions and the `recalc` command.

use std::io::Write;
use std::process::{Command, Stdio};

use checkout_benefits::{
    recalculate_ndjson, Customer, Engine, ErrorCode, Instant, RecalcStats, Recalculated,
};
use serde_json::{json, Value};

const NOW: &str = "2026-11-22T10:00:00Z";

fn program() -> Value {
    json!({ "version": 1, "currency": "USD",
        "segments": [ { "id": "vip", "rule": { "field": "customer.tags", "op": "contains", "value": "vip" } } ],
        "cumulativeDiscount": { "enabled": true, "countedStatuses": ["completed"], "periodDays": 365,
            "ranges": [ { "from": "300", "percent": "10" }, { "from": "1000", "percent": "15" } ],
            "segmentRanges": [ { "segment": "vip", "ranges": [ { "from": "100", "percent": "12" } ] } ] } })
}

fn now() -> Instant {
    Instant::parse(NOW).unwrap()
}

/// Customers with what they should end up with: `(record, previous, recalculated)`.
fn customers() -> Vec<(Value, &'static str, &'static str)> {
    let o = |id: &str, at: &str, status: &str, total: &str| json!({ "id": id, "placedAt": at, "status": status, "total": total });
    vec![
        // 200 + 100 completed within the year: 10 %.
        (
            json!({ "id": "a", "orders": [o("1", "2026-05-01T00:00:00Z", "completed", "200"),
                                          o("2", "2026-06-01T00:00:00Z", "completed", "100")] }),
            "0",
            "10",
        ),
        // Cancelled and not-yet-completed orders do not count.
        (
            json!({ "id": "b", "orders": [o("1", "2026-05-01T00:00:00Z", "cancelled", "900"),
                                          o("2", "2026-06-01T00:00:00Z", "paid", "900")] }),
            "0",
            "0",
        ),
        // A stored value is never lowered.
        (
            json!({ "id": "c", "cumulativeDiscount": "7.5" }),
            "7.5",
            "7.5",
        ),
        // An order older than the period does not count.
        (
            json!({ "id": "d", "cumulativeDiscount": "5",
                    "orders": [o("1", "2025-11-21T10:00:00Z", "completed", "5000")] }),
            "5",
            "5",
        ),
        // A VIP reaches the segment range; the global range is higher from 1000.
        (
            json!({ "id": "e", "tags": ["vip"], "orders": [o("1", "2026-05-01T00:00:00Z", "completed", "150")] }),
            "0",
            "12",
        ),
        (
            json!({ "id": "f", "tags": ["vip"], "cumulativeDiscount": "3", "orders": [o("1", "2026-05-01T00:00:00Z", "completed", "1000")] }),
            "3",
            "15",
        ),
    ]
}

#[track_caller]
fn expect(r: &Recalculated, id: &str, previous: &str, now: &str) {
    assert_eq!(
        (
            r.id.as_str(),
            r.previous.as_str(),
            r.cumulative_discount.as_str()
        ),
        (id, previous, now)
    );
}

fn engine() -> Engine {
    Engine::from_json(&program().to_string()).unwrap()
}

#[test]
fn recalculation_gives_each_customer_the_discount_a_quote_would_store() {
    let engine = engine();
    for (record, previous, want) in customers() {
        let customer: Customer = serde_json::from_value(record.clone()).unwrap();
        let r = engine.recalculate_cumulative(&customer, now()).unwrap();
        expect(&r, &customer.id, previous, want);
        // The same value a quote reports as the new stored value.
        let request =
            json!({ "now": NOW, "customer": record, "cart": { "currency": "USD", "lines": [] } });
        let quote: Value =
            serde_json::from_str(&engine.quote_json(&request.to_string()).unwrap()).unwrap();
        assert_eq!(quote["customer"]["cumulativeDiscount"], json!(want));
    }
}

#[test]
fn a_recalculated_customer_serializes_with_percent_strings() {
    let customer: Customer = serde_json::from_value(customers()[0].0.clone()).unwrap();
    let r = engine().recalculate_cumulative(&customer, now()).unwrap();
    assert_eq!(
        serde_json::to_string(&r).unwrap(),
        r#"{"id":"a","previous":"0","cumulativeDiscount":"10"}"#
    );
}

#[test]
fn the_batch_function_answers_every_customer_in_order() {
    let list: Vec<Customer> = customers()
        .into_iter()
        .map(|(c, _, _)| serde_json::from_value(c).unwrap())
        .collect();
    let results = engine().recalculate_cumulative_many(&list, now());
    assert_eq!(results.len(), list.len());
    for (r, (record, previous, want)) in results.iter().zip(customers()) {
        expect(
            r.as_ref().unwrap(),
            record["id"].as_str().unwrap(),
            previous,
            want,
        );
    }
    // A bad record is an error for that customer only.
    let bad: Vec<Customer> = serde_json::from_value(json!([
        { "id": "ok" }, { "id": "bad", "cumulativeDiscount": "101" }
    ]))
    .unwrap();
    let results = engine().recalculate_cumulative_many(&bad, now());
    expect(results[0].as_ref().unwrap(), "ok", "0", "0");
    let err = results[1].as_ref().unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidRequest);
    assert_eq!(err.path, "customer.cumulativeDiscount");
}

#[test]
fn a_program_without_a_cumulative_discount_cannot_be_recalculated() {
    let engine = Engine::from_json(r#"{ "version": 1, "currency": "USD" }"#).unwrap();
    let customer: Customer = serde_json::from_value(json!({ "id": "a" })).unwrap();
    let err = engine.recalculate_cumulative(&customer, now()).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidProgram);
    assert_eq!(err.path, "cumulativeDiscount");
    let err = recalculate_ndjson(&engine, &b"{\"id\":\"a\"}\n"[..], Vec::new(), now(), |_| {})
        .unwrap_err();
    assert_eq!(err.path, "cumulativeDiscount");
}

fn ndjson_input() -> String {
    let mut text = String::new();
    for (i, (record, _, _)) in customers().into_iter().enumerate() {
        text.push_str(&record.to_string());
        text.push('\n');
        if i == 1 {
            // A blank line, a broken line, and a record with a bad order total.
            text.push_str("\n{\"id\": \"x\", \"orders\": [\n");
            text.push_str(r#"{"id":"y","orders":[{"id":"o","placedAt":"2026-01-01T00:00:00Z","status":"completed","total":"1.2x"}]}"#);
            text.push('\n');
        }
    }
    text.push_str(r#"{"id":"z"}"#); // no final newline
    text
}

#[track_caller]
fn check_output(out: &str) {
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mut want: Vec<Value> = customers()
        .into_iter()
        .map(|(c, previous, now)| json!({ "id": c["id"], "previous": previous, "cumulativeDiscount": now }))
        .collect();
    want.push(json!({ "id": "z", "previous": "0", "cumulativeDiscount": "0" }));
    assert_eq!(lines.len(), want.len() + 2, "{out}");
    // Input lines: a(1) b(2) blank(3) broken(4) y(5) c(6) d(7) e(8) f(9) z(10).
    assert_eq!(lines[2]["line"], 4);
    assert_eq!(lines[2]["code"], "invalid_request");
    assert_eq!(lines[3]["line"], 5);
    assert_eq!(lines[3]["id"], "y");
    assert_eq!(lines[3]["path"], "orders[0].total");
    let good: Vec<Value> = lines
        .into_iter()
        .filter(|l| l.get("line").is_none())
        .collect();
    assert_eq!(good, want);
}

#[test]
fn ndjson_streams_one_result_per_line_and_reports_bad_lines_in_place() {
    let input = ndjson_input();
    let mut out = Vec::new();
    let mut reported = Vec::new();
    let stats = recalculate_ndjson(&engine(), input.as_bytes(), &mut out, now(), |n| {
        reported.push(n)
    })
    .unwrap();
    assert_eq!(
        stats,
        RecalcStats {
            lines: 9,
            recalculated: 7,
            changed: 3,
            errors: 2
        }
    );
    assert_eq!(reported.last(), Some(&(input.len() as u64)));
    check_output(&String::from_utf8(out).unwrap());
}

#[test]
fn a_line_over_the_size_limit_is_skipped_with_an_error_line() {
    let engine = Engine::with_limits(
        serde_json::from_value(program()).unwrap(),
        checkout_benefits::Limits {
            json_bytes: 64,
            ..Default::default()
        },
    )
    .unwrap();
    let long = format!("{{\"id\":\"{}\"}}", "x".repeat(200));
    let input = format!("{{\"id\":\"a\"}}\n{long}\n{{\"id\":\"b\"}}\n");
    let mut out = Vec::new();
    recalculate_ndjson(&engine, input.as_bytes(), &mut out, now(), |_| {}).unwrap();
    let lines: Vec<Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["id"], "a");
    assert_eq!(lines[1]["line"], 2);
    assert_eq!(lines[1]["code"], "limit_exceeded");
    assert_eq!(lines[2]["id"], "b");
}

#[test]
fn many_lines_across_batches_keep_their_order() {
    let mut input = String::new();
    for i in 0..5000 {
        let total = if i % 2 == 0 { "300" } else { "10" };
        input.push_str(&format!(
            "{{\"id\":\"c{i}\",\"orders\":[{{\"id\":\"o\",\"placedAt\":\"2026-05-01T00:00:00Z\",\"status\":\"completed\",\"total\":\"{total}\"}}]}}\n"
        ));
    }
    let mut out = Vec::new();
    let stats = recalculate_ndjson(&engine(), input.as_bytes(), &mut out, now(), |_| {}).unwrap();
    assert_eq!(stats.recalculated, 5000);
    for (i, l) in String::from_utf8(out).unwrap().lines().enumerate() {
        let want = if i % 2 == 0 { "10" } else { "0" };
        assert_eq!(
            l,
            format!(r#"{{"id":"c{i}","previous":"0","cumulativeDiscount":"{want}"}}"#)
        );
    }
}

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_checkout-benefits"))
}

fn write_program(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("program.json");
    std::fs::write(&path, program().to_string()).unwrap();
    path
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("cb-recalc-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn the_recalc_command_reads_stdin_and_writes_stdout() {
    let dir = temp_dir("stdio");
    let program = write_program(&dir);
    let mut child = bin()
        .args(["recalc", "--program"])
        .arg(&program)
        .args(["--customers", "-", "--now", NOW])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(ndjson_input().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    // Two bad lines: every other line is still answered, and the status says so.
    assert_eq!(out.status.code(), Some(1));
    check_output(&String::from_utf8(out.stdout).unwrap());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("2 of 9 lines were rejected"), "{stderr}");
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn the_recalc_command_reads_and_writes_files() {
    let dir = temp_dir("files");
    let program = write_program(&dir);
    let input = dir.join("customers.ndjson");
    let output = dir.join("out.ndjson");
    let good: String = customers()
        .into_iter()
        .map(|(c, _, _)| c.to_string() + "\n")
        .collect();
    std::fs::write(&input, good).unwrap();
    let out = bin()
        .args(["recalc", "--program"])
        .arg(&program)
        .arg("--customers")
        .arg(&input)
        .args(["--now", NOW, "--output"])
        .arg(&output)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(out.stdout.is_empty());
    // Standard error is not a terminal here: no progress bar.
    assert!(out.stderr.is_empty(), "{out:?}");
    let written = std::fs::read_to_string(&output).unwrap();
    let first = written.lines().next().unwrap();
    assert_eq!(
        first,
        r#"{"id":"a","previous":"0","cumulativeDiscount":"10"}"#
    );
    assert_eq!(written.lines().count(), customers().len());
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn the_recalc_command_refuses_a_bad_now_or_program_with_a_json_error() {
    let dir = temp_dir("bad");
    let program = write_program(&dir);
    let out = bin()
        .args(["recalc", "--program"])
        .arg(&program)
        .args(["--customers", "-", "--now", "tomorrow"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["code"], "invalid_request");
    assert_eq!(err["path"], "now");

    let no_cumulative = dir.join("plain.json");
    std::fs::write(&no_cumulative, r#"{ "version": 1, "currency": "USD" }"#).unwrap();
    let out = bin()
        .args(["recalc", "--program"])
        .arg(&no_cumulative)
        .args(["--customers", "-", "--now", NOW])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["code"], "invalid_program");
    assert_eq!(err["path"], "cumulativeDiscount");
    std::fs::remove_dir_all(dir).ok();
}
