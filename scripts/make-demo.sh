#!/usr/bin/env bash
# Regenerates the bundled demo (www/demo/): examples/shapes built without PGO and with PGO from its
# own profile, both driven by the same fixed load (REQUESTS requests at RATE per second), so their CPU
# per second compares them; and the PGO binary's build information for the binary check.
# Checks what the demo needs: at least 2,000 samples a side, runtime.asyncPreempt at most 5 %.
#   scripts/make-demo.sh            # needs Go (make setup); run on a quiet machine
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$HOME/.cargo/bin:$PATH"
requests=${REQUESTS:-12000}
rate=${RATE:-400}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
demo=$PWD/www/demo
cargo build -q -p pgoscope
pgoscope=$PWD/target/debug/pgoscope

(cd examples/shapes && go build -o "$work/shapes" .)
"$work/shapes" -requests "$requests" -rate "$rate" -o "$demo/shapes-before.pprof"
(cd examples/shapes && go build -pgo="$demo/shapes-before.pprof" -o "$work/shapes-pgo" .)
"$work/shapes-pgo" -requests "$requests" -rate "$rate" -o "$demo/shapes-after.pprof"

# The executable's header and its build-information blob, without the megabytes between them: what
# the binary check reads (the same cut as scripts/fuzz.sh's seeds).
python3 - "$work/shapes-pgo" "$demo/shapes-pgo.buildinfo" <<'PY'
import sys
data = open(sys.argv[1], 'rb').read()
at = data.find(b'\xff Go buildinf:')
open(sys.argv[2], 'wb').write(data[:512] + b'\0' * ((-512) % 16) + data[at:at + 4096])
PY
"$pgoscope" buildinfo "$demo/shapes-pgo.buildinfo" | grep -q -- '-pgo=' || { echo "no -pgo= in the build info" >&2; exit 1; }

for side in before after; do
  python3 - "$pgoscope" "$demo/shapes-$side.pprof" <<'PY'
import json, subprocess, sys
pgoscope, path = sys.argv[1], sys.argv[2]
info = json.loads(subprocess.check_output([pgoscope, 'info', '--json', path]))[0]
samples = next(t['total'] for t in info['sample_types'] if t['type'] == 'samples')
top = json.loads(subprocess.check_output([pgoscope, 'top', '--json', path]))
preempt = sum(r['flat'] for r in top['rows'] if r['function'] == 'runtime.asyncPreempt') / top['total']
print(f"{path}: {samples} samples, runtime.asyncPreempt {100 * preempt:.1f} %")
if samples < 2000 or preempt > 0.05:
    sys.exit(f"{path}: needs >= 2000 samples and <= 5 % in runtime.asyncPreempt")
PY
done
