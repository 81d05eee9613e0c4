/**
 * `cove report NEW --baseline BASE` in a real headless Chromium: the "Changes since" section
 * grouped by kind and cause, the marks on changed cells (symbol, class, label), the legend,
 * the "changed only" filter, the detail panel's before → after with the changed paths
 * highlighted, keyboard use, and that no script from record content runs.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, type Chromium } from "../support/browser.js";
import { cliEnv } from "./helpers.js";
import { runCli } from "./in-process.js";

const REGIONS = ["eu-west-1", "us-east-1"];
const HOSTILE = "<img src=x onerror=window.__pwned=1>";
const HOSTILE_KEY = "</script><script>window.__pwned=1</script>";
const [SAME, CHANGED, FLIPPED, GONE, NEW] = [
  "111111111111",
  "222222222222",
  "333333333333",
  "444444444444",
  "555555555555",
];

let tmp: string;
let browser: Chromium;
let withBaseline: string;
let without: string;

const record = (id: string, region: string, result: unknown, ou = "/Apps") =>
  JSON.stringify({
    List: "Results",
    Id: id,
    Name: `acct-${id.slice(0, 2)}`,
    OuPath: ou,
    Region: region,
    AssumeRoleSuccess: true,
    Result: result,
  });
const failure = (id: string, region: string) =>
  JSON.stringify({
    List: "FailedAssumeRole",
    Id: id,
    Name: `acct-${id.slice(0, 2)}`,
    OuPath: "/Sandbox",
    Region: region,
    AssumeRoleSuccess: false,
    ExceptionDetails: { name: "AccessDenied", code: "AccessDenied", message: "not authorized" },
  });

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "cove-report-baseline-"));
  const base: string[] = [
    JSON.stringify({ command: "exec", args: ["audit"], startedAt: "2026-11-30T06:00:00Z" }),
  ];
  const next: string[] = [
    JSON.stringify({ command: "exec", args: ["audit"], startedAt: "2026-12-07T06:00:00Z" }),
  ];
  for (const region of REGIONS) {
    base.push(
      record(SAME, region, { vpcs: ["a"] }),
      record(FLIPPED, region, { vpcs: [] }, "/Sandbox"),
      record(GONE, region, { vpcs: [] }),
    );
    next.push(
      record(SAME, region, { vpcs: ["a"] }),
      failure(FLIPPED, region),
      record(NEW, region, { vpcs: [] }),
    );
  }
  base.push(
    record(CHANGED, "eu-west-1", { vpcs: ["a"], note: "plain", [HOSTILE_KEY]: 1 }),
    record(CHANGED, "us-east-1", { vpcs: ["b"] }),
  );
  next.push(
    record(CHANGED, "eu-west-1", { vpcs: ["a", "b"], note: HOSTILE, [HOSTILE_KEY]: 2 }),
    record(CHANGED, "us-east-1", { vpcs: ["b"] }),
  );
  const baseFile = join(tmp, "base.ndjson");
  const nextFile = join(tmp, "next.ndjson");
  writeFileSync(baseFile, `${base.join("\n")}\n`);
  writeFileSync(nextFile, `${next.join("\n")}\n`);
  withBaseline = join(tmp, "with.html");
  without = join(tmp, "without.html");
  const env = cliEnv("http://127.0.0.1:9");
  const r = await runCli(["report", nextFile, "--baseline", baseFile, "-o", withBaseline], { env });
  expect(r.code, r.stderr).toBe(0);
  expect((await runCli(["report", nextFile, "-o", without], { env })).code).toBe(0);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const pages: { page: Page; errors: string[]; requests: string[] }[] = [];

async function open(file: string): Promise<Page> {
  const page = await browser.context.newPage();
  const o = { page, errors: [] as string[], requests: [] as string[] };
  page.on("pageerror", (e) => o.errors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error") o.errors.push(m.text());
  });
  page.on("request", (r) => o.requests.push(r.url()));
  page.on("dialog", (d) => {
    o.errors.push(`dialog ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector("html[data-ready]");
  expect(await page.getAttribute("html", "data-ready")).toBe("1");
  pages.push(o);
  return page;
}

afterEach(async () => {
  for (const o of pages.splice(0)) {
    expect(o.errors).toEqual([]);
    expect(o.requests).toEqual([o.page.url()]);
    expect(await o.page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(await o.page.locator("img").count()).toBe(0);
    await o.page.close();
  }
});

/** The grid cell of account `id` in `region`. */
const cell = (page: Page, id: string, region: string) =>
  page
    .locator("tr[data-a]")
    .filter({ has: page.locator("th .id", { hasText: id }) })
    .locator("td.c")
    .nth(REGIONS.indexOf(region));

