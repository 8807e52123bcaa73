#!/usr/bin/env bash
# Paired: `pgoscope merge` and `go tool pprof -proto` alternately on the 50-pod fleet of the in-repo
# generator (`profgen --preset fleet`), PAIRS pairs (default 7) in the same run; prints the median of
# the per-pair ratios with min and max, CPU and peak RSS (scripts/paired.py). Needs Go (make setup).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$HOME/.cargo/bin:$PATH"
work=${BENCH_DIR:-target/bench-fleet}
mkdir -p "$work"
if [ ! -f "$work/fleet.049.pb.gz" ]; then
  cargo build --release -q -p pgoscope-profgen
  target/release/profgen -o "$work/fleet" --preset fleet 2>/dev/null
fi
cargo build --release -q -p pgoscope
bin=$PWD/target/release/pgoscope
repo=$PWD
cd "$work"
raw_mb=$(for f in fleet.0*.pb.gz; do gzip -dc "$f" | wc -c; done | awk '{s+=$1} END {printf "%.1f", s/1e6}')
gz_mb=$(du -cb fleet.0*.pb.gz | tail -1 | awk '{printf "%.1f", $1/1e6}')
echo "fleet: 50 files, $gz_mb MB gzip, $raw_mb MB decompressed; $(nproc) cores; $(go version)"
python3 "$repo/scripts/paired.py" --pairs "${PAIRS:-7}" \
  --a-name pgoscope --a "$bin merge -o ours.pb.gz fleet.0*.pb.gz" \
  --b-name "go tool pprof" --b "go tool pprof -proto -symbolize=none fleet.0*.pb.gz > go.pb.gz"
