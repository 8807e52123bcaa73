#!/usr/bin/env python3
"""Paired timing: runs command A and command B alternately (A B A B …, --pairs times), each
measured by wait4 (wall, user + system CPU, peak RSS of the process and its children), and prints
the median of the per-pair ratios B/A with min and max, as a Markdown table. The VM's speed drifts,
so only ratios measured in the same pair are compared.

    scripts/paired.py --pairs 7 --a-name pgoscope --a 'target/release/pgoscope merge -o o.pb.gz f.*'
        --b-name 'go tool pprof' --b 'go tool pprof -proto -symbolize=none f.* > g.pb.gz'

Commands run under `sh -c` (globs, redirections); the extra shell costs ~1 ms and no memory.
`--once COMMAND` runs one command and prints its measures as JSON (for harnesses that alternate
the runs themselves, such as scripts/bench-browser-paired.mjs).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time


def run(command):
    started = time.perf_counter()
    proc = subprocess.Popen(["sh", "-c", command], stdin=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {command}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024}


def summary(values):
    return statistics.median(values), min(values), max(values)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--pairs", type=int, default=7)
    p.add_argument("--warmup", type=int, default=1, help="unmeasured runs of each first")
    p.add_argument("--a")
    p.add_argument("--b")
    p.add_argument("--a-name", default="A")
    p.add_argument("--b-name", default="B")
    p.add_argument("--once", metavar="COMMAND", help="measure one run of COMMAND, print it as JSON")
    args = p.parse_args()
    if args.once:
        print(json.dumps(run(args.once)))
        return
    if not (args.a and args.b):
        sys.exit("--a and --b are required (or --once)")
    if args.pairs < 5:
        sys.exit("at least 5 pairs")
    for _ in range(args.warmup):
        run(args.a)
        run(args.b)
    pairs = [(run(args.a), run(args.b)) for _ in range(args.pairs)]
    wall_ratio = summary([b["wall"] / a["wall"] for a, b in pairs])
    cpu_ratio = summary([b["cpu"] / a["cpu"] for a, b in pairs])
    print(f"{args.pairs} pairs, alternating {args.a_name} / {args.b_name}\n")
    print(f"| | {args.a_name} | {args.b_name} |")
    print("|---|---|---|")
    for key, unit, label in [("wall", "s", "wall"), ("cpu", "s", "CPU (user + sys)"), ("rss_mb", "MB", "peak RSS")]:
        cells = []
        for side in (0, 1):
            med, lo, hi = summary([pair[side][key] for pair in pairs])
            digits = 0 if unit == "MB" else 2
            cells.append(f"{med:.{digits}f} {unit} ({lo:.{digits}f}–{hi:.{digits}f})")
        print(f"| {label}, median (min–max) | {cells[0]} | {cells[1]} |")
    print(f"\n**{args.b_name} / {args.a_name}, wall: {wall_ratio[0]:.2f}× (per-pair min {wall_ratio[1]:.2f}×, max {wall_ratio[2]:.2f}×)**; "
          f"CPU: {cpu_ratio[0]:.2f}× (min {cpu_ratio[1]:.2f}×, max {cpu_ratio[2]:.2f}×)")


if __name__ == "__main__":
    main()
