//! "Did you mean" for ids, bounded so that its cost never grows with dangling references
//! times ids (SymSpell's symmetric deletions, turned around). The queries (the dangling
//! references, usually few) are indexed by the hashes of their variants with up to two
//! characters deleted; then every id is read once, and each of its variants with up to one
//! character deleted is looked up in that small table. That finds every id within one edit
//! and the common two-edit typos (two insertions, an insertion and a substitution), each
//! candidate verified with the real edit distance. The ids are never indexed, so nothing
//! grows with them but one pass (a sorted index of the ids' variants cost 87 ms at 100,000
//! people, mostly sorting 1.4 million hashes). A BK-tree was tried first: ids such as
//! `person-01234` sit at nearly equal distances from each other, so a query visited most of
//! the tree (5 s for 1,000 dangling references among 100,000 people).

use rayon::prelude::*;

/// Ids longer than this are never compared: a megabyte-long id is a mistake, not a typo.
pub const MAX_COMPARED_LEN: usize = 64;

/// The base of the polynomial hash below (odd, so powers never vanish modulo 2^64).
const BASE: u64 = 0x9E37_79B9_7F4A_7C15;

/// Powers of `BASE`, enough for the longest compared id.
fn powers() -> &'static [u64; MAX_COMPARED_LEN + 1] {
    static POWERS: std::sync::OnceLock<[u64; MAX_COMPARED_LEN + 1]> = std::sync::OnceLock::new();
    POWERS.get_or_init(|| {
        let mut p = [1u64; MAX_COMPARED_LEN + 1];
        for i in 1..p.len() {
            p[i] = p[i - 1].wrapping_mul(BASE);
        }
        p
    })
}

/// Hashes of a word and of the word with characters deleted, each in constant time from
/// the prefix hashes (a polynomial hash: the hash of `xy` is `h(x) * BASE^|y| + h(y)`),
/// so a word's variants cost one pass instead of one pass each. Collisions only add
/// candidates, which are all verified; at 64 bytes at most, no known construction of
/// colliding strings for a 64-bit polynomial hash applies.
#[derive(Default)]
struct Variants {
    /// `prefix[k]`: hash of the first `k` bytes.
    prefix: Vec<u64>,
    /// Byte offset of each character, then the length.
    bounds: Vec<usize>,
}

impl Variants {
    fn of(&mut self, w: &str, two: bool, mut each: impl FnMut(u64)) {
        let pow = powers();
        let n = w.len();
        self.prefix.clear();
        self.prefix.push(0);
        for b in w.bytes() {
            let last = *self.prefix.last().unwrap_or(&0);
            self.prefix
                .push(last.wrapping_mul(BASE).wrapping_add(u64::from(b)));
        }
        self.bounds.clear();
        self.bounds.extend(w.char_indices().map(|(i, _)| i));
        self.bounds.push(n);
        let pre = &self.prefix;
        let seg = |x: usize, y: usize| pre[y].wrapping_sub(pre[x].wrapping_mul(pow[y - x]));
        each(pre[n]);
        let chars = self.bounds.len() - 1;
        for k in 0..chars {
            let (a, b) = (self.bounds[k], self.bounds[k + 1]);
            each(pre[a].wrapping_mul(pow[n - b]).wrapping_add(seg(b, n)));
            if two {
                for j in k + 1..chars {
                    let (c, d) = (self.bounds[j], self.bounds[j + 1]);
                    each(
                        pre[a]
                            .wrapping_mul(pow[(c - b) + (n - d)])
                            .wrapping_add(seg(b, c).wrapping_mul(pow[n - d]))
                            .wrapping_add(seg(d, n)),
                    );
                }
            }
        }
    }
}

/// The queries' variant hashes, with a bit set in front: most of the ids' variants match
/// none, and one bit in a table that stays in cache says so.
struct QueryTable {
    entries: Vec<(u64, u32)>,
    bits: Vec<u64>,
    mask: u64,
}

impl QueryTable {
    fn new(mut entries: Vec<(u64, u32)>) -> Self {
        entries.sort_unstable();
        entries.dedup();
        let size = (entries.len() * 16)
            .next_power_of_two()
            .clamp(1 << 12, 1 << 22);
        let mut bits = vec![0u64; size / 64];
        let mask = size as u64 - 1;
        for (h, _) in &entries {
            let i = (h & mask) as usize;
            bits[i / 64] |= 1 << (i % 64);
        }
        QueryTable {
            entries,
            bits,
            mask,
        }
    }

