#!/usr/bin/env python3
"""Turns a corpus made by bench/generate.py into a Hugo site that builds the same pages.

    python3 bench/to_hugo.py --corpus /dev/shm/corpus --out /dev/shm/corpus-hugo

Copies bench/hugo/ (configuration and layouts), then writes:
- config/_default/languages.yaml from site.yaml (titles, descriptions, language names);
- i18n/<lang>.yaml from fiche's default theme strings (`{n}` becomes `{{ .Count }}`);
- data/: the corpus's themes, donors and partners as they are, plus countries.yaml and
  regions.yaml (names per language, sub-region and continent) from bench/corpus_data.py;
- content/programmes/<slug>.<lang>.md: the same body, with front matter Hugo can use as it
  is: countries as lowercase alpha-2 codes, the regions fiche derives from them, the status
  fiche derives when it is left out, the years the programme runs in, `date` from `start`;
- static/: the corpus's static files and fiche's default theme's (the same CSS).

Standard library only, so it reads only the YAML that generate.py writes: block mappings,
flow lists and maps, plain and quoted scalars. Anything else is an error naming the file.
"""

import argparse
import datetime
import json
import re
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.dont_write_bytecode = True  # no __pycache__ in the repository
sys.path.insert(0, str(HERE))
import corpus_data as D  # noqa: E402

MARKER = ".fiche-bench-hugo"
LANGUAGE_NAMES = {"fr": "Français", "en": "English", "es": "Español"}


class YamlError(Exception):
    pass


# ---- a small YAML reader for the subset generate.py writes -----------------------------------


def _scalar(text, i, stops):
    if text[i] == '"':
        # JSON strings are YAML double-quoted strings.
        decoder = json.JSONDecoder()
        value, end = decoder.raw_decode(text, i)
        return value, end
    if text[i] == "'":
        j = i + 1
        out = []
        while True:
            k = text.find("'", j)
            if k < 0:
                raise YamlError("unclosed single quote")
            out.append(text[j:k])
            if text[k + 1 : k + 2] == "'":
                out.append("'")
                j = k + 2
                continue
            return "".join(out), k + 1
    j = i
    while j < len(text) and text[j] not in stops and not (text[j] == "#" and j > 0 and text[j - 1] == " "):
        j += 1
    return text[i:j].strip(), j


def _skip(text, i):
    while i < len(text) and text[i] in " \t":
        i += 1
    return i


def _flow(text, i, stops):
    i = _skip(text, i)
    if i >= len(text):
        return "", i
    if text[i] == "[":
        items, i = [], _skip(text, i + 1)
        while text[i] != "]":
            value, i = _flow(text, i, ",]")
            items.append(value)
            i = _skip(text, i)
            if text[i] == ",":
                i = _skip(text, i + 1)
            elif text[i] != "]":
                raise YamlError(f"expected `,` or `]` at column {i + 1}")
        return items, i + 1
    if text[i] == "{":
        items, i = {}, _skip(text, i + 1)
        while text[i] != "}":
            key, i = _scalar(text, i, ":")
            if text[i] != ":":
                raise YamlError(f"expected `:` at column {i + 1}")
            value, i = _flow(text, i + 1, ",}")
            items[key] = value
            i = _skip(text, i)
            if text[i] == ",":
                i = _skip(text, i + 1)
            elif text[i] != "}":
                raise YamlError(f"expected `,` or `}}` at column {i + 1}")
        return items, i + 1
    return _scalar(text, i, stops)


def load_yaml(text, name):
    """A block mapping (nested by indentation) whose values are flow values or scalars."""
    root = {}
    stack = [(-1, root)]
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(line.lstrip(" "))
        try:
            key, i = _scalar(stripped, 0, ":")
            if i >= len(stripped) or stripped[i] != ":":
                raise YamlError("expected `key: value`")
            while stack[-1][0] >= indent:
                stack.pop()
            parent = stack[-1][1]
            rest = stripped[i + 1 :].strip()
            if not rest or rest.startswith("#"):
                parent[key] = {}
                stack.append((indent, parent[key]))
            else:
                value, end = _flow(rest, 0, "")
                parent[key] = value
        except (YamlError, IndexError, ValueError) as e:
            raise YamlError(f"{name}:{number}: cannot read this line ({e}): {line}") from None
    return root


