# pgoscope — the two commands of the README: `make serve` and `make test`.
# Both install what is missing first (scripts/setup.sh), so they work on a fresh machine.

SHELL := /bin/bash
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(CURDIR)/.venv/bin:$(PATH)
export PGOSCOPE_REQUIRE_GO := 1

.PHONY: setup serve build dist test lint unit e2e bench clean

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

## Everything CI runs: format, lints (native and wasm32), native tests incl. Go fidelity, web build, browser E2E
test: setup lint unit build dist e2e

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy -p pgoscope-web -p pgoscope-pprof -p pgoscope-pgo -p pgoscope-flame -p pgoscope-fetch --target wasm32-unknown-unknown -- -D warnings

unit:
	cargo test --workspace --exclude pgoscope-web
	cargo test -p pgoscope-web --lib

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