describe("cove report --baseline", () => {
  it("has a Changes since section grouped by kind and cause, with the counts", async () => {
    const page = await open(withBaseline);
    expect(await page.locator("#changes-sec").isVisible()).toBe(true);
    expect(await page.textContent("#changes-h")).toBe("Changes since 2026-11-30 06:00 UTC");
    expect(await page.locator("#changes-counts li").allTextContents()).toEqual([
      "Δ changed: 1",
      "↻ outcome changed: 2",
      "+ new: 2",
      "− gone: 2",
      "unchanged: 3",
    ]);
    const groups = (
      await page.locator("#changes details.change-group summary").allTextContents()
    ).map((t) => t.replace(/\s+/g, " ").trim());
    expect(groups[0]).toMatch(
      /^Δ changed .*Result\.note changed.*Result\.vpcs\[\*\] added.* — 1 run$/,
    );
    expect(groups[1]).toBe(
      "↻ outcome changed Results → FailedAssumeRole: AccessDenied: not authorized — 2 runs",
    );
    expect(groups.slice(2)).toEqual(["+ new Results — 2 runs", "− gone Results — 2 runs"]);
  });

  it("marks changed cells with a symbol, a class and a label; the legend explains them", async () => {
    const page = await open(withBaseline);
    const changed = cell(page, CHANGED, "eu-west-1");
    expect(await changed.getAttribute("class")).toContain("chg x-c");
    expect(await changed.textContent()).toBe("✓Δ");
    expect(await changed.getAttribute("aria-label")).toMatch(
      /: Result; changed since the baseline$/,
    );
    expect(await cell(page, CHANGED, "us-east-1").getAttribute("class")).not.toContain("chg");
    expect(await cell(page, FLIPPED, "us-east-1").getAttribute("class")).toContain("x-o");
    expect(await cell(page, NEW, "eu-west-1").getAttribute("class")).toContain("x-n");
    const gone = cell(page, GONE, "eu-west-1");
    expect(await gone.getAttribute("class")).toContain("x-g");
    expect(await gone.getAttribute("aria-label")).toMatch(
      /not in the files; gone since the baseline$/,
    );
    const legend = await page.locator("#legend li").allTextContents();
    expect(legend).toEqual(
      expect.arrayContaining(["Δ changed since the baseline", "− gone since the baseline"]),
    );
  });

  it("filters to the accounts with a change ('Changed only')", async () => {
    const page = await open(withBaseline);
    const ids = () => page.locator("tr[data-a] th .id").allTextContents();
    expect((await ids()).sort()).toEqual([SAME, CHANGED, FLIPPED, GONE, NEW].sort());
    await page.check("#changed-only");
    expect((await ids()).sort()).toEqual([CHANGED, FLIPPED, GONE, NEW].sort());
    expect(await cell(page, CHANGED, "us-east-1").getAttribute("class")).toContain("dim");
    await page.uncheck("#changed-only");
    expect(await ids()).toContain(SAME);
  });

  it("shows before and after in the detail panel, changed paths highlighted, record content as text", async () => {
    const page = await open(withBaseline);
    await cell(page, CHANGED, "eu-west-1").click();
    await page.waitForSelector("dialog#detail[open] .record[aria-busy='false']");
    const view = page.locator("dialog#detail .change-view");
    expect(await view.locator("h3").textContent()).toBe("Δ changed since the baseline");
    const rows = await view
      .locator("table.paths tbody tr")
      .evaluateAll((trs) => trs.map((tr) => Array.from(tr.children, (c) => c.textContent)));
    expect(rows).toEqual([
      [`Result[${JSON.stringify(HOSTILE_KEY)}] (changed)`, "1", "2"],
      ["Result.note (changed)", '"plain"', JSON.stringify(HOSTILE)],
      ["Result.vpcs[1] (added)", "—", '"b"'],
    ]);
    expect(await view.locator("table.paths mark").allTextContents()).toEqual([
      `Result[${JSON.stringify(HOSTILE_KEY)}]`,
      "Result.note",
      "Result.vpcs[1]",
    ]);
    await page.keyboard.press("Escape");
  });

  it("works by keyboard: a change group opens with Enter, its run opens the panel, Escape returns", async () => {
    const page = await open(withBaseline);
    await page.focus("#changes details.change-group:nth-of-type(2) summary");
    await page.keyboard.press("Enter");
    const run = page.locator("#changes details.change-group:nth-of-type(2) button.run").first();
    await run.focus();
    await page.keyboard.press("Enter");
    await page.waitForSelector("dialog#detail[open] .record[aria-busy='false']");
    expect(await page.locator("dialog#detail .change-view p.outcomes").textContent()).toBe(
      "Results → FailedAssumeRole (AccessDenied: not authorized)",
    );
    await page.keyboard.press("Escape");
    expect(await page.evaluate(() => document.activeElement?.matches("button.run"))).toBe(true);
  });

  it("has no change section, mark or filter without a baseline", async () => {
    const page = await open(without);
    expect(await page.locator("#changes-sec").isVisible()).toBe(false);
    expect(await page.locator("#changed-only").isVisible()).toBe(false);
    expect(await page.locator("td.chg").count()).toBe(0);
  });

  it("leaves --ignore paths out of the comparison, and refuses them without --baseline", async () => {
    const env = cliEnv("http://127.0.0.1:9");
    const page = join(tmp, "ignored.html");
    const [baseFile, nextFile] = [join(tmp, "base.ndjson"), join(tmp, "next.ndjson")];
    const args = ["report", nextFile, "--baseline", baseFile, "-o", page];
    const ignores = ["--ignore", "Result.note", "--ignore", "Result.vpcs", "--ignore", "Result.*"];
    expect((await runCli([...args, ...ignores], { env })).code).toBe(0);
    const p = await open(page);
    expect(await p.locator("#changes-counts li").first().textContent()).toBe("Δ changed: 0");
    const refused = await runCli(["report", nextFile, "--ignore", "Result.note", "-o", page], {
      env,
    });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--ignore and --unordered go with --baseline/);
  });
});
