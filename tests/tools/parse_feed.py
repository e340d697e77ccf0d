#!/usr/bin/env python3
"""Reads an Atom feed with the feedparser package and prints what it understood as JSON:
bozo (1 when the feed is not well-formed or not valid), the feed's version, title, language and
links, and each entry's id, title, link, updated date, summary and categories.

    parse_feed.py public/fr/atom.xml

Exits 2 when feedparser is missing. Run by the ignored integration test
`outputs::atom_feeds_pass_feedparser`.
"""

import json
import sys


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        import feedparser
    except ImportError:
        print("missing Python module: feedparser (pip install feedparser)", file=sys.stderr)
        return 2
    with open(sys.argv[1], "rb") as f:
        parsed = feedparser.parse(f.read())
    feed = parsed.feed
    print(json.dumps({
        "bozo": int(parsed.bozo),
        "bozo_exception": str(parsed.get("bozo_exception", "")),
        "version": parsed.version,
        "title": feed.get("title"),
        "language": feed.get("language"),
        "updated": feed.get("updated"),
        "links": [{"rel": l.get("rel"), "href": l.get("href")} for l in feed.get("links", [])],
        "entries": [
            {
                "id": e.get("id"),
                "title": e.get("title"),
                "link": e.get("link"),
                "updated": e.get("updated"),
                "summary": e.get("summary"),
                "categories": [t.get("term") for t in e.get("tags", [])],
            }
            for e in parsed.entries
        ],
    }, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
