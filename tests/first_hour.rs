//! A newcomer's first hour (issue 19): what a new user meets, from a fresh clone, with the
//! README in one hand. Each test runs the binary as a user would, in a temporary folder.

use std::path::Path;
use std::process::{Command, Stdio};

fn bin(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_rolelint"));
    c.current_dir(dir)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .env_remove("GITHUB_WORKSPACE")
        .stdin(Stdio::null());
    c
}

/// Runs `rolelint ARGS` in `dir`: exit code, stdout, stderr.
fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = bin(dir).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn temp_with(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    dir
}

/// The `╭─[file:line:col]` headers of a human report, in order.
fn headers(out: &str) -> Vec<String> {
    out.lines()
        .filter_map(|l| {
            let i = l.find("╭─[")?;
            Some(l[i + "╭─[".len()..].trim_end_matches(']').to_string())
        })
        .collect()
}

// Item 3: locations.

#[test]
fn a_tab_in_indentation_is_pointed_at_with_the_plain_help() {
    let dir = temp_with(&[(
        "tab.org.yaml",
        b"version: 1\npeople:\n  - id: alice\n\troles: [product-manager]\n",
    )]);
    let (code, out, _) = run_in(dir.path(), &["check", "tab.org.yaml"]);
    assert_eq!(code, 1);
    assert_eq!(headers(&out), ["tab.org.yaml:4:1"], "{out}");
    assert!(
        out.contains("YAML does not allow tabs for indentation; use spaces"),
        "{out}"
    );
    assert!(
        !out.contains("fix the YAML syntax at this position"),
        "{out}"
    );
}

#[test]
fn common_parser_messages_say_what_the_user_did() {
    let dir = temp_with(&[
        (
            "colon.org.yaml",
            b"version: 1\npeople:\n  - id: alice\n    title: Head: Product\n",
        ),
        (
            "indent.org.yaml",
            b"version: 1\npeople:\n  - id: alice\n    roles: [product-manager]\n     title: x\n",
        ),
    ]);
    let (_, out, _) = run_in(dir.path(), &["check", "colon.org.yaml"]);
    assert!(out.contains("`title: \"Head: Product\"`"), "{out}");
    assert!(!out.contains("mapping values are not allowed"), "{out}");
    let (_, out, _) = run_in(dir.path(), &["check", "indent.org.yaml"]);
    assert!(out.contains("line it up with `roles`"), "{out}");
    assert!(!out.contains("did not find expected key"), "{out}");
}

#[test]
fn the_human_header_is_always_the_primary_span() {
    // A duplicate id far below its first definition: the report is headed at the duplicate.
    let mut org = String::from("version: 1\npeople:\n  - id: alice\n    roles: [engineer]\n");
    for i in 0..10 {
        org.push_str(&format!("  - id: p{i}\n    roles: [engineer]\n"));
    }
    org.push_str("  - id: alice\n    roles: [engineer]\n");
    let dir = temp_with(&[("dup.org.yaml", org.as_bytes())]);
    let (_, out, _) = run_in(dir.path(), &["check", "dup.org.yaml"]);
    let report = &out[out.find("S003").unwrap()..];
    assert_eq!(
        headers(report).first().map(String::as_str),
        Some("dup.org.yaml:25:9"),
        "{report}"
    );
}

