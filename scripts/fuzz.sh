#!/usr/bin/env bash
# Coverage-guided fuzzing of the parsers with cargo-fuzz (libFuzzer; needs a nightly toolchain).
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
# Seeds come from tests/fixtures, the hostile inputs and Go binaries built for three systems.
# Each run's final statistics go to target/fuzz/logs/<target>.log; a crash input is copied to
# fuzz/regressions/<target>/, which `cargo test --test fuzz_regressions` replays.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-300}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(decode merge pgo_writer buildinfo deep_link)
export PATH="$PWD/.venv/bin:$HOME/.cargo/bin:$PATH"
fixtures=${PGOSCOPE_FIXTURES:-tests/fixtures}
work=$PWD/target/fuzz
mkdir -p "$work/logs"

command -v cargo-fuzz >/dev/null || cargo install --locked cargo-fuzz
rustup toolchain list | grep -q '^nightly' || { echo "cargo-fuzz needs a nightly toolchain" >&2; exit 1; }

seed_profiles() {
  local dir=$work/seeds/profiles
  [ -d "$dir" ] && return
  mkdir -p "$dir"
  # Small seeds keep executions fast: google/pprof's corpus (gzip and raw), and Go profiles cut
  # down to their default.pgo (raw).
  cp "$fixtures"/pprof-testdata/proto/*.pb.gz "$dir"/
  for f in "$fixtures"/pprof-testdata/proto/*.pb.gz; do gzip -dc "$f" > "$dir/$(basename "$f" .gz).raw"; done
  cargo build -q -p pgoscope
  for f in "$fixtures"/go/websvc-before-1.pprof "$fixtures"/go/websvc-after-1.pprof; do
    target/debug/pgoscope pgo --keep-locations 2 -o "$work/seed.pgo" "$f" 2>/dev/null
    gzip -dc < "$work/seed.pgo" > "$dir/$(basename "$f").pgo.raw"
  done
  cargo run -q -p pgoscope-pprof --example hostile -- "$work/hostile" >/dev/null
  cp "$work"/hostile/{lying-length,lying-varint,duplicate-ids,recursion-1000}.pb "$dir"/
}

seed_binaries() {
  local dir=$work/seeds/binaries
  [ -d "$dir" ] && return
  mkdir -p "$dir"
  for os in linux darwin windows; do
    (cd examples/shapes && GOOS=$os GOARCH=amd64 go build -pgo=off -o "$work/shapes-$os" .)
    # The executable header and the build-info blob, without the megabytes between them.
    python3 - "$work/shapes-$os" "$dir/$os.bin" <<'PY'
import sys
data = open(sys.argv[1], 'rb').read()
at = data.find(b'\xff Go buildinf:')
open(sys.argv[2], 'wb').write(data[:512] + b'\0' * ((-512) % 16) + data[at:at + 4096])
PY
  done
}

seed_links() {
  local dir=$work/seeds/links
  [ -d "$dir" ] && return
  mkdir -p "$dir"
  printf '%s' '#/?pyroscope=http://p:4040&query={service_name="api"}&type=process_cpu:cpu:nanoseconds:cpu:nanoseconds&from=now-1h&to=now&var-pod=a' > "$dir/1"
  printf '%s' '#/?pyroscope=/pyroscope&query={}&from=1763999000000&to=1763999999000&base_from=now-2d&base_to=now-1d&tenant=t' > "$dir/2"
  printf '%s' '#url=http%3A%2F%2Fx%2Fa.pb.gz&url=https://y/b' > "$dir/3"
  printf '%s' 'now-90m' > "$dir/4"
}

corpus_for() {
  case $1 in
    decode|merge|pgo_writer) seed_profiles; echo "$work/seeds/profiles" ;;
    buildinfo) seed_binaries; echo "$work/seeds/binaries" ;;
    deep_link) seed_links; echo "$work/seeds/links" ;;
  esac
}

for target in "${targets[@]}"; do
  seeds=$(corpus_for "$target")
  corpus=$work/corpus/$target
  mkdir -p "$corpus" "$work/artifacts/$target"
  echo "== $target: $seconds s"
  touch "$work/artifacts/$target/.started"
  (cd fuzz && cargo +nightly fuzz run -O "$target" "$corpus" "$seeds" -- \
      -max_total_time="$seconds" -max_len=16384 -rss_limit_mb=4096 -print_final_stats=1 \
      -artifact_prefix="$work/artifacts/$target/") > "$work/logs/$target.log" 2>&1 || true
  grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$work/logs/$target.log" || true
  for crash in "$work/artifacts/$target"/*; do
    [ "$crash" -nt "$work/artifacts/$target/.started" ] || continue
    mkdir -p "fuzz/regressions/$target"
    cp "$crash" "fuzz/regressions/$target/"
    echo "FINDING: $crash (copied to fuzz/regressions/$target/)"
  done
done
