#!/usr/bin/env bash
# Makes the inputs of the browser benchmarks (big profile, 50-pod fleet) with the in-repo generator
# (crates/profgen presets) if missing, builds the site, and runs scripts/bench-browser.mjs.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PWD/.venv/bin:$HOME/.cargo/bin:$PATH"
work=${BENCH_DIR:-target/bench}
mkdir -p "$work/fleet"
cargo build --release -q -p pgoscope-profgen
profgen=target/release/profgen
[ -f "$work/big.pb.gz" ] || $profgen -o "$work/big.pb.gz" --preset big
[ -f "$work/tree200k.pb.gz" ] || $profgen -o "$work/tree200k.pb.gz" --preset tree200k
[ -f "$work/fleet/fleet.049.pb.gz" ] || $profgen -o "$work/fleet/fleet" --preset fleet
[ -f dist/index.html ] || trunk build --release
node scripts/bench-browser.mjs "$work/big.pb.gz" "$work/tree200k.pb.gz" "$work/fleet"
