//! Hostile files and file systems (issue 18): outputs never clobber an input, a device or a
//! link; human output never carries a raw terminal control; a failed run never exits 0;
//! no read is unbounded or blocks on a FIFO. Inputs are generated here.
#![cfg(unix)]

use std::io::{Read, Write};
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const HEALTHY: &str = "version: 1\n\
products:\n  - { id: shop, managers: [pam] }\n\
teams:\n  - { id: alpha, product: shop, members: [oli, ann] }\n  - { id: beta, product: shop, members: [ola, ben] }\n\
backlogs:\n  - { id: alpha-backlog, product: shop, teams: [alpha], owner: oli }\n  - { id: beta-backlog, product: shop, teams: [beta], owner: ola }\n\
people:\n  - { id: pam, roles: [product-manager] }\n  - { id: oli, roles: [product-owner], reports_to: pam }\n  - { id: ola, roles: [product-owner], reports_to: pam }\n  - { id: ann, roles: [engineer] }\n  - { id: ben, roles: [engineer] }\n";

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_rolelint"));
    c.env_remove("ROLELINT_TODAY")
        .env_remove("ROLELINT_MAX_FILE_SIZE")
        .env_remove("NO_COLOR");
    c
}

/// Runs `rolelint ARGS` in `dir` with standard input from /dev/null unless given.
fn run_in(dir: &Path, args: &[&str]) -> Output {
    bin().current_dir(dir).args(args).output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo");
}

/// Waits for a child that must finish on its own; a run that blocks (the bug guarded
/// against) is killed after a generous while so the suite reports it instead of hanging.
/// Not a timing assertion: only a run that never ends can fail it.
fn wait_or_kill(mut child: std::process::Child) -> Output {
    for _ in 0..1200 {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let _ = child.kill();
    let out = child.wait_with_output().unwrap();
    panic!("rolelint blocked: {}", text(&out.stderr));
}

fn org_dir() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let org = dir.path().join("a.org.yaml");
    std::fs::write(&org, HEALTHY).unwrap();
    (dir, org)
}

// ---- 2. Writes ---------------------------------------------------------------------

#[test]
fn output_into_a_device_writes_into_it_and_leaves_it_a_device() {
    let (dir, _) = org_dir();
    let out = run_in(
        dir.path(),
        &["check", "--no-config", "a.org.yaml", "-o", "/dev/null"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(std::fs::metadata("/dev/null")
        .unwrap()
        .file_type()
        .is_char_device());
}

#[test]
fn output_into_a_fifo_writes_into_it_and_leaves_it_a_fifo() {
    let (dir, _) = org_dir();
    let fifo = dir.path().join("report.fifo");
    mkfifo(&fifo);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut s = String::new();
            std::fs::File::open(fifo)
                .unwrap()
                .read_to_string(&mut s)
                .unwrap();
            s
        })
    };
    let child = bin()
        .current_dir(dir.path())
        .args([
            "check",
            "--no-config",
            "a.org.yaml",
            "--format",
            "json",
            "-o",
        ])
        .arg(&fifo)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = wait_or_kill(child);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(reader.join().unwrap().contains("\"diagnostics\""));
    assert!(std::fs::symlink_metadata(&fifo)
        .unwrap()
        .file_type()
        .is_fifo());
}

