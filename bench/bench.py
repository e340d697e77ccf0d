#!/usr/bin/env python3
"""Measures fiche against Hugo and against the write floor; bench/run.sh calls this.

For each corpus size it generates a corpus (bench/generate.py) and converts it for Hugo
(bench/to_hugo.py), then runs rounds (round 1 of every size, then round 2 …) of, interleaved:

  fiche    `fiche build` into an empty output folder (a clean build)
  hugo     `hugo` on the same corpus into an empty folder
  floor    bench/floor.rs: writes fiche's output again from memory (the write phase only)
  rebuild  `fiche build` again, nothing changed, over the previous output

and prints the medians and the ratios. Wall time is measured here around each process; peak
memory and CPU time come from `/usr/bin/time -v`. Standard library only.
"""

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
TOOLS = ("fiche", "hugo", "floor", "rebuild")


def log(message):
    print(message, file=sys.stderr, flush=True)


def run(cmd, **kw):
    result = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if result.returncode != 0:
        log(f"failed ({result.returncode}): {' '.join(map(str, cmd))}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
        sys.exit(1)
    return result


def timed(cmd, scratch):
    """Runs cmd under /usr/bin/time -v; gives wall seconds, CPU seconds, peak RSS (MB), stdout."""
    report = scratch / "time.txt"
    started = time.perf_counter()
    result = subprocess.run(["/usr/bin/time", "-v", "-o", str(report), *map(str, cmd)], capture_output=True, text=True)
    wall = time.perf_counter() - started
    if result.returncode != 0:
        log(f"failed ({result.returncode}): {' '.join(map(str, cmd))}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
        sys.exit(1)
    text = report.read_text()

    def field(name):
        m = re.search(rf"^\s*{re.escape(name)}: (.+)$", text, re.M)
        return m.group(1).strip() if m else "0"

    cpu = float(field("User time (seconds)")) + float(field("System time (seconds)"))
    rss_mb = int(field("Maximum resident set size (kbytes)")) / 1024
    return {"wall": wall, "cpu": cpu, "rss_mb": rss_mb, "stdout": result.stdout}


def remove(path):
    if path.exists():
        shutil.rmtree(path)


def count_files(path):
    return sum(len(files) for _, _, files in os.walk(path))


class Size:
    """One corpus size of a run: its corpus (and Hugo's copy), its outputs and its samples."""

    def __init__(self, args, label, root, size, hugo_rounds):
        self.args, self.label, self.root, self.size, self.hugo_rounds = args, label, root, size, hugo_rounds
        self.base = root / f"n{size}"
        self.site, self.hugo_site = self.base / "site", self.base / "hugo-site"
        self.out = {t: self.base / f"out-{t}" for t in ("fiche", "hugo", "floor")}
        self.samples = {t: [] for t in TOOLS}
        self.files = {}

    def prepare(self):
        args = self.args
        self.base.mkdir(parents=True, exist_ok=True)
        log(f"== {self.label} ({self.root}): {self.size} programmes × {args.langs}")
        run([sys.executable, HERE / "generate.py", "--programmes", str(self.size), "--langs", args.langs, "--seed", str(args.seed), "--out", self.site])
        if self.hugo_rounds:
            extra = ["--no-related"] if args.hugo_no_related else []
            run([sys.executable, HERE / "to_hugo.py", "--corpus", self.site, "--out", self.hugo_site, *extra])
        self.remove_outputs()

    def remove_outputs(self):
        for o in self.out.values():
            remove(o)

    def round(self, r, rounds):
        """Round `r`: each tool once (Hugo in the first `hugo_rounds`); the outputs are removed
        after it (counted after the last), so that one size's outputs fill the RAM at a time."""
        args, out = self.args, self.out
        for tool in [t for t in TOOLS if t != "hugo" or r < self.hugo_rounds]:
            if tool in ("fiche", "hugo", "floor"):
                remove(out[tool])
            # Whatever the previous step left to write back goes now, not during this step.
            os.sync()
            if tool in ("fiche", "rebuild"):
                m = timed([args.fiche, "build", "--root", self.site, "--output", out["fiche"]], self.base)
            elif tool == "hugo":
                m = timed([args.hugo, "--quiet", "--source", self.hugo_site, "--destination", out["hugo"]], self.base)
            else:
                m = timed([args.floor, out["fiche"], out["floor"]], self.base)
                m["wall"] = float(m["stdout"].split()[0])  # the write phase alone
            self.samples[tool].append(m)
            log(f"   {self.size:>6} round {r + 1}/{rounds} {tool:8} {m['wall']:8.3f} s wall {m['cpu']:8.2f} s cpu {m['rss_mb']:8.0f} MB")
        if r == rounds - 1:
            self.files = {"fiche": count_files(out["fiche"])}
            if self.hugo_rounds:
                self.files["hugo"] = count_files(out["hugo"])
        self.remove_outputs()

    def result(self):
        if not self.args.keep:
            remove(self.base)
        med = {}
        for tool, ms in self.samples.items():
            if ms:
                med[tool] = {k: statistics.median(m[k] for m in ms) for k in ("wall", "cpu", "rss_mb")}
                med[tool]["walls"] = [round(m["wall"], 3) for m in ms]
        return {"size": self.size, "where": self.label, "root": str(self.root), "medians": med, "files": self.files}


def measure_sizes(args, label, root, sizes, hugo_rounds, rounds):
    """Every size of `sizes` in `root`, their rounds interleaved (round 1 of each size, then
    round 2 …): a ratio between two sizes then compares builds made minutes apart rather
    than a quarter of an hour, on a machine whose speed drifts."""
    measured = [Size(args, label, root, n, hugo_rounds if n <= args.hugo_max else 0) for n in sizes]
    for m in measured:
        m.prepare()
    for r in range(rounds):
        for m in measured:
            m.round(r, rounds)
    return [m.result() for m in measured]


def ratio(a, b):
    return a / b if a is not None and b else None


def fmt(x, unit=""):
    if x is None:
        return "—"
    return f"{x:.0f}{unit}" if unit == " MB" else f"{x:.2f}{unit}"


def report(args, results, meta):
    places = ", ".join(sorted({f"{r['where']} = {r['root']}" for r in results}))
    lines = [
        f"fiche benchmark, {meta['date']}: {meta['machine']}",
        f"fiche {meta['fiche_rev']}, {meta['hugo_version']}; rounds interleaved, medians of {meta['rounds']}; "
        f"corpus: N programmes × {args.langs}, seed {args.seed}; load average before/after: {meta['load_before']} / {meta['load_after']}",
        f"corpora and outputs in {places}",
        "",
        f"{'where':6} {'N':>6} {'fiche':>9} {'rebuild':>9} {'floor':>9} {'Hugo':>9} | {'fiche cpu':>9} {'Hugo cpu':>9} | {'fiche RSS':>9} {'Hugo RSS':>9} | files fiche/Hugo",
    ]
    for res in results:
        m = res["medians"]
        g = lambda t, k: m[t][k] if t in m else None  # noqa: E731
        lines.append(
            f"{res['where']:6} {res['size']:>6} {fmt(g('fiche', 'wall'), ' s'):>9} {fmt(g('rebuild', 'wall'), ' s'):>9} "
            f"{fmt(g('floor', 'wall'), ' s'):>9} {fmt(g('hugo', 'wall'), ' s'):>9} | {fmt(g('fiche', 'cpu'), ' s'):>9} "
            f"{fmt(g('hugo', 'cpu'), ' s'):>9} | {fmt(g('fiche', 'rss_mb'), ' MB'):>9} {fmt(g('hugo', 'rss_mb'), ' MB'):>9} | "
            f"{res['files'].get('fiche')}/{res['files'].get('hugo', '—')}"
        )
    lines += ["", f"{'ratio':34} {'target':>8}" + "".join(f" {r['where'] + ' ' + str(r['size']):>12}" for r in results)]

    def row(name, target, fn):
        lines.append(f"{name:34} {target:>8}" + "".join(f" {fmt(fn(r['medians'])):>12}" for r in results))

    w = lambda m, t, k="wall": m[t][k] if t in m else None  # noqa: E731
    row("fiche / Hugo, wall time", "≤ 0.25", lambda m: ratio(w(m, "fiche"), w(m, "hugo")))
    row("fiche / Hugo, CPU time", "", lambda m: ratio(w(m, "fiche", "cpu"), w(m, "hugo", "cpu")))
    row("fiche / floor, wall time", "≤ 3", lambda m: ratio(w(m, "fiche"), w(m, "floor")))
    row("fiche / Hugo, peak memory", "≤ 0.25", lambda m: ratio(w(m, "fiche", "rss_mb"), w(m, "hugo", "rss_mb")))
    row("no-change rebuild / clean build", "", lambda m: ratio(w(m, "rebuild"), w(m, "fiche")))
    by_root = {}
    for r in results:
        by_root.setdefault(r["where"], {})[r["size"]] = r["medians"]
    for root, sizes in by_root.items():
        ks = sorted(sizes)
        for small, big in zip(ks, ks[1:]):
            a, b = sizes[small].get("fiche"), sizes[big].get("fiche")
            if a and b:
                lines.append(
                    f"fiche({big}) / fiche({small}) in {root}: {b['wall'] / a['wall']:.2f} wall, "
                    f"{b['cpu'] / a['cpu']:.2f} CPU (target ≤ {growth_target(small, big)})"
                )
    for r in results:
        if r["size"] in MEMORY_TARGETS and "fiche" in r["medians"]:
            lines.append(
                f"fiche peak memory at {r['size']} in {r['where']}: {r['medians']['fiche']['rss_mb']:.0f} MB "
                f"(target ≤ {MEMORY_TARGETS[r['size']]} MB)"
            )
    return "\n".join(lines)


# Issue 19's targets: peak memory by size (MB), and 30,000 at most 3.2 × 10,000.
MEMORY_TARGETS = {10000: 300, 30000: 450}


def growth_target(small, big):
    """How many times the time of `small` programmes `big` may take."""
    return "3.2" if (small, big) == (10000, 30000) else f"{1.1 * big / small:.0f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--fiche", type=Path, required=True)
    ap.add_argument("--floor", type=Path, required=True)
    ap.add_argument("--hugo", type=Path, help="Hugo's binary (leave out to skip Hugo)")
    ap.add_argument("--hugo-version", default="")
    ap.add_argument("--sizes", default="1000,10000", help="programme counts in RAM (default 1000,10000)")
    ap.add_argument("--disk-sizes", default="10000", help="programme counts on disk (default 10000; empty for none)")
    ap.add_argument("--hugo-no-related", action="store_true", help="Hugo's fact sheets without related programmes (Hugo's related search is quadratic)")
    ap.add_argument("--disk-hugo", action="store_true", help="also run Hugo on disk (slow; off by default)")
    ap.add_argument("--runs", type=int, default=3, help="rounds per size in RAM (default 3)")
    ap.add_argument("--hugo-runs", type=int, help="how many of those rounds run Hugo too (default: all)")
    ap.add_argument("--hugo-max", type=int, default=10000, help="largest size Hugo runs at (default 10000: Hugo takes minutes per build there)")
    ap.add_argument("--disk-runs", type=int, help="rounds per size on disk (default: --runs)")
    ap.add_argument("--langs", default="fr,en,es")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--ram", type=Path, default=Path("/dev/shm/fiche-bench"), help="folder on a RAM file system")
    ap.add_argument("--disk", type=Path, default=REPO / "target" / "bench" / "disk", help="folder on disk")
    ap.add_argument("--json", type=Path, help="also write the results here")
    ap.add_argument("--keep", action="store_true", help="keep the corpora afterwards")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    disk_sizes = [int(s) for s in args.disk_sizes.split(",") if s.strip()]

    def load():
        return " ".join(f"{x:.2f}" for x in os.getloadavg())

    # A copy made with `git archive` has no .git: FICHE_BENCH_REV then says which commit it is.
    rev = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = rev and subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--", "src"], capture_output=True, text=True).stdout.strip()
    rev = rev or os.environ.get("FICHE_BENCH_REV", "unknown commit")
    meta = {
        "date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "machine": f"{platform.system()} {platform.release()}, {os.cpu_count()} cores",
        "fiche_rev": rev + (" (with uncommitted changes in src/)" if dirty else ""),
        "hugo_version": (f"Hugo {args.hugo_version}" + (" without related programmes" if args.hugo_no_related else "")) if args.hugo else "no Hugo",
        "load_before": load(),
    }
    results = []
    started = time.time()
    hugo_runs = 0 if args.hugo is None else min(args.runs, args.runs if args.hugo_runs is None else args.hugo_runs)
    disk_runs = args.runs if args.disk_runs is None else args.disk_runs
    meta["rounds"] = f"{args.runs} in RAM ({hugo_runs} with Hugo), {disk_runs} on disk" if disk_sizes else f"{args.runs} ({hugo_runs} with Hugo)"
    plan = (
        ("RAM", args.ram, sizes, hugo_runs, args.runs),
        ("disk", args.disk, disk_sizes, min(hugo_runs, disk_runs) if args.disk_hugo else 0, disk_runs),
    )
    for label, root, ns, hugo, rounds in plan:
        results.extend(measure_sizes(args, label, root, ns, hugo, rounds))
        if not args.keep and root.is_dir() and not any(root.iterdir()):
            root.rmdir()
    meta["load_after"] = load()
    meta["seconds"] = round(time.time() - started)
    text = report(args, results, meta)
    print(text)
    print(f"\n(the whole run took {meta['seconds']} s)")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"meta": meta, "results": results}, indent=1))


if __name__ == "__main__":
    main()
