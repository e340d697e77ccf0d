#!/usr/bin/env python3
"""Generates a fiche site of N programmes in L languages, deterministically from a seed.

    python3 bench/generate.py --programmes 10000 --langs fr,en,es --seed 7 --out /dev/shm/corpus

Writes site.yaml, data/{themes,donors,partners}.yaml, content/programmes/<slug>.<lang>.md
(front matter as in README.md, about 500 words of Markdown each), content/pages/about.<lang>.md
and a few SVG images in static/images/. The same arguments give the same bytes. Standard
library only.
"""

import argparse
import datetime
import json
import random
import re
import shutil
import sys
import unicodedata
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ in the repository
sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus_data as D  # noqa: E402

MARKER = ".fiche-bench-corpus"
# Statuses written in front matter are chosen against this day (`--today`, by default the day
# the corpus is made): fiche warns of a status that its dates contradict on the build's day
# (`planned` with a start that is past), so a corpus built on the day it is made has no such
# warning. The dates depend on the seed alone; only the statuses written depend on the day.
REFERENCE_DAY = datetime.date.today()
IMAGES = 20
BODY_WORDS = 500

_PLAIN = re.compile(r"^[\w][\w .'’()/-]*$")


def q(text):
    """A YAML scalar for flow context: plain when safe, else double-quoted (JSON is valid YAML)."""
    text = str(text)
    if _PLAIN.match(text) and not text.endswith(" ") and text.lower() not in ("yes", "no", "true", "false", "null", "on", "off"):
        return text
    return json.dumps(text, ensure_ascii=False)


def per_lang(names, langs):
    return "{" + ", ".join(f"{lang}: {q(names[lang])}" for lang in langs) + "}"


def slugify(text):
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def contract(lang, text):
    for a, b in D.CONTRACTIONS[lang]:
        text = text.replace(a, b)
    return text


def partial_date(rng, year, precision=None):
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    precision = precision or rng.choices(["day", "month", "year"], [75, 15, 10])[0]
    if precision == "day":
        return f"{year:04d}-{month:02d}-{day:02d}", datetime.date(year, month, day)
    if precision == "month":
        return f"{year:04d}-{month:02d}", datetime.date(year, month, 1)
    return f"{year:04d}", datetime.date(year, 1, 1)


class Programme:
    """The facts of one programme, shared by its language versions."""

    def __init__(self, rng, index):
        self.index = index
        continent = rng.choice(sorted(D.CONTINENTS))
        near = [c for c in D.COUNTRIES if D.REGIONS[c["region"]][0] == continent]
        k = rng.choices(range(1, 9), [30, 22, 15, 10, 8, 6, 5, 4])[0]
        chosen = []
        while len(chosen) < k:
            pool = near if rng.random() < 0.8 else D.COUNTRIES
            c = rng.choice(pool)
            if c not in chosen:
                chosen.append(c)
        self.countries = chosen
        self.themes = rng.sample(D.THEMES, rng.choices([1, 2, 3], [35, 45, 20])[0])
        self.donors = rng.sample(D.DONORS, rng.choices([1, 2, 3, 4], [45, 30, 15, 10])[0])
        self.partners = []
        if rng.random() < 0.4:
            local = [
                f"{kind[0]}-{c['a2'].lower()}"
                for c in chosen
                if c["a2"] in D.PARTNER_COUNTRIES
                for kind in D.PARTNER_KINDS
            ]
            pool = local + [p[0] for p in D.INTERNATIONAL_PARTNERS]
            self.partners = rng.sample(pool, min(len(pool), rng.choice([1, 1, 2])))

        start_year = rng.randint(1995, 2030)
        self.start, start_day = partial_date(rng, start_year)
        self.end, end_day = None, None
        if start_year < 2030 and rng.random() < 0.85:
            end_year = min(2030, start_year + rng.randint(1, 7))
            self.end, end_day = partial_date(rng, end_year)
        self.years = max(2, end_day.year - start_day.year) if end_day else 3
        if start_day > REFERENCE_DAY:
            status = "planned"
        elif end_day and end_day < REFERENCE_DAY:
            status = "completed"
        else:
            status = "ongoing"
        roll = rng.random()
        if status == "ongoing" and roll < 0.06:
            status = "suspended"
        elif roll > 0.97:
            status = "cancelled"
        # Left out sometimes: fiche derives it from the dates.
        self.status = None if rng.random() < 0.15 and status in ("planned", "ongoing", "completed") else status

        self.amount = None
        if rng.random() < 0.9:
            value = int(10 ** rng.uniform(4.7, 8.3))
            value = round(value, -(len(str(value)) - 3))
            self.amount = (value, None if rng.random() < 0.8 else rng.choice(["USD", "GBP", "CHF", "JPY"]))
        self.image = rng.randrange(IMAGES) if rng.random() < 0.25 else None
        self.image_credit = rng.random() < 0.6
        self.contact = rng.random() < 0.6
        self.links = rng.choice([1, 2]) if rng.random() < 0.3 else 0
        self.iati = rng.random() < 0.4
        self.updated = partial_date(rng, rng.randint(2015, 2025), "day")[0] if rng.random() < 0.3 else None
        self.draft = rng.random() < 0.01
        self.featured = rng.random() < 0.05
        self.action = rng.randrange(len(D.ACTIONS["en"]))
        self.phase = rng.choice(["", "", "", "", " II", " III"])
        self.summary_partner = rng.randrange(len(D.SUMMARY_PARTNERS["en"]))
        self.slug = f"{slugify(self.title('en'))[:60].strip('-')}-{index + 1:05d}"

    def title(self, lang):
        li = D.LANGS.index(lang)
        theme = self.themes[0]
        phrase = theme[4 + li]
        text = contract(lang, f"{D.ACTIONS[lang][self.action]} {phrase}")
        where = (
            self.countries[0]["names"][lang]
            if len(self.countries) == 1
            else D.REGIONS[self.countries[0]["region"]][1][lang]
        )
        return f"{text[0].upper()}{text[1:]} ({where}){self.phase}"

    def summary(self, lang):
        li = D.LANGS.index(lang)
        phrase = self.themes[0][4 + li]
        return D.SUMMARIES[lang].format(
            years=self.years, phrase=phrase, partners=D.SUMMARY_PARTNERS[lang][self.summary_partner]
        )


