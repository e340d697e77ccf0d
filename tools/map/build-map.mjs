// Converts Natural Earth's 1:50m country boundaries (public domain, via the npm package
// world-atlas) into the default theme's world map. Run once when the map should change:
//
//     cd tools/map && npm ci && node build-map.mjs
//
// It writes three files, all committed (they are theme data, not build output):
// - themes/default/static/map/world.svg (centred on Greenwich) and map/pacific.svg (the same
//   world centred on 150° E, its edges in the Atlantic at 30° W, so that a map of Pacific
//   countries need not cross its edges): one <path> per country, its id the ISO 3166-1
//   alpha-2 code, filled with `var(--XX, var(--map-land))` (a style, not a presentation
//   attribute: var() there is not supported everywhere), so that a page colours its
//   countries by setting custom properties on an <svg> that <use>s the file's #world group,
//   and links a country by <use>-ing its path. Tiny countries have no dot here: the page
//   draws a marker for those too small to see at its zoom.
// - src/render/map/world_map.tsv: per view and code, the bounding box of the country's main part
//   (the largest piece of it drawn on that view) and its centre, in the view's coordinates,
//   and whether it has a path or only a point, so that fiche can frame a page's countries.
//
// The output is deterministic: same inputs, same bytes.

import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { geoEqualEarth, geoPath, geoCentroid } from "d3-geo";
import * as topojson from "topojson-client";
import { presimplify, simplify, quantile } from "topojson-simplify";

const require = createRequire(import.meta.url);
const countries = require("i18n-iso-countries");
const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..", "..");
const atlasVersion = JSON.parse(
  readFileSync(join(here, "node_modules/world-atlas/package.json"), "utf8"),
).version;

const WIDTH = 1000;
// Keeps 30% of the points (weighted by the area each one adds): borders stay recognisable
// the map (up to ~1100 px), and the file stays a few hundred kilobytes.
const KEEP = 0.3;
// The two views: a file name and the longitude at the centre.
const VIEWS = [
  { name: "world", centre: 0 },
  { name: "pacific", centre: 150 },
];

// Parts of a country that Natural Earth draws inside another one, but ISO codes apart:
// a polygon whose centre falls in the box [west, south, east, north] goes to that code.
const SPLITS = {
  FR: {
    GF: [-55, 1, -51, 6.5],
    GP: [-62, 15.8, -60.9, 16.6],
    MQ: [-61.3, 14.3, -60.7, 15],
    RE: [55, -21.5, 56, -20.8],
    YT: [44.9, -13.1, 45.4, -12.5],
  },
  NO: { SJ: [10, 74, 35, 81] },
};
// Territories with no polygon at 1:50m: a dot at [longitude, latitude].
const DOTS_ONLY = {
  CX: [105.69, -10.45],
  CC: [96.87, -12.17],
  GI: [-5.35, 36.14],
  BQ: [-68.26, 12.18],
  TK: [-171.85, -9.2],
  TV: [179.2, -8.52],
  BV: [3.4, -54.43],
};
// Features with no ISO numeric code in world-atlas, by name.
const BY_NAME = { Kosovo: "XK" };
// Not drawn: Antarctica fills the bottom of a world map with nothing a programme is about.
const LEFT_OUT = new Set(["AQ"]);

const topology = JSON.parse(
  readFileSync(join(here, "node_modules/world-atlas/countries-50m.json"), "utf8"),
);
const simplified = simplify(presimplify(topology), quantile(presimplify(topology), KEEP));
const collection = topojson.feature(simplified, simplified.objects.countries);

/** The ISO alpha-2 code of a world-atlas feature, or null. */
function codeOf(feature) {
  if (feature.id !== undefined) return countries.numericToAlpha2(feature.id) ?? null;
  return BY_NAME[feature.properties.name] ?? null;
}

function polygonsOf(geometry) {
  if (geometry.type === "Polygon") return [geometry.coordinates];
  if (geometry.type === "MultiPolygon") return geometry.coordinates;
  return [];
}

function inBox([lon, lat], [w, s, e, n]) {
  return lon >= w && lon <= e && lat >= s && lat <= n;
}

// Code → list of polygons (GeoJSON coordinates).
const shapes = new Map();
for (const feature of collection.features) {
  const code = codeOf(feature);
  if (!code || LEFT_OUT.has(code)) continue;
  for (const polygon of polygonsOf(feature.geometry)) {
    const centre = geoCentroid({ type: "Polygon", coordinates: polygon });
    const split = Object.entries(SPLITS[code] ?? {}).find(([, box]) => inBox(centre, box));
    const owner = split ? split[0] : code;
    if (!shapes.has(owner)) shapes.set(owner, []);
    shapes.get(owner).push(polygon);
  }
}

const multi = (polygons) => ({ type: "MultiPolygon", coordinates: polygons });
const everything = {
  type: "FeatureCollection",
  features: [...shapes.values()].map((p) => ({ type: "Feature", geometry: multi(p) })),
};

