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

/// A variant hash shared by more distinct queries than this keeps only the first ones: no
/// real run has dozens of different dangling references one or two letters apart, and
/// without the cap every id with that variant would be paired with all of them.
const MAX_QUERIES_PER_VARIANT: usize = 16;

/// The ids are read in this many fixed parts (on any number of threads, so the answer never
/// depends on the machine), and in each part a query examines at most
/// `MAX_CANDIDATES_PER_PART` ids: a query has a handful of near ids, not thousands.
const PARTS: usize = 8;
const MAX_CANDIDATES_PER_PART: u8 = 8;

/// The best candidate of each query within one part of the ids.
struct Part<'a> {
    /// Per query: ids examined, the last id examined (an id reaches a query through several
    /// variants), and the best so far.
    seen: Vec<u8>,
    last: Vec<u32>,
    best: Vec<Option<(usize, &'a str)>>,
}

/// For each query, the closest word within `max` edits (at most 2) and within a third of
/// the longer length; ties broken alphabetically, so the answer is stable. A query that is
/// itself a word gets `None`.
///
/// Time and memory are linear in the words and queries whatever they hold: equal queries
/// are answered once, a variant hash leads to at most `MAX_QUERIES_PER_VARIANT` queries, and
/// each query examines at most `PARTS * MAX_CANDIDATES_PER_PART` ids, each with a distance
/// bounded by `max` (a band of the dynamic programme, not the whole table).
pub fn closest_each<'a>(
    words: impl IntoIterator<Item = &'a str>,
    queries: &[&str],
    max: usize,
) -> Vec<Option<&'a str>> {
    // Equal queries (100,000 references to one missing id) share one slot.
    let mut slot_of: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
    let mut unique: Vec<&str> = Vec::new();
    let slots: Vec<u32> = queries
        .iter()
        .map(|q| {
            *slot_of.entry(q).or_insert_with(|| {
                unique.push(q);
                unique.len() as u32 - 1
            })
        })
        .collect();
    let mut entries: Vec<(u64, u32)> = Vec::new();
    let mut variants = Variants::default();
    for (qi, q) in unique.iter().enumerate() {
        if q.len() <= MAX_COMPARED_LEN {
            variants.of(q, max >= 2, |h| entries.push((h, qi as u32)));
        }
    }
    if entries.is_empty() {
        return vec![None; queries.len()];
    }
    entries.sort_unstable();
    entries.dedup();
    let mut capped = Vec::with_capacity(entries.len());
    for run in entries.chunk_by(|a, b| a.0 == b.0) {
        capped.extend_from_slice(&run[..run.len().min(MAX_QUERIES_PER_VARIANT)]);
    }
    let table = QueryTable::new(capped);
    let words: Vec<&'a str> = words
        .into_iter()
        .filter(|w| w.len() <= MAX_COMPARED_LEN)
        .collect();
    let part_len = words.len().div_ceil(PARTS).max(1);
    let q_chars: Vec<usize> = unique.iter().map(|q| q.chars().count()).collect();
    let parts: Vec<Part<'a>> = words
        .par_chunks(part_len)
        .enumerate()
        .map(|(pi, chunk)| {
            let mut part = Part {
                seen: vec![0; unique.len()],
                last: vec![u32::MAX; unique.len()],
                best: vec![None; unique.len()],
            };
            let mut variants = Variants::default();
            for (k, &w) in chunk.iter().enumerate() {
                let wi = (pi * part_len + k) as u32;
                variants.of(w, false, |h| {
                    for qi in table.queries_of(h) {
                        let q = qi as usize;
                        if part.last[q] == wi || part.seen[q] >= MAX_CANDIDATES_PER_PART {
                            continue;
                        }
                        part.last[q] = wi;
                        part.seen[q] += 1;
                        let longer = q_chars[q].max(w.chars().count());
                        let Some(d) = bounded_levenshtein(unique[q], w, max) else {
                            continue;
                        };
                        if d > 0 && d * 3 <= longer {
                            let slot = &mut part.best[q];
                            if slot.is_none_or(|b| (d, w) < b) {
                                *slot = Some((d, w));
                            }
                        }
                    }
                });
            }
            part
        })
        .collect();
    let mut best: Vec<Option<(usize, &'a str)>> = vec![None; unique.len()];
    for part in parts {
        for (slot, b) in best.iter_mut().zip(part.best) {
            if let Some(b) = b {
                if slot.is_none_or(|s| b < s) {
                    *slot = Some(b);
                }
            }
        }
    }
    slots
        .into_iter()
        .map(|s| best[s as usize].map(|(_, c)| c))
        .collect()
}

