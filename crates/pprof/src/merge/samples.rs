//! The merged samples, stored flat (no vector per sample), with their key index and a direct
//! protobuf encoder. Merging a fleet produces hundreds of thousands of samples; three allocations
//! each would dominate the merge.

use std::hash::BuildHasher;

use prost::encoding::{encode_key, encode_varint, encoded_len_varint, int64, message, WireType};
use rustc_hash::FxBuildHasher;

use super::slices::SliceSet;
use crate::ids::MergedLocationId;
use crate::proto::{Label, Sample};
use crate::PositionIndex;

/// A merged sample's key: its stack (a number in [`SampleArena::stacks`]) and its sorted labels (a
/// number in [`SampleArena::label_sets`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct SampleKey {
    stack: u32,
    label_set: u32,
}

/// Samples in first-seen order. Sample `i` is `keys[i]` with `values[i * width..(i + 1) * width]`.
#[derive(Default)]
pub(super) struct SampleArena {
    /// Values per sample (the number of kept sample types); fixed by the first sample added.
    width: usize,
    /// Distinct stacks: merged location ids (positions + 1 in the merged location table, so they fit
    /// in 32 bits), leaf first.
    stacks: SliceSet<MergedLocationId>,
    /// Distinct sorted label sets (the empty one too).
    label_sets: SliceSet<Label>,
    keys: Vec<SampleKey>,
    values: Vec<i64>,
    /// Sample positions, hashed by key.
    index: PositionIndex,
}

impl SampleArena {
    pub(super) fn len(&self) -> usize {
        self.keys.len()
    }

    /// Room for `n` more samples without rehashing.
    pub(super) fn reserve(&mut self, n: usize) {
        self.index.reserve(n);
        self.keys.reserve(n);
    }

    /// Exact room for `values` more values and `location_ids` more stack entries.
    pub(super) fn reserve_exact(&mut self, values: usize, location_ids: usize) {
        self.values.reserve_exact(values);
        self.stacks.reserve_items_exact(location_ids);
    }

    pub(super) fn locations_of(&self, i: usize) -> &[MergedLocationId] {
        self.stacks.get(self.keys[i].stack)
    }

    pub(super) fn labels_of(&self, i: usize) -> &[Label] {
        self.label_sets.get(self.keys[i].label_set)
    }

    pub(super) fn values_of(&self, i: usize) -> &[i64] {
        &self.values[i * self.width..(i + 1) * self.width]
    }

    /// Adds `values` to the sample with these locations and (sorted) labels, creating it if new.
    pub(super) fn add(&mut self, locations: &[MergedLocationId], labels: &[Label], values: &[i64]) {
        if self.len() == 0 {
            self.width = values.len();
        }
        let key = SampleKey {
            stack: self.stacks.handle_for(locations),
            label_set: self.label_sets.handle_for(labels),
        };
        let hash = FxBuildHasher.hash_one(key);
        let position = u32::try_from(self.len()).expect("fewer than 2^32 merged samples");
        let keys = &self.keys;
        if let Some(i) = self.index.find_or_insert(hash, |i| keys[i as usize] == key, position) {
            let start = i as usize * self.width;
            for (sum, v) in self.values[start..start + self.width].iter_mut().zip(values) {
                *sum = sum.wrapping_add(*v);
            }
            return;
        }
        self.keys.push(key);
        self.values.extend(values.iter().copied().chain(std::iter::repeat(0)).take(self.width));
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
        self.keys.iter().map(|k| self.stacks.get(k.stack).len()).sum()
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
