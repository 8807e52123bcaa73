//! Lookup from the pprof ids of one table to positions in that table (used by every crate that
//! walks a profile).

use rustc_hash::FxHashMap;

use crate::data::{LocationRef, ProfileData};

/// Maps an id (non-zero `u64`) to the position of its entry. Dense ids (the common case: 1..=n) use a
/// vector; sparse ids fall back to a hash map, so a hostile id like `u64::MAX` costs no memory.
pub enum IdIndex {
    Dense(Vec<u32>),
    Sparse(FxHashMap<u64, u32>),
}

const ABSENT: u32 = u32::MAX;

impl IdIndex {
    /// Builds the index. Returns `Err(id)` for the first id that is 0 or repeated.
    pub fn build(ids: impl ExactSizeIterator<Item = u64> + Clone) -> Result<Self, u64> {
        let len = ids.len();
        let max = ids.clone().max().unwrap_or(0);
        if max <= (len as u64).saturating_mul(4) + 64 {
            let mut dense = vec![ABSENT; max as usize + 1];
            for (pos, id) in ids.enumerate() {
                let slot = &mut dense[id as usize];
                if id == 0 || *slot != ABSENT {
                    return Err(id);
                }
                *slot = pos as u32;
            }
            Ok(IdIndex::Dense(dense))
        } else {
            let mut sparse = FxHashMap::with_capacity_and_hasher(len, Default::default());
            for (pos, id) in ids.enumerate() {
                if id == 0 || sparse.insert(id, pos as u32).is_some() {
                    return Err(id);
                }
            }
            Ok(IdIndex::Sparse(sparse))
        }
    }

    /// Position of the entry with this id, if any.
    #[inline]
    pub fn get(&self, id: u64) -> Option<usize> {
        match self {
            IdIndex::Dense(v) => match v.get(id as usize) {
                Some(&p) if p != ABSENT => Some(p as usize),
                _ => None,
            },
            IdIndex::Sparse(m) => m.get(&id).map(|&p| p as usize),
        }
    }
}

/// The frames of every location of a profile, as indices the caller interns (function names for
/// the top table and the call tree, (name, address, line) for Go's PGO graph), innermost first,
/// looked up by location id.
///
/// Invariant: the frames of the location at position `i` are `frames[starts[i]..starts[i + 1]]`.
pub struct FramesByLocation {
    location_ids: IdIndex,
    starts: Vec<usize>,
    frames: Vec<usize>,
}

impl FramesByLocation {
    /// `frames_of(position, location, out)` appends the frames of `location` (at `position` in
    /// the location table) to `out`, innermost first.
    pub fn build(
        p: &impl ProfileData,
        frames_of: impl FnMut(usize, LocationRef, &mut Vec<usize>),
    ) -> Self {
        let location_ids = IdIndex::build(p.locations().map(|l| l.id)).ok();
        Self::build_indexed(p, location_ids, frames_of)
    }

    /// [`FramesByLocation::build`] given the index of `p`'s location ids (`None` when they do not
    /// index: every location is then unknown).
    pub fn build_indexed(
        p: &impl ProfileData,
        location_ids: Option<IdIndex>,
        mut frames_of: impl FnMut(usize, LocationRef, &mut Vec<usize>),
    ) -> Self {
        let location_ids = location_ids.unwrap_or(IdIndex::Dense(Vec::new()));
        let mut starts = Vec::with_capacity(p.location_count() + 1);
        let mut frames = Vec::with_capacity(p.location_count());
        for (position, loc) in p.locations().enumerate() {
            starts.push(frames.len());
            frames_of(position, loc, &mut frames);
        }
        starts.push(frames.len());
        FramesByLocation { location_ids, starts, frames }
    }

    /// The frames of a location, innermost first; empty for an unknown id.
    pub fn of(&self, location_id: u64) -> &[usize] {
        match self.location_ids.get(location_id) {
            Some(pos) => &self.frames[self.starts[pos]..self.starts[pos + 1]],
            None => &[],
        }
    }
}

/// The id of a location in a merged profile: its 1-based position in the merged location table (a
/// merge keeps fewer than 2^32 locations: see `merge::SampleArena`). [`MergedLocationId::NONE`] (0)
/// marks a source location not mapped yet.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct MergedLocationId(u32);

impl MergedLocationId {
    pub const NONE: MergedLocationId = MergedLocationId(0);

    /// The id of the location at `position` in the merged table.
    pub(crate) fn at_position(position: u32) -> Self {
        MergedLocationId(position + 1)
    }

    /// The position in the merged table of the location with this id (`None` for NONE).
    pub(crate) fn position(self) -> Option<usize> {
        (self.0 as usize).checked_sub(1)
    }

    /// The id as pprof writes it.
    pub fn get(self) -> u64 {
        u64::from(self.0)
    }

    pub fn is_none(self) -> bool {
        self.0 == 0
    }
}

impl crate::data::StoredId for MergedLocationId {
    #[inline]
    fn id(self) -> u64 {
        self.get()
    }
}