#[test]
fn output_through_a_symlink_replaces_the_target_and_keeps_the_link() {
    let (dir, _) = org_dir();
    std::fs::create_dir(dir.path().join("reports")).unwrap();
    std::fs::write(dir.path().join("reports/real.json"), "old").unwrap();
    std::os::unix::fs::symlink("reports/real.json", dir.path().join("link.json")).unwrap();
    let out = run_in(
        dir.path(),
        &[
            "check",
            "--no-config",
            "a.org.yaml",
            "--format",
            "json",
            "-o",
            "link.json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let link = std::fs::symlink_metadata(dir.path().join("link.json")).unwrap();
    assert!(
        link.file_type().is_symlink(),
        "the link was replaced by a file"
    );
    let written = std::fs::read_to_string(dir.path().join("reports/real.json")).unwrap();
    assert!(written.contains("\"diagnostics\""));
}

#[test]
fn output_keeps_an_existing_targets_permissions_and_leaves_no_temp_file() {
    let (dir, _) = org_dir();
    let target = dir.path().join("report.json");
    std::fs::write(&target, "old").unwrap();
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o600)).unwrap();
    let out = run_in(
        dir.path(),
        &[
            "check",
            "--no-config",
            "a.org.yaml",
            "--format",
            "json",
            "-o",
            "report.json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(std::fs::metadata(&target).unwrap().mode() & 0o777, 0o600);
    assert!(std::fs::read_to_string(&target)
        .unwrap()
        .contains("\"diagnostics\""));
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["a.org.yaml", "report.json"]);
}

#[test]
fn a_new_output_gets_the_mode_of_any_new_file() {
    let (dir, _) = org_dir();
    let out = run_in(
        dir.path(),
        &["check", "--no-config", "a.org.yaml", "-o", "new.txt"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // What this process's umask gives a new file (the child inherits the same umask).
    let reference = dir.path().join("reference");
    std::fs::write(&reference, "").unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().mode() & 0o777;
    assert_eq!(mode(&dir.path().join("new.txt")), mode(&reference));
}

#[test]
fn output_never_overwrites_an_input_of_the_run() {
    let (dir, org) = org_dir();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(dir.path().join("sub/b.org.yaml"), HEALTHY).unwrap();
    std::fs::hard_link(&org, dir.path().join("hard.json")).unwrap();
    std::fs::write(dir.path().join("rolelint.yaml"), "extends: recommended\n").unwrap();
    for args in [
        // Named on the command line, by another spelling of the path.
        &["check", "--no-config", "a.org.yaml", "-o", "./a.org.yaml"][..],
        // Found by the walk.
        &["check", "--no-config", ".", "-o", "sub/b.org.yaml"],
        &[
            "check",
            "--no-config",
            ".",
            "--write-baseline",
            "sub/../a.org.yaml",
        ],
        // Another name of the same file.
        &["check", "--no-config", "a.org.yaml", "-o", "hard.json"],
        // The config of the run.
        &["check", "a.org.yaml", "-o", "rolelint.yaml"],
        // The name standard input stands for.
        &[
            "check",
            "--no-config",
            "-",
            "--stdin-filename",
            "a.org.yaml",
            "-o",
            "a.org.yaml",
        ],
        &["graph", "--no-config", ".", "-o", "a.org.yaml"],
    ] {
        let out = bin()
            .current_dir(dir.path())
            .args(args)
            .stdin(std::fs::File::open(&org).unwrap())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            text(&out.stderr).contains("refusing to write"),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert_eq!(std::fs::read_to_string(&org).unwrap(), HEALTHY, "{args:?}");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("sub/b.org.yaml")).unwrap(),
            HEALTHY
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("rolelint.yaml")).unwrap(),
            "extends: recommended\n"
        );
    }
}

