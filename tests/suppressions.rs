//! Suppression comments and baselines, end to end: the built binary on temporary files.
//! The org texts are the conformance cases `duties.org.yaml` and `backlog.org.yaml`, and
//! the job description is `mislabel.jd.md` (copied here so the tests stand alone).

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

const DUTIES: &str = "version: 1
products:
  - id: shop
    managers: [pam]
teams:
  - { id: alpha, product: shop, members: [oli] }
  - { id: beta, product: shop, members: [ora] }
backlogs:
  - { id: a, product: shop, teams: [alpha], owner: oli }
  - { id: b, product: shop, teams: [beta], owner: ora }
people:
  - id: pam
    roles: [product-manager]
    responsibilities:
      - Set the product strategy
      - Accept completed stories in the sprint review
  - id: oli
    roles: [product-owner]
    reports_to: pam
    responsibilities:
      - Own the pricing of the shop
  - { id: ora, roles: [product-owner], reports_to: pam }
";

const BACKLOG: &str = "version: 1
products:
  - id: shop
    managers: [pam]
teams:
  - id: alpha
    product: shop
    members: [oli]
  - id: gamma
    product: shop
    members: [eng1]
backlogs:
  - id: alpha-backlog
    product: shop
    teams: [alpha]
    owner: [oli, ora]
  - id: lonely-backlog
    product: shop
    teams: [alpha]
people:
  - { id: pam, roles: [product-manager] }
  - { id: oli, roles: [product-owner], reports_to: pam }
  - { id: ora, roles: [product-owner], reports_to: pam }
  - { id: eng1, roles: [engineer] }
";

const MISLABEL: &str = "# Product Owner

## Responsibilities

- Define the product vision
- Own pricing and positioning
- Run market research
- Plan the go-to-market
";

const PRICING: &str = "      - Own the pricing of the shop";

fn rolelint(dir: &Path, args: &[&str], today: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rolelint"));
    cmd.current_dir(dir)
        .args(args)
        .env_remove("ROLELINT_TODAY")
        .env("NO_COLOR", "1");
    if let Some(t) = today {
        cmd.env("ROLELINT_TODAY", t);
    }
    cmd.output().expect("the binary runs")
}

/// `check --format json --no-config FILE`: the diagnostics.
fn json(dir: &Path, extra: &[&str], file: &str, today: Option<&str>) -> Vec<Value> {
    let mut args = vec!["check", "--format", "json", "--no-config"];
    args.extend_from_slice(extra);
    args.push(file);
    let out = rolelint(dir, &args, today);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    doc["diagnostics"].as_array().expect("diagnostics").clone()
}

fn codes(diags: &[Value]) -> Vec<(String, u64)> {
    diags
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn has(diags: &[Value], code: &str) -> bool {
    diags.iter().any(|d| d["code"] == code)
}

fn only<'a>(diags: &'a [Value], code: &str) -> Vec<&'a Value> {
    diags.iter().filter(|d| d["code"] == code).collect()
}

/// Lints `duties.org.yaml` with `comment` after the pricing responsibility.
fn duties_with(comment: &str, today: Option<&str>) -> Vec<Value> {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(
        d.path().join("s.org.yaml"),
        DUTIES.replace(PRICING, &format!("{PRICING}  {comment}")),
    )
    .unwrap();
    json(d.path(), &[], "s.org.yaml", today)
}

#[test]
fn unsuppressed_case_reports_t001_and_t002() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("s.org.yaml"), DUTIES).unwrap();
    let got = codes(&json(d.path(), &[], "s.org.yaml", None));
    assert!(
        got.contains(&("T001".into(), 21)) && got.contains(&("T002".into(), 16)),
        "{got:?}"
    );
}

#[test]
fn suppression_on_the_line() {
    let diags = duties_with("# rolelint: ignore[T001] -- until a PM is hired", None);
    assert!(
        !has(&diags, "T001") && has(&diags, "T002"),
        "{:?}",
        codes(&diags)
    );
    assert!(
        !diags
            .iter()
            .any(|d| d["code"].as_str().unwrap().starts_with('X')),
        "{:?}",
        codes(&diags)
    );
}

