//! One resolver for role names and titles, used by S006 and T006 on org files and by J004
//! and J001 on job descriptions, so that a title means the same thing everywhere.
//! The names live in `rules/roles.yaml`; a config can add aliases.

use serde::Deserialize;
use std::collections::HashMap;

/// The two roles the rules know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    ProductManager,
    ProductOwner,
}

impl Role {
    pub fn canonical(self) -> &'static str {
        match self {
            Role::ProductManager => "product-manager",
            Role::ProductOwner => "product-owner",
        }
    }
    pub fn short(self) -> &'static str {
        match self {
            Role::ProductManager => "PM",
            Role::ProductOwner => "PO",
        }
    }
    pub fn other(self) -> Role {
        match self {
            Role::ProductManager => Role::ProductOwner,
            Role::ProductOwner => Role::ProductManager,
        }
    }
    pub fn parse(name: &str) -> Option<Role> {
        match normalise_name(name).as_str() {
            "product-manager" => Some(Role::ProductManager),
            "product-owner" => Some(Role::ProductOwner),
            _ => None,
        }
    }
}

/// What a role string in `roles:` resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoleName {
    Known(Role),
    /// A role that is neither PM nor PO (engineer, scrum-master, ...): carried along.
    Other,
    /// Cannot be mapped to one role; the reason says why.
    Ambiguous(String),
    /// Unknown, but within edit distance of a known name: probably a typo of it.
    Close {
        suggestion: String,
        role: Role,
    },
    /// Unknown, and not close to a known name, but it names a product role as words
    /// (`former-product-owner`, `aspiring-product-manager`): a qualifier the rules cannot
    /// read, so the person is not counted as holding the role, and S006 says so.
    Qualified {
        /// The role name it contains, hyphenated (`product-owner`).
        named: String,
        role: Role,
    },
}

/// Why a title that names both roles is ambiguous (S006 stays quiet when `roles` holds both).
pub const NAMES_BOTH_ROLES: &str = "it names the PM role and the PO role at once";

