// Drives Debian's Chromium (through playwright-core) for fiche's browser tests
// (tests/integration/browser.rs), and reports what it saw as JSON on standard output. The
// Rust tests decide what passes; this script only looks.
//
// Usage: node probe.mjs TASK_JSON
//   TASK_JSON: {"tools": ".../node_modules", "chromium": "/usr/bin/chromium", "task": …}
// Tasks:
//   {"kind": "axe", "urls": [...]}                 → [{url, status, violations: [...]}]
//   {"kind": "filters", "url": ..., "country": ..., "text": ...}
//   {"kind": "search", "url": ..., "text": ...}   → {titles, excerpts, marks, heading, status}
//   {"kind": "filter_counts", "url": ..., "country": ...}
//                                                  → {heading, menus: {status: [...]}, events}
//   {"kind": "folded", "url": ..., "width": 390, "country": ...}
//                                                  → the fold button and menus, before and after
//   {"kind": "switch_language", "url": ..., "to": "fr"}
//   {"kind": "print", "url": ...}                  → {pages, hidden, link_after, map_box}
//   {"kind": "map_pixels", "url": ..., "colour": [r, g, b]}
//   {"kind": "map_frame", "url": ...}              → {view_box, href, svg, places: [...]}
//   {"kind": "map_keyboard", "url": ...}           → {focused: [...], url_after_enter}
//   {"kind": "map_arrows", "url": ...}             → {first, right, end, after_tab}
//   {"kind": "map_recolour", "url": ..., "detail": {countries, total}, "code": "FJ"}
//   {"kind": "overflow", "urls": [...], "widths": [320, 390]}
//                                                  → [{url, width, status, document_width, wide}]
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { inflateSync } from "node:zlib";

