//! Documentation generated from the rule catalogue: the checked-in `docs/` is current, and
//! `rolelint explain` shows each rule in full, the same by code and by name.

use rolelint::catalog::catalog;
use std::path::Path;
use std::process::Command;

fn explain(key: &str) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_rolelint"))
        .args(["explain", key])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn checked_in_docs_are_current() {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
    let stale = rolelint::docs::stale(&docs);
    assert!(
        stale.is_empty(),
        "docs/ is out of date with rules/*.yaml and tests/fixtures/:\n  {}\nregenerate with:\n  {}",
        stale.join("\n  "),
        rolelint::docs::REGENERATE
    );
}

#[test]
fn every_rule_has_a_page_and_an_index_entry() {
    let files = rolelint::docs::generate();
    let index = &files
        .iter()
        .find(|(p, _)| p == "rules/README.md")
        .expect("an index")
        .1;
    for r in catalog().rules() {
        let page = format!("rules/{}-{}.md", r.code, r.name);
        let (_, text) = files
            .iter()
            .find(|(p, _)| *p == page)
            .unwrap_or_else(|| panic!("no {page}"));
        assert!(
            rolelint::docs::is_generated(text),
            "{page} has the do-not-edit header"
        );
        assert!(
            text.contains(&r.checks) && text.contains(&r.rationale) && text.contains(&r.fix),
            "{page}"
        );
        assert!(
            index.contains(&format!("({}-{}.md)", r.code, r.name)),
            "index links {page}"
        );
    }
    let sources = &files
        .iter()
        .find(|(p, _)| p == "sources.md")
        .expect("sources.md")
        .1;
    for s in &catalog().sources {
        assert!(
            sources.contains(&format!("<a id=\"{}\"></a>", s.id)) && sources.contains(&s.summary),
            "{}",
            s.id
        );
        for d in &s.disagrees {
            assert!(sources.contains(d.as_str()), "{}: {d}", s.id);
        }
    }
}

#[test]
fn explain_is_the_same_by_code_and_by_name_and_complete() {
    for r in catalog().rules() {
        let by_code = rolelint::docs::explain(rolelint::docs::find(&r.code).unwrap());
        let by_lower =
            rolelint::docs::explain(rolelint::docs::find(&r.code.to_lowercase()).unwrap());
        let by_name = rolelint::docs::explain(rolelint::docs::find(&r.name).unwrap());
        assert_eq!(by_code, by_name, "{}", r.code);
        assert_eq!(by_code, by_lower, "{}", r.code);
        let flat = by_code.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            flat.starts_with(&format!("{} {}", r.code, r.name)),
            "{}",
            r.code
        );
        assert!(
            flat.contains(&format!("default severity: {}", r.severity.as_str())),
            "{}",
            r.code
        );
        for text in [&r.summary, &r.checks, &r.rationale, &r.fix] {
            assert!(
                flat.contains(&text.split_whitespace().collect::<Vec<_>>().join(" ")),
                "{}: {text}",
                r.code
            );
        }
        for id in &r.sources {
            let title = &catalog().source(id).unwrap().title;
            assert!(
                by_code
                    .lines()
                    .any(|l| l.contains(id.as_str()) && l.contains(title.as_str())),
                "{} cites {id}",
                r.code
            );
        }
        if let Some(c) = &r.contested {
            assert!(
                flat.contains(&c.split_whitespace().collect::<Vec<_>>().join(" ")),
                "{} contested",
                r.code
            );
        }
        for o in &r.options {
            assert!(
                flat.contains(&format!(
                    "{} ({}, default {})",
                    o.name,
                    o.kind,
                    rolelint::docs::show_value(&o.default)
                )),
                "{} {}",
                r.code,
                o.name
            );
        }
        for kind in ["fail", "pass"] {
            if let Some(ex) = rolelint::docs::example(&r.code, kind) {
                assert!(!ex.text.contains("expect:"), "{}", ex.path);
                for line in ex.text.lines() {
                    assert!(
                        by_code.contains(&format!("| {line}")),
                        "{}: {line}",
                        ex.path
                    );
                }
            }
        }
    }
}

#[test]
fn examples_are_the_fixtures_the_suite_lints() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let ex = rolelint::docs::example("O002", "fail").expect("O002 has a failing example");
    let on_disk = std::fs::read_to_string(root.join(&ex.path)).unwrap();
    assert_eq!(ex.text, rolelint::docs::strip_expectations(&on_disk));
    assert!(on_disk.starts_with("# expect: O002"));
}

#[test]
fn explain_on_the_command_line() {
    let (code, by_code, _) = explain("O002");
    assert_eq!(code, 0);
    assert!(by_code.contains("backlog-multiple-owners") && by_code.contains("scrum-guide"));
    let (code, by_name, _) = explain("backlog-multiple-owners");
    assert_eq!(code, 0);
    assert_eq!(by_code, by_name);
    let (code, out, err) = explain("Z999");
    assert_eq!(code, 2);
    assert!(out.is_empty() && err.contains("unknown rule"), "{err}");
    let (code, _, err) = explain("O02");
    assert_eq!(code, 2);
    assert!(err.contains("`O002`"), "closest codes suggested: {err}");
    let (code, _, err) = explain("backlog-multiple-owner");
    assert_eq!(code, 2);
    assert!(err.contains("`backlog-multiple-owners`"), "{err}");
}

#[test]
fn sarif_help_links_name_checked_in_pages() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new(env!("CARGO_BIN_EXE_rolelint"))
        .args([
            "check",
            "--format",
            "sarif",
            "--no-config",
            "tests/orgs/mixed-problems.org.yaml",
        ])
        .current_dir(root)
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules = doc["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rule descriptors");
    assert!(!rules.is_empty());
    for r in rules {
        let uri = r["helpUri"].as_str().expect("a helpUri");
        let (_, path) = uri
            .split_once("/blob/main/")
            .expect("a link into the repository");
        assert!(root.join(path).is_file(), "{uri} names no checked-in file");
    }
}
