//! Entity indices by id without a second copy of the ids: the table holds entity indices and
//! hashes the entities' own id strings (with a random seed, so crafted ids cannot make the
//! lookups quadratic).

use ahash::RandomState;
use hashbrown::HashTable;

#[derive(Debug, Default)]
pub struct IdIndex {
    table: HashTable<u32>,
    state: RandomState,
}

impl IdIndex {
    /// Indexes ids in order; also returns, for each, the index of the first one with the
    /// same id when it is a later duplicate.
    pub fn build<'a>(ids: impl ExactSizeIterator<Item = &'a str>) -> (IdIndex, Vec<Option<u32>>) {
        let ids: Vec<&str> = ids.collect();
        let state = RandomState::new();
        let mut table: HashTable<u32> = HashTable::with_capacity(ids.len());
        let mut first = Vec::with_capacity(ids.len());
        for (i, id) in ids.iter().enumerate() {
            let hash = state.hash_one(id);
            match table.find(hash, |&j| ids[j as usize] == *id) {
                Some(&j) => first.push(Some(j)),
                None => {
                    table.insert_unique(hash, i as u32, |&j| state.hash_one(ids[j as usize]));
                    first.push(None);
                }
            }
        }
        (IdIndex { table, state }, first)
    }

    /// The index of the first entity with this id; `id_of` gives an entity's id.
    pub fn get<'a>(&self, id: &str, id_of: impl Fn(u32) -> &'a str) -> Option<u32> {
        self.table
            .find(self.state.hash_one(id), |&j| id_of(j) == id)
            .copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_occurrence_wins() {
        let ids = ["a", "b", "a", "c", "b"];
        let (index, first) = IdIndex::build(ids.iter().copied());
        assert_eq!(first, vec![None, None, Some(0), None, Some(1)]);
        assert_eq!(index.get("a", |i| ids[i as usize]), Some(0));
        assert_eq!(index.get("c", |i| ids[i as usize]), Some(3));
        assert_eq!(index.get("z", |i| ids[i as usize]), None);
    }
}
