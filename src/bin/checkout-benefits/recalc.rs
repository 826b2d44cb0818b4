//! The `recalc` subcommand.

use std::process::ExitCode;

/// Arguments of `recalc`.
#[derive(clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> ExitCode {
    eprintln!("{{\"code\":\"invalid_request\",\"path\":\"\",\"message\":\"not available yet\"}}");
    ExitCode::from(2)
}