#[test]
fn suppression_on_the_line_before() {
    let d = tempfile::tempdir().unwrap();
    let text = DUTIES.replace(
        PRICING,
        &format!("      # rolelint: ignore[po-strategic-duty] -- interim\n{PRICING}"),
    );
    std::fs::write(d.path().join("s.org.yaml"), text).unwrap();
    let diags = json(d.path(), &[], "s.org.yaml", None);
    assert!(
        !has(&diags, "T001") && has(&diags, "T002") && !has(&diags, "X002"),
        "{:?}",
        codes(&diags)
    );
}

#[test]
fn suppression_on_the_entity_line_covers_the_entity() {
    let d = tempfile::tempdir().unwrap();
    let text = DUTIES.replace(
        "  - id: oli\n",
        "  - id: oli   # rolelint: ignore[T001] -- interim, until the PM is hired\n",
    );
    std::fs::write(d.path().join("s.org.yaml"), text).unwrap();
    let diags = json(d.path(), &[], "s.org.yaml", None);
    assert!(
        !has(&diags, "T001") && !has(&diags, "X002"),
        "{:?}",
        codes(&diags)
    );
}

#[test]
fn without_reason_is_x001_and_still_honoured() {
    let diags = duties_with("# rolelint: ignore[T001]", None);
    assert!(!has(&diags, "T001"));
    let x = only(&diags, "X001");
    assert_eq!(x.len(), 1, "{:?}", codes(&diags));
    assert_eq!(x[0]["severity"], "info");
    assert_eq!(
        (
            x[0]["start"]["line"].as_u64(),
            x[0]["start"]["column"].as_u64()
        ),
        (Some(21), Some(38))
    );
}

#[test]
fn one_unused_code_of_two_gives_one_x002_naming_it() {
    let diags = duties_with("# rolelint: ignore[T001, R003] -- interim", None);
    assert!(!has(&diags, "T001"), "{:?}", codes(&diags));
    let x = only(&diags, "X002");
    assert_eq!(x.len(), 1, "{:?}", codes(&diags));
    let msg = x[0]["message"].as_str().unwrap();
    assert!(msg.contains("R003") && !msg.contains("T001"), "{msg}");
    assert_eq!(x[0]["severity"], "warning");
}

#[test]
fn expired_suppression_gives_x003_only_and_the_problem_again() {
    let comment = "# rolelint: ignore[T001, R003] until=2026-03-31 -- interim";
    let diags = duties_with(comment, Some("2026-04-01"));
    assert!(
        has(&diags, "T001") && has(&diags, "X003"),
        "{:?}",
        codes(&diags)
    );
    assert!(
        !has(&diags, "X002") && !has(&diags, "X001"),
        "{:?}",
        codes(&diags)
    );
    // On the day itself it still holds.
    let diags = duties_with(comment, Some("2026-03-31"));
    assert!(
        !has(&diags, "T001") && !has(&diags, "X003"),
        "{:?}",
        codes(&diags)
    );
    // A far-future date holds with the real clock.
    let diags = duties_with("# rolelint: ignore[T001] until=2999-12-31 -- interim", None);
    assert!(
        !has(&diags, "T001") && !has(&diags, "X003"),
        "{:?}",
        codes(&diags)
    );
}

#[test]
fn invalid_rolelint_today_is_exit_2() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("s.org.yaml"), DUTIES).unwrap();
    let out = rolelint(
        d.path(),
        &["check", "--no-config", "s.org.yaml"],
        Some("31/03/2026"),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("ROLELINT_TODAY"));
}

#[test]
fn typo_code_gives_x002_with_the_suggestion() {
    let diags = duties_with("# rolelint: ignore[T01] -- typo", None);
    assert!(has(&diags, "T001"), "{:?}", codes(&diags));
    let x = only(&diags, "X002");
    assert_eq!(x.len(), 1, "{:?}", codes(&diags));
    assert!(x[0]["message"].as_str().unwrap().contains("`T01`"));
    assert!(
        x[0]["help"]
            .as_str()
            .unwrap()
            .contains("did you mean `T001`"),
        "{}",
        x[0]["help"]
    );
}

