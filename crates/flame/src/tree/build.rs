//! Building a [`CallTree`] from the samples of one or more profiles.

use pgoscope_pprof::ids::IdIndex;
use pgoscope_pprof::proto::Profile;
use pgoscope_pprof::{FunctionFrames, LocationIds, ProfileData};
use rustc_hash::FxHashMap;

use super::shape::Shape;
use super::{CallTree, Functions, MinIndex};

/// One profile feeding a tree, and which side of a comparison its values count for.
pub struct WeightedInput<'a, P: ProfileData = Profile> {
    pub profile: &'a P,
    pub sample_index: usize,
    pub side: usize,
}

impl CallTree {
    /// Builds the tree of a valid profile for the values at `sample_index`; zero samples are skipped.
    pub fn build(p: &impl ProfileData, sample_index: usize) -> CallTree {
        CallTree::build_with_frames(p, &FunctionFrames::new(p), sample_index)
    }

    /// [`CallTree::build`] with the profile's [`FunctionFrames`] already at hand (the top table
    /// needs them too).
    pub fn build_with_frames<P: ProfileData>(
        p: &P,
        frames: &FunctionFrames,
        sample_index: usize,
    ) -> CallTree {
        build_sorted(&[WeightedInput { profile: p, sample_index, side: 0 }], &[frames], 0)
    }
}

/// Builds one tree from several profiles (function names unified across them); node totals sum all
/// inputs, and [`CallTree::side_total`] gives each side's share.
pub fn build_weighted<P: ProfileData>(inputs: &[WeightedInput<P>]) -> CallTree {
    let frames: Vec<FunctionFrames> =
        inputs.iter().map(|i| FunctionFrames::new(i.profile)).collect();
    let side_count = inputs.iter().map(|i| i.side + 1).max().unwrap_or(0);
    build_sorted(inputs, &frames.iter().collect::<Vec<_>>(), side_count)
}

/// `frames[i]` are the function frames of `inputs[i]`; sides are below `side_count`.
///
/// The samples are sorted by their function ids root first (read through their locations, not
/// copied), so samples sharing a path are adjacent: each adds the frames it does not share with the
/// previous one. Besides the tree, the build holds one number per sample.
fn build_sorted<P: ProfileData>(
    inputs: &[WeightedInput<P>],
    frames: &[&FunctionFrames],
    side_count: usize,
) -> CallTree {
    let (names, places, ids) = function_names(frames);
    // Function ids take 2 bytes when they can, in the location tables and in the tree.
    let (shape, functions) = if names.len() <= usize::from(u16::MAX) + 1 {
        shape_and_functions::<u16, P>(inputs, frames, &ids, side_count)
    } else {
        shape_and_functions::<u32, P>(inputs, frames, &ids, side_count)
    };
    CallTree {
        names,
        places,
        functions,
        min_index: MinIndex::new(&shape.first_depth),
        starts: shape.starts,
        first_depth: shape.first_depth,
        sums: shape.sums,
        sides: shape.sides,
        max_depth: shape.max_depth,
    }
}

/// The tree's stacks and the function of each node, from the inputs' samples sorted root first.
fn shape_and_functions<T: Id, P: ProfileData>(
    inputs: &[WeightedInput<P>],
    frames: &[&FunctionFrames],
    ids: &[Vec<u32>],
    side_count: usize,
) -> (Shape, Functions) {
    let samples = Samples::<T, P>::new(inputs, frames, ids);
    let mut order = samples.with_values();
    // 16-bit keys while the ids (plus one) fit, four to a key.
    let digit_bits = if frames_fit_u16(ids) { 16 } else { 32 };
    samples.sort(&mut order, digit_bits);
    let shape = Shape::of(&samples, &order, side_count);
    let functions = T::column(shape.functions(&samples, &order));
    (shape, functions)
}

/// Whether every function id plus one fits 16 bits.
fn frames_fit_u16(ids: &[Vec<u32>]) -> bool {
    ids.iter().flatten().all(|&id| id < 0xffff)
}

