//! The command-line contract: exit codes, the shorthand, paths, outputs that never touch
//! the inputs.

use std::process::Command;

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_rolelint"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1");
    c
}

/// Runs the binary with `input` on standard input; the exit code and standard output.
fn run_with_stdin(args: &[&str], input: &[u8]) -> (i32, Vec<u8>) {
    use std::io::Write;
    let mut child = bin()
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    let out = child.wait_with_output().unwrap();
    (out.status.code().unwrap_or(-1), out.stdout)
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = bin().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn exit_codes() {
    assert_eq!(run(&["check", "examples/"]).0, 0);
    assert_eq!(
        run(&["check", "--no-config", "tests/orgs/mixed-problems.org.yaml"]).0,
        1
    );
    let (code, _, err) = run(&["check", "no/such/path"]);
    assert_eq!(code, 2);
    assert!(err.contains("no such file"), "{err}");
    assert_eq!(run(&["check", "--no-such-flag"]).0, 2);
    assert_eq!(run(&["check", "Cargo.toml"]).0, 2, "unknown extension");
    let (code, _, err) = run(&["check", "src"]);
    assert_eq!(code, 2, "nothing to lint");
    assert!(err.contains("**/*.org.yaml"), "{err}");
}

#[test]
fn shorthand_and_subcommand_precedence() {
    let (a, out_a, _) = run(&["examples/", "--format", "json"]);
    let (b, out_b, _) = run(&["check", "examples/", "--format", "json"]);
    assert_eq!((a, &out_a), (b, &out_b));
    let (code, out, _) = run(&["rules"]);
    assert_eq!(code, 0);
    assert!(out.contains("O002") && out.contains("backlog-multiple-owners"));
}

#[test]
fn human_output_has_code_help_sources_and_summary() {
    let (_, out, _) = run(&["check", "--no-config", "tests/fixtures/O002/fail.org.yaml"]);
    assert!(out.contains("O002 backlog-multiple-owners"), "{out}");
    assert!(out.contains("help:") && out.contains("sources:"), "{out}");
    assert!(!out.contains("\x1b["));
    assert!(out.lines().last().unwrap().contains("in 1 file"), "{out}");
}

#[test]
fn json_output_shape() {
    let (_, out, _) = run(&[
        "check",
        "--format",
        "json",
        "../shared/conformance/cases/backlog.org.yaml",
    ]);
    if out.is_empty() {
        return; // ../shared is not beside this checkout
    }
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let d = &doc["diagnostics"][0];
    for key in [
        "code", "name", "severity", "message", "help", "file", "span", "start", "end", "labels",
        "sources",
    ] {
        assert!(d.get(key).is_some(), "missing {key}");
    }
}

#[test]
fn classify_reads_stdin_lines() {
    let (_, stdout) = run_with_stdin(
        &["classify", "--format", "json", "-"],
        b"Own the pricing strategy\n\nWrite user stories\nWater the plants\n",
    );
    let doc: serde_json::Value = serde_json::from_slice(&stdout).unwrap();
    let got: Vec<(u64, String)> = doc["statements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["line"].as_u64().unwrap(),
                s["class"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (1, "strategic".into()),
            (3, "tactical".into()),
            (4, "unclassified".into())
        ]
    );
}

#[test]
fn classify_a_job_description_and_an_org_file() {
    let (code, out, _) = run(&[
        "classify",
        "--format",
        "json",
        "examples/jobs/two-jobs.jd.md",
    ]);
    assert_eq!(code, 0);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/jobs/two-jobs.jd.md"
    ))
    .unwrap();
    let lines: Vec<&str> = text.lines().collect();
    for s in doc["statements"].as_array().unwrap() {
        let line = s["line"].as_u64().unwrap() as usize;
        assert!(lines[line - 1].contains(s["text"].as_str().unwrap().split(' ').next().unwrap()));
    }
    let (code, out, _) = run(&["classify", "tests/fixtures/T001/fail.org.yaml"]);
    assert_eq!(code, 0);
    assert!(out.contains("strategic"), "{out}");
}

#[test]
fn inputs_are_never_modified() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("a.org.yaml");
    std::fs::write(&f, "people:\n  - id: a\n    report_to: b\n").unwrap();
    let before = std::fs::read(&f).unwrap();
    run(&["check", f.to_str().unwrap()]);
    assert_eq!(before, std::fs::read(&f).unwrap());
}

