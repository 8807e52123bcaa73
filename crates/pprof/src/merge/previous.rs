//! The locations of earlier inputs as the merge mapped them, by source position: what the next
//! input's locations are compared with first. Profiles of one program written by one tool (a
//! fleet's pods exported the same way, one process profiled again and again) often repeat their
//! location table entry for entry; a location equal to the one seen at its position before gets the
//! same merged id without hashing its key or reading the merged table.

use crate::data::LocationRef;
use crate::ids::MergedLocationId;
use crate::proto::Line;

/// A source location as read from an input, how its mapping and functions resolved, and where it
/// went.
#[derive(Debug, Clone, Copy)]
struct Seen {
    id: u64,
    mapping_id: u64,
    address: u64,
    is_folded: bool,
    /// The merged mapping id and address shift its mapping resolved to.
    mapping: (u64, i64),
    /// Its lines and their merged function ids: `lines[lines_start..lines_end]` and the same range
    /// of `functions` in [`Previous`].
    lines_start: u32,
    lines_end: u32,
    /// [`MergedLocationId::NONE`] when no input mapped this position yet.
    merged: MergedLocationId,
}

const UNSEEN: Seen = Seen {
    id: 0,
    mapping_id: 0,
    address: 0,
    is_folded: false,
    mapping: (0, 0),
    lines_start: 0,
    lines_end: 0,
    merged: MergedLocationId::NONE,
};

/// The last location mapped at each source position, by any input.
///
/// Invariant: when `locations[pos].merged` is not NONE, a source location with those fields whose
/// mapping resolves to `mapping` and whose lines' functions resolve to those `functions` holds has
/// the merged key of location `merged` (the key is made of exactly these).
#[derive(Debug, Default)]
pub(super) struct Previous {
    locations: Vec<Seen>,
    lines: Vec<Line>,
    functions: Vec<u64>,
}

impl Previous {
    /// The merged id of `loc` (at source position `pos` of the input being added) when it equals
    /// the location last mapped at `pos` field for field and its mapping and functions resolve as
    /// that one's did. `mapping` is how `loc`'s mapping resolved; `function` maps one of the
    /// input's function ids (interning the function if needed).
    pub(super) fn same_location(
        &self,
        pos: usize,
        loc: &LocationRef,
        mapping: (u64, i64),
        mut function: impl FnMut(u64) -> u64,
    ) -> Option<MergedLocationId> {
        let seen = self.locations.get(pos).filter(|s| !s.merged.is_none())?;
        let range = seen.lines_start as usize..seen.lines_end as usize;
        let same_fields = seen.id == loc.id
            && seen.mapping_id == loc.mapping_id
            && seen.address == loc.address
            && seen.is_folded == loc.is_folded
            && seen.mapping == mapping
            && self.lines[range.clone()] == *loc.lines;
        let same = same_fields
            && loc
                .lines
                .iter()
                .zip(&self.functions[range])
                .all(|(l, &f)| function(l.function_id) == f);
        same.then_some(seen.merged)
    }

    /// Records that `loc`, at source position `pos`, with its mapping resolved to `mapping` and its
    /// lines' functions to `functions`, went to `merged`.
    pub(super) fn record(
        &mut self,
        pos: usize,
        loc: &LocationRef,
        mapping: (u64, i64),
        functions: impl Iterator<Item = u64>,
        merged: MergedLocationId,
    ) {
        if self.locations.len() <= pos {
            self.locations.resize(pos + 1, UNSEEN);
        }
        let lines_start = self.lines.len() as u32;
        self.lines.extend_from_slice(loc.lines);
        self.functions.extend(functions);
        self.locations[pos] = Seen {
            id: loc.id,
            mapping_id: loc.mapping_id,
            address: loc.address,
            is_folded: loc.is_folded,
            mapping,
            lines_start,
            lines_end: self.lines.len() as u32,
            merged,
        };
    }
}
