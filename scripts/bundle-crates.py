#!/usr/bin/env python3
"""Each crate's share of a wasm module's code, from twiggy (`cargo install twiggy`):

    make build && scripts/bundle-crates.py target/wasm32-unknown-unknown/release-worker/pgoscope-worker.wasm
    scripts/bundle-crates.py target/wasm32-unknown-unknown/release/pgoscope-web.wasm

Reads the module Cargo wrote (before wasm-bindgen and wasm-opt, so function names are still
there), sums the shallow size of every function by the crate its name starts with (for
`<T as Trait>::f`, the crate of T; a generic function counts for the crate that defines it, not
the one that instantiated it), and prints a Markdown table with the data segments and the
custom sections apart (wasm-bindgen's exports and tables are not shipped either). The shipped
module is smaller (wasm-opt, no names): use the shares, not the bytes.
"""
import csv
import io
import re
import signal
import subprocess
import sys
from collections import Counter


def crate_of(name):
    name = name.lstrip("<&*")
    name = re.sub(r"^(dyn |mut |const )+", "", name)
    head = re.split(r"::|\[| as |<|>", name, maxsplit=1)[0].strip()
    return head or "(other)"


def main():
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `| head` ends the table quietly
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = subprocess.run(
        ["twiggy", "top", "-n", "1000000", "--format", "csv", sys.argv[1]],
        check=True, capture_output=True, text=True,
    ).stdout
    sizes = Counter()
    for row in csv.DictReader(io.StringIO(out)):
        name, size = row["Name"], int(row["ShallowSize"])
        if name.startswith("custom section") or "subsection" in name:
            sizes["(custom sections and names: not shipped)"] += size
        elif name.startswith("data segment"):
            sizes["(data segments)"] += size
        elif re.match(r"^(elem|table|type|import|export|global|memory|code section|wasm magic)", name):
            sizes["(exports, elements, types: mostly wasm-bindgen's, removed by it)"] += size
        else:
            sizes[crate_of(name)] += size
    shipped = sum(v for k, v in sizes.items() if not k.startswith(("(custom", "(exports")))
    print(f"| crate | bytes | share of the module without names |\n|---|---|---|")
    for crate, size in sizes.most_common():
        share = "" if crate.startswith(("(custom", "(exports")) else f"{100 * size / shipped:.1f} %"
        print(f"| {crate} | {size:,} | {share} |")


if __name__ == "__main__":
    main()
