//! Inputs that were quadratic (issue 18, items 1 and 5), each at a moderate generated size:
//! the answer must be right and complete. How the time grows is checked by
//! `tests/scaling/run.py` on the release binary, never by a timed assertion here.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn rolelint(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rolelint"))
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("ROLELINT_TODAY")
        .output()
        .expect("the binary runs")
}

fn json(dir: &Path, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["check", "--format", "json", "--no-config"];
    all.extend_from_slice(args);
    let out = rolelint(dir, &all);
    let doc: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stderr)));
    doc["diagnostics"].as_array().unwrap().clone()
}

fn count(diags: &[Value], code: &str) -> usize {
    diags.iter().filter(|d| d["code"] == code).count()
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn many_references_to_one_missing_id_each_get_the_suggestion_and_exact_columns() {
    // The crash: every (reference, near id) pair was built. Here 20,000 references to one
    // missing id on one line (a flow list) next to 2,000 ids one edit away.
    let d = tempfile::tempdir().unwrap();
    let mut org = String::from("version: 1\npeople:\n");
    for i in 0..2_000 {
        org.push_str(&format!("  - id: ghost-{i:04}\n"));
    }
    let head = "teams:\n  - id: t\n    members: [";
    org.push_str(head);
    let refs = vec!["ghost-00011"; 20_000].join(", ");
    org.push_str(&refs);
    org.push_str("]\n");
    write(d.path(), "a.org.yaml", &org);
    let diags = json(d.path(), &["a.org.yaml"]);
    let s004: Vec<&Value> = diags.iter().filter(|d| d["code"] == "S004").collect();
    assert_eq!(s004.len(), 20_000);
    assert!(s004.iter().all(|d| d["help"]
        .as_str()
        .unwrap()
        .contains("did you mean `ghost-0001`")));
    // Columns on the long line are counted right to the last reference.
    let last = s004.last().unwrap();
    let column = "    members: [".len() + refs.len() - "ghost-00011".len() + 1;
    assert_eq!(last["start"]["column"].as_u64(), Some(column as u64));
}

#[test]
fn reports_to_cycle_human_report_shows_twenty_labels_and_counts_the_rest() {
    let d = tempfile::tempdir().unwrap();
    let n = 3_000;
    let mut org = String::from("version: 1\npeople:\n");
    for i in 0..n {
        org.push_str(&format!("  - id: p{i}\n    reports_to: p{}\n", (i + 1) % n));
    }
    write(d.path(), "a.org.yaml", &org);
    let out = rolelint(
        d.path(),
        &["check", "--no-config", "--color", "never", "a.org.yaml"],
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text.contains("more places not shown here"),
        "{}",
        &text[..2000.min(text.len())]
    );
    assert!(text.matches("reports to `").count() <= 21 + 1);
    // JSON keeps every label.
    let diags = json(d.path(), &["a.org.yaml"]);
    let labels = diags[0]["labels"].as_array().unwrap().len();
    assert!(labels >= n - 1, "{labels}");
}

#[test]
fn product_with_many_pos_is_reported_once_with_capped_human_labels() {
    let d = tempfile::tempdir().unwrap();
    let n = 2_000;
    let mut org =
        String::from("version: 1\nproducts:\n  - { id: shop, managers: [pam] }\nbacklogs:\n");
    for i in 0..n {
        org.push_str(&format!(
            "  - {{ id: b{i}, product: shop, owner: po{i} }}\n"
        ));
    }
    org.push_str("people:\n  - { id: pam, roles: [product-manager] }\n");
    for i in 0..n {
        org.push_str(&format!(
            "  - {{ id: po{i}, roles: [product-owner], reports_to: pam }}\n"
        ));
    }
    write(d.path(), "a.org.yaml", &org);
    let diags = json(d.path(), &["a.org.yaml"]);
    let r001: Vec<&Value> = diags.iter().filter(|d| d["code"] == "R001").collect();
    assert_eq!(r001.len(), 1);
    assert!(r001[0]["message"]
        .as_str()
        .unwrap()
        .contains(&format!("carries {n} product owners")));
    assert_eq!(r001[0]["labels"].as_array().unwrap().len(), n);
    let out = rolelint(
        d.path(),
        &["check", "--no-config", "--color", "never", "a.org.yaml"],
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(&format!("... and {} more places", n - 20)),
        "capped"
    );
}

#[test]
fn bullet_with_many_matches_is_classified_with_each_term_once() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "b.txt", &("vision ".repeat(200_000) + "\n"));
    let out = rolelint(
        d.path(),
        &["classify", "--no-config", "--format", "json", "b.txt"],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("\"strategic\""),
        "{}",
        &text[text.len().saturating_sub(300)..]
    );
    assert_eq!(text.matches("\"vision\"").count(), 1, "each term once");
}

