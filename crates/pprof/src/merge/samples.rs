//! The merged samples, stored flat (no vector per sample), with their key index and a direct
//! protobuf encoder. Merging a fleet produces hundreds of thousands of samples; three allocations
//! each would dominate the merge.

use prost::encoding::{encode_key, encode_varint, encoded_len_varint, int64, message, WireType};

use super::sample_keys::{SampleKey, SampleKeys};
use super::slices::SliceSet;
use crate::ids::MergedLocationId;
use crate::proto::{Label, Sample};

/// Samples in first-seen order, with `values[i * width..(i + 1) * width]` for sample `i`.
///
/// Until a sample with labels comes, sample `i` is stack `i` with no labels: a stack is a new
/// sample exactly when it is a new stack, so the first-seen orders agree and no key is kept (views
/// and default.pgo merge without labels). The first labeled sample turns every sample into a key
/// of `keys`.
#[derive(Default)]
pub(super) struct SampleArena {
    /// Values per sample (the number of kept sample types); fixed by the first sample added.
    width: usize,
    count: usize,
    /// Distinct stacks: merged location ids (positions + 1 in the merged location table, so they fit
    /// in 32 bits), leaf first.
    stacks: SliceSet<MergedLocationId>,
    /// Distinct sorted label sets (the empty one too).
    label_sets: SliceSet<Label>,
    /// Empty while no sample has labels.
    keys: SampleKeys,
    values: Vec<i64>,
}

impl SampleArena {
    pub(super) fn len(&self) -> usize {
        self.count
    }

    /// Room for `n` more samples without rehashing.
    pub(super) fn reserve(&mut self, n: usize) {
        match self.keys.is_empty() {
            true => self.stacks.reserve(n),
            false => self.keys.reserve(n),
        }
    }

    /// Exact room for `values` more values and `location_ids` more stack entries.
    pub(super) fn reserve_exact(&mut self, values: usize, location_ids: usize) {
        self.values.reserve_exact(values);
        self.stacks.reserve_items_exact(location_ids);
    }

    fn key(&self, i: usize) -> SampleKey {
        match self.keys.get(i) {
            Some(key) => key,
            None => SampleKey { stack: i as u32, label_set: u32::MAX },
        }
    }

    pub(super) fn locations_of(&self, i: usize) -> &[MergedLocationId] {
        self.stacks.get(self.key(i).stack)
    }

    pub(super) fn labels_of(&self, i: usize) -> &[Label] {
        match self.key(i).label_set {
            u32::MAX => &[],
            set => self.label_sets.get(set),
        }
    }

    pub(super) fn values_of(&self, i: usize) -> &[i64] {
        &self.values[i * self.width..(i + 1) * self.width]
    }

    /// Adds `values` to the sample with these locations and (sorted) labels, creating it if new.
    pub(super) fn add(&mut self, locations: &[MergedLocationId], labels: &[Label], values: &[i64]) {
        if self.count == 0 {
            self.width = values.len();
        }
        let stack = self.stacks.handle_for(locations);
        let found = match (labels.is_empty(), self.keys.is_empty()) {
            (true, true) => (stack as usize != self.count).then_some(stack),
            (false, true) => {
                self.key_every_sample();
                self.find_keyed(stack, labels)
            }
            (_, false) => self.find_keyed(stack, labels),
        };
        if let Some(i) = found {
            let start = i as usize * self.width;
            for (sum, v) in self.values[start..start + self.width].iter_mut().zip(values) {
                *sum = sum.wrapping_add(*v);
            }
            return;
        }
        self.count += 1;
        self.values.extend(values.iter().copied().chain(std::iter::repeat(0)).take(self.width));
    }

    /// The position of the sample with this stack and labels; else it is keyed as the next one.
    fn find_keyed(&mut self, stack: u32, labels: &[Label]) -> Option<u32> {
        let label_set = self.handle_for_label_set(labels);
        self.keys.find_or_push(SampleKey { stack, label_set })
    }

    /// The number of a label set, noting where a new one starts.
    fn handle_for_label_set(&mut self, labels: &[Label]) -> u32 {
        let label_set = self.label_sets.handle_for(labels);
        let position = u32::try_from(self.count).expect("fewer than 2^32 merged samples");
        self.keys.label_set_from(label_set, position);
        label_set
    }

    /// The first sample with labels: every sample so far gets its key (its stack, no labels).
    fn key_every_sample(&mut self) {
        let none = self.label_sets.handle_for(&[]);
        self.keys.label_set_from(none, 0);
        self.keys.reserve(self.count + 1);
        for i in 0..self.count {
            let found = self.keys.find_or_push(SampleKey { stack: i as u32, label_set: none });
            debug_assert!(found.is_none(), "sample {i} is stack {i}");
        }
    }

