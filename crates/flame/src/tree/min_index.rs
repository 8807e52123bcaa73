//! Searches for the nearest entry at most a bound, before or after a position, in an array that
//! never changes: the call tree's stacks find where a subtree ends and where a parent was made.

use serde::{Deserialize, Serialize};

/// Entries per block; a block's minimum lets a search skip it.
const BLOCK: usize = 32;
/// Blocks per superblock.
const SUPER: usize = 32;

/// Block minima over `values`, 1/32 + 1/1024 of their size: a search scans at most two partial
/// blocks, two partial superblocks and the superblock minima.
///
/// Invariant: `blocks[b]` is the minimum of `values[b*BLOCK..][..BLOCK]` and `supers[s]` the minimum
/// of `blocks[s*SUPER..][..SUPER]`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MinIndex {
    blocks: Vec<u32>,
    supers: Vec<u32>,
}

fn minima(values: &[u32], size: usize) -> Vec<u32> {
    values.chunks(size).map(|c| c.iter().copied().min().unwrap_or(u32::MAX)).collect()
}

impl MinIndex {
    pub fn new(values: &[u32]) -> MinIndex {
        let blocks = minima(values, BLOCK);
        let supers = minima(&blocks, SUPER);
        MinIndex { blocks, supers }
    }

    /// Bytes of its arrays.
    pub fn heap_bytes(&self) -> usize {
        (self.blocks.capacity() + self.supers.capacity()) * std::mem::size_of::<u32>()
    }

    /// The first `j > i` with `values[j] <= bound`, or `values.len()`.
    pub fn next_at_most(&self, values: &[u32], i: usize, bound: u32) -> usize {
        let found = |j: &usize| values[*j] <= bound;
        let block_end = ((i / BLOCK + 1) * BLOCK).min(values.len());
        if let Some(j) = (i + 1..block_end).find(found) {
            return j;
        }
        let block = match self.next_block(i / BLOCK + 1, bound) {
            Some(b) => b,
            None => return values.len(),
        };
        (block * BLOCK..((block + 1) * BLOCK).min(values.len()))
            .find(found)
            .expect("the block's minimum is at most the bound")
    }

    /// The last `j < i` with `values[j] <= bound`.
    pub fn prev_at_most(&self, values: &[u32], i: usize, bound: u32) -> Option<usize> {
        let found = |j: &usize| values[*j] <= bound;
        let block_start = i / BLOCK * BLOCK;
        if let Some(j) = (block_start..i).rev().find(found) {
            return Some(j);
        }
        let block = self.prev_block(i / BLOCK, bound)?;
        let j = (block * BLOCK..((block + 1) * BLOCK).min(values.len())).rev().find(found);
        Some(j.expect("the block's minimum is at most the bound"))
    }

    /// The first block from `from` on whose minimum is at most `bound`.
    fn next_block(&self, from: usize, bound: u32) -> Option<usize> {
        let found = |b: &usize| self.blocks[*b] <= bound;
        let super_end = ((from / SUPER + 1) * SUPER).min(self.blocks.len());
        if let Some(b) = (from..super_end).find(found) {
            return Some(b);
        }
        let s = (from / SUPER + 1..self.supers.len()).find(|&s| self.supers[s] <= bound)?;
        (s * SUPER..((s + 1) * SUPER).min(self.blocks.len())).find(found)
    }

    /// The last block before `before` whose minimum is at most `bound`.
    fn prev_block(&self, before: usize, bound: u32) -> Option<usize> {
        let found = |b: &usize| self.blocks[*b] <= bound;
        let super_start = before / SUPER * SUPER;
        if let Some(b) = (super_start..before).rev().find(found) {
            return Some(b);
        }
        let s = (0..before / SUPER).rev().find(|&s| self.supers[s] <= bound)?;
        (s * SUPER..((s + 1) * SUPER).min(self.blocks.len())).rev().find(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn searches_agree_with_a_scan_at_every_position_and_bound() {
        // Long enough for several superblocks; values in a small range so every bound matters.
        let mut state = 12345u32;
        let values: Vec<u32> = (0..5000)
            .map(|i| {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12345);
                // Mostly high, with rare low values far apart, as a tree's stack depths are.
                if i % 1500 == 7 {
                    0
                } else {
                    2 + (state >> 16) % 9
                }
            })
            .collect();
        let index = MinIndex::new(&values);
        for i in (0..values.len()).step_by(7) {
            for bound in 0..12 {
                let next = (i + 1..values.len()).find(|&j| values[j] <= bound);
                assert_eq!(index.next_at_most(&values, i, bound), next.unwrap_or(values.len()));
                let prev = (0..i).rev().find(|&j| values[j] <= bound);
                assert_eq!(index.prev_at_most(&values, i, bound), prev, "{i} {bound}");
            }
        }
    }
}
