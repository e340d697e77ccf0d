#!/usr/bin/env python3
"""Writes a large IATI activity file for measuring `fiche import iati` (not kept in git).

The activities of a real file (by default ../shared/iati/worldbank-679.xml: five World Bank
projects with 900+ budgets) are repeated, each copy with its own identifier, until the file
reaches the size asked for:

    python3 bench/iati_synthetic.py /tmp/synthetic-50mb.xml 50
    fiche init /tmp/big && /usr/bin/time -v fiche import iati /tmp/synthetic-50mb.xml --root /tmp/big
"""
import re
import sys

out_path = sys.argv[1]
megabytes = float(sys.argv[2]) if len(sys.argv) > 2 else 50
source = sys.argv[3] if len(sys.argv) > 3 else "../shared/iati/worldbank-679.xml"

text = open(source, encoding="utf-8").read()
start = text.index("<iati-activity ")
end = text.rindex("</iati-activities>")
head, activities, tail = text[:start], text[start:end], text[end:]
with open(out_path, "w", encoding="utf-8") as out:
    out.write(head)
    size, copy = len(head.encode()), 0
    while size < megabytes * 1024 * 1024:
        copy += 1
        block = re.sub(
            r"<iati-identifier>([^<]+)</iati-identifier>",
            lambda m: f"<iati-identifier>{m.group(1)}-COPY{copy}</iati-identifier>",
            activities,
        )
        out.write(block)
        size += len(block.encode())
    out.write(tail)
print(f"{out_path}: {size / 1024 / 1024:.1f} MB, {copy} copies of the activities")
