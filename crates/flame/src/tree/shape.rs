//! The shape of a call tree (its stacks, their depths and sums) from sorted samples, before the
//! nodes are written.

use pgoscope_pprof::ProfileData;

use super::build::{Entry, Id, Samples};

/// The tree's stacks, before their nodes are written: see [`CallTree`] for the fields.
pub(super) struct Shape {
    pub(super) starts: Vec<u32>,
    pub(super) first_depth: Vec<u32>,
    pub(super) sums: Vec<i64>,
    pub(super) sides: Vec<Vec<i64>>,
    pub(super) max_depth: u32,
    /// Per tree stack, one of the sorted samples it stands for (its position among them).
    pub(super) representative: Vec<u32>,
}

impl Shape {
    /// Groups sorted samples with equal function ids into tree stacks, after stack 0 (the empty
    /// sequence, which adds the root).
    pub(super) fn of<T: Id, P: ProfileData>(
        samples: &Samples<T, P>,
        sorted: &[Entry],
        side_count: usize,
    ) -> Shape {
        // At most one stack per sample: reserved once, trimmed at the end.
        let room = sorted.len() + 2;
        let mut shape = Shape {
            starts: Vec::with_capacity(room),
            first_depth: Vec::with_capacity(room),
            sums: Vec::with_capacity(room),
            sides: vec![Vec::with_capacity(room); side_count],
            max_depth: 0,
            representative: Vec::with_capacity(room),
        };
        shape.starts.push(0);
        shape.first_depth.push(0);
        shape.sums.extend([0, 0]);
        shape.sides.iter_mut().for_each(|side| side.extend([0, 0]));
        shape.representative.push(u32::MAX);
        let mut nodes = 1u32; // the root
        let mut previous = None;
        for (i, entry) in sorted.iter().enumerate() {
            let n = entry.sample;
            let depth = samples.depth(entry);
            let common = previous.map_or(0, |p| samples.common_prefix(p, entry));
            // Sorted: a sequence sharing all of its frames with the previous one equals it.
            if common < depth {
                shape.starts.push(nodes);
                nodes += (depth - common) as u32;
                shape.first_depth.push(common as u32 + 1);
                shape.max_depth = shape.max_depth.max(depth as u32);
                shape.representative.push(i as u32);
                let carry = |sums: &mut Vec<i64>| sums.push(*sums.last().unwrap());
                carry(&mut shape.sums);
                shape.sides.iter_mut().for_each(carry);
            }
            let weight = samples.weight(n);
            let add = |sums: &mut Vec<i64>| {
                let last = sums.last_mut().unwrap();
                *last = last.wrapping_add(weight);
            };
            add(&mut shape.sums);
            if let Some(side) = shape.sides.get_mut(samples.side(n)) {
                add(side);
            }
            previous = Some(entry);
        }
        shape.starts.push(nodes);
        shape.trimmed()
    }

    fn trimmed(mut self) -> Shape {
        self.starts.shrink_to_fit();
        self.first_depth.shrink_to_fit();
        self.sums.shrink_to_fit();
        self.sides.iter_mut().for_each(Vec::shrink_to_fit);
        self.representative.shrink_to_fit();
        self
    }

    /// The function of every node, stack by stack.
    pub(super) fn functions<T: Id, P: ProfileData>(
        &self,
        samples: &Samples<T, P>,
        sorted: &[Entry],
    ) -> Vec<T> {
        let mut column = Vec::with_capacity(*self.starts.last().unwrap() as usize);
        column.push(T::narrowed(0));
        for (&n, &depth) in self.representative.iter().zip(&self.first_depth).skip(1) {
            let mut skip = depth as usize - 1;
            for chunk in samples.chunks(&sorted[n as usize]) {
                column.extend_from_slice(&chunk.ids[skip.min(chunk.ids.len())..]);
                skip = skip.saturating_sub(chunk.ids.len());
            }
        }
        column
    }
}
