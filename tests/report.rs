//! The HTML report: self-contained, escaped, counting what `--format json` counts, and
//! drawing one box per product, PM, PO and team. The browser checks are in browser.rs.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn rolelint(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rolelint"))
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("ROLELINT_TODAY", "2026-12-08")
        .args(args)
        .output()
        .unwrap()
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn html_of(dir: &Path, args: &[&str]) -> String {
    let mut all = vec!["check", "--format", "html"];
    all.extend(args);
    let out = rolelint(dir, &all);
    assert!(
        out.status.code() == Some(0) || out.status.code() == Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn count(hay: &str, needle: &str) -> usize {
    hay.matches(needle).count()
}

#[test]
fn the_report_of_the_examples_counts_what_json_counts() {
    let html = html_of(repo(), &["examples/"]);
    let json: Value = serde_json::from_slice(
        &rolelint(
            repo(),
            &["check", "--format", "json", "--statistics", "examples/"],
        )
        .stdout,
    )
    .unwrap();
    let summary = &json["summary"];
    for sev in ["error", "warning", "info"] {
        let n = summary[format!("{sev}s")].as_u64().unwrap();
        assert!(
            html.contains(&format!("<b data-count=\"{sev}\">{n}</b>")),
            "{sev}: {n}"
        );
        assert_eq!(
            count(&html, &format!("data-severity=\"{sev}\"")) as u64,
            n,
            "{sev} findings"
        );
    }
    let stats = &summary["statistics"];
    let n = |k: &str| stats[k].as_u64().unwrap() as usize;
    assert_eq!(count(&html, "<g class=\"node product\""), n("products"));
    assert_eq!(count(&html, "<g class=\"node team\""), n("teams"));
    assert_eq!(
        count(&html, "<g class=\"node person\""),
        n("product_managers") + n("product_owners") - n("both_roles")
    );
    assert!(html.contains(&format!("<td>{}</td>", stats["ratio"].as_str().unwrap())));
    // Self-contained: no request leaves the page (links to rule docs are not requests).
    assert!(html.contains("Content-Security-Policy\" content=\"default-src 'none'"));
    for needle in ["<link", "<img", "<iframe", " src=", "@import", "url(http"] {
        assert!(!html.contains(needle), "{needle}");
    }
    assert_eq!(count(&html, "<script"), 1);
}

#[test]
fn every_input_text_is_escaped() {
    let d = tempfile::tempdir().unwrap();
    let evil = "<script>alert(1)</script> \\\" ' & ]]> \u{202e}evil\u{202c} \u{1b}[2J";
    let yaml_text = evil.replace('\\', "\\\\").replace('"', "\\\"");
    let org = format!(
        "products:\n  - {{ id: shop, name: \"{yaml_text}\", managers: [pam] }}\n\
teams:\n  - {{ id: t, name: \"{yaml_text}\", product: shop, members: [otto] }}\n\
backlogs:\n  - {{ id: b, product: shop, teams: [t], owner: otto }}\n\
people:\n  - {{ id: pam, name: \"{yaml_text}\", title: \"{yaml_text}\", roles: [product-manager] }}\n\
  - {{ id: otto, name: \"{yaml_text}\", roles: [product-owner], reports_to: pam, responsibilities: [\"Own the pricing strategy {yaml_text}\"] }}\n\
  - {{ id: ghost, roles: [\"{yaml_text}\"], reports_to: \"nobody\" }}\n"
    );
    let name = "we<ird> & \"co\".org.yaml";
    std::fs::write(d.path().join(name), org).unwrap();
    let html = html_of(d.path(), &["--no-config", name]);
    assert_eq!(count(&html, "<script"), 1, "only the page's own script");
    assert!(!html.contains("alert(1)</script>"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("we&lt;ird&gt; &amp; &quot;co&quot;.org.yaml"));
    assert!(!html.contains('\u{1b}'), "raw ESC");
    assert!(!html.contains('\u{202e}'), "raw bidi override");
    assert!(html.contains("\\u{202e}") && html.contains("\\u{1b}"));
    assert!(!html.contains("]]>"));
}

#[test]
fn report_writes_a_file_and_exits_zero() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(
        d.path().join("a.org.yaml"),
        "people:\n  - { id: a, reports_to: nobody }\n",
    )
    .unwrap();
    let out = rolelint(d.path(), &["report", "--no-config", "a.org.yaml"]);
    assert_eq!(out.status.code(), Some(0));
    let html = std::fs::read_to_string(d.path().join("rolelint-report.html")).unwrap();
    assert!(html.contains("S004"));
    // `-o -`: standard output; `check --format html` keeps check's exit code.
    let out = rolelint(
        d.path(),
        &["report", "--no-config", "-o", "-", "a.org.yaml"],
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("<!DOCTYPE html>"));
    let out = rolelint(
        d.path(),
        &["check", "--no-config", "--format", "html", "a.org.yaml"],
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn focus_and_large_organisations_draw_readable_diagrams() {
    let html = html_of(repo(), &["examples/", "--focus", "rider-app"]);
    assert_eq!(count(&html, "<g class=\"node product\""), 1);
    let out = rolelint(
        repo(),
        &["check", "--format", "html", "examples/", "--focus", "rider"],
    );
    assert_eq!(out.status.code(), Some(2));

    // Over 300 boxes: one diagram per product.
    let d = tempfile::tempdir().unwrap();
    let mut org = String::from("products:\n");
    for p in 0..40 {
        org.push_str(&format!("  - {{ id: p{p}, managers: [pm{p}] }}\n"));
    }
    org.push_str("teams:\n");
    for p in 0..40 {
        for t in 0..3 {
            org.push_str(&format!(
                "  - {{ id: t{p}-{t}, product: p{p}, members: [po{p}-{t}] }}\n"
            ));
        }
    }
    org.push_str("backlogs:\n");
    for p in 0..40 {
        for t in 0..3 {
            org.push_str(&format!(
                "  - {{ id: b{p}-{t}, product: p{p}, teams: [t{p}-{t}], owner: po{p}-{t} }}\n"
            ));
        }
    }
    org.push_str("people:\n");
    for p in 0..40 {
        org.push_str(&format!("  - {{ id: pm{p}, roles: [product-manager] }}\n"));
        for t in 0..3 {
            org.push_str(&format!(
                "  - {{ id: po{p}-{t}, roles: [product-owner], reports_to: pm{p} }}\n"
            ));
        }
    }
    std::fs::write(d.path().join("big.org.yaml"), org).unwrap();
    let html = html_of(d.path(), &["--no-config", "big.org.yaml"]);
    assert_eq!(count(&html, "<svg"), 40, "one diagram per product");
    assert_eq!(count(&html, "<g class=\"node product\""), 40);
}

#[test]
fn redact_hides_every_person_in_every_format_and_keeps_the_places() {
    let people = [
        "priya-raman",
        "Priya Raman",
        "bjorn-lindqvist",
        "Björn",
        "Lindqvist",
        "mei-ling-chen",
        "Mei-Ling",
        "tomas-ribeiro",
        "Tomás",
    ];
    let plain: Value = serde_json::from_slice(
        &rolelint(repo(), &["check", "--format", "json", "examples/"]).stdout,
    )
    .unwrap();
    let mut pseudonyms = std::collections::BTreeSet::new();
    let re = regex::Regex::new(r"person-[0-9a-f]{4,}").unwrap();
    for format in ["human", "json", "sarif", "github", "junit", "html"] {
        let out = rolelint(
            repo(),
            &[
                "check",
                "--redact",
                "--statistics",
                "--show-findings",
                "--format",
                format,
                "examples/",
            ],
        );
        let text = String::from_utf8_lossy(&out.stdout);
        for p in people {
            assert!(!text.contains(p), "{format} shows {p}");
        }
        pseudonyms.extend(re.find_iter(&text).map(|m| m.as_str().to_string()));
        if format == "json" {
            // The same findings at the same lines and columns.
            let red: Value = serde_json::from_str(&text).unwrap();
            let at = |d: &Value| {
                d["diagnostics"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|x| (x["code"].clone(), x["file"].clone(), x["start"].clone()))
                    .collect::<Vec<_>>()
            };
            assert_eq!(at(&red), at(&plain));
        }
    }
    // Stable: a person is the same pseudonym in every format (one per person shown).
    assert!(
        pseudonyms.len() >= 4 && pseudonyms.len() <= 12,
        "{pseudonyms:?}"
    );
}
