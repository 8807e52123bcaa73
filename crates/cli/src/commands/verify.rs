//! `pgoscope verify`: the profile's hot call sites beside what the compiler did with them, read
//! from the build's own output (`-gcflags=all=-d=pgodebug=1` and `-m`).

use std::io::Read;

use pgoscope_pgo::{verify_profile, Actual, BuildLog, VerifyProfileError};
use pgoscope_pprof::MergeOptions;

use crate::input::{load_merged, CliError};

#[derive(clap::Args)]
pub struct Args {
    /// The output of `go build -pgo=FILE -gcflags=all=-d=pgodebug=1 -gcflags=all=-m=2` (a file, or
    /// `-` for stdin).
    #[arg(long)]
    build_log: String,
    /// Print JSON: {"threshold_percent","compiler_threshold_percent","hot_weight_inlined_percent",
    /// "sites":[{"caller","callee","file","line","weight","predicted","actual","reason"}],"mismatches"}.
    #[arg(long)]
    json: bool,
    /// The profile(s) given to -pgo= (merged first).
    #[arg(required = true)]
    inputs: Vec<String>,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let profile = load_merged(&args.inputs, &MergeOptions::default(), false)?;
    let text = read_log(&args.build_log)?;
    let report = verify_profile(&profile, &BuildLog::parse(&text)).map_err(|e| match e {
        VerifyProfileError::Profile(e) => e.to_string(),
        VerifyProfileError::Log(e) => format!("{}: {e}", args.build_log),
    })?;
    if args.json {
        println!("{}", serde_json::to_string(&report).map_err(|e| e.to_string())?);
        return Ok(());
    }
    println!(
        "hot-callsite-thres-from-CDF: ours {}%, the compiler's {}%",
        report.threshold_percent, report.compiler_threshold_percent
    );
    println!("hot weight inlined: {:.1}%", report.hot_weight_inlined_percent);
    for s in &report.sites {
        let actual = match s.actual {
            Actual::InlinedHotBudget => "inlined with the hot budget".to_owned(),
            Actual::Inlined => "inlined".to_owned(),
            Actual::Devirtualized => "devirtualized".to_owned(),
            Actual::NotInLog => "not in the build log (build with -gcflags=all=...)".to_owned(),
            Actual::NotInlined => match &s.reason {
                Some(r) => format!("not inlined: {r}"),
                None => "not inlined".to_owned(),
            },
        };
        println!("{:>8}  {} → {}  {}:{}  {actual}", s.weight, s.caller, s.callee, s.file, s.line);
    }
    for m in &report.mismatches {
        println!("mismatch: {m}");
    }
    Ok(())
}

fn read_log(path: &str) -> Result<String, CliError> {
    if path == "-" {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text).map_err(|e| format!("stdin: {e}"))?;
        return Ok(text);
    }
    std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))
}