#[test]
fn prefix_is_not_a_code_and_bad_date_is_x002() {
    let diags = duties_with("# rolelint: ignore[T] -- all strategy", None);
    assert!(
        has(&diags, "T001") && only(&diags, "X002").len() == 1,
        "{:?}",
        codes(&diags)
    );
    assert!(only(&diags, "X002")[0]["help"]
        .as_str()
        .unwrap()
        .contains("prefix"));
    let diags = duties_with("# rolelint: ignore[T001] until=2026-3-31 -- interim", None);
    assert!(
        has(&diags, "T001") && only(&diags, "X002").len() == 1 && !has(&diags, "X003"),
        "{:?}",
        codes(&diags)
    );
}

#[test]
fn hash_inside_a_quoted_responsibility_is_not_a_comment() {
    let d = tempfile::tempdir().unwrap();
    let text = DUTIES.replace(
        PRICING,
        "      - \"Own the pricing of the shop # rolelint: ignore[T001] -- no\"",
    );
    std::fs::write(d.path().join("s.org.yaml"), text).unwrap();
    let diags = json(d.path(), &[], "s.org.yaml", None);
    assert!(has(&diags, "T001"), "{:?}", codes(&diags));
    assert!(
        !diags
            .iter()
            .any(|d| d["code"].as_str().unwrap().starts_with('X')),
        "{:?}",
        codes(&diags)
    );
}

// Job descriptions: the comment on the line before the title covers J001-J004 there.
#[test]
fn job_description_suppression_before_the_title() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("po.jd.md"), MISLABEL).unwrap();
    let plain = json(d.path(), &[], "po.jd.md", None);
    assert!(
        has(&plain, "J001"),
        "J rules report on the case: {:?}",
        codes(&plain)
    );

    let text = format!("<!-- rolelint: ignore[J001] -- the title is fixed in the next hiring round -->\n{MISLABEL}");
    std::fs::write(d.path().join("po.jd.md"), text).unwrap();
    let diags = json(d.path(), &[], "po.jd.md", None);
    assert!(
        !has(&diags, "J001") && !has(&diags, "X002"),
        "{:?}",
        codes(&diags)
    );
    assert_eq!(
        diags.len() + 1,
        plain.len(),
        "only J001 is gone: {:?}",
        codes(&diags)
    );

    let text = format!("<!-- rolelint: ignore[J002] -->\n{MISLABEL}");
    std::fs::write(d.path().join("po.jd.md"), text).unwrap();
    let diags = json(d.path(), &[], "po.jd.md", None);
    assert!(
        has(&diags, "J001") && has(&diags, "X001") && has(&diags, "X002"),
        "{:?}",
        codes(&diags)
    );
    let x = only(&diags, "X002");
    assert_eq!(x[0]["start"]["line"].as_u64(), Some(1));
}

