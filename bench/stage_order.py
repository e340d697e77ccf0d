#!/usr/bin/env python3
"""Lists every place where a module of src/ names a stage above its own (ARCHITECTURE.md: a
stage may use what is below it, never what is above), and pairs of stages that name each
other. Standard library only; reads `crate::<stage>` paths, comments left out.

    python3 bench/stage_order.py
"""
import pathlib
import re
import sys

# Lowest first; stages on the same rung may not name each other.
# `import` is beside the build (it uses only the lower stages); only the CLI uses it.
ORDER = ["diagnostic", "domain", "load", "parse", "theme", "model", "render", "links", "write",
         "pipeline", "serve", "import", "cli"]
RANK = {name: i for i, name in enumerate(ORDER)}


def stage_of(rel):
    first = rel.parts[1]
    return first[:-3] if first.endswith(".rs") else first


def main():
    src = pathlib.Path(__file__).resolve().parent.parent / "src"
    bad = 0
    for path in sorted(src.rglob("*.rs")):
        rel = path.relative_to(src.parent)
        own = stage_of(rel)
        if own not in RANK:
            continue
        for n, line in enumerate(path.read_text().splitlines(), 1):
            code = line.split("//")[0]
            named = re.findall(r"\bcrate::(\w+)", code)
            for group in re.findall(r"\bcrate::\{([^}]*)\}", code):
                named += re.findall(r"\b(\w+)\b", group)
            for other in named:
                if other in RANK and RANK[other] > RANK[own]:
                    bad += 1
                    print(f"{rel}:{n}: {own} uses {other}: {line.strip()}")
    print(f"{bad} backward imports")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
