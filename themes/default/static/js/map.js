// The home page's map follows the filters. js/filters.js dispatches, on `document`, once on
// load and whenever the programmes shown change:
//   new CustomEvent("fiche:filtered", {detail: {countries: {FR: 3, …}, total: 12}})
// and this script shades each country by its number of programmes shown, in classes made
// from those numbers as fiche makes them (src/render/map/mod.rs, `shade_bounds` and
// `shade`: each count its own class up to five, else 1 and the quintiles of the different
// counts, to two digits), rewrites the legend, and gives each link an accessible name with
// its number. Without JavaScript, or before the event, the map shows every programme, as
// built.
//
// The map is also one stop for the Tab key (with some 200 countries, Tab would otherwise go
// through every one before reaching the filters): Tab enters at the last country focused,
// the arrow keys (and Home, End) move from country to country, in the order of their names,
// and Tab leaves. Screen readers still list every link.
(() => {
  "use strict";
  const figure = document.querySelector("figure.map-choropleth");
  if (!figure) return;
  const svg = figure.querySelector("svg");
  const legend = figure.querySelector(".legend");
  const SHADES = 5;
  const twoDigits = (x) => {
    let power = 1;
    while (x / power >= 100) power *= 10;
    return Math.floor(x / power) * power;
  };
  const boundsOf = (counts) => {
    const sorted = [...new Set(counts.filter((n) => n > 0))].sort((a, b) => a - b);
    const max = sorted.length ? sorted[sorted.length - 1] : 0;
    if (max <= SHADES) return Array.from({ length: max }, (_, i) => i + 1);
    const bounds = [1];
    for (let i = 1; i < SHADES; i++) {
      const bound = twoDigits(sorted[Math.floor((i * sorted.length) / SHADES)]);
      if (bound > bounds[bounds.length - 1]) bounds.push(bound);
    }
    return bounds;
  };
  // Fewer classes than shades are spread over the whole range: shades 1 and 5, not 1 and 2.
  const shadeOf = (i, classes) =>
    classes <= 1
      ? SHADES - 1
      : 1 + Math.floor((i * (SHADES - 1) + Math.floor((classes - 1) / 2)) / (classes - 1));
  let forms = {};
  try {
    forms = JSON.parse(figure.dataset.count || "{}");
  } catch {
    forms = {};
  }
  const lang = document.documentElement.lang || undefined;
  const plural = new Intl.PluralRules(lang);
  const number = new Intl.NumberFormat(lang);
  const countText = (n) =>
    (forms[plural.select(n)] ?? forms.other ?? "{n}").replace("{n}", number.format(n));
  const links = [...svg.querySelectorAll("a[data-country]")];

  const focusLink = (i) => {
    links.forEach((link, j) => link.setAttribute("tabindex", i === j ? "0" : "-1"));
    links[i].focus();
  };
  links.forEach((link, i) => link.setAttribute("tabindex", i === 0 ? "0" : "-1"));
  svg.addEventListener("keydown", (event) => {
    const at = links.indexOf(document.activeElement);
    if (at < 0) return;
    const rtl = getComputedStyle(svg).direction === "rtl";
    const step = {
      ArrowRight: rtl ? -1 : 1, ArrowDown: 1, ArrowLeft: rtl ? 1 : -1, ArrowUp: -1,
    }[event.key];
    let to = null;
    if (step) to = (at + step + links.length) % links.length;
    else if (event.key === "Home") to = 0;
    else if (event.key === "End") to = links.length - 1;
    if (to === null) return;
    event.preventDefault();
    focusLink(to);
  });

  document.addEventListener("fiche:filtered", (event) => {
    const counts = (event.detail && event.detail.countries) || {};
    const shown = links.map((link) => Math.max(0, Number(counts[link.dataset.country]) || 0));
    const bounds = boundsOf(shown);
    const max = Math.max(0, ...shown);
    links.forEach((link, j) => {
      const code = link.dataset.country;
      const n = shown[j];
      let shade = null;
      bounds.forEach((low, i) => {
        if (n >= low) shade = shadeOf(i, bounds.length);
      });
      if (n > 0 && shade) svg.style.setProperty(`--${code}`, `var(--map-${shade})`);
      else svg.style.removeProperty(`--${code}`);
      link.setAttribute("aria-label", `${link.dataset.name} (${countText(n)})`);
      // A small country's marker stays, faint, where none is shown.
      link.toggleAttribute("data-none", n === 0);
    });
    if (!legend) return;
    legend.replaceChildren(
      ...bounds.map((low, i) => {
        const high = i + 1 < bounds.length ? bounds[i + 1] - 1 : max;
        const range = low === high ? number.format(low) : `${number.format(low)}–${number.format(high)}`;
        const item = document.createElement("li");
        const swatch = document.createElement("span");
        swatch.className = `swatch map-${shadeOf(i, bounds.length)}`;
        const form = forms[plural.select(high)] ?? forms.other ?? "{n}";
        item.append(swatch, form.replace("{n}", range));
        return item;
      }),
    );
  });
})();
