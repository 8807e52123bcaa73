//! google/pprof `CheckValid` rules plus what Go's parser checks while decoding, and more: every
//! referenced id exists, every string index is in range, `string_table[0] == ""`.

use crate::data::{LocationRef, ProfileData};
use crate::error::ValidationError;
use crate::header::ProfileHeader;
use crate::ids::IdIndex;

/// Checks every invariant the rest of pgoscope relies on. After `Ok(())`, every id lookup and every
/// string lookup of this profile succeeds.
pub fn validate(data: &impl ProfileData) -> Result<(), ValidationError> {
    let p = &data.header();
    check_string_table(p)?;
    check_strings(data)?;
    check_samples_shape(data)?;
    let mappings =
        IdIndex::build(p.mapping.iter().map(|m| m.id)).map_err(|id| id_error("mapping", id))?;
    let functions =
        IdIndex::build(p.function.iter().map(|f| f.id)).map_err(|id| id_error("function", id))?;
    let locations =
        IdIndex::build(data.locations().map(|l| l.id)).map_err(|id| id_error("location", id))?;
    for loc in data.locations() {
        check_location(&loc, &mappings, &functions)?;
    }
    for (i, s) in data.samples().enumerate() {
        if let Some(id) = s.location_ids.iter().find(|&id| locations.get(id).is_none()) {
            return Err(ValidationError::DanglingLocation { sample: i, location_id: id });
        }
    }
    Ok(())
}

fn id_error(table: &'static str, id: u64) -> ValidationError {
    if id == 0 {
        ValidationError::ZeroId { table }
    } else {
        ValidationError::DuplicateId { table, id }
    }
}

fn check_string_table(p: &ProfileHeader) -> Result<(), ValidationError> {
    match p.string_table.first() {
        None => Err(ValidationError::EmptyStringTable),
        Some(s) if !s.is_empty() => Err(ValidationError::FirstStringNotEmpty(s.clone())),
        Some(_) => Ok(()),
    }
}

/// Every string index of the profile, with a description used in the error.
fn check_strings(data: &impl ProfileData) -> Result<(), ValidationError> {
    let p = &data.header();
    let len = p.string_table.len();
    let check = |index: i64, field: &dyn Fn() -> String| {
        if index < 0 || index as u64 >= len as u64 {
            Err(ValidationError::StringIndexOutOfRange { field: field(), index, len })
        } else {
            Ok(())
        }
    };
    for (i, vt) in p.sample_type.iter().enumerate() {
        check(vt.r#type, &|| format!("sample_type[{i}].type"))?;
        check(vt.unit, &|| format!("sample_type[{i}].unit"))?;
    }
    if let Some(pt) = &p.period_type {
        check(pt.r#type, &|| "period_type.type".into())?;
        check(pt.unit, &|| "period_type.unit".into())?;
    }
    check(p.drop_frames, &|| "drop_frames".into())?;
    check(p.keep_frames, &|| "keep_frames".into())?;
    check(p.default_sample_type, &|| "default_sample_type".into())?;
    check(p.doc_url, &|| "doc_url".into())?;
    for (i, &c) in p.comment.iter().enumerate() {
        check(c, &|| format!("comment[{i}]"))?;
    }
    for m in p.mapping {
        check(m.filename, &|| format!("mapping {} filename", m.id))?;
        check(m.build_id, &|| format!("mapping {} build_id", m.id))?;
    }
    for f in p.function {
        check(f.name, &|| format!("function {} name", f.id))?;
        check(f.system_name, &|| format!("function {} system_name", f.id))?;
        check(f.filename, &|| format!("function {} filename", f.id))?;
    }
    for (i, s) in data.samples().enumerate() {
        for l in s.labels {
            check(l.key, &|| format!("sample {i} label key"))?;
            check(l.str, &|| format!("sample {i} label str"))?;
            check(l.num_unit, &|| format!("sample {i} label num_unit"))?;
        }
    }
    Ok(())
}

fn check_samples_shape(data: &impl ProfileData) -> Result<(), ValidationError> {
    let types = data.header().sample_type.len();
    if types == 0 && data.sample_count() > 0 {
        return Err(ValidationError::MissingSampleTypes { samples: data.sample_count() });
    }
    match data.samples().position(|s| s.values.len() != types) {
        Some(i) => Err(ValidationError::ValueCountMismatch {
            sample: i,
            values: data.sample(i).values.len(),
            types,
        }),
        None => Ok(()),
    }
}

fn check_location(
    loc: &LocationRef,
    mappings: &IdIndex,
    functions: &IdIndex,
) -> Result<(), ValidationError> {
    if loc.mapping_id != 0 && mappings.get(loc.mapping_id).is_none() {
        return Err(ValidationError::DanglingMapping {
            location_id: loc.id,
            mapping_id: loc.mapping_id,
        });
    }
    for line in loc.lines {
        if line.function_id == 0 {
            return Err(ValidationError::LineWithoutFunction { location_id: loc.id });
        }
        if functions.get(line.function_id).is_none() {
            return Err(ValidationError::DanglingFunction {
                location_id: loc.id,
                function_id: line.function_id,
            });
        }
    }
    Ok(())
}