/// A function id as stored while building: `u16` when every id fits, else `u32`.
pub(super) trait Id: Copy + Ord + Into<u32> + 'static {
    fn narrowed(id: u32) -> Self;
    fn column(ids: Vec<Self>) -> Functions;
}

impl Id for u16 {
    fn narrowed(id: u32) -> Self {
        id as u16
    }
    fn column(ids: Vec<Self>) -> Functions {
        Functions::Narrow(ids)
    }
}

impl Id for u32 {
    fn narrowed(id: u32) -> Self {
        id
    }
    fn column(ids: Vec<Self>) -> Functions {
        Functions::Wide(ids)
    }
}

/// The samples of every input, numbered one after the other, read as function ids root first.
pub(super) struct Samples<'a, T, P: ProfileData> {
    inputs: Vec<InputFrames<'a, T, P>>,
    /// The number of each input's first sample (and the count of all samples, last).
    first: Vec<u32>,
}

/// One input and the function ids of its locations.
struct InputFrames<'a, T, P: ProfileData> {
    input: &'a WeightedInput<'a, P>,
    /// Per location, its function ids root first: `ids[start..end]` for its `[start, end]`,
    /// found by id (`Dense`, the usual case: ids are 1..=n) or by position.
    ids: Vec<T>,
    spans: Spans,
}

/// Where each location's function ids are.
enum Spans {
    /// Indexed by location id; `[0, 0]` for an unknown id.
    Dense(Vec<[u32; 2]>),
    /// Indexed by location position.
    Sparse(Option<IdIndex>, Vec<[u32; 2]>),
}

impl<'a, T: Id, P: ProfileData> InputFrames<'a, T, P> {
    fn new(input: &'a WeightedInput<'a, P>, frames: &FunctionFrames, ids: &[u32]) -> Self {
        let p = input.profile;
        let positions = IdIndex::build(p.locations().map(|l| l.id)).ok();
        let mut table = Vec::new();
        let mut spans = Vec::with_capacity(p.location_count());
        for loc in p.locations() {
            let start = table.len() as u32;
            let nodes = frames.location_nodes(loc.id);
            table.extend(nodes.iter().rev().map(|&f| T::narrowed(ids[f])));
            spans.push([start, table.len() as u32]);
        }
        table.shrink_to_fit();
        let spans = match positions {
            Some(IdIndex::Dense(by_id)) => {
                let span = |&pos: &u32| spans.get(pos as usize).copied().unwrap_or([0, 0]);
                Spans::Dense(by_id.iter().map(span).collect())
            }
            positions => Spans::Sparse(positions, spans),
        };
        InputFrames { input, ids: table, spans }
    }

    /// Function ids of a location, root first; none for an unknown id.
    fn of(&self, location_id: u64) -> &[T] {
        let span = match &self.spans {
            Spans::Dense(by_id) => by_id.get(location_id as usize),
            Spans::Sparse(positions, spans) => {
                positions.as_ref().and_then(|p| p.get(location_id)).map(|pos| &spans[pos])
            }
        };
        let [start, end] = span.copied().unwrap_or([0, 0]);
        &self.ids[start as usize..end as usize]
    }

    /// The function ids of `locations` (leaf first), root first, a location at a time with its
    /// id; locations without ids are left out.
    fn chunks<'s>(&'s self, locations: LocationIds<'s>) -> impl Iterator<Item = Chunk<'s, T>> {
        let chunks = locations.iter().rev().map(|id| Chunk { id, ids: self.of(id) });
        chunks.filter(|c| !c.ids.is_empty())
    }

    fn weight(&self, sample: usize) -> i64 {
        let values = self.input.profile.sample(sample).values;
        values.get(self.input.sample_index).copied().unwrap_or(0)
    }
}

