/// <reference lib="dom" />
/**
 * Scale benchmark of `cove report`: a generated run of 10,000 accounts × 17 regions.
 *
 *   npm run bench:report                               # 10,000 × 17, 3 repeats
 *   npm run bench:report -- --accounts 2000 --repeat 1 # smaller
 *   npm run bench:report -- --keep                     # keep the files (path printed)
 *
 * Writes an NDJSON file as `cove exec -o ndjson` would (a journal header, ~94 % Results of an
 * exec-like `{ exitCode, stdout, stderr }`, Exceptions of a few causes, whole accounts of
 * FailedAssumeRole, some cells missing, a few records repeated later with another outcome),
 * then measures, each the median of the repeats:
 * - `cove report` (the built CLI): wall time and peak RSS (GNU time), page size;
 * - headless Chromium opening the page from disk: time from navigation start to the page's
 *   `cove-ready` mark (rendered and interactive) and to the load event; then the time to
 *   apply a text filter, open the first OU group (closed first where the page opened it: a
 *   report of up to 300 accounts starts with its groups open), open every group ("Expand all")
 *   and open a cell's detail. A failed step says which one, with the page's errors if any.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync, createWriteStream } from "node:fs";
import { once } from "node:events";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { launchChromium } from "../test/support/browser.js";
import { REGIONS as SNAPSHOT } from "../src/domain/regions-snapshot.js";
import { prng as random } from "../src/demo/simulator/prng.js";

const here = path.dirname(fileURLToPath(import.meta.url));
/** `BENCH_BOTOCOVE_DIST` (a directory): another build's `cove report`, for before/after. */
const CLI = path.join(
  process.env.BENCH_BOTOCOVE_DIST ?? path.resolve(here, "../dist"),
  "cli",
  "main.js",
);

/** The 17 regions every account has (the `aws` regions enabled by default). */
const REGIONS = SNAPSHOT.filter((r) => r.partition === "aws" && !r.optIn).map((r) => r.name);

interface Args {
  accounts: number;
  regions: number;
  repeat: number;
  keep: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { accounts: 10_000, regions: 17, repeat: 3, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => Number(argv[++i]);
    if (a === "--accounts") args.accounts = next();
    else if (a === "--regions") args.regions = Math.min(REGIONS.length, next());
    else if (a === "--repeat") args.repeat = next();
    else if (a === "--keep") args.keep = true;
    else throw new Error(`unknown argument ${a}`);
  }
  return args;
}

/** One record line of account `i` in `region`. */
function recordLine(
  i: number,
  region: string,
  rand: () => number,
  denied: boolean,
): string | undefined {
  const roll = rand();
  const id = String(100000000000 + i * 7919);
  const team = `team-${String(i % 40).padStart(2, "0")}`;
  const base = {
    Id: id,
    Name: `${team}-${["prod", "staging", "dev"][i % 3]}-${i}`,
    Email: `aws+${i}@example.com`,
    Status: "ACTIVE",
    OuPath: i % 97 === 0 ? undefined : `/Workloads/${team}/${["Prod", "Staging", "Dev"][i % 3]}`,
    Region: region,
    Partition: "aws",
    RoleName: "OrganizationAccountAccessRole",
    RoleSessionName: "OrganizationAccountAccessRole",
  };
  if (denied)
    return JSON.stringify({
      List: "FailedAssumeRole",
      ...base,
      AssumeRoleSuccess: false,
      ExceptionDetails: {
        name: "AccessDenied",
        message: `User: arn:aws:iam::123456789012:user/ci is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${id}:role/OrganizationAccountAccessRole`,
        code: "AccessDenied",
        requestId: `req-${i}-${region}`,
      },
    });
  if (roll < 0.01) return undefined;
  if (roll < 0.06) {
    const exit = roll < 0.04 ? 1 : 3;
    return JSON.stringify({
      List: "Exceptions",
      ...base,
      AssumeRoleSuccess: true,
      ExceptionDetails: {
        name: "CommandFailed",
        message: `Command exited with code ${exit}: An error occurred (UnauthorizedOperation) when calling DescribeVpcs in ${region}`,
        code: "COMMAND_FAILED",
        exitCode: exit,
        stderr: `Traceback (most recent call last):\n  ...\nAn error occurred (UnauthorizedOperation) when calling the DescribeVpcs operation in ${region} for ${id}\n`,
      },
    });
  }
  const hex = (n: number) =>
    Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join("");
  const vpcs = Array.from({ length: 1 + (i % 3) }, (_, k) => ({
    VpcId: `vpc-${hex(17)}`,
    OwnerId: id,
    CidrBlock: `10.${Math.floor(rand() * 256)}.0.0/16`,
    IsDefault: k === 0,
    Tags: [{ Key: "Name", Value: `${team}-${region}-${k}` }],
  }));
  return JSON.stringify({
    List: "Results",
    ...base,
    AssumeRoleSuccess: true,
    Result: { exitCode: 0, stdout: JSON.stringify({ Vpcs: vpcs }), stderr: "" },
  });
}