fn write_baseline(dir: &Path, baseline: &str, target: &str) {
    let out = rolelint(
        dir,
        &["check", "--no-config", "--write-baseline", baseline, target],
        None,
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn baseline_hides_known_problems_and_survives_inserted_lines() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("b.org.yaml"), BACKLOG).unwrap();
    write_baseline(d.path(), "baseline.yaml", "b.org.yaml");
    let written = std::fs::read_to_string(d.path().join("baseline.yaml")).unwrap();
    assert!(
        written.contains("file: \"b.org.yaml\"") && written.contains("O002"),
        "{written}"
    );
    // Stable: the same problems write the same file.
    write_baseline(d.path(), "baseline.yaml", "b.org.yaml");
    assert_eq!(
        std::fs::read_to_string(d.path().join("baseline.yaml")).unwrap(),
        written
    );

    let out = rolelint(
        d.path(),
        &[
            "check",
            "--format",
            "json",
            "--no-config",
            "--baseline",
            "baseline.yaml",
            "b.org.yaml",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(json(
        d.path(),
        &["--baseline", "baseline.yaml"],
        "b.org.yaml",
        None
    )
    .is_empty());

    std::fs::write(
        d.path().join("b.org.yaml"),
        "# a comment\n".repeat(20) + BACKLOG,
    )
    .unwrap();
    let diags = json(
        d.path(),
        &["--baseline", "baseline.yaml"],
        "b.org.yaml",
        None,
    );
    assert!(diags.is_empty(), "{:?}", codes(&diags));
}

#[test]
fn baseline_paths_agree_for_org_and_dot_org() {
    let d = tempfile::tempdir().unwrap();
    std::fs::create_dir(d.path().join("org")).unwrap();
    std::fs::write(d.path().join("org/b.org.yaml"), BACKLOG).unwrap();
    write_baseline(d.path(), "baseline.yaml", "org/");
    let written = std::fs::read_to_string(d.path().join("baseline.yaml")).unwrap();
    assert!(written.contains("file: \"org/b.org.yaml\""), "{written}");
    for target in ["./org", "org", "org/b.org.yaml", "./org/../org/"] {
        let diags = json(d.path(), &["--baseline", "baseline.yaml"], target, None);
        assert!(diags.is_empty(), "{target}: {:?}", codes(&diags));
    }
    // From another directory, with the baseline named by a path: still relative to it.
    let sub = d.path().join("org");
    let diags = json(&sub, &["--baseline", "../baseline.yaml"], ".", None);
    assert!(diags.is_empty(), "{:?}", codes(&diags));
}

#[test]
fn baseline_does_not_hide_a_new_problem_of_the_same_code_in_the_same_file() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("b.org.yaml"), BACKLOG).unwrap();
    write_baseline(d.path(), "baseline.yaml", "b.org.yaml");
    // A second backlog without an owner: O001 again, on another entity.
    let more = BACKLOG.replace(
        "people:\n",
        "  - id: second-backlog\n    product: shop\n    teams: [gamma]\npeople:\n",
    );
    std::fs::write(d.path().join("b.org.yaml"), more).unwrap();
    let diags = json(
        d.path(),
        &["--baseline", "baseline.yaml"],
        "b.org.yaml",
        None,
    );
    let o001 = only(&diags, "O001");
    assert_eq!(o001.len(), 1, "{:?}", codes(&diags));
    assert!(o001[0]["message"]
        .as_str()
        .unwrap()
        .contains("second-backlog"));
}