/// The Levenshtein distance of `a` and `b` (in characters) when it is at most `max`, else
/// `None`; only a band of `2 * max + 1` diagonals is computed, so the cost is linear in the
/// length. Equal to `strsim::levenshtein` whenever that is at most `max`.
fn bounded_levenshtein(a: &str, b: &str, max: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let inf = max + 1;
    // prev[j]: distance of a[..i-1] and b[..j], for j within the band of row i-1.
    let mut prev: Vec<usize> = (0..=b.len()).map(|j| j.min(inf)).collect();
    let mut cur = vec![inf; b.len() + 1];
    for i in 1..=a.len() {
        let lo = i.saturating_sub(max);
        let hi = (i + max).min(b.len());
        // The cell left of the band reads as out of reach (it may hold a value of the row
        // two before); the cell right of it in `prev` was never written, so it still holds
        // the first row's `inf`.
        let mut row_min = inf;
        if lo == 0 {
            cur[0] = i.min(inf);
            row_min = cur[0];
        } else {
            cur[lo - 1] = inf;
        }
        for j in lo.max(1)..=hi {
            let sub = prev[j - 1] + usize::from(a[i - 1] != b[j - 1]);
            let del = prev[j] + 1;
            let ins = cur[j - 1] + 1;
            cur[j] = sub.min(del).min(ins).min(inf);
            row_min = row_min.min(cur[j]);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = prev[b.len()];
    (d <= max).then_some(d)
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
    fn bounded_levenshtein_equals_the_full_distance_within_the_bound() {
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "abc",
            "acb",
            "alice",
            "alce",
            "allice",
            "alicee",
            "bob",
            "person-01234",
            "person-0123",
            "persno-01234",
            "näme",
            "name",
            "nme",
            "xyz",
        ];
        for a in words {
            for b in words {
                for max in 0..=3 {
                    let d = strsim::levenshtein(a, b);
                    let want = (d <= max).then_some(d);
                    assert_eq!(bounded_levenshtein(a, b, max), want, "{a} {b} {max}");
                }
            }
        }
    }

    #[test]
    fn equal_queries_are_answered_once_and_alike() {
        let ids: Vec<String> = (0..9_000).map(|i| format!("ghost-{i:04}")).collect();
        let queries = vec!["ghost-0001x"; 100_000];
        let got = closest_each(ids.iter().map(String::as_str), &queries, 2);
        assert_eq!(got.len(), 100_000);
        assert!(got.iter().all(|g| *g == Some("ghost-0001")));
    }

    #[test]
    fn many_distinct_near_queries_stay_bounded_and_answered() {
        // Every query is one or two edits from thousands of ids: the caps keep the work
        // linear, and each query still gets a near id.
        let ids: Vec<String> = (0..20_000).map(|i| format!("p{i:05}")).collect();
        let queries: Vec<String> = (0..20_000).map(|i| format!("q{i:05}")).collect();
        let q: Vec<&str> = queries.iter().map(String::as_str).collect();
        let got = closest_each(ids.iter().map(String::as_str), &q, 2);
        assert_eq!(got[7], Some("p00007"));
        assert!(got.iter().all(Option::is_some));
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