const input = JSON.parse(process.argv[2]);
const require = createRequire(join(input.tools, "noop.js"));
const { chromium } = require("playwright-core");
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const browser = await chromium.launch({
  executablePath: input.chromium,
  // Root in a container: no sandbox; no network but the test's own server.
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

async function open(url, viewport = { width: 1280, height: 900 }) {
  const page = await browser.newPage({ viewport });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  const response = await page.goto(url, { waitUntil: "networkidle" });
  return { page, status: response ? response.status() : 0, errors };
}

async function axe(task) {
  const results = [];
  for (const url of task.urls) {
    for (const viewport of [{ width: 1280, height: 900 }, { width: 375, height: 800 }]) {
      const { page, status, errors } = await open(url, viewport);
      await page.addScriptTag({ content: axeSource });
      const found = await page.evaluate(async () => {
        const r = await window.axe.run(document, {
          runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
          resultTypes: ["violations"],
        });
        return r.violations.map((v) => ({
          id: v.id, impact: v.impact, help: v.help,
          nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ") + " — " + n.failureSummary.replace(/\s+/g, " ")),
        }));
      });
      results.push({ url, width: viewport.width, status, errors, violations: found });
      await page.close();
    }
  }
  return results;
}

async function filters(task) {
  const { page, status, errors } = await open(task.url);
  const cards = () => page.locator(".results-list article.card").count();
  const seen = { status, errors };
  await page.locator("form.finder").waitFor({ state: "visible", timeout: 10000 });
  seen.links_hidden = await page.locator("nav.filters").isHidden();
  seen.before = await cards();
  await page.selectOption("#finder-country", task.country);
  await settled(page, "country=");
  seen.after_country = await cards();
  seen.url_after_country = page.url();
  seen.status_after_country = await page.locator(".finder-status").textContent();
  seen.live = await page.locator(".finder-status").getAttribute("aria-live");
  await page.selectOption("#finder-country", "");
  await page.fill("#finder-q", task.text);
  await settled(page, "q=");
  seen.after_text = await cards();
  seen.titles_after_text = await page.locator(".results-list article.card h3").allTextContents();
  seen.url_after_text = page.url();
  // The state survives a reload: the address holds it.
  await page.reload({ waitUntil: "networkidle" });
  await page.locator("form.finder").waitFor({ state: "visible" });
  await page.waitForFunction(() => document.querySelector(".finder-status").textContent !== "");
  await settled(page, "q=");
  seen.text_after_reload = await page.inputValue("#finder-q");
  seen.after_reload = await cards();
  await page.click("button[type=reset]");
  await page.waitForFunction(() => location.search === "");
  seen.after_reset = await cards();
  seen.url_after_reset = page.url();
  await page.close();
  return seen;
}

// The finder settled: no search running and the address written.
async function settled(page, part) {
  await page.waitForFunction((part) => location.search.includes(part)
    && !document.querySelector("form.finder").hasAttribute("aria-busy"), part);
}

async function search(task) {
  const { page, status, errors } = await open(task.url);
  await page.locator("form.finder").waitFor({ state: "visible", timeout: 10000 });
  await page.fill("#finder-q", task.text);
  await settled(page, "q=");
  await page.locator(".results-list .excerpt").first().waitFor({ timeout: 10000 }).catch(() => {});
  const seen = {
    status, errors,
    titles: await page.locator(".results-list article.card h3").allTextContents(),
    excerpts: await page.locator(".results-list .excerpt").allTextContents(),
    marks: await page.locator(".results-list .excerpt mark").allTextContents(),
    heading: await page.locator("#list-title").textContent(),
    announced: await page.locator(".finder-status").textContent(),
  };
  await page.close();
  return seen;
}

// Every visible option of every menu, by menu.
async function menus(page) {
  return page.evaluate(() => {
    const out = {};
    document.querySelectorAll("form.finder select").forEach((s) => {
      out[s.name] = Array.from(s.options).filter((o) => o.value && !o.hidden).map((o) => o.textContent);
    });
    return out;
  });
}

async function filterCounts(task) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.addInitScript(() => {
    window.filtered = [];
    document.addEventListener("fiche:filtered", (e) => window.filtered.push(e.detail));
  });
  await page.goto(task.url, { waitUntil: "networkidle" });
  await page.locator("form.finder").waitFor({ state: "visible", timeout: 10000 });
  const seen = { errors, menus_before: await menus(page) };
  await page.selectOption("#finder-country", task.country);
  await settled(page, "country=");
  seen.heading = await page.locator("#list-title").textContent();
  seen.cards = await page.locator(".results-list article.card").count();
  seen.menus = await menus(page);
  seen.events = await page.evaluate(() => window.filtered);
  await page.close();
  return seen;
}

async function folded(task) {
  const { page, errors } = await open(task.url, { width: task.width, height: 800 });
  await page.locator("form.finder").waitFor({ state: "visible", timeout: 10000 });
  const toggle = page.locator(".finder-toggle");
  const seen = {
    errors,
    toggle_visible: await toggle.isVisible(),
    menus_visible_before: await page.locator("#finder-country").isVisible(),
    expanded_before: await toggle.getAttribute("aria-expanded"),
    toggle_before: (await toggle.textContent()).trim(),
  };
  if (!seen.toggle_visible) {
    await page.close();
    return seen;
  }
  await toggle.click();
  seen.menus_visible_open = await page.locator("#finder-country").isVisible();
  seen.expanded_open = await toggle.getAttribute("aria-expanded");
  await page.selectOption("#finder-country", task.country);
  await settled(page, "country=");
  await toggle.click();
  seen.menus_visible_after = await page.locator("#finder-country").isVisible();
  seen.toggle_after = (await toggle.textContent()).trim();
  seen.page_width = await page.evaluate(() => document.documentElement.scrollWidth);
  await page.close();
  return seen;
}

async function switchLanguage(task) {
  const { page, status } = await open(task.url);
  await Promise.all([
    page.waitForNavigation({ waitUntil: "load" }),
    page.click(`nav.languages a[hreflang="${task.to}"]`),
  ]);
  const seen = {
    status,
    url: page.url(),
    lang: await page.getAttribute("html", "lang"),
    dir: await page.getAttribute("html", "dir"),
    h1: await page.locator("h1").first().textContent(),
  };
  await page.close();
  return seen;
}

function countPdfPages(pdf) {
  // Chromium writes each page object as "/Type /Page"; "/Type /Pages" is the tree's root.
  return (pdf.toString("latin1").match(/\/Type\s*\/Page(?![s\w])/g) || []).length;
}

async function print(task) {
  const { page, status } = await open(task.url);
  const pdf = await page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true });
  await page.emulateMedia({ media: "print" });
  const seen = await page.evaluate(() => {
    const shown = (sel) => {
      const el = document.querySelector(sel);
      return el ? getComputedStyle(el).display !== "none" && el.getClientRects().length > 0 : null;
    };
    const link = document.querySelector('.fiche-body a[href^="http"]');
    const map = document.querySelector(".facts .map-svg");
    const box = map ? map.getBoundingClientRect() : null;
    return {
      nav_shown: shown(".site-nav"),
      languages_shown: shown("nav.languages"),
      related_shown: shown(".related"),
      facts_shown: shown(".facts"),
      body_shown: shown(".fiche-body"),
      link_href: link ? link.getAttribute("href") : null,
      link_after: link ? getComputedStyle(link, "::after").content : null,
      map_box: box ? [box.width, box.height] : null,
    };
  });
  seen.status = status;
  seen.pages = countPdfPages(pdf);
  seen.pdf_bytes = pdf.length;
  await page.close();
  return seen;
}

