//! Go-shaped synthetic pprof profiles for pgoscope's tests and benchmarks: a random program of F
//! functions with Go-like names, files and start lines, some frames inlined, S unique stacks drawn
//! as random walks from `main` (deep, with recursion), and N samples spread over them by a Zipf law
//! (`P(k) ∝ (4 + k)^-1.1`, as Go's `rand.NewZipf(r, 1.1, 4, S-1)`). With `fleet` K it writes K
//! per-pod profiles (label `pod`) that share the program but differ in their sample draw.
//!
//! Invariant: the same [`Options`] give the same bytes, on every run and every machine (one ChaCha8
//! generator per draw, seeded from [`Options::seed`]; the project's own encoder).

mod program;
mod write;

pub use program::{FunctionPos, LocationPos, Program};
pub use write::{profile, SampleKind};

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// Default number of functions of the synthetic program.
pub const DEFAULT_FUNCTIONS: usize = 3000;
/// Default number of unique stacks.
pub const DEFAULT_STACKS: usize = 50_000;
/// Default number of samples per profile.
pub const DEFAULT_SAMPLES: u64 = 500_000;
/// Default seed.
pub const DEFAULT_SEED: u64 = 1;

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Functions in the synthetic program. Default [`DEFAULT_FUNCTIONS`].
    pub functions: usize,
    /// Unique stacks. Default [`DEFAULT_STACKS`].
    pub stacks: usize,
    /// Samples per profile. Default [`DEFAULT_SAMPLES`].
    pub samples: u64,
    /// Seed of every random draw. Default [`DEFAULT_SEED`].
    pub seed: u64,
    /// Per-pod profiles to write (0 = one profile without labels). Default 0.
    pub fleet: usize,
    /// Sample types written. Default [`SampleKind::Cpu`].
    pub kind: SampleKind,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            functions: DEFAULT_FUNCTIONS,
            stacks: DEFAULT_STACKS,
            samples: DEFAULT_SAMPLES,
            seed: DEFAULT_SEED,
            fleet: 0,
            kind: SampleKind::Cpu,
        }
    }
}

/// Named parameter sets the benchmarks use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    /// `big.pb.gz`: 5,000 functions, 200,000 stacks, 2,000,000 samples (one profile).
    Big,
    /// The 50-pod fleet: 3,000 functions, 20,000 stacks, 60,000 samples per pod.
    Fleet,
    /// A call tree of about 200,000 nodes: 3,000 functions, 24,000 stacks, 60,000 samples.
    Tree200k,
}

impl Preset {
    pub fn options(self) -> Options {
        let (functions, stacks, samples, fleet) = match self {
            Preset::Big => (5000, 200_000, 2_000_000, 0),
            Preset::Fleet => (3000, 20_000, 60_000, 50),
            Preset::Tree200k => (3000, 24_000, 60_000, 0),
        };
        Options { functions, stacks, samples, fleet, ..Options::default() }
    }
}

/// The gzip profiles `options` describe: one, or one per pod of the fleet, in pod order.
pub fn generate(options: &Options) -> Vec<Vec<u8>> {
    let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
    let program = Program::generate(&mut rng, options.functions, options.stacks);
    let pods: Vec<Option<usize>> = match options.fleet {
        0 => vec![None],
        n => (0..n).map(Some).collect(),
    };
    pods.into_iter().map(|pod| pgoscope_pprof::encode(&profile(&program, options, pod))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_options_same_bytes_and_valid_go_shaped_profiles() {
        let options =
            Options { functions: 200, stacks: 500, samples: 5000, fleet: 3, ..Options::default() };
        let first = generate(&options);
        assert_eq!(first, generate(&options), "deterministic");
        assert_eq!(first.len(), 3);
        assert_ne!(first[0], first[1], "pods draw their own samples");
        let p = pgoscope_pprof::decode(&first[1]).expect("valid");
        let total: i64 = p.sample.iter().map(|s| s.value[0]).sum();
        assert_eq!(total, 5000);
        assert!(p.sample.iter().all(|s| p.str(s.label[0].str) == "web-server-1"));
        assert!(p.location.iter().any(|l| l.line.len() == 2), "inlined frames");
        let deepest = p.sample.iter().map(|s| s.location_id.len()).max().unwrap();
        assert!(deepest >= 20, "deep stacks ({deepest})");
        let recursive = p.sample.iter().any(|s| {
            let mut seen = std::collections::HashSet::new();
            s.location_id
                .iter()
                .any(|id| !seen.insert(p.location[*id as usize - 1].line[0].function_id))
        });
        assert!(recursive, "some stacks recurse");
        let other_seed = Options { seed: 2, ..options };
        assert_ne!(generate(&other_seed)[0], first[0]);
    }
}
