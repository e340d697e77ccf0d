// The home page's map follows the filters. js/filters.js dispatches, on `document`, once on
// load and whenever the programmes shown change:
//   new CustomEvent("fiche:filtered", {detail: {countries: {FR: 3, …}, total: 12}})
// and this script shades each country by its number of programmes shown, in the classes of
// the legend (made at build time, so that a shade means the same whatever the filters), and
// gives its link an accessible name with that number. Without JavaScript, or before the
// event, the map shows every programme, as built.
//
// The map is also one stop for the Tab key (with some 200 countries, Tab would otherwise go
// through every one before reaching the filters): Tab enters at the last country focused,
// the arrow keys (and Home, End) move from country to country, in the order of their names,
// and Tab leaves. Screen readers still list every link.
(() => {
  "use strict";
  const figure = document.querySelector("figure.map-choropleth[data-bounds]");
  if (!figure) return;
  const svg = figure.querySelector("svg");
  const bounds = figure.dataset.bounds.split(" ").filter(Boolean).map(Number);
  // Each class's shade is its legend swatch's (`map-1` … `map-5`).
  const shades = [...figure.querySelectorAll(".legend .swatch")].map((swatch) =>
    [...swatch.classList].find((c) => /^map-\d+$/.test(c)),
  );
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
    for (const link of links) {
      const code = link.dataset.country;
      const n = Math.max(0, Number(counts[code]) || 0);
      let shade = null;
      bounds.forEach((low, i) => {
        if (n >= low) shade = shades[i];
      });
      if (n > 0 && shade) svg.style.setProperty(`--${code}`, `var(--${shade})`);
      else svg.style.removeProperty(`--${code}`);
      link.setAttribute("aria-label", `${link.dataset.name} (${countText(n)})`);
      // A small country's marker stays, faint, where none is shown.
      link.toggleAttribute("data-none", n === 0);
    }
  });
})();
