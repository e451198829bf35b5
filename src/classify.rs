//! Duty classification: a free-text duty statement is strategic (PM work), tactical (PO
//! work), mixed or unclassified, by counting the distinct vocabulary entries of each class
//! it matches (rules.md, "Duty classification"). The vocabulary is data in
//! `rules/vocabulary.yaml`, compiled once into a `RegexSet`; individual regexes run only
//! for the entries the set reports, to find which words matched.

use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::nfa::thompson;
use regex_automata::util::{pool::Pool, syntax};
use regex_automata::{Anchored, Input, MatchKind, PatternID, PatternSet};
use serde::Deserialize;
use std::borrow::Cow;
use std::sync::Arc;
use unicode_normalization::UnicodeNormalization;

pub const VOCABULARY_YAML: &str = include_str!("../rules/vocabulary.yaml");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Class {
    Strategic,
    Tactical,
    Mixed,
    Unclassified,
}

impl Class {
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Strategic => "strategic",
            Class::Tactical => "tactical",
            Class::Mixed => "mixed",
            Class::Unclassified => "unclassified",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Classification {
    pub class: Class,
    /// The words that matched, as written (normalised), for messages.
    pub strategic: Vec<String>,
    pub tactical: Vec<String>,
    /// Exception phrases that kept a match from counting (`pricing engine`), as written
    /// (normalised), for `classify`.
    pub excepted: Vec<String>,
}

impl Classification {
    pub fn is_classified(&self) -> bool {
        self.class != Class::Unclassified
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntrySpec {
    pub term: String,
    pub class: Class,
    pub pattern: String,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default)]
    pub contested: Option<String>,
    /// Phrases (regexes) inside which a match of this entry does not count: `pricing
    /// engine` is a component, not pricing work (issue 17, reading 6).
    #[serde(default)]
    pub except: Vec<String>,
}

/// One entry to compile: its class, its pattern and its exception patterns.
#[derive(Debug, Clone)]
pub struct EntryDef {
    pub class: Class,
    pub pattern: String,
    pub except: Vec<String>,
}

impl From<EntrySpec> for EntryDef {
    fn from(e: EntrySpec) -> EntryDef {
        EntryDef {
            class: e.class,
            pattern: e.pattern,
            except: e.except,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct VocabularyFile {
    entries: Vec<EntrySpec>,
    /// Phrases that name work the sources give to both roles (success metrics, stakeholder
    /// management): a term inside one is no evidence for either class.
    #[serde(default)]
    neutral: Vec<NeutralSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NeutralSpec {
    pub term: String,
    pub pattern: String,
    #[serde(default)]
    pub sources: Vec<String>,
}

pub fn builtin_neutral() -> Vec<NeutralSpec> {
    let f: VocabularyFile =
        serde_saphyr::from_str(VOCABULARY_YAML).expect("rules/vocabulary.yaml parses (tested)");
    f.neutral
}

/// The neutral phrases as one regex over the lower-cased, normalised statement.
fn neutral_regex() -> Option<regex::bytes::Regex> {
    let all: Vec<String> = builtin_neutral()
        .into_iter()
        .map(|n| format!("(?:{})", n.pattern))
        .collect();
    if all.is_empty() {
        return None;
    }
    regex::bytes::RegexBuilder::new(&all.join("|"))
        .unicode(false)
        .build()
        .ok()
}

pub fn builtin_entries() -> Vec<EntrySpec> {
    let f: VocabularyFile =
        serde_saphyr::from_str(VOCABULARY_YAML).expect("rules/vocabulary.yaml parses (tested)");
    f.entries
}

/// The longest match of a vocabulary entry, in bytes of normalised text: longer matches are
/// not found (the built-in terms are under 60 bytes; see `matches_of`).
pub const MAX_MATCH_LEN: usize = 256;

/// The vocabulary compiled once into one automaton of all entries. Which entries match
/// comes from one overlapping search; where they match (for overlap resolution and the
/// terms shown) from anchored searches of just those entries at word boundaries.
pub struct Vocabulary {
    /// One forward lazy DFA of every entry, with a start state per entry for the anchored
    /// searches; no reverse automaton is needed since every start is known.
    dfa: Arc<DFA>,
    /// One DFA cache per thread that classifies.
    caches: Pool<Cache, CacheFn>,
    strategic: Vec<bool>,
    /// Each entry's exceptions, compiled; most entries have none, and they run only on a
    /// statement the entry matched.
    exceptions: Vec<Vec<regex::Regex>>,
    /// Whether every alternative of the entry starts with `\b`, so it can only match at a
    /// word boundary (all built-in entries do; a user's pattern may not).
    at_boundary: Vec<bool>,
    /// Neutral phrases (built-in): matches inside one are dropped.
    neutral: Option<regex::bytes::Regex>,
}

type CacheFn =
    Box<dyn Fn() -> Cache + Send + Sync + std::panic::UnwindSafe + std::panic::RefUnwindSafe>;

/// Whether each top-level alternative of a pattern starts with `\b`.
fn starts_at_boundary(pattern: &str) -> bool {
    let (mut depth, mut escaped, mut in_class) = (0i32, false, false);
    let mut alternative_start = true;
    let bytes = pattern.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if alternative_start {
            if !pattern[i..].starts_with("\\b") {
                return false;
            }
            alternative_start = false;
        }
        if escaped {
            escaped = false;
            continue;
        }
        match b {
            b'\\' => escaped = true,
            b'[' => in_class = true,
            b']' => in_class = false,
            b'(' if !in_class => depth += 1,
            b')' if !in_class => depth -= 1,
            b'|' if !in_class && depth == 0 => alternative_start = true,
            _ => {}
        }
    }
    !alternative_start
}

impl Vocabulary {
    /// The built-in vocabulary, compiled once per process.
    pub fn builtin() -> &'static Vocabulary {
        static BUILTIN: std::sync::OnceLock<Vocabulary> = std::sync::OnceLock::new();
        BUILTIN.get_or_init(|| {
            Vocabulary::with_exceptions(builtin_entries().into_iter().map(EntryDef::from).collect())
                .expect("the built-in vocabulary compiles (tested)")
        })
    }

    /// The built-in vocabulary plus a config's additions (`vocabulary.strategic`/`tactical`)
    /// and its exceptions to built-in entries (`vocabulary.except`, by term).
    pub fn with_additions(
        additions: &[EntryDef],
        except: &[(String, Vec<String>)],
    ) -> Result<Vocabulary, String> {
        let mut all: Vec<EntryDef> = Vec::new();
        for e in builtin_entries() {
            let mut def = EntryDef {
                class: e.class,
                pattern: e.pattern,
                except: e.except,
            };
            for (term, more) in except {
                if *term == e.term {
                    def.except.extend(more.iter().cloned());
                }
            }
            all.push(def);
        }
        all.extend(additions.iter().cloned());
        Vocabulary::with_exceptions(all)
    }

    /// Compiles entries with their exceptions.
    pub fn with_exceptions(entries: Vec<EntryDef>) -> Result<Vocabulary, String> {
        let mut exceptions = Vec::with_capacity(entries.len());
        let mut plain = Vec::with_capacity(entries.len());
        for e in entries {
            let mut compiled = Vec::with_capacity(e.except.len());
            for x in &e.except {
                let re = regex::RegexBuilder::new(x)
                    .case_insensitive(true)
                    .build()
                    .map_err(|err| format!("exception `{x}`: {err}"))?;
                compiled.push(re);
            }
            exceptions.push(compiled);
            plain.push((e.class, e.pattern));
        }
        let mut v = Vocabulary::new(plain)?;
        v.exceptions = exceptions;
        v.neutral = neutral_regex();
        Ok(v)
    }

    /// Compiles entries. Matching is case-insensitive with Unicode off, on the bytes of the
    /// normalised text: `\b` and `\w` are ASCII (Unicode `\b` costs about 25 µs per
    /// non-ASCII statement, and names and duties are full of é and ’), and the compile stays
    /// small.
    pub fn new(entries: Vec<(Class, String)>) -> Result<Vocabulary, String> {
        if let Some((_, p)) = entries
            .iter()
            .find(|(c, _)| !matches!(c, Class::Strategic | Class::Tactical))
        {
            return Err(format!(
                "vocabulary entry `{p}`: class must be strategic or tactical"
            ));
        }
        let patterns: Vec<&str> = entries.iter().map(|(_, p)| p.as_str()).collect();
        // The text is matched in ASCII lower case, so a pattern written in lower case needs
        // no case folding, which makes the compile and the first searches about 40% cheaper
        // (every letter would otherwise be a two-letter class). The others fold.
        let compiled: Vec<Cow<'_, str>> = patterns
            .iter()
            .map(|p| {
                if needs_case_folding(p) {
                    Cow::Owned(format!("(?i:{p})"))
                } else {
                    Cow::Borrowed(*p)
                }
            })
            .collect();
        let dfa = DFA::builder()
            .configure(
                DFA::config()
                    .match_kind(MatchKind::All)
                    .starts_for_each_pattern(true)
                    // Never give up on a statement: clearing the cache again is slower than a
                    // steady state, but a classifier that errors out is no classifier.
                    .minimum_cache_clear_count(None),
            )
            .syntax(syntax::Config::new().unicode(false).utf8(false))
            .thompson(
                thompson::Config::new()
                    .utf8(false)
                    .which_captures(thompson::WhichCaptures::None)
                    .nfa_size_limit(Some(64 << 20)),
            )
            .build_many(&compiled)
            .map_err(|e| e.to_string())?;
        let dfa = Arc::new(dfa);
        let for_pool = Arc::clone(&dfa);
        let caches: Pool<Cache, CacheFn> = Pool::new(Box::new(move || for_pool.create_cache()));
        Ok(Vocabulary {
            dfa,
            caches,
            strategic: entries
                .iter()
                .map(|(c, _)| *c == Class::Strategic)
                .collect(),
            exceptions: vec![Vec::new(); entries.len()],
            at_boundary: patterns.iter().map(|p| starts_at_boundary(p)).collect(),
            neutral: None,
        })
    }

    /// Non-overlapping matches of one entry, leftmost first, each the longest at its start.
    fn matches_of(
        &self,
        cache: &mut Cache,
        bytes: &[u8],
        pid: PatternID,
        out: &mut Vec<(usize, usize)>,
    ) {
        let word = |i: usize| {
            bytes
                .get(i)
                .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
        };
        let boundary_only = self.at_boundary[pid.as_usize()];
        let mut pos = 0;
        while pos <= bytes.len() {
            let candidate =
                !boundary_only || (pos == 0 && word(0)) || (pos > 0 && word(pos - 1) != word(pos));
            if candidate {
                // A term is a few words: the search from one start stops `MAX_MATCH_LEN`
                // bytes on, so an entry tried at every position (no leading `\b`), or one
                // that could run on to the end, costs a bounded amount per position, not
                // the rest of the statement (look-arounds still see past the range).
                let input = Input::new(bytes)
                    .range(pos..bytes.len().min(pos + MAX_MATCH_LEN))
                    .anchored(Anchored::Pattern(pid));
                // The DFA never gives up (see `new`), so an error cannot happen; treat one as
                // no match rather than panic.
                if let Ok(Some(m)) = self.dfa.try_search_fwd(cache, &input) {
                    if m.offset() > pos {
                        out.push((pos, m.offset()));
                        pos = m.offset();
                        continue;
                    }
                }
            }
            pos += 1;
        }
    }

    pub fn classify(&self, statement: &str) -> Classification {
        self.classify_with(statement, true)
    }

    /// The class alone: what the rules need for every statement of a large org, without the
    /// matched words (strings), which only a reported statement needs (`classify`).
    pub fn class_of(&self, statement: &str) -> Class {
        self.classify_with(statement, false).class
    }

    fn classify_with(&self, statement: &str, words: bool) -> Classification {
        let mut text = normalise(statement);
        if text.bytes().any(|b| b.is_ascii_uppercase()) {
            text.to_mut().make_ascii_lowercase();
        }
        let bytes = text.as_bytes();
        let mut cache = self.caches.get();
        let mut matched = PatternSet::new(self.dfa.pattern_len());
        let _ =
            self.dfa
                .try_which_overlapping_matches(&mut cache, &Input::new(bytes), &mut matched);
        if matched.is_empty() {
            return Classification {
                class: Class::Unclassified,
                strategic: Vec::new(),
                tactical: Vec::new(),
                excepted: Vec::new(),
            };
        }
        let mut excepted: Vec<String> = Vec::new();
        // (start, end, entry) per class; overlapping matches of one class count once, the
        // longest winning, so "prioritise the product backlog" is one tactical concept.
        let mut hits: [Vec<(usize, usize, usize)>; 2] = [Vec::new(), Vec::new()];
        let mut spans = Vec::new();
        for pid in matched.iter() {
            spans.clear();
            self.matches_of(&mut cache, bytes, pid, &mut spans);
            self.drop_excepted(
                pid.as_usize(),
                text.as_ref(),
                &mut spans,
                words.then_some(&mut excepted),
            );
            let class = usize::from(!self.strategic[pid.as_usize()]);
            hits[class].extend(spans.iter().map(|&(s, e)| (s, e, pid.as_usize())));
        }
        drop_neutral(self.neutral.as_ref(), bytes, &mut hits);
        drop_contained_across(&mut hits);
        let mut terms: [Vec<String>; 2] = [Vec::new(), Vec::new()];
        let mut counts = [0usize; 2];
        for (c, list) in hits.iter_mut().enumerate() {
            list.sort_by(|a, b| (b.1 - b.0).cmp(&(a.1 - a.0)).then(a.0.cmp(&b.0)));
            // The accepted spans are disjoint, kept by start: the one starting last before
            // `e` is the only one that can overlap `[s, e)`, so each test is a lookup (a
            // scan of every accepted span was quadratic in the matches of a long bullet).
            let mut taken: std::collections::BTreeMap<usize, usize> = Default::default();
            let mut entries: std::collections::HashSet<usize> = Default::default();
            for &(s, e, i) in list.iter() {
                if taken.range(..e).next_back().is_some_and(|(_, &te)| s < te) {
                    continue;
                }
                taken.insert(s, e);
                entries.insert(i);
            }
            if words {
                let mut seen: std::collections::HashSet<String> = Default::default();
                for (&s, &e) in &taken {
                    let word = String::from_utf8_lossy(&bytes[s..e]).to_lowercase();
                    if seen.insert(word.clone()) {
                        terms[c].push(word);
                    }
                }
            }
            counts[c] = entries.len();
        }
        let (s, t) = (counts[0], counts[1]);
        // A statement that names work of both kinds is mixed, however many terms of each
        // it has ("Manage the roadmap, backlog and sprint ceremonies"): measured on the duty
        // corpus, the majority rule read such duties as one role's.
        let class = match s.cmp(&t) {
            _ if s > 0 && t > 0 => Class::Mixed,
            std::cmp::Ordering::Greater => Class::Strategic,
            std::cmp::Ordering::Less => Class::Tactical,
            std::cmp::Ordering::Equal if s > 0 => Class::Mixed,
            std::cmp::Ordering::Equal => Class::Unclassified,
        };
        let [strategic, tactical] = terms;
        Classification {
            class,
            strategic,
            tactical,
            excepted,
        }
    }

    /// Removes the matches of entry `i` that lie inside one of its exceptions, noting the
    /// exception phrases that applied when `shown` is given.
    fn drop_excepted(
        &self,
        i: usize,
        text: &str,
        spans: &mut Vec<(usize, usize)>,
        mut shown: Option<&mut Vec<String>>,
    ) {
        let Some(list) = self.exceptions.get(i).filter(|l| !l.is_empty()) else {
            return;
        };
        if spans.is_empty() {
            return;
        }
        let mut inside: Vec<(usize, usize)> = Vec::new();
        for re in list {
            inside.extend(re.find_iter(text).map(|m| (m.start(), m.end())));
        }
        spans.retain(|&(s, e)| {
            let Some(&(xs, xe)) = inside.iter().find(|&&(xs, xe)| xs <= s && e <= xe) else {
                return true;
            };
            if let Some(shown) = shown.as_deref_mut() {
                let phrase = text[xs..xe].to_string();
                if !shown.contains(&phrase) {
                    shown.push(phrase);
                }
            }
            false
        });
    }
}

/// Drops the matches that lie inside a neutral phrase ("success metrics", "test strategy"):
/// the sources give that work to both roles, so its words decide nothing.
fn drop_neutral(
    neutral: Option<&regex::bytes::Regex>,
    bytes: &[u8],
    hits: &mut [Vec<(usize, usize, usize)>; 2],
) {
    let Some(re) = neutral else { return };
    let spans: Vec<(usize, usize)> = re.find_iter(bytes).map(|m| (m.start(), m.end())).collect();
    if spans.is_empty() {
        return;
    }
    // The spans are leftmost-first and disjoint, so the one that could hold a match is the
    // last that starts at or before it.
    for list in hits.iter_mut() {
        list.retain(|&(s, e, _)| {
            let i = spans.partition_point(|&(ns, _)| ns <= s);
            !(i > 0 && e <= spans[i - 1].1)
        });
    }
}

/// Drops a match of one class that lies inside a longer match of the other: the phrase
/// decides ("translate the strategy into stories" is tactical work, its "strategy" no
/// strategic evidence).
fn drop_contained_across(hits: &mut [Vec<(usize, usize, usize)>; 2]) {
    if hits[0].is_empty() || hits[1].is_empty() {
        return;
    }
    // Per class: (start, running maximum of ends) in start order, so "is there a longer
    // match around this one" is a binary search, not a scan of every pair.
    let index = |list: &[(usize, usize, usize)]| {
        let mut v: Vec<(usize, usize)> = list.iter().map(|h| (h.0, h.1)).collect();
        v.sort_unstable();
        let mut max = 0;
        for x in v.iter_mut() {
            max = max.max(x.1);
            x.1 = max;
        }
        v
    };
    let inside = |a: &(usize, usize, usize), other: &[(usize, usize)]| {
        let before = other.partition_point(|b| b.0 < a.0);
        let at_or_before = other.partition_point(|b| b.0 <= a.0);
        (before > 0 && other[before - 1].1 >= a.1)
            || (at_or_before > 0 && other[at_or_before - 1].1 > a.1)
    };
    let (s, t) = (index(&hits[0]), index(&hits[1]));
    hits[0].retain(|a| !inside(a, &t));
    hits[1].retain(|a| !inside(a, &s));
}

fn is_dash(c: char) -> bool {
    matches!(
        c,
        '\u{2010}'
            ..='\u{2015}'
                | '\u{2212}'
                | '\u{FE58}'
                | '\u{FE63}'
                | '\u{FF0D}'
                | '\u{00AD}'
                | '\u{2043}'
    )
}

/// Whether a pattern may match an upper-case ASCII letter as written: an unescaped
/// upper-case letter, or a `\x`/`\u` escape (which could name one). Such a pattern is
/// compiled case-insensitively; the rest match the lower-cased text as they are.
fn needs_case_folding(pattern: &str) -> bool {
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if matches!(chars.next(), Some('x' | 'u' | 'U')) {
                    return true;
                }
            }
            c if c.is_ascii_uppercase() => return true,
            _ => {}
        }
    }
    false
}

