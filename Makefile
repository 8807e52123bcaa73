# pgoscope — the two commands of the README: `make serve` and `make test`.
# Both install what is missing first (scripts/setup.sh), so they work on a fresh machine.

SHELL := /bin/bash
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(CURDIR)/.venv/bin:$(PATH)
export PGOSCOPE_REQUIRE_GO := 1

.PHONY: setup serve build dist js test lint unit jstest e2e bench clean

setup:
	@scripts/setup.sh

## Build the web app and serve it with the demo on http://127.0.0.1:8080
serve: setup
	trunk serve --release

## Release build of the static site into dist/
build: setup
	trunk build --release

## The static site for deployment under $(PUBLIC_URL) (default /pgoscope/) in target/site; see docs/deploy.md
PUBLIC_URL ?= /pgoscope/
dist: setup
	trunk build --release --public-url $(PUBLIC_URL) --dist target/site

## The core as a JS module in target/js (Node 20+ and browsers; see the README)
js: setup
	cargo build -q -p pgoscope-js --target wasm32-unknown-unknown --release
	wasm-bindgen --target web --out-dir target/js --out-name pgoscope_wasm target/wasm32-unknown-unknown/release/pgoscope_js.wasm
	cp crates/js/package/package.json crates/js/package/pgoscope.js crates/js/package/pgoscope.d.ts target/js/

## Everything CI runs: format, lints (native and wasm32), native tests incl. Go fidelity, web build, JS module, browser E2E
test: setup lint unit build dist js jstest e2e

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy -p pgoscope-web -p pgoscope-js -p pgoscope-api -p pgoscope-pprof -p pgoscope-pgo -p pgoscope-flame -p pgoscope-fetch --target wasm32-unknown-unknown -- -D warnings

unit:
	cargo test --workspace --exclude pgoscope-web
	cargo test -p pgoscope-web --lib

jstest:
	cargo build -q -p pgoscope
	node --test tests/js/

e2e:
	cargo build -q -p pgoscope -p pgoscope-profgen
	node --test --test-concurrency=1 tests/e2e/

## Criterion benches and the side-by-side run against go tool pprof (see docs/perf.md)
bench: setup
	cargo bench -p pgoscope-pprof
	scripts/bench-fleet.sh

clean:
	cargo clean
	rm -rf dist tests/artifacts