def country_ref(rng, c, lang):
    roll = rng.random()
    if roll < 0.85 or (roll >= 0.93 and not c["named"]):
        return c["a2"]
    if roll < 0.93:
        return c["a3"]
    return c["names"][lang if rng.random() < 0.5 else "en"]


def words_only(p, lang):
    """A translation's front matter with words only: it takes its facts from the source file."""
    lines = [
        "---",
        f"title: {q(p.title(lang))}",
        f"summary: {q(p.summary(lang))}",
    ]
    if p.image is not None:
        alt = {"fr": "Carte schématique du programme", "en": "Schematic map of the programme", "es": "Mapa esquemático del programa"}[lang]
        credit = ", credit: © Example Agency" if p.image_credit else ""
        lines.append(f"image: {{alt: {q(alt)}{credit}}}")
    if p.links:
        titles = {"fr": ["Site du programme", "Rapport annuel"], "en": ["Programme site", "Annual report"], "es": ["Sitio del programa", "Informe anual"]}[lang]
        links = ", ".join(
            f"{{title: {q(titles[k])}, url: \"https://example.org/{p.slug}/{k}\"}}" for k in range(p.links)
        )
        lines.append(f"links: [{links}]")
    if p.updated:
        lines.append(f"updated: {p.updated}")
    if p.draft:
        lines.append("draft: true")
    lines.append("---")
    return "\n".join(lines) + "\n"


