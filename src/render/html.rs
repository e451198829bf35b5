//! `--format html`: one self-contained page for the people who act on the findings. Inline
//! CSS and a few lines of inline JS, no request of any kind when it is opened (the
//! Content-Security-Policy forbids them), readable printed and on a phone. Every text that
//! comes from the inputs is escaped, control and bidi characters made visible.

use super::Report;
use crate::catalog::{catalog, Severity};
use crate::diagnostics::Finding;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;

/// Findings about one product or person (indices into the report's findings).
#[derive(Debug, Clone)]
pub struct Group {
    /// `product`, `person` or `other`.
    pub kind: &'static str,
    pub heading: String,
    pub findings: Vec<usize>,
}

/// What the page shows beyond the findings: when and how the run was made, the role
/// structure as SVG, the groups.
#[derive(Debug, Clone, Default)]
pub struct Page {
    pub date: String,
    /// The config file in effect, if any.
    pub config: Option<String>,
    pub preset: String,
    /// Products none of whose managers holds the product-manager role.
    pub products_without_pm: Vec<String>,
    /// `(title, <svg>...</svg>)`: one diagram, or one per product for a large organisation.
    pub diagrams: Vec<(String, String)>,
    pub groups: Vec<Group>,
}

pub use crate::graph::svg::escape;

