//! The rendered output of every failing fixture (snapshots), exact spans, and the clean
//! organisations that must yield nothing.

mod common;
use common::*;
use rolelint::catalog::Severity;
use rolelint::config::Settings;
use rolelint::render::{human, Report};

fn render_human(outcome: &rolelint::engine::Outcome) -> String {
    let counts = rolelint::diagnostics::Counts::of(&outcome.findings);
    let report = Report {
        files: &outcome.org.files,
        findings: &outcome.findings,
        counts,
        notes: &outcome.notes,
        statistics: None,
        context: &[],
    };
    let mut buf = Vec::new();
    human::render(
        &report,
        &human::Style {
            color: false,
            width: 100,
        },
        &mut buf,
    )
    .unwrap();
    String::from_utf8(buf).unwrap()
}

#[test]
fn rendered_failing_fixtures() {
    for (code, path) in fail_cases() {
        let outcome = lint_paths(&[&path], &Settings::only(&code));
        let name = path
            .trim_start_matches("tests/fixtures/")
            .replace(['/', '.'], "_");
        insta::assert_snapshot!(name, render_human(&outcome));
    }
}

/// The node rules.md names for each code, checked on the bytes the span covers.
#[test]
fn spans_slice_to_the_node_a_user_edits() {
    let mut problems = Vec::new();
    for (code, path) in fail_cases() {
        let outcome = lint_paths(&[&path], &Settings::only(&code));
        for f in &outcome.findings {
            let file = &outcome.org.files[f.primary.file as usize];
            let text = &file.text[f.primary.span.range()];
            let before = &file.text[..f.primary.span.start as usize];
            let line_before = before.rsplit('\n').next().unwrap_or("");
            let ok = match f.code.as_str() {
                "S001" | "J005" => true,
                // A key, with its `:`, or without a value in a flow mapping (`, Product }`).
                "S002" => file.text[f.primary.span.end as usize..]
                    .trim_start_matches(['"', '\''])
                    .trim_start_matches(' ')
                    .starts_with([':', ',', '}']),
                "S003" | "O001" | "O004" | "O006" | "O007" | "T005" | "R001" | "R003" | "R004"
                | "R005" | "R006" => line_before.trim_end_matches(['"', '\'']).ends_with("id: "),
                "S004" | "O003" | "O005" | "H001" => {
                    rolelint::model::is_valid_id(text.trim_matches(['"', '\'']))
                }
                "T001" | "T002" => {
                    !text.is_empty()
                        && !text.contains('\n')
                        && line_before.trim_start().starts_with('-')
                }
                "O002" => {
                    !text.is_empty() && (text.starts_with('[') || line_before.ends_with("owner: "))
                }
                "T006" | "J001" | "J002" | "J003" | "J004" => {
                    !text.trim().is_empty() && text.trim() == text
                }
                _ => !text.is_empty(),
            };
            if !ok {
                problems.push(format!(
                    "{path}: {} span {:?} -> {text:?}",
                    f.code, f.primary.span
                ));
            }
            let end = file.lines.position(&file.text, f.primary.span.end as usize);
            let start = file
                .lines
                .position(&file.text, f.primary.span.start as usize);
            if (end.line, end.column) < (start.line, start.column) {
                problems.push(format!("{path}: {} end before start", f.code));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_healthy_org_yields_nothing() {
    let outcome = lint_paths(&["tests/orgs/healthy.org.yaml"], &Settings::default());
    assert!(outcome.org.people.len() >= 40);
    assert!(
        outcome.findings.is_empty(),
        "{:?}",
        codes_and_lines(&outcome)
    );
}

#[test]
fn one_run_reports_an_unknown_key_a_wrong_type_and_a_dangling_reference() {
    let outcome = lint_paths(
        &["tests/orgs/mixed-problems.org.yaml"],
        &Settings::default(),
    );
    let mut got: Vec<_> = codes_and_lines(&outcome)
        .into_iter()
        .filter(|(c, _)| c.starts_with('S'))
        .collect();
    got.sort();
    assert_eq!(
        got,
        vec![
            ("S002".into(), 26),
            ("S004".into(), 24),
            ("S007".into(), 13)
        ]
    );
}

#[test]
fn the_examples_warn_but_do_not_fail() {
    let outcome = lint_paths(&["examples"], &Settings::default());
    let sev: Vec<Severity> = outcome.findings.iter().map(|f| f.severity).collect();
    assert!(
        !sev.contains(&Severity::Error),
        "{:?}",
        codes_and_lines(&outcome)
    );
    assert!(sev.contains(&Severity::Warning) && sev.contains(&Severity::Info));
    for family in ["O", "T", "R", "H", "J"] {
        assert!(
            outcome.findings.iter().any(|f| f.code.starts_with(family)),
            "no {family} diagnostic in examples/"
        );
    }
    let good = lint_paths(
        &["examples/jobs/good-po.jd.md", "examples/jobs/good-pm.jd.md"],
        &Settings::default(),
    );
    assert!(good.findings.is_empty(), "{:?}", codes_and_lines(&good));
}

#[test]
fn job_description_spans_slice_to_the_bullet() {
    for path in [
        "examples/jobs/po-that-is-pm.jd.md",
        "examples/jobs/two-jobs.jd.md",
    ] {
        let outcome = lint_paths(&[path], &Settings::default());
        let file = &outcome.org.files[0];
        for f in &outcome.findings {
            for l in &f.labels {
                let bullet = &file.text[l.loc.span.range()];
                let line_start = file.text[..l.loc.span.start as usize]
                    .rsplit('\n')
                    .next()
                    .unwrap();
                assert!(
                    line_start.trim_start().starts_with(['-', '*', '+'])
                        || line_start.trim().ends_with('.'),
                    "{bullet:?} after {line_start:?}"
                );
                assert!(!bullet.is_empty() && !bullet.starts_with(' ') && !bullet.ends_with('\n'));
            }
        }
    }
}
