//! The `go tool pprof -top` table (`pgoscope top --json`).

use pgoscope_pprof::{
    choose_sample_index, filter_samples_by_name, remove_uninteresting, sample_total, top,
    FunctionRow, Profile, SortBy,
};
use serde::{Deserialize, Serialize};

use crate::{ApiError, Refine};

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct TopOptions {
    /// `type` or `type/unit`; default (None): the profile's default sample type, else the last.
    pub sample_type: Option<String>,
    /// Rows by flat (default) or by cum.
    pub sort_by_cum: bool,
    /// The first N rows only; default (None): all.
    pub count: Option<usize>,
    /// Keep the frames the profile asks to drop; default: dropped, as pprof does.
    pub all_frames: bool,
    #[serde(flatten)]
    pub refine: Refine,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SampleTypeJson {
    pub r#type: String,
    pub unit: String,
}

/// `{"sample_type":{"type","unit"},"total","rows":[{"function","flat","cum"}]}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopReport {
    pub sample_type: SampleTypeJson,
    /// Sum of absolute values before the refinements (pprof's percentages are of it).
    pub total: i64,
    pub rows: Vec<FunctionRow>,
}

pub fn top_report(mut profile: Profile, options: &TopOptions) -> Result<TopReport, ApiError> {
    let index = choose_sample_index(&profile.header(), options.sample_type.as_deref())
        .map_err(|e| ApiError::SampleType(e.to_string()))?;
    if !options.all_frames {
        remove_uninteresting(&mut profile);
    }
    let filter = options.refine.filter()?;
    let total = sample_total(&profile, index);
    filter_samples_by_name(&mut profile, &filter);
    let sort = if options.sort_by_cum { SortBy::Cum } else { SortBy::Flat };
    let mut rows = top(&profile, index, sort).rows;
    if let Some(n) = options.count {
        rows.truncate(n);
    }
    let vt = profile.sample_type[index];
    let sample_type = SampleTypeJson {
        r#type: profile.str(vt.r#type).to_owned(),
        unit: profile.str(vt.unit).to_owned(),
    };
    Ok(TopReport { sample_type, total, rows })
}
