#!/usr/bin/env python3
"""Save-to-reload latency of `fiche serve`: the time from writing a fact sheet to the moment
the server tells open pages that the fact sheet's page changed.

    python3 bench/serve_latency.py                    # demo site, 1,000 and 10,000 programmes
    python3 bench/serve_latency.py --sizes demo --runs 20
    FICHE_TIMINGS=1 python3 bench/serve_latency.py --sizes 10000 --reuse --log /tmp/serve.log

For each site it starts `fiche serve --port 0` (release build), opens the live-reload event
stream as a browser page does, then repeatedly edits one programme's title (a one-programme
edit, as an editor makes) and measures until the `reload` event that names that programme's
page arrives. It also records the server's own "Rebuilt N of M pages in T ms" lines, and its
resident memory (`VmRSS` in /proc, Linux) after the first build and after the last save, with
its peak (`VmHWM`).
Generated corpora go to /dev/shm (see bench/generate.py). Standard library only.
"""

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import queue
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BINARY = REPO / "target" / "release" / "fiche"
binary = BINARY


def build_binary():
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)


def corpus(size, scratch, reuse=False):
    """The site folder for a size: the repository's demo site, or a generated corpus (the
    one already in `scratch` with `reuse`)."""
    if size == "demo":
        site = scratch / "demo"
        if site.exists():
            shutil.rmtree(site)
        site.mkdir(parents=True)
        for part in ["site.yaml", "content", "data", "static", "themes", "i18n"]:
            src = REPO / part
            if src.is_dir():
                shutil.copytree(src, site / part)
            elif src.exists():
                shutil.copy(src, site / part)
        return site
    site = scratch / f"corpus-{size}"
    if reuse and (site / "site.yaml").exists():
        return site
    subprocess.run(
        [sys.executable, str(REPO / "bench" / "generate.py"), "--programmes", str(size), "--out", str(site)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return site


class Server:
    def __init__(self, site, log=None):
        self.process = subprocess.Popen(
            [str(binary), "serve", "--port", "0"],
            cwd=site,
            stdout=subprocess.PIPE,
            stderr=open(log, "a") if log else subprocess.DEVNULL,
            text=True,
        )
        self.rebuilds = queue.Queue()
        self.url = None
        started = time.monotonic()
        for line in self.process.stdout:
            m = re.match(r"Serving the site at (\S+)", line)
            if m:
                self.url = m.group(1)
                break
            r = re.match(r"Rebuilt (\d+) of (\d+) pages in (\d+) ms", line)
            if r:
                self.first_build_ms = int(r.group(3))
        self.startup = time.monotonic() - started
        threading.Thread(target=self._read_stdout, daemon=True).start()
        host_port, _, base = self.url[len("http://"):].partition("/")
        host, _, port = host_port.rpartition(":")
        self.events = queue.Queue()
        self.sock = socket.create_connection((host, int(port)))
        self.sock.sendall(f"GET /__fiche/events HTTP/1.1\r\nHost: {host_port}\r\n\r\n".encode())
        threading.Thread(target=self._read_events, daemon=True).start()

    def _read_stdout(self):
        for line in self.process.stdout:
            r = re.match(r"Rebuilt (\d+) of (\d+) pages in (\d+) ms", line)
            if r:
                self.rebuilds.put((int(r.group(1)), int(r.group(2)), int(r.group(3))))

    def _read_events(self):
        buffer = b""
        event = None
        while True:
            data = self.sock.recv(65536)
            if not data:
                return
            buffer += data
            while b"\n" in buffer:
                line, buffer = buffer.split(b"\n", 1)
                line = line.decode("utf-8", "replace").rstrip("\r")
                if line.startswith("event: "):
                    event = line[7:]
                elif line.startswith("data: ") and event:
                    self.events.put((time.monotonic(), event, line[6:]))

    def memory_mb(self):
        """The server's resident memory and its peak so far, in MB (0 where /proc has none)."""
        figures = {"VmRSS": 0, "VmHWM": 0}
        try:
            with open(f"/proc/{self.process.pid}/status") as status:
                for line in status:
                    key, _, value = line.partition(":")
                    if key in figures:
                        figures[key] = int(value.split()[0]) / 1024
        except OSError:
            pass
        return figures["VmRSS"], figures["VmHWM"]

    def stop(self):
        self.process.terminate()
        self.process.wait()
        self.sock.close()


def retitle(text, i):
    """The fact sheet with ` <i>` added to its title, quoted or not."""
    quoted = re.sub(r'^title: "(.*)"$', lambda m: f'title: "{m.group(1)} {i}"', text, count=1, flags=re.M)
    if quoted != text:
        return quoted
    return re.sub(r"^title: (.*)$", lambda m: f"title: {m.group(1)} {i}", text, count=1, flags=re.M)


def measure(site, runs, log=None):
    server = Server(site, log)
    try:
        programmes = sorted((site / "content" / "programmes").glob("*.md"))
        target = programmes[len(programmes) // 2]
        slug, lang = target.name[: -len(".md")].rsplit(".", 1)
        original = target.read_text(encoding="utf-8")
        times = []
        rebuilt = []
        time.sleep(0.5)
        # The first build's files that show the whole site are made after it is served.
        time.sleep(1.0)
        server.rss_first, _ = server.memory_mb()
        for i in range(runs):
            edited = retitle(original, i)
            while not server.events.empty():
                server.events.get_nowait()
            saved = time.monotonic()
            target.write_text(edited, encoding="utf-8")
            while True:
                at, event, data = server.events.get(timeout=30)
                if event == "reload" and any(p.endswith(f"/{slug}/index.html") for p in json.loads(data)["paths"]):
                    times.append((at - saved) * 1000)
                    break
            try:
                rebuilt.append(server.rebuilds.get(timeout=5))
            except queue.Empty:
                pass
            # As an editor saves, reads, saves again: a second apart, so that the files that
            # show the whole site (made after the reload) are done before the next save.
            time.sleep(1.0)
        server.rss_after, server.rss_peak = server.memory_mb()
        target.write_text(original, encoding="utf-8")
        return server, times, rebuilt
    finally:
        server.stop()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="demo,1000,10000", help="demo and/or programme counts (default demo,1000,10000)")
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--scratch", type=Path, default=Path("/dev/shm/fiche-serve-bench"))
    ap.add_argument("--binary", type=Path, help="a fiche binary to measure (default: build "
                    "target/release/fiche), to compare two builds in the same conditions")
    ap.add_argument("--reuse", action="store_true", help="use the corpora already in --scratch")
    ap.add_argument("--log", type=Path, help="append the server's standard error to this file "
                    "(with FICHE_TIMINGS=1 set, its stage times)")
    args = ap.parse_args()
    global binary
    if args.binary:
        binary = args.binary.resolve()
    else:
        build_binary()
    args.scratch.mkdir(parents=True, exist_ok=True)
    print(f"{'site':>8}  {'pages':>7}  {'first build':>11}  {'save→reload median':>18}  {'min':>6}  {'max':>6}  "
          f"{'pages re-rendered':>17}  {'RSS first build':>15}  {'RSS after saves':>15}  {'peak RSS':>9}")
    for size in args.sizes.split(","):
        site = corpus(size, args.scratch, args.reuse)
        server, times, rebuilt = measure(site, args.runs, args.log)
        pages = rebuilt[-1][1] if rebuilt else 0
        rerendered = statistics.median(r[0] for r in rebuilt) if rebuilt else 0
        print(
            f"{size:>8}  {pages:>7}  {getattr(server, 'first_build_ms', 0):>8} ms  "
            f"{statistics.median(times):>15.1f} ms  {min(times):>4.0f} ms  {max(times):>4.0f} ms  {rerendered:>17.0f}  "
            f"{server.rss_first:>12.0f} MB  {server.rss_after:>12.0f} MB  {server.rss_peak:>6.0f} MB"
        )


if __name__ == "__main__":
    main()
