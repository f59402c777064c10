//! The command line: clap definitions, turned into validated options before anything runs, then
//! one call into the library per subcommand. The only module that prints.

mod args;
mod clock;
mod outfile;
mod output;

use std::process::ExitCode;

use clap::FromArgMatches;

pub use args::Cli;
use output::Session;

/// Exit codes, documented in every command's `--help` and in `docs/diagnostics.md`.
pub mod exit {
    /// The command ran and found nothing it was asked to fail on.
    pub const OK: u8 = 0;
    /// The map has errors (or warnings under `--deny warnings`), or `check` found what it gates on.
    pub const MAP: u8 = 1;
    /// A usage error, or a file could not be read or written.
    pub const USAGE: u8 = 2;
}

/// Runs the command line and returns the process's exit code; a command that succeeds ends the
/// process itself once its output is written, without freeing what it built (`Session::end`).
pub fn run() -> ExitCode {
    let parsed = args::command()
        .try_get_matches()
        .and_then(|matches| Cli::from_arg_matches(&matches));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints help and version to stdout with success, and usage errors to stderr.
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                exit::USAGE
            } else {
                exit::OK
            });
        }
    };
    let session = match Session::new(&cli) {
        Ok(s) => s,
        Err(f) => return f.report(None),
    };
    match commands::dispatch(&session, &cli.command) {
        Ok(code) => ExitCode::from(code),
        Err(f) => f.report(Some(&session)),
    }
}

mod authoring;
mod commands;
mod export;
pub mod figures;
mod folder;
mod generate;
mod import;
mod import_funding;
mod lookup;
mod progress;
mod retender;
