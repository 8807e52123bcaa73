//! `pgoscope buildinfo`: what `go version -m` shows for a Go binary, highlighting `-pgo`.

use pgoscope_pgo::{read_build_info, BuildInfo};
use serde::Serialize;

use crate::input::{read_bytes, CliError};

#[derive(clap::Args)]
pub struct Args {
    /// Print JSON: {"go_version","path","main","deps","settings":{"-pgo":...},"pgo":...}.
    #[arg(long)]
    json: bool,
    /// A Go executable (ELF, Mach-O or PE), or `-` for stdin.
    binary: String,
}

#[derive(Serialize)]
struct BuildInfoJson<'a> {
    go_version: &'a str,
    path: &'a str,
    main: &'a pgoscope_pgo::Module,
    deps: &'a [pgoscope_pgo::Module],
    settings: serde_json::Map<String, serde_json::Value>,
    /// The profile the binary was built with; null when built without PGO (`-pgo=off` or none).
    pgo: Option<&'a str>,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let bytes = read_bytes(&args.binary)?;
    let info = read_build_info(&bytes).map_err(|e| format!("{}: {e}", args.binary))?;
    if args.json {
        println!("{}", serde_json::to_string(&to_json(&info)).map_err(|e| e.to_string())?);
    } else {
        print!("{}", info.go_version_m(&args.binary));
        match pgo_profile(&info) {
            Some(profile) => eprintln!("built with PGO: {profile}"),
            None => eprintln!("built without PGO"),
        }
    }
    Ok(())
}

/// The `-pgo` profile, unless PGO was off.
fn pgo_profile(info: &BuildInfo) -> Option<&str> {
    info.setting("-pgo").filter(|p| !p.is_empty() && *p != "off")
}

fn to_json(info: &BuildInfo) -> BuildInfoJson<'_> {
    let settings = info
        .settings
        .iter()
        .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
        .collect();
    BuildInfoJson {
        go_version: &info.go_version,
        path: &info.path,
        main: &info.main,
        deps: &info.deps,
        settings,
        pgo: pgo_profile(info),
    }
}
