#!/usr/bin/env bash
# Side-by-side: `pgoscope merge` vs `go tool pprof -proto` on the 50-pod fleet of the in-repo generator
# (`profgen --preset fleet`), same machine,
# same run. Prints a markdown table for docs/perf.md. Needs Go (make setup) and hyperfine (apt).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$HOME/.cargo/bin:$PATH"
work=${BENCH_DIR:-target/bench-fleet}
mkdir -p "$work"

command -v hyperfine >/dev/null || {
  if [ "$(id -u)" = 0 ]; then apt-get install -y -q hyperfine >/dev/null; else sudo apt-get install -y -q hyperfine >/dev/null; fi
}
if [ ! -f "$work/fleet.049.pb.gz" ]; then
  cargo build --release -q -p pgoscope-profgen
  target/release/profgen -o "$work/fleet" --preset fleet 2>/dev/null
fi
cargo build --release -q -p pgoscope
bin=$PWD/target/release/pgoscope
cd "$work"
raw_mb=$(for f in fleet.0*.pb.gz; do gzip -dc "$f" | wc -c; done | awk '{s+=$1} END {printf "%.1f", s/1e6}')
gz_mb=$(du -cb fleet.0*.pb.gz | tail -1 | awk '{printf "%.1f", $1/1e6}')
hyperfine --warmup 1 --runs "${RUNS:-5}" --export-json times.json \
  -n pgoscope "$bin merge -o ours.pb.gz fleet.0*.pb.gz" \
  -n "go tool pprof" "go tool pprof -proto -symbolize=none fleet.0*.pb.gz > go.pb.gz" >/dev/null 2>&1
rss() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }
ours_rss=$(rss sh -c "$bin merge -o ours.pb.gz fleet.0*.pb.gz 2>/dev/null")
go_rss=$(rss sh -c "go tool pprof -proto -symbolize=none fleet.0*.pb.gz > go.pb.gz 2>/dev/null")
python3 - "$raw_mb" "$gz_mb" "$ours_rss" "$go_rss" <<'PY'
import json, sys
raw_mb, gz_mb, ours_rss, go_rss = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
r = {x["command"]: x for x in json.load(open("times.json"))["results"]}
ours, go = r["pgoscope"], r["go tool pprof"]
print(f"fleet: 50 files, {gz_mb} MB gzip, {raw_mb} MB decompressed")
print("| command | wall (median of runs) | peak RSS |")
print("|---|---|---|")
print(f"| pgoscope merge | {ours['median']:.2f} s | {ours_rss/1024:.0f} MB ({ours_rss/1024/raw_mb:.1f}x input) |")
print(f"| go tool pprof -proto | {go['median']:.2f} s | {go_rss/1024:.0f} MB |")
print(f"ratio pgoscope / go = {ours['median']/go['median']:.3f} (1/{go['median']/ours['median']:.1f})")
PY