    fn queries_of(&self, h: u64) -> impl Iterator<Item = u32> + '_ {
        let i = (h & self.mask) as usize;
        let maybe = self.bits[i / 64] & (1 << (i % 64)) != 0;
        let from = if maybe {
            self.entries.partition_point(|(v, _)| *v < h)
        } else {
            self.entries.len()
        };
        self.entries[from..]
            .iter()
            .take_while(move |(v, _)| *v == h)
            .map(|(_, q)| *q)
    }
}

/// For each query, the closest word within `max` edits (at most 2) and within a third of
/// the longer length; ties broken alphabetically, so the answer is stable. A query that is
/// itself a word gets `None`.
pub fn closest_each<'a>(
    words: impl IntoIterator<Item = &'a str>,
    queries: &[&str],
    max: usize,
) -> Vec<Option<&'a str>> {
    let mut entries: Vec<(u64, u32)> = Vec::new();
    let mut variants = Variants::default();
    for (qi, q) in queries.iter().enumerate() {
        if q.len() <= MAX_COMPARED_LEN {
            variants.of(q, max >= 2, |h| entries.push((h, qi as u32)));
        }
    }
    if entries.is_empty() {
        return vec![None; queries.len()];
    }
    let mut best: Vec<Option<(usize, &'a str)>> = vec![None; queries.len()];
    let table = QueryTable::new(entries);
    let words: Vec<&'a str> = words
        .into_iter()
        .filter(|w| w.len() <= MAX_COMPARED_LEN)
        .collect();
    let mut pairs: Vec<(u32, u32)> = words
        .par_iter()
        .enumerate()
        .fold(
            || (Vec::new(), Variants::default()),
            |(mut pairs, mut variants), (wi, w)| {
                variants.of(w, false, |h| {
                    pairs.extend(table.queries_of(h).map(|qi| (qi, wi as u32)));
                });
                (pairs, variants)
            },
        )
        .map(|(pairs, _)| pairs)
        .reduce(Vec::new, |mut a, b| {
            a.extend(b);
            a
        });
    pairs.sort_unstable();
    pairs.dedup();
    for (qi, wi) in pairs {
        let (q, cand) = (queries[qi as usize], words[wi as usize]);
        let d = strsim::levenshtein(cand, q);
        let longer = q.chars().count().max(cand.chars().count());
        if d > 0 && d <= max && d * 3 <= longer {
            let slot = &mut best[qi as usize];
            if slot.is_none_or(|b| (d, cand) < b) {
                *slot = Some((d, cand));
            }
        }
    }
    best.into_iter().map(|b| b.map(|(_, c)| c)).collect()
}

/// The closest word to one query (see `closest_each`).
pub fn closest<'a>(
    words: impl IntoIterator<Item = &'a str>,
    query: &str,
    max: usize,
) -> Option<&'a str> {
    closest_each(words, &[query], max).pop().flatten()
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
    fn deletion_hashes_equal_the_hash_of_the_shorter_word() {
        let whole = |w: &str| {
            let mut h = Vec::new();
            Variants::default().of(w, false, |x| h.push(x));
            h[0]
        };
        let mut got = Vec::new();
        Variants::default().of("näme", true, |h| got.push(h));
        let mut want = vec![whole("näme")];
        for (one, two) in [
            ("äme", ["me", "äe", "äm"].as_slice()),
            ("nme", ["ne", "nm"].as_slice()),
            ("näe", ["nä"].as_slice()),
            ("näm", [].as_slice()),
        ] {
            want.push(whole(one));
            want.extend(two.iter().map(|w| whole(w)));
        }
        assert_eq!(got, want);
    }

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
        let queries = [
            "nobdy",
            "alce",
            "allice",
            "alicee",
            "person-0123",
            "zzzzzz",
            "b",
            "alice",
        ];
        let long = "x".repeat(1000);
        let mut all: Vec<&str> = queries.to_vec();
        all.push(&long);
        let got = closest_each(ids, &all, 2);
        assert_eq!(
            got,
            [
                Some("nobody"),
                Some("alice"),
                Some("alice"),
                Some("alice"),
                Some("person-01234"),
                None,
                // Two edits of three letters are more than a third.
                None,
                // A query that is an id is not a typo of another.
                None,
                None,
            ]
        );
        assert_eq!(closest(ids, "carl", 2), Some("carol"));
        assert_eq!(closest(ids, "carl", 0), None);
        assert_eq!(closest([], "carl", 2), None);
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