#[test]
fn a_binary_file_is_not_a_text_file() {
    let dir = temp_with(&[("bin.org.yaml", b"ver\0\0sion\x01\xff\xfe")]);
    let out = bin(dir.path())
        .args(["check", "bin.org.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(!out.stdout.contains(&0), "NUL bytes reached the terminal");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("not a text file"), "{text}");
    assert!(!text.contains("1252"), "{text}");
}

#[test]
fn config_snippets_keep_their_indentation() {
    let dir = temp_with(&[
        ("org.yaml", b"version: 1\n"),
        (
            "rolelint.yaml",
            b"extends: recommended\noverrides:\n  files: [\"a/**\"]\n  rules: {T001: off}\n",
        ),
    ]);
    let (code, _, err) = run_in(dir.path(), &["check", "org.yaml"]);
    assert_eq!(code, 2);
    assert!(err.contains(" 2 │ overrides:"), "{err}");
    assert!(err.contains(" 3 │   files:"), "{err}");
}

#[test]
fn help_lines_break_at_spaces_never_inside_a_name() {
    let dir = temp_with(&[
        ("org.yaml", b"version: 1\n"),
        (
            "rolelint.yaml",
            b"rules: {T001: {severity: warning, nonsense: 1}}\n",
        ),
    ]);
    let out = bin(dir.path())
        .env("COLUMNS", "60")
        .args(["check", "org.yaml"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("(po-strategic-duty)"), "{err}");
}

// Item 1: install, and the README's commands.

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every `rolelint ...` line of a `sh` block in the README, with the exit code its comment
/// gives (`# exit 1: ...`; 0 when it says none).
fn readme_commands(readme: &str) -> Vec<(Vec<String>, i32)> {
    let mut out = Vec::new();
    let mut in_sh = false;
    for line in readme.lines() {
        if line.starts_with("```") {
            in_sh = line.trim() == "```sh";
            continue;
        }
        if !in_sh || !line.starts_with("rolelint ") {
            continue;
        }
        let (command, comment) = match line.find(" #") {
            Some(i) => (&line[..i], &line[i + 2..]),
            None => (line, ""),
        };
        // What a pipe or a redirection does with the output is the shell's business.
        let command = command.split(['|', '>']).next().unwrap();
        let expected = comment
            .split_whitespace()
            .skip_while(|w| *w != "exit")
            .nth(1)
            .and_then(|n| n.trim_end_matches([':', ',', ';']).parse().ok())
            .unwrap_or(0);
        let args = command
            .split_whitespace()
            .skip(1)
            .map(String::from)
            .collect();
        out.push((args, expected));
    }
    out
}

#[test]
fn every_rolelint_command_in_the_readme_runs_as_it_says() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let commands = readme_commands(&readme);
    assert!(commands.len() >= 6, "{commands:?}");
    assert!(
        commands.iter().any(|(_, code)| *code == 1),
        "the README shows no failing run"
    );
    // A copy of what the commands read, so that `-o org.mmd` and friends write elsewhere.
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root.join("examples"), &dir.path().join("examples"));
    copy_dir(&root.join("tests/orgs"), &dir.path().join("tests/orgs"));
    copy_dir(&root.join("tests/import"), &dir.path().join("tests/import"));
    copy_dir(
        &root.join("tests/data/duties"),
        &dir.path().join("tests/data/duties"),
    );
    // The repository's own config, as a clone has it: the README's commands run at its root.
    std::fs::copy(root.join("rolelint.yaml"), dir.path().join("rolelint.yaml")).unwrap();
    for (args, expected) in &commands {
        let (code, out, err) = run_in(
            dir.path(),
            &args.iter().map(String::as_str).collect::<Vec<_>>(),
        );
        assert_eq!(
            code,
            *expected,
            "`rolelint {}` exited {code}, the README says {expected}\n{out}\n{err}",
            args.join(" ")
        );
    }
}

#[test]
fn the_readme_says_how_to_install_and_which_rust() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let msrv = manifest
        .lines()
        .find_map(|l| l.strip_prefix("rust-version = "))
        .unwrap()
        .trim_matches('"');
    let install = &readme[readme.find("## Install").expect("an install section")..];
    let install = &install[..install[3..].find("\n## ").unwrap()];
    assert!(install.contains(&format!("Rust {msrv}")), "{install}");
    assert!(
        install.contains("cargo install --locked --path ."),
        "{install}"
    );
    assert!(
        install.contains("cargo install --locked --git "),
        "{install}"
    );
    assert!(
        readme.find("## Install") < readme.find("## Quick start"),
        "the install section comes first"
    );
}

