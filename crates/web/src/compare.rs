//! Worker side of the comparison view: merge each group, PGO effect and drift on the raw values,
//! then normalise and diff.

use pgoscope_flame::{diff_rows, normalize, DiffTree, Frame};
use pgoscope_pgo::{drift, pgo_effect};
use pgoscope_pprof::{
    default_sample_index, find_sample_index, remove_uninteresting, MergeOptions, Merger, Profile,
};

use crate::protocol::{CompareRequest, CompareView, MAX_DIFF_ROWS};

/// The profiles with the given ids, merged.
pub fn merged(profiles: &[(u32, Profile)], ids: &[u32], what: &str) -> Result<Profile, String> {
    let chosen: Vec<&Profile> =
        profiles.iter().filter(|(id, _)| ids.contains(id)).map(|(_, p)| p).collect();
    match chosen.as_slice() {
        [] => Err(format!("the {what} group has no valid profile")),
        [one] => Ok((*one).clone()),
        many => {
            let mut merger = Merger::new(MergeOptions::default());
            for p in many {
                merger.add(p).map_err(|e| format!("{what}: {e}"))?;
            }
            merger.finish().map_err(|e| format!("{what}: {e}"))
        }
    }
}

pub fn compare(
    profiles: &[(u32, Profile)],
    request: &CompareRequest,
) -> Result<CompareView, String> {
    let mut base = merged(profiles, &request.baseline, "baseline")?;
    let mut new = merged(profiles, &request.candidate, "candidate")?;
    let effect = pgo_effect(&base, &new).map_err(|e| e.to_string());
    let drift = drift(&base, &new).map_err(|e| e.to_string());
    normalize(&mut base, &mut new, request.normalization).map_err(|e| e.to_string())?;
    let index = match &request.sample_type {
        Some(name) => find_sample_index(&new, name)
            .ok_or_else(|| format!("sample type {name} is not in the candidate profiles"))?,
        None => default_sample_index(&new).ok_or("the profiles have no sample types")?,
    };
    remove_uninteresting(&mut base);
    remove_uninteresting(&mut new);
    let total = |p: &Profile| p.sample.iter().map(|s| s.value[index].abs()).sum::<i64>();
    let mut rows = diff_rows(&base, &new, index);
    let functions = rows.len();
    rows.truncate(MAX_DIFF_ROWS);
    let diff = DiffTree::build(&base, &new, index);
    let frame = Frame::build(&diff.tree, &[], f64::from(request.width_px));
    let before = frame.rects.iter().map(|r| diff.before[r.node as usize]).collect();
    let after = frame.rects.iter().map(|r| diff.after[r.node as usize]).collect();
    let vt = new.sample_type[index];
    Ok(CompareView {
        request: request.clone(),
        sample_type: new.value_type_name(&vt),
        unit: new.str(vt.unit).to_owned(),
        total_before: total(&base),
        total_after: total(&new),
        rows,
        functions,
        names: diff.tree.names,
        frame,
        before,
        after,
        effect,
        drift,
    })
}
