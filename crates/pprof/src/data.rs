//! Read access to a profile's samples and locations whatever their layout, so validation, summaries
//! and merging work on both the prost-decoded [`Profile`] and the flat [`crate::FlatProfile`].

use crate::proto::{Label, Line, Profile};

/// One location, borrowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocationRef<'a> {
    pub id: u64,
    pub mapping_id: u64,
    pub address: u64,
    pub is_folded: bool,
    pub lines: &'a [Line],
}

/// One sample, borrowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SampleRef<'a> {
    pub location_ids: &'a [u64],
    pub values: &'a [i64],
    pub labels: &'a [Label],
}

/// A profile's tables. Invariant of implementations: positions run over `0..location_count()` and
/// `0..sample_count()`, in the order of the encoded profile.
pub trait ProfileData {
    /// Header fields, sample types, mappings, functions and strings. Its `sample` and `location`
    /// fields are not part of this view (they may be empty): read them through the methods below.
    fn head(&self) -> &Profile;
    fn location_count(&self) -> usize;
    fn location(&self, position: usize) -> LocationRef<'_>;
    fn sample_count(&self) -> usize;
    fn sample(&self, index: usize) -> SampleRef<'_>;

    fn locations(&self) -> impl ExactSizeIterator<Item = LocationRef<'_>> + Clone {
        (0..self.location_count()).map(|pos| self.location(pos))
    }

    fn samples(&self) -> impl ExactSizeIterator<Item = SampleRef<'_>> + Clone {
        (0..self.sample_count()).map(|i| self.sample(i))
    }
}

impl ProfileData for Profile {
    fn head(&self) -> &Profile {
        self
    }

    fn location_count(&self) -> usize {
        self.location.len()
    }

    #[inline]
    fn location(&self, position: usize) -> LocationRef<'_> {
        let l = &self.location[position];
        LocationRef {
            id: l.id,
            mapping_id: l.mapping_id,
            address: l.address,
            is_folded: l.is_folded,
            lines: &l.line,
        }
    }

    fn sample_count(&self) -> usize {
        self.sample.len()
    }

    #[inline]
    fn sample(&self, index: usize) -> SampleRef<'_> {
        let s = &self.sample[index];
        SampleRef { location_ids: &s.location_id, values: &s.value, labels: &s.label }
    }
}