// Item 2: --max-warnings says why.

#[test]
fn max_warnings_says_why_it_fails() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (code, out, err) = run_in(root, &["check", "examples/", "--max-warnings", "1"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        err.contains("warnings, more than --max-warnings 1"),
        "{err}"
    );
    let (code, _, err) = run_in(root, &["check", "examples/", "--max-warnings", "100"]);
    assert_eq!(code, 0);
    assert!(!err.contains("--max-warnings"), "{err}");
}

// Item 7: one path form everywhere.

const WARNING_ONLY: &[u8] = b"version: 1\nproducts:\n  - { id: shop, managers: [pam] }\nteams:\n  - { id: alpha, product: shop, members: [oli] }\nbacklogs:\n  - { id: shop-backlog, product: shop, teams: [alpha], owner: oli }\npeople:\n  - { id: pam, roles: [product-manager] }\n  - id: oli\n    roles: [product-owner]\n    responsibilities:\n      - Own pricing for the corporate tier\n";

#[test]
fn a_file_is_named_the_same_in_every_format() {
    let dir = temp_with(&[("org.yaml", WARNING_ONLY), ("sub/keep", b"")]);
    let abs = dir.path().join("org.yaml");
    let abs = abs.to_str().unwrap();
    for spelling in ["./org.yaml", "org.yaml", "sub/../org.yaml", abs] {
        for format in ["human", "json", "github", "junit", "sarif"] {
            let (_, out, _) = run_in(dir.path(), &["check", "--format", format, spelling]);
            assert!(out.contains("org.yaml"), "{format} {spelling}: {out}");
            assert!(!out.contains("./org.yaml"), "{format} {spelling}: {out}");
            assert!(!out.contains("sub/.."), "{format} {spelling}: {out}");
            if format != "sarif" {
                assert!(!out.contains(abs), "{format} {spelling}: {out}");
            }
        }
    }
}

