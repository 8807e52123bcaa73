#!/usr/bin/env bash
# default.pgo generation on the 50-pod fleet (`profgen --preset fleet`): `pgoscope pgo` vs the Go pipeline it replaces
# (`go tool pprof -proto` to merge, then `go tool preprofile`), same machine, same run.
# Run scripts/bench-fleet.sh first (it generates the fleet); BENCH_DIR as there.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$HOME/.cargo/bin:$PATH"
work=${BENCH_DIR:-target/bench-fleet}
cargo build --release -q -p pgoscope
bin=$PWD/target/release/pgoscope
cd "$work"
hyperfine --warmup 1 --runs "${RUNS:-3}" --export-json pgo-times.json \
  -n "pgoscope pgo" "$bin pgo -o ours.pgo --preprofile ours.txt fleet.0*.pb.gz 2>/dev/null" \
  -n "go tool pprof -proto + go tool preprofile" \
  "go tool pprof -proto -symbolize=none fleet.0*.pb.gz > merged.pb.gz 2>/dev/null && go tool preprofile -i merged.pb.gz -o go.txt" \
  >/dev/null
cmp ours.txt go.txt && echo "preprofile outputs are byte-identical"
python3 - <<'PY'
import json
r = {x["command"]: x["median"] for x in json.load(open("pgo-times.json"))["results"]}
ours, go = r["pgoscope pgo"], r["go tool pprof -proto + go tool preprofile"]
print(f"| pgoscope pgo | {ours:.2f} s |\n| go tool pprof -proto + go tool preprofile | {go:.2f} s |")
print(f"ratio = {ours/go:.3f} (1/{go/ours:.1f})")
PY