    /// Keeps only the value columns `columns` (positions in each sample's values, in the order
    /// given): what a merge does when a later input lacks some of the sample types merged so far.
    pub(super) fn keep_columns(&mut self, columns: &[usize]) {
        let old_width = self.width;
        let mut kept = Vec::with_capacity(self.len() * columns.len());
        for i in 0..self.len() {
            let values = &self.values[i * old_width..(i + 1) * old_width];
            kept.extend(columns.iter().map(|&c| values[c]));
        }
        self.values = kept;
        self.width = columns.len();
    }

    /// Number of location ids of all samples.
    pub(super) fn location_id_count(&self) -> usize {
        (0..self.count).map(|i| self.locations_of(i).len()).sum()
    }

    /// True when some sample's values all summed to zero.
    pub(super) fn has_zero_sample(&self) -> bool {
        (0..self.len()).any(|i| self.values_of(i).iter().all(|&v| v == 0))
    }

    /// The samples as prost messages.
    pub(super) fn to_samples(&self) -> Vec<Sample> {
        (0..self.len())
            .map(|i| Sample {
                location_id: self.locations_of(i).iter().map(|id| id.get()).collect(),
                value: self.values_of(i).to_vec(),
                label: self.labels_of(i).to_vec(),
            })
            .collect()
    }

    /// Appends sample `i` as `Profile.sample` (field 2), byte for byte what prost writes for the
    /// equivalent [`Sample`] message.
    pub(super) fn encode_one(&self, i: usize, buf: &mut Vec<u8>) {
        let (locations, values, labels) =
            (self.locations_of(i), self.values_of(i), self.labels_of(i));
        let len = packed_ids_len(locations)
            + int64::encoded_len_packed(2, values)
            + message::encoded_len_repeated(3, labels);
        encode_key(2, WireType::LengthDelimited, buf);
        encode_varint(len as u64, buf);
        if !locations.is_empty() {
            encode_key(1, WireType::LengthDelimited, buf);
            encode_varint(ids_len(locations) as u64, buf);
            for id in locations {
                encode_varint(id.get(), buf);
            }
        }
        int64::encode_packed(2, values, buf);
        for label in labels {
            message::encode(3, label, buf);
        }
    }
}

/// Bytes of the location ids as varints.
fn ids_len(ids: &[MergedLocationId]) -> usize {
    ids.iter().map(|id| encoded_len_varint(id.get())).sum()
}

/// Bytes of `Sample.location_id` (field 1, packed), as prost writes it: nothing when empty.
fn packed_ids_len(ids: &[MergedLocationId]) -> usize {
    crate::encode::packed_varints_len(1, ids.iter().map(|id| id.get()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stack(positions: &[u32]) -> Vec<MergedLocationId> {
        positions.iter().map(|&p| MergedLocationId::at_position(p)).collect()
    }

    /// Samples without labels, then one with labels, then more of both: each distinct (stack,
    /// labels) is one sample, in first-seen order, whichever way it was stored when first seen.
    #[test]
    fn labels_arriving_late_keep_every_sample_and_its_order() {
        let label = Label { key: 1, str: 2, num: 0, num_unit: 0 };
        let mut arena = SampleArena::default();
        arena.add(&stack(&[0, 1]), &[], &[1]);
        arena.add(&stack(&[2]), &[], &[2]);
        arena.add(&stack(&[0, 1]), &[], &[10]);
        assert_eq!(arena.len(), 2);
        arena.add(&stack(&[2]), &[label], &[5]);
        arena.add(&stack(&[0, 1]), &[], &[100]);
        arena.add(&stack(&[3]), &[], &[7]);
        arena.add(&stack(&[2]), &[label], &[5]);
        let samples: Vec<(Vec<MergedLocationId>, Vec<Label>, Vec<i64>)> = (0..arena.len())
            .map(|i| {
                (
                    arena.locations_of(i).to_vec(),
                    arena.labels_of(i).to_vec(),
                    arena.values_of(i).to_vec(),
                )
            })
            .collect();
        assert_eq!(
            samples,
            [
                (stack(&[0, 1]), vec![], vec![111]),
                (stack(&[2]), vec![], vec![2]),
                (stack(&[2]), vec![label], vec![10]),
                (stack(&[3]), vec![], vec![7]),
            ]
        );
        assert_eq!(arena.location_id_count(), 5);
    }
}