def front_matter(p, lang, rng):
    lines = [
        "---",
        f"title: {q(p.title(lang))}",
        f"summary: {q(p.summary(lang))}",
    ]
    if p.status:
        lines.append(f"status: {p.status}")
    lines.append(f"start: {p.start}")
    if p.end:
        lines.append(f"end: {p.end}")
    if p.amount:
        value, currency = p.amount
        lines.append(f"amount: {{value: {value}, currency: {currency}}}" if currency else f"amount: {value}")
    lines.append("countries: [" + ", ".join(q(country_ref(rng, c, lang)) for c in p.countries) + "]")
    lines.append("donors: [" + ", ".join(d[0] for d in p.donors) + "]")
    if p.partners:
        lines.append("partners: [" + ", ".join(p.partners) + "]")
    lines.append("themes: [" + ", ".join(t[0] for t in p.themes) + "]")
    if p.image is not None:
        alt = {"fr": "Carte schématique du programme", "en": "Schematic map of the programme", "es": "Mapa esquemático del programa"}[lang]
        credit = ", credit: © Example Agency" if p.image_credit else ""
        lines.append(f"image: {{src: images/programme-{p.image:02d}.svg, alt: {q(alt)}{credit}}}")
    if p.contact:
        lines.append(f"contact: {p.slug[:20].strip('-')}@example.org")
    if p.links:
        titles = {"fr": ["Site du programme", "Rapport annuel"], "en": ["Programme site", "Annual report"], "es": ["Sitio del programa", "Informe anual"]}[lang]
        links = ", ".join(
            f"{{title: {q(titles[k])}, url: \"https://example.org/{p.slug}/{k}\"}}" for k in range(p.links)
        )
        lines.append(f"links: [{links}]")
    if p.iati:
        lines.append(f"iati_identifier: XM-DAC-41302-P{p.index + 1:05d}")
    if p.updated:
        lines.append(f"updated: {p.updated}")
    if p.draft:
        lines.append("draft: true")
    if p.featured:
        lines.append("extra: {featured: true}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def sentence(rng, lang, p):
    roll = rng.random()
    if roll < 0.08:
        names = ", ".join(c["names"][lang] for c in p.countries)
        return {"fr": f"Les activités couvrent : {names}.", "en": f"Activities cover {names}.", "es": f"Las actividades abarcan {names}."}[lang]
    if roll < 0.14:
        y, n = rng.randint(1995, 2030), rng.randint(12, 900)
        return {"fr": f"En {y}, {n} personnes ont suivi une formation.", "en": f"In {y}, {n} people took part in training.", "es": f"En {y}, {n} personas participaron en una formación."}[lang]
    subject, plural = rng.choice(D.SUBJECTS[lang])
    verb = rng.choice(D.VERBS[lang])[plural]
    obj = rng.choice(D.OBJECTS[lang])
    comp = rng.choice(D.COMPLEMENTS[lang])
    style = rng.random()
    if style < 0.1:
        obj = f"**{obj}**"
    elif style < 0.16:
        obj = f"[{obj}](https://example.org/{p.slug}/docs/{rng.randrange(9)})"
    if rng.random() < 0.08:
        comp = f"*{comp}*"
    return f"{subject} {verb} {obj} {comp}."


def words(text):
    return len(text.split())


def body(p, lang, rng):
    sections = D.SECTIONS[lang][:3] + [s for s in D.SECTIONS[lang][3:] if rng.random() < 0.7]
    # A paragraph is about 40 words: stop a section when the next one would overshoot.
    per_section = BODY_WORDS // len(sections) - 20
    table_at = rng.randrange(len(sections)) if rng.random() < 0.2 else None
    out = []
    for si, heading in enumerate(sections):
        out.append(f"## {heading}\n")
        count = 0
        if si in (1, 2):
            items = rng.sample(D.OBJECTS[lang], rng.randint(3, 6))
            out.append("".join(f"- {it[0].upper()}{it[1:]}\n" for it in items))
            count += sum(words(it) for it in items)
        if si == table_at:
            head = D.TABLE_HEAD[lang]
            rows = [f"| {head[0]} | {head[1]} | {head[2]} |", "|---|---|---:|"]
            year = int(p.start[:4])
            for k in range(rng.randint(3, 5)):
                obj = rng.choice(D.OBJECTS[lang])
                rows.append(f"| {year + k} | {obj[0].upper()}{obj[1:]} | {rng.randint(20, 900) * 1000} |")
            out.append("\n".join(rows) + "\n")
            count += 30
        sub = rng.random() < 0.25
        while count < per_section:
            para = " ".join(sentence(rng, lang, p) for _ in range(rng.randint(2, 5)))
            out.append(para + "\n")
            count += words(para)
            if sub and count > per_section // 2:
                out.append(f"### {rng.choice(D.SUBSECTIONS[lang])}\n")
                sub = False
    return "\n".join(out)


def site_yaml(langs):
    return (
        f"title: {per_lang(D.SITE_TITLE, langs)}\n"
        f"description: {per_lang(D.SITE_DESCRIPTION, langs)}\n"
        "base_url: https://example.org/\n"
        f"languages: [{', '.join(langs)}]\n"
        "theme: default\n"
        "currency: EUR\n"
    )


def data_files(langs, rng):
    li = {lang: D.LANGS.index(lang) for lang in langs}
    themes = ["# Themes: key -> name per language."]
    for t in D.THEMES:
        themes.append(f"{t[0]}:\n  name: {per_lang({lang: t[1 + li[lang]] for lang in langs}, langs)}")
    donors = ["# Donors: key -> name per language, short name, url, IATI identifier."]
    for k, d in enumerate(D.DONORS):
        entry = [f"{d[0]}:", f"  name: {per_lang({lang: d[1 + li[lang]] for lang in langs}, langs)}"]
        if d[4]:
            entry.append(f"  short: {q(d[4])}")
        if k % 3 == 0:
            desc = {"fr": "Un bailleur de longue date de l'agence.", "en": "A long-standing donor of the agency.", "es": "Un donante de larga data de la agencia."}
            entry.append(f"  description: {per_lang(desc, langs)}")
        entry.append(f"  url: https://example.org/donors/{d[0]}")
        if k % 2 == 0:
            entry.append(f"  iati_ref: XM-DAC-{1000 + k}")
        donors.append("\n".join(entry))
    partners = ["# Partners: key -> name per language (or one name for all)."]
    by_code = {c["a2"]: c for c in D.COUNTRIES}
    for code in D.PARTNER_COUNTRIES:
        c = by_code[code]
        for kind in D.PARTNER_KINDS:
            names = {lang: f"{kind[1 + li[lang]]} ({c['names'][lang]})" for lang in langs}
            partners.append(f"{kind[0]}-{code.lower()}:\n  name: {per_lang(names, langs)}")
    for key, name in D.INTERNATIONAL_PARTNERS:
        value = per_lang(name, langs) if isinstance(name, dict) else q(name)
        partners.append(f"{key}:\n  name: {value}\n  url: https://example.org/partners/{key}")
    return {
        "themes.yaml": "\n".join(themes) + "\n",
        "donors.yaml": "\n".join(donors) + "\n",
        "partners.yaml": "\n".join(partners) + "\n",
    }


def svg(k):
    hue = (k * 37) % 360
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="360" viewBox="0 0 640 360">'
        f'<rect width="640" height="360" fill="hsl({hue},40%,85%)"/>'
        f'<circle cx="{120 + k * 20}" cy="180" r="60" fill="hsl({hue},50%,45%)"/></svg>\n'
    )


