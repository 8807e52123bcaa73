//! Building a [`CallTree`] from the distinct stacks of one or more profiles.

use pgoscope_pprof::proto::Profile;
use pgoscope_pprof::{distinct_stacks, FunctionFrames, WeightedStack};
use rustc_hash::FxHashMap;

use super::{CallTree, Functions, MinIndex};

/// One profile feeding a tree, and which side of a comparison its values count for.
pub struct WeightedInput<'a> {
    pub profile: &'a Profile,
    pub sample_index: usize,
    pub side: usize,
}

impl CallTree {
    /// Builds the tree of a valid profile for the values at `sample_index`; zero samples are skipped.
    pub fn build(p: &Profile, sample_index: usize) -> CallTree {
        CallTree::build_with_frames(p, &FunctionFrames::new(p), sample_index)
    }

    /// [`CallTree::build`] with the profile's [`FunctionFrames`] already at hand (the top table
    /// needs them too).
    pub fn build_with_frames(
        p: &Profile,
        frames: &FunctionFrames,
        sample_index: usize,
    ) -> CallTree {
        CallTree::build_from_stacks(&distinct_stacks(p, sample_index), frames)
    }

    /// The tree of a profile's [`distinct_stacks`] (shared with the top table: found once per
    /// view), whose locations `frames` describes.
    pub fn build_from_stacks(stacks: &[WeightedStack], frames: &FunctionFrames) -> CallTree {
        build_sorted(&[(stacks, 0)], &[frames], 0)
    }
}

/// Builds one tree from several profiles (function names unified across them); node totals sum all
/// inputs, and [`CallTree::side_total`] gives each side's share.
pub fn build_weighted(inputs: &[WeightedInput]) -> CallTree {
    let frames: Vec<FunctionFrames> =
        inputs.iter().map(|i| FunctionFrames::new(i.profile)).collect();
    let stacks: Vec<Vec<WeightedStack>> =
        inputs.iter().map(|i| distinct_stacks(i.profile, i.sample_index)).collect();
    let sides: Vec<(&[WeightedStack], usize)> =
        stacks.iter().zip(inputs).map(|(s, i)| (s.as_slice(), i.side)).collect();
    let side_count = inputs.iter().map(|i| i.side + 1).max().unwrap_or(0);
    build_sorted(&sides, &frames.iter().collect::<Vec<_>>(), side_count)
}

