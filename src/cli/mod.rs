//! The command-line interface: argument types and the commands behind them.

mod args;
mod files;
#[cfg(not(target_arch = "wasm32"))]
mod host;
mod redteam;
mod run;
mod validate;

pub use args::{Cli, Command, window_size};
pub use files::{scenario_files, write_atomic};
pub use redteam::load_strategies;
pub use run::{io_error, load_script_file, read_bounded};

use std::io::Write;
use std::process::ExitCode;

use crate::scenario::{generate, pack};

/// Runs a parsed command line and returns the process exit code. With no subcommand the binary
/// opens the game before getting here; a library caller gets the help text.
pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    let result = match cli.command {
        None => {
            let _ = writeln!(out, "{}", args::help_text());
            return ExitCode::SUCCESS;
        }
        Some(Command::Validate { paths }) => return validate::run(&paths, out, err),
        Some(Command::List) => list(out),
        Some(Command::Run {
            scenario,
            actions,
            seed,
            json,
            report,
        }) => {
            let opts = run::RunOptions {
                actions: actions.as_deref(),
                seed,
                json,
                report: report.as_deref(),
            };
            return run::run(&scenario, &opts, out, err);
        }
        #[cfg(not(target_arch = "wasm32"))]
        Some(Command::Host {
            scenario,
            actions,
            seed,
            listen,
            log,
            report,
            pace,
        }) => {
            return host::host(
                &host::HostOptions {
                    scenario: &scenario,
                    actions: &actions,
                    seed,
                    listen,
                    log: log.as_deref(),
                    report: report.as_deref(),
                    pace,
                },
                out,
                err,
            );
        }
        #[cfg(not(target_arch = "wasm32"))]
        Some(Command::Join {
            room,
            seat,
            actions,
            report,
        }) => {
            return host::join(
                &host::JoinOptions {
                    room: &room,
                    seat: &seat,
                    actions: &actions,
                    report: report.as_deref(),
                },
                out,
                err,
            );
        }
        Some(Command::Redteam {
            dir,
            honest,
            seeds,
            scenarios,
        }) => redteam::run(&dir, &honest, seeds, &scenarios, out),
        Some(Command::Generate {
            seed,
            services,
            teams,
            hours,
            out: path,
        }) => generate_cmd(
            &generate::GenerateOptions {
                seed,
                services,
                teams,
                hours,
            },
            path.as_deref(),
            out,
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // A reader that stops early (`| head`) is not an error.
        Err(message) if message.contains("Broken pipe") => ExitCode::SUCCESS,
        Err(message) => {
            // Messages about a file already say `PATH: error: …`; others get the prefix here.
            if message.contains(": error: ") || message.starts_with("error: ") {
                let _ = writeln!(err, "{message}");
            } else {
                let _ = writeln!(err, "error: {message}");
            }
            ExitCode::from(1)
        }
    }
}

fn list(out: &mut dyn Write) -> Result<(), String> {
    let io = |e: std::io::Error| e.to_string();
    writeln!(
        out,
        "{:<18} {:<13} {:<10} {:>6}  TITLE",
        "ID", "DIFFICULTY", "ROLE", "LENGTH"
    )
    .map_err(io)?;
    for (name, loaded) in pack::builtin() {
        let Some(s) = loaded.value else {
            return Err(format!("built-in scenario {name} does not load"));
        };
        let team = s
            .game_day
            .as_ref()
            .map(|d| format!(" (game day: {} seats)", d.seats.len()))
            .unwrap_or_default();
        writeln!(
            out,
            "{:<18} {:<13} {:<10} {:>5}m  {}{team}",
            s.id,
            crate::sim::words::difficulty(s.difficulty),
            crate::sim::words::player_role(s.role),
            s.shift.duration_minutes,
            s.title
        )
        .map_err(io)?;
    }
    Ok(())
}

fn generate_cmd(
    opts: &generate::GenerateOptions,
    path: Option<&std::path::Path>,
    out: &mut dyn Write,
) -> Result<(), String> {
    let scenario = generate::generate(opts);
    let text = generate::to_ron(&scenario)?;
    // Never write what `validate` and `run` would refuse.
    if text.len() > crate::scenario::MAX_FILE_BYTES {
        let per_service = text.len() / opts.services.max(1);
        return Err(format!(
            "error: {} services make a {:.1} MiB file, over the {} MiB a scenario file may have; ask for at most about {} services",
            opts.services,
            text.len() as f64 / (1024.0 * 1024.0),
            crate::scenario::MAX_FILE_BYTES / (1024 * 1024),
            crate::scenario::MAX_FILE_BYTES / per_service.max(1) / 100 * 100
        ));
    }
    match path {
        Some(p) => files::write_atomic(p, text.as_bytes())
            .map_err(|e| format!("{}: error: {e}", p.display())),
        None => out.write_all(text.as_bytes()).map_err(|e| e.to_string()),
    }
}
