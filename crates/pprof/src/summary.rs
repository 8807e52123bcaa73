//! A one-screen description of a profile, for `pgoscope info` and the web file list.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::data::ProfileData;

/// A sample type with the sum of its values over all samples.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SampleTypeTotal {
    pub r#type: String,
    pub unit: String,
    pub total: i64,
}

/// What `pgoscope info` prints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub sample_types: Vec<SampleTypeTotal>,
    /// The `type` named by `default_sample_type`, or "" when unset.
    pub default_sample_type: String,
    /// `type/unit` of the period, or "" when unset.
    pub period_type: String,
    pub period: i64,
    pub duration_ns: i64,
    pub time_ns: i64,
    pub samples: usize,
    pub locations: usize,
    pub functions: usize,
    pub mappings: usize,
    /// Distinct label keys over all samples, sorted.
    pub label_keys: Vec<String>,
    pub comments: Vec<String>,
    pub drop_frames: String,
}

impl Summary {
    /// The profile's kind, from its sample types.
    pub fn kind(&self) -> crate::ProfileKind {
        crate::ProfileKind::of_types(self.sample_types.iter().map(|t| t.r#type.as_str()))
    }
}

/// Summarises a valid profile.
pub fn summarize(data: &impl ProfileData) -> Summary {
    let p = &data.header();
    let mut totals = vec![0i64; p.sample_type.len()];
    let mut label_keys = BTreeSet::new();
    for s in data.samples() {
        for (t, v) in totals.iter_mut().zip(s.values) {
            *t = t.wrapping_add(*v);
        }
        for l in s.labels {
            label_keys.insert(l.key);
        }
    }
    let label_keys: BTreeSet<String> =
        label_keys.into_iter().map(|k| p.str(k).to_owned()).collect();
    Summary {
        sample_types: p
            .sample_type
            .iter()
            .zip(totals)
            .map(|(vt, total)| SampleTypeTotal {
                r#type: p.str(vt.r#type).to_owned(),
                unit: p.str(vt.unit).to_owned(),
                total,
            })
            .collect(),
        default_sample_type: p.str(p.default_sample_type).to_owned(),
        period_type: p.period_type.as_ref().map_or(String::new(), |pt| p.value_type_name(pt)),
        period: p.period,
        duration_ns: p.duration_nanos,
        time_ns: p.time_nanos,
        samples: data.sample_count(),
        locations: data.location_count(),
        functions: p.function.len(),
        mappings: p.mapping.len(),
        label_keys: label_keys.into_iter().collect(),
        comments: p.comment.iter().map(|&c| p.str(c).to_owned()).collect(),
        drop_frames: p.str(p.drop_frames).to_owned(),
    }
}