#[test]
fn missing_or_invalid_baseline_is_exit_2() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("b.org.yaml"), BACKLOG).unwrap();
    let out = rolelint(
        d.path(),
        &[
            "check",
            "--no-config",
            "--baseline",
            "nope.yaml",
            "b.org.yaml",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nope.yaml"));
    std::fs::write(d.path().join("bad.yaml"), "version: [\n").unwrap();
    let out = rolelint(
        d.path(),
        &[
            "check",
            "--no-config",
            "--baseline",
            "bad.yaml",
            "b.org.yaml",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a valid baseline"));
}

fn entries_of(text: &str) -> Vec<(String, String, String)> {
    serde_saphyr_free_parse(text)
        .iter()
        .map(|e| {
            (
                e["code"].as_str().unwrap_or_default().to_string(),
                e["subject"].as_str().unwrap_or_default().to_string(),
                e["fingerprint"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// The entries of a baseline as rolelint writes it (four quoted keys per entry).
fn serde_saphyr_free_parse(text: &str) -> Vec<Value> {
    let mut out = Vec::new();
    let mut cur = serde_json::Map::new();
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let line = line.trim_start_matches("- ").trim();
        let Some((k, v)) = line.split_once(": ") else {
            continue;
        };
        cur.insert(k.into(), serde_json::from_str(v).unwrap());
        if k == "fingerprint" {
            out.push(Value::Object(std::mem::take(&mut cur)));
        }
    }
    out
}

#[test]
fn baseline_of_more_than_the_default_parser_budget_reads_back() {
    // 30,000 backlogs without an owner: more entries than the parser's default node budget
    // allowed (about 27,800).
    let d = tempfile::tempdir().unwrap();
    let mut org = String::from("version: 1\nproducts:\n  - { id: shop }\nbacklogs:\n");
    for i in 0..30_000 {
        org.push_str(&format!("  - {{ id: b{i}, product: shop }}\n"));
    }
    std::fs::write(d.path().join("big.org.yaml"), org).unwrap();
    write_baseline(d.path(), "baseline.yaml", "big.org.yaml");
    let written = std::fs::read_to_string(d.path().join("baseline.yaml")).unwrap();
    assert!(written.matches("fingerprint:").count() >= 30_000);
    let diags = json(
        d.path(),
        &["--baseline", "baseline.yaml"],
        "big.org.yaml",
        None,
    );
    assert!(diags.is_empty(), "{} left", diags.len());
}

#[test]
fn baseline_fingerprints_are_128_bit_and_match_only_with_file_and_code() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("b.org.yaml"), BACKLOG).unwrap();
    write_baseline(d.path(), "baseline.yaml", "b.org.yaml");
    let written = std::fs::read_to_string(d.path().join("baseline.yaml")).unwrap();
    let entries = entries_of(&written);
    assert!(!entries.is_empty());
    for (_, _, print) in &entries {
        assert_eq!(print.len(), 32, "{print}");
        assert!(print.bytes().all(|b| b.is_ascii_hexdigit()));
    }
    // The same fingerprints under another file name, or another code, hide nothing.
    for (from, to) in [
        ("file: \"b.org.yaml\"", "file: \"other.org.yaml\""),
        ("code: \"O002\"", "code: \"O003\""),
    ] {
        std::fs::write(d.path().join("moved.yaml"), written.replace(from, to)).unwrap();
        let diags = json(d.path(), &["--baseline", "moved.yaml"], "b.org.yaml", None);
        assert!(has(&diags, "O002"), "{to}: {:?}", codes(&diags));
    }
}

#[test]
fn equal_findings_get_distinct_fingerprints_in_baseline_and_sarif() {
    let d = tempfile::tempdir().unwrap();
    let org = "version: 1\npeople:\n  - { id: pam, roles: [product-manager] }\n  - { id: pam, roles: [product-manager] }\n  - { id: pam, roles: [product-manager] }\n";
    std::fs::write(d.path().join("d.org.yaml"), org).unwrap();
    write_baseline(d.path(), "baseline.yaml", "d.org.yaml");
    let written = std::fs::read_to_string(d.path().join("baseline.yaml")).unwrap();
    let dups: Vec<_> = entries_of(&written)
        .into_iter()
        .filter(|(code, _, _)| code == "S003")
        .collect();
    assert_eq!(dups.len(), 2, "{written}");
    assert_eq!(dups[0].1, dups[1].1, "same subject");
    assert_ne!(dups[0].2, dups[1].2, "different fingerprints");

    let out = rolelint(
        d.path(),
        &["check", "--format", "sarif", "--no-config", "d.org.yaml"],
        None,
    );
    let sarif: Value = serde_json::from_slice(&out.stdout).unwrap();
    let prints: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["ruleId"] == "S003")
        .map(|r| r["partialFingerprints"]["rolelint/v2"].as_str().unwrap())
        .collect();
    assert_eq!(prints.len(), 2);
    assert_ne!(prints[0], prints[1]);

    // A third duplicate is new: the baseline's two entries hide two of the three.
    std::fs::write(
        d.path().join("d.org.yaml"),
        format!("{org}  - {{ id: pam, roles: [product-manager] }}\n"),
    )
    .unwrap();
    let diags = json(
        d.path(),
        &["--baseline", "baseline.yaml"],
        "d.org.yaml",
        None,
    );
    assert_eq!(only(&diags, "S003").len(), 1, "{:?}", codes(&diags));
}

#[test]
fn baseline_entry_of_one_tier_does_not_hide_the_other() {
    // R001: a PM with 1 PO ("fewer than 2", the lower tier) is baselined; with 4 POs the
    // finding says "more than 3" and is reported.
    let d = tempfile::tempdir().unwrap();
    let org = |pos: usize| {
        let mut s =
            String::from("version: 1\nproducts:\n  - { id: shop, managers: [pam] }\nbacklogs:\n");
        for i in 0..pos {
            s.push_str(&format!(
                "  - {{ id: b{i}, product: shop, owner: po{i} }}\n"
            ));
        }
        s.push_str("people:\n  - { id: pam, roles: [product-manager] }\n");
        for i in 0..pos {
            s.push_str(&format!(
                "  - {{ id: po{i}, roles: [product-owner], reports_to: pam }}\n"
            ));
        }
        s
    };
    std::fs::write(d.path().join("r.org.yaml"), org(1)).unwrap();
    assert!(has(&json(d.path(), &[], "r.org.yaml", None), "R001"));
    write_baseline(d.path(), "baseline.yaml", "r.org.yaml");
    assert!(!has(
        &json(
            d.path(),
            &["--baseline", "baseline.yaml"],
            "r.org.yaml",
            None
        ),
        "R001"
    ));
    std::fs::write(d.path().join("r.org.yaml"), org(4)).unwrap();
    let diags = json(
        d.path(),
        &["--baseline", "baseline.yaml"],
        "r.org.yaml",
        None,
    );
    let r001 = only(&diags, "R001");
    assert_eq!(r001.len(), 1, "{:?}", codes(&diags));
    assert!(r001[0]["message"].as_str().unwrap().contains("more than"));
}

#[test]
fn s001_is_never_recorded_in_nor_hidden_by_a_baseline() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("tab.org.yaml"), "people:\n\t- id: x\n").unwrap();
    let out = rolelint(
        d.path(),
        &[
            "check",
            "--no-config",
            "--write-baseline",
            "baseline.yaml",
            "tab.org.yaml",
        ],
        None,
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("left out 1 S001"), "{stderr}");
    let written = std::fs::read_to_string(d.path().join("baseline.yaml")).unwrap();
    assert!(!written.contains("S001"), "{written}");
    // A hand-made S001 entry (with any fingerprint, even the right one) is ignored.
    let entry = |print: &str| {
        format!("- file: \"tab.org.yaml\"\n  code: \"S001\"\n  subject: \"x\"\n  fingerprint: \"{print}\"\n")
    };
    std::fs::write(
        d.path().join("s001.yaml"),
        entry(&"a".repeat(32)) + &entry(&"b".repeat(16)),
    )
    .unwrap();
    let diags = json(d.path(), &["--baseline", "s001.yaml"], "tab.org.yaml", None);
    assert!(has(&diags, "S001"), "{:?}", codes(&diags));
}

#[test]
fn old_16_digit_baseline_entries_match_by_subject_and_ask_for_a_rewrite() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("b.org.yaml"), BACKLOG).unwrap();
    write_baseline(d.path(), "baseline.yaml", "b.org.yaml");
    let written = std::fs::read_to_string(d.path().join("baseline.yaml")).unwrap();
    // As an older rolelint wrote it: 16 hex digits (their value is not checked).
    let mut old = String::new();
    for line in written.lines() {
        match line.split_once("fingerprint: \"") {
            Some((head, print)) => {
                old.push_str(&format!("{head}fingerprint: \"{}\"\n", &print[..16]))
            }
            None => old.push_str(&format!("{line}\n")),
        }
    }
    std::fs::write(d.path().join("old.yaml"), &old).unwrap();
    let out = rolelint(
        d.path(),
        &[
            "check",
            "--format",
            "json",
            "--no-config",
            "--baseline",
            "old.yaml",
            "b.org.yaml",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("older 16-digit fingerprint") && stderr.contains("--write-baseline"),
        "{stderr}"
    );
    // Any other length is not a fingerprint.
    std::fs::write(
        d.path().join("bad.yaml"),
        old.replace("fingerprint: \"", "fingerprint: \"0"),
    )
    .unwrap();
    let out = rolelint(
        d.path(),
        &[
            "check",
            "--no-config",
            "--baseline",
            "bad.yaml",
            "b.org.yaml",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("32 hexadecimal digits"));
}