const STYLE: &str = r#"
:root { --err: #c81e1e; --warn: #b45309; --info: #1d4ed8; --muted: #64748b; --line: #e2e8f0; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #0f172a; margin: 0; padding: 0 1rem 3rem; max-width: 1100px; margin-inline: auto; }
header { border-bottom: 1px solid var(--line); padding: 1rem 0 .5rem; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; border-bottom: 1px solid var(--line); padding-bottom: .25rem; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .5rem; }
.meta { color: var(--muted); font-size: .9rem; }
.cards { display: flex; flex-wrap: wrap; gap: .75rem; margin: 1rem 0; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: .5rem .9rem; min-width: 7.5rem; }
.card b { display: block; font-size: 1.6rem; }
.card.error b { color: var(--err); } .card.warning b { color: var(--warn); } .card.info b { color: var(--info); }
table { border-collapse: collapse; margin: .5rem 0; }
th, td { text-align: left; padding: .2rem .8rem .2rem 0; border-bottom: 1px solid var(--line); vertical-align: top; }
.diagram { overflow-x: auto; border: 1px solid var(--line); border-radius: 8px; margin: .5rem 0 1rem; }
.diagram svg { display: block; max-width: none; }
svg text { font: 12px system-ui, sans-serif; fill: #0f172a; } svg text.sub { fill: #475569; } svg text.codes { font-weight: 600; fill: #7f1d1d; }
.filters { position: sticky; top: 0; background: #fff; padding: .5rem 0; border-bottom: 1px solid var(--line); display: flex; flex-wrap: wrap; gap: .4rem 1rem; z-index: 1; }
.filters label { white-space: nowrap; }
.finding { border-left: 4px solid var(--muted); padding: .4rem .8rem; margin: .6rem 0; background: #f8fafc; border-radius: 0 6px 6px 0; }
.finding.error { border-color: var(--err); } .finding.warning { border-color: var(--warn); } .finding.info { border-color: var(--info); }
.finding .head { display: flex; flex-wrap: wrap; gap: .2rem .6rem; align-items: baseline; }
.sev { font-size: .75rem; font-weight: 700; text-transform: uppercase; }
.error .sev { color: var(--err); } .warning .sev { color: var(--warn); } .info .sev { color: var(--info); }
.code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; }
.msg { font-weight: 600; }
.help, .where, .sources { font-size: .9rem; } .where, .sources { color: var(--muted); }
pre.snippet { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: .4rem .6rem; overflow-x: auto; font-size: .82rem; margin: .4rem 0; }
pre.snippet .ln { color: var(--muted); display: inline-block; min-width: 3ch; margin-right: 1ch; text-align: right; user-select: none; }
mark { background: #fde68a; }
@media (max-width: 600px) { body { font-size: 14px; padding: 0 .5rem 2rem; } .card { min-width: 6rem; } }
@media print { .filters { display: none; } .finding { break-inside: avoid; } .diagram { overflow: visible; border: none; } a { color: inherit; text-decoration: none; } }
"#;

const SCRIPT: &str = r#"
(function () {
  var boxes = Array.prototype.slice.call(document.querySelectorAll('input[data-filter]'));
  function apply() {
    var off = {};
    boxes.forEach(function (b) { if (!b.checked) off[b.getAttribute('data-filter') + ':' + b.value] = true; });
    var shown = 0;
    document.querySelectorAll('.finding').forEach(function (f) {
      var hide = off['severity:' + f.getAttribute('data-severity')] || off['family:' + f.getAttribute('data-family')];
      f.hidden = !!hide;
      if (!hide) shown++;
    });
    document.querySelectorAll('.group').forEach(function (g) { g.hidden = !g.querySelector('.finding:not([hidden])'); });
    document.getElementById('shown').textContent = String(shown);
  }
  var m = /(?:^#|&)hide=([^&]*)/.exec(location.hash);
  if (m) decodeURIComponent(m[1]).split(',').forEach(function (v) {
    boxes.forEach(function (b) { if (b.value === v) b.checked = false; });
  });
  boxes.forEach(function (b) { b.addEventListener('change', apply); });
  apply();
})();
"#;

fn family_of(code: &str) -> String {
    match catalog().find(code) {
        Some(rule) => rule.code[..1].to_string(),
        None => "custom".to_string(),
    }
}

fn doc_url(code: &str) -> Option<String> {
    let repo = env!("CARGO_PKG_REPOSITORY");
    let rule = catalog().find(code)?;
    (!repo.is_empty())
        .then(|| format!("{repo}/blob/main/docs/rules/{}-{}.md", rule.code, rule.name))
}

fn severity_word(s: Severity) -> &'static str {
    s.as_str()
}

/// The lines around a finding's primary span, numbered, the span marked.
fn snippet(r: &Report, f: &Finding) -> String {
    let file = r.file(f.primary);
    let text = &file.text;
    let len = text.len();
    let start = (f.primary.span.start as usize).min(len);
    let end = (f.primary.span.end as usize).clamp(start, len);
    let first = file.lines.line_of(start).saturating_sub(1);
    let last = (file.lines.line_of(end) + 1).min(file.lines.line_count().saturating_sub(1));
    // A finding spanning a whole large entity shows its first lines only.
    let last = last.min(first + 12);
    let mut out = String::from("<pre class=\"snippet\">");
    for line in first..=last {
        let a = file.lines.line_start(line, len).min(len);
        let b = if line + 1 < file.lines.line_count() {
            file.lines.line_start(line + 1, len).min(len)
        } else {
            len
        };
        let (a, b) = (floor_char(text, a), floor_char(text, b.max(a)));
        let body = text[a..b].trim_end_matches(['\n', '\r']);
        let b = a + body.len();
        let (m1, m2) = (
            floor_char(text, start.clamp(a, b)),
            floor_char(text, end.clamp(a, b)),
        );
        let _ = write!(out, "<span class=\"ln\">{}</span>", line + 1);
        out.push_str(&escape(&text[a..m1]));
        if m2 > m1 {
            let _ = write!(out, "<mark>{}</mark>", escape(&text[m1..m2]));
        }
        out.push_str(&escape(&text[m2..b]));
        out.push('\n');
    }
    out.push_str("</pre>");
    out
}

fn floor_char(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn finding_html(r: &Report, f: &Finding, out: &mut String) {
    let sev = severity_word(f.severity);
    let family = family_of(&f.code);
    let name = catalog()
        .find(&f.code)
        .map_or(f.code.as_str(), |r| r.name.as_str());
    let code = match doc_url(&f.code) {
        Some(url) => format!(
            "<a class=\"code\" href=\"{}\">{} {}</a>",
            escape(&url),
            escape(&f.code),
            escape(name)
        ),
        None => format!("<span class=\"code\">{}</span>", escape(&f.code)),
    };
    let pos = r.start(f.primary);
    let _ = write!(
        out,
        "<article class=\"finding {sev}\" data-severity=\"{sev}\" data-family=\"{}\"><div class=\"head\"><span class=\"sev\">{sev}</span>{code}<span class=\"msg\">{}</span></div>",
        escape(&family),
        escape(&f.message)
    );
    let _ = write!(
        out,
        "<div class=\"where\">{}:{}:{}</div>",
        escape(&r.file(f.primary).display),
        pos.line,
        pos.column
    );
    out.push_str(&snippet(r, f));
    for l in &f.labels {
        let p = r.start(l.loc);
        let _ = write!(
            out,
            "<div class=\"where\">{} ({}:{}:{})</div>",
            escape(&l.message),
            escape(&r.file(l.loc).display),
            p.line,
            p.column
        );
    }
    if !f.help.is_empty() {
        let _ = write!(out, "<div class=\"help\">{}</div>", escape(&f.help));
    }
    if let Some(rule) = catalog().find(&f.code) {
        if !rule.sources.is_empty() {
            let _ = write!(
                out,
                "<div class=\"sources\">sources: {}</div>",
                escape(&rule.sources.join(", "))
            );
        }
    }
    out.push_str("</article>");
}

fn stat<'a>(stats: Option<&'a serde_json::Value>, key: &str) -> Option<&'a serde_json::Value> {
    stats.and_then(|s| s.get(key))
}

pub fn render(r: &Report, page: &Page, out: &mut dyn Write) -> std::io::Result<()> {
    let mut s = String::with_capacity(4096 + r.findings.len() * 1024);
    s.push_str("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    s.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">");
    s.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    s.push_str("<title>rolelint report</title><style>");
    s.push_str(STYLE);
    s.push_str("</style></head><body><header><h1>rolelint report</h1>");
    let _ = write!(
        s,
        "<div class=\"meta\">{} · {} · preset <b>{}</b> · {} file{} linted{}</div></header>",
        escape(&page.date),
        match &page.config {
            Some(c) => format!("config <b>{}</b>", escape(c)),
            None => "no config file (every default)".to_string(),
        },
        escape(&page.preset),
        r.linted_files(),
        if r.linted_files() == 1 { "" } else { "s" },
        match r.context_files() {
            0 => String::new(),
            n => format!(", {n} read as context"),
        }
    );

    // Summary.
    s.push_str("<section id=\"summary\"><h2>Summary</h2><div class=\"cards\">");
    for (class, n, word) in [
        ("error", r.counts.errors, "errors"),
        ("warning", r.counts.warnings, "warnings"),
        ("info", r.counts.infos, "infos"),
    ] {
        let _ = write!(
            s,
            "<div class=\"card {class}\"><b data-count=\"{class}\">{n}</b>{word}</div>"
        );
    }
    s.push_str("</div>");
    let mut families: BTreeMap<String, [usize; 3]> = BTreeMap::new();
    for f in r.findings {
        let k = match f.severity {
            Severity::Error => 0,
            Severity::Warning => 1,
            Severity::Info => 2,
        };
        families.entry(family_of(&f.code)).or_default()[k] += 1;
    }
    let titles: BTreeMap<String, String> = catalog()
        .families
        .iter()
        .filter_map(|f| {
            let code = f.rules.first()?.code.clone();
            Some((code[..1].to_string(), f.title.clone()))
        })
        .collect();
    if !families.is_empty() {
        s.push_str("<table id=\"families\"><tr><th>family</th><th>errors</th><th>warnings</th><th>infos</th></tr>");
        for (fam, [e, w, i]) in &families {
            let title = titles.get(fam).cloned().unwrap_or_else(|| fam.clone());
            let _ = write!(
                s,
                "<tr><td>{} ({})</td><td>{e}</td><td>{w}</td><td>{i}</td></tr>",
                escape(&title),
                escape(fam)
            );
        }
        s.push_str("</table>");
    }
    let st = r.statistics;
    let num = |k: &str| stat(st, k).map(|v| v.to_string()).unwrap_or_default();
    let _ = write!(
        s,
        "<table id=\"structure\"><tr><th>products</th><td>{}</td></tr><tr><th>product managers</th><td>{}</td></tr><tr><th>product owners</th><td>{}</td></tr><tr><th>PM:PO ratio</th><td>{}</td></tr><tr><th>teams</th><td>{}</td></tr><tr><th>teams without a PO-owned backlog</th><td>{}</td></tr><tr><th>products without a PM</th><td>{}</td></tr></table>",
        num("products"),
        num("product_managers"),
        num("product_owners"),
        escape(stat(st, "ratio").and_then(|v| v.as_str()).unwrap_or("")),
        num("teams"),
        num("teams_without_po_backlog"),
        if page.products_without_pm.is_empty() {
            "none".to_string()
        } else {
            escape(&page.products_without_pm.join(", "))
        }
    );
    if let Some(per_pm) = stat(st, "per_pm").and_then(|v| v.as_array()) {
        if !per_pm.is_empty() {
            s.push_str("<h3>PM:PO ratio per product manager</h3><table id=\"per-pm\"><tr><th>product manager</th><th>product owners</th><th>ratio</th></tr>");
            for row in per_pm {
                let _ = write!(
                    s,
                    "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                    escape(row["id"].as_str().unwrap_or("")),
                    row["product_owners"],
                    escape(row["ratio"].as_str().unwrap_or(""))
                );
            }
            s.push_str("</table>");
        }
    }
    for note in r.notes {
        let _ = write!(s, "<p class=\"meta\">note: {}</p>", escape(note));
    }
    s.push_str("</section>");

    // The role structure.
    if !page.diagrams.is_empty() {
        s.push_str("<section id=\"structure-diagram\"><h2>Role structure</h2><p class=\"meta\">PMs, products, backlogs, owners and POs, teams; red, amber and blue mark errors, warnings and infos (hover a box for its codes).</p>");
        for (title, svg) in &page.diagrams {
            if page.diagrams.len() > 1 {
                let _ = write!(s, "<h3>{}</h3>", escape(title));
            }
            let _ = write!(s, "<div class=\"diagram\">{svg}</div>");
        }
        s.push_str("</section>");
    }

    // Findings, filterable.
    let _ = write!(
        s,
        "<section id=\"findings\"><h2>Findings (<span id=\"shown\">{}</span> shown)</h2><div class=\"filters\">",
        r.findings.len()
    );
    for sev in ["error", "warning", "info"] {
        let _ = write!(
            s,
            "<label><input type=\"checkbox\" data-filter=\"severity\" value=\"{sev}\" checked> {sev}</label>"
        );
    }
    for fam in families.keys() {
        let _ = write!(
            s,
            "<label><input type=\"checkbox\" data-filter=\"family\" value=\"{0}\" checked> {0}</label>",
            escape(fam)
        );
    }
    s.push_str("</div>");
    for g in &page.groups {
        let _ = write!(
            s,
            "<section class=\"group {}\"><h3>{}</h3>",
            g.kind,
            escape(&g.heading)
        );
        for &k in &g.findings {
            if let Some(f) = r.findings.get(k) {
                finding_html(r, f, &mut s);
            }
        }
        s.push_str("</section>");
    }
    if r.findings.is_empty() {
        s.push_str("<p>No problem found.</p>");
    }
    s.push_str("</section><script>");
    s.push_str(SCRIPT);
    s.push_str("</script></body></html>\n");
    out.write_all(s.as_bytes())
}
