//! Get-or-intern for tables that store their own entries: the index keeps only positions.

use hashbrown::hash_table::Entry;
use hashbrown::HashTable;

/// Positions into a table its owner keeps (merged samples, merged locations, call-graph nodes),
/// found by hash and equality. Each entry keeps 32 bits of its hash beside the position (8 bytes),
/// so growing the index never hashes an entry again (re-hashing stacks on growth cost 8 % of a
/// fleet merge), and the index of a fleet's half-million samples stays small.
#[derive(Debug, Default, Clone)]
pub struct PositionIndex {
    /// (32 bits of the owner's hash, position).
    table: HashTable<(u32, u32)>,
}

/// The 64-bit hash the table places an entry by, from the 32 bits kept: the multiplication
/// spreads them to the high bits, which hashbrown's control bytes use.
fn spread(tag: u32) -> u64 {
    (tag as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// The 32 bits of a hash that are kept: both halves folded together. A hash may have only 32
/// significant bits (FxHasher hashes in `usize`, 32 bits in wasm32), so taking the high half alone
/// would give every entry the same tag, and every lookup would walk one chain of all entries.
fn tag(hash: u64) -> u32 {
    (hash ^ (hash >> 32)) as u32
}

impl PositionIndex {
    pub fn with_capacity(positions: usize) -> Self {
        PositionIndex { table: HashTable::with_capacity(positions) }
    }

    /// Room for `additional` more positions without growing.
    pub fn reserve(&mut self, additional: usize) {
        self.table.reserve(additional, |&(tag, _)| spread(tag));
    }

    /// The stored position with this hash whose entry `is_match`, else stores `next` (the owner's
    /// next position, which the owner then fills) and returns `None`.
    pub fn find_or_insert(
        &mut self,
        hash: u64,
        is_match: impl Fn(u32) -> bool,
        next: u32,
    ) -> Option<u32> {
        let tag = tag(hash);
        let entry =
            self.table.entry(spread(tag), |&(t, i)| t == tag && is_match(i), |&(t, _)| spread(t));
        match entry {
            Entry::Occupied(entry) => Some(entry.get().1),
            Entry::Vacant(entry) => {
                entry.insert((tag, next));
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustc_hash::FxBuildHasher;
    use std::hash::BuildHasher;

    #[test]
    fn interns_each_entry_once_across_growth() {
        let mut keys: Vec<u64> = Vec::new();
        let mut index = PositionIndex::default();
        let hash = |k: &u64| FxBuildHasher.hash_one(k);
        for round in 0..3 {
            for k in 0..1000u64 {
                let next = keys.len() as u32;
                let found = index.find_or_insert(hash(&k), |i| keys[i as usize] == k, next);
                match found {
                    Some(i) => assert_eq!((round > 0, keys[i as usize]), (true, k)),
                    None => {
                        assert_eq!(round, 0, "{k} stored twice");
                        keys.push(k);
                    }
                }
            }
        }
        assert_eq!(keys, (0..1000).collect::<Vec<_>>());
    }

    /// Hashes of 32 significant bits (FxHasher in wasm32) spread like 64-bit ones: interning n
    /// entries compares a few entries per lookup, not all of them.
    #[test]
    fn hashes_of_32_bits_do_not_collide() {
        let n = 20_000u32;
        let mut index = PositionIndex::default();
        let comparisons = std::cell::Cell::new(0u64);
        // A 32-bit multiplicative hash, as FxHasher computes it in a 32-bit `usize`.
        let hash = |k: u32| u64::from(k.wrapping_add(1).wrapping_mul(0x9e37_79b9));
        for k in 0..n {
            let same = |i: u32| {
                comparisons.set(comparisons.get() + 1);
                i == k
            };
            assert_eq!(index.find_or_insert(hash(k), same, k), None, "{k} found before stored");
        }
        for k in 0..n {
            assert_eq!(index.find_or_insert(hash(k), |i| i == k, n), Some(k));
        }
        assert!(comparisons.get() < u64::from(n), "{} comparisons", comparisons.get());
    }
}
