#!/usr/bin/env python3
"""What the maps weigh on a first visit of pages of a built site, compressed (gzip -9) as a
static host would send them.

    python3 bench/map_weight.py PUBLIC PAGE...      (PAGE: en/programmes/blue-pacific/)

For each page: the page's bytes and those of its map markup (the <figure class="map">), the
shared map file it uses, the stylesheet and the scripts it loads, and their sum: what a first
visit fetches but images. Standard library only.
"""

import gzip
import re
import sys
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ in the repository


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 9))


def line(what: str, data: bytes) -> int:
    print(f"  {what:<34} {len(data):>9,} B  {gz(data):>8,} B gz")
    return gz(data)


def main() -> None:
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    public = Path(sys.argv[1])
    for page in sys.argv[2:]:
        html_path = public / page / "index.html"
        html = html_path.read_bytes()
        print(page)
        total = line("page", html)
        figure = re.search(rb'<figure class="map.*?</figure>', html, re.S)
        if figure:
            line("  of which the map markup", figure.group(0))
        base = html_path.parent
        assets = re.findall(rb'(?:href|src)="([^"#]+\.(?:css|js|svg))(?:#[^"]*)?"', html)
        for asset in sorted(set(assets)):
            name = asset.decode()
            if "images/" in name:
                continue
            total += line(name.split("/", name.count("../"))[-1], (base / name).resolve().read_bytes())
        print(f"  {'first visit (without images)':<34} {'':>11}  {total:>8,} B gz")


if __name__ == "__main__":
    main()
