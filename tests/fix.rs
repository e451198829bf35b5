//! `check --fix`, `--unsafe-fixes` and `--diff`: fixture in, fixed file out (snapshot),
//! idempotent, and `--diff` changes nothing.

use std::path::Path;
use std::process::{Command, Output};

const ORG: &str = "version: 1
products:
  - id: app
    name: The App
    managers: [pam]
backlogs:
  - id: core-backlog
    product: app
    owner: olo      # a typo of an id: only --unsafe-fixes replaces it
people:
  - id: pam
    titel: Product Manager
    roles: [prodct-manager]
  - id: olu
    title: Product Manager
    roles: [product-owner]  # rolelint: ignore[O001] -- nothing to hide here
";

/// Fixable too, but only read as context: never written.
const CONTEXT: &str = "version: 1
teams:
  - id: core
    product: app
    membres: [olu]
";

fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("rolelint.yaml"), "extends: recommended\n").unwrap();
    std::fs::write(dir.path().join("org.yaml"), ORG).unwrap();
    std::fs::write(dir.path().join("teams.org.yaml"), CONTEXT).unwrap();
    dir
}

fn rolelint(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rolelint"))
        .args(args)
        .current_dir(dir)
        .env("ROLELINT_TODAY", "2026-01-15")
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .output()
        .unwrap()
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

#[test]
fn fix_applies_safe_fixes_in_place_and_is_idempotent() {
    let dir = fixture();
    let first = rolelint(dir.path(), &["check", "--fix", "org.yaml"]);
    let fixed = read(dir.path(), "org.yaml");
    insta::assert_snapshot!("safe_fixed", fixed);
    // What is left: the unsafe ones, reported.
    let report = String::from_utf8(first.stdout).unwrap();
    assert!(report.contains("S004"), "{report}");
    assert!(report.contains("fixed 3 problems in 1 file"), "{report}");
    assert_eq!(first.status.code(), Some(1));
    // The context file is never written.
    assert_eq!(read(dir.path(), "teams.org.yaml"), CONTEXT);
    // A second run changes nothing.
    let second = rolelint(dir.path(), &["check", "--fix", "org.yaml"]);
    assert_eq!(read(dir.path(), "org.yaml"), fixed);
    assert!(!String::from_utf8(second.stdout).unwrap().contains("fixed"));
}

#[test]
fn unsafe_fixes_also_change_meaning() {
    let dir = fixture();
    let out = rolelint(
        dir.path(),
        &["check", "--fix", "--unsafe-fixes", "org.yaml"],
    );
    insta::assert_snapshot!("unsafe_fixed", read(dir.path(), "org.yaml"));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn diff_prints_the_fixes_and_changes_nothing() {
    let dir = fixture();
    let out = rolelint(dir.path(), &["check", "--diff", "org.yaml"]);
    assert_eq!(read(dir.path(), "org.yaml"), ORG);
    assert_eq!(read(dir.path(), "teams.org.yaml"), CONTEXT);
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!("diff", String::from_utf8(out.stdout).unwrap());
    // Nothing to fix: no diff, exit 0.
    let clean = tempfile::tempdir().unwrap();
    std::fs::write(clean.path().join("org.yaml"), "version: 1\n").unwrap();
    let out = rolelint(clean.path(), &["check", "--diff", "org.yaml"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
}

#[test]
fn json_and_sarif_carry_the_fixes() {
    let dir = fixture();
    let out = rolelint(dir.path(), &["check", "--format", "json", "org.yaml"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let s002 = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "S002")
        .unwrap();
    let fix = &s002["fixes"][0];
    assert_eq!(fix["applicability"], "safe");
    assert_eq!(fix["edits"][0]["content"], "title");
    assert_eq!(fix["edits"][0]["start"]["line"], 12);
    let out = rolelint(dir.path(), &["check", "--format", "sarif", "org.yaml"]);
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let s004 = results.iter().find(|r| r["ruleId"] == "S004").unwrap();
    let change = &s004["fixes"][0]["artifactChanges"][0];
    assert_eq!(change["replacements"][0]["insertedContent"]["text"], "olu");
    assert_eq!(change["replacements"][0]["deletedRegion"]["startLine"], 9);
}
