//! Job descriptions from where they live: one posting written as Markdown, HTML,
//! Greenhouse JSON and Lever JSON gets the same J findings; spans point into each file at
//! the title and at the bullet (HTML) or the JSON string holding it; hostile bytes never
//! panic the HTML or JSON readers.

use proptest::prelude::*;
use rolelint::load::{jobs_html, jobs_json};
use std::process::Command;

const DIR: &str = "examples/jobs/formats";
const FILES: &[&str] = &[
    "payments-po.jd.md",
    "payments-po.jd.html",
    "payments-po.greenhouse.jd.json",
    "payments-po.lever.jd.json",
];

/// Each finding as (code, severity, message, label messages, title text at the span,
/// label count), and the spans sliced out of the file.
fn findings(name: &str) -> Vec<(String, String, String, Vec<String>, String)> {
    let path = format!("{DIR}/{name}");
    let text = std::fs::read_to_string(&path).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_rolelint"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "--no-config", "--format", "json", &path])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let slice = |s: &serde_json::Value| {
                let o = s["offset"].as_u64().unwrap() as usize;
                let l = s["length"].as_u64().unwrap() as usize;
                text[o..o + l].trim_matches('"').to_string()
            };
            let mut labels: Vec<String> = d["labels"]
                .as_array()
                .map(|ls| {
                    ls.iter()
                        .map(|l| l["message"].as_str().unwrap().to_string())
                        .collect()
                })
                .unwrap_or_default();
            labels.sort();
            (
                d["code"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
                labels,
                slice(&d["span"]),
            )
        })
        .collect()
}

#[test]
fn one_posting_four_formats_same_findings() {
    let md = findings(FILES[0]);
    assert!(
        md.iter().any(|f| f.0 == "J002"),
        "the example is meant to show J002: {md:?}"
    );
    assert_eq!(md[0].4, "Product Owner, Payments");
    for f in &FILES[1..] {
        assert_eq!(findings(f), md, "{f}");
    }
}

#[test]
fn html_spans_are_the_bullets_text_and_json_spans_the_string() {
    let html = std::fs::read_to_string(format!("{DIR}/payments-po.jd.html")).unwrap();
    let d = jobs_html::parse_html(&html);
    assert_eq!(d.statements.len(), 6);
    assert_eq!(
        &html[d.statements[0].span.range()],
        "Own and order the <strong>product backlog</strong> for the payments team"
    );
    for s in &d.statements[1..] {
        assert_eq!(&html[s.span.range()], s.value);
    }
    let lever = std::fs::read_to_string(format!("{DIR}/payments-po.lever.jd.json")).unwrap();
    let d = jobs_json::parse_json(&lever).unwrap();
    assert_eq!(d.statements.len(), 6);
    for s in &d.statements {
        let raw = &lever[s.span.range()];
        assert!(
            raw.starts_with("\"<li>") && raw.ends_with("</li>\""),
            "{raw}"
        );
    }
}

#[test]
fn json_that_is_not_a_posting_is_s001_with_where() {
    let dir = tempfile::tempdir().unwrap();
    for (name, body) in [
        ("a.jd.json", "{\"title\": \"PO\", \"content\": \n"),
        ("b.jd.json", "{\"name\": \"not a posting\"}"),
    ] {
        let p = dir.path().join(name);
        std::fs::write(&p, body).unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_rolelint"))
            .args(["check", "--no-config", "--format", "json"])
            .arg(&p)
            .output()
            .unwrap();
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(doc["diagnostics"][0]["code"], "S001", "{name}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn html_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let text = String::from_utf8_lossy(&bytes);
        let d = jobs_html::parse_html(&text);
        for s in &d.statements {
            prop_assert!(text.get(s.span.range()).is_some());
        }
    }

    #[test]
    fn html_like_input_never_panics(parts in proptest::collection::vec(
        prop_oneof![
            Just("<li>"), Just("</li>"), Just("<ul>"), Just("</ul>"), Just("<h2>"), Just("</h2>"),
            Just("<b>"), Just("</b>"), Just("<p>"), Just("<!--"), Just("-->"), Just("<script>"),
            Just("</script"), Just("&amp;"), Just("&#x"), Just(";"), Just("é"), Just("Duties"),
            Just("'"), Just("\""), Just("<"), Just(">"), Just("/"), Just(" "), Just("own the backlog"),
        ], 0..60)) {
        let text: String = parts.concat();
        let d = jobs_html::parse_html(&text);
        for s in &d.statements {
            prop_assert!(text.get(s.span.range()).is_some());
        }
    }

    #[test]
    fn json_never_panics(parts in proptest::collection::vec(
        prop_oneof![
            Just("{"), Just("}"), Just("["), Just("]"), Just(","), Just(":"), Just("\""),
            Just("\\u"), Just("d800"), Just("\\"), Just("title"), Just("content"), Just("text"),
            Just("lists"), Just("&lt;li&gt;"), Just("<li>"), Just("x"), Just("1"), Just("é"),
        ], 0..60)) {
        let text: String = parts.concat();
        if let Ok(d) = jobs_json::parse_json(&text) {
            for s in &d.statements {
                prop_assert!(text.get(s.span.range()).is_some());
            }
        }
    }
}

#[test]
fn classify_reads_html_and_json_postings() {
    for f in &FILES[1..] {
        let out = Command::new(env!("CARGO_BIN_EXE_rolelint"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args([
                "classify",
                "--no-config",
                "--format",
                "json",
                &format!("{DIR}/{f}"),
            ])
            .output()
            .unwrap();
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let classes: Vec<&str> = doc["statements"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["class"].as_str().unwrap())
            .collect();
        assert_eq!(
            classes,
            [
                "tactical",
                "tactical",
                "tactical",
                "strategic",
                "strategic",
                "strategic"
            ],
            "{f}"
        );
    }
}
