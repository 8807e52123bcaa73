#!/usr/bin/env bash
# Makes the profgen inputs of the browser benchmarks (big profile, 50-pod fleet) if missing, builds
# the site, and runs scripts/bench-browser.mjs. Needs Go (make setup).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PWD/.venv/bin:$HOME/.cargo/bin:$PATH"
work=${BENCH_DIR:-target/bench}
shared=${PGOSCOPE_SHARED:-../shared}
mkdir -p "$work/fleet"
[ -x "$work/profgen" ] || (cd "$shared/tools/profgen" && go build -o "$OLDPWD/$work/profgen" .)
[ -f "$work/big.pb.gz" ] || "$work/profgen" -o "$work/big.pb.gz" -functions 5000 -stacks 200000 -samples 2000000
[ -f "$work/tree200k.pb.gz" ] || "$work/profgen" -o "$work/tree200k.pb.gz" -functions 3000 -stacks 24000 -samples 60000
[ -f "$work/fleet/fleet.049.pb.gz" ] || (cd "$work/fleet" && ../profgen -o fleet -fleet 50 -functions 3000 -stacks 20000 -samples 60000)
[ -f dist/index.html ] || trunk build --release
node scripts/bench-browser.mjs "$work/big.pb.gz" "$work/tree200k.pb.gz" "$work/fleet"
