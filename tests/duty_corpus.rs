//! The duty corpus (tests/data/duties, GUIDE.md there): the built-in vocabulary's figures
//! on the held-out `test` split, which the README shows, and `classify --evaluate`.

use rolelint::classify::{Class, Vocabulary};
use rolelint::evaluate::{evaluate, read};
use std::process::Command;

fn set(name: &str) -> Vec<rolelint::evaluate::Labelled> {
    let path = format!(
        "{}/tests/data/duties/{name}.tsv",
        env!("CARGO_MANIFEST_DIR")
    );
    read(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn the_corpus_is_large_enough_and_split_by_posting() {
    let (dev, test) = (set("dev"), set("test"));
    assert!(dev.len() + test.len() >= 600);
    // No statement is in both halves.
    let d: std::collections::HashSet<&str> = dev.iter().map(|s| s.text.as_str()).collect();
    assert!(test.iter().all(|s| !d.contains(s.text.as_str())));
}

#[test]
fn held_out_figures_hold() {
    let e = evaluate(Vocabulary::builtin(), &set("test"));
    assert!(
        e.accuracy() >= 0.90,
        "test accuracy {:.3}\n{}",
        e.accuracy(),
        rolelint::evaluate::to_human(&e)
    );
    assert!(
        e.wrong_class_rate() <= 0.03,
        "wrong class {:.3}",
        e.wrong_class_rate()
    );
}

#[test]
fn every_classification_names_its_terms() {
    let v = Vocabulary::builtin();
    for s in set("dev").iter().chain(set("test").iter()) {
        let c = v.classify(&s.text);
        match c.class {
            Class::Strategic => assert!(!c.strategic.is_empty(), "{}", s.text),
            Class::Tactical => assert!(!c.tactical.is_empty(), "{}", s.text),
            Class::Mixed => assert!(
                !c.strategic.is_empty() && !c.tactical.is_empty(),
                "{}",
                s.text
            ),
            Class::Unclassified => {}
        }
    }
}

/// The duties real postings carried that the vocabulary used to misread (issue 20).
#[test]
fn duties_from_real_postings() {
    let v = Vocabulary::builtin();
    for t in [
        "Serve as the primary point of contact for requirement questions during delivery",
        "Assists with prioritization and resolution of defects",
        "Provide clarity to the development team on requirements and priorities",
        "Determines release goals and prioritizes assigned features",
        "Own day-to-day product execution",
        "final authority for decisions regarding priority",
    ] {
        assert_eq!(
            v.classify(t).class,
            Class::Tactical,
            "{t}: {:?}",
            v.classify(t)
        );
    }
    for t in [
        "Define success metrics for each initiative",
        "Balance stakeholder requests against strategic goals",
        "Work with quality assurance on test strategy",
    ] {
        assert_eq!(
            v.classify(t).class,
            Class::Unclassified,
            "{t}: {:?}",
            v.classify(t)
        );
    }
    // Both kinds of work named: mixed, whatever the count of terms on each side; a term
    // inside a longer phrase of the other class decides nothing.
    let c = v.classify("Manage the roadmap, backlog and sprint ceremonies");
    assert_eq!(c.class, Class::Mixed, "{c:?}");
    let c = v.classify("Translate the product strategy into epics and stories");
    assert_eq!(c.class, Class::Tactical, "{c:?}");
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_rolelint"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn evaluate_command_in_both_formats_with_the_config_vocabulary() {
    let dir = tempfile::tempdir().unwrap();
    let tsv = dir.path().join("mine.tsv");
    std::fs::write(
        &tsv,
        "# ours\nT\tKeep the Zorblax board tidy\nS\tOwn the pricing strategy\nN\tWater the plants\n",
    )
    .unwrap();
    let tsv = tsv.to_str().unwrap();
    let (code, out, err) = run(&["classify", "--no-config", "--evaluate", tsv]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("3 statements: accuracy 0.667"), "{out}");
    assert!(
        out.contains("| labelled \\ read as | S | T | M | N |"),
        "{out}"
    );
    assert!(
        out.contains("T -> N  Keep the Zorblax board tidy  [no term]"),
        "{out}"
    );
    // The organisation's own vocabulary takes part.
    let cfg = dir.path().join("rolelint.yaml");
    std::fs::write(&cfg, "vocabulary:\n  tactical: ['\\bzorblax\\b']\n").unwrap();
    let (code, out, _) = run(&[
        "classify",
        "--config",
        cfg.to_str().unwrap(),
        "--evaluate",
        tsv,
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["accuracy"], 1.0);
    assert_eq!(doc["confusion"]["T"]["T"], 1);
    assert_eq!(doc["classes"]["S"]["precision"], 1.0);
    // A malformed line is an error that names it.
    let bad = dir.path().join("bad.tsv");
    std::fs::write(&bad, "S Own it\n").unwrap();
    let (code, _, err) = run(&[
        "classify",
        "--no-config",
        "--evaluate",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("line 1"), "{err}");
}

#[test]
fn the_readme_shows_the_current_figures() {
    let e = evaluate(Vocabulary::builtin(), &set("test"));
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let line = format!(
        "accuracy **{:.3}**, wrong class (strategic read as tactical or the reverse) **{:.3}**",
        e.accuracy(),
        e.wrong_class_rate()
    );
    assert!(readme.contains(&line), "README lacks: {line}");
    let table = rolelint::evaluate::to_human(&e);
    let matrix = table
        .split("\n\n")
        .find(|b| b.starts_with("| labelled"))
        .unwrap();
    assert!(
        readme.contains(matrix.trim()),
        "README lacks the matrix:\n{matrix}"
    );
}
