#!/usr/bin/env python3
"""Compares two fiche binaries on the same corpus: before and after a change.

    python3 bench/compare.py BEFORE AFTER [--sizes 10000] [--runs 3] [--langs fr,en,es]

For each size it generates a corpus (bench/generate.py) in RAM (`--ram`, /dev/shm by
default), then runs rounds of clean builds, BEFORE then AFTER then AFTER then BEFORE …
(alternating which goes first, so that a slow minute of the machine hits both alike), each
into an output folder that does not exist. It prints the medians of wall time, CPU time (user
+ system) and peak resident memory, and AFTER / BEFORE as ratios: on a noisy machine the
ratios are the figures to read. With `--diff` it also compares the two outputs of the last
round with `diff -rq` and says whether they are byte-identical.

Standard library only; needs /usr/bin/time (Debian: `time`).
"""

import argparse
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import log, remove, run, timed  # noqa: E402

HERE = Path(__file__).resolve().parent


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--sizes", default="10000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--langs", default="fr,en,es")
    parser.add_argument("--seed", default="7")
    parser.add_argument("--ram", type=Path, default=Path("/dev/shm/fiche-compare"))
    parser.add_argument("--facts-once", action="store_true", help="a corpus whose translations write words only (generate.py --facts-once)")
    parser.add_argument("--after-facts-once", action="store_true",
                        help="BEFORE builds the corpus whose translations repeat the facts, AFTER the same corpus written facts-once (the same pages)")
    parser.add_argument("--diff", action="store_true", help="diff -rq the last round's outputs")
    parser.add_argument("--keep", action="store_true", help="keep the corpora and outputs")
    args = parser.parse_args()
    binaries = {"before": args.before.resolve(), "after": args.after.resolve()}
    for name, path in binaries.items():
        if not path.is_file():
            sys.exit(f"{name}: no binary at {path}")

    rows = []
    for size in [int(s) for s in args.sizes.split(",") if s]:
        base = args.ram / f"n{size}"
        base.mkdir(parents=True, exist_ok=True)
        sites = {}
        for name in binaries:
            once = args.facts_once or (args.after_facts_once and name == "after")
            site = args.ram / (f"n{size}-facts-once" if once else f"n{size}") / "site"
            sites[name] = site
            if not site.exists():
                log(f"== generating {size} programmes × {args.langs}{' (facts once)' if once else ''}")
                run([sys.executable, HERE / "generate.py", "--programmes", str(size), "--out", site,
                     "--langs", args.langs, "--seed", args.seed] + (["--facts-once"] if once else []))
        figures = {name: [] for name in binaries}
        for round_ in range(args.runs):
            order = list(binaries) if round_ % 2 == 0 else list(reversed(binaries))
            for name in order:
                out = base / f"out-{name}"
                remove(out)
                subprocess.run(["sync"])
                result = timed([binaries[name], "build", "--root", sites[name], "--output", out], base)
                figures[name].append(result)
                log(f"   {size} round {round_ + 1} {name}: {result['wall']:.2f} s wall, "
                    f"{result['cpu']:.2f} s CPU, {result['rss_mb']:.0f} MB")
        identical = None
        if args.diff:
            diff = subprocess.run(["diff", "-rq", base / "out-before", base / "out-after"],
                                  capture_output=True, text=True)
            identical = diff.returncode == 0
            if not identical:
                log(diff.stdout[-3000:])
        medians = {name: {k: statistics.median(r[k] for r in figures[name]) for k in ("wall", "cpu", "rss_mb")}
                   for name in binaries}
        rows.append((size, medians, identical))
        if not args.keep:
            for name in binaries:
                remove(base / f"out-{name}")

    print(f"| size × {args.langs} | | before | after | after / before |")
    print("|---|---|---|---|---|")
    for size, medians, identical in rows:
        for key, label, unit in (("wall", "wall", "s"), ("cpu", "CPU", "s"), ("rss_mb", "peak RSS", "MB")):
            b, a = medians["before"][key], medians["after"][key]
            fmt = (lambda x: f"{x:.0f} {unit}") if unit == "MB" else (lambda x: f"{x:.2f} {unit}")
            print(f"| {size:,} | {label} | {fmt(b)} | {fmt(a)} | {a / b:.3f} |")
        if identical is not None:
            print(f"| {size:,} | output | | | {'byte-identical' if identical else 'DIFFERENT'} |")
    print(f"(medians of {args.runs} interleaved rounds; before = {binaries['before']}, after = {binaries['after']})")
    if not args.keep:
        shutil.rmtree(args.ram, ignore_errors=True)


if __name__ == "__main__":
    main()