#[test]
fn output_file_is_written_whole_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.json");
    let (code, _, _) = run(&[
        "check",
        "--format",
        "json",
        "-o",
        out.to_str().unwrap(),
        "examples/",
    ]);
    assert_eq!(code, 0);
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(doc["version"], 1);
    let missing = dir.path().join("no/such/dir/report.json");
    let (code, _, err) = run(&[
        "check",
        "--format",
        "json",
        "-o",
        missing.to_str().unwrap(),
        "examples/",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(!missing.exists());
}

#[test]
#[ignore = "needs ../shared beside the checkout: run by .ci/run with --ignored"]
fn statistics_on_the_boundary_case() {
    let (_, out, _) = run(&[
        "check",
        "--statistics",
        "--format",
        "json",
        "../shared/conformance/cases/boundary.org.yaml",
    ]);
    assert!(
        !out.is_empty(),
        "../shared/conformance/cases/boundary.org.yaml not found"
    );
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let s = &doc["summary"]["statistics"];
    assert_eq!(
        (
            s["products"].as_u64(),
            s["product_managers"].as_u64(),
            s["product_owners"].as_u64(),
            s["teams"].as_u64()
        ),
        (Some(3), Some(3), Some(8), Some(11))
    );
    assert_eq!(s["ratio"], "1:2.67");
}

#[test]
fn readme_rule_table_matches_the_catalogue() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for r in rolelint::catalog::catalog().rules() {
        let row = format!(
            "| {} | `{}` | {} | {} |",
            r.code,
            r.name,
            r.severity.as_str(),
            r.summary
        );
        assert!(readme.contains(&row), "README lacks the row {row}");
    }
}

#[test]
fn dangling_reference_suggests_the_close_id() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("a.org.yaml");
    std::fs::write(&f, "people:\n  - { id: nobody, roles: [engineer] }\n  - { id: pam, roles: [engineer], reports_to: nobdy }\n").unwrap();
    let (code, out, _) = run(&[
        "check",
        "--no-config",
        "--format",
        "json",
        f.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let d = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "S004")
        .expect("S004");
    assert!(d["help"].as_str().unwrap().contains("`nobody`"), "{d}");
}

#[test]
fn standard_input_is_linted_as_the_named_file() {
    let text = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/O002/fail.org.yaml"
    ))
    .unwrap();
    let (_, stdout) = run_with_stdin(
        &[
            "check",
            "--no-config",
            "--format",
            "json",
            "--stdin-filename",
            "org/team.org.yaml",
            "-",
        ],
        &text,
    );
    let doc: serde_json::Value = serde_json::from_slice(&stdout).unwrap();
    let d = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "O002")
        .expect("O002");
    assert_eq!(d["file"], "org/team.org.yaml");
    let span = &d["span"];
    let (o, l) = (
        span["offset"].as_u64().unwrap() as usize,
        span["length"].as_u64().unwrap() as usize,
    );
    assert!(
        std::str::from_utf8(&text[o..o + l]).unwrap().contains(','),
        "the owner list"
    );
    let (code, _, err) = run(&["check", "-"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn readme_config_example_loads() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme
        .find("```yaml\nextends:")
        .expect("a config example in the README")
        + "```yaml\n".len();
    let block = &readme[start..start + readme[start..].find("```").unwrap()];
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("rolelint.yaml");
    std::fs::write(&cfg, block).unwrap();
    let (code, out, err) = run(&["rules", "--config", cfg.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("ACME001"));
}

#[test]
fn classify_uses_the_config_vocabulary() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("rolelint.yaml");
    std::fs::write(&cfg, "vocabulary:\n  tactical: ['\\bjira\\b']\n").unwrap();
    let classify = |extra: &[&str]| {
        let args: Vec<&str> = ["classify", "--format", "json"]
            .iter()
            .chain(extra)
            .chain(&["-"])
            .copied()
            .collect();
        let (_, stdout) = run_with_stdin(&args, b"Keep the Jira board tidy\n");
        let doc: serde_json::Value = serde_json::from_slice(&stdout).unwrap();
        doc["statements"][0]["class"].as_str().unwrap().to_string()
    };
    assert_eq!(classify(&["--config", cfg.to_str().unwrap()]), "tactical");
    assert_eq!(classify(&["--no-config"]), "unclassified");
}