/** Writes the generated run; returns its path and record count. */
async function generate(dir: string, args: Args): Promise<{ file: string; records: number }> {
  const file = path.join(dir, "run.ndjson");
  const out = createWriteStream(file);
  const rand = random(1);
  const regions = REGIONS.slice(0, args.regions);
  const write = async (line: string) => {
    if (!out.write(`${line}\n`)) await once(out, "drain");
  };
  await write(
    JSON.stringify({
      command: "exec",
      args: ["aws", "ec2", "describe-vpcs", "--output", "json"],
      role: "OrganizationAccountAccessRole",
      regions,
      startedAt: "2025-01-01T10:00:00.000Z",
      finishedAt: "2025-01-01T10:21:13.000Z",
      botocove: "0.1.0",
    }),
  );
  let records = 0;
  const repeats: string[] = [];
  for (let i = 0; i < args.accounts; i++) {
    const denied = rand() < 0.01;
    for (const region of regions) {
      const line = recordLine(i, region, rand, denied);
      if (line === undefined) continue;
      await write(line);
      records++;
      if (rand() < 0.001) repeats.push(line);
    }
  }
  for (const line of repeats) await write(line);
  out.end();
  await once(out, "close");
  return { file, records: records + repeats.length };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** Runs `cove report` under GNU time: wall seconds and peak RSS in MB. */
function runReport(input: string, output: string): { seconds: number; rssMb: number } {
  const timing = path.join(path.dirname(output), "time.txt");
  execFileSync(
    "/usr/bin/time",
    ["-f", "%e %M", "-o", timing, process.execPath, CLI, "report", "-q", input, "-o", output],
    {
      stdio: "inherit",
    },
  );
  const [seconds, kb] = execFileSync("cat", [timing], { encoding: "utf8" })
    .trim()
    .split(/\s+/)
    .map(Number);
  return { seconds: seconds ?? NaN, rssMb: (kb ?? NaN) / 1024 };
}

interface PageTimes {
  readyMs: number;
  loadMs: number;
  filterMs: number;
  expandMs: number;
  expandAllMs: number;
  detailMs: number;
}

/** Opens the page in a fresh Chromium and measures it (all times from the page's clock). */
async function measurePage(page: string): Promise<PageTimes> {
  const browser = await launchChromium();
  try {
    const tab = await browser.context.newPage();
    const errors = pageErrors(tab);
    const step = <T>(name: string, act: () => Promise<T>) => named(name, errors, act);
    await step("open the page", () => openPage(tab, page));
    const readyMs = await tab.evaluate(
      () => performance.getEntriesByName("cove-ready")[0]?.startTime ?? NaN,
    );
    const loadMs = await tab.evaluate(() => {
      const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
      return nav.loadEventStart;
    });
    const filterMs = await step("apply a text filter", () =>
      timed(tab, async () => {
        await tab.fill("#q", "team-07");
        await tab.waitForFunction(() =>
          document.querySelector("#matches")?.textContent?.includes(" of "),
        );
      }),
    );
    await step("clear the filter", async () => {
      await tab.fill("#q", "");
      await tab.waitForFunction(
        () => !document.querySelector("#matches")?.textContent?.includes(" of "),
      );
    });
    const first = tab.locator('#grid tbody[data-g="0"]');
    // A report of up to 300 accounts (the page's AUTO_EXPAND_LIMIT) opens with its groups open:
    // close the first one, so that the step times opening a closed group at every size.
    await step("close the first group", async () => {
      if ((await first.locator("tr[data-a]").count()) === 0) return;
      await first.locator("button.toggle").click();
      await first.locator("tr[data-a]").first().waitFor({ state: "detached" });
    });
    const expandMs = await step("open the first group", () =>
      timed(tab, async () => {
        await first.locator("button.toggle").click();
        await first.locator("tr[data-a]").first().waitFor();
      }),
    );
    const expandAllMs = await step("expand all", () =>
      timed(tab, async () => {
        await tab.click("#expand-all");
        await tab.waitForFunction(
          () => document.querySelectorAll('button.toggle[aria-expanded="false"]').length === 0,
        );
      }),
    );
    const detailMs = await step("open a cell's record", () =>
      timed(tab, async () => {
        await first.locator("td.c").last().click();
        await tab.waitForSelector("dialog#detail[open] .record[aria-busy='false']");
      }),
    );
    if (errors.length > 0) throw new Error(`the page reported errors:\n${errors.join("\n")}`);
    return { readyMs, loadMs, filterMs, expandMs, expandAllMs, detailMs };
  } finally {
    await browser.close();
  }
}

/** Collects the page's uncaught errors and console errors as they come. */
function pageErrors(tab: import("playwright-core").Page): string[] {
  const errors: string[] = [];
  tab.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
  tab.on("console", (m) => {
    if (m.type() === "error") errors.push(`console error: ${m.text()}`);
  });
  return errors;
}

/** Loads the page from disk; fails with the page's own message when it shows its error box. */
async function openPage(tab: import("playwright-core").Page, page: string): Promise<void> {
  await tab.goto(pathToFileURL(page).href, { waitUntil: "load", timeout: 120_000 });
  await tab.waitForSelector("html[data-ready]");
  if ((await tab.getAttribute("html", "data-ready")) !== "1")
    throw new Error(`the page shows its error box: ${await tab.textContent("#fatal")}`);
}

/** Runs a step of the measurement; a failure names the step and what the page reported. */
async function named<T>(name: string, errors: string[], act: () => Promise<T>): Promise<T> {
  try {
    return await act();
  } catch (error) {
    const seen = errors.length > 0 ? `; the page reported:\n${errors.join("\n")}` : "";
    throw new Error(`step "${name}" failed: ${String(error)}${seen}`, { cause: error });
  }
}

/** Wall time of an interaction, as the page script sees it (plus the driver's round trips). */
async function timed(
  tab: import("playwright-core").Page,
  act: () => Promise<void>,
): Promise<number> {
  const start = await tab.evaluate(() => performance.now());
  await act();
  return (await tab.evaluate(() => performance.now())) - start;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const dir = mkdtempSync(path.join(tmpdir(), "cove-report-bench-"));
  try {
    const t0 = Date.now();
    const { file, records } = await generate(dir, args);
    const inputMb = statSync(file).size / 1e6;
    console.log(
      `generated ${records} records (${args.accounts} accounts × ${args.regions} regions) in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${inputMb.toFixed(1)} MB`,
    );
    const output = path.join(dir, "report.html");
    const gen: { seconds: number; rssMb: number }[] = [];
    const pages: PageTimes[] = [];
    for (let r = 0; r < args.repeat; r++) gen.push(runReport(file, output));
    const pageMb = statSync(output).size / 1e6;
    for (let r = 0; r < args.repeat; r++) pages.push(await measurePage(output));
    const result = {
      loadAverage: +(loadavg()[0] ?? 0).toFixed(1),
      accounts: args.accounts,
      regions: args.regions,
      records,
      inputMb: +inputMb.toFixed(1),
      pageMb: +pageMb.toFixed(1),
      reportSeconds: median(gen.map((g) => g.seconds)),
      reportPeakRssMb: Math.round(median(gen.map((g) => g.rssMb))),
      readyMs: Math.round(median(pages.map((p) => p.readyMs))),
      loadMs: Math.round(median(pages.map((p) => p.loadMs))),
      filterMs: Math.round(median(pages.map((p) => p.filterMs))),
      expandMs: Math.round(median(pages.map((p) => p.expandMs))),
      expandAllMs: Math.round(median(pages.map((p) => p.expandAllMs))),
      detailMs: Math.round(median(pages.map((p) => p.detailMs))),
      runs: { gen, pages },
    };
    console.log(JSON.stringify(result, null, 2));
    writeFileSync(path.join(dir, "result.json"), JSON.stringify(result, null, 2));
  } finally {
    if (args.keep) console.log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

await main();
