//! The `pagerdrill` command: with no subcommand it opens the game; subcommands validate, list,
//! generate and run scenarios headless.

#[cfg(not(target_arch = "wasm32"))]
use std::process::ExitCode;

#[cfg(not(target_arch = "wasm32"))]
use clap::Parser;
#[cfg(not(target_arch = "wasm32"))]
use pagerdrill::cli::{self, Cli};

/// In a browser there is no command line: the page's URL says how to start.
#[cfg(target_arch = "wasm32")]
fn main() {
    let _ = pagerdrill::game::run(pagerdrill::game::web::options_from_url());
}

#[cfg(not(target_arch = "wasm32"))]
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
#[cfg(not(target_arch = "wasm32"))]
fn play(cli: &Cli) -> ExitCode {
    let mut options = pagerdrill::game::Options {
        window: cli.window,
        ..Default::default()
    };
    let script = match &cli.autoplay {
        Some(path) => match cli::load_script_file(path) {
            Ok(s) => Some(s),
            Err(lines) => {
                for l in lines {
                    eprintln!("{l}");
                }
                return ExitCode::from(1);
            }
        },
        None => None,
    };
    if cli.join.is_some() && cli.autoplay.is_some() && cli.seat.is_none() {
        eprintln!(
            "error: at a game day over the network, --autoplay plays one seat's part: choose it with --seat PERSON"
        );
        return ExitCode::from(2);
    }
    if cli.join.is_some() || cli.seat.is_some() {
        // A player over the network: the room says which scenario; the script, if any, is the
        // team's, and this game plays its seat's part.
        let scripted = cli
            .seat
            .clone()
            .map(|seat| pagerdrill::game::bridge::ScriptedSeat { seat, script });
        options.join = Some((cli.join.clone(), scripted));
    } else if let (Some(path), Some(script)) = (&cli.autoplay, script) {
        // A script written for another scenario would play with every action refused.
        let Some(scenario) = pagerdrill::scenario::pack::find(&cli.scenario) else {
            eprintln!(
                "error: \"{}\" is not a built-in scenario (see `pagerdrill list`)",
                cli.scenario
            );
            return ExitCode::from(1);
        };
        let unknown = pagerdrill::sim::script::unknown_names(&scenario, &script);
        if !unknown.is_empty() {
            for u in &unknown {
                eprintln!("{}: error: {u}", path.display());
            }
            eprintln!(
                "is this script for another scenario? choose it with --scenario ID (now \"{}\")",
                cli.scenario
            );
            return ExitCode::from(1);
        }
        options.autoplay = Some(pagerdrill::game::autoplay::Autoplay {
            scenario: cli.scenario.clone(),
            seed: cli.seed,
            script,
            dir: Some(
                cli.screenshots
                    .clone()
                    .unwrap_or_else(|| "screenshots".into()),
            ),
            navigate: true,
        });
    }
    match pagerdrill::game::run(options) {
        bevy::app::AppExit::Success => ExitCode::SUCCESS,
        bevy::app::AppExit::Error(code) => ExitCode::from(code.get()),
    }
}
