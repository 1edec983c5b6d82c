//! Command-line arguments (clap).

use std::path::PathBuf;

use clap::{CommandFactory, Parser, Subcommand};

/// PagerDrill: practise being on call. With no command, opens the game.
#[derive(Debug, Parser)]
#[command(name = "pagerdrill", version, about, long_about = None)]
pub struct Cli {
    /// What to do; with none, the game opens.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Open the game and play this action script automatically, saving a screenshot of each screen.
    #[arg(long, value_name = "SCRIPT")]
    pub autoplay: Option<PathBuf>,
    /// Where --autoplay saves its screenshots.
    #[arg(long, value_name = "DIR", requires = "autoplay")]
    pub screenshots: Option<PathBuf>,
    /// The built-in scenario --autoplay plays.
    #[arg(long, default_value = "first-page", requires = "autoplay")]
    pub scenario: String,
    /// The run seed --autoplay uses.
    #[arg(long, default_value_t = 1, requires = "autoplay")]
    pub seed: u64,
    /// Open the game and join this game day over the network (`ws://HOST:PORT/CODE`).
    #[arg(long, value_name = "ADDRESS")]
    pub join: Option<String>,
    /// Take this seat (the person it plays) in the room joined, by --join or from the room
    /// screen; with --autoplay too, play that seat's part of the team script.
    #[arg(long, value_name = "PERSON")]
    pub seat: Option<String>,
    /// The window's size, WIDTHxHEIGHT (default 1600x900; shrunk to fit a smaller screen).
    #[arg(long, value_name = "WIDTHxHEIGHT", value_parser = window_size)]
    pub window: Option<(u32, u32)>,
}

/// Reads `1920x1080` as a window size in logical pixels, within what a screen can show.
pub fn window_size(text: &str) -> Result<(u32, u32), String> {
    let (w, h) = text
        .split_once(['x', 'X'])
        .ok_or_else(|| format!("\"{text}\" is not WIDTHxHEIGHT, such as 1280x720"))?;
    let number = |s: &str| {
        s.trim()
            .parse::<u32>()
            .map_err(|_| format!("\"{s}\" is not a whole number of pixels"))
    };
    let (w, h) = (number(w)?, number(h)?);
    if !(640..=7680).contains(&w) || !(400..=4320).contains(&h) {
        return Err(format!("{w}x{h} is outside 640x400 to 7680x4320"));
    }
    Ok((w, h))
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check scenario files (directories are searched for *.ron); exit 1 if any is invalid.
    Validate {
        /// Files or directories.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// List the built-in scenarios.
    List,
    /// Play a scenario headless with a scripted player and print the timeline and final state.
    Run {
        /// A built-in scenario id or a path to a scenario file.
        scenario: String,
        /// The action script (RON); without it, nobody acts.
        #[arg(long)]
        actions: Option<PathBuf>,
        /// Run seed: changes the noise and people's timing, not the scenario's facts.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Print the JSON report (schema in docs/scoring.md) instead of text.
        #[arg(long)]
        json: bool,
        /// Also write the Markdown after-action report to this file.
        #[arg(long)]
        report: Option<PathBuf>,
    },
    /// Open a game day to the network and play it as the facilitator, headless: prints the room's
    /// address, waits for every seat, plays the script's facilitator steps and waits at each
    /// participant's step for that participant's game.
    #[cfg(not(target_arch = "wasm32"))]
    Host {
        /// A built-in scenario with a game day.
        scenario: String,
        /// The team's action script.
        #[arg(long)]
        actions: PathBuf,
        /// Run seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Where the signaling server listens (port 0: any free port).
        #[arg(long, default_value = "0.0.0.0:3536")]
        listen: std::net::SocketAddr,
        /// Write the ordered log here, as an action script `run` replays.
        #[arg(long)]
        log: Option<PathBuf>,
        /// Write the team's report here (JSON).
        #[arg(long)]
        report: Option<PathBuf>,
        /// Run the clock in real time at this multiple of the scenario's pace (the game's `+` and
        /// `-`); without it, as fast as the players keep up.
        #[arg(long)]
        pace: Option<f64>,
    },
    /// Join a game day over the network as one seat, headless, playing that seat's steps of a
    /// team's action script.
    #[cfg(not(target_arch = "wasm32"))]
    Join {
        /// The room: ws://HOST:PORT/CODE, as `host` prints it.
        room: String,
        /// The seat's person id.
        #[arg(long)]
        seat: String,
        /// The team's action script.
        #[arg(long)]
        actions: PathBuf,
        /// Write the team's report and what was measured here (JSON).
        #[arg(long)]
        report: Option<PathBuf>,
    },
    /// Play every red-team strategy (DIR/<scenario>/<strategy>.ron) against honest play
    /// (HONEST/<scenario>-good.ron) on seeds 1 to N and print the table of totals in Markdown.
    Redteam {
        /// Folder of strategies, one subfolder per built-in scenario.
        #[arg(default_value = "tests/redteam")]
        dir: PathBuf,
        /// Folder of honest playthroughs.
        #[arg(long, default_value = "tests/playthroughs")]
        honest: PathBuf,
        /// Number of run seeds to play (1 to 20); cells show the worst case.
        #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..=20))]
        seeds: u64,
        /// A scenario file to play as well as the built-in ones (repeatable): a draft's strategies
        /// go in DIR/<its id>/ and its honest run in HONEST/<its id>-good.ron.
        #[arg(long = "scenario")]
        scenarios: Vec<PathBuf>,
    },
    /// Write a large, playable scenario from a seed (the same seed gives the same file).
    Generate {
        /// Seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Number of services.
        #[arg(long, default_value_t = 1000, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(8..=20_000))]
        services: usize,
        /// Number of teams (default: one per 20 services).
        #[arg(long, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(2..=2_000))]
        teams: Option<usize>,
        /// Shift length in hours.
        #[arg(long, default_value_t = 24, value_parser = clap::value_parser!(u32).range(1..=48))]
        hours: u32,
        /// Write to this file instead of standard output.
        #[arg(long, short)]
        out: Option<PathBuf>,
    },
}

/// The top-level help, as `--help` prints it.
pub fn help_text() -> String {
    Cli::command().render_help().to_string()
}
