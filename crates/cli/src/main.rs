//! `pgoscope`: inspect, merge and rank Go pprof profiles from the command line.
//!
//! Errors go to stderr with exit status 1; usage errors exit with status 2 (clap's convention).

mod commands;
mod error;
mod gzip_stream;
mod input;
mod ordered;
mod remote;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Decoding and merging allocate and free millions of small vectors; mimalloc does that fastest.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "pgoscope", version, about = "Inspect, merge and rank Go pprof profiles")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Describe profiles: sample types and totals, period, duration, counts, label keys.
    Info(commands::info::Args),
    /// Merge profiles into one gzip pprof file (google/pprof semantics).
    Merge(commands::merge::Args),
    /// Per-function flat and cumulative values, as `go tool pprof -top` computes them.
    Top(commands::top::Args),
    /// The call sites Go's compiler will treat as hot, devirtualization picks, and lints.
    Hot(commands::hot::Args),
    /// Each matching function's lines with flat and cum, as `go tool pprof -list` prints them.
    List(commands::list::Args),
    /// The call graph, pruned like pprof's, with Go's PGO hot edges marked (DOT, SVG or JSON).
    Graph(commands::graph::Args),
    /// The profile's hot call sites beside what the compiler did (its -d=pgodebug=1 and -m output).
    Verify(commands::verify::Args),
    /// The CI step: choose profiles, write default.pgo, gate on drift and lints, write a report.
    Ci(commands::ci::Args),
    /// Write a minimal default.pgo that Go's compiler reads exactly like the full profiles.
    Pgo(commands::pgo::Args),
    /// Per-function change from a baseline to a candidate build (pprof -diff_base).
    Diff(commands::diff::Args),
    /// How the hot set moved between two profiles (iteration stability of PGO builds).
    Drift(commands::drift::Args),
    /// A Go binary's build information, as `go version -m` shows it (was it built with -pgo?).
    Buildinfo(commands::buildinfo::Args),
}

/// Keeps freed memory in the process instead of returning it to the OS after 10 ms (mimalloc's
/// default): merging frees each decoded input while the next is decoded, and re-faulting those pages
/// cost a quarter of the CPU time. `mi_option_purge_delay` is entry 15 of mimalloc's `mi_option_e`.
fn keep_freed_memory() {
    const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: sets a process-wide allocator option; valid at any time.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
}

/// `pgoscope ... | head` should stop quietly when `head` exits, like other Unix tools, instead of
/// panicking on the failed write: restore the default SIGPIPE action (Rust ignores it).
fn die_on_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: resets one signal's disposition at startup, before any thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

fn main() -> ExitCode {
    die_on_closed_pipe();
    keep_freed_memory();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Info(args) => commands::info::run(args),
        Command::Merge(args) => commands::merge::run(args),
        Command::Top(args) => commands::top::run(args),
        Command::Pgo(args) => commands::pgo::run(args),
        Command::Hot(args) => commands::hot::run(args),
        Command::List(args) => commands::list::run(args),
        Command::Graph(args) => commands::graph::run(args),
        Command::Verify(args) => commands::verify::run(args),
        Command::Ci(args) => commands::ci::run(args),
        Command::Buildinfo(args) => commands::buildinfo::run(args),
        Command::Diff(args) => commands::diff::run(args),
        Command::Drift(args) => commands::drift::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("pgoscope: {err}");
            ExitCode::from(1)
        }
    }
}
