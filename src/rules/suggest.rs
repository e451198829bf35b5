//! "Did you mean" for ids, bounded so that its cost never grows with dangling references
//! times ids: a deletion index per kind of entity (SymSpell's idea), built only when a
//! reference of that kind dangles. Each id is indexed with itself and its one-character
//! deletions, as 64-bit hashes in one sorted vector (about 12 bytes per variant); a query
//! looks up its own deletions up to two characters. That finds every id within one edit
//! and the common two-edit typos (two insertions, an insertion and a substitution), each
//! candidate verified with the real edit distance. A BK-tree was tried first: ids such as
//! `person-01234` sit at nearly equal distances from each other, so a query visited most of
//! the tree (5 s for 1,000 dangling references among 100,000 people).

/// Ids longer than this are never compared: a megabyte-long id is a mistake, not a typo.
pub const MAX_COMPARED_LEN: usize = 64;

/// FNV-1a over the bytes of `w` without the characters in `skip` (byte ranges): one pass, no
/// allocation. Collisions only add candidates, which are all verified.
fn hash_without(w: &str, skip: [std::ops::Range<usize>; 2]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for (i, b) in w.bytes().enumerate() {
        if skip[0].contains(&i) || skip[1].contains(&i) {
            continue;
        }
        h = (h ^ b as u64).wrapping_mul(0x100000001b3);
    }
    h
}

/// Byte ranges of each character.
fn char_ranges(w: &str) -> Vec<std::ops::Range<usize>> {
    w.char_indices().map(|(i, c)| i..i + c.len_utf8()).collect()
}

pub struct DeletionIndex<'a> {
    words: Vec<&'a str>,
    /// (hash of a variant, index into `words`), sorted by hash.
    variants: Vec<(u64, u32)>,
}

impl<'a> DeletionIndex<'a> {
    pub fn new(words: impl IntoIterator<Item = &'a str>) -> Self {
        let words: Vec<&'a str> = words
            .into_iter()
            .filter(|w| w.len() <= MAX_COMPARED_LEN)
            .collect();
        use rayon::prelude::*;
        let mut variants: Vec<(u64, u32)> = words
            .par_iter()
            .enumerate()
            .flat_map_iter(|(i, w)| {
                std::iter::once(hash_without(w, [0..0, 0..0]))
                    .chain(
                        char_ranges(w)
                            .into_iter()
                            .map(move |r| hash_without(w, [r, 0..0])),
                    )
                    .map(move |h| (h, i as u32))
            })
            .collect();
        variants.par_sort_unstable();
        variants.dedup();
        DeletionIndex { words, variants }
    }

    fn lookup(&self, h: u64, out: &mut Vec<u32>) {
        let start = self.variants.partition_point(|(v, _)| *v < h);
        out.extend(
            self.variants[start..]
                .iter()
                .take_while(|(v, _)| *v == h)
                .map(|(_, i)| *i),
        );
    }

    /// The closest word within `max` edits (at most 2) and within a third of the longer
    /// length; ties broken alphabetically, so the answer is stable.
    pub fn closest(&self, w: &str, max: usize) -> Option<&'a str> {
        if self.words.is_empty() || w.len() > MAX_COMPARED_LEN {
            return None;
        }
        let ranges = char_ranges(w);
        let mut candidates = Vec::new();
        self.lookup(hash_without(w, [0..0, 0..0]), &mut candidates);
        for (a, ra) in ranges.iter().enumerate() {
            self.lookup(hash_without(w, [ra.clone(), 0..0]), &mut candidates);
            if max >= 2 {
                for rb in &ranges[a + 1..] {
                    self.lookup(hash_without(w, [ra.clone(), rb.clone()]), &mut candidates);
                }
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        let len = ranges.len();
        candidates
            .into_iter()
            .map(|i| self.words[i as usize])
            .filter_map(|cand| {
                let d = strsim::levenshtein(cand, w);
                let longer = len.max(cand.chars().count());
                (d > 0 && d <= max && d * 3 <= longer).then_some((d, cand))
            })
            .min()
            .map(|(_, c)| c)
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
        let ids = [
            "nobody",
            "alice",
            "bob",
            "carol",
            "dana",
            "person-01234",
            "person-01235",
        ];
        let t = DeletionIndex::new(ids.iter().copied());
        assert_eq!(t.closest("nobdy", 2), Some("nobody"));
        assert_eq!(t.closest("alce", 2), Some("alice"));
        assert_eq!(t.closest("allice", 2), Some("alice"));
        assert_eq!(t.closest("alicee", 2), Some("alice"));
        assert_eq!(t.closest("person-0123", 2), Some("person-01234"));
        assert_eq!(t.closest("zzzzzz", 2), None);
        assert_eq!(
            t.closest("b", 2),
            None,
            "two edits of three letters are more than a third"
        );
        assert_eq!(t.closest(&"x".repeat(1000), 2), None);
    }

    #[test]
    fn finds_close_keys() {
        assert_eq!(
            closest_key("report_to", &["id", "reports_to", "roles"]),
            Some("reports_to")
        );
        assert_eq!(
            closest_key("reportsto", &["id", "reports_to", "roles"]),
            Some("reports_to")
        );
        assert_eq!(closest_key("salary", &["id", "reports_to", "roles"]), None);
    }
}
