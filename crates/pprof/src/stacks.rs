//! The distinct stacks of a profile with their summed values. Samples that differ only in labels
//! (a fleet's pods, goroutine labels) share a stack: views that ignore labels walk each stack once
//! instead of once per sample (a 50-pod merge holds each stack up to 50 times).

use rustc_hash::FxHashMap;

use crate::data::{LocationIds, ProfileData, SampleRef};

/// One distinct stack (location ids, leaf first) and the sum of its samples' values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeightedStack<'a> {
    pub location_ids: LocationIds<'a>,
    /// Sum of the values, wrapping as Go's int64 sums do.
    pub weight: i64,
    /// Sum of the absolute values (pprof's report total counts `|value|`).
    pub abs_weight: i64,
}

/// The stacks of the samples whose value at `sample_index` is not zero, each once, in the order of
/// their first sample. Sums wrap; a stack whose values cancel out is kept with weight 0 (its
/// samples were not zero, and a call tree still has its nodes).
///
/// Two passes: the first numbers the distinct stacks, so the list is allocated at its size (grown
/// by doubling it held up to twice that, and a big profile has as many stacks as samples).
pub fn distinct_stacks(p: &impl ProfileData, sample_index: usize) -> Vec<WeightedStack<'_>> {
    let weight = |s: &SampleRef| s.values.get(sample_index).copied().unwrap_or(0);
    let mut index: FxHashMap<LocationIds, u32> = FxHashMap::default();
    for s in p.samples().filter(|s| weight(s) != 0) {
        let next = index.len() as u32;
        index.entry(s.location_ids).or_insert(next);
    }
    let mut stacks: Vec<WeightedStack> = Vec::with_capacity(index.len());
    for s in p.samples() {
        let w = weight(&s);
        if w == 0 {
            continue;
        }
        let at = index[&s.location_ids] as usize;
        if at == stacks.len() {
            stacks.push(WeightedStack { location_ids: s.location_ids, weight: 0, abs_weight: 0 });
        }
        let stack = &mut stacks[at];
        stack.weight = stack.weight.wrapping_add(w);
        stack.abs_weight = stack.abs_weight.wrapping_add(w.wrapping_abs());
    }
    stacks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proto::{Label, Profile, Sample};

    fn sample(stack: &[u64], value: i64, pod: i64) -> Sample {
        Sample {
            location_id: stack.to_vec(),
            value: vec![value],
            label: vec![Label { key: 1, str: pod, ..Label::default() }],
        }
    }

    #[test]
    fn samples_differing_in_labels_share_their_stack_in_first_seen_order() {
        let p = Profile {
            sample: vec![
                sample(&[3, 2, 1], 5, 1),
                sample(&[4, 1], 7, 1),
                sample(&[3, 2, 1], -2, 2),
                sample(&[9], 0, 1),
                sample(&[4, 1], i64::MAX, 2),
            ],
            ..Profile::default()
        };
        let stacks = distinct_stacks(&p, 0);
        let got: Vec<_> =
            stacks.iter().map(|s| (s.location_ids.to_vec(), s.weight, s.abs_weight)).collect();
        let wrapped = 7i64.wrapping_add(i64::MAX);
        assert_eq!(got, [(vec![3, 2, 1], 3, 7), (vec![4, 1], wrapped, wrapped)]);
    }
}