/// Each input is a profile's distinct stacks and its side (below `side_count`); `frames[i]` are
/// the function frames of `inputs[i]`.
///
/// The stacks are sorted root first, so samples sharing a path are adjacent: each adds the frames
/// it does not share with the previous one. No lookup table, and memory is touched in order.
fn build_sorted(
    inputs: &[(&[WeightedStack], usize)],
    frames: &[&FunctionFrames],
    side_count: usize,
) -> CallTree {
    let (names, places, ids) = function_names(frames);
    // Function ids take 2 bytes when they can, in the stacks being sorted and in the tree.
    let (shape, functions) = if names.len() <= usize::from(u16::MAX) + 1 {
        shape_and_functions::<u16>(inputs, frames, &ids, side_count)
    } else {
        shape_and_functions::<u32>(inputs, frames, &ids, side_count)
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

/// The tree's stacks and the function of each node, from the inputs' stacks sorted root first.
fn shape_and_functions<T: Id>(
    inputs: &[(&[WeightedStack], usize)],
    frames: &[&FunctionFrames],
    ids: &[Vec<u32>],
    side_count: usize,
) -> (Shape, Functions) {
    let (seq, mut stacks) = root_first_stacks::<T>(inputs, frames, ids);
    stacks.sort_unstable_by(|a, b| seq[a.range()].cmp(&seq[b.range()]));
    let shape = Shape::of(&seq, &stacks, side_count);
    let functions = T::column(shape.functions(&seq, &stacks));
    (shape, functions)
}

/// A function id as stored while building: `u16` when every id fits, else `u32`.
trait Id: Copy + Ord + Into<u32> {
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

/// The tree's stacks, before their nodes are written: see [`CallTree`] for the fields.
struct Shape {
    starts: Vec<u32>,
    first_depth: Vec<u32>,
    sums: Vec<i64>,
    sides: Vec<Vec<i64>>,
    max_depth: u32,
    /// Per tree stack, one of the sorted input stacks it stands for.
    representative: Vec<u32>,
}

impl Shape {
    /// Groups sorted input stacks with equal sequences into tree stacks, after stack 0 (the empty
    /// sequence, which adds the root).
    fn of<T: Id>(seq: &[T], sorted: &[Stack], side_count: usize) -> Shape {
        let mut shape = Shape {
            starts: vec![0],
            first_depth: vec![0],
            sums: vec![0, 0],
            sides: vec![vec![0, 0]; side_count],
            max_depth: 0,
            representative: vec![u32::MAX],
        };
        let mut nodes = 1u32; // the root
        let mut previous: &[T] = &[];
        for (i, stack) in sorted.iter().enumerate() {
            let current = &seq[stack.range()];
            let common = common_prefix(previous, current);
            // Sorted: a sequence sharing all of its frames with the previous one equals it.
            if common < current.len() {
                let depth = current.len() as u32;
                shape.starts.push(nodes);
                nodes += depth - common as u32;
                shape.first_depth.push(common as u32 + 1);
                shape.max_depth = shape.max_depth.max(depth);
                shape.representative.push(i as u32);
                let carry = |sums: &mut Vec<i64>| sums.push(*sums.last().unwrap());
                carry(&mut shape.sums);
                shape.sides.iter_mut().for_each(carry);
            }
            let add = |sums: &mut Vec<i64>| {
                let last = sums.last_mut().unwrap();
                *last = last.wrapping_add(stack.weight);
            };
            add(&mut shape.sums);
            if let Some(side) = shape.sides.get_mut(stack.side as usize) {
                add(side);
            }
            previous = current;
        }
        shape.starts.push(nodes);
        shape
    }

    /// The function of every node, stack by stack.
    fn functions<T: Id>(&self, seq: &[T], sorted: &[Stack]) -> Vec<T> {
        let mut column = Vec::with_capacity(*self.starts.last().unwrap() as usize);
        column.push(T::narrowed(0));
        for (&i, &depth) in self.representative.iter().zip(&self.first_depth).skip(1) {
            column.extend_from_slice(&seq[sorted[i as usize].range()][depth as usize - 1..]);
        }
        column
    }
}

fn common_prefix<T: Id>(a: &[T], b: &[T]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

/// One sample's stack: `seq[start..start + len]` root first, its value and side.
struct Stack {
    start: u32,
    len: u32,
    weight: i64,
    side: u32,
}

impl Stack {
    fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..(self.start + self.len) as usize
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

/// The function ids (`ids[input][local function]`) of every distinct stack with a non-zero
/// sample, root first, in one flat array.
fn root_first_stacks<T: Id>(
    inputs: &[(&[WeightedStack], usize)],
    frames: &[&FunctionFrames],
    ids: &[Vec<u32>],
) -> (Vec<T>, Vec<Stack>) {
    // Sized exactly up front: grown by doubling, the frames of a big profile took up to twice
    // their size, and the copies left holes the tree could not reuse.
    let frame_count: usize = (inputs.iter().zip(frames))
        .flat_map(|(&(input, _), frames)| {
            input.iter().flat_map(|s| s.location_ids.iter()).map(|l| frames.location_nodes(l).len())
        })
        .sum();
    let mut seq = Vec::with_capacity(frame_count);
    let mut stacks = Vec::with_capacity(inputs.iter().map(|(input, _)| input.len()).sum());
    for ((&(input, side), frames), ids) in inputs.iter().zip(frames).zip(ids) {
        for s in input {
            let start = seq.len();
            for loc in s.location_ids.iter().rev() {
                seq.extend(frames.location_nodes(loc).iter().rev().map(|&f| T::narrowed(ids[f])));
            }
            let (start, len) = (start as u32, (seq.len() - start) as u32);
            stacks.push(Stack { start, len, weight: s.weight, side: side as u32 });
        }
    }
    (seq, stacks)
}