#[test]
fn vocabulary_entry_without_boundary_still_matches_in_a_long_statement() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "rolelint.yaml",
        "vocabulary:\n  strategic: ['x+y']\n",
    );
    write(d.path(), "b.txt", &("x".repeat(200_000) + "y\n"));
    let out = rolelint(
        d.path(),
        &[
            "classify",
            "--config",
            "rolelint.yaml",
            "--format",
            "json",
            "b.txt",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let text = doc.to_string();
    assert!(text.contains("\"strategic\""), "classified strategic");
    // The match found is the longest within the search window, ending at the `y`.
    let term = "x".repeat(rolelint::classify::MAX_MATCH_LEN - 1) + "y";
    assert!(text.contains(&term), "the term as matched");
}

#[test]
fn stacked_comment_only_suppressions_all_cover_the_next_entity() {
    let d = tempfile::tempdir().unwrap();
    let n = 5_000;
    let mut org = String::from("version: 1\nproducts:\n  - { id: shop, managers: [pam] }\nteams:\n  - { id: alpha, product: shop, members: [oli] }\nbacklogs:\n  - { id: a, product: shop, teams: [alpha], owner: oli }\npeople:\n  - { id: pam, roles: [product-manager] }\n");
    for _ in 0..n {
        org.push_str("  # rolelint: ignore[T001] -- stacked on purpose\n");
    }
    org.push_str("  - id: oli\n    roles: [product-owner]\n    reports_to: pam\n    responsibilities:\n      - Own the pricing of the shop\n");
    write(d.path(), "a.org.yaml", &org);
    let diags = json(d.path(), &["a.org.yaml"]);
    assert_eq!(count(&diags, "T001"), 0, "suppressed");
    // Every comment covered the finding: none is unused.
    assert_eq!(count(&diags, "X002"), 0);
    // Without the comments, T001 is there (the test can fail).
    let bare = org.replace("  # rolelint: ignore[T001] -- stacked on purpose\n", "");
    write(d.path(), "b.org.yaml", &bare);
    assert_eq!(count(&json(d.path(), &["b.org.yaml"]), "T001"), 1);
}

#[test]
fn stacked_html_suppressions_in_a_job_description_cover_the_next_line() {
    let d = tempfile::tempdir().unwrap();
    let jd = "# Product Owner\n\n## Responsibilities\n\n- Define the product vision\n- Own pricing and positioning\n- Run market research\n- Plan the go-to-market\n";
    write(d.path(), "bare.jd.md", jd);
    let bare = json(d.path(), &["bare.jd.md"]);
    let code = bare[0]["code"]
        .as_str()
        .expect("the JD has a finding")
        .to_string();
    let line = bare[0]["start"]["line"].as_u64().unwrap() as usize;
    let mut lines: Vec<String> = jd.lines().map(str::to_string).collect();
    let comment = format!("<!-- rolelint: ignore[{code}] -- stacked on purpose -->");
    for _ in 0..5_000 {
        lines.insert(line - 1, comment.clone());
    }
    write(d.path(), "s.jd.md", &(lines.join("\n") + "\n"));
    let diags = json(d.path(), &["s.jd.md"]);
    assert_eq!(
        count(&diags, &code),
        count(&bare, &code) - 1,
        "{code} suppressed once"
    );
}

#[test]
fn trailing_suppressions_with_an_unknown_code_each_get_x002() {
    let d = tempfile::tempdir().unwrap();
    let n = 5_000;
    let mut org = String::from("version: 1\npeople:\n");
    for i in 0..n {
        org.push_str(&format!(
            "  - id: p{i}  # rolelint: ignore[ZZZ999] -- trailing\n    roles: []\n"
        ));
    }
    write(d.path(), "a.org.yaml", &org);
    let diags = json(d.path(), &["a.org.yaml"]);
    assert_eq!(count(&diags, "X002"), n);
}

#[test]
fn config_with_many_unknown_keys_reports_every_one_at_its_line() {
    let d = tempfile::tempdir().unwrap();
    let n = 5_000;
    let cfg: String = (0..n).map(|i| format!("unknown_key_{i}: 1\n")).collect();
    write(d.path(), "rolelint.yaml", &cfg);
    write(d.path(), "a.org.yaml", "version: 1\npeople: []\n");
    let out = rolelint(
        d.path(),
        &[
            "check",
            "--color",
            "never",
            "--config",
            "rolelint.yaml",
            "a.org.yaml",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("{n} problems")),
        "{}",
        &err[err.len().saturating_sub(300)..]
    );
    // The last key is shown at its own line number.
    assert!(
        err.contains(&format!("{n} │ unknown_key_{}", n - 1)),
        "line of the last key"
    );
}

#[test]
fn person_in_many_teams_gets_the_team_load_finding_and_no_false_o005() {
    let d = tempfile::tempdir().unwrap();
    let n = 20_000;
    let mut org = String::from("version: 1\nteams:\n");
    for i in 0..n {
        org.push_str(&format!("  - {{ id: t{i}, members: [alice] }}\n"));
    }
    let teams: Vec<String> = (0..n).step_by(2).map(|i| format!("t{i}")).collect();
    org.push_str(&format!(
        "backlogs:\n  - {{ id: b, teams: [{}], owner: alice }}\npeople:\n  - {{ id: alice, roles: [product-owner] }}\n",
        teams.join(", ")
    ));
    write(d.path(), "a.org.yaml", &org);
    let diags = json(d.path(), &["a.org.yaml"]);
    assert_eq!(
        count(&diags, "R004"),
        1,
        "{:?}",
        diags.iter().map(|d| &d["code"]).collect::<Vec<_>>()
    );
    assert_eq!(count(&diags, "O005"), 0, "alice is a member of the teams");
}

#[test]
fn thousands_of_files_named_on_the_command_line_are_each_linted_once() {
    let d = tempfile::tempdir().unwrap();
    let n = 3_000;
    let mut names = Vec::new();
    for i in 0..n {
        let name = format!("f{i}.org.yaml");
        write(
            d.path(),
            &name,
            &format!("version: 1\nteams:\n  - {{ id: t{i} }}\n"),
        );
        names.push(name);
    }
    let args: Vec<&str> = names.iter().map(String::as_str).collect();
    let diags = json(d.path(), &args);
    // Each file's team has no backlog: one O004 per file.
    assert_eq!(count(&diags, "O004"), n);
}
