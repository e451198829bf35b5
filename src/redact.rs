//! `--redact`: people's ids and names replaced by stable pseudonyms (`person-7f3a`) in every
//! output, source lines included, so that findings about an organisation can be shared
//! outside the team (an org chart is personal data).
//!
//! A pseudonym is a hash of the person's id, so the same person has the same pseudonym in
//! every run and every format; ids and names are replaced where they stand as whole words
//! (`al` is not replaced inside `also`). Spans into a redacted source are moved with the
//! text, so every report still points at the right place.

use crate::diagnostics::Finding;
use crate::load::SourceFile;
use crate::model::Org;
use crate::span::{LineIndex, Span};
use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::{HashMap, HashSet};

pub struct Redactor {
    finder: Option<AhoCorasick>,
    /// The pseudonym of each pattern of `finder`.
    replacements: Vec<String>,
}

/// A character that continues an id or a word: a match next to one is part of a longer
/// word and stays.
fn word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-' || c == '.'
}

impl Redactor {
    /// Pseudonyms for every person of the organisation, by id and by name.
    pub fn new(org: &Org) -> Redactor {
        let mut pseudonyms: HashMap<String, String> = HashMap::new();
        let mut used: HashSet<String> = HashSet::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut replacements: Vec<String> = Vec::new();
        let mut parts_of: Vec<(String, String)> = Vec::new();
        for p in &org.people {
            let id = p.head.id.as_str();
            if id.is_empty() {
                continue;
            }
            let pseudonym = pseudonyms
                .entry(id.to_string())
                .or_insert_with(|| pseudonym(id, &mut used))
                .clone();
            let name = p
                .name
                .as_deref()
                .map(str::trim)
                .filter(|n| n.chars().count() > 1);
            for text in std::iter::once(id).chain(name) {
                patterns.push(text.to_string());
                replacements.push(pseudonym.clone());
            }
            // Comments and duties name people by their given or family name alone.
            for part in name.into_iter().flat_map(|n| n.split_whitespace()) {
                let part = part.trim_matches(|c: char| !c.is_alphanumeric());
                if part.chars().count() >= 3 && part.starts_with(char::is_uppercase) {
                    parts_of.push((part.to_string(), pseudonym.clone()));
                }
            }
        }
        // A name part two people share says nothing about which one: a neutral word.
        let mut seen_part: HashMap<String, String> = HashMap::new();
        for (part, pseudonym) in parts_of {
            match seen_part.get(&part) {
                Some(p) if *p != pseudonym => {
                    seen_part.insert(part, "[name]".to_string());
                }
                Some(_) => {}
                None => {
                    seen_part.insert(part, pseudonym);
                }
            }
        }
        let full: HashSet<String> = patterns.iter().cloned().collect();
        let mut by_part: Vec<(String, String)> = seen_part
            .into_iter()
            .filter(|(part, _)| !full.contains(part))
            .collect();
        by_part.sort();
        for (part, with) in by_part {
            patterns.push(part);
            replacements.push(with);
        }
        let finder = (!patterns.is_empty()).then(|| {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(&patterns)
                .expect("literal patterns always build")
        });
        Redactor {
            finder,
            replacements,
        }
    }

