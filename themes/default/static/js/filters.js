// fiche default theme: search and filters on the home page.
//
// Without JavaScript the home page offers links to the index pages (country, theme, …). With
// it, this script shows the search and filter form instead. Nothing is downloaded until the
// reader uses it: then it loads the language's search index (<lang>/search-index/, made by
// fiche, src/render/search/), which holds every programme's terms (for the filters and the
// menus' counts) and where each word chunk begins; a query loads the chunk of each of its
// words, and the results shown load their cards, ten at a time. Search covers titles,
// summaries and bodies, with an excerpt per result; a query word finds the words it begins,
// whatever their case and accents; programmes whose title or summary has the words come
// first. Filters narrow by country, region, theme, donor, status and year, and every menu's
// counts and the heading follow the current selection. The state is kept in the address
// (?country=FR&q=police), so a filtered list can be shared and survives a reload; the result
// count is announced to screen readers. On small screens the menus fold behind one button
// that says how many are active.
//
// Whenever the filtered set changes (and once when the form starts, with the unfiltered
// counts), the script tells the page:
//   document.dispatchEvent(new CustomEvent("fiche:filtered",
//     {detail: {countries: {<ISO alpha-2>: <programmes>, …}, total: <programmes>}}))
const form = document.querySelector("form.finder");
const list = document.querySelector(".results-list");
const status = document.querySelector(".finder-status");
const headingCount = document.querySelector("#list-title .count");
const FACETS = ["country", "region", "theme", "donor", "status", "year"];
const STEP = 10;
const lang = document.documentElement.lang;
// How fiche cuts text into words (src/render/search/words.rs): lowercased, decomposed, no
// marks, Greek's final sigma as σ, runs of letters and digits.
const WORD = /[\p{Alphabetic}\p{N}]+/gu;
const MARKS = /\p{M}/gu;
// The 64 digits of the index's numbers (push_number in words.rs).
const DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

if (form && list && status && window.URLSearchParams) start();

function folded(text) {
  return text.toLowerCase().normalize("NFD").replace(MARKS, "").replace(/ς/g, "σ");
}

function wordsOf(text) {
  return folded(text).match(WORD) || [];
}

// The numbers of a string written by push_number.
function numbers(text) {
  const out = [];
  let n = 0;
  let shift = 0;
  for (let i = 0; i < text.length; i++) {
    const d = DIGITS.indexOf(text[i]);
    n += (d & 31) * 2 ** shift;
    if (d & 32) shift += 5;
    else {
      out.push(n);
      n = 0;
      shift = 0;
    }
  }
  return out;
}

// An increasing list written by encode_gaps.
function fromGaps(text) {
  let last = -1;
  return numbers(text).map((gap) => (last += gap + 1));
}

// Code point order, as fiche sorts the words.
function compare(a, b) {
  const x = Array.from(a);
  const y = Array.from(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0) - y[i].codePointAt(0);
    if (d) return d;
  }
  return x.length - y.length;
}

