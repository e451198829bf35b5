//! Helpers shared by the integration tests: lint paths through the library as the CLI does.
#![allow(dead_code)]

use rolelint::config::Settings;
use rolelint::diagnostics::Finding;
use rolelint::engine::{lint, Input, Outcome};
use rolelint::load::walk::{collect, Selection};
use std::path::{Path, PathBuf};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Lints paths (relative to the package root, as `cargo test` runs there) with `settings`.
pub fn lint_paths(paths: &[&str], settings: &Settings) -> Outcome {
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
    let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
    let found = collect(&paths, &sel).expect("files found");
    // A folder's config file is not an org file (the CLI never lints it).
    let inputs = found
        .into_iter()
        .filter(|f| !f.path.ends_with("rolelint.yaml") && !f.path.ends_with(".rolelint.yaml"))
        .map(|found| Input { found, bytes: None })
        .collect();
    let mut outcome = lint(
        inputs,
        &rolelint::config::Config::new(settings.clone(), u64::MAX),
    )
    .expect("lint runs");
    rolelint::render::sort(&mut outcome.findings, &outcome.org.files);
    outcome
}

pub fn codes_and_lines(outcome: &Outcome) -> Vec<(String, usize)> {
    outcome
        .findings
        .iter()
        .map(|f: &Finding| {
            let file = &outcome.org.files[f.primary.file as usize];
            (
                f.code.clone(),
                file.lines
                    .position(&file.text, f.primary.span.start as usize)
                    .line,
            )
        })
        .collect()
}

/// Every fail case under tests/fixtures: (code, path relative to the package root).
pub fn fail_cases() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let base = root().join("tests/fixtures");
    let mut dirs: Vec<_> = std::fs::read_dir(&base)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dirs.sort();
    for dir in dirs {
        let code = dir.file_name().unwrap().to_string_lossy().to_string();
        let mut cases: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        cases.sort();
        for c in cases {
            let name = c.file_name().unwrap().to_string_lossy().to_string();
            if name.starts_with("fail") {
                out.push((code.clone(), rel(&c)));
            }
        }
    }
    out
}

pub fn rel(p: &Path) -> String {
    p.strip_prefix(root())
        .unwrap_or(p)
        .to_string_lossy()
        .replace('\\', "/")
}