def split_front_matter(text, name):
    if not text.startswith("---\n"):
        raise YamlError(f"{name}: no front matter")
    end = text.find("\n---\n", 3)
    if end < 0:
        raise YamlError(f"{name}: front matter is not closed")
    return load_yaml(text[4:end], name), text[end + 5 :]


# ---- what fiche derives -------------------------------------------------------------------


def first_day(s):
    parts = [int(x) for x in str(s).split("-")]
    return datetime.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def last_day(s):
    parts = [int(x) for x in str(s).split("-")]
    if len(parts) == 3:
        return datetime.date(*parts)
    if len(parts) == 2:
        nxt = datetime.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return nxt - datetime.timedelta(days=1)
    return datetime.date(parts[0], 12, 31)


def derived_status(fm, today):
    if "status" in fm:
        return fm["status"]
    if first_day(fm["start"]) > today:
        return "planned"
    if "end" in fm and last_day(fm["end"]) < today:
        return "completed"
    return "ongoing"


def active_years(fm, status, this_year):
    """As fiche's render::active_years."""
    if "start" not in fm:
        return []
    start = first_day(fm["start"]).year
    if "end" in fm:
        last = first_day(fm["end"]).year
    elif status in ("ongoing", "suspended"):
        last = max(this_year, start)
    else:
        last = start
    return list(range(start, min(last, start + 60) + 1))


COUNTRY_BY_REF = {}
for _c in D.COUNTRIES:
    for _ref in [_c["a2"], _c["a3"], *_c["names"].values()]:
        COUNTRY_BY_REF[_ref.lower()] = _c


# ---- writing --------------------------------------------------------------------------------


def js(value):
    return json.dumps(value, ensure_ascii=False)


def convert_programme(src, dst, currency, today):
    fm, body = split_front_matter(src.read_text(), str(src))
    status = derived_status(fm, today)
    countries = []
    for ref in fm.get("countries", []):
        c = COUNTRY_BY_REF.get(ref.lower())
        if c is None:
            raise YamlError(f"{src}: unknown country `{ref}` (not in bench/corpus_data.py)")
        countries.append(c)
    regions = []
    for c in countries:
        for r in (c["region"], D.REGIONS[c["region"]][0]):
            if r not in regions:
                regions.append(r)
    out = ["---", f"title: {js(fm['title'])}", f"summary: {js(fm['summary'])}"]
    out.append(f"date: {first_day(fm['start']).isoformat()}")
    out.append(f"status: {status}")
    out.append(f"start: {js(fm['start'])}")
    if "end" in fm:
        out.append(f"end: {js(fm['end'])}")
    amount = fm.get("amount")
    if amount is not None:
        value, cur = (amount["value"], amount.get("currency", currency)) if isinstance(amount, dict) else (amount, currency)
        out.append(f"amount: {{value: {float(value)}, currency: {cur}}}")
    out.append(f"countries: {js([c['a2'].lower() for c in countries])}")
    out.append(f"regions: {js(regions)}")
    for key in ("themes", "donors", "partners"):
        if fm.get(key):
            out.append(f"{key}: {js(fm[key])}")
    years = [str(y) for y in active_years(fm, status, today.year)]
    if years:
        out.append(f"years: {js(years)}")
    for key in ("image", "links", "extra"):
        if key in fm:
            out.append(f"{key}: {js(fm[key])}")
    for key in ("contact", "iati_identifier", "updated"):
        if key in fm:
            out.append(f"{key}: {js(fm[key])}")
    if fm.get("draft") == "true":
        out.append("draft: true")
    out.append("---")
    dst.write_text("\n".join(out) + "\n" + body)


def hugo_i18n(fiche_i18n):
    """fiche's interface strings as a Hugo i18n file: `{n}` is `{{ .Count }}`."""
    lines = []
    for key, value in fiche_i18n.items():
        if isinstance(value, dict):
            forms = {k: v.replace("{n}", "{{ .Count }}") for k, v in value.items()}
            lines.append(f"{key}: {js(forms)}")
        else:
            lines.append(f"{key}: {js(value)}")
    return "\n".join(lines) + "\n"