def generate(out, programmes, langs, seed, missing, facts_once=False):
    if out.exists():
        if not (out / MARKER).exists() and any(out.iterdir()):
            sys.exit(f"error: {out} is not empty and was not made by this generator; pick another --out")
        shutil.rmtree(out)
    (out / "content" / "programmes").mkdir(parents=True)
    (out / "content" / "pages").mkdir(parents=True)
    (out / "data").mkdir()
    (out / "static" / "images").mkdir(parents=True)
    (out / MARKER).write_text(f"seed={seed} programmes={programmes} langs={','.join(langs)}{' facts-once' if facts_once else ''}\n")
    (out / "site.yaml").write_text(site_yaml(langs))
    for name, text in data_files(langs, random.Random(f"{seed}-data")).items():
        (out / "data" / name).write_text(text)
    for k in range(IMAGES):
        (out / "static" / "images" / f"programme-{k:02d}.svg").write_text(svg(k))
    for lang in langs:
        title, summary = D.ABOUT[lang]
        (out / "content" / "pages" / f"about.{lang}.md").write_text(
            f"---\ntitle: {q(title)}\nsummary: {q(summary)}\n---\n{summary}\n"
        )
    files = 0
    words_total = 0
    for i in range(programmes):
        p = Programme(random.Random(f"{seed}-{i}"), i)
        for li, lang in enumerate(langs):
            rng = random.Random(f"{seed}-{i}-{lang}")
            if li > 0 and rng.random() < missing:
                continue
            text = body(p, lang, rng)
            words_total += words(text)
            path = out / "content" / "programmes" / f"{p.slug}.{lang}.md"
            front = words_only(p, lang) if facts_once and li > 0 else front_matter(p, lang, rng)
            path.write_text(front + text)
            files += 1
    return files, words_total


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--programmes", "-n", type=int, default=1000, help="number of programmes (default 1000)")
    ap.add_argument("--langs", default="fr,en,es", help="comma-separated, among fr,en,es (default fr,en,es); the first is the default language")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--missing", type=float, default=0.0, help="share of translations (not in the first language) left out (default 0)")
    ap.add_argument("--facts-once", action="store_true", help="translations write words only (title, summary, image alt and credit, links, updated, draft) and take every fact from the file in the first language")
    ap.add_argument("--out", type=Path, required=True, help="the site folder to create (replaced if made by this generator)")
    ap.add_argument("--today", type=datetime.date.fromisoformat, default=None, help="the day written statuses are chosen against, YYYY-MM-DD (default: today, the day fiche will build it)")
    args = ap.parse_args()
    global REFERENCE_DAY
    REFERENCE_DAY = args.today or REFERENCE_DAY
    langs = [lang.strip() for lang in args.langs.split(",") if lang.strip()]
    unknown = [lang for lang in langs if lang not in D.LANGS]
    if unknown or not langs:
        sys.exit(f"error: --langs must be among {','.join(D.LANGS)}; got {args.langs}")
    files, total = generate(args.out, args.programmes, langs, args.seed, args.missing, args.facts_once)
    print(f"generated {files} fact sheets ({args.programmes} programmes × {len(langs)} languages, "
          f"{total // max(files, 1)} words of Markdown on average) in {args.out}")


if __name__ == "__main__":
    main()