#[test]
fn github_annotations_are_relative_to_the_repository() {
    let dir = temp_with(&[("repo/org/org.yaml", WARNING_ONLY), ("repo/ci/keep", b"")]);
    let out = bin(&dir.path().join("repo/ci"))
        .env("GITHUB_WORKSPACE", dir.path().join("repo"))
        .args(["check", "--format", "github", "../org/org.yaml"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("file=org/org.yaml,"), "{text}");
}

// Item 8: CI formats.

#[test]
fn junit_fails_only_on_errors_unless_max_warnings_is_exceeded() {
    let dir = temp_with(&[("org.yaml", WARNING_ONLY)]);
    let (code, out, _) = run_in(dir.path(), &["check", "--format", "junit", "org.yaml"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("failures=\"0\""), "{out}");
    assert!(!out.contains("<failure"), "{out}");
    assert!(
        out.contains("<system-out>") && out.contains("warning T001"),
        "{out}"
    );
    let (code, out, _) = run_in(
        dir.path(),
        &[
            "check",
            "--format",
            "junit",
            "--max-warnings",
            "0",
            "org.yaml",
        ],
    );
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("<failure"), "{out}");
}

#[test]
fn github_format_prints_totals_and_the_annotation_limit_on_stderr() {
    let dir = temp_with(&[("org.yaml", WARNING_ONLY)]);
    let (_, out, err) = run_in(dir.path(), &["check", "--format", "github", "org.yaml"]);
    assert!(out.contains("::warning file=org.yaml"), "{out}");
    assert!(err.contains("0 errors, 1 warning"), "{err}");
    assert!(!err.contains("at most 10"), "{err}");
    // Eleven people with a duplicate id each: past GitHub's ten error annotations.
    let mut org = String::from("version: 1\npeople:\n");
    for i in 0..12 {
        org.push_str(&format!(
            "  - {{ id: p{i}, roles: [engineer] }}\n  - {{ id: p{i}, roles: [engineer] }}\n"
        ));
    }
    std::fs::write(dir.path().join("many.org.yaml"), org).unwrap();
    let (_, _, err) = run_in(
        dir.path(),
        &["check", "--format", "github", "many.org.yaml"],
    );
    assert!(err.contains("12 errors"), "{err}");
    assert!(
        err.contains("at most 10") && err.contains("--format sarif"),
        "{err}"
    );
}

// Item 6: help never suggests what the user already did.

fn codes(dir: &Path, file: &str) -> Vec<String> {
    let (_, out, err) = run_in(dir, &["check", "--format", "json", file]);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|_| panic!("{err}"));
    doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_title_naming_both_roles_is_fine_when_roles_lists_both() {
    let dir = temp_with(&[
        (
            "both.org.yaml",
            b"version: 1\npeople:\n  - id: kim\n    title: Product Manager and Product Owner\n    roles: [product-manager, product-owner]\n",
        ),
        (
            "one.org.yaml",
            b"version: 1\npeople:\n  - id: kim\n    title: Product Manager and Product Owner\n    roles: [product-owner]\n",
        ),
    ]);
    assert!(!codes(dir.path(), "both.org.yaml").contains(&"S006".to_string()));
    assert!(codes(dir.path(), "one.org.yaml").contains(&"S006".to_string()));
}

#[test]
fn no_backlog_owner_finding_echoes_a_wrong_roles_shape() {
    let dir = temp_with(&[(
        "o3.org.yaml",
        b"version: 1\nproducts:\n  - { id: shop, managers: [pam] }\nteams:\n  - { id: alpha, product: shop, members: [oli] }\nbacklogs:\n  - { id: b, product: shop, teams: [alpha], owner: oli }\npeople:\n  - { id: pam, roles: [product-manager] }\n  - id: oli\n    roles: {po: yes}\n",
    )]);
    let got = codes(dir.path(), "o3.org.yaml");
    assert!(got.contains(&"S007".to_string()), "{got:?}");
    assert!(!got.contains(&"O003".to_string()), "{got:?}");
}

// Item 5: subcommands agree.

const CUSTOM_CONFIG: &[u8] = b"rules:\n  T001: error\ncustom:\n  - code: ACME001\n    message: Only product managers may own pricing\n    role: product-owner\n    forbid: '(?i)\\bpricing\\b'\n    severity: error\n    help: hand pricing to the PM\n";

#[test]
fn rules_reads_the_config_check_finds() {
    let dir = temp_with(&[("rolelint.yaml", CUSTOM_CONFIG)]);
    let (code, out, _) = run_in(dir.path(), &["rules"]);
    assert_eq!(code, 0);
    let t001 = out.lines().find(|l| l.contains("T001")).unwrap();
    assert!(t001.contains("error"), "{t001}");
    assert!(out.contains("ACME001"), "{out}");
    let (_, out, _) = run_in(dir.path(), &["rules", "--no-config"]);
    assert!(!out.contains("ACME001"), "{out}");
}

#[test]
fn explain_explains_a_custom_rule() {
    let dir = temp_with(&[("rolelint.yaml", CUSTOM_CONFIG)]);
    let (code, out, err) = run_in(dir.path(), &["explain", "ACME001"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Only product managers may own pricing"),
        "{out}"
    );
    assert!(
        out.contains("pricing") && out.contains("hand pricing to the PM"),
        "{out}"
    );
    let (code, _, _) = run_in(dir.path(), &["explain", "ACME999"]);
    assert_eq!(code, 2);
}

#[test]
fn graph_focus_suggests_the_id_a_short_name_belongs_to() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (code, _, err) = run_in(root, &["graph", "examples/", "--focus", "rider"]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `rider-app`?"), "{err}");
}

#[test]
fn graph_of_a_file_that_does_not_parse_exits_2_with_the_s001() {
    let dir = temp_with(&[(
        "tab.org.yaml",
        b"version: 1\npeople:\n  - id: alice\n\troles: [product-manager]\n",
    )]);
    let (code, out, err) = run_in(dir.path(), &["graph", "tab.org.yaml"]);
    assert_eq!(code, 2, "{out}");
    assert!(out.is_empty(), "{out}");
    assert!(
        err.contains("S001") && err.contains("tab.org.yaml:4:1"),
        "{err}"
    );
}

#[test]
fn a_prefix_keeps_off_rules_off_an_exact_code_turns_them_on() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let fixture = "tests/fixtures/O006/fail.org.yaml";
    let got = |select: &str| {
        let (_, out, _) = run_in(
            root,
            &[
                "check",
                "--no-config",
                "--format",
                "json",
                "--select",
                select,
                fixture,
            ],
        );
        let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
        doc["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "O006")
    };
    assert!(!got("O"), "--select O enabled the off-by-default O006");
    assert!(got("O006"));
    assert!(got("O,product-multiple-backlogs"));
}

#[test]
fn statistics_alone_unless_asked_for_both() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (_, out, _) = run_in(root, &["check", "examples/", "--statistics"]);
    assert!(out.starts_with("Statistics"), "{out}");
    assert!(!out.contains("╭─["), "{out}");
    let (_, out, _) = run_in(
        root,
        &["check", "examples/", "--statistics", "--show-findings"],
    );
    assert!(out.contains("╭─[") && out.contains("Statistics"), "{out}");
    let (_, out, _) = run_in(
        root,
        &["check", "examples/", "--statistics", "--format", "json"],
    );
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["diagnostics"].as_array().unwrap().len(), 0);
    assert!(doc["summary"]["statistics"].is_object());
    let (_, all, _) = run_in(root, &["check", "examples/", "--format", "json"]);
    let all: serde_json::Value = serde_json::from_str(&all).unwrap();
    assert_eq!(
        doc["summary"]["warnings"], all["summary"]["warnings"],
        "the counts stay"
    );
}

