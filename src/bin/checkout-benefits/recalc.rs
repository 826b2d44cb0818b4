//! The `recalc` subcommand: NDJSON customers in, NDJSON cumulative discounts out.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, IsTerminal, Write};
use std::process::ExitCode;
use std::time::{Duration, Instant as Clock};

use checkout_benefits::{recalculate_ndjson, Engine, Error, ErrorCode, Instant};

/// Arguments of `recalc`.
#[derive(clap::Args)]
pub struct Args {
    /// The program (with an enabled `cumulativeDiscount`) as a JSON file.
    #[arg(long)]
    program: String,
    /// The customers, one JSON record per line; standard input when `-`.
    #[arg(long)]
    customers: String,
    /// The moment to recalculate at (RFC 3339 with an offset, e.g. 2026-11-22T10:00:00Z).
    #[arg(long)]
    now: String,
    /// Where to write the results; standard output when omitted or `-`.
    #[arg(long)]
    output: Option<String>,
}

fn fail(err: &Error) -> ExitCode {
    eprintln!("{}", err.to_json());
    ExitCode::from(2)
}

fn request_error(message: String) -> Error {
    Error::new(ErrorCode::InvalidRequest, "", message)
}

/// A one-line progress display on standard error, redrawn at most five times a second.
struct Progress {
    total: Option<u64>,
    started: Clock,
    last: Clock,
}

impl Progress {
    fn draw(&mut self, done: u64, last: bool) {
        let now = Clock::now();
        if !last && now.duration_since(self.last) < Duration::from_millis(200) {
            return;
        }
        self.last = now;
        let secs = now.duration_since(self.started).as_secs_f64().max(1e-6);
        let mib = done as f64 / 1_048_576.0;
        let line = match self.total {
            Some(total) if total > 0 => {
                let frac = (done as f64 / total as f64).min(1.0);
                let filled = (frac * 30.0) as usize;
                format!(
                    "\r[{}{}] {:5.1}% {:.0}/{:.0} MiB {:.1} MiB/s",
                    "#".repeat(filled),
                    " ".repeat(30 - filled),
                    frac * 100.0,
                    mib,
                    total as f64 / 1_048_576.0,
                    mib / secs
                )
            }
            _ => format!("\r{:.0} MiB read, {:.1} MiB/s", mib, mib / secs),
        };
        let mut err = std::io::stderr().lock();
        let _ = err.write_all(line.as_bytes());
        if last {
            let _ = err.write_all(b"\n");
        }
        let _ = err.flush();
    }
}

pub fn run(args: Args) -> ExitCode {
    let program = match std::fs::read_to_string(&args.program) {
        Ok(t) => t,
        Err(e) => {
            return fail(&Error::new(
                ErrorCode::InvalidProgram,
                "",
                format!("cannot read the program from {}: {e}", args.program),
            ))
        }
    };
    let engine = match Engine::from_json(&program) {
        Ok(e) => e,
        Err(e) => return fail(&e),
    };
    let now = match Instant::parse(&args.now) {
        Ok(n) => n,
        Err(why) => {
            return fail(&Error::new(
                ErrorCode::InvalidRequest,
                "now",
                format!("--now: {why}"),
            ))
        }
    };
    let (reader, total): (Box<dyn BufRead>, Option<u64>) = if args.customers == "-" {
        (Box::new(std::io::stdin().lock()), None)
    } else {
        match File::open(&args.customers) {
            Ok(f) => {
                let size = f.metadata().ok().map(|m| m.len());
                (Box::new(BufReader::with_capacity(1 << 16, f)), size)
            }
            Err(e) => {
                return fail(&request_error(format!(
                    "cannot read the customers from {}: {e}",
                    args.customers
                )))
            }
        }
    };
    let writer: Box<dyn Write> = match args.output.as_deref() {
        None | Some("-") => Box::new(BufWriter::with_capacity(1 << 16, std::io::stdout().lock())),
        Some(path) => match File::create(path) {
            Ok(f) => Box::new(BufWriter::with_capacity(1 << 16, f)),
            Err(e) => {
                return fail(&request_error(format!("cannot write to {path}: {e}")));
            }
        },
    };
    let mut bar = std::io::stderr().is_terminal().then(|| Progress {
        total,
        started: Clock::now(),
        last: Clock::now(),
    });
    let result = recalculate_ndjson(&engine, reader, writer, now, |done| {
        if let Some(b) = bar.as_mut() {
            b.draw(done, false);
        }
    });
    if let (Some(b), Ok(_)) = (bar.as_mut(), &result) {
        b.draw(total.unwrap_or(0), true);
    }
    match result {
        Ok(stats) if stats.errors > 0 => {
            eprintln!(
                "{} of {} lines were rejected (see the error lines in the output)",
                stats.errors, stats.lines
            );
            ExitCode::from(1)
        }
        Ok(_) => ExitCode::SUCCESS,
        Err(e) => fail(&e),
    }
}
