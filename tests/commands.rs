//! The commands around linting: `init`, `schema`, `completions`, `man`, and the examples
//! every command's `--help` must show.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

fn bin(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_rolelint"));
    c.current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("ROLELINT_MAX_FILE_SIZE");
    c
}

fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = bin(dir).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn init_then_check_is_clean() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, _, err) = run_in(tmp.path(), &["init"]);
    assert_eq!(code, 0, "{err}");
    assert!(tmp.path().join("org.yaml").is_file() && tmp.path().join("rolelint.yaml").is_file());
    // The config is found (no --no-config) and the org lints with no diagnostic at all.
    let (code, out, err) = run_in(tmp.path(), &["check", "--format", "json"]);
    assert_eq!(code, 0, "{out}{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["diagnostics"], serde_json::json!([]), "{out}");
    assert_eq!(doc["summary"]["files"], 1);
    let (code, out, err) = run_in(tmp.path(), &["check"]);
    assert_eq!(code, 0, "{out}{err}");
    let (code, _, err) = run_in(
        tmp.path(),
        &["check", "--config", "rolelint.yaml", "--max-warnings", "0"],
    );
    assert_eq!(code, 0, "the starter config loads with --config: {err}");
    rolelint::config::file::from_text(
        rolelint::commands::init::STARTER_CONFIG,
        Path::new("rolelint.yaml"),
    )
    .unwrap_or_else(|e| panic!("{e:?}"));
}

#[test]
fn init_into_a_new_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, _, err) = run_in(tmp.path(), &["init", "team/org"]);
    assert_eq!(code, 0, "{err}");
    let dir = tmp.path().join("team/org");
    let (code, out, err) = run_in(&dir, &["check"]);
    assert_eq!(code, 0, "{out}{err}");
}

#[test]
fn init_never_overwrites() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("rolelint.yaml"), "extends: strict\n").unwrap();
    let (code, _, err) = run_in(tmp.path(), &["init"]);
    assert_eq!(code, 2);
    assert!(err.contains("rolelint.yaml"), "{err}");
    assert!(
        !tmp.path().join("org.yaml").exists(),
        "nothing written when one file exists"
    );
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("rolelint.yaml")).unwrap(),
        "extends: strict\n"
    );

    let tmp = tempfile::tempdir().unwrap();
    assert_eq!(run_in(tmp.path(), &["init"]).0, 0);
    let before = std::fs::read_to_string(tmp.path().join("org.yaml")).unwrap();
    assert_eq!(run_in(tmp.path(), &["init"]).0, 2);
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("org.yaml")).unwrap(),
        before
    );

    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join(".rolelint.yaml"), "extends: strict\n").unwrap();
    assert_eq!(
        run_in(tmp.path(), &["init"]).0,
        2,
        "a second config file beside .rolelint.yaml"
    );
    assert!(!tmp.path().join("org.yaml").exists());
}

#[test]
fn starter_org_shows_every_section_and_key() {
    let text = rolelint::commands::init::STARTER_ORG;
    for key in rolelint::load::yaml::TOP_KEYS {
        assert!(
            text.contains(&format!("\n{key}:")),
            "starter org.yaml shows `{key}`"
        );
    }
    use rolelint::load::yaml::{Entity, RawBacklog, RawPerson, RawProduct, RawTeam};
    for key in [
        RawProduct::KNOWN,
        RawTeam::KNOWN,
        RawBacklog::KNOWN,
        RawPerson::KNOWN,
    ]
    .concat()
    {
        assert!(
            text.contains(&format!(" {key}:")),
            "starter org.yaml shows `{key}`"
        );
    }
    let schema_line = format!(
        "# yaml-language-server: $schema={}",
        rolelint::schema::url(rolelint::schema::Which::Org)
    );
    assert!(text.starts_with(&schema_line), "{schema_line}");
    let config_line = format!(
        "# yaml-language-server: $schema={}",
        rolelint::schema::url(rolelint::schema::Which::Config)
    );
    assert!(rolelint::commands::init::STARTER_CONFIG.starts_with(&config_line));
}

#[test]
fn schema_command_prints_the_checked_in_schemas() {
    for (args, file) in [
        (&["schema"][..], "schema/org.schema.json"),
        (&["schema", "config"][..], "schema/config.schema.json"),
    ] {
        let (code, out, _) = run_in(root(), args);
        assert_eq!(code, 0);
        assert_eq!(
            out,
            std::fs::read_to_string(root().join(file)).unwrap(),
            "{args:?}"
        );
        let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(
            doc["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
    }
    assert_eq!(
        run_in(root(), &["schema", "org"]).1,
        run_in(root(), &["schema"]).1
    );
}

#[test]
fn readme_shows_the_schema_line() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let line = format!(
        "# yaml-language-server: $schema={}",
        rolelint::schema::url(rolelint::schema::Which::Org)
    );
    assert!(readme.contains(&line), "README.md shows `{line}`");
}

fn has_bash() -> bool {
    Command::new("bash")
        .arg("-c")
        .arg("true")
        .status()
        .is_ok_and(|s| s.success())
}

#[test]
#[ignore = "needs bash: run by .ci/run with --ignored"]
fn bash_completions_parse() {
    let (code, script, _) = run_in(root(), &["completions", "bash"]);
    assert_eq!(code, 0);
    assert!(script.contains("rolelint") && script.contains("explain"));
    assert!(has_bash(), "no bash to check the script with `bash -n`");
    let mut child = Command::new("bash")
        .arg("-n")
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(script.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "bash -n: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    for shell in ["zsh", "fish"] {
        let (code, script, _) = run_in(root(), &["completions", shell]);
        assert_eq!(code, 0, "{shell}");
        assert!(script.contains("explain"), "{shell}");
    }
    assert_eq!(run_in(root(), &["completions", "tcsh"]).0, 2);
}

#[test]
fn man_page_is_roff() {
    let (code, page, _) = run_in(root(), &["man"]);
    assert_eq!(code, 0);
    assert!(
        page.starts_with(".TH rolelint 1"),
        "{}",
        &page[..page.len().min(200)]
    );
    assert!(page.contains("explain") && page.contains("Examples"));
    let (code, page, _) = run_in(root(), &["man", "check"]);
    assert_eq!(code, 0);
    assert!(
        page.starts_with(".TH rolelint-check 1") && page.contains("max\\-warnings"),
        "{}",
        &page[..page.len().min(300)]
    );
    assert_eq!(run_in(root(), &["man", "nope"]).0, 2);
}

#[test]
fn every_command_help_shows_an_example() {
    use clap::CommandFactory;
    let cli = rolelint::cli::Cli::command();
    let mut names: Vec<String> = cli
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    assert!(names.len() >= 9, "{names:?}");
    names.push(String::new()); // rolelint --help itself
    for name in names {
        let args: Vec<&str> = if name.is_empty() {
            vec!["--help"]
        } else {
            vec![name.as_str(), "--help"]
        };
        let (code, out, err) = run_in(root(), &args);
        assert_eq!(code, 0, "{args:?}: {err}");
        let example = out
            .lines()
            .skip_while(|l| !l.starts_with("Example"))
            .nth(1)
            .unwrap_or_default();
        assert!(
            example.trim_start().starts_with("rolelint") || example.trim_start().starts_with("echo"),
            "`rolelint {name} --help` shows an example (after_help = \"Examples:\\n  rolelint ...\"):\n{out}"
        );
    }
}
