//! `profgen`: writes Go-shaped synthetic pprof profiles (see the library's documentation).
//!
//! ```text
//! profgen -o big.pb.gz --preset big            # one profile, ~7 MB gzip
//! profgen -o fleet --preset fleet              # fleet.000.pb.gz … fleet.049.pb.gz
//! profgen -o x.pb.gz --functions 300 --stacks 2000 --samples 20000 --seed 7 --kind heap
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, ValueEnum};
use pgoscope_profgen::{generate, Options, Preset, SampleKind};

#[derive(Parser)]
#[command(name = "profgen", about = "Go-shaped synthetic pprof profiles")]
struct Args {
    /// Output file, or the prefix of the fleet's files (`PREFIX.000.pb.gz`, …).
    #[arg(short, default_value = "synthetic.pb.gz")]
    o: PathBuf,
    /// A named parameter set; the other flags override it.
    #[arg(long, value_enum)]
    preset: Option<PresetArg>,
    /// Functions in the synthetic program [default: 3000].
    #[arg(long)]
    functions: Option<usize>,
    /// Unique stacks [default: 50000].
    #[arg(long)]
    stacks: Option<usize>,
    /// Samples per profile [default: 500000].
    #[arg(long)]
    samples: Option<u64>,
    /// Seed of every random draw [default: 1].
    #[arg(long)]
    seed: Option<u64>,
    /// Write this many per-pod profiles (label `pod`) instead of one.
    #[arg(long)]
    fleet: Option<usize>,
    /// Sample types: Go CPU, cpu/nanoseconds only, or Go heap.
    #[arg(long, value_enum, default_value = "cpu")]
    kind: KindArg,
}

#[derive(Clone, Copy, ValueEnum)]
enum PresetArg {
    Big,
    Fleet,
    Tree200k,
}

#[derive(Clone, Copy, ValueEnum)]
enum KindArg {
    Cpu,
    CpuOnly,
    Heap,
}

impl Args {
    /// The library's options: the preset's (or the defaults), then each flag given.
    fn options(&self) -> Options {
        let base = match self.preset {
            Some(PresetArg::Big) => Preset::Big.options(),
            Some(PresetArg::Fleet) => Preset::Fleet.options(),
            Some(PresetArg::Tree200k) => Preset::Tree200k.options(),
            None => Options::default(),
        };
        Options {
            functions: self.functions.unwrap_or(base.functions),
            stacks: self.stacks.unwrap_or(base.stacks),
            samples: self.samples.unwrap_or(base.samples),
            seed: self.seed.unwrap_or(base.seed),
            fleet: self.fleet.unwrap_or(base.fleet),
            kind: match self.kind {
                KindArg::Cpu => SampleKind::Cpu,
                KindArg::CpuOnly => SampleKind::CpuOnly,
                KindArg::Heap => SampleKind::Heap,
            },
        }
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    let options = args.options();
    let files = generate(&options);
    let many = options.fleet > 0;
    for (i, bytes) in files.iter().enumerate() {
        let path = match many {
            true => PathBuf::from(format!("{}.{i:03}.pb.gz", args.o.display())),
            false => args.o.clone(),
        };
        if let Err(e) = std::fs::write(&path, bytes) {
            eprintln!("profgen: {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        eprintln!("{}: {} bytes gzip", path.display(), bytes.len());
    }
    ExitCode::SUCCESS
}
