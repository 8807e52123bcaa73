//! The merged samples' keys once samples have labels, and how a key is found.
//!
//! A key is (stack, label set). Samples with one stack are chained from the newest back, and each
//! label set remembers how many samples there were when it first came: a key with that label set
//! can only be at or after that position. So the search walks the stack's chain down to the label
//! set's first position. In a fleet every pod brings a new label set, and its samples are found (or
//! known new) in one or two steps, without a hash table the size of all merged samples. A walk longer
//! than [`MAX_WALK`] (a stack shared by many label sets that came early) builds that hash table
//! once, and it answers every later search.

use std::hash::BuildHasher;

use rustc_hash::FxBuildHasher;

use crate::PositionIndex;

/// A merged sample's key: its stack (a number in the arena's stacks) and its sorted labels (a
/// number in the arena's label sets).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct SampleKey {
    pub(super) stack: u32,
    pub(super) label_set: u32,
}

/// Steps of a chain walk before the searches switch to a hash table of every key.
pub(super) const MAX_WALK: usize = 16;

/// No sample.
const NONE: u32 = u32::MAX;

/// The keys of samples `0..len()`, in sample order, and the chains that find them.
///
/// Invariants: `latest[s]` is the last sample with stack `s` (or NONE) and `earlier[i]` the one
/// before sample `i` with its stack; `first_at[l]` is at most the position of every sample with
/// label set `l`; once `index` is `Some`, it holds every key.
#[derive(Debug, Default)]
pub(super) struct SampleKeys {
    keys: Vec<SampleKey>,
    earlier: Vec<u32>,
    latest: Vec<u32>,
    first_at: Vec<u32>,
    index: Option<PositionIndex>,
}

impl SampleKeys {
    pub(super) fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    pub(super) fn get(&self, i: usize) -> Option<SampleKey> {
        self.keys.get(i).copied()
    }

    /// Room for `n` more samples.
    pub(super) fn reserve(&mut self, n: usize) {
        self.keys.reserve(n);
        match &mut self.index {
            Some(index) => index.reserve(n),
            None => self.earlier.reserve(n),
        }
    }

    /// Notes that label set `label_set` exists from sample position `position` on (called when the
    /// arena first stores it).
    pub(super) fn label_set_from(&mut self, label_set: u32, position: u32) {
        let slot = label_set as usize;
        if self.first_at.len() <= slot {
            self.first_at.resize(slot + 1, position);
        }
    }

    /// The position of the sample with `key`; else `key` becomes the next sample's (position
    /// `len()`) and `None` is returned.
    pub(super) fn find_or_push(&mut self, key: SampleKey) -> Option<u32> {
        let next = u32::try_from(self.keys.len()).expect("fewer than 2^32 merged samples");
        if self.index.is_none() {
            match self.walk(key) {
                Walk::Found(i) => return Some(i),
                Walk::New => {
                    self.push_chained(key);
                    return None;
                }
                Walk::TooLong => self.build_index(),
            }
        }
        let Some(index) = &mut self.index else { unreachable!("built above") };
        let keys = &self.keys;
        let found = index.find_or_insert(hash(key), |i| keys[i as usize] == key, next);
        if found.is_none() {
            self.keys.push(key);
        }
        found
    }

    /// Searches `key`'s stack chain down to its label set's first position.
    fn walk(&self, key: SampleKey) -> Walk {
        let floor = self.first_at.get(key.label_set as usize).copied().unwrap_or(0);
        let mut at = self.latest.get(key.stack as usize).copied().unwrap_or(NONE);
        for _ in 0..MAX_WALK {
            if at == NONE || at < floor {
                return Walk::New;
            }
            if self.keys[at as usize].label_set == key.label_set {
                return Walk::Found(at);
            }
            at = self.earlier[at as usize];
        }
        match at == NONE || at < floor {
            true => Walk::New,
            false => Walk::TooLong,
        }
    }

    fn push_chained(&mut self, key: SampleKey) {
        let position = self.keys.len() as u32;
        let stack = key.stack as usize;
        if self.latest.len() <= stack {
            self.latest.resize(stack + 1, NONE);
        }
        self.earlier.push(self.latest[stack]);
        self.latest[stack] = position;
        self.keys.push(key);
    }

    /// The hash table of every key; the chains are no longer kept.
    fn build_index(&mut self) {
        let mut index = PositionIndex::with_capacity(self.keys.len() * 2);
        for (i, &key) in self.keys.iter().enumerate() {
            index.find_or_insert(hash(key), |_| false, i as u32);
        }
        self.index = Some(index);
        (self.earlier, self.latest) = (Vec::new(), Vec::new());
    }
}

enum Walk {
    Found(u32),
    New,
    TooLong,
}

fn hash(key: SampleKey) -> u64 {
    FxBuildHasher.hash_one(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keys found by the chains, and after the walk grew too long by the hash table, are the keys
    /// pushed: each distinct key once, at its first position.
    #[test]
    fn finds_every_key_by_chain_and_after_the_switch_to_the_index() {
        let mut keys = SampleKeys::default();
        let mut expected: Vec<SampleKey> = Vec::new();
        let mut label_sets = 0u32;
        // 3 stacks; label sets come one by one and are shared by all stacks, so walks grow longer
        // than MAX_WALK and the index takes over midway.
        for round in 0..3 {
            for l in 0..(MAX_WALK as u32 * 2) {
                if l >= label_sets {
                    keys.label_set_from(l, expected.len() as u32);
                    label_sets = l + 1;
                }
                for stack in 0..3 {
                    let key = SampleKey { stack, label_set: l };
                    let found = keys.find_or_push(key);
                    let want = expected.iter().position(|&k| k == key).map(|p| p as u32);
                    assert_eq!(found, want, "round {round}, {key:?}");
                    if want.is_none() {
                        expected.push(key);
                    }
                }
            }
        }
        assert!(keys.index.is_some(), "the walks grew long enough to build the index");
        assert_eq!(keys.keys, expected);
    }
}