function start() {
  const root = form.getAttribute("data-root") || "";
  // The index's address; a home page written for an earlier fiche (data-pagefind) has none.
  const base = form.getAttribute("data-search") || root + lang + "/search-index/";
  const original = list.innerHTML;
  const originalHeading = headingCount ? headingCount.textContent : "";
  const toggle = form.querySelector(".finder-toggle");
  const facets = form.querySelector(".finder-fields");
  const countForms = JSON.parse(form.getAttribute("data-counts") || "{}");
  const activeForms = JSON.parse(form.getAttribute("data-active") || "{}");
  const plural = window.Intl && Intl.PluralRules ? new Intl.PluralRules(lang) : null;
  let index = null;
  const chunks = new Map();
  const fragments = new Map();
  let run = 0;
  let timer = 0;

  // Each menu's terms: their names and the counts of the whole list (no filter chosen).
  const names = {};
  const totals = {};
  FACETS.forEach((f) => {
    names[f] = {};
    totals[f] = {};
    const select = field(f);
    if (!select) return;
    Array.from(select.options).forEach((o) => {
      if (!o.value) return;
      names[f][o.value] = o.textContent.replace(/\s*\([^()]*\)$/, "");
      totals[f][o.value] = Number(o.getAttribute("data-count")) || 0;
    });
  });

  function field(name) {
    return form.elements.namedItem(name);
  }

  function fill(forms, n) {
    const template = forms[plural ? plural.select(n) : "other"] || forms.other || "{n}";
    return template.replace("{n}", n.toLocaleString(lang));
  }

  function countText(n) {
    return n === 0 ? form.getAttribute("data-no-match") || "0" : fill(countForms, n);
  }

  function state() {
    const s = { q: field("q").value.trim(), filters: {} };
    FACETS.forEach((f) => {
      const el = field(f);
      if (el && el.value) s.filters[f] = el.value;
    });
    return s;
  }

  function fetchJson(url) {
    return fetch(url).then((r) => {
      if (!r.ok) throw new Error(url + ": " + r.status);
      return r.json();
    });
  }

  // index.json: each facet's terms and every programme's terms, in the list's order.
  function loadIndex() {
    if (!index) {
      index = fetchJson(base + "index.json").then((raw) => {
        const out = { version: raw.version, count: raw.count, chunks: raw.chunks, facets: {} };
        raw.facets.forEach((f) => {
          const values = numbers(f.rows);
          const rows = new Array(raw.count);
          let at = 0;
          for (let i = 0; i < raw.count; i++) {
            const n = values[at++];
            const row = [];
            let last = -1;
            for (let k = 0; k < n; k++) row.push((last += values[at++] + 1));
            rows[i] = row;
          }
          out.facets[f.name] = { terms: f.terms, rows: rows, place: new Map(f.terms.map((t, i) => [t, i])) };
        });
        return out;
      });
      index.catch(() => (index = null));
    }
    return index;
  }

  // A file of the index, fetched once (again after a failure), with the index's version.
  function loadFile(idx, cache, path) {
    if (!cache.has(path)) {
      const file = fetchJson(base + path + ".json?v=" + idx.version);
      file.catch(() => cache.delete(path));
      cache.set(path, file);
    }
    return cache.get(path);
  }

  const loadChunk = (idx, n) => loadFile(idx, chunks, "w/" + n);
  const loadFragment = (idx, position) => loadFile(idx, fragments, "p/" + position);

  // A query word finds the words it begins (from three letters; shorter ones, themselves).
  function finds(word, token) {
    return token.length >= 3 ? word.startsWith(token) : word === token;
  }

  // The chunk a word is in, if any: the last whose first word is not after it (a binary
  // search over the chunks' first words, which are in order).
  function chunkOf(idx, word) {
    let lo = 0;
    let hi = idx.chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (compare(idx.chunks[mid], word) <= 0) lo = mid;
      else hi = mid - 1;
    }
    return Math.max(lo, 0);
  }

  // The programmes (by position) whose words the token finds, or their other forms (the
  // index names them: `tribunal`, `tribunaux`), with 2 where a title or summary has one,
  // else 1; and the words found, for the excerpts.
  async function lookUp(idx, token, words) {
    const firsts = idx.chunks;
    if (!firsts.length) return new Map();
    const from = chunkOf(idx, token);
    let to = from;
    if (token.length >= 3) while (to + 1 < firsts.length && firsts[to + 1].startsWith(token)) to++;
    const found = new Map();
    const take = ([word, strong, weak]) => {
      words.add(word);
      fromGaps(strong).forEach((p) => found.set(p, 2));
      fromGaps(weak).forEach((p) => found.has(p) || found.set(p, 1));
    };
    const others = new Set();
    for (let n = from; n <= to; n++) {
      for (const entry of await loadChunk(idx, n)) {
        if (!finds(entry[0], token)) continue;
        take(entry);
        (entry[3] || []).forEach((w) => others.add(w));
      }
    }
    for (const word of others) {
      if (words.has(word)) continue;
      const entry = (await loadChunk(idx, chunkOf(idx, word))).find((e) => e[0] === word);
      if (entry) take(entry);
    }
    return found;
  }

  // The positions a query finds, best first (every word found; then the most found in
  // titles and summaries; then the list's order), and the words found; or null without a
  // query.
  async function query(idx, q) {
    const tokens = [...new Set(wordsOf(q))];
    if (!tokens.length) return null;
    const words = new Set();
    const maps = await Promise.all(tokens.map((t) => lookUp(idx, t, words)));
    maps.sort((a, b) => a.size - b.size);
    const scored = [];
    for (const [p, score] of maps[0]) {
      let total = score;
      for (let i = 1; i < maps.length && total; i++) total = maps[i].has(p) ? total + maps[i].get(p) : 0;
      if (total) scored.push([p, total]);
    }
    scored.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    return { positions: scored.map((e) => e[0]), words: words };
  }

  // The results, and each menu's counts under the current selection: a menu whose own filter
  // is chosen counts without it (choosing another replaces it).
  function select(idx, s, found) {
    const chosen = Object.keys(s.filters)
      .filter((f) => idx.facets[f])
      .map((f) => [f, idx.facets[f].place.has(s.filters[f]) ? idx.facets[f].place.get(s.filters[f]) : -1]);
    const candidates = found ? found.positions : Array.from({ length: idx.count }, (_, i) => i);
    const counts = {};
    FACETS.forEach((f) => (counts[f] = {}));
    const results = [];
    const countries = {};
    for (const p of candidates) {
      const missing = chosen.filter(([f, t]) => !idx.facets[f].rows[p].includes(t));
      if (missing.length > 1) continue;
      for (const f of FACETS) {
        const facet = idx.facets[f];
        if (!facet || (missing.length && missing[0][0] !== f)) continue;
        for (const t of facet.rows[p]) counts[f][facet.terms[t]] = (counts[f][facet.terms[t]] || 0) + 1;
      }
      if (missing.length) continue;
      results.push(p);
      const country = idx.facets.country;
      if (country) for (const t of country.rows[p]) countries[country.terms[t]] = (countries[country.terms[t]] || 0) + 1;
    }
    return { results: results, counts: counts, countries: countries };
  }

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    Object.keys(attrs || {}).forEach((k) => node.setAttribute(k, attrs[k]));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // About 30 words of the text around the first word the query found, those words marked.
  function excerpt(text, found) {
    const words = Array.from(text.matchAll(/[\p{Alphabetic}\p{M}\p{N}]+/gu));
    const hit = (w) => wordsOf(w[0]).some((part) => found.has(part));
    const first = words.findIndex(hit);
    if (first < 0) return null;
    const from = Math.max(0, first - 10);
    const to = Math.min(words.length, from + 30);
    const p = el("p", { class: "excerpt" });
    let at = words[from].index;
    if (from > 0) p.appendChild(document.createTextNode("… "));
    for (let i = from; i < to; i++) {
      const w = words[i];
      if (!hit(w)) continue;
      p.appendChild(document.createTextNode(text.slice(at, w.index)));
      p.appendChild(el("mark", {}, w[0]));
      at = w.index + w[0].length;
    }
    const end = words[to - 1].index + words[to - 1][0].length;
    p.appendChild(document.createTextNode(text.slice(at, end) + (end < text.length ? " …" : "")));
    return p;
  }

  // The card as the theme renders it (partials/card.html, made by fiche), with the excerpt
  // below its summary.
  function card(data, found) {
    let article;
    if (data.card) {
      const template = document.createElement("template");
      template.innerHTML = data.card.split("\u0001").join(root);
      article = template.content.firstElementChild;
    } else {
      article = el("article", { class: "card" });
      const h3 = el("h3");
      h3.appendChild(el("a", { href: root + data.url }, data.title));
      article.appendChild(h3);
    }
    const shown = found ? excerpt(data.text || "", found) : null;
    if (shown) {
      const summary = article.querySelector(".summary");
      if (summary) summary.after(shown);
      else (article.querySelector(".card-text") || article).appendChild(shown);
    }
    return article;
  }

  // Shows results[from, from + STEP) below those already shown.
  async function show(idx, results, from, found, mine) {
    const data = await Promise.all(results.slice(from, from + STEP).map((p) => loadFragment(idx, p)));
    if (mine !== run) return;
    let grid = list.querySelector(".cards");
    if (!grid) {
      list.textContent = "";
      grid = el("div", { class: "cards" });
      list.appendChild(grid);
    }
    data.forEach((d) => grid.appendChild(card(d, found)));
    const old = list.querySelector(".show-more-row");
    if (old) old.remove();
    if (results.length > from + STEP) {
      const more = el("button", { type: "button", class: "button-secondary show-more" }, form.getAttribute("data-show-more") || "+");
      more.addEventListener("click", () => {
        show(idx, results, from + STEP, found, run).then(() => {
          const link = grid.querySelectorAll("h3 a")[from + STEP];
          if (link) link.focus();
        });
      });
      const row = el("p", { class: "show-more-row" });
      row.appendChild(more);
      list.appendChild(row);
    }
  }
  // Each menu's counts under the current selection; a term without programmes is hidden,
  // unless it is the one chosen.
  function showCounts(counts) {
    FACETS.forEach((f) => {
      const select = field(f);
      if (!select) return;
      Array.from(select.options).forEach((o) => {
        if (!o.value) return;
        const n = (counts[f] || {})[o.value] || 0;
        const empty = n === 0 && o.value !== select.value;
        o.textContent = names[f][o.value] + " (" + n.toLocaleString(lang) + ")";
        o.hidden = empty;
        o.disabled = empty;
      });
    });
  }

  function tell(countries, total) {
    const positive = {};
    Object.keys(countries).forEach((c) => {
      if (countries[c] > 0) positive[c] = countries[c];
    });
    document.dispatchEvent(new CustomEvent("fiche:filtered", { detail: { countries: positive, total: total } }));
  }

  function showActive(s) {
    const n = Object.keys(s.filters).length;
    const badge = toggle && toggle.querySelector(".finder-active");
    if (badge) badge.textContent = n ? " (" + fill(activeForms, n) + ")" : "";
  }

  function writeUrl(s) {
    const params = new URLSearchParams(location.search);
    ["q"].concat(FACETS).forEach((f) => params.delete(f));
    if (s.q) params.set("q", s.q);
    Object.keys(s.filters).forEach((f) => params.set(f, s.filters[f]));
    const query = params.toString();
    history.replaceState(history.state, "", location.pathname + (query ? "?" + query : "") + location.hash);
  }

  function readUrl() {
    const params = new URLSearchParams(location.search);
    if (params.has("q")) field("q").value = params.get("q");
    FACETS.forEach((f) => {
      const select = field(f);
      if (select && params.has(f)) select.value = params.get(f);
    });
  }

  function unfiltered(announce) {
    if (list.innerHTML !== original) list.innerHTML = original;
    if (headingCount) headingCount.textContent = originalHeading;
    showCounts(totals);
    const total = Number(form.getAttribute("data-total")) || 0;
    status.textContent = announce ? originalHeading.replace(/^[\s·]+/, "") : "";
    tell(totals.country, total);
  }

  async function apply(announce) {
    const s = state();
    const mine = ++run;
    writeUrl(s);
    showActive(s);
    if (!s.q && !Object.keys(s.filters).length) return unfiltered(announce);
    form.setAttribute("aria-busy", "true");
    try {
      const idx = await loadIndex();
      const found = await query(idx, s.q);
      if (mine !== run) return;
      const chosen = select(idx, s, found);
      const n = chosen.results.length;
      showCounts(chosen.counts);
      if (headingCount) headingCount.textContent = "· " + fill(countForms, n);
      status.textContent = countText(n);
      list.textContent = "";
      await show(idx, chosen.results, 0, found && found.words, mine);
      tell(chosen.countries, n);
    } finally {
      if (mine === run) form.removeAttribute("aria-busy");
    }
  }

  // Folded on small screens (the CSS shows the button there only), open elsewhere.
  function fold(folded) {
    if (!toggle || !facets) return;
    toggle.setAttribute("aria-expanded", String(!folded));
    facets.classList.toggle("folded", folded);
  }

  if (toggle) toggle.addEventListener("click", () => fold(toggle.getAttribute("aria-expanded") === "true"));
  fold(true);
  form.hidden = false;
  const links = document.querySelector("nav.filters");
  if (links) links.hidden = true;
  readUrl();
  apply(false);
  form.addEventListener("input", (event) => {
    clearTimeout(timer);
    timer = setTimeout(() => apply(true), event.target.tagName === "INPUT" ? 250 : 0);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    apply(true);
  });
  form.addEventListener("reset", () => setTimeout(() => apply(true), 0));
}
