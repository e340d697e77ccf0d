// fiche default theme: instant filters on the home page.
//
// Without JavaScript the home page offers links to the index pages (country, theme, …). With
// it, this script loads the language's search index (<lang>/search.json, made by fiche),
// shows the filter form instead of the links, and filters every programme at once: by text
// (titles and summaries, ignoring case and accents) and by country, region, theme, donor,
// status and year. The state is kept in the address (?country=FR&q=police), so a filtered
// list can be shared and survives a reload; the result count is announced to screen readers.
(function () {
  "use strict";
  var form = document.querySelector("form.finder");
  var list = document.querySelector(".results-list");
  var status = document.querySelector(".finder-status");
  if (!form || !list || !status || !window.fetch || !window.URLSearchParams) return;

  var FACETS = ["country", "region", "theme", "donor", "status", "year"];
  var STEP = 50;
  var lang = document.documentElement.lang;
  var dir = document.documentElement.dir;
  var root = form.getAttribute("data-root") || "";
  var original = list.innerHTML;
  var index = null;
  var shown = STEP;
  var timer = 0;

  function fold(text) {
    return String(text).normalize("NFD").replace(/\p{M}/gu, "").toLocaleLowerCase(lang);
  }

  function field(name) {
    return form.elements.namedItem(name);
  }

  function state() {
    var s = { q: fold(field("q").value).trim() };
    FACETS.forEach(function (f) {
      var el = field(f);
      s[f] = el ? el.value : "";
    });
    return s;
  }

  function active(s) {
    return s.q !== "" || FACETS.some(function (f) { return s[f] !== ""; });
  }

  function matches(p, s) {
    for (var i = 0; i < FACETS.length; i++) {
      var f = FACETS[i];
      if (s[f] && (p.terms[f] || []).indexOf(s[f]) < 0) return false;
    }
    if (!s.q) return true;
    return s.q.split(/\s+/).every(function (word) { return p.text.indexOf(word) >= 0; });
  }

  function countText(n) {
    if (n === 0) return form.getAttribute("data-no-match") || "0";
    var forms = index.count;
    var category = window.Intl && Intl.PluralRules ? new Intl.PluralRules(lang).select(n) : "other";
    var template = forms[category] || forms.other || "{n}";
    return template.replace("{n}", n.toLocaleString(lang));
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // The same markup as the theme's partials/card.html.
  function card(p) {
    var article = el("article", { class: p.lang ? "card fallback" : "card" });
    if (p.lang) {
      article.setAttribute("lang", p.lang);
      article.setAttribute("dir", p.dir || "ltr");
    }
    var here = { lang: lang, dir: dir };
    if (p.image) article.appendChild(el("img", { class: "card-image", src: root + p.image, alt: "", loading: "lazy" }));
    var text = el("div", { class: "card-text" });
    var top = el("p", Object.assign({ class: "card-top" }, here));
    var statusKey = (p.terms.status || [""])[0];
    top.appendChild(el("span", { class: "status status-" + statusKey }, index.names.status[statusKey] || statusKey));
    if (p.draft) {
      top.appendChild(document.createTextNode(" "));
      top.appendChild(el("span", { class: "draft-flag" }, form.getAttribute("data-draft") || "draft"));
    }
    text.appendChild(top);
    var h3 = el("h3");
    h3.appendChild(el("a", { href: root + p.path }, p.title));
    text.appendChild(h3);
    if (p.note) text.appendChild(el("p", Object.assign({ class: "fallback-note" }, here), p.note));
    text.appendChild(el("p", { class: "summary" }, p.summary));
    var facts = el("ul", Object.assign({ class: "card-facts" }, here));
    if (p.period) facts.appendChild(el("li", {}, p.period));
    if (p.amount) facts.appendChild(el("li", {}, p.amount));
    var countries = (p.terms.country || []).map(function (c) { return index.names.country[c] || c; });
    if (countries.length) facts.appendChild(el("li", {}, countries.join(", ")));
    text.appendChild(facts);
    article.appendChild(text);
    return article;
  }

  function render(found, focusFrom) {
    list.textContent = "";
    var grid = el("div", { class: "cards" });
    found.slice(0, shown).forEach(function (p) { grid.appendChild(card(p)); });
    if (found.length) list.appendChild(grid);
    if (found.length > shown) {
      var more = el("button", { type: "button", class: "button-secondary show-more" }, form.getAttribute("data-show-more") || "+");
      more.addEventListener("click", function () {
        var from = shown;
        shown += STEP;
        render(found, from);
      });
      var p = el("p", { class: "show-more-row" });
      p.appendChild(more);
      list.appendChild(p);
    }
    if (focusFrom !== undefined) {
      var link = grid.querySelectorAll("h3 a")[focusFrom];
      if (link) link.focus();
    }
  }

  function writeUrl(s) {
    var params = new URLSearchParams(location.search);
    params.delete("q");
    var q = field("q").value.trim();
    if (q) params.set("q", q);
    FACETS.forEach(function (f) {
      params.delete(f);
      if (s[f]) params.set(f, s[f]);
    });
    var query = params.toString();
    history.replaceState(history.state, "", location.pathname + (query ? "?" + query : "") + location.hash);
  }

  function readUrl() {
    var params = new URLSearchParams(location.search);
    if (params.has("q")) field("q").value = params.get("q");
    FACETS.forEach(function (f) {
      var select = field(f);
      if (select && params.has(f)) select.value = params.get(f);
    });
  }

  function apply(announce) {
    var s = state();
    writeUrl(s);
    if (!active(s)) {
      if (list.innerHTML !== original) list.innerHTML = original;
      status.textContent = announce ? countText(index.programmes.length) : "";
      return;
    }
    shown = STEP;
    var found = index.programmes.filter(function (p) { return matches(p, s); });
    render(found);
    status.textContent = countText(found.length);
  }

  fetch(form.getAttribute("data-index"))
    .then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    })
    .then(function (data) {
      index = data;
      index.names = {};
      FACETS.forEach(function (f) {
        index.names[f] = {};
        (data.facets[f] || []).forEach(function (pair) { index.names[f][pair[0]] = pair[1]; });
      });
      index.programmes.forEach(function (p) { p.text = fold(p.title + " " + p.summary); });
      form.hidden = false;
      var links = document.querySelector("nav.filters");
      if (links) links.hidden = true;
      readUrl();
      apply(false);
      form.addEventListener("input", function (event) {
        clearTimeout(timer);
        timer = setTimeout(function () { apply(true); }, event.target.tagName === "INPUT" ? 250 : 0);
      });
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        apply(true);
      });
      form.addEventListener("reset", function () {
        setTimeout(function () { apply(true); }, 0);
      });
    })
    .catch(function () {
      // The links to the index pages stay: they do the same job, a page at a time.
    });
})();
