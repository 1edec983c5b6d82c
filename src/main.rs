//! The `pagerdrill` command: with no subcommand it opens the game; subcommands validate, list,
//! generate and run scenarios headless.

use std::process::ExitCode;

use clap::Parser;
use pagerdrill::cli::{self, Cli};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    if cli.command.is_none() {
        return play(&cli);
    }
    cli::run(
        cli,
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    )
}

/// Opens the game window, optionally playing a script and taking screenshots.
fn play(cli: &Cli) -> ExitCode {
    let mut options = pagerdrill::game::Options::default();
    if let Some(path) = &cli.autoplay {
        let script = match cli::load_script_file(path) {
            Ok(s) => s,
            Err(lines) => {
                for l in lines {
                    eprintln!("{l}");
                }
                return ExitCode::from(1);
            }
        };
        options.autoplay = Some(pagerdrill::game::autoplay::Autoplay {
            scenario: cli.scenario.clone(),
            seed: cli.seed,
            script,
            dir: cli
                .screenshots
                .clone()
                .unwrap_or_else(|| "screenshots".into()),
        });
    }
    match pagerdrill::game::run(options) {
        bevy::app::AppExit::Success => ExitCode::SUCCESS,
        bevy::app::AppExit::Error(code) => ExitCode::from(code.get()),
    }
}