/// A sample being sorted: 20 bytes, one per sample, the build's largest transient array.
pub(super) struct Entry {
    /// The sample's number in [`Samples`].
    pub(super) sample: u32,
    /// While sorting ([`Samples::sort`]): how many of its locations are not yet read into keys
    /// (the leaf-most ones), how many ids of the last of those were read, and the last key read
    /// (high and low halves: 4-byte aligned).
    unread: u32,
    read: u32,
    key: [u32; 2],
}

/// Function ids of one location (`id`), or of what is left of it (`id` 0: no location has it).
#[derive(Clone, Copy)]
pub(super) struct Chunk<'s, T> {
    id: u64,
    pub(super) ids: &'s [T],
}

/// How many function ids two sequences given in chunks share from the start. Equal whole
/// locations are skipped without reading their ids.
fn common_ids<'s, T: Id>(
    mut a: impl Iterator<Item = Chunk<'s, T>>,
    mut b: impl Iterator<Item = Chunk<'s, T>>,
) -> usize {
    let mut common = 0;
    let (mut ca, mut cb) = (a.next(), b.next());
    while let (Some(x), Some(y)) = (ca, cb) {
        if x.id == y.id && x.id != 0 {
            common += x.ids.len();
            (ca, cb) = (a.next(), b.next());
            continue;
        }
        let n = x.ids.len().min(y.ids.len());
        let same = x.ids[..n].iter().zip(&y.ids[..n]).take_while(|(p, q)| p == q).count();
        common += same;
        if same < n {
            break;
        }
        let rest = |c: Chunk<'s, T>| Some(Chunk { id: 0, ids: &c.ids[n..] });
        ca = if x.ids.len() > n { rest(x) } else { a.next() };
        cb = if y.ids.len() > n { rest(y) } else { b.next() };
    }
    common
}

