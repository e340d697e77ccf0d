// Drives the web editor fiche writes (admin/) in Debian's Chromium, through playwright-core,
// for tests/integration/cms.rs; reports what it saw as JSON on standard output. The Rust
// tests decide what passes; this script only looks and types.
//
// Usage: node cms.mjs TASK_JSON
//   TASK_JSON: {"tools": ".../node_modules", "chromium": "/usr/bin/chromium", "task": …}
// Tasks:
//   {"kind": "decap", "admin": URL, "open": SLUG, "amount": TEXT, "open_with_currency": SLUG,
//    "translated_page": PATH, "new": {source, translation, start, country, disbursed, refused},
//    "add_entries": [{collection, file, button, key, fields: [[NAME, TEXT], …]}],
//    "screenshot": PATH or null}
//      → {titles, entry_text, amount_shown, currency_shown, other_amount_shown,
//         other_currency_shown, edit_href, edit_title, refused, saved_url, errors}
//   {"kind": "load", "admin": URL} → {errors, console_errors, config_requested, text}
import { createRequire } from "node:module";
import { join } from "node:path";

const input = JSON.parse(process.argv[2]);
const require = createRequire(join(input.tools, "noop.js"));
const { chromium } = require("playwright-core");

const browser = await chromium.launch({
  executablePath: input.chromium,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

async function open(url) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const seen = { errors: [], console_errors: [], requests: [] };
  page.on("pageerror", (e) => seen.errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") seen.console_errors.push(m.text()); });
  page.on("request", (r) => seen.requests.push(r.url()));
  seen.failed = [];
  page.on("response", (r) => { if (r.status() >= 400) seen.failed.push(r.status() + " " + r.url()); });
  await page.goto(url);
  return { page, seen };
}

// "Publish", "Publish now", then Decap's word that it saved. The menu may close while Decap
// lays out a long form again: then it is opened again (three times at most).
async function publish(page) {
  for (let attempt = 1; ; attempt++) {
    try {
      await page.getByRole("button", { name: "Publish" }).first().click({ timeout: 10000 });
      await page.getByText("Publish now").dispatchEvent("click", {}, { timeout: 5000 });
      break;
    } catch (e) {
      if (attempt === 3) { throw e; }
      await page.keyboard.press("Escape");
    }
  }
  // The editor's status, "Unsaved changes" while editing.
  await page.getByText("Changes saved", { exact: false }).first().waitFor({ timeout: 60000 });
}

// Opens a data file's list, adds an entry (the one open: the others are folded), fills its
// key and the first field shown of each name, and publishes.
async function addEntry(page, admin, added) {
  await page.goto(admin + "#/collections/" + added.collection + "/entries/" + added.file);
  await page.reload();
  // The file's entries first (folded): an entry added before they load would be lost.
  await page.locator('input[id^="key-field"]').first().waitFor({ state: "attached", timeout: 60000 });
  await page.waitForTimeout(1000);
  await page.getByRole("button", { name: added.button }).first().click({ timeout: 60000 });
  const key = page.locator('input[id^="key-field"]:visible').first();
  await key.fill(added.key, { timeout: 10000 });
  // By position: Decap numbers the fields' ids anew as it lays the form out again.
  for (const [name, text] of added.fields) {
    await page.locator(`[id^="${name}-field"]:visible`).first().fill(text, { timeout: 10000 });
  }
  await publish(page);
}

async function decap(task) {
  const { page, seen } = await open(task.admin);
  // The local backend's sign-in page: one button, no password.
  await page.getByRole("button", { name: "Login" }).click({ timeout: 60000 });
  const list = page.locator("main, body");
  await page.getByText(task.expect_title).first().waitFor({ timeout: 60000 });
  const out = { errors: seen.errors };
  out.titles = await list.first().innerText();

  await page.goto(task.admin + "#/collections/programmes/entries/" + task.open);
  await page.locator('input[id^="countries-field"]').first().waitFor({ timeout: 60000 });
  await page.waitForTimeout(1000);
  out.entry_text = await page.locator("body").innerText();
  if (task.screenshot) {
    await page.screenshot({ path: task.screenshot });
  }
  // An amount written as a number: shown, changed, saved.
  const amount = page.locator('input[id^="amount-field"]').first();
  out.amount_shown = await amount.inputValue();
  out.currency_shown = await page.locator('select[aria-label="Currency"]').first().inputValue();
  await amount.fill(task.amount);
  await publish(page);
  out.amount_saved = await page.locator("body").innerText();

  // An amount written `{value, currency}`.
  // Loaded afresh (the signed-in editor is remembered), not over the entry just saved.
  await page.goto(task.admin + "#/collections/programmes/entries/" + task.open_with_currency);
  await page.reload();
  await page.locator('input[id^="amount-field"]').first().waitFor({ timeout: 60000 });
  await page.waitForTimeout(1000);
  out.other_amount_shown = await page.locator('input[id^="amount-field"]').first().inputValue();
  out.other_currency_shown = await page.locator('select[aria-label="Currency"]').first().inputValue();

  // The "Edit" link of a translation whose page has an address of its own.
  const site = task.admin.replace(/admin\/$/, "");
  await page.goto(site + task.translated_page);
  out.edit_href = await page.locator("#fiche-edit").getAttribute("href", { timeout: 60000 });
  await page.locator("#fiche-edit").click();
  await page.locator('input[id^="title-field"]').first().waitFor({ timeout: 60000 });
  await page.waitForTimeout(500);
  out.edit_title = await page.locator('input[id^="title-field"]').first().inputValue();

  const n = task.new;
  await page.goto(task.admin + "#/collections/programmes/new");
  const titles = page.locator('input[id^="title-field"]');
  await titles.first().waitFor({ timeout: 60000 });
  // The source language's pane first (facts and words), then the translation's (words).
  await titles.nth(0).fill(n.source.title);
  await titles.nth(1).fill(n.translation.title);
  const summaries = page.locator('textarea[id^="summary-field"]');
  await summaries.nth(0).fill(n.source.summary);
  await summaries.nth(1).fill(n.translation.summary);
  await page.locator('input[id^="start-field"]').nth(0).fill(n.start);
  const country = page.locator('input[id^="countries-field"]').nth(0);
  await country.click();
  await country.fill(n.country);
  await page.keyboard.press("Enter");
  await page.keyboard.press("Escape");
  // `disbursed` with a date but no amount: refused before saving, with what to do.
  await page.locator('input[id^="date-field"]').first().fill(n.disbursed.date);
  await page.getByRole("button", { name: "Publish" }).first().click();
  await page.getByText("Publish now").click();
  await page.getByText(n.refused, { exact: false }).first().waitFor({ timeout: 60000 });
  out.refused = await page.locator("body").innerText();
  await page.locator('input[id^="amount-field"]').nth(1).fill(n.disbursed.amount);
  await publish(page);
  await page.waitForFunction(() => location.hash.includes("/entries/"), null, { timeout: 60000 });
  out.saved_url = page.url();
  out.after_save = await page.locator("body").innerText();

  // New entries of the data files, through their lists.
  for (const added of task.add_entries || []) {
    // Decap may lay a loading list out again, dropping an entry just added: then the whole
    // is done again, on the file reloaded (three times at most).
    for (let attempt = 1; ; attempt++) {
      try {
        await addEntry(page, task.admin, added);
        break;
      } catch (e) {
        if (attempt === 3) { throw e; }
      }
    }
  }
  await browser.close();
  return out;
}

async function load(task) {
  const { page, seen } = await open(task.admin);
  await page.waitForLoadState("networkidle");
  await page.waitForTimeout(3000);
  return {
    errors: seen.errors,
    // A failed load is reported in `failed` with its address; other console errors here.
    console_errors: seen.console_errors.filter((e) => !e.startsWith("Failed to load resource")),
    failed: seen.failed,
    config_requested: seen.requests.some((r) => r.includes("/admin/config.yml")),
    text: await page.locator("body").innerText(),
  };
}

const tasks = { decap, load };
const result = await tasks[input.task.kind](input.task);
await browser.close().catch(() => {});
console.log(JSON.stringify(result));
