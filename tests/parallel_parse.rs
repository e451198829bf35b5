//! A large org file is parsed in pieces on several threads (src/load/yaml/split.rs); what a
//! user sees must not depend on it. Each file here runs with one thread (never split) and
//! with four (split where the file allows) and the outputs must be byte-identical.

use std::path::Path;
use std::process::Command;

/// Exit code, stdout, and whether the file was parsed in pieces (from `--timings`).
fn run(path: &Path, threads: &str, format: &str) -> (i32, String, bool) {
    let out = Command::new(env!("CARGO_BIN_EXE_rolelint"))
        .args([
            "check",
            "--no-config",
            "--color",
            "never",
            "--timings",
            "--format",
            format,
        ])
        .arg(path)
        .env("RAYON_NUM_THREADS", threads)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr.contains("pieces in parallel"),
    )
}

/// About 1 MB: products, teams and backlogs first, a long `people:` list with problems
/// of every reading stage spread through it, and top-level keys after the list.
fn large_org(people: usize, extra_in_middle: &str) -> String {
    let mut s =
        String::from("---\n# generated for the parallel-parse test\nversion: 1\nproducts:\n");
    for p in 0..20 {
        s.push_str(&format!(
            "  - id: product-{p}\n    name: Product {p}\n    managers: [pm-{p}]\n"
        ));
    }
    s.push_str("teams:\n");
    for t in 0..40 {
        s.push_str(&format!(
            "  - id: team-{t}\n    product: product-{}\n    members: [po-{t}, dev-{t}]\n",
            t % 20
        ));
    }
    s.push_str("backlogs:\n");
    for b in 0..40 {
        s.push_str(&format!(
            "  - id: backlog-{b}\n    product: product-{}\n    teams: [team-{b}]\n    owner: po-{b}\n",
            b % 20
        ));
    }
    s.push_str("people:\n");
    for i in 0..people {
        let dangling = format!("    reports_to: nobody-{i}\n");
        let (id, roles, extra) = match i % 50 {
            0 if i / 50 < 20 => (format!("pm-{}", i / 50), "[product-manager]", ""),
            1 if i / 50 < 40 => (format!("po-{}", i / 50), "[product-owner]", ""),
            2 if i / 50 < 40 => (format!("dev-{}", i / 50), "[engineer]", ""),
            7 => (
                format!("person-{i}"),
                "[product-owner]",
                "    nickname: x\n",
            ),
            13 => (format!("person-{i}"), "product-owner", dangling.as_str()),
            29 => (
                format!("person-{i}"),
                "[product-manager]",
                "    id: again\n",
            ),
            _ => (format!("person-{i}"), "[engineer]", ""),
        };
        s.push_str(&format!(
            "  - id: {id}\n    name: \"Person {i}\"\n    roles: {roles}\n{extra}    responsibilities:\n      \
             - Prioritise the product backlog with the team\n      - |\n        Define the pricing \
             strategy and the roadmap\n\n      # rolelint-disable-next-line T002 -- reviewed\n      \
             - Write user stories {i}\n"
        ));
        if i == people / 2 {
            s.push_str(extra_in_middle);
        }
    }
    s.push_str("\n# after the list\norganisation: Parallel Org\n");
    s
}

/// Runs `text` on one thread and on four in each format; returns the first run and
/// whether the four-thread run split the file.
fn same_both_ways(name: &str, text: &str, formats: &[&str]) -> ((i32, String), bool) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    let mut first = None;
    let mut split = false;
    for format in formats {
        let one = run(&path, "1", format);
        let four = run(&path, "4", format);
        assert!(!one.2, "{name}: split on one thread");
        split = four.2;
        assert_eq!(one.0, four.0, "{name} {format}: exit codes differ");
        if one.1 != four.1 {
            let at = one
                .1
                .bytes()
                .zip(four.1.bytes())
                .position(|(a, b)| a != b)
                .unwrap_or(one.1.len().min(four.1.len()));
            let from = at.saturating_sub(300);
            panic!(
                "{name} {format}: outputs differ at byte {at}\n one thread: ..{}\n four:       ..{}",
                &one.1[from..(at + 300).min(one.1.len())],
                &four.1[from..(at + 300).min(four.1.len())]
            );
        }
        first.get_or_insert((one.0, one.1));
    }
    (first.unwrap(), split)
}

#[test]
fn a_large_file_reads_the_same_on_one_thread_and_on_four() {
    let text = large_org(1500, "");
    let ((code, json), split) = same_both_ways("large.org.yaml", &text, &["json", "human"]);
    assert!(split, "{} bytes: not split", text.len());
    assert_eq!(code, 1, "{json:.300}");
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    let codes: std::collections::BTreeSet<&str> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    for want in ["S001", "S002", "S004", "S007"] {
        assert!(codes.contains(want), "{want} missing from {codes:?}");
    }
}

#[test]
fn files_the_split_cannot_take_read_the_same_too() {
    // An anchor used across the file, a syntax error late in the list, a second document,
    // a line less indented than the items, a repeated top-level key after the list.
    for (name, extra, splits) in [
        (
            "anchor",
            "  - &shared\n    id: shared\n    roles: [engineer]\n",
            false,
        ),
        ("syntax", "  - id: broken\n    roles: [unclosed\n", false),
        ("document", "---\npeople: []\n", false),
        ("shallow", " - id: shallow\n", false),
        ("repeated", "", false),
        ("tail-comment-only", "", true),
        ("crlf", "", true),
    ] {
        let mut text = large_org(1500, extra);
        if name == "anchor" {
            text = text.replace("organisation: Parallel Org", "organisation: *shared");
        }
        if name == "repeated" {
            text.push_str("version: 1\n");
        }
        if name == "crlf" {
            text = text.replace('\n', "\r\n");
        }
        if name == "tail-comment-only" {
            text = text.replace("organisation: Parallel Org\n", "");
        }
        let (_, split) = same_both_ways(&format!("{name}.org.yaml"), &text, &["json"]);
        assert_eq!(split, splits, "{name}");
    }
}