/// What a free-text title maps to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TitleRole {
    None,
    One(Role),
    Ambiguous(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RolesFile {
    canonical: HashMap<String, CanonicalEntry>,
    ambiguous: Vec<AmbiguousEntry>,
    other: Vec<String>,
    seniority: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CanonicalEntry {
    aliases: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AmbiguousEntry {
    name: String,
    why: String,
}

#[derive(Debug, Clone)]
enum Meaning {
    Role(Role),
    Ambiguous(String),
    /// A known other role in a title (`IT Project Manager (PM)`), or a config `titles:`
    /// phrase mapped to no role: it takes its words, so a shorter name inside does not count.
    Nothing,
}

#[derive(Debug, Clone)]
pub struct Resolver {
    /// Every name as a word sequence, with what it means.
    phrases: Vec<(Vec<String>, Meaning)>,
    /// Hyphenated names, for exact lookups of role strings.
    exact: HashMap<String, Meaning>,
    others: Vec<String>,
    seniority: Vec<Vec<String>>,
    /// Canonical names and aliases of 5 characters or more, for "did you mean".
    suggestible: Vec<(String, Role)>,
    /// The config's `titles:` phrases: they win over a built-in name of the same length.
    title_overrides: Vec<(Vec<String>, Option<Role>)>,
    /// Why-texts of the one-word ambiguous abbreviations (`pm`): ambiguous only alone.
    abbreviations: Vec<String>,
}

pub const ROLES_YAML: &str = include_str!("../rules/roles.yaml");

/// `Product Owner`, `product_owner` and `product-owner` are one name.
pub fn normalise_name(s: &str) -> String {
    words(s).join("-")
}

/// Lowercase words of a name or title; anything that is not a letter or digit separates.
pub fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect()
}

impl Resolver {
    pub fn builtin() -> Resolver {
        Resolver::with_aliases(&[])
    }

    /// The built-in names plus aliases from a config (`roles.aliases`).
    pub fn with_aliases(extra: &[(Role, String)]) -> Resolver {
        let file: RolesFile =
            serde_saphyr::from_str(ROLES_YAML).expect("rules/roles.yaml is valid (tested)");
        let mut r = Resolver {
            phrases: Vec::new(),
            exact: HashMap::new(),
            others: file.other.iter().map(|o| normalise_name(o)).collect(),
            seniority: file.seniority.iter().map(|s| words(s)).collect(),
            suggestible: Vec::new(),
            title_overrides: Vec::new(),
            abbreviations: Vec::new(),
        };
        let mut canon: Vec<_> = file.canonical.into_iter().collect();
        canon.sort_by(|a, b| a.0.cmp(&b.0));
        for (name, entry) in canon {
            let role = Role::parse(&name).expect("roles.yaml names only the two canonical roles");
            r.add(&name, Meaning::Role(role));
            for alias in entry.aliases {
                r.add(&alias, Meaning::Role(role));
            }
        }
        for (role, alias) in extra {
            r.add(alias, Meaning::Role(*role));
        }
        for amb in file.ambiguous {
            if words(&amb.name).len() == 1 {
                r.abbreviations.push(amb.why.clone());
            }
            r.add(&amb.name, Meaning::Ambiguous(amb.why));
        }
        // Other roles take their words in a title, so `IT Project Manager (PM)` is a project
        // manager's title and its `PM` is not ambiguous.
        for other in &file.other {
            r.phrases.push((words(other), Meaning::Nothing));
        }
        r
    }

    /// A config's `titles:` map (phrase to role, or to no role): it overrides the built-in
    /// table for titles (issue 17, reading 3). Role strings are not affected.
    pub fn with_titles(mut self, titles: &[(String, Option<Role>)]) -> Resolver {
        for (phrase, role) in titles {
            let w = words(phrase);
            if !w.is_empty() {
                self.title_overrides.push((w, *role));
            }
        }
        self
    }

    /// Whether a title's ambiguity is only that of an abbreviation (`PM`), which a
    /// person's roles can settle.
    pub fn is_abbreviation(&self, why: &str) -> bool {
        self.abbreviations.iter().any(|a| a == why)
    }

    /// Whether a title names a known other role (`Project Manager`) as words.
    pub fn title_names_other(&self, title: &str) -> bool {
        let mut w = words(title);
        self.strip_seniority(&mut w);
        self.phrases.iter().any(|(p, m)| {
            matches!(m, Meaning::Nothing)
                && !p.is_empty()
                && p.len() <= w.len()
                && w.windows(p.len()).any(|win| win == &p[..])
        })
    }

    fn add(&mut self, name: &str, meaning: Meaning) {
        let w = words(name);
        let hyphenated = w.join("-");
        if let Meaning::Role(role) = meaning {
            if hyphenated.chars().count() >= 5
                && !self.suggestible.iter().any(|(n, _)| *n == hyphenated)
            {
                self.suggestible.push((hyphenated.clone(), role));
            }
        }
        self.exact.insert(hyphenated, meaning.clone());
        self.phrases.push((w, meaning));
    }

    pub fn is_other_role(&self, name: &str) -> bool {
        self.others.contains(&normalise_name(name))
    }

    /// Resolves one entry of a person's `roles`: only an exact canonical name or alias
    /// (after case and ` `/`_`/`-` normalisation) is a role; a role string is a data value,
    /// not free text, so `former-product-owner` is not a product owner (issue 17, reading 1).
    pub fn role(&self, name: &str, max_distance: usize) -> RoleName {
        let norm = normalise_name(name);
        match self.exact.get(&norm) {
            Some(Meaning::Role(r)) => return RoleName::Known(*r),
            Some(Meaning::Ambiguous(why)) => return RoleName::Ambiguous(why.clone()),
            Some(Meaning::Nothing) | None => {}
        }
        if self.others.contains(&norm) {
            return RoleName::Other;
        }
        if let Some((suggestion, role)) = self.closest(&norm, max_distance) {
            return RoleName::Close { suggestion, role };
        }
        match self.named_role(&words(name)) {
            Some((named, role)) => RoleName::Qualified { named, role },
            None => RoleName::Other,
        }
    }

    /// The longest product-role name of two or more words (`product owner`, `area product
    /// owner`) that `w` contains as whole words. One-word abbreviations (`po`) are left
    /// out: as part of a longer role string they are too often something else.
    fn named_role(&self, w: &[String]) -> Option<(String, Role)> {
        let mut best: Option<(&Vec<String>, Role)> = None;
        for (phrase, meaning) in &self.phrases {
            let Meaning::Role(role) = meaning else {
                continue;
            };
            if phrase.len() < 2 || phrase.len() > w.len() {
                continue;
            }
            if best.is_some_and(|(b, _)| b.len() >= phrase.len()) {
                continue;
            }
            if w.windows(phrase.len()).any(|win| win == &phrase[..]) {
                best = Some((phrase, *role));
            }
        }
        best.map(|(p, r)| (p.join("-"), r))
    }

    /// The closest canonical name or alias, when `name` is probably a typo of it: at most
    /// `max_distance` edits and at most a third of the longer string; never for 3-letter
    /// roles (`qa`, `cto`), which are too short to tell a typo from another word.
    fn closest(&self, norm: &str, max_distance: usize) -> Option<(String, Role)> {
        let len = norm.chars().count();
        if len <= 3 || len > 64 {
            return None;
        }
        self.suggestible
            .iter()
            .filter_map(|(cand, role)| {
                let d = strsim::levenshtein(norm, cand);
                let longer = len.max(cand.chars().count());
                (d > 0 && d <= max_distance && d * 3 <= longer).then_some((d, cand, *role))
            })
            .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)))
            .map(|(_, c, r)| (c.clone(), r))
    }

    /// Maps a free-text title to a role: the longest name it contains as whole words wins,
    /// seniority words are ignored, and a title naming both roles (or `PM`) is ambiguous.
    pub fn title(&self, title: &str) -> TitleRole {
        let mut w = words(title);
        self.strip_seniority(&mut w);
        let overrides: Vec<(Vec<String>, Meaning)> = self
            .title_overrides
            .iter()
            .map(|(p, r)| (p.clone(), r.map_or(Meaning::Nothing, Meaning::Role)))
            .collect();
        // (start, len, config first, meaning)
        let mut found: Vec<(usize, usize, bool, &Meaning)> = Vec::new();
        for (config, list) in [(true, &overrides), (false, &self.phrases)] {
            for (phrase, meaning) in list {
                if phrase.is_empty() || phrase.len() > w.len() {
                    continue;
                }
                for start in 0..=(w.len() - phrase.len()) {
                    if w[start..start + phrase.len()] == phrase[..] {
                        found.push((start, phrase.len(), config, meaning));
                    }
                }
            }
        }
        // Longest first, a config phrase before a built-in one of the same length; a
        // shorter name inside a longer one does not count on its own (`technical product
        // manager` is one title, not also `product manager`).
        found.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)).then(a.0.cmp(&b.0)));
        let mut taken = vec![false; w.len()];
        let mut roles: Vec<Role> = Vec::new();
        let mut ambiguous: Option<String> = None;
        let mut abbreviation: Option<String> = None;
        let mut named_other = false;
        for (start, len, _, meaning) in found {
            if taken[start..start + len].iter().any(|t| *t) {
                continue;
            }
            taken[start..start + len].iter_mut().for_each(|t| *t = true);
            match meaning {
                Meaning::Role(r) => {
                    if !roles.contains(r) {
                        roles.push(*r)
                    }
                }
                Meaning::Ambiguous(why) if self.is_abbreviation(why) => {
                    abbreviation.get_or_insert_with(|| why.clone());
                }
                Meaning::Ambiguous(why) => {
                    ambiguous.get_or_insert_with(|| why.clone());
                }
                Meaning::Nothing => named_other = true,
            }
        }
        if let Some(why) = ambiguous {
            return TitleRole::Ambiguous(why);
        }
        // `PM` is ambiguous only alone: a role named in full decides (`Product Manager
        // (PM)`, `IT Project Manager (PM)`; issue 17, reading 2).
        if let Some(why) = abbreviation {
            if roles.is_empty() && !named_other {
                return TitleRole::Ambiguous(why);
            }
        }
        match roles[..] {
            [] => TitleRole::None,
            [r] => TitleRole::One(r),
            _ => TitleRole::Ambiguous(NAMES_BOTH_ROLES.into()),
        }
    }

    fn strip_seniority(&self, w: &mut Vec<String>) {
        for phrase in &self.seniority {
            let mut i = 0;
            while i + phrase.len() <= w.len() {
                if !phrase.is_empty() && w[i..i + phrase.len()] == phrase[..] {
                    w.drain(i..i + phrase.len());
                } else {
                    i += 1;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles() {
        let r = Resolver::builtin();
        assert_eq!(
            r.title("Senior Product Manager"),
            TitleRole::One(Role::ProductManager)
        );
        assert_eq!(
            r.title("Technical Product Manager"),
            TitleRole::One(Role::ProductManager)
        );
        assert_eq!(
            r.title("Platform Product Manager"),
            TitleRole::One(Role::ProductManager)
        );
        assert_eq!(r.title("Chief Product Officer"), TitleRole::None);
        assert_eq!(r.title("Head of Product"), TitleRole::None);
        assert!(matches!(r.title("Senior PM"), TitleRole::Ambiguous(_)));
        assert!(matches!(r.title("PM, Payments"), TitleRole::Ambiguous(_)));
        assert_eq!(
            r.title("Product Manager (PM)"),
            TitleRole::One(Role::ProductManager)
        );
        assert_eq!(r.title("IT Project Manager (PM)"), TitleRole::None);
        let c = Resolver::builtin().with_titles(&[
            ("technical product manager".into(), Some(Role::ProductOwner)),
            ("product specialist".into(), None),
        ]);
        assert_eq!(
            c.title("Senior Technical Product Manager"),
            TitleRole::One(Role::ProductOwner)
        );
        assert_eq!(c.title("Product Specialist"), TitleRole::None);
        assert_eq!(
            c.role("technical-product-manager", 2),
            r.role("technical-product-manager", 2)
        );
        assert_eq!(
            r.title("Lead Product Owner"),
            TitleRole::One(Role::ProductOwner)
        );
        assert!(matches!(
            r.title("Product Owner / Product Manager"),
            TitleRole::Ambiguous(_)
        ));
        assert!(matches!(r.title("PM"), TitleRole::Ambiguous(_)));
        assert!(matches!(
            r.title("Product Owner/Manager"),
            TitleRole::Ambiguous(_)
        ));
        assert_eq!(r.title("VP Product"), TitleRole::None);
        assert_eq!(r.title("Engineering Manager"), TitleRole::None);
        assert_eq!(r.title("Project Manager"), TitleRole::None);
    }

    #[test]
    fn roles() {
        let r = Resolver::builtin();
        assert_eq!(r.role("PO", 2), RoleName::Known(Role::ProductOwner));
        assert_eq!(
            r.role("Product_Owner", 2),
            RoleName::Known(Role::ProductOwner)
        );
        assert!(matches!(r.role("pm", 2), RoleName::Ambiguous(_)));
        assert!(matches!(r.role("po/pm", 2), RoleName::Ambiguous(_)));
        assert!(matches!(
            r.role("product-owner-manager", 2),
            RoleName::Ambiguous(_)
        ));
        assert_eq!(
            r.role("prodct-owner", 2),
            RoleName::Close {
                suggestion: "product-owner".into(),
                role: Role::ProductOwner
            }
        );
        assert_eq!(r.role("project-manager", 2), RoleName::Other);
        assert_eq!(r.role("designer", 2), RoleName::Other);
        assert_eq!(r.role("qa", 2), RoleName::Other);
        assert_eq!(
            r.role("area-product-owner", 2),
            RoleName::Known(Role::ProductOwner)
        );
    }

    #[test]
    fn role_strings_are_exact() {
        let r = Resolver::builtin();
        for (s, named, role) in [
            ("former-product-owner", "product-owner", Role::ProductOwner),
            (
                "ex-product-manager",
                "product-manager",
                Role::ProductManager,
            ),
            (
                "aspiring-product-manager",
                "product-manager",
                Role::ProductManager,
            ),
            (
                "Product Owner (acting, until Q3)",
                "product-owner",
                Role::ProductOwner,
            ),
        ] {
            assert_eq!(
                r.role(s, 2),
                RoleName::Qualified {
                    named: named.into(),
                    role
                },
                "{s}"
            );
        }
        // Close wins over "names a role", so the help can say "did you mean".
        assert!(matches!(
            r.role("product-owners", 2),
            RoleName::Close { .. }
        ));
        // One-word abbreviations inside a longer string do not count.
        assert_eq!(r.role("po-box-admin", 2), RoleName::Other);
        // The title reading stays whole-word.
        assert_eq!(
            r.title("Former Product Owner"),
            TitleRole::One(Role::ProductOwner)
        );
    }
}
