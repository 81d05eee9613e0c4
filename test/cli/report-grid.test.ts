/// <reference lib="dom" />
/**
 * The report page's grid (src/cli/report/browser/grid.ts) at a few hundred to a few thousand
 * accounts, in real headless Chromium: up to 300 accounts the groups start open, above it
 * closed; opening a group, "Show more", "Expand all", "Collapse all" and the text filter show
 * the rows a user expects at both sizes. Pages are built with the CLI's own model and page
 * writer from generated records.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Locator, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { renderPage } from "../../src/cli/report/html.js";
import { ReportModel } from "../../src/cli/report/model.js";
import { launchChromium, type Chromium } from "../support/browser.js";

const REGIONS = ["eu-west-1", "us-east-1"];

let tmp: string;
let browser: Chromium;
let opened: { page: Page; errors: string[] }[] = [];

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "cove-page-scale-"));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

// Every page: no uncaught error, nothing on the console's error channel.
afterEach(async () => {
  for (const o of opened) {
    expect(o.errors).toEqual([]);
    await o.page.close();
  }
  opened = [];
});

/** Opens the page `name` of a run over OU groups of the given sizes (written once). */
async function openReport(name: string, sizes: number[]): Promise<Page> {
  const file = join(tmp, `${name}.html`);
  if (!existsSync(file)) writeReport(file, sizes);
  const page = await browser.context.newPage();
  const o = { page, errors: [] as string[] };
  page.on("pageerror", (e) => o.errors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error") o.errors.push(m.text());
  });
  opened.push(o);
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector("html[data-ready]");
  expect(await page.getAttribute("html", "data-ready")).toBe("1");
  return page;
}

/**
 * Writes the page of a run over OU groups of the given sizes (`/Big` first, then `/Small-01`…)
 * with a Result in every region, through the CLI's model and page writer.
 */
function writeReport(file: string, sizes: number[]): void {
  const model = new ReportModel();
  let n = 0;
  sizes.forEach((size, g) => {
    const ou = g === 0 ? "/Big" : `/Small-${String(g).padStart(2, "0")}`;
    for (let k = 0; k < size; k++, n++)
      for (const region of REGIONS)
        model.add("Results", {
          Id: String(100000000000 + n),
          Name: `acct-${n}`,
          OuPath: ou,
          Region: region,
          Result: { n },
        });
  });
  const { data, details } = model.build({ sources: ["run.ndjson"] });
  writeFileSync(file, [...renderPage(data, details)].join(""));
}

/** The grid body of the OU group `path`. */
function group(page: Page, path: string): Locator {
  return page.locator("#grid tbody").filter({
    has: page.locator(".path", { hasText: new RegExp(`^${path}$`) }),
  });
}

/** Account rows shown: in the whole grid, or in one group. */
function rows(where: Page | Locator): Promise<number> {
  return where.locator("tr[data-a]").count();
}

/** The `aria-expanded` of every group toggle. */
function toggles(page: Page): Promise<(string | null)[]> {
  return page
    .locator("button.toggle")
    .evaluateAll((bs) => bs.map((b) => b.getAttribute("aria-expanded")));
}

/** Types a text filter and waits until the page has applied it (it rewrites #matches). */
async function filter(page: Page, text: string): Promise<string> {
  await page.evaluate(() => (document.querySelector("#matches")!.textContent = ""));
  await page.fill("#q", text);
  await page.waitForFunction(() => document.querySelector("#matches")?.textContent !== "");
  return (await page.textContent("#matches")) ?? "";
}

describe("a report of 300 accounts (groups start open)", () => {
  // /Big: 190 accounts; 11 groups of 10. "Expand all" shares 1,000 rows: 83 a group.
  const sizes = [190, ...Array<number>(11).fill(10)];

  it("shows every account; a group closes and opens again", async () => {
    const page = await openReport("open-300", sizes);
    expect(await page.textContent("#matches")).toBe("300 accounts");
    expect(new Set(await toggles(page))).toEqual(new Set(["true"]));
    expect(await rows(page)).toBe(300);
    const big = group(page, "/Big");
    await big.locator("button.toggle").click();
    expect(await big.locator("button.toggle").getAttribute("aria-expanded")).toBe("false");
    expect(await rows(big)).toBe(0);
    expect(await rows(page)).toBe(110);
    await big.locator("button.toggle").click();
    expect(await rows(big)).toBe(190);
  });

  it("keeps every row shown on Expand all: a group already open is not cut to a share", async () => {
    const page = await openReport("open-300", sizes);
    await page.click("#expand-all");
    expect(new Set(await toggles(page))).toEqual(new Set(["true"]));
    expect(await rows(group(page, "/Big"))).toBe(190);
    expect(await page.locator("tr.more").count()).toBe(0);
    expect(await rows(page)).toBe(300);
  });

  it("filters to the matching group and brings every account back when cleared", async () => {
    const page = await openReport("open-300", sizes);
    expect(await filter(page, "/small-03")).toBe("10 of 300 accounts match");
    expect(await rows(page)).toBe(10);
    expect(await rows(group(page, "/Small-03"))).toBe(10);
    expect(await filter(page, "")).toBe("300 accounts");
    expect(await rows(page)).toBe(300);
  });
});

describe("a report of 1,440 accounts (groups start closed)", () => {
  // /Big: 240 accounts; 20 groups of 60. "Expand all" shares 1,000 rows: 47 a group.
  const sizes = [240, ...Array<number>(20).fill(60)];

  it("starts closed; a group opens 200 rows, and Show more the rest", async () => {
    const page = await openReport("closed-1440", sizes);
    expect(new Set(await toggles(page))).toEqual(new Set(["false"]));
    expect(await rows(page)).toBe(0);
    const big = group(page, "/Big");
    await big.locator("button.toggle").click();
    expect(await rows(big)).toBe(200);
    const more = big.locator("tr.more button");
    expect(await more.textContent()).toBe("Show 40 more (40 not shown)");
    await more.click();
    expect(await rows(big)).toBe(240);
    expect(await big.locator("tr.more").count()).toBe(0);
  });

  it("Expand all opens every group with a share of rows, keeping what an open group shows", async () => {
    const page = await openReport("closed-1440", sizes);
    const big = group(page, "/Big");
    await big.locator("button.toggle").click();
    await big.locator("tr.more button").click();
    await page.click("#expand-all");
    expect(new Set(await toggles(page))).toEqual(new Set(["true"]));
    expect(await rows(big)).toBe(240);
    const small = group(page, "/Small-07");
    expect(await rows(small)).toBe(47);
    expect(await small.locator("tr.more button").textContent()).toBe("Show 13 more (13 not shown)");
    expect(await rows(page)).toBe(240 + 20 * 47);
    await page.click("#collapse-all");
    expect(new Set(await toggles(page))).toEqual(new Set(["false"]));
    expect(await rows(page)).toBe(0);
  });

  it("opens the groups of a filter's few matches, and closes them again when cleared", async () => {
    const page = await openReport("closed-1440", sizes);
    expect(await filter(page, "/small-07")).toBe("60 of 1,440 accounts match");
    expect(await rows(group(page, "/Small-07"))).toBe(60);
    expect(await rows(page)).toBe(60);
    expect(await filter(page, "")).toBe("1,440 accounts");
    expect(await rows(page)).toBe(0);
  });
});