def languages_yaml(site, langs):
    out = []
    for weight, lang in enumerate(langs, 1):
        title = site["title"][lang] if isinstance(site["title"], dict) else site["title"]
        desc = site.get("description", "")
        desc = desc.get(lang, "") if isinstance(desc, dict) else desc
        out += [
            f"{lang}:",
            f"  weight: {weight}",
            f"  label: {js(LANGUAGE_NAMES.get(lang, lang))}",
            f"  locale: {lang}",
            f"  title: {js(title)}",
            "  params:",
            f"    description: {js(desc)}",
        ]
    return "\n".join(out) + "\n"


def names_yaml(entries):
    return "".join(f"{key}: {js(value)}\n" for key, value in entries)


def convert(corpus, out, theme, related=True):
    if out.exists():
        if not (out / MARKER).exists() and any(out.iterdir()):
            sys.exit(f"error: {out} is not empty and was not made by this converter; pick another --out")
        shutil.rmtree(out)
    shutil.copytree(HERE / "hugo", out)
    (out / MARKER).write_text(f"from {corpus}\n")
    if not related:
        # Hugo's related-content search is quadratic here; this measures Hugo without it.
        page = out / "layouts" / "programmes" / "page.html"
        page.write_text(page.read_text().replace("(site.RegularPages.Related .)", "(slice)"))
    site = load_yaml((corpus / "site.yaml").read_text(), "site.yaml")
    langs = site["languages"]
    currency = site.get("currency", "EUR")
    today = datetime.date.today()

    (out / "config" / "_default" / "languages.yaml").write_text(languages_yaml(site, langs))
    (out / "i18n").mkdir(exist_ok=True)
    for lang in langs:
        strings = load_yaml((theme / "i18n" / f"{lang}.yaml").read_text(), f"{theme}/i18n/{lang}.yaml")
        (out / "i18n" / f"{lang}.yaml").write_text(hugo_i18n(strings))

    data = out / "data"
    data.mkdir(exist_ok=True)
    for name in ("themes.yaml", "donors.yaml", "partners.yaml"):
        shutil.copy(corpus / "data" / name, data / name)
    (data / "countries.yaml").write_text(
        names_yaml((c["a2"].lower(), {"region": c["region"], "names": c["names"]}) for c in D.COUNTRIES)
    )
    (data / "regions.yaml").write_text(
        names_yaml((k, {"continent": cont, "names": names}) for k, (cont, names) in D.REGIONS.items())
        + names_yaml((k, {"names": names}) for k, names in D.CONTINENTS.items())
    )

    static = out / "static"
    shutil.copytree(theme / "static", static, dirs_exist_ok=True)
    if (corpus / "static").is_dir():
        shutil.copytree(corpus / "static", static, dirs_exist_ok=True)

    programmes = out / "content" / "programmes"
    programmes.mkdir(parents=True)
    for lang in langs:
        # The section's own list page: fiche has none, so Hugo renders none.
        (programmes / f"_index.{lang}.md").write_text("---\nbuild: {render: never}\n---\n")
    count = 0
    for src in sorted((corpus / "content" / "programmes").glob("*.md")):
        convert_programme(src, programmes / src.name, currency, today)
        count += 1
    pages = corpus / "content" / "pages"
    if pages.is_dir():
        for src in sorted(pages.glob("*.md")):
            shutil.copy(src, out / "content" / src.name)
    return count


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, required=True, help="a site made by bench/generate.py")
    ap.add_argument("--out", type=Path, required=True, help="the Hugo site to create (replaced if made by this script)")
    ap.add_argument("--no-related", action="store_true", help="leave related programmes out of the fact sheets")
    ap.add_argument("--theme", type=Path, default=HERE.parent / "themes" / "default", help="fiche theme for strings and CSS (default: the repository's)")
    args = ap.parse_args()
    try:
        count = convert(args.corpus, args.out, args.theme, related=not args.no_related)
    except YamlError as e:
        sys.exit(f"error: {e}")
    print(f"converted {count} fact sheets into the Hugo site {args.out}")


if __name__ == "__main__":
    main()
