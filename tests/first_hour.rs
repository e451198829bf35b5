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
