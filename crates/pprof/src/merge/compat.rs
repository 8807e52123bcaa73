//! google/pprof's `CompatibilizeSampleTypes` for profiles held whole (a comparison's two sides): keep
//! the sample types every profile has, matched by type name, in the first profile's order.

use crate::error::MergeError;
use crate::header::ProfileHeader;
use crate::proto::Profile;
use crate::sample_types::{type_index, type_list};

/// Type names every profile has, in the first profile's order.
pub fn common_sample_types(profiles: &[ProfileHeader<'_>]) -> Vec<String> {
    let Some(first) = profiles.first() else { return Vec::new() };
    first
        .sample_type
        .iter()
        .map(|vt| first.str(vt.r#type))
        .filter(|name| profiles.iter().all(|p| type_index(p, name).is_some()))
        .map(str::to_owned)
        .collect()
}

/// Makes the profiles' sample types the same list: those all have, in the first profile's order.
/// A profile that loses its default sample type gets the first kept one, as in pprof. With nothing in
/// common: [`MergeError::NoCommonSampleTypes`] naming the first profile that shares nothing with the
/// ones before it.
pub fn compatibilize(profiles: &mut [&mut Profile]) -> Result<(), MergeError> {
    let common = {
        let views: Vec<ProfileHeader> = profiles.iter().map(|p| p.header()).collect();
        common_sample_types(&views)
    };
    if common.is_empty() {
        return Err(empty_intersection(profiles));
    }
    for p in profiles.iter_mut() {
        keep_types(p, &common);
    }
    Ok(())
}

/// The error for profiles without a common sample type: at the first one that shares none with
/// those before it.
fn empty_intersection(profiles: &[&mut Profile]) -> MergeError {
    for index in 1..profiles.len() {
        let before: Vec<ProfileHeader> = profiles[..index].iter().map(|p| p.header()).collect();
        let mut with = before.clone();
        with.push(profiles[index].header());
        if common_sample_types(&with).is_empty() {
            let merged = common_sample_types(&before);
            let first = &*profiles[0];
            let merged: Vec<String> = first
                .sample_type
                .iter()
                .filter(|vt| merged.iter().any(|m| m == first.str(vt.r#type)))
                .map(|vt| first.value_type_name(vt))
                .collect();
            return MergeError::NoCommonSampleTypes {
                index,
                types: type_list(&profiles[index].header()),
                merged: merged.join(", "),
            };
        }
    }
    MergeError::NoProfiles
}

/// Keeps the types named in `common` (all present in `p`), in that order.
fn keep_types(p: &mut Profile, common: &[String]) {
    let positions: Vec<usize> =
        common.iter().filter_map(|name| type_index(&p.header(), name)).collect();
    if positions.len() == p.sample_type.len() && positions.iter().enumerate().all(|(i, &x)| i == x)
    {
        return;
    }
    let default_kept = common.iter().any(|name| *name == p.str(p.default_sample_type));
    if !default_kept {
        let first = p.sample_type[positions[0]].r#type;
        p.default_sample_type = first;
    }
    p.sample_type = positions.iter().map(|&i| p.sample_type[i]).collect();
    for s in &mut p.sample {
        s.value = positions.iter().map(|&i| s.value.get(i).copied().unwrap_or(0)).collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proto::{Sample, ValueType};

    fn profile(types: &[&str]) -> Profile {
        let mut p = Profile { string_table: vec![String::new()], ..Profile::default() };
        for t in types {
            p.string_table.push((*t).to_owned());
            let i = p.string_table.len() as i64 - 1;
            p.sample_type.push(ValueType { r#type: i, unit: i });
        }
        p.sample = vec![Sample { value: (1..=types.len() as i64).collect(), ..Sample::default() }];
        p
    }

    #[test]
    fn keeps_the_common_types_in_the_first_profiles_order() {
        let (mut a, mut b) = (profile(&["samples", "cpu", "wall"]), profile(&["cpu", "samples"]));
        compatibilize(&mut [&mut a, &mut b]).unwrap();
        let names = |p: &Profile| -> Vec<String> {
            p.sample_type.iter().map(|vt| p.str(vt.r#type).to_owned()).collect()
        };
        assert_eq!(names(&a), ["samples", "cpu"]);
        assert_eq!(names(&b), ["samples", "cpu"]);
        assert_eq!(
            (a.sample[0].value.clone(), b.sample[0].value.clone()),
            (vec![1, 2], vec![2, 1])
        );
        assert_eq!(b.str(b.default_sample_type), "samples", "the first kept type");
        let (mut c, mut d, mut e) = (profile(&["cpu"]), profile(&["cpu", "x"]), profile(&["heap"]));
        let err = compatibilize(&mut [&mut c, &mut d, &mut e]).unwrap_err();
        assert!(matches!(err, MergeError::NoCommonSampleTypes { index: 2, .. }), "{err}");
        assert!(err.to_string().contains("profile 2 (heap/heap)"), "{err}");
        assert!(err.to_string().contains("before it (cpu/cpu)"), "{err}");
    }
}
