//! The command-line contract: what `pagerdrill validate`, `list` and `generate` print and how they
//! exit (0 success, 1 invalid input or failure, 2 bad usage).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use pagerdrill::scenario::{self, Validated};

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the binary from the crate root.
fn pagerdrill(args: &[&str]) -> Output {
    pagerdrill_os(args.iter().map(Path::new))
}

fn pagerdrill_os<I, P>(args: I) -> Output
where
    I: IntoIterator<Item = P>,
    P: AsRef<std::ffi::OsStr>,
{
    Command::new(env!("CARGO_BIN_EXE_pagerdrill"))
        .args(args)
        .current_dir(manifest_dir())
        .output()
        .expect("run pagerdrill")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn assert_exit(out: &Output, code: i32) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "stdout:\n{}\nstderr:\n{}",
        stdout(out),
        stderr(out)
    );
    assert!(!stderr(out).contains("panicked"), "{}", stderr(out));
}

/// The shipped scenario files, by file name, each loaded through the library.
fn shipped_scenarios() -> Vec<(String, Validated)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(manifest_dir().join("scenarios"))
        .expect("scenarios/ exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no scenarios/*.ron");
    files
        .into_iter()
        .map(|p| {
            let loaded = scenario::load_bytes(&std::fs::read(&p).unwrap());
            let s = loaded
                .value
                .unwrap_or_else(|| panic!("{}: {:?}", p.display(), loaded.diagnostics));
            (p.file_name().unwrap().to_string_lossy().into_owned(), s)
        })
        .collect()
}

