//! `--format junit`: JUnit XML for CI systems that show test reports. One `<testsuite>` per
//! file of the run; one failing `<testcase>` per error in it; warnings and infos in the
//! suite's `<system-out>` (a warning does not fail the run, so it fails no test: as ESLint's
//! JUnit output reads in CI), unless `--max-warnings` is exceeded, when warnings fail too;
//! one passing `<testcase>` for a file without failures.
//! Written with quick-xml's event writer, so every name, attribute and text is escaped by
//! the crate.

use super::Report;
use crate::catalog::{catalog, Severity};
use crate::diagnostics::Finding;
use crate::model::Loc;
use quick_xml::escape::{escape, partial_escape};
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::name::QName;
use quick_xml::Writer;
use std::borrow::Cow;
use std::io::Write;

pub fn render(r: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    render_with(r, out, false)
}

/// `warnings_fail`: the run fails on its warnings (more than `--max-warnings`), so they are
/// failing test cases like errors.
pub fn render_with(r: &Report, out: &mut dyn Write, warnings_fail: bool) -> std::io::Result<()> {
    let fails = |f: &Finding| {
        f.severity == Severity::Error || (warnings_fail && f.severity == Severity::Warning)
    };
    // Findings grouped by the file of their primary span, in the report's (sorted) order.
    let mut by_file: Vec<Vec<&Finding>> = vec![Vec::new(); r.files.len()];
    for f in r.findings {
        by_file[f.primary.file as usize].push(f);
    }
    let failures = |fs: &[&Finding]| fs.iter().filter(|f| fails(f)).count();
    // A file without failures still has its one passing case.
    let total_tests: usize = by_file
        .iter()
        .enumerate()
        .filter(|(i, _)| !r.is_context(*i))
        .map(|(_, fs)| failures(fs).max(1))
        .sum();
    let total_failures = r.findings.iter().filter(|f| fails(f)).count();

    let mut w = Writer::new_with_indent(&mut *out, b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.write_event(Event::Start(BytesStart::new("testsuites").with_attributes(
        [
            attr("name", "rolelint"),
            attr("tests", &total_tests.to_string()),
            attr("failures", &total_failures.to_string()),
            attr("errors", "0"),
        ],
    )))?;
    for (i, findings) in by_file.iter().enumerate() {
        if r.is_context(i) {
            continue;
        }
        let file = &r.files[i].display;
        let failures = failures(findings);
        w.write_event(Event::Start(BytesStart::new("testsuite").with_attributes(
            [
                attr("name", file),
                attr("tests", &failures.max(1).to_string()),
                attr("failures", &failures.to_string()),
                attr("errors", "0"),
            ],
        )))?;
        if failures == 0 {
            w.create_element("testcase")
                .with_attributes([attr("name", file), attr("classname", "rolelint")])
                .write_empty()?;
        }
        let mut infos = String::new();
        for f in findings {
            let title = title(f);
            let at = location(r, f.primary);
            if !fails(f) {
                infos.push_str(&format!(
                    "{at}: {} {title}: {}\n{}",
                    f.severity.as_str(),
                    f.message,
                    details(r, f)
                ));
                continue;
            }
            let body = format!(
                "{at}: {} {title}: {}\n{}",
                f.severity.as_str(),
                f.message,
                details(r, f)
            );
            w.create_element("testcase")
                .with_attributes([
                    attr("name", &format!("{title} at {at}")),
                    attr("classname", &format!("rolelint.{}", f.code)),
                ])
                .write_inner_content(|w| {
                    w.create_element("failure")
                        .with_attributes([attr("message", &f.message), attr("type", &f.code)])
                        .write_text_content(text(&body))?;
                    Ok(())
                })?;
        }
        if !infos.is_empty() {
            w.create_element("system-out")
                .write_text_content(text(&infos))?;
        }
        w.write_event(Event::End(BytesEnd::new("testsuite")))?;
    }
    w.write_event(Event::End(BytesEnd::new("testsuites")))?;
    writeln!(out)
}

/// `CODE name`, or the code alone for a rule outside the catalogue.
fn title(f: &Finding) -> String {
    match catalog().find(&f.code) {
        Some(rule) => format!("{} {}", f.code, rule.name),
        None => f.code.clone(),
    }
}

/// `FILE:LINE:COL`
fn location(r: &Report, loc: Loc) -> String {
    let p = r.start(loc);
    format!("{}:{}:{}", r.file(loc).display, p.line, p.column)
}

/// The lines after the headline: the primary label, the other labels, the help.
fn details(r: &Report, f: &Finding) -> String {
    let mut s = String::new();
    if !f.primary_label.is_empty() {
        s.push_str(&format!(
            "  {}: {}\n",
            location(r, f.primary),
            f.primary_label
        ));
    }
    for l in &f.labels {
        s.push_str(&format!("  {}: {}\n", location(r, l.loc), l.message));
    }
    if !f.help.is_empty() {
        s.push_str(&format!("help: {}\n", f.help));
    }
    s
}

/// An attribute, escaped by quick-xml, with tab, CR and LF as character references:
/// literal ones would be turned into spaces by every XML parser (attribute-value
/// normalisation).
fn attr<'k>(key: &'k str, value: &str) -> Attribute<'k> {
    let escaped = escape(xml_safe(value))
        .replace('\t', "&#9;")
        .replace('\n', "&#10;")
        .replace('\r', "&#13;");
    Attribute {
        key: QName(key.as_bytes()),
        value: Cow::Owned(escaped.into_bytes()),
    }
}

