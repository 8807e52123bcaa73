//! Read access to a profile's samples and locations whatever their layout, so validation, summaries
//! and merging work on both the prost-decoded [`Profile`] and the flat [`crate::FlatProfile`].

use crate::header::ProfileHeader;
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

/// A sample's location ids, leaf first, as stored: three bytes each when every id of the profile
/// fits (the flat decoder's usual case: ids are 1..=n), else four, else eight. Two lists of one
/// profile compare and hash by their ids (a profile stores all of its lists one way).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LocationIds<'a> {
    Wide(&'a [u64]),
    Narrow(&'a [u32]),
    Packed(&'a [U24]),
}

/// A location id below 2^24 in three bytes (little-endian).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct U24(pub [u8; 3]);

impl U24 {
    /// `id` in three bytes, when it fits.
    pub fn new(id: u64) -> Option<U24> {
        let [a, b, c, rest @ ..] = id.to_le_bytes();
        rest.iter().all(|&x| x == 0).then_some(U24([a, b, c]))
    }
}

/// A location id as a column stores it.
pub(crate) trait StoredId: Copy + PartialEq {
    fn id(self) -> u64;
}

impl StoredId for u64 {
    #[inline]
    fn id(self) -> u64 {
        self
    }
}

impl StoredId for u32 {
    #[inline]
    fn id(self) -> u64 {
        u64::from(self)
    }
}

impl StoredId for U24 {
    #[inline]
    fn id(self) -> u64 {
        let [a, b, c] = self.0;
        u64::from(u32::from_le_bytes([a, b, c, 0]))
    }
}

/// `$body` for the ids slice of a [`LocationIds`] whatever its width, rewrapped in the same width.
macro_rules! same_width {
    ($ids:expr, $slice:ident => $body:expr) => {
        match $ids {
            LocationIds::Wide($slice) => LocationIds::Wide($body),
            LocationIds::Narrow($slice) => LocationIds::Narrow($body),
            LocationIds::Packed($slice) => LocationIds::Packed($body),
        }
    };
}

impl<'a> LocationIds<'a> {
    pub fn len(&self) -> usize {
        match self {
            LocationIds::Wide(ids) => ids.len(),
            LocationIds::Narrow(ids) => ids.len(),
            LocationIds::Packed(ids) => ids.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The id at `i` (0 is the leaf).
    pub fn get(&self, i: usize) -> Option<u64> {
        match self {
            LocationIds::Wide(ids) => ids.get(i).map(|x| x.id()),
            LocationIds::Narrow(ids) => ids.get(i).map(|x| x.id()),
            LocationIds::Packed(ids) => ids.get(i).map(|x| x.id()),
        }
    }

    /// The leaf's id.
    pub fn first(&self) -> Option<u64> {
        self.get(0)
    }

    /// The `n` leaf-most ids (all when there are fewer).
    pub fn leaf_most(&self, n: usize) -> LocationIds<'a> {
        same_width!(*self, ids => &ids[..n.min(ids.len())])
    }

    /// The `n` root-most ids (all when there are fewer).
    pub fn root_most(&self, n: usize) -> LocationIds<'a> {
        same_width!(*self, ids => &ids[ids.len().saturating_sub(n)..])
    }

    /// How many root-most ids the two lists share (0 for lists stored differently).
    pub fn common_root_len(&self, other: &LocationIds) -> usize {
        fn common<T: PartialEq>(a: &[T], b: &[T]) -> usize {
            a.iter().rev().zip(b.iter().rev()).take_while(|(x, y)| x == y).count()
        }
        match (self, other) {
            (LocationIds::Wide(a), LocationIds::Wide(b)) => common(a, b),
            (LocationIds::Narrow(a), LocationIds::Narrow(b)) => common(a, b),
            (LocationIds::Packed(a), LocationIds::Packed(b)) => common(a, b),
            _ => 0,
        }
    }

    /// The ids, leaf first.
    pub fn iter(&self) -> LocationIdsIter<'a> {
        match *self {
            LocationIds::Wide(ids) => LocationIdsIter::Wide(ids.iter()),
            LocationIds::Narrow(ids) => LocationIdsIter::Narrow(ids.iter()),
            LocationIds::Packed(ids) => LocationIdsIter::Packed(ids.iter()),
        }
    }

    pub fn to_vec(&self) -> Vec<u64> {
        self.iter().collect()
    }
}

/// Iterator of [`LocationIds::iter`].
#[derive(Debug, Clone)]
pub enum LocationIdsIter<'a> {
    Wide(std::slice::Iter<'a, u64>),
    Narrow(std::slice::Iter<'a, u32>),
    Packed(std::slice::Iter<'a, U24>),
}

impl Iterator for LocationIdsIter<'_> {
    type Item = u64;

    #[inline]
    fn next(&mut self) -> Option<u64> {
        match self {
            LocationIdsIter::Wide(it) => it.next().map(|x| x.id()),
            LocationIdsIter::Narrow(it) => it.next().map(|x| x.id()),
            LocationIdsIter::Packed(it) => it.next().map(|x| x.id()),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match self {
            LocationIdsIter::Wide(it) => it.size_hint(),
            LocationIdsIter::Narrow(it) => it.size_hint(),
            LocationIdsIter::Packed(it) => it.size_hint(),
        }
    }
}

impl DoubleEndedIterator for LocationIdsIter<'_> {
    #[inline]
    fn next_back(&mut self) -> Option<u64> {
        match self {
            LocationIdsIter::Wide(it) => it.next_back().map(|x| x.id()),
            LocationIdsIter::Narrow(it) => it.next_back().map(|x| x.id()),
            LocationIdsIter::Packed(it) => it.next_back().map(|x| x.id()),
        }
    }
}

impl ExactSizeIterator for LocationIdsIter<'_> {}

/// One sample, borrowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SampleRef<'a> {
    pub location_ids: LocationIds<'a>,
    pub values: &'a [i64],
    pub labels: &'a [Label],
}

/// A profile's tables. Invariant of implementations: positions run over `0..location_count()` and
/// `0..sample_count()`, in the order of the encoded profile.
pub trait ProfileData {
    /// Header fields, sample types, mappings, functions and strings: everything but the samples and
    /// locations, which are read through the methods below.
    fn header(&self) -> ProfileHeader<'_>;
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
    fn header(&self) -> ProfileHeader<'_> {
        Profile::header(self)
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
        SampleRef {
            location_ids: LocationIds::Wide(&s.location_id),
            values: &s.value,
            labels: &s.label,
        }
    }
}