// The pixels of a PNG (8-bit RGB or RGBA, not interlaced: what Chromium writes).
function decodePng(png) {
  let pos = 8;
  let width = 0, height = 0, channels = 4;
  const data = [];
  while (pos < png.length) {
    const length = png.readUInt32BE(pos);
    const type = png.toString("latin1", pos + 4, pos + 8);
    const body = png.subarray(pos + 8, pos + 8 + length);
    if (type === "IHDR") {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      channels = body[9] === 6 ? 4 : 3;
    } else if (type === "IDAT") data.push(body);
    pos += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * channels;
  const out = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x];
      const a = x >= channels ? out[y * stride + x - channels] : 0;
      const b = y > 0 ? out[(y - 1) * stride + x] : 0;
      const c = x >= channels && y > 0 ? out[(y - 1) * stride + x - channels] : 0;
      let p = 0;
      if (filter === 1) p = a;
      else if (filter === 2) p = b;
      else if (filter === 3) p = (a + b) >> 1;
      else if (filter === 4) {
        const e = a + b - c;
        const [pa, pb, pc] = [Math.abs(e - a), Math.abs(e - b), Math.abs(e - c)];
        p = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      out[y * stride + x] = (v + p) & 255;
    }
  }
  return { width, height, channels, pixels: out };
}

async function mapPixels(task) {
  const { page, status } = await open(task.url);
  const svg = page.locator("svg.map-svg").first();
  const png = decodePng(await svg.screenshot());
  const [r, g, b] = task.colour;
  let matching = 0;
  for (let i = 0; i < png.pixels.length; i += png.channels) {
    const d = Math.abs(png.pixels[i] - r) + Math.abs(png.pixels[i + 1] - g) + Math.abs(png.pixels[i + 2] - b);
    if (d < 24) matching++;
  }
  const seen = {
    status,
    href: await page.locator("svg.map-svg use").first().getAttribute("href"),
    width: png.width,
    height: png.height,
    matching,
    share: matching / (png.width * png.height),
  };
  await page.close();
  return seen;
}

// A page's map: its viewBox and file, its box on screen, and each country link's box on
// screen and its marker's (a point) when it has one.
async function mapFrame(task) {
  const { page, status, errors } = await open(task.url);
  const seen = await page.evaluate(() => {
    const rect = (el) => {
      const r = el.getBoundingClientRect();
      return [r.left, r.top, r.right, r.bottom];
    };
    const svg = document.querySelector("svg.map-svg");
    if (!svg) return null;
    return {
      view_box: svg.getAttribute("viewBox"),
      href: svg.querySelector(":scope > use").getAttribute("href"),
      svg: rect(svg),
      places: [...svg.querySelectorAll("a[data-country]")].map((a) => {
        const marker = a.querySelector(".marker");
        return {
          code: a.dataset.country,
          label: a.getAttribute("aria-label"),
          box: rect(a),
          marker: marker ? rect(marker) : null,
        };
      }),
    };
  });
  await page.close();
  return { status, errors, ...seen };
}

// Tabs from the top of the page into the map, through its links, and follows the first.
async function mapKeyboard(task) {
  const { page, status, errors } = await open(task.url);
  const focused = [];
  for (let i = 0; i < 200 && focused.length < 3; i++) {
    await page.keyboard.press("Tab");
    const here = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || !el.closest("svg.map-svg")) return null;
      return { tag: el.tagName.toLowerCase(), code: el.dataset.country, label: el.getAttribute("aria-label"), href: el.getAttribute("href") };
    });
    if (here) focused.push(here);
    else if (focused.length) break;
  }
  let urlAfterEnter = null;
  if (focused.length) {
    // Back to the first link, then Enter.
    for (let i = 1; i < focused.length; i++) await page.keyboard.press("Shift+Tab");
    await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.keyboard.press("Enter")]);
    urlAfterEnter = page.url();
  }
  await page.close();
  return { status, errors, focused, url_after_enter: urlAfterEnter };
}