/// Text content, escaped by quick-xml, with CR as a character reference (a literal one
/// would be normalised away by parsers).
fn text(s: &str) -> BytesText<'static> {
    BytesText::from_escaped(partial_escape(xml_safe(s)).replace('\r', "&#13;"))
}

/// XML 1.0 cannot carry most control characters even as references: they become U+FFFD.
/// Escaping proper (`&`, `<`, quotes) is left to quick-xml.
fn xml_safe(s: &str) -> Cow<'_, str> {
    let bad = |c: char| matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}');
    if s.contains(bad) {
        Cow::Owned(s.replace(bad, "\u{FFFD}"))
    } else {
        Cow::Borrowed(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::testing::{finding, source, span_of};

    /// As a run past `--max-warnings` renders: warnings fail like errors.
    fn render_text(files: &[SourceFile], findings: &mut [Finding]) -> String {
        crate::render::testing::render_text(files, findings, |r, o| render_with(r, o, true))
    }

    #[test]
    fn warnings_fail_no_test_by_default() {
        let files = vec![source("a.yaml", ORG)];
        let mut findings = vec![finding("O002", Severity::Warning, 0, span_of(ORG, "[po]"))];
        let xml = crate::render::testing::render_text(&files, &mut findings, render);
        let els = walk(&xml);
        assert_eq!(attr(&els[0], "failures"), "0");
        assert!(!els.iter().any(|e| e.name == "failure"));
        let out = els.iter().find(|e| e.name == "system-out").unwrap();
        assert!(
            out.text.contains("a.yaml:4:12: warning O002"),
            "{}",
            out.text
        );
    }
    use crate::diagnostics::Label;
    use crate::load::SourceFile;
    use crate::span::Span;
    use quick_xml::{Reader, XmlVersion};

    const ORG: &str = "people:\n  - id: zoë\n    name: Zoë Ångström\n    roles: [po]\n";
    const JD: &str = "# Product Owner\n\n- Own the pricing\n";
    const CLEAN: &str = "people: []\n";

    /// One element as read back: name, attributes (unescaped, normalised) and the text
    /// directly inside it.
    struct El {
        name: String,
        attrs: Vec<(String, String)>,
        text: String,
    }

    /// Every element, in document order; fails on any malformed XML.
    fn walk(xml: &str) -> Vec<El> {
        let mut reader = Reader::from_str(xml);
        reader.config_mut().check_end_names = true;
        let mut elements: Vec<El> = Vec::new();
        let mut open: Vec<usize> = Vec::new();
        let attrs = |e: &BytesStart| -> Vec<(String, String)> {
            e.attributes()
                .map(|a| {
                    let a: Attribute = a.expect("well-formed attribute");
                    (
                        String::from_utf8(a.key.as_ref().to_vec()).unwrap(),
                        a.normalized_value(XmlVersion::Explicit1_0)
                            .expect("valid escapes")
                            .into_owned(),
                    )
                })
                .collect()
        };
        loop {
            match reader.read_event().expect("well-formed XML") {
                Event::Start(e) => {
                    open.push(elements.len());
                    let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                    elements.push(El {
                        name,
                        attrs: attrs(&e),
                        text: String::new(),
                    });
                }
                Event::Empty(e) => {
                    let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                    elements.push(El {
                        name,
                        attrs: attrs(&e),
                        text: String::new(),
                    });
                }
                Event::End(_) => {
                    open.pop().expect("balanced");
                }
                Event::Text(t) => {
                    if let Some(&i) = open.last() {
                        elements[i].text.push_str(&t.xml10_content().unwrap());
                    }
                }
                Event::GeneralRef(g) => {
                    let c = match g.resolve_char_ref().expect("valid reference") {
                        Some(c) => c.to_string(),
                        None => match g.decode().unwrap().as_ref() {
                            "lt" => "<".to_owned(),
                            "gt" => ">".to_owned(),
                            "amp" => "&".to_owned(),
                            "quot" => "\"".to_owned(),
                            "apos" => "'".to_owned(),
                            other => panic!("unexpected reference &{other};"),
                        },
                    };
                    if let Some(&i) = open.last() {
                        elements[i].text.push_str(&c);
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        assert!(open.is_empty(), "unclosed elements");
        elements
    }

    fn attr<'a>(e: &'a El, key: &str) -> &'a str {
        e.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .unwrap()
    }

    #[test]
    fn suites_cases_and_counts() {
        let files = vec![
            source("org/zoë & co.yaml", ORG),
            source("jobs/po.md", JD),
            source("clean.yaml", CLEAN),
        ];
        let mut error = finding("S001", Severity::Error, 0, span_of(ORG, "Ångström"));
        error.message = "bad <value> & \"quotes\"\nsecond\r\tline".into();
        error.help = "fix it".into();
        error.labels.push(Label {
            loc: Loc {
                file: 1,
                span: span_of(JD, "pricing"),
            },
            message: "also here".into(),
        });
        let warning = finding("O002", Severity::Warning, 0, span_of(ORG, "[po]"));
        let info = finding("ACME001", Severity::Info, 1, span_of(JD, "Own the"));
        let mut findings = vec![error, warning, info];
        let xml = render_text(&files, &mut findings);
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
        let els = walk(&xml);

        let root = &els[0];
        assert_eq!(root.name, "testsuites");
        assert_eq!(attr(root, "name"), "rolelint");
        // 2 failing cases in the org file, 1 passing case each for the other two files.
        assert_eq!(attr(root, "tests"), "4");
        assert_eq!(attr(root, "failures"), "2");

        let suites: Vec<_> = els.iter().filter(|e| e.name == "testsuite").collect();
        let names: Vec<&str> = suites.iter().map(|s| attr(s, "name")).collect();
        assert_eq!(names, ["org/zoë & co.yaml", "jobs/po.md", "clean.yaml"]);
        let counts: Vec<(&str, &str)> = suites
            .iter()
            .map(|s| (attr(s, "tests"), attr(s, "failures")))
            .collect();
        assert_eq!(counts, [("2", "2"), ("1", "0"), ("1", "0")]);

        let cases: Vec<_> = els.iter().filter(|e| e.name == "testcase").collect();
        let s001 = &catalog().rule("S001").name;
        assert_eq!(cases.len(), 4);
        assert_eq!(
            attr(cases[0], "name"),
            format!("S001 {s001} at org/zoë & co.yaml:3:15")
        );
        assert_eq!(attr(cases[0], "classname"), "rolelint.S001");
        assert_eq!(attr(cases[2], "name"), "jobs/po.md");
        assert_eq!(attr(cases[2], "classname"), "rolelint");
        assert_eq!(attr(cases[3], "name"), "clean.yaml");

        let failures: Vec<_> = els.iter().filter(|e| e.name == "failure").collect();
        assert_eq!(failures.len(), 2);
        assert_eq!(attr(failures[0], "type"), "S001");
        assert_eq!(
            attr(failures[0], "message"),
            "bad <value> & \"quotes\"\nsecond\r\tline"
        );
        let body = &failures[0].text;
        assert!(
            body.starts_with("org/zoë & co.yaml:3:15: error S001"),
            "{body}"
        );
        assert!(
            body.contains("bad <value> & \"quotes\"\nsecond\r\tline"),
            "{body}"
        );
        assert!(body.contains("  jobs/po.md:3:11: also here"), "{body}");
        assert!(body.contains("help: fix it"), "{body}");

        let outs: Vec<_> = els.iter().filter(|e| e.name == "system-out").collect();
        assert_eq!(outs.len(), 1);
        assert!(
            outs[0]
                .text
                .contains("jobs/po.md:3:3: info ACME001: ACME001 message"),
            "{}",
            outs[0].text
        );
    }

    #[test]
    fn empty_run_and_control_characters() {
        let xml = render_text(&[], &mut []);
        let els = walk(&xml);
        assert_eq!(els.len(), 1);
        assert_eq!(attr(&els[0], "tests"), "0");

        let files = vec![source("a.yaml", CLEAN)];
        let mut f = finding("S001", Severity::Warning, 0, Span::new(0, 6));
        f.message = "bell \u{7} here".into();
        let els = walk(&render_text(&files, &mut [f]));
        let failure = els.iter().find(|e| e.name == "failure").unwrap();
        assert_eq!(attr(failure, "message"), "bell \u{FFFD} here");
    }
}
