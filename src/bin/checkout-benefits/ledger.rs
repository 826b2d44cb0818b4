//! The `ledger` subcommand: apply points events to an opening balance.

use std::io::Read;
use std::process::ExitCode;

use checkout_benefits::{parse_ledger_events, Error, ErrorCode, Ledger, LedgerEvent};

/// Arguments of `ledger`.
#[derive(clap::Args)]
pub struct Args {
    /// The opening balance in points.
    #[arg(long, default_value_t = 0)]
    balance: u64,
    /// The events: a JSON array (`.json`) or one event per line (`.ndjson`); `-` or
    /// omitted reads standard input (an array, or NDJSON when it does not start with `[`).
    #[arg(long)]
    events: Option<String>,
    /// Indent the output.
    #[arg(long)]
    pretty: bool,
}

fn invalid(path: impl Into<String>, message: impl Into<String>) -> Error {
    Error::new(ErrorCode::InvalidRequest, path, message)
}

fn read(path: &str) -> Result<String, Error> {
    let mut text = String::new();
    let result = if path == "-" {
        std::io::stdin().read_to_string(&mut text).map(|_| ())
    } else {
        std::fs::read_to_string(path).map(|t| text = t)
    };
    result.map_err(|e| invalid("", format!("cannot read the events from {path}: {e}")))?;
    Ok(text)
}

/// One event per non-blank line; a bad line is reported as `line N` with its key path.
fn parse_ndjson(text: &str) -> Result<Vec<LedgerEvent>, Error> {
    let mut events = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let mut parsed =
            checkout_benefits::parse_ledger_events(&format!("[{line}]")).map_err(|e| {
                let path = e.path.strip_prefix("events[0]").unwrap_or(&e.path);
                let path = path.strip_prefix('.').unwrap_or(path);
                let where_ = if path.is_empty() {
                    format!("line {}", i + 1)
                } else {
                    format!("line {}: {path}", i + 1)
                };
                invalid(where_, e.message)
            })?;
        if parsed.len() != 1 {
            return Err(invalid(format!("line {}", i + 1), "must hold one event"));
        }
        let event = parsed.remove(0);
        events.push(event);
    }
    Ok(events)
}

fn report(args: &Args) -> Result<String, Error> {
    if args.balance > i64::MAX as u64 {
        return Err(invalid(
            "balance",
            "is larger than the largest supported balance",
        ));
    }
    let path = args.events.as_deref().unwrap_or("-");
    let text = read(path)?;
    let ndjson = path.ends_with(".ndjson")
        || path.ends_with(".jsonl")
        || (!path.ends_with(".json") && !text.trim_start().starts_with('['));
    let events = if ndjson {
        parse_ndjson(&text)?
    } else {
        parse_ledger_events(&text)?
    };
    let report = Ledger::new(args.balance).apply_all(&events);
    let out = if args.pretty {
        serde_json::to_string_pretty(&report)
    } else {
        serde_json::to_string(&report)
    };
    out.map_err(|e| invalid("", e.to_string()))
}

/// Prints the report JSON on stdout; malformed input prints `{code,path,message}` on
/// stderr and exits with status 2. Rejected events are part of the report (exit 0).
pub fn run(args: Args) -> ExitCode {
    match report(&args) {
        Ok(out) => {
            println!("{out}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}", e.to_json());
            ExitCode::from(2)
        }
    }
}