// An SVG path context writing relative moves in tenths of a unit, without the points that
// rounding makes equal: about half the size of absolute coordinates.
class CompactPath {
  constructor() {
    this.out = "";
    this.last = "M"; // the last token written: a command letter or a number
    this.x = 0;
    this.y = 0;
  }
  command(letter) {
    this.out += letter;
    this.last = letter;
  }
  number(tenths) {
    const text = (tenths < 0 ? "-" : "") + (Math.abs(tenths) / 10).toString().replace(/^0\./, ".");
    const glued =
      /[a-zA-Z]$/.test(this.last) ||
      text.startsWith("-") ||
      (text.startsWith(".") && this.last.includes("."));
    this.out += (glued ? "" : " ") + text;
    this.last = text;
  }
  moveTo(x, y) {
    const [qx, qy] = [Math.round(x * 10), Math.round(y * 10)];
    this.command(this.out ? "m" : "M");
    this.number(qx - this.x);
    this.number(qy - this.y);
    this.start = [qx, qy];
    [this.x, this.y] = [qx, qy];
    this.lines = 0;
  }
  lineTo(x, y) {
    const [qx, qy] = [Math.round(x * 10), Math.round(y * 10)];
    if (qx === this.x && qy === this.y) return;
    if (this.lines++ === 0) this.command("l");
    this.number(qx - this.x);
    this.number(qy - this.y);
    [this.x, this.y] = [qx, qy];
  }
  closePath() {
    this.command("z");
    [this.x, this.y] = this.start;
  }
  arc() {}
}

// A path context keeping each projected ring's points: a country cut by a view's edge comes
// out as several rings, of which the largest is its main part on that view.
class Rings {
  constructor() {
    this.rings = [];
  }
  moveTo(x, y) {
    this.rings.push([[x, y]]);
  }
  lineTo(x, y) {
    this.rings.at(-1).push([x, y]);
  }
  closePath() {}
  arc() {}
  /** The largest ring's bounding box and centre (of its points' area), or null. */
  main() {
    let best = null;
    for (const ring of this.rings) {
      let area = 0, cx = 0, cy = 0;
      for (let i = 0; i < ring.length; i++) {
        const [x0, y0] = ring[i];
        const [x1, y1] = ring[(i + 1) % ring.length];
        const cross = x0 * y1 - x1 * y0;
        area += cross;
        cx += (x0 + x1) * cross;
        cy += (y0 + y1) * cross;
      }
      if (best && Math.abs(area) <= best.area) continue;
      const xs = ring.map((p) => p[0]);
      const ys = ring.map((p) => p[1]);
      const centre = area ? [cx / (3 * area), cy / (3 * area)] : ring[0];
      best = {
        area: Math.abs(area),
        box: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)],
        centre,
      };
    }
    return best;
  }
}

const round = (n) => Math.round(n * 10) / 10;

/** One view's SVG and TSV rows. */
function drawView({ name, centre }) {
  const projection = geoEqualEarth().rotate([-centre, 0]).fitWidth(WIDTH, everything);
  const bounds = geoPath(projection).bounds(everything);
  const top = Math.floor(bounds[0][1]);
  const height = Math.ceil(bounds[1][1]) - top;
  // Shift everything up so that the map starts at y = 0.
  projection.translate([projection.translate()[0], projection.translate()[1] - top]);
  const draw = (geometry, context) => {
    geoPath(projection, context)(geometry);
    return context;
  };
  const rows = [];
  const paths = [];
  for (const code of [...shapes.keys()].sort()) {
    const geometry = multi(shapes.get(code));
    const d = draw(geometry, new CompactPath()).out;
    if (!d) continue;
    paths.push(
      `<path id="${code}" style="fill:var(--${code},var(--map-land,#dde3e8))" d="${d}"/>`,
    );
    const main = draw(geometry, new Rings()).main();
    rows.push([name, code, "path", ...main.box, ...main.centre]);
  }
  for (const [code, lonlat] of Object.entries(DOTS_ONLY)) {
    const [x, y] = projection(lonlat);
    rows.push([name, code, "point", x, y, x, y, x, y]);
  }
  rows.sort((a, b) => (a[1] < b[1] ? -1 : 1));
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}">
<!-- Country boundaries: Natural Earth 1:50m (public domain, naturalearthdata.com), from the
npm package world-atlas ${atlasVersion} (ISC licence). Equal Earth projection centred on
${centre}° E. Made by tools/map/build-map.mjs in the fiche repository; do not edit by hand. -->
<g id="world" style="stroke:var(--map-border,#fff);stroke-width:.4;stroke-linejoin:round">
${paths.join("\n")}
</g>
</svg>
`;
  const svgFile = join(repo, `themes/default/static/map/${name}.svg`);
  mkdirSync(dirname(svgFile), { recursive: true });
  writeFileSync(svgFile, svg);
  console.log(`${name}.svg: ${paths.length} countries, ${svg.length} bytes; viewBox 0 0 ${WIDTH} ${height}`);
  const header = `# view\t${name}\twidth\t${WIDTH}\theight\t${height}`;
  return [header, ...rows.map((r) => r.map((v, i) => (i > 2 ? round(v) : v)).join("\t"))];
}

const lines = VIEWS.flatMap(drawView);
const tsv = `# The default theme's world maps (themes/default/static/map/<view>.svg): per view and
# ISO 3166-1 alpha-2 code, whether the country is drawn as a path or only known as a point,
# the bounding box of its main part (its largest piece on that view) and that part's centre,
# in the view's coordinates. Made by tools/map/build-map.mjs; do not edit.
${lines.join("\n")}
`;
writeFileSync(join(repo, "src/render/map/world_map.tsv"), tsv);
