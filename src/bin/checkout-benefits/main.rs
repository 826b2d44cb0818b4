//! `checkout-benefits`: quote, validate and inspect programs from the command line.

use std::io::Read;
use std::process::ExitCode;

use checkout_benefits::{
    parse_request_json, validate_program_json, Engine, Error, ErrorCode, Problem, Program, Quote,
    Request,
};
use clap::{Parser, Subcommand};

mod ledger;
mod recalc;

#[derive(Parser)]
#[command(
    name = "checkout-benefits",
    version,
    about = "A customer-benefit engine for online shops"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Quote a request against a program; the quote is printed as JSON.
    Quote {
        /// The program (offer configuration) as a JSON file.
        #[arg(long)]
        program: String,
        /// The request as a JSON file; standard input when omitted or `-`.
        #[arg(long)]
        request: Option<String>,
        /// Indent the output.
        #[arg(long)]
        pretty: bool,
    },
    /// Check a program and print every problem (exit status 2 when there are any).
    Validate {
        /// The program as a JSON file; standard input when `-`.
        program: String,
    },
    /// Recalculate the cumulative discount of a whole customer base (NDJSON in and out).
    Recalc(recalc::Args),
    /// Find a customer by discount card number in an NDJSON file of customer records
    /// (spaces ignored); prints the matching record, exit status 1 when none matches.
    FindCard {
        /// The card number to look for.
        number: String,
        /// Customer records, one JSON object per line; standard input when `-`.
        #[arg(long, default_value = "-")]
        customers: String,
    },
    /// Apply points ledger events to balances.
    Ledger(ledger::Args),
    /// Print the JSON Schemas of the program, the request, the quote and a problem.
    Schema,
}

fn read(path: &str, what: &str) -> Result<String, Error> {
    let mut text = String::new();
    let result = if path == "-" {
        std::io::stdin().read_to_string(&mut text).map(|_| ())
    } else {
        std::fs::read_to_string(path).map(|t| text = t)
    };
    result.map_err(|e| {
        Error::new(
            if what == "program" {
                ErrorCode::InvalidProgram
            } else {
                ErrorCode::InvalidRequest
            },
            "",
            format!("cannot read the {what} from {path}: {e}"),
        )
    })?;
    Ok(text)
}

fn fail(err: &Error) -> ExitCode {
    eprintln!("{}", err.to_json());
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Quote {
            program,
            request,
            pretty,
        } => {
            let run = || -> Result<String, Error> {
                let engine = Engine::from_json(&read(&program, "program")?)?;
                let text = read(request.as_deref().unwrap_or("-"), "request")?;
                if pretty {
                    let req: Request = parse_request_json(&text)?;
                    let quote: Quote = engine.quote_owned(req)?;
                    Ok(serde_json::to_string_pretty(&quote).unwrap_or_default())
                } else {
                    engine.quote_json(&text)
                }
            };
            match run() {
                Ok(out) => {
                    println!("{out}");
                    ExitCode::SUCCESS
                }
                Err(e) => fail(&e),
            }
        }
        Command::Validate { program } => {
            let problems: Vec<Problem> = match read(&program, "program") {
                Ok(text) => validate_program_json(&text),
                Err(e) => e.problems(),
            };
            println!(
                "{}",
                serde_json::to_string_pretty(&problems).unwrap_or_default()
            );
            if problems.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            }
        }
        Command::Recalc(args) => recalc::run(args),
        Command::Ledger(args) => ledger::run(args),
        Command::FindCard { number, customers } => find_card(&number, &customers),
        Command::Schema => {
            let schemas = serde_json::json!({
                "program": schemars::schema_for!(Program),
                "request": schemars::schema_for!(Request),
                "quote": schemars::schema_for!(Quote),
                "problem": schemars::schema_for!(Problem),
            });
            println!(
                "{}",
                serde_json::to_string_pretty(&schemas).unwrap_or_default()
            );
            ExitCode::SUCCESS
        }
    }
}

/// Streams customer records and prints the first whose card number matches.
fn find_card(number: &str, path: &str) -> ExitCode {
    use std::io::BufRead;
    let reader: Box<dyn BufRead> = if path == "-" {
        Box::new(std::io::BufReader::new(std::io::stdin()))
    } else {
        match std::fs::File::open(path) {
            Ok(f) => Box::new(std::io::BufReader::new(f)),
            Err(e) => {
                return fail(&Error::new(
                    ErrorCode::InvalidRequest,
                    "",
                    format!("cannot read the customers from {path}: {e}"),
                ))
            }
        }
    };
    for (i, line) in reader.lines().enumerate() {
        let Ok(line) = line else {
            return fail(&Error::new(
                ErrorCode::InvalidRequest,
                format!("line {}", i + 1),
                "is not UTF-8 text",
            ));
        };
        if line.trim().is_empty() {
            continue;
        }
        let card = serde_json::from_str::<serde_json::Value>(&line)
            .ok()
            .and_then(|v| {
                v.get("discountCard")
                    .and_then(|c| c.as_str())
                    .map(String::from)
            });
        if let Some(card) = card {
            if checkout_benefits::find_by_card(number, [card.as_str()]).is_some() {
                println!("{line}");
                return ExitCode::SUCCESS;
            }
        }
    }
    ExitCode::from(1)
}
