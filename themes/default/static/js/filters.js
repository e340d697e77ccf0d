// fiche default theme: search and filters on the home page.
//
// Without JavaScript the home page offers links to the index pages (country, theme, …). With
// it, this script shows the search and filter form instead. Nothing is downloaded until the
// reader uses it: then it loads the language's Pagefind index (<lang>/pagefind/, made by
// fiche), in chunks, as each query and filter needs them. Search covers titles, summaries
// and bodies, with an excerpt per result; filters narrow by country, region, theme, donor,
// status and year, and every menu's counts and the heading follow the current selection. The
// state is kept in the address (?country=FR&q=police), so a filtered list can be shared and
// survives a reload; the result count is announced to screen readers. On small screens the
// menus fold behind one button that says how many are active.
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

if (form && list && status && window.URLSearchParams) start();

function start() {
  const root = form.getAttribute("data-root") || "";
  const original = list.innerHTML;
  const originalHeading = headingCount ? headingCount.textContent : "";
  const toggle = form.querySelector(".finder-toggle");
  const facets = form.querySelector(".finder-fields");
  const countForms = JSON.parse(form.getAttribute("data-counts") || "{}");
  const activeForms = JSON.parse(form.getAttribute("data-active") || "{}");
  const plural = window.Intl && Intl.PluralRules ? new Intl.PluralRules(lang) : null;
  let pagefind = null;
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

  // The chosen filters but `except`'s: what a menu's counts are worked out from.
  function without(filters, except) {
    const out = Object.assign({}, filters);
    delete out[except];
    return out;
  }

  function loadPagefind() {
    if (!pagefind) {
      const base = new URL(root || "./", location.href).pathname;
      pagefind = import(form.getAttribute("data-pagefind") + "pagefind.js").then((pf) =>
        // Every menu's counts need every filter's chunk: loaded once, before the first search.
        pf.options({ baseUrl: base, noWorker: true, excerptLength: 24 }).then(() => pf.filters()).then(() => pf)
      );
    }
    return pagefind;
  }

  function search(pf, s, filters) {
    const options = { filters: filters };
    if (!s.q) options.sort = { order: "asc" };
    return pf.search(s.q || null, options);
  }

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    Object.keys(attrs || {}).forEach((k) => node.setAttribute(k, attrs[k]));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // Pagefind's excerpt marks the words found with <mark>; everything else is text.
  function excerpt(html) {
    const p = el("p", { class: "excerpt" });
    const decode = document.createElement("textarea");
    html.split(/(<mark>[^<]*<\/mark>)/).forEach((part) => {
      const marked = /^<mark>([^<]*)<\/mark>$/.exec(part);
      decode.innerHTML = marked ? marked[1] : part;
      p.appendChild(marked ? el("mark", {}, decode.value) : document.createTextNode(decode.value));
    });
    return p;
  }

  // The same markup as the theme's partials/card.html, from the facts fiche put in the index.
  function card(data, withExcerpt) {
    const m = data.meta;
    const article = el("article", { class: m.lang ? "card fallback" : "card" });
    const here = { lang: lang, dir: document.documentElement.dir };
    if (m.lang) {
      article.setAttribute("lang", m.lang);
      article.setAttribute("dir", m.dir || "ltr");
    }
    if (m.image) article.appendChild(el("img", { class: "card-image", src: root + m.image, alt: "", loading: "lazy" }));
    else if (m.band_name) {
      const band = el("div", { class: "card-band band-" + m.band, "aria-hidden": "true" });
      band.appendChild(el("span", {}, m.band_name));
      article.appendChild(band);
    }
    const text = el("div", { class: "card-text" });
    const top = el("p", Object.assign({ class: "card-top" }, here));
    top.appendChild(el("span", { class: "status status-" + m.status }, names.status[m.status] || m.status));
    if (m.draft) {
      top.appendChild(document.createTextNode(" "));
      top.appendChild(el("span", { class: "draft-flag" }, form.getAttribute("data-draft") || "draft"));
    }
    text.appendChild(top);
    const h3 = el("h3");
    h3.appendChild(el("a", { href: data.url }, m.title));
    text.appendChild(h3);
    if (m.note) text.appendChild(el("p", Object.assign({ class: "fallback-note" }, here), m.note));
    text.appendChild(el("p", { class: "summary" }, m.summary));
    if (withExcerpt && data.excerpt) text.appendChild(excerpt(data.excerpt));
    const facts = el("ul", Object.assign({ class: "card-facts" }, here));
    [m.period, m.amount].forEach((fact) => {
      if (fact) facts.appendChild(el("li", {}, fact));
    });
    if (m.countries) {
      const countries = el("li", {}, m.countries);
      if (m.countries_more) {
        countries.appendChild(document.createTextNode(" "));
        countries.appendChild(el("span", { class: "more" }, m.countries_more));
      }
      facts.appendChild(countries);
    }
    text.appendChild(facts);
    article.appendChild(text);
    return article;
  }

  // Shows results[from, from + STEP) below those already shown.
  async function show(results, from, withExcerpt, mine) {
    const data = await Promise.all(results.slice(from, from + STEP).map((r) => r.data()));
    if (mine !== run) return;
    let grid = list.querySelector(".cards");
    if (!grid) {
      list.textContent = "";
      grid = el("div", { class: "cards" });
      list.appendChild(grid);
    }
    data.forEach((d) => grid.appendChild(card(d, withExcerpt)));
    const old = list.querySelector(".show-more-row");
    if (old) old.remove();
    if (results.length > from + STEP) {
      const more = el("button", { type: "button", class: "button-secondary show-more" }, form.getAttribute("data-show-more") || "+");
      more.addEventListener("click", () => {
        show(results, from + STEP, withExcerpt, run).then(() => {
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
      const pf = await loadPagefind();
      const found = await search(pf, s, s.filters);
      // A menu whose own filter is chosen counts without it (choosing another replaces it).
      const counts = {};
      for (const f of FACETS) {
        const others = without(s.filters, f);
        if (!s.q && !Object.keys(others).length) counts[f] = totals[f];
        else if (s.filters[f]) counts[f] = (await search(pf, s, others)).filters[f];
        else counts[f] = found.filters[f];
      }
      if (mine !== run) return;
      const n = found.results.length;
      showCounts(counts);
      if (headingCount) headingCount.textContent = "· " + fill(countForms, n);
      status.textContent = countText(n);
      list.textContent = "";
      await show(found.results, 0, Boolean(s.q), mine);
      tell(found.filters.country || {}, n);
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