#[test]
fn output_ignores_a_planted_link_at_the_old_temporary_name() {
    let (dir, _) = org_dir();
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "keep").unwrap();
    // The former temporary name, `.NAME.tmpPID`, for every plausible process id would
    // be many links; the name is now random and created exclusively, so one planted link
    // per low pid shows it is not followed.
    for pid in 1..200 {
        let _ = std::os::unix::fs::symlink(&victim, dir.path().join(format!(".r.json.tmp{pid}")));
    }
    let out = run_in(
        dir.path(),
        &["check", "--no-config", "a.org.yaml", "-o", "r.json"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep");
}

// ---- 3. Terminal injection ---------------------------------------------------------

/// Controls that must never reach a terminal raw, as UTF-8.
fn raw_controls(s: &str) -> Vec<char> {
    s.chars()
        .filter(|&c| {
            (c < ' ' && c != '\n' && c != '\t')
                || ('\u{7f}'..='\u{9f}').contains(&c)
                || ('\u{202a}'..='\u{202e}').contains(&c)
                || ('\u{2066}'..='\u{2069}').contains(&c)
        })
        .collect()
}

const EVIL_ORG: &str = "version: 1\n\
organisation: \"Evil\\e[2J\"\n\
products:\n  - id: \"p\\e]8;;http://x\\e\\\\1\"\n    name: \"A\\u202eB\"\n    managers: [\"bob\\e[31m\"]\n\
people:\n  - id: alice\n    name: Al\u{202e}ice\n    title: \"PM\\e[2J\"\n    \"rol\\e[5me\": product-manager\n    reports_to: \"z\\e]8;;http://evil\\u0007z\"\n    # rolelint: ignore[Q\\e[2J999]\n    responsibilities: [\"own the\\e[2J roadmap\"]\n";

const EVIL_JD: &str = "# Product Owner \u{1b}[2J\n\n<!-- rolelint: ignore[J0\u{1b}[2J1] -->\n- Own the \u{1b}]8;;http://x\u{7}roadmap\u{1b}]8;;\u{7} and \u{202e}vision\n- Write user stories\u{9b}31m\n";

#[test]
fn human_output_has_no_raw_terminal_controls() {
    let dir = tempfile::tempdir().unwrap();
    let org_name = "e\u{1b}[2J\u{202e}.org.yaml";
    std::fs::write(dir.path().join(org_name), EVIL_ORG).unwrap();
    // A snippet with a control before the span: the underline must still sit under it.
    std::fs::write(dir.path().join("p\u{1b}]8;;x\u{7}.jd.md"), EVIL_JD).unwrap();
    std::fs::write(
        dir.path().join("broken.org.yaml"),
        "people:\n  # rolelint: ignore[S0\u{1b}[2J01]\n  - id: a\u{1b}[2J\n    name: \u{1b}[2J: [\n",
    )
    .unwrap();
    for color in ["never", "always"] {
        let out = run_in(
            dir.path(),
            &[
                "check",
                "--no-config",
                "--color",
                color,
                "--statistics",
                "--show-findings",
                ".",
            ],
        );
        // With colour, the only escapes are the SGR sequences rolelint writes itself.
        let (stdout, stderr) = (without_sgr(&text(&out.stdout)), text(&out.stderr));
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert_eq!(raw_controls(&stdout), Vec::<char>::new(), "{stdout}");
        assert_eq!(raw_controls(&stderr), Vec::<char>::new(), "{stderr}");
        // Escaped, not dropped: in messages and file names as `\u{..}`, in snippets one
        // visible character each.
        assert!(stdout.contains("e\\u{1b}[2J\\u{202e}.org.yaml"), "{stdout}");
        assert!(stdout.contains("PM\\u{1b}[2J"), "{stdout}");
        assert!(stdout.contains("rol\\u{1b}[5me"), "{stdout}");
        assert!(stdout.contains("a\u{241b}[2J"), "{stdout}");
    }
}

/// `s` without `ESC [ digits ; m` colour sequences.
fn without_sgr(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find("\u{1b}[") {
        out.push_str(&rest[..i]);
        let tail = &rest[i + 2..];
        let n = tail
            .find(|c: char| !(c.is_ascii_digit() || c == ';'))
            .unwrap_or(tail.len());
        if tail[n..].starts_with('m') {
            rest = &tail[n + 1..];
        } else {
            out.push('\u{1b}');
            rest = &rest[i + 1..];
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn snippet_underlines_stay_under_the_span_after_a_control() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.jd.md"),
        "# Product Owner\n\n- Own \u{1b}[2J\u{9b}1m\u{202e} the backlog <!-- rolelint: bogus -->\n",
    )
    .unwrap();
    let out = run_in(
        dir.path(),
        &["check", "--no-config", "--color", "never", "a.jd.md"],
    );
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    // The snippet line and the underline below it: the comment starts where the underline does.
    let at = lines
        .iter()
        .position(|l| l.contains("<!--") && l.contains('\u{241b}'))
        .unwrap_or_else(|| panic!("{stdout}"));
    let col = |s: &str, pat: &str| s[..s.find(pat).unwrap()].chars().count();
    let under = lines[at + 1];
    let first_mark = under
        .char_indices()
        .find(|(_, c)| *c == '─' || *c == '┬')
        .unwrap_or_else(|| panic!("{stdout}"))
        .0;
    assert_eq!(
        col(lines[at], "<!--"),
        under[..first_mark].chars().count(),
        "{stdout}"
    );
    // The header's column counts characters, as the JSON does (a control is one).
    assert!(stdout.contains("a.jd.md:3:28]"), "{stdout}");
}

#[test]
fn config_errors_escape_terminal_controls() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.org.yaml"), HEALTHY).unwrap();
    std::fs::write(
        dir.path().join("rolelint.yaml"),
        "rules:\n  \"R0\\e[2J01\": error\n  T003: { min_share: [\"\\e]8;;x\\a\", 2] }\nbogus\u{1b}[2J: 1\n",
    )
    .unwrap();
    let out = run_in(dir.path(), &["check", "--color", "never", "a.org.yaml"]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(raw_controls(&stderr), Vec::<char>::new(), "{stderr}");
    assert!(stderr.contains("bogus\u{241b}[2J"), "{stderr}");
}

#[test]
fn classify_rules_and_errors_escape_terminal_controls() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("duties.txt"),
        "Own the \u{1b}[2Jroadmap \u{202e}and vision\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("rolelint.yaml"),
        "custom:\n  - code: C\u{1b}[2J1\n    role: product-owner\n    message: \"bad\\e[2J\"\n    forbid: \"x\"\n",
    )
    .unwrap();
    for args in [
        &["classify", "duties.txt"][..],
        &["rules", "--config", "rolelint.yaml"],
        &["check", "--no-config", "missing\u{1b}[2J.org.yaml"],
        &["explain", "S\u{1b}[2J1"],
    ] {
        let out = run_in(dir.path(), args);
        let all = text(&out.stdout) + &text(&out.stderr);
        assert_eq!(raw_controls(&all), Vec::<char>::new(), "{args:?}: {all}");
    }
    let out = run_in(
        dir.path(),
        &["check", "--no-config", "missing\u{1b}[2J.org.yaml"],
    );
    assert!(text(&out.stderr).contains("missing\\u{1b}[2J.org.yaml"));
}

