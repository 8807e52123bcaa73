#!/usr/bin/env bash
# Regenerates the bundled demo (www/demo/): examples/orders built without PGO and with PGO from its
# own profile, both driven by the same fixed load (REQUESTS requests at RATE per second), so their CPU
# per second compares them; and the PGO binary's build information for the binary check. RUNS runs a
# side, alternating (baseline, candidate, baseline, ...), so the machine's drift falls on both sides.
# Checks what the demo needs: at least 2,000 samples a side, runtime.asyncPreempt at most 5 %.
#   scripts/make-demo.sh            # needs Go (make setup); run on a quiet machine
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$HOME/.cargo/bin:$PATH"
requests=${REQUESTS:-2000}
rate=${RATE:-250}
runs=${RUNS:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
demo=$PWD/www/demo
cargo build -q -p pgoscope
pgoscope=$PWD/target/debug/pgoscope

rm -f "$demo"/shapes-* "$demo"/orders-*
(cd examples/orders && go build -o "$work/orders" .)
"$work/orders" -requests "$requests" -rate "$rate" -o "$demo/orders-before-1.pprof"
(cd examples/orders && go build -pgo="$demo/orders-before-1.pprof" -o "$work/orders-pgo" .)
for run in $(seq 1 "$runs"); do
  [ "$run" = 1 ] || "$work/orders" -requests "$requests" -rate "$rate" -o "$demo/orders-before-$run.pprof"
  "$work/orders-pgo" -requests "$requests" -rate "$rate" -o "$demo/orders-after-$run.pprof"
done

# The executable's header and its build-information blob, without the megabytes between them: what
# the binary check reads (the same cut as scripts/fuzz.sh's seeds).
python3 - "$work/orders-pgo" "$demo/orders-pgo.buildinfo" <<'PY'
import sys
data = open(sys.argv[1], 'rb').read()
at = data.find(b'\xff Go buildinf:')
open(sys.argv[2], 'wb').write(data[:512] + b'\0' * ((-512) % 16) + data[at:at + 4096])
PY
"$pgoscope" buildinfo "$demo/orders-pgo.buildinfo" | grep -q -- '-pgo=' || { echo "no -pgo= in the build info" >&2; exit 1; }

for side in before after; do
  python3 - "$pgoscope" "$demo"/orders-$side-*.pprof <<'PY'
import json, subprocess, sys
pgoscope, paths = sys.argv[1], sys.argv[2:]
path = ' + '.join(paths)
infos = json.loads(subprocess.check_output([pgoscope, 'info', '--json', *paths]))
samples = sum(next(t['total'] for t in i['sample_types'] if t['type'] == 'samples') for i in infos)
top = json.loads(subprocess.check_output([pgoscope, 'top', '--json', *paths]))
preempt = sum(r['flat'] for r in top['rows'] if r['function'] == 'runtime.asyncPreempt') / top['total']
print(f"{path}: {samples} samples, runtime.asyncPreempt {100 * preempt:.1f} %")
if samples < 2000 or preempt > 0.05:
    sys.exit(f"{path}: needs >= 2000 samples and <= 5 % in runtime.asyncPreempt")
PY
done
"$pgoscope" diff --base "$demo"/orders-before-*.pprof --new "$demo"/orders-after-*.pprof | sed -n 3p
