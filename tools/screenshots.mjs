// Takes the README's screenshots of a built site served over HTTP (see tools/screenshots.sh).
// Usage: node tools/screenshots.mjs BASE_URL OUT_DIR [ARABIC_BASE_URL]
// Needs playwright-core (in .ci/tools, installed by .ci/run) and Debian's chromium.
import { createRequire } from "node:module";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { join, dirname } from "node:path";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(repo, ".ci/tools/"));
const { chromium } = require("playwright-core");
const [base, out, arabic] = process.argv.slice(2);
if (!base || !out) {
  console.error("usage: node tools/screenshots.mjs BASE_URL OUT_DIR");
  process.exit(2);
}

const desktop = { width: 1280, height: 860 };
const phone = { width: 390, height: 844 };
const shots = [
  ["home-desktop", "en/", desktop],
  ["home-phone", "en/", phone],
  ["fiche-desktop", "en/programmes/el-paccto-2/", desktop],
  ["fiche-phone", "fr/programmes/el-paccto-2/", phone],
  ["country-desktop", "es/paises/brasil/", desktop],
];
if (arabic) shots.push(["arabic-home", arabic + "ar/", desktop]);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  for (const [name, path, viewport] of shots) {
    const page = await browser.newPage({ viewport, deviceScaleFactor: 1 });
    const response = await page.goto(path.startsWith("http") ? path : base + path);
    if (!response || !response.ok()) throw new Error(`${path}: HTTP ${response && response.status()}`);
    await page.waitForLoadState("networkidle");
    await page.screenshot({ path: join(out, `${name}.png`) });
    console.log(`${name}.png ← ${path}`);
    await page.close();
  }
  // The print view: the fact sheet printed to PDF by Chromium, its first page as a picture.
  const page = await browser.newPage();
  await page.goto(base + "en/programmes/el-paccto-2/");
  await page.waitForLoadState("networkidle");
  const scratch = mkdtempSync(join(tmpdir(), "fiche-print-"));
  writeFileSync(join(scratch, "fiche.pdf"), await page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true }));
  execFileSync("pdftoppm", ["-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", join(scratch, "fiche.pdf"), join(out, "print")]);
  rmSync(scratch, { recursive: true, force: true });
  console.log("print.png ← en/programmes/el-paccto-2/ printed to A4");
} finally {
  await browser.close();
}
