#!/usr/bin/env python3
"""What a reader downloads, compressed, from a built site (issue 17's "light pages").

Usage: python3 bench/page_weight.py PUBLIC_DIR [--lang fr]

Reads the output folder of `fiche build` (no server, no browser) and prints, in bytes
compressed with gzip -6 as a web server sends them:

- fact sheet, first visit: the largest fact sheet's HTML, the CSS, the scripts it loads and
  the shared world map (images aside);
- home HTML: the language's home page;
- first filter use: what filters.js fetches the first time a reader picks a filter, on top of
  the home page: the language's search index entry (`search-index/index.json`: every
  programme's terms, which the filters and the menus' counts need) and the fragments of the
  first 10 results (the 10 largest, an upper bound);
- first search: the same and one word chunk (a query loads one chunk per word; the median
  one, and the largest as an upper bound).

The figures are an upper bound of a real first visit (a browser may already hold the CSS
or the map).
"""

import argparse
import gzip
import re
from pathlib import Path

RESULTS_SHOWN = 10  # STEP in themes/default/static/js/filters.js


def sent(path: Path) -> int:
    """Bytes on the wire, gzip'd as a web server sends them."""
    return len(gzip.compress(path.read_bytes(), 6))


def referenced(html: str, page: Path, public: Path, pattern: str) -> list:
    """Files of the site that `html` loads through `pattern` (a regex with one group)."""
    files = []
    for ref in re.findall(pattern, html):
        target = (page.parent / ref.split("#")[0].split("?")[0]).resolve()
        if target.is_file() and public.resolve() in target.parents:
            files.append(target)
    return files


def fact_sheet(public: Path, lang: str) -> tuple:
    sheets = sorted((public / lang).glob("*/*/index.html"))
    sheets = [s for s in sheets if 'class="kind-programme"' in s.read_text("utf-8")]
    page = max(sheets, key=lambda p: p.stat().st_size)
    html = page.read_text("utf-8")
    parts = [page]
    parts += referenced(html, page, public, r'<link rel="stylesheet" href="([^"]+)"')
    parts += referenced(html, page, public, r'<script[^>]* src="([^"]+)"')
    parts += referenced(html, page, public, r'<use href="([^"#]+)#')
    return page, {str(p.relative_to(public.resolve()) if p.is_absolute() else p.relative_to(public)): sent(p) for p in parts}


def search(public: Path, lang: str) -> dict:
    bundle = public / lang / "search-index"
    entry = sent(bundle / "index.json")
    fragments = sorted((bundle / "p").glob("*.json"), key=lambda p: p.stat().st_size)
    largest = fragments[-RESULTS_SHOWN:]
    chunks = sorted((bundle / "w").glob("*.json"), key=lambda p: p.stat().st_size)
    results = sum(sent(p) for p in largest)
    median = sent(chunks[len(chunks) // 2]) if chunks else 0
    most = sent(chunks[-1]) if chunks else 0
    return {
        "index entry (terms of every programme)": entry,
        f"{len(largest)} result fragments": results,
        "median word chunk": median,
        "largest word chunk": most,
        "first filter use": entry + results,
        "first search (median chunk)": entry + results + median,
        "first search (largest chunk)": entry + results + most,
        "index files": len(list(bundle.rglob("*.json"))),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("public", type=Path)
    parser.add_argument("--lang", default="fr")
    args = parser.parse_args()
    page, sheet = fact_sheet(args.public, args.lang)
    home = sent(args.public / args.lang / "index.html")
    pf = search(args.public, args.lang)
    kb = lambda n: f"{n / 1000:.1f} KB"
    print(f"fact sheet, first visit: {kb(sum(sheet.values()))}  ({page.relative_to(args.public)})")
    for name, n in sheet.items():
        print(f"    {name}: {kb(n)}")
    print(f"home HTML: {kb(home)}")
    for name, n in pf.items():
        print(f"{name}: {n}" if name == "index files" else f"{name}: {kb(n)}")


if __name__ == "__main__":
    main()