    /// The whole-word matches in `text`: (start, end, pseudonym).
    fn matches<'a>(&'a self, text: &'a str) -> impl Iterator<Item = (usize, usize, &'a str)> + 'a {
        self.finder
            .iter()
            .flat_map(move |f| f.find_iter(text))
            .filter(move |m| {
                let before = text[..m.start()].chars().next_back();
                let after = text[m.end()..].chars().next();
                !before.is_some_and(word_char) && !after.is_some_and(word_char)
            })
            .map(|m| {
                (
                    m.start(),
                    m.end(),
                    self.replacements[m.pattern().as_usize()].as_str(),
                )
            })
    }

    /// `text` with every id and name replaced.
    pub fn text(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for (start, end, with) in self.matches(text) {
            out.push_str(&text[at..start]);
            out.push_str(with);
            at = end;
        }
        out.push_str(&text[at..]);
        out
    }

    /// Every string of a JSON value redacted (the statistics name PMs).
    pub fn json(&self, v: &mut serde_json::Value) {
        match v {
            serde_json::Value::String(s) => *s = self.text(s),
            serde_json::Value::Array(a) => a.iter_mut().for_each(|x| self.json(x)),
            serde_json::Value::Object(o) => o.values_mut().for_each(|x| self.json(x)),
            _ => {}
        }
    }

    /// Redacts the files' texts and every finding's words, moving spans with the text.
    pub fn apply(&self, files: &mut [SourceFile], findings: &mut [Finding]) {
        // Per file, (old start, old end, new start, new end) of each replacement, in order.
        let mut moves: Vec<Vec<[usize; 4]>> = Vec::with_capacity(files.len());
        for file in files.iter_mut() {
            let mut shifts = Vec::new();
            let mut out = String::with_capacity(file.text.len());
            let mut at = 0;
            for (start, end, with) in self.matches(&file.text) {
                out.push_str(&file.text[at..start]);
                let new_start = out.len();
                out.push_str(with);
                shifts.push([start, end, new_start, out.len()]);
                at = end;
            }
            out.push_str(&file.text[at..]);
            if !shifts.is_empty() {
                file.lines = LineIndex::new(out.as_bytes());
                file.text = out;
            }
            moves.push(shifts);
        }
        let place = |file: usize, span: Span| -> Span {
            let shifts = &moves[file];
            // An offset inside a replaced word moves to the start of its pseudonym (an
            // end offset to its end); others keep their distance to the last replacement.
            let map = |offset: usize, is_end: bool| -> usize {
                let k = shifts.partition_point(|s| s[0] <= offset);
                if k == 0 {
                    return offset;
                }
                let [old_start, old_end, new_start, new_end] = shifts[k - 1];
                if offset >= old_end {
                    new_end + (offset - old_end)
                } else if is_end && offset > old_start {
                    new_end
                } else {
                    new_start
                }
            };
            if shifts.is_empty() {
                return span;
            }
            let start = map(span.start as usize, false);
            let end = map(span.end as usize, true).max(start);
            Span::new(start, end)
        };
        for f in findings.iter_mut() {
            f.primary.span = place(f.primary.file as usize, f.primary.span);
            for l in &mut f.labels {
                l.loc.span = place(l.loc.file as usize, l.loc.span);
                l.message = self.text(&l.message);
            }
            f.message = self.text(&f.message);
            f.help = self.text(&f.help);
            f.primary_label = self.text(&f.primary_label);
            for fix in &mut f.fixes {
                fix.title = self.text(&fix.title);
                for e in &mut fix.edits {
                    e.loc.span = place(e.loc.file as usize, e.loc.span);
                    e.text = self.text(&e.text);
                }
            }
            // The subject stays: no output prints it, and the fingerprints hashed from it
            // must not change with `--redact`.
        }
    }
}

/// A stable 64-bit FNV-1a hash: the same id gives the same pseudonym in every run.
fn stable_hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// `person-` and the first hex digits of the id's hash: four, more on a collision.
fn pseudonym(id: &str, used: &mut HashSet<String>) -> String {
    let hex = format!("{:016x}", stable_hash(id));
    for n in 4..=hex.len() {
        let p = format!("person-{}", &hex[..n]);
        if used.insert(p.clone()) {
            return p;
        }
    }
    format!("person-{hex}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::FileKind;
    use crate::model::Loc;

    fn org_of(text: &str) -> Org {
        let mut org = Org::default();
        let (doc, problems) = crate::load::yaml::parse_org(text);
        let file = SourceFile {
            path: "a.org.yaml".into(),
            display: "a.org.yaml".into(),
            kind: FileKind::Org,
            text: text.to_string(),
            lines: LineIndex::new(text.as_bytes()),
        };
        org.add_file(
            file,
            crate::model::Parsed::Org(doc, problems),
            &crate::roles::Resolver::builtin(),
            2,
        );
        org
    }

    #[test]
    fn spans_move_with_the_text_and_words_stay_whole() {
        let text =
            "people:\n  - { id: al, name: Al Smith }\n  - { id: bo, reports_to: al } # also al\n";
        let org = org_of(text);
        let r = Redactor::new(&org);
        let mut files = vec![SourceFile {
            path: "a.org.yaml".into(),
            display: "a.org.yaml".into(),
            kind: FileKind::Org,
            text: text.to_string(),
            lines: LineIndex::new(text.as_bytes()),
        }];
        let at = text.find("reports_to: al").unwrap() + "reports_to: ".len();
        let mut findings = vec![Finding {
            code: "S004".into(),
            severity: crate::catalog::Severity::Error,
            message: "`al` and `bo`".into(),
            help: String::new(),
            primary: Loc {
                file: 0,
                span: Span::new(at, at + 2),
            },
            primary_label: String::new(),
            labels: Vec::new(),
            subject: "people[bo]".into(),
            fixes: Vec::new(),
        }];
        r.apply(&mut files, &mut findings);
        let new = &files[0].text;
        assert!(new.contains("# also person-"), "{new}");
        assert!(!new.contains(" al ") && !new.contains("Smith"), "{new}");
        let span = findings[0].primary.span;
        assert!(
            new[span.range()].starts_with("person-"),
            "{}",
            &new[span.range()]
        );
        assert_eq!(findings[0].subject, "people[bo]");
        assert!(!findings[0].message.contains("`al`"));
        // Stable: the same id, the same pseudonym.
        assert_eq!(r.text("al"), Redactor::new(&org_of(text)).text("al"));
    }
}
