//! A profile's header and tables: everything but its samples and locations, borrowed.

use crate::proto::{Function, Mapping, Profile, ValueType};

/// What a [`crate::ProfileData`] holds besides its samples and locations: the header fields (sample
/// types, period, times, comments, default type, drop/keep frames) and the string, mapping and
/// function tables. Samples and locations are read through [`crate::ProfileData`]'s methods, so a
/// caller cannot mistake an empty table for an empty profile.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ProfileHeader<'a> {
    pub sample_type: &'a [ValueType],
    pub default_sample_type: i64,
    pub doc_url: i64,
    pub period_type: Option<&'a ValueType>,
    pub period: i64,
    pub time_nanos: i64,
    pub duration_nanos: i64,
    pub comment: &'a [i64],
    pub drop_frames: i64,
    pub keep_frames: i64,
    pub string_table: &'a [String],
    pub mapping: &'a [Mapping],
    pub function: &'a [Function],
}

impl<'a> ProfileHeader<'a> {
    /// The string at `index`, or `""` when out of range. Only valid profiles are guaranteed in range.
    pub fn str(&self, index: i64) -> &'a str {
        usize::try_from(index)
            .ok()
            .and_then(|i| self.string_table.get(i))
            .map_or("", String::as_str)
    }

    /// `type/unit` of a value type, e.g. `cpu/nanoseconds`.
    pub fn value_type_name(&self, vt: &ValueType) -> String {
        format!("{}/{}", self.str(vt.r#type), self.str(vt.unit))
    }

    /// A profile with this header and these tables, and no samples or locations.
    pub fn to_profile(&self) -> Profile {
        Profile {
            sample_type: self.sample_type.to_vec(),
            default_sample_type: self.default_sample_type,
            doc_url: self.doc_url,
            period_type: self.period_type.copied(),
            period: self.period,
            time_nanos: self.time_nanos,
            duration_nanos: self.duration_nanos,
            comment: self.comment.to_vec(),
            drop_frames: self.drop_frames,
            keep_frames: self.keep_frames,
            string_table: self.string_table.to_vec(),
            mapping: self.mapping.to_vec(),
            function: self.function.to_vec(),
            ..Profile::default()
        }
    }
}

impl Profile {
    /// This profile's header and tables.
    pub fn header(&self) -> ProfileHeader<'_> {
        ProfileHeader {
            sample_type: &self.sample_type,
            default_sample_type: self.default_sample_type,
            doc_url: self.doc_url,
            period_type: self.period_type.as_ref(),
            period: self.period,
            time_nanos: self.time_nanos,
            duration_nanos: self.duration_nanos,
            comment: &self.comment,
            drop_frames: self.drop_frames,
            keep_frames: self.keep_frames,
            string_table: &self.string_table,
            mapping: &self.mapping,
            function: &self.function,
        }
    }

    /// The string at `index`, or `""` when out of range. Only valid profiles are guaranteed in range.
    pub fn str(&self, index: i64) -> &str {
        self.header().str(index)
    }

    /// `type/unit` of a value type, e.g. `cpu/nanoseconds`.
    pub fn value_type_name(&self, vt: &ValueType) -> String {
        self.header().value_type_name(vt)
    }
}
