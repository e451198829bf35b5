//! "Did you mean" for ids: a BK-tree per kind of entity, built only when a reference
//! dangles, so the cost is about (ids + dangling references) x log(ids), never their product.

/// Ids longer than this are never compared: a megabyte-long id is a mistake, not a typo.
pub const MAX_COMPARED_LEN: usize = 64;

pub struct BkTree<'a> {
    nodes: Vec<(&'a str, Vec<(usize, usize)>)>,
}

impl<'a> BkTree<'a> {
    pub fn new(words: impl IntoIterator<Item = &'a str>) -> Self {
        let mut t = BkTree { nodes: Vec::new() };
        for w in words {
            if w.len() <= MAX_COMPARED_LEN {
                t.insert(w);
            }
        }
        t
    }

    fn insert(&mut self, w: &'a str) {
        if self.nodes.is_empty() {
            self.nodes.push((w, Vec::new()));
            return;
        }
        let mut cur = 0;
        loop {
            let d = strsim::levenshtein(self.nodes[cur].0, w);
            if d == 0 {
                return;
            }
            match self.nodes[cur].1.iter().find(|(dist, _)| *dist == d) {
                Some(&(_, child)) => cur = child,
                None => {
                    let idx = self.nodes.len();
                    self.nodes.push((w, Vec::new()));
                    self.nodes[cur].1.push((d, idx));
                    return;
                }
            }
        }
    }

    /// The closest word within `max` edits and within a third of the longer length
    /// (ties broken alphabetically, so the answer is stable).
    pub fn closest(&self, w: &str, max: usize) -> Option<&'a str> {
        if self.nodes.is_empty() || w.len() > MAX_COMPARED_LEN {
            return None;
        }
        let mut best: Option<(usize, &'a str)> = None;
        let mut stack = vec![0usize];
        while let Some(i) = stack.pop() {
            let (word, children) = &self.nodes[i];
            let d = strsim::levenshtein(word, w);
            let longer = word.chars().count().max(w.chars().count());
            if d > 0 && d <= max && d * 3 <= longer && best.is_none_or(|(bd, bw)| (d, *word) < (bd, bw)) {
                best = Some((d, word));
            }
            for &(cd, child) in children {
                if cd + max >= d && cd <= d + max {
                    stack.push(child);
                }
            }
        }
        best.map(|(_, w)| w)
    }
}

/// The closest of a few fixed words (keys), for S002.
pub fn closest_key<'a>(key: &str, known: &[&'a str]) -> Option<&'a str> {
    if key.len() > MAX_COMPARED_LEN {
        return None;
    }
    let norm = key.to_lowercase().replace(['-', ' '], "_");
    known
        .iter()
        .map(|k| (strsim::levenshtein(&norm, k), *k))
        .filter(|(d, k)| *d <= 3.max(k.len() / 3) && *d * 2 <= k.len().max(norm.len()))
        .min()
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_close_ids() {
        let ids = ["nobody", "alice", "bob", "carol", "dana"];
        let t = BkTree::new(ids.iter().copied());
        assert_eq!(t.closest("nobdy", 2), Some("nobody"));
        assert_eq!(t.closest("alce", 2), Some("alice"));
        assert_eq!(t.closest("zzzzzz", 2), None);
        assert_eq!(t.closest(&"x".repeat(1000), 2), None);
    }

    #[test]
    fn finds_close_keys() {
        assert_eq!(closest_key("report_to", &["id", "reports_to", "roles"]), Some("reports_to"));
        assert_eq!(closest_key("reportsto", &["id", "reports_to", "roles"]), Some("reports_to"));
        assert_eq!(closest_key("salary", &["id", "reports_to", "roles"]), None);
    }
}