// On a map that is one Tab stop: the link Tab reaches, those ArrowRight and End move to,
// and where the next Tab goes.
async function mapArrows(task) {
  const { page, status, errors } = await open(task.url);
  const where = () =>
    page.evaluate(() => {
      const el = document.activeElement;
      return el && el.closest("svg.map-svg") ? el.dataset.country : null;
    });
  let first = null;
  for (let i = 0; i < 200 && !first; i++) {
    await page.keyboard.press("Tab");
    first = await where();
  }
  await page.keyboard.press("ArrowRight");
  const right = await where();
  await page.keyboard.press("End");
  const end = await where();
  await page.keyboard.press("Tab");
  const afterTab = await where();
  const links = await page.locator("svg.map-svg a[data-country]").evaluateAll((as) => as.map((a) => a.dataset.country));
  await page.close();
  return { status, errors, links, first, right, end, after_tab: afterTab };
}

// The home map before and after a `fiche:filtered` event: the custom property and link name
// of `code`, and the colour its marker is painted in.
async function mapRecolour(task) {
  const { page, status, errors } = await open(task.url);
  const look = () =>
    page.evaluate((code) => {
      const svg = document.querySelector("svg.map-svg");
      const a = svg.querySelector(`a[data-country="${code}"]`);
      const marker = a && a.querySelector(".marker");
      return {
        property: svg.style.getPropertyValue(`--${code}`),
        label: a && a.getAttribute("aria-label"),
        colour: marker && getComputedStyle(marker).stroke,
        legend: [...document.querySelectorAll("figure.map .legend li")].map((li) => li.textContent),
      };
    }, task.code);
  const before = await look();
  await page.evaluate((detail) => document.dispatchEvent(new CustomEvent("fiche:filtered", { detail })), task.detail);
  const after = await look();
  await page.evaluate(() => document.dispatchEvent(new CustomEvent("fiche:filtered", { detail: { countries: {}, total: 0 } })));
  const none = await look();
  await page.close();
  return { status, errors, before, after, none };
}

// How wide each page is on a phone, and what sticks out past the viewport's edge (the
// outermost such elements, as tag.class, with their widths), to say what to fix.
async function overflow(task) {
  const results = [];
  for (const width of task.widths) {
    const page = await browser.newPage({ viewport: { width, height: 800 } });
    for (const url of task.urls) {
      const response = await page.goto(url, { waitUntil: "load" });
      const seen = await page.evaluate(() => {
        const limit = document.documentElement.clientWidth;
        const wide = [];
        const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
          [...el.classList].map((c) => "." + c).join("");
        const walk = (el) => {
          const box = el.getBoundingClientRect();
          const out = box.width > 0 && (box.right > limit + 0.5 || box.left < -0.5);
          if (out && getComputedStyle(el).position !== "absolute") {
            wide.push(`${name(el)} (${Math.round(box.left)}–${Math.round(box.right)} px)`);
            return;
          }
          // What scrolls inside its own box does not widen the page.
          if (getComputedStyle(el).overflowX !== "visible") return;
          for (const child of el.children) walk(child);
        };
        walk(document.body);
        return { document_width: document.documentElement.scrollWidth, viewport: limit, wide: wide.slice(0, 5) };
      });
      results.push({ url, width, status: response ? response.status() : 0, ...seen });
    }
    await page.close();
  }
  return results;
}

const kinds = {
  axe, filters, search, filter_counts: filterCounts, folded, switch_language: switchLanguage, print, map_pixels: mapPixels,
  map_frame: mapFrame, map_keyboard: mapKeyboard, map_arrows: mapArrows, map_recolour: mapRecolour,
  overflow,
};
try {
  const run = kinds[input.task.kind];
  if (!run) throw new Error(`unknown task ${input.task.kind}`);
  process.stdout.write(JSON.stringify(await run(input.task)));
} finally {
  await browser.close();
}