/// A directory under the system temp dir, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        let path =
            std::env::temp_dir().join(format!("pagerdrill-cli-{}-{tag}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }

    fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn validate_shipped_scenarios_prints_one_ok_line_each() {
    let out = pagerdrill(&["validate", "scenarios"]);
    assert_exit(&out, 0);
    assert!(!stderr(&out).contains("error"), "{}", stderr(&out));
    let ok_lines: Vec<String> = stdout(&out)
        .lines()
        .filter(|l| l.starts_with("ok "))
        .map(str::to_owned)
        .collect();
    let want: Vec<String> = shipped_scenarios()
        .iter()
        .map(|(file, s)| {
            let shown = Path::new("scenarios").join(file);
            format!("ok {}: {} \"{}\"", shown.display(), s.id, s.title)
        })
        .collect();
    assert_eq!(ok_lines, want);
}

#[test]
fn validate_mixed_directory_reports_every_file_and_exits_1() {
    let dir = TempDir::new("mixed");
    let good = std::fs::read(manifest_dir().join("scenarios/first-page.ron")).unwrap();
    let bad = std::fs::read(manifest_dir().join("tests/bad/unknown-player.ron")).unwrap();
    let a = dir.write("a-good.ron", &good);
    let b = dir.write("b-bad.ron", &bad);
    let c = dir.write("c-good.ron", &good);
    dir.write("notes.txt", b"not a scenario, not checked");

    let out = pagerdrill_os([Path::new("validate"), &dir.0]);
    assert_exit(&out, 1);
    let stdout = stdout(&out);
    let stderr = stderr(&out);
    for good in [&a, &c] {
        let line = format!("ok {}: first-page \"", good.display());
        assert!(stdout.contains(&line), "no `{line}` in:\n{stdout}");
    }
    let line = format!("{}:18:13: error: unknown person \"yuo\"", b.display());
    assert!(stderr.contains(&line), "no `{line}` in:\n{stderr}");
    // The broken file is never called ok (its notes may still be listed).
    assert!(
        !stdout
            .lines()
            .any(|l| l.starts_with("ok ") && l.contains("b-bad.ron")),
        "{stdout}"
    );
    assert!(!stdout.contains("notes.txt") && !stderr.contains("notes.txt"));
}

#[test]
fn validate_nonexistent_path_exits_1_with_the_reason() {
    let missing = manifest_dir().join("scenarios/no-such-scenario.ron");
    let reason = std::fs::metadata(&missing).unwrap_err().to_string();
    let out = pagerdrill_os([Path::new("validate"), &missing]);
    assert_exit(&out, 1);
    let stderr = stderr(&out);
    let line = stderr.lines().next().unwrap_or("");
    assert!(
        line.starts_with(&missing.display().to_string())
            && line.contains("error")
            && line.ends_with(&reason),
        "{stderr}"
    );
    assert!(!stdout(&out).contains("ok "));
}

#[test]
fn validate_directory_without_scenarios_exits_1() {
    let dir = TempDir::new("no-scenarios");
    dir.write("readme.txt", b"nothing to see");
    let out = pagerdrill_os([Path::new("validate"), &dir.0]);
    assert_exit(&out, 1);
    assert!(
        stderr(&out).contains("no .ron files found"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["validate"][..],
        &["validate", "--no-such-flag", "scenarios"],
        &["--no-such-flag"],
        &["no-such-command"],
    ] {
        let out = pagerdrill(args);
        assert_exit(&out, 2);
        assert!(
            stderr(&out).contains("Usage:"),
            "{args:?}: no usage in:\n{}",
            stderr(&out)
        );
        assert!(stdout(&out).is_empty(), "{args:?}: {}", stdout(&out));
    }
    let out = pagerdrill(&["validate", "--no-such-flag", "scenarios"]);
    assert!(stderr(&out).contains("--no-such-flag"), "{}", stderr(&out));
    // Game options that only make sense with --autoplay are usage errors without it.
    let out = pagerdrill(&["--screenshots", "shots"]);
    assert_exit(&out, 2);
}

#[test]
fn help_lists_every_command_and_exits_0() {
    // With no arguments the binary opens the game window, so the help is asked for explicitly.
    let out = pagerdrill(&["--help"]);
    assert_exit(&out, 0);
    let text = stdout(&out) + &stderr(&out);
    assert!(text.contains("Usage: pagerdrill"), "{text}");
    assert!(text.contains("--autoplay"), "{text}");
    for command in ["validate", "list", "generate", "run"] {
        assert!(
            text.lines().any(|l| l.trim_start().starts_with(command)),
            "help does not list `{command}`:\n{text}"
        );
    }
}

#[test]
fn list_shows_every_shipped_scenario_with_difficulty_role_and_length() {
    let out = pagerdrill(&["list"]);
    assert_exit(&out, 0);
    let text = stdout(&out);
    let mut lines = text.lines();
    let header = lines.next().expect("a header line");
    let column = |name: &str| {
        header
            .find(name)
            .unwrap_or_else(|| panic!("no {name} column in `{header}`"))
    };
    let (difficulty_col, role_col) = (column("DIFFICULTY"), column("ROLE"));
    column("LENGTH");
    column("TITLE");
    let rows: Vec<&str> = lines.collect();

    let scenarios = shipped_scenarios();
    assert_eq!(
        rows.len(),
        scenarios.len(),
        "one row per scenarios/*.ron file:\n{text}"
    );
    for (file, s) in &scenarios {
        let row = rows
            .iter()
            .find(|r| r.split_whitespace().next() == Some(s.id.as_str()))
            .unwrap_or_else(|| panic!("{file}: id {} not listed:\n{text}", s.id));
        let difficulty = format!("{:?}", s.difficulty);
        let role = format!("{:?}", s.role);
        assert!(
            row.get(difficulty_col..)
                .is_some_and(|r| r.starts_with(&difficulty)),
            "{file}: want {difficulty} under DIFFICULTY in `{row}`"
        );
        assert!(
            row.get(role_col..).is_some_and(|r| r.starts_with(&role)),
            "{file}: want {role} under ROLE in `{row}`"
        );
        let after_role = &row[role_col + role.len()..];
        let (length, title) = after_role
            .trim_start()
            .split_once(char::is_whitespace)
            .unwrap_or_else(|| panic!("{file}: no length and title in `{row}`"));
        assert_eq!(length, format!("{}m", s.shift.duration_minutes), "`{row}`");
        // A scenario written for a team says so after its title.
        let team = s
            .game_day
            .as_ref()
            .map(|d| format!(" (game day: {} seats)", d.seats.len()))
            .unwrap_or_default();
        assert_eq!(title.trim(), format!("{}{team}", s.title), "`{row}`");
    }
}

#[test]
fn generate_is_deterministic_per_seed() {
    let args = ["generate", "--seed", "3", "--services", "60"];
    let first = pagerdrill(&args);
    assert_exit(&first, 0);
    assert!(!first.stdout.is_empty());
    let second = pagerdrill(&args);
    assert_exit(&second, 0);
    assert!(
        first.stdout == second.stdout,
        "the same seed gave different output"
    );
    let other = pagerdrill(&["generate", "--seed", "4", "--services", "60"]);
    assert_exit(&other, 0);
    assert!(
        other.stdout != first.stdout,
        "seeds 3 and 4 gave the same output"
    );
}

#[test]
fn generated_scenario_validates_without_errors() {
    let out = pagerdrill(&["generate", "--seed", "3", "--services", "60"]);
    assert_exit(&out, 0);
    let dir = TempDir::new("generated");
    let file = dir.write("generated.ron", &out.stdout);

    let check = pagerdrill_os([Path::new("validate"), &file]);
    assert_exit(&check, 0);
    assert!(!stderr(&check).contains("error"), "{}", stderr(&check));
    let ok = format!("ok {}: ", file.display());
    assert!(stdout(&check).contains(&ok), "{}", stdout(&check));

    let services = scenario::load_bytes(&out.stdout)
        .value
        .expect("loads")
        .services
        .len();
    assert_eq!(services, 60);
}

#[test]
fn generate_out_writes_the_same_bytes_as_stdout() {
    let dir = TempDir::new("generate-out");
    let file = dir.0.join("world.ron");
    let written = pagerdrill_os([
        Path::new("generate"),
        Path::new("--seed"),
        Path::new("5"),
        Path::new("--services"),
        Path::new("8"),
        Path::new("--out"),
        &file,
    ]);
    assert_exit(&written, 0);
    assert!(written.stdout.is_empty(), "{}", stdout(&written));
    let printed = pagerdrill(&["generate", "--seed", "5", "--services", "8"]);
    assert_exit(&printed, 0);
    assert!(std::fs::read(&file).unwrap() == printed.stdout);
}

#[test]
fn generate_refuses_fewer_than_8_services() {
    let out = pagerdrill(&["generate", "--services", "5"]);
    assert_exit(&out, 2);
    assert!(out.stdout.is_empty(), "generated anyway");
    let stderr = stderr(&out);
    assert!(
        stderr.contains("--services") && stderr.contains("8..="),
        "{stderr}"
    );
}

#[test]
fn redteam_prints_the_table_of_totals_for_every_scenario() {
    let out = pagerdrill(&["redteam", "--seeds", "1"]);
    assert_exit(&out, 0);
    let table = stdout(&out);
    let header = table.lines().next().unwrap_or_default();
    assert!(header.starts_with("| scenario | honest |"), "{header}");
    assert!(header.contains("| do-nothing |"), "{header}");
    for (_, loaded) in pagerdrill::scenario::pack::builtin() {
        let id = loaded.value.expect("loads").id.clone();
        let row = table
            .lines()
            .find(|l| l.starts_with(&format!("| {id} |")))
            .unwrap_or_else(|| panic!("no row for {id}:\n{table}"));
        let honest: u32 = row
            .split('|')
            .nth(2)
            .unwrap_or("")
            .trim()
            .parse()
            .expect("a total");
        assert!(honest >= 85, "{row}");
    }
    let bad = pagerdrill(&["redteam", "docs"]);
    assert_exit(&bad, 1);
    assert!(
        stderr(&bad).contains("no strategy folders"),
        "{}",
        stderr(&bad)
    );
}

#[test]
fn redteam_plays_a_draft_scenario_file_next_to_the_built_in_ones() {
    let dir = scratch("redteam-draft");
    let text = std::fs::read_to_string(manifest_dir().join("scenarios/first-page.ron"))
        .expect("readable")
        .replacen("id: \"first-page\"", "id: \"draft-page\"", 1);
    let draft = dir.join("draft.ron");
    std::fs::write(&draft, text).expect("write draft");
    let strategies = dir.join("strategies");
    let honest = dir.join("honest");
    std::fs::create_dir_all(strategies.join("draft-page")).expect("mkdir");
    std::fs::create_dir_all(&honest).expect("mkdir");
    std::fs::copy(
        manifest_dir().join("tests/redteam/first-page/do-nothing.ron"),
        strategies.join("draft-page/do-nothing.ron"),
    )
    .expect("copy strategy");
    std::fs::copy(
        manifest_dir().join("tests/playthroughs/first-page-good.ron"),
        honest.join("draft-page-good.ron"),
    )
    .expect("copy honest run");
    let arg = |p: &Path| p.to_string_lossy().into_owned();
    let (s, h, d) = (arg(&strategies), arg(&honest), arg(&draft));
    let out = pagerdrill(&[
        "redteam",
        &s,
        "--honest",
        &h,
        "--seeds",
        "1",
        "--scenario",
        &d,
    ]);
    assert_exit(&out, 0);
    let table = stdout(&out);
    let row = table
        .lines()
        .find(|l| l.starts_with("| draft-page |"))
        .unwrap_or_else(|| panic!("no row for the draft:\n{table}"));
    let cells: Vec<&str> = row.split('|').map(str::trim).collect();
    let (honest_total, nothing): (u32, u32) = (
        cells[2].parse().expect("honest total"),
        cells[3].parse().expect("do-nothing total"),
    );
    assert!(honest_total >= nothing + 15, "{row}");
    let missing = pagerdrill(&["redteam", &s, "--scenario", "no/such/draft.ron"]);
    assert_exit(&missing, 1);
    assert!(
        stderr(&missing).contains("no such scenario file"),
        "{}",
        stderr(&missing)
    );
}

/// A fresh scratch folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pagerdrill-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// Runs the binary, killing it (and failing) if it has not finished within 60 seconds: a hang is
/// exactly what some of these tests guard against.
#[cfg(unix)]
fn pagerdrill_within_a_minute(args: &[&std::ffi::OsStr]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pagerdrill"))
        .args(args)
        .current_dir(manifest_dir())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run pagerdrill");
    for _ in 0..600 {
        if child.try_wait().expect("wait").is_some() {
            return child.wait_with_output().expect("output");
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let _ = child.kill();
    panic!("pagerdrill {args:?} did not finish within a minute");
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(status.success());
}

#[cfg(unix)]
#[test]
fn a_fifo_or_a_device_is_refused_not_read() {
    let dir = scratch("fifo");
    let fifo = dir.join("pipe.ron");
    mkfifo(&fifo);
    for args in [
        vec![std::ffi::OsStr::new("validate"), fifo.as_os_str()],
        vec![
            std::ffi::OsStr::new("run"),
            std::ffi::OsStr::new("first-page"),
            std::ffi::OsStr::new("--actions"),
            fifo.as_os_str(),
        ],
        vec![
            std::ffi::OsStr::new("validate"),
            std::ffi::OsStr::new("/dev/zero"),
        ],
    ] {
        let out = pagerdrill_within_a_minute(&args);
        assert_exit(&out, 1);
        assert!(
            stderr(&out).contains("error: is not a regular file"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
}

#[cfg(unix)]
#[test]
fn directory_walks_visit_each_file_once_through_symlink_loops() {
    let dir = scratch("loops");
    std::fs::copy(
        manifest_dir().join("scenarios/first-page.ron"),
        dir.join("first-page.ron"),
    )
    .expect("copy");
    std::os::unix::fs::symlink(&dir, dir.join("loop-a")).expect("symlink");
    std::os::unix::fs::symlink(&dir, dir.join("loop-b")).expect("symlink");
    std::fs::create_dir(dir.join("sub")).expect("sub");
    std::os::unix::fs::symlink(dir.join("sub"), dir.join("sub/back")).expect("symlink");
    let out = pagerdrill_within_a_minute(&[std::ffi::OsStr::new("validate"), dir.as_os_str()]);
    assert_exit(&out, 0);
    assert_eq!(stdout(&out).matches("ok ").count(), 1, "{}", stdout(&out));
}

#[cfg(unix)]
#[test]
fn outputs_write_through_symlinks_and_never_replace_special_files() {
    let dir = scratch("outputs");
    let real = dir.join("real.ron");
    std::fs::write(&real, "old").expect("write");
    let link = dir.join("link.ron");
    std::os::unix::fs::symlink(&real, &link).expect("symlink");
    let out = pagerdrill(&["generate", "--services", "12", "-o", link.to_str().unwrap()]);
    assert_exit(&out, 0);
    assert!(
        std::fs::symlink_metadata(&link)
            .expect("link")
            .file_type()
            .is_symlink(),
        "the link stays a link"
    );
    assert!(
        std::fs::read_to_string(&real)
            .expect("read")
            .contains("Scenario(")
    );

    let fifo = dir.join("pipe.md");
    mkfifo(&fifo);
    let out = pagerdrill(&["run", "first-page", "--report", fifo.to_str().unwrap()]);
    assert_exit(&out, 1);
    assert!(
        stderr(&out).contains("refusing to replace it"),
        "{}",
        stderr(&out)
    );
    assert!(
        !std::fs::symlink_metadata(&fifo).expect("fifo").is_file(),
        "still a pipe"
    );

    let out = pagerdrill(&["generate", "--services", "12", "-o", fifo.to_str().unwrap()]);
    assert_exit(&out, 1);
    assert!(
        stderr(&out).starts_with(&format!("{}: error:", fifo.display())),
        "PATH: error: first: {}",
        stderr(&out)
    );
}

#[test]
fn generate_writes_only_what_validate_accepts() {
    let dir = scratch("huge");
    let path = dir.join("huge.ron");
    let out = pagerdrill(&[
        "generate",
        "--services",
        "20000",
        "-o",
        path.to_str().unwrap(),
    ]);
    if out.status.code() == Some(0) {
        let check = pagerdrill(&["validate", path.to_str().unwrap()]);
        assert_exit(&check, 0);
    } else {
        assert_exit(&out, 1);
        assert!(
            stderr(&out).contains("ask for at most about"),
            "{}",
            stderr(&out)
        );
        assert!(!path.exists(), "nothing written");
    }
}

#[test]
fn unclear_messages_say_what_is_wrong() {
    let dir = scratch("messages");
    let comments = dir.join("comments.ron");
    std::fs::write(&comments, "// nothing here yet\n").expect("write");
    let out = pagerdrill(&["run", "first-page", "--actions", comments.to_str().unwrap()]);
    assert_exit(&out, 1);
    assert!(
        stderr(&out).contains("an action script starts with `Script(actions: [`"),
        "{}",
        stderr(&out)
    );

    let resolve = dir.join("resolve.ron");
    std::fs::write(
        &resolve,
        "Script(actions: [\n    (at: 1, do: Resolve()),\n])\n",
    )
    .expect("write");
    let out = pagerdrill(&["run", "first-page", "--actions", resolve.to_str().unwrap()]);
    assert_exit(&out, 1);
    assert!(
        stderr(&out).contains("resolve.ron:2:17: error: `Resolve` takes no parentheses"),
        "{}",
        stderr(&out)
    );

    let out = pagerdrill(&["run", "scenarios"]);
    assert_exit(&out, 1);
    assert!(
        stderr(&out).contains("scenarios: error: is a directory"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_script_for_another_scenario_is_refused_not_played() {
    let out = pagerdrill(&[
        "run",
        "first-page",
        "--actions",
        "tests/playthroughs/major-incident-good.ron",
    ]);
    assert_exit(&out, 1);
    let e = stderr(&out);
    assert!(
        e.contains("major-incident-good.ron: error: actions[0]: no alert rule \"site-wide-errors\" in scenario \"first-page\""),
        "{e}"
    );
    assert!(e.contains("is it for another scenario?"), "{e}");
    // The same script with its own scenario plays.
    let ok = pagerdrill(&[
        "run",
        "major-incident",
        "--actions",
        "tests/playthroughs/major-incident-good.ron",
    ]);
    assert_exit(&ok, 0);
}

#[test]
fn a_window_size_is_read_and_a_silly_one_refused_with_a_reason() {
    use pagerdrill::cli::window_size;
    assert_eq!(window_size("1920x1080"), Ok((1920, 1080)));
    assert_eq!(window_size("1280X720"), Ok((1280, 720)));
    for bad in ["1920", "wide x tall", "10x10", "99999x1080", "-1x720", ""] {
        let e = window_size(bad).expect_err(bad);
        assert!(!e.is_empty(), "{bad}");
    }
}

#[test]
fn validate_skips_action_scripts_beside_scenarios_with_a_note() {
    let dir = std::env::temp_dir().join(format!("pagerdrill-scripts-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(
        root.join("scenarios/first-page.ron"),
        dir.join("first-page.ron"),
    )
    .expect("scenario");
    std::fs::copy(
        root.join("tests/playthroughs/first-page-good.ron"),
        dir.join("first-page-good.ron"),
    )
    .expect("script");
    let out = pagerdrill(&["validate", dir.to_str().expect("utf-8 path")]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("ok "), "{stdout}");
    assert!(
        stdout.contains("first-page-good.ron: note: an action script, not a scenario; skipped"),
        "{stdout}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
