//! Distinct slices stored end to end: the merge's stack table and label-set table.

use std::hash::{BuildHasher, Hash};

use rustc_hash::FxBuildHasher;

use crate::PositionIndex;

/// Each distinct slice once, numbered in first-seen order from 0. Slice `i` is
/// `items[ends[i-1]..ends[i]]` (`0..ends[0]` for the first).
///
/// A fleet's pods run the same code: their samples differ by a `pod` label far more often than by
/// stack. Storing each stack once, and each sample as (stack, label set), keeps the merge's memory
/// near the size of its distinct stacks instead of its samples.
#[derive(Debug, Clone)]
pub(super) struct SliceSet<T> {
    items: Vec<T>,
    ends: Vec<usize>,
    index: PositionIndex,
}

impl<T> Default for SliceSet<T> {
    fn default() -> Self {
        SliceSet { items: Vec::new(), ends: Vec::new(), index: PositionIndex::default() }
    }
}

impl<T: Hash + Eq + Copy> SliceSet<T> {
    /// Number of distinct slices.
    pub(super) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Room for `n` more slices without rehashing.
    pub(super) fn reserve(&mut self, n: usize) {
        self.index.reserve(n);
        self.ends.reserve(n);
    }

    /// Exact room for `items` more items.
    pub(super) fn reserve_items_exact(&mut self, items: usize) {
        self.items.reserve_exact(items);
    }

    /// Slice number `i`.
    pub(super) fn get(&self, i: u32) -> &[T] {
        let i = i as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.items[start..self.ends[i]]
    }

    /// The number of `slice`, stored if new.
    pub(super) fn handle_for(&mut self, slice: &[T]) -> u32 {
        let hash = FxBuildHasher.hash_one(slice);
        let next = u32::try_from(self.len()).expect("fewer than 2^32 distinct slices");
        let mut index = std::mem::take(&mut self.index);
        let found = index.find_or_insert(hash, |i| self.get(i) == slice, next);
        self.index = index;
        if let Some(i) = found {
            return i;
        }
        self.items.extend_from_slice(slice);
        self.ends.push(self.items.len());
        next
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_each_distinct_slice_once_in_first_seen_order() {
        let mut set = SliceSet::default();
        let slices: [&[u32]; 6] = [&[3, 1], &[], &[3], &[3, 1], &[], &[1, 3]];
        let ids: Vec<u32> = slices.iter().map(|s| set.handle_for(s)).collect();
        assert_eq!(ids, [0, 1, 2, 0, 1, 3]);
        assert_eq!(set.len(), 4);
        for (slice, id) in slices.iter().zip(ids) {
            assert_eq!(set.get(id), *slice);
        }
    }
}