// Item 4 (the parts outside input selection): classify a folder, usage on a terminal,
// a mistyped command.

#[test]
fn classify_a_folder_classifies_every_org_file_and_job_description() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (code, out, err) = run_in(root, &["classify", "examples/", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let files: std::collections::BTreeSet<&str> = doc["statements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["file"].as_str().unwrap())
        .collect();
    assert!(files.contains("examples/jobs/good-pm.jd.md"), "{files:?}");
    assert!(files.iter().any(|f| f.ends_with(".org.yaml")), "{files:?}");
    let (code, out, _) = run_in(root, &["classify", "examples/"]);
    assert_eq!(code, 0);
    assert!(
        out.lines().any(|l| l == "examples/jobs/good-pm.jd.md"),
        "{out}"
    );
}

#[test]
#[ignore = "needs `script` from util-linux: run by .ci/run with --ignored"]
fn classify_with_nothing_on_a_terminal_prints_usage() {
    // `script` gives the command a terminal for standard input (util-linux).
    let Ok(out) = Command::new("script")
        .args([
            "-qec",
            &format!("{} classify", env!("CARGO_BIN_EXE_rolelint")),
            "/dev/null",
        ])
        .stdin(Stdio::null())
        .output()
    else {
        panic!("no `script` (util-linux) to give the command a terminal");
    };
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("usage: rolelint classify"), "{text}");
    assert_eq!(out.status.code(), Some(2), "{text}");
}

#[test]
fn a_mistyped_command_is_suggested() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (code, _, err) = run_in(root, &["chek", "examples/"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("did you mean `rolelint check examples/`?"),
        "{err}"
    );
    // A real file of that name is linted, never taken for a command.
    let dir = temp_with(&[("chek", b"")]);
    let (_, _, err) = run_in(dir.path(), &["chek"]);
    assert!(!err.contains("did you mean"), "{err}");
}

// Item 9: docs in the repository, man page, completions.

/// Every key of a JSON value, recursively (the keys of `statistics.rules` are rule codes).
fn keys(v: &serde_json::Value, out: &mut std::collections::BTreeSet<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, v) in m {
                out.insert(k.clone());
                if k != "rules" {
                    keys(v, out);
                }
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|v| keys(v, out)),
        _ => {}
    }
}