impl<'a, T: Id, P: ProfileData> Samples<'a, T, P> {
    fn new(
        inputs: &'a [WeightedInput<'a, P>],
        frames: &[&FunctionFrames],
        ids: &[Vec<u32>],
    ) -> Self {
        let mut first = vec![0u32];
        for input in inputs {
            first.push(first.last().unwrap() + input.profile.sample_count() as u32);
        }
        let inputs = inputs.iter().zip(frames).zip(ids);
        let inputs = inputs.map(|((input, frames), ids)| InputFrames::new(input, frames, ids));
        Samples { inputs: inputs.collect(), first }
    }

    /// The samples with a non-zero value.
    fn with_values(&self) -> Vec<Entry> {
        let numbers = || (0..*self.first.last().unwrap()).filter(|&n| self.weight(n) != 0);
        let mut entries = Vec::with_capacity(numbers().count());
        let entry = |n| {
            let unread = self.locations(n).1.len() as u32;
            Entry { sample: n, unread, read: 0, key: [0; 2] }
        };
        entries.extend(numbers().map(entry));
        entries
    }

    /// Sorts the entries by their function ids root first, a key of several ids at a time (most
    /// significant first): entries whose keys are equal are sorted again by their next key, until
    /// their ids end. Keys are read through the samples' locations without copying the ids; each
    /// entry keeps its read position. No comparison reads a sample: a comparison sort that did
    /// (reading both samples' locations from the root each time) was 2–3 times slower.
    fn sort(&self, entries: &mut [Entry], digit_bits: u32) {
        let digits = 64 / digit_bits;
        let last_digit = u64::MAX >> (64 - digit_bits);
        // Ranges of `entries` (start, end) left to sort, each sharing its ids so far.
        let mut groups = vec![(0, entries.len())];
        while let Some((start, end)) = groups.pop() {
            let group = &mut entries[start..end];
            if group.len() < 2 {
                continue;
            }
            for entry in group.iter_mut() {
                let key = self.next_key(entry, digits, digit_bits);
                entry.key = [(key >> 32) as u32, key as u32];
            }
            group.sort_unstable_by_key(|e| e.key);
            let mut at = 0;
            while at < group.len() {
                let key = group[at].key;
                let run_end = at + group[at..].iter().take_while(|e| e.key == key).count();
                // A key whose last id is past the end holds whole sequences, all equal.
                let continues = (u64::from(key[0]) << 32 | u64::from(key[1])) & last_digit != 0;
                if run_end - at > 1 && continues {
                    groups.push((start + at, start + run_end));
                }
                at = run_end;
            }
        }
    }

    /// The next `digits` function ids of an entry (`digit_bits` each, plus one: 0 past its end),
    /// first id most significant; advances the entry's read position past them.
    fn next_key(&self, entry: &mut Entry, digits: u32, digit_bits: u32) -> u64 {
        let (input, locations) = self.locations(entry.sample);
        let mut key = 0u64;
        for k in 1..=digits {
            let id = loop {
                let Some(root_most) = entry.unread.checked_sub(1) else { break None };
                let ids = input.of(locations.get(root_most as usize).unwrap_or(0));
                if let Some(&id) = ids.get(entry.read as usize) {
                    entry.read += 1;
                    break Some(id);
                }
                (entry.unread, entry.read) = (root_most, 0);
            };
            let Some(id) = id else { break };
            key |= (u64::from(id.into()) + 1) << (64 - k * digit_bits);
        }
        key
    }

    /// The input of sample `n`, and the sample's index in it.
    fn input(&self, n: u32) -> (&InputFrames<'a, T, P>, usize) {
        let i = self.first.partition_point(|&f| f <= n) - 1;
        (&self.inputs[i], (n - self.first[i]) as usize)
    }

    fn locations(&self, n: u32) -> (&InputFrames<'a, T, P>, LocationIds<'a>) {
        let (input, sample) = self.input(n);
        (input, input.input.profile.sample(sample).location_ids)
    }

    pub(super) fn weight(&self, n: u32) -> i64 {
        let (input, sample) = self.input(n);
        input.weight(sample)
    }

    pub(super) fn side(&self, n: u32) -> usize {
        self.input(n).0.input.side
    }

    /// A sample's function ids, root first, a location at a time.
    pub(super) fn chunks(&self, entry: &Entry) -> impl Iterator<Item = Chunk<'_, T>> {
        let (input, locations) = self.locations(entry.sample);
        input.chunks(locations)
    }

    /// The number of a sample's function ids.
    pub(super) fn depth(&self, entry: &Entry) -> usize {
        self.chunks(entry).map(|c| c.ids.len()).sum()
    }

    /// How many function ids the two samples share from the root. The root-most locations they
    /// share (of one input: the same ids are the same locations) are counted first.
    pub(super) fn common_prefix(&self, a: &Entry, b: &Entry) -> usize {
        let ((ia, la), (ib, lb)) = (self.locations(a.sample), self.locations(b.sample));
        let shared = if std::ptr::eq(ia, ib) { la.common_root_len(&lb) } else { 0 };
        let shared_ids: usize = ia.chunks(la.root_most(shared)).map(|c| c.ids.len()).sum();
        let rest = |l: LocationIds<'a>| l.leaf_most(l.len() - shared);
        shared_ids + common_ids(ia.chunks(rest(la)), ib.chunks(rest(lb)))
    }
}

/// Function names of every input, sorted and unique, their places, and per input the id (in name
/// order) of each of its functions.
fn function_names(frames: &[&FunctionFrames]) -> (Vec<String>, Vec<String>, Vec<Vec<u32>>) {
    let mut first: FxHashMap<&str, &str> = FxHashMap::default();
    for f in frames {
        for (name, place) in f.names.iter().zip(&f.places) {
            first.entry(name).or_insert(place);
        }
    }
    let mut sorted: Vec<(&str, &str)> = first.into_iter().collect();
    sorted.sort_unstable();
    let id: FxHashMap<&str, u32> =
        sorted.iter().enumerate().map(|(i, (name, _))| (*name, i as u32)).collect();
    let ids = frames.iter().map(|f| f.names.iter().map(|n| id[n.as_str()]).collect()).collect();
    let names = sorted.iter().map(|(n, _)| n.to_string()).collect();
    let places = sorted.iter().map(|(_, p)| p.to_string()).collect();
    (names, places, ids)
}
