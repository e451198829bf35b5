//! Property tests with bounded case counts: any bytes given to the loaders yield
//! diagnostics, never a panic; mutated fixtures never panic; results do not depend on the
//! order of files or of entities.

use proptest::prelude::*;
use rolelint::config::Settings;
use rolelint::engine::{lint, Input};
use rolelint::load::walk::Found;
use rolelint::load::FileKind;
use std::path::PathBuf;

fn lint_bytes(files: &[(&str, Vec<u8>)]) -> Vec<(String, String, String)> {
    let inputs = files
        .iter()
        .map(|(name, bytes)| Input {
            found: Found {
                path: PathBuf::from(name),
                display: name.to_string(),
                kind: if name.ends_with(".md") {
                    FileKind::Job
                } else {
                    FileKind::Org
                },
            },
            bytes: Some(bytes.clone()),
        })
        .collect();
    let outcome = lint(
        inputs,
        &rolelint::config::Config::new(Settings::default(), 1 << 20),
    )
    .expect("lint runs");
    let mut v: Vec<_> = outcome
        .findings
        .iter()
        .map(|f| {
            (
                outcome.org.files[f.primary.file as usize].display.clone(),
                f.code.clone(),
                f.subject.clone(),
            )
        })
        .collect();
    v.sort();
    v
}

fn fixture(path: &str) -> String {
    std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        lint_bytes(&[("x.org.yaml", bytes.clone()), ("x.jd.md", bytes)]);
    }

    #[test]
    fn yaml_like_text_never_panics(text in "[a-z:\\-\\[\\]{}#&*!|>'\" \n\t,0-9]{0,300}") {
        lint_bytes(&[("x.org.yaml", text.clone().into_bytes()), ("x.jd.md", text.into_bytes())]);
    }

    #[test]
    fn mutated_fixtures_never_panic(which in 0usize..4, line in 0usize..60, op in 0u8..4, byte in any::<u8>()) {
        let path = ["examples/org/leadership.org.yaml", "tests/orgs/healthy.org.yaml", "examples/jobs/two-jobs.jd.md", "tests/orgs/mixed-problems.org.yaml"][which];
        let text = fixture(path);
        let mut lines: Vec<String> = text.lines().map(String::from).collect();
        let i = line % lines.len().max(1);
        match op {
            0 => { lines.remove(i); }
            1 => { let l = lines[i].clone(); lines.insert(i, l); }
            2 => { lines[i] = format!("  {}", lines[i]); }
            _ => {}
        }
        let mut bytes = lines.join("\n").into_bytes();
        if op == 3 && !bytes.is_empty() {
            let at = (line * 37) % bytes.len();
            bytes[at] ^= byte;
        }
        let name = if path.ends_with(".md") { "m.jd.md" } else { "m.org.yaml" };
        lint_bytes(&[(name, bytes)]);
    }
}

#[test]
fn results_do_not_depend_on_file_order() {
    let files: Vec<(&str, Vec<u8>)> = ["leadership", "rider", "operations", "business"]
        .iter()
        .map(|n| {
            (
                *n,
                fixture(&format!("examples/org/{n}.org.yaml")).into_bytes(),
            )
        })
        .collect();
    let names = [
        "leadership.org.yaml",
        "rider.org.yaml",
        "operations.org.yaml",
        "business.org.yaml",
    ];
    let forward: Vec<(&str, Vec<u8>)> = names
        .iter()
        .zip(&files)
        .map(|(n, (_, b))| (*n, b.clone()))
        .collect();
    let mut backward = forward.clone();
    backward.reverse();
    assert_eq!(lint_bytes(&forward), lint_bytes(&backward));
}

#[test]
#[ignore = "needs ../shared beside the checkout: run by .ci/run with --ignored"]
fn results_do_not_depend_on_entity_order() {
    let Ok(text) = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/conformance/cases/boundary.org.yaml"
    )) else {
        panic!("../shared is not beside this checkout");
    };
    let start = text.find("people:\n").expect("the case lists people");
    let (head, people) = text.split_at(start + "people:\n".len());
    let mut entries: Vec<String> = Vec::new();
    for line in people.lines() {
        if line.starts_with("  - ") {
            entries.push(String::new());
        }
        if let Some(last) = entries.last_mut() {
            last.push_str(line);
            last.push('\n');
        }
    }
    entries.reverse();
    let reordered = format!("{head}{}", entries.concat());
    assert_eq!(
        lint_bytes(&[("b.org.yaml", text.into_bytes())]),
        lint_bytes(&[("b.org.yaml", reordered.into_bytes())])
    );
}