#[test]
fn docs_json_names_every_field_of_the_output() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("docs/json.md")).unwrap();
    let mut seen = std::collections::BTreeSet::new();
    for args in [
        &[
            "check",
            "--format",
            "json",
            "examples/",
            "tests/fixtures/T001/fail.org.yaml",
        ][..],
        &["check", "--format", "json", "--statistics", "examples/"][..],
        // One file of the split example organisation: the others are read as context.
        &[
            "check",
            "--format",
            "json",
            "examples/org/business.org.yaml",
        ][..],
    ] {
        let (_, out, _) = run_in(root, args);
        keys(&serde_json::from_str(&out).unwrap(), &mut seen);
    }
    let missing: Vec<&String> = seen
        .iter()
        .filter(|k| !doc.contains(&format!("`{k}`")))
        .collect();
    assert!(missing.is_empty(), "docs/json.md does not name {missing:?}");
    for key in ["version", "stability", "example"] {
        assert!(
            doc.to_lowercase().contains(key),
            "docs/json.md says nothing of {key}"
        );
    }
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    assert!(
        readme.contains("(docs/json.md)"),
        "the README links docs/json.md"
    );
    let (_, help, _) = run_in(root, &["--help"]);
    assert!(help.contains("docs/json.md"), "{help}");
}

#[test]
fn the_man_page_has_the_sections_a_user_looks_for() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (code, page, _) = run_in(root, &["man"]);
    assert_eq!(code, 0);
    for section in [
        ".SH \"EXIT STATUS\"",
        ".SH CONFIGURATION",
        ".SH ENVIRONMENT",
        ".SH SUPPRESSIONS",
        ".SH EXAMPLES",
    ] {
        assert!(page.contains(section), "no {section}");
    }
    for var in ["NO_COLOR", "ROLELINT_TODAY", "ROLELINT_MAX_FILE_SIZE"] {
        assert!(page.contains(var), "no {var}");
    }
    assert!(!page.contains(".SH EXTRA"));
    assert!(
        !page.contains("rolelint\\-help(1)"),
        "there is no rolelint-help page"
    );
    // A subcommand's page lists no option the subcommand rejects.
    for sub in ["check", "rules", "explain", "graph", "classify"] {
        let (_, page, _) = run_in(root, &["man", sub]);
        assert!(!page.contains("\\-V"), "rolelint-{sub}(1) lists -V");
        let (code, _, _) = run_in(root, &[sub, "-V"]);
        assert_eq!(code, 2, "`rolelint {sub} -V` is accepted after all");
    }
}

#[test]
fn completions_cover_every_shell_and_complete_rule_codes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let row = readme
        .lines()
        .find(|l| l.starts_with("| `rolelint completions "))
        .unwrap();
    use clap::ValueEnum;
    for shell in clap_complete::Shell::value_variants() {
        let name = shell.to_possible_value().unwrap().get_name().to_string();
        assert!(
            row.contains(&name),
            "the README does not list {name}: {row}"
        );
        let (code, script, _) = run_in(root, &["completions", &name]);
        assert_eq!(code, 0);
        // clap_complete's elvish and PowerShell scripts complete no values at all.
        if ["bash", "zsh", "fish"].contains(&name.as_str()) {
            for word in ["T001", "po-strategic-duty", "O006"] {
                assert!(script.contains(word), "{name} completions lack {word}");
            }
        }
    }
    // The lists are for completion only: a prefix and a custom code still parse.
    let (code, _, err) = run_in(root, &["check", "--select", "T", "examples/"]);
    assert_eq!(code, 0, "{err}");
}