// ---- 4. Failures that exit 0 --------------------------------------------------------

#[test]
fn broken_pipe_in_a_file_name_is_not_a_closed_pipe() {
    let (dir, _) = org_dir();
    let out = run_in(
        dir.path(),
        &["check", "--no-config", "Broken pipe.org.yaml"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let out = run_in(
        dir.path(),
        &[
            "check",
            "--no-config",
            "a.org.yaml",
            "-o",
            "Broken pipe/r.json",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("does not exist"));
}

#[test]
fn a_closed_stdout_ends_the_run_quietly() {
    let (dir, _) = org_dir();
    // Enough output that the pipe (64 KiB) fills after the reader has gone.
    let mut org = String::from("version: 1\npeople:\n");
    for i in 0..3000 {
        org.push_str(&format!(
            "  - {{ id: p{i}, roles: [product-owner], reports_to: nobody{i} }}\n"
        ));
    }
    std::fs::write(dir.path().join("big.org.yaml"), org).unwrap();
    for args in [
        &["check", "--no-config", "big.org.yaml"][..],
        &["check", "--no-config", "--format", "json", "big.org.yaml"],
        &["man"],
        &["completions", "bash"],
    ] {
        let mut child = bin()
            .current_dir(dir.path())
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Read one byte and go away, as `| head -c 1` does.
        let mut first = [0u8; 1];
        let mut stdout = child.stdout.take().unwrap();
        let _ = stdout.read(&mut first);
        drop(stdout);
        let out = wait_or_kill(child);
        let stderr = text(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(!stderr.contains("error"), "{args:?}: {stderr}");
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{args:?}: {:?}",
            out.status
        );
    }
}

#[test]
fn a_closed_or_unreadable_stdin_is_an_error_not_an_empty_file() {
    let (dir, _) = org_dir();
    let rolelint = env!("CARGO_BIN_EXE_rolelint");
    for redirect in ["<&-", "</dev/null", "0>/dev/null"] {
        let out = Command::new("sh")
            .current_dir(dir.path())
            .arg("-c")
            .arg(format!(
                "exec \"$0\" check --no-config - --stdin-filename a.org.yaml {redirect}"
            ))
            .arg(rolelint)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(2),
            "{redirect}: {}",
            text(&out.stderr)
        );
        assert!(text(&out.stderr).contains("standard input"), "{redirect}");
    }
    // A pipe is read as before.
    let mut child = bin()
        .current_dir(dir.path())
        .args([
            "check",
            "--no-config",
            "-",
            "--stdin-filename",
            "a.org.yaml",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(HEALTHY.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
}

// ---- 6. Unbounded reads ------------------------------------------------------------

/// Writes zeros into the child's standard input until the child stops reading.
fn endless_stdin(args: &[&str], dir: &Path) -> Output {
    let mut child = bin()
        .current_dir(dir)
        .args(args)
        .env("ROLELINT_MAX_FILE_SIZE", "64KiB")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let chunk = vec![b'a'; 64 * 1024];
        // Ends with an error once the child has closed its end (or exited).
        while stdin.write_all(&chunk).is_ok() {}
    });
    let out = wait_or_kill(child);
    writer.join().unwrap();
    out
}

#[test]
fn stdin_is_read_up_to_the_size_cap_only() {
    let dir = tempfile::tempdir().unwrap();
    let out = endless_stdin(
        &[
            "check",
            "--no-config",
            "--format",
            "json",
            "-",
            "--stdin-filename",
            "a.org.yaml",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("more than the limit"));
    let out = endless_stdin(&["classify", "--no-config", "-"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("more than the limit"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_fifo_or_device_named_as_an_input_is_refused_not_waited_on() {
    let (dir, _) = org_dir();
    mkfifo(&dir.path().join("f.org.yaml"));
    mkfifo(&dir.path().join("f.yaml"));
    for args in [
        &["check", "--no-config", "f.org.yaml"][..],
        &["check", "--config", "f.yaml", "a.org.yaml"],
        &["check", "--config", "/dev/zero", "a.org.yaml"],
        &["check", "--no-config", "--baseline", "f.yaml", "a.org.yaml"],
        &[
            "check",
            "--no-config",
            "--baseline",
            "/dev/zero",
            "a.org.yaml",
        ],
        &["classify", "--no-config", "f.yaml"],
        &["rules", "--config", "f.yaml"],
    ] {
        let child = bin()
            .current_dir(dir.path())
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let out = wait_or_kill(child);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            text(&out.stderr).contains("is not read as an input"),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
}

#[test]
fn a_config_over_its_cap_is_refused_without_reading_it_all() {
    let (dir, _) = org_dir();
    // Sparse: 1 GiB of zeros that take no disk.
    let f = std::fs::File::create(dir.path().join("big.yaml")).unwrap();
    f.set_len(1 << 30).unwrap();
    let out = run_in(dir.path(), &["check", "--config", "big.yaml", "a.org.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("limit"), "{}", text(&out.stderr));
}

#[test]
fn symlinked_org_files_in_a_walked_folder_are_followed_or_reported() {
    let (dir, _) = org_dir();
    let d = dir.path().join("d");
    std::fs::create_dir(&d).unwrap();
    std::fs::write(d.join("real.txt"), HEALTHY.replace("shop", "linked")).unwrap();
    std::os::unix::fs::symlink("real.txt", d.join("link.org.yaml")).unwrap();
    std::os::unix::fs::symlink("nowhere", d.join("dangling.org.yaml")).unwrap();
    std::os::unix::fs::symlink("loop.org.yaml", d.join("loop.org.yaml")).unwrap();
    std::os::unix::fs::symlink("..", d.join("folder.org.yaml")).unwrap();
    let out = run_in(
        dir.path(),
        &["check", "--no-config", "--format", "json", "d"],
    );
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["summary"]["files"], 1, "{doc}");
    assert!(
        stderr.contains("skipped the link d/dangling.org.yaml: it points to nothing"),
        "{stderr}"
    );
    assert!(
        stderr.contains("skipped the link d/loop.org.yaml: symlink loop"),
        "{stderr}"
    );
    assert!(
        stderr.contains("skipped the link d/folder.org.yaml: it points to a folder"),
        "{stderr}"
    );
}

// ---- 8. Small ones ----------------------------------------------------------------

#[test]
fn huge_min_share_does_not_wrap() {
    let (dir, _) = org_dir();
    std::fs::write(
        dir.path().join("rolelint.yaml"),
        "rules:\n  T003: { min_share: [18446744073709551615, 18446744073709551615] }\n",
    )
    .unwrap();
    let out = run_in(dir.path(), &["check", "a.org.yaml"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    std::fs::write(
        dir.path().join("rolelint.yaml"),
        "rules:\n  T003: { min_share: [1, 36893488147419103232] }\n",
    )
    .unwrap();
    let out = run_in(dir.path(), &["check", "a.org.yaml"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("min_share"));
}

#[test]
fn a_non_utf8_rolelint_today_is_an_error() {
    use std::os::unix::ffi::OsStrExt;
    let (dir, _) = org_dir();
    let out = bin()
        .current_dir(dir.path())
        .env(
            "ROLELINT_TODAY",
            std::ffi::OsStr::from_bytes(b"2027-01-0\xff"),
        )
        .args(["check", "--no-config", "a.org.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("ROLELINT_TODAY"));
}

#[test]
fn a_self_referencing_link_on_the_command_line_is_a_symlink_loop() {
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink("self.org.yaml", dir.path().join("self.org.yaml")).unwrap();
    let out = run_in(dir.path(), &["check", "--no-config", "self.org.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("symlink loop"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn homoglyph_ids_get_an_info_note() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.org.yaml"),
        HEALTHY.replace("{ id: ben,", "{ id: b\u{0435}n,"),
    )
    .unwrap();
    // `bеn` (Cyrillic е) next to `ben`.
    std::fs::write(
        dir.path().join("b.org.yaml"),
        "people:\n  - { id: ben, roles: [engineer] }\n",
    )
    .unwrap();
    let out = run_in(
        dir.path(),
        &["check", "--no-config", "--format", "json", "."],
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let s008: Vec<&serde_json::Value> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "S008")
        .collect();
    assert_eq!(s008.len(), 1, "{doc}");
    assert_eq!(s008[0]["severity"], "info");
}
