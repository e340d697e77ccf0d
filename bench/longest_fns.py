#!/usr/bin/env python3
"""Lists the longest functions of src/ (lines from `fn` to its closing brace) and the longest
files, for issue 13's before/after figures. Standard library only; braces inside strings,
chars and comments are skipped, which is enough for this code base.

    python3 bench/longest_fns.py [--top 15] [--over 120]
"""
import argparse
import pathlib
import re

FN = re.compile(r"^\s*(pub(\([a-z:]+\))?\s+)?(const\s+)?(async\s+)?(unsafe\s+)?fn\s+(\w+)")


def strip(line, in_block):
    """The line without strings, chars and comments; and whether a block comment is open."""
    out, i = [], 0
    while i < len(line):
        if in_block:
            end = line.find("*/", i)
            if end < 0:
                return "".join(out), True
            i, in_block = end + 2, False
            continue
        c = line[i]
        if line.startswith("//", i):
            break
        if line.startswith("/*", i):
            in_block, i = True, i + 2
            continue
        if c == '"':
            i += 1
            while i < len(line) and line[i] != '"':
                i += 2 if line[i] == "\\" else 1
            i += 1
            continue
        m = re.match(r"'(\\.|[^\\'])'", line[i:])
        if m:
            i += m.end()
            continue
        out.append(c)
        i += 1
    return "".join(out), in_block


def functions(path):
    lines = path.read_text().splitlines()
    code, in_block = [], False
    for line in lines:
        text, in_block = strip(line, in_block)
        code.append(text)
    for start, line in enumerate(lines):
        m = FN.match(line)
        if not m:
            continue
        depth, opened = 0, False
        for end in range(start, len(code)):
            if not opened and ";" in code[end] and "{" not in code[end]:
                break  # a declaration without a body
            depth += code[end].count("{") - code[end].count("}")
            opened = opened or "{" in code[end]
            if opened and depth <= 0:
                yield m.group(6), start + 1, end - start + 1
                break


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--top", type=int, default=15)
    ap.add_argument("--over", type=int, default=120)
    args = ap.parse_args()
    root = pathlib.Path(__file__).resolve().parent.parent / "src"
    fns, files = [], []
    for path in sorted(root.rglob("*.rs")):
        rel = path.relative_to(root.parent)
        files.append((len(path.read_text().splitlines()), str(rel)))
        fns += [(n, f"{rel}:{line}", name) for name, line, n in functions(path)]
    fns.sort(reverse=True)
    files.sort(reverse=True)
    print(f"{len(files)} files, {sum(n for n, _ in files)} lines; longest files:")
    for n, f in files[: args.top]:
        print(f"  {n:5}  {f}")
    print(f"longest functions ({sum(1 for f in fns if f[0] > args.over)} over {args.over} lines):")
    for n, where, name in fns[: args.top]:
        print(f"  {n:5}  {name}  {where}")


if __name__ == "__main__":
    main()