/// NFKC, every dash or hyphen as `-`, runs of whitespace as one space (rules.md, "Text is
/// normalised before matching"). ASCII text is already NFKC, so it skips the normaliser.
pub fn normalise(s: &str) -> Cow<'_, str> {
    let needs_space_fix = s.contains(|c: char| c.is_whitespace() && c != ' ') || s.contains("  ");
    if s.is_ascii() && !needs_space_fix {
        return Cow::Borrowed(s);
    }
    let nfkc: String = if s.is_ascii() {
        s.to_string()
    } else {
        s.nfkc().collect()
    };
    let mut out = String::with_capacity(nfkc.len());
    let mut space = false;
    for c in nfkc.chars() {
        if c.is_whitespace() {
            if !space && !out.is_empty() {
                out.push(' ');
            }
            space = true;
            continue;
        }
        space = false;
        out.push(if is_dash(c) { '-' } else { c });
    }
    if out.ends_with(' ') {
        out.pop();
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundary_anchored_patterns() {
        assert!(starts_at_boundary(r"\bvision\b"));
        assert!(starts_at_boundary(r"\ba(?:b|c)\b|\bd"));
        assert!(!starts_at_boundary(r"\ba|d"));
        assert!(!starts_at_boundary(r"north star"));
        assert!(starts_at_boundary(r"\b[|]x"));
    }

    #[test]
    fn case_folding_only_where_a_pattern_names_an_upper_case_letter() {
        assert!(!needs_case_folding(r"\bproduct(?:\W?s)?\b\S\D\B"));
        assert!(needs_case_folding(r"\bNorth star"));
        assert!(needs_case_folding(r"[A-Z]{3}"));
        assert!(needs_case_folding(r"\x41"));
        assert!(needs_case_folding(r"\\A"));
        for e in builtin_entries() {
            assert!(!needs_case_folding(&e.pattern), "{}", e.term);
        }
        let v = Vocabulary::new(vec![
            (Class::Tactical, "[A-Z]{2}-[0-9]+ tickets".into()),
            (Class::Strategic, r"\bOKR\b".into()),
        ])
        .unwrap();
        assert_eq!(v.classify("Close ab-12 Tickets").class, Class::Tactical);
        assert_eq!(v.classify("Set the okr").class, Class::Strategic);
    }

    #[test]
    fn user_patterns_without_boundaries_match_anywhere() {
        let v = Vocabulary::new(vec![
            (Class::Tactical, "jira".into()),
            (Class::Strategic, r"\bnorth star\b".into()),
        ])
        .unwrap();
        assert_eq!(
            v.classify("Keep the team's JIRA tidy").class,
            Class::Tactical
        );
        assert_eq!(
            v.classify("myjira board").tactical,
            vec!["jira".to_string()]
        );
        assert_eq!(
            v.classify("Own the North Star metric").class,
            Class::Strategic
        );
    }

    #[test]
    fn the_three_examples() {
        let v = Vocabulary::builtin();
        assert_eq!(
            v.classify("Own the pricing strategy").class,
            Class::Strategic
        );
        assert_eq!(v.classify("Write user stories").class, Class::Tactical);
        assert_eq!(v.classify("Water the plants").class, Class::Unclassified);
    }

    #[test]
    fn normalises_dashes_and_spaces() {
        assert_eq!(normalise("go\u{2011}to\u{2013}market"), "go-to-market");
        assert_eq!(normalise("  a \t b\n"), "a b");
        let v = Vocabulary::builtin();
        assert_eq!(
            v.classify("Lead go\u{2011}to\u{2011}market planning").class,
            Class::Strategic
        );
    }

    #[test]
    fn overlapping_matches_of_one_class_count_once() {
        let v = Vocabulary::builtin();
        let c = v.classify("Prioritise the product backlog");
        assert_eq!(c.class, Class::Tactical);
        assert_eq!(c.tactical.len(), 1, "{c:?}");
    }

    #[test]
    fn exceptions_keep_domain_words_from_counting() {
        let v = Vocabulary::builtin();
        for (text, class) in [
            ("Fix the pricing engine", Class::Unclassified),
            (
                // Pricing does not count; fixing bugs is the team's daily work.
                "Fix the pricing engines and pricing bugs",
                Class::Tactical,
            ),
            ("Set the pricing for enterprise", Class::Strategic),
            ("Revenue share reports for partners", Class::Unclassified),
            (
                "Ship within the quarterly cloud budget",
                Class::Unclassified,
            ),
            ("Ship within budget", Class::Unclassified),
            ("Deliver on time and on budget", Class::Unclassified),
            ("Own the budget", Class::Strategic),
            ("Train the vision models", Class::Unclassified),
            ("Own the product vision", Class::Strategic),
            ("Write the test strategy", Class::Unclassified),
            ("Manage loan portfolios", Class::Unclassified),
            ("Report to leadership every sprint", Class::Unclassified),
            ("Meet the team daily and weekly", Class::Unclassified),
            ("Run sprint planning", Class::Tactical),
            ("Order the ART backlog", Class::Strategic),
            ("Own the portfolio backlog items", Class::Strategic),
            ("Order the product backlog", Class::Tactical),
            // Weighing work against the company's strategy is not setting it.
            (
                "Weigh requests from stakeholders against team capacity and strategic goals",
                Class::Unclassified,
            ),
            (
                "Take prioritisation decisions for the team quickly",
                Class::Tactical,
            ),
            (
                "Turn the product strategies and epics into tasks the developers can start",
                Class::Tactical,
            ),
            (
                "Set the strategic goals of the product line",
                Class::Strategic,
            ),
        ] {
            assert_eq!(v.classify(text).class, class, "{text}");
        }
        let c = v.classify("Own the pricing engine");
        assert_eq!(c.excepted, vec!["pricing engine".to_string()]);
        assert_eq!(v.class_of("Own the pricing engine"), Class::Unclassified);
    }

    #[test]
    fn config_exceptions_add_to_an_entry() {
        let v = Vocabulary::with_additions(
            &[EntryDef {
                class: Class::Strategic,
                pattern: r"\bnorth star\b".into(),
                except: vec![r"\bnorth star tavern\b".into()],
            }],
            &[("pricing".into(), vec![r"\bpricing tiers?\b".into()])],
        )
        .unwrap();
        assert_eq!(v.classify("Own the north star").class, Class::Strategic);
        assert_eq!(
            v.classify("Book the north star tavern").class,
            Class::Unclassified
        );
        assert_eq!(v.classify("Fix pricing tiers").class, Class::Unclassified);
        assert_eq!(v.classify("Own pricing").class, Class::Strategic);
    }

    #[test]
    fn vocabulary_entries_are_well_formed() {
        let entries = builtin_entries();
        let mut terms = std::collections::HashSet::new();
        for e in &entries {
            assert!(terms.insert(e.term.clone()), "duplicate term {}", e.term);
            assert!(matches!(e.class, Class::Strategic | Class::Tactical));
            assert!(!e.sources.is_empty(), "{} cites no source", e.term);
        }
    }
}
