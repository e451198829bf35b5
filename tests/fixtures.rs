//! One data-driven harness for every rule: each folder `tests/fixtures/<CODE>/` holds
//! `pass*` and `fail*` inputs (a file, or a folder of files linted together). Only the rule
//! the folder names runs. A fail input declares what it expects, one line per diagnostic
//! (`# expect: CODE LINE` in YAML, `<!-- expect: CODE LINE -->` in Markdown); a pass input
//! must produce nothing from that rule. Every mismatch is reported before the test fails.

use rolelint::config::Settings;
use rolelint::engine::{lint, Input};
use rolelint::load::walk::{collect, Selection};
use std::path::{Path, PathBuf};

fn expectations(paths: &[PathBuf]) -> Vec<(String, usize)> {
    let mut want = Vec::new();
    for p in paths {
        let text = String::from_utf8_lossy(&std::fs::read(p).unwrap_or_default()).into_owned();
        for line in text.lines() {
            let l = line
                .trim()
                .trim_start_matches("<!--")
                .trim_end_matches("-->")
                .trim();
            let l = l.trim_start_matches('#').trim();
            if let Some(rest) = l.strip_prefix("expect:") {
                let parts: Vec<&str> = rest.split_whitespace().collect();
                if let [code, line] = parts[..] {
                    want.push((
                        code.to_string(),
                        line.parse().expect("expect line is a number"),
                    ));
                }
            }
        }
    }
    want.sort();
    want
}

pub fn lint_only(code: &str, input: &Path) -> Vec<(String, usize)> {
    let sel = Selection::new(
        &[
            "**/*.yaml".into(),
            "**/*.yml".into(),
            "**/*.md".into(),
            "**/*.txt".into(),
        ],
        &[],
    )
    .unwrap();
    let found = collect(&[input.to_path_buf()], &sel).expect("fixture files found");
    let inputs = found
        .into_iter()
        .map(|found| Input { found, bytes: None })
        .collect();
    let outcome = lint(
        inputs,
        &rolelint::config::Config::new(Settings::only(code), u64::MAX),
    )
    .expect("lint runs");
    let mut got: Vec<(String, usize)> = outcome
        .findings
        .iter()
        .map(|f| {
            let file = &outcome.org.files[f.primary.file as usize];
            (
                f.code.clone(),
                file.lines
                    .position(&file.text, f.primary.span.start as usize)
                    .line,
            )
        })
        .collect();
    got.sort();
    got
}

#[test]
fn every_rule_fixture() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut failures = Vec::new();
    let mut checked = 0;
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dirs.sort();
    for dir in dirs {
        let code = dir.file_name().unwrap().to_string_lossy().to_string();
        if !rolelint::rules::REGISTRY.iter().any(|r| r.code == code)
            && !rolelint::rules::is_implemented(&code)
        {
            continue;
        }
        let mut cases: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        cases.sort();
        let mut has = (false, false);
        for case in cases {
            let name = case.file_name().unwrap().to_string_lossy().to_string();
            let fail = name.starts_with("fail");
            if !fail && !name.starts_with("pass") {
                continue;
            }
            if fail {
                has.1 = true
            } else {
                has.0 = true
            }
            let files: Vec<PathBuf> = if case.is_dir() {
                let mut v: Vec<_> = std::fs::read_dir(&case)
                    .unwrap()
                    .map(|e| e.unwrap().path())
                    .collect();
                v.sort();
                v
            } else {
                vec![case.clone()]
            };
            let want = if fail {
                expectations(&files)
            } else {
                Vec::new()
            };
            let got = lint_only(&code, &case);
            checked += 1;
            if fail && want.is_empty() {
                failures.push(format!(
                    "{code}/{name}: a fail case declares no `expect:` line"
                ));
            }
            if got != want {
                failures.push(format!("{code}/{name}: expected {want:?}, got {got:?}"));
            }
        }
        if !(has.0 && has.1) {
            failures.push(format!("{code}: needs a pass and a fail case"));
        }
    }
    assert!(checked > 0);
    assert!(
        failures.is_empty(),
        "{} fixture mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Data bound to code: every catalogue code has exactly one implementation and a fixture
/// folder, and every implementation a catalogue entry.
#[test]
fn every_catalogue_rule_is_implemented_once_with_fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let registry: Vec<&str> = rolelint::rules::REGISTRY.iter().map(|r| r.code).collect();
    for rule in rolelint::catalog::catalog().rules() {
        let implementations = registry.iter().filter(|c| **c == rule.code).count()
            + usize::from(rolelint::rules::is_implemented(&rule.code));
        assert_eq!(
            implementations, 1,
            "{} is implemented {implementations} times",
            rule.code
        );
        assert!(
            root.join(&rule.code).is_dir(),
            "{} has no tests/fixtures/{} folder",
            rule.code,
            rule.code
        );
    }
    for code in registry {
        assert!(
            rolelint::catalog::catalog().find(code).is_some(),
            "{code} is not in the catalogue"
        );
    }
}
