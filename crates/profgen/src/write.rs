//! A [`Program`]'s samples drawn for one pod, as a pprof [`Profile`].

use pgoscope_pprof::proto::{Function, Label, Line, Location, Mapping, Sample, ValueType};
use pgoscope_pprof::Profile;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Zipf};
use rustc_hash::FxHashMap;

use crate::program::FunctionPos;
use crate::{Options, Program};

/// The sample types a generated profile carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SampleKind {
    /// Go's CPU profile: `samples/count, cpu/nanoseconds`, period 10 ms.
    Cpu,
    /// `cpu/nanoseconds` only (as Pyroscope and other runtimes write CPU profiles).
    CpuOnly,
    /// Go's heap profile: `alloc_objects/count, alloc_space/bytes, inuse_objects/count,
    /// inuse_space/bytes`, period 512 KiB.
    Heap,
}

/// CPU sampling period: 100 Hz.
const CPU_PERIOD_NS: i64 = 10_000_000;
/// Go's default heap sampling rate.
const HEAP_PERIOD_BYTES: i64 = 512 * 1024;
/// Bytes per allocation in the heap kind.
const ALLOCATION_BYTES: i64 = 512;
/// Go's Zipf `v` and `s`: `P(k) ∝ (ZIPF_V + k)^-ZIPF_S`.
const ZIPF_V: u64 = 4;
const ZIPF_S: f64 = 1.1;
/// Each pod's draw is seeded `seed + pod * POD_SEED_STRIDE`.
const POD_SEED_STRIDE: u64 = 7919;
/// `time_nanos` of pod 0 (2025-11-24), one second later per pod.
const FIRST_TIME_NS: i64 = 1_764_000_000_000_000_000;
const DURATION_NS: i64 = 10_000_000_000;

/// Interns strings into a profile's table.
#[derive(Default)]
struct Strings {
    table: Vec<String>,
    index: FxHashMap<String, i64>,
}

impl Strings {
    fn handle_for(&mut self, s: &str) -> i64 {
        if let Some(&i) = self.index.get(s) {
            return i;
        }
        let i = self.table.len() as i64;
        self.table.push(s.to_owned());
        self.index.insert(s.to_owned(), i);
        i
    }
}

/// A pod's number in seeds and times; a lone profile is pod −1 (as Go's profgen numbered it).
fn pod_number(pod: Option<usize>) -> i64 {
    pod.map_or(-1, |p| p as i64)
}

/// Samples per stack for one pod (`None`: a lone profile), drawn by Go's Zipf law.
fn counts(program: &Program, options: &Options, pod: Option<usize>) -> Vec<i64> {
    let stacks = program.stacks.len();
    let mut counts = vec![0i64; stacks];
    if stacks == 0 {
        return counts;
    }
    let offset = pod_number(pod);
    let seed = options.seed.wrapping_add((offset as u64).wrapping_mul(POD_SEED_STRIDE));
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    // rand_distr's Zipf draws j in 1..=n with P(j) ∝ j^-s; j ≥ v + 1 maps to k = j - v - 1.
    let n = (stacks as u64 + ZIPF_V) as f64;
    let zipf = Zipf::new(n, ZIPF_S).expect("n ≥ 1 and s > 0");
    let mut drawn = 0;
    while drawn < options.samples {
        let j = zipf.sample(&mut rng) as u64;
        if j > ZIPF_V {
            counts[(j - ZIPF_V - 1) as usize] += 1;
            drawn += 1;
        }
    }
    counts
}

/// The profile of `pod` (with a `pod` label), or of a lone profile.
pub fn profile(program: &Program, options: &Options, pod: Option<usize>) -> Profile {
    let mut s = Strings::default();
    s.handle_for("");
    let (sample_type, period_type, period) = sample_types(&mut s, options.kind);
    let label = pod.map(|p| Label {
        key: s.handle_for("pod"),
        str: s.handle_for(&format!("web-server-{p}")),
        ..Label::default()
    });
    let sample = counts(program, options, pod)
        .into_iter()
        .zip(&program.stacks)
        .filter(|(c, _)| *c > 0)
        .map(|(c, stack)| Sample {
            location_id: stack.iter().map(|l| l.0 as u64 + 1).collect(),
            value: values(options.kind, c),
            label: label.into_iter().collect(),
        })
        .collect();
    let mapping = Mapping {
        id: 1,
        memory_start: 0x400000,
        memory_limit: 0x2000000,
        filename: s.handle_for("/usr/local/bin/web-server"),
        has_functions: true,
        has_filenames: true,
        has_line_numbers: true,
        ..Mapping::default()
    };
    let function = functions(&mut s, program);
    Profile {
        sample_type,
        sample,
        mapping: vec![mapping],
        location: locations(program),
        function,
        string_table: s.table,
        time_nanos: FIRST_TIME_NS + pod_number(pod) * 1_000_000_000,
        duration_nanos: DURATION_NS,
        period_type: Some(period_type),
        period,
        ..Profile::default()
    }
}

/// The sample types, period type and period of a profile of `kind`, in Go's order.
fn sample_types(s: &mut Strings, kind: SampleKind) -> (Vec<ValueType>, ValueType, i64) {
    let mut vt = |t: &str, u: &str| ValueType { r#type: s.handle_for(t), unit: s.handle_for(u) };
    match kind {
        SampleKind::Cpu => {
            let types = vec![vt("samples", "count"), vt("cpu", "nanoseconds")];
            (types, vt("cpu", "nanoseconds"), CPU_PERIOD_NS)
        }
        SampleKind::CpuOnly => {
            (vec![vt("cpu", "nanoseconds")], vt("cpu", "nanoseconds"), CPU_PERIOD_NS)
        }
        SampleKind::Heap => {
            let types = vec![
                vt("alloc_objects", "count"),
                vt("alloc_space", "bytes"),
                vt("inuse_objects", "count"),
                vt("inuse_space", "bytes"),
            ];
            (types, vt("space", "bytes"), HEAP_PERIOD_BYTES)
        }
    }
}

/// The program's locations: one per address, in the main binary's mapping.
fn locations(program: &Program) -> Vec<Location> {
    let line =
        |&(f, line): &(FunctionPos, i64)| Line { function_id: f.0 as u64 + 1, line, column: 0 };
    (program.locations.iter().enumerate())
        .map(|(i, lines)| Location {
            id: i as u64 + 1,
            mapping_id: 1,
            address: 0x401000 + i as u64 * 16,
            line: lines.iter().map(line).collect(),
            is_folded: false,
        })
        .collect()
}

/// The program's functions, their names and files interned in table order.
fn functions(s: &mut Strings, program: &Program) -> Vec<Function> {
    (program.functions.iter().enumerate())
        .map(|(i, f)| {
            let name = s.handle_for(&f.name);
            Function {
                id: i as u64 + 1,
                name,
                system_name: name,
                filename: s.handle_for(&f.file),
                start_line: f.start_line,
            }
        })
        .collect()
}

/// A stack's values for `count` samples.
fn values(kind: SampleKind, count: i64) -> Vec<i64> {
    match kind {
        SampleKind::Cpu => vec![count, count * CPU_PERIOD_NS],
        SampleKind::CpuOnly => vec![count * CPU_PERIOD_NS],
        SampleKind::Heap => {
            let inuse = count / 3;
            vec![count, count * ALLOCATION_BYTES, inuse, inuse * ALLOCATION_BYTES]
        }
    }
}
