/// <reference lib="dom" />
/**
 * The report page in a real headless Chromium, generated from a real `cove exec` run against
 * moto: counts, the grid's outcomes, OU groups, filters, the detail panel, keyboard use,
 * hostile names shown as text, no network request and no console error.
 */
import {
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from "@aws-sdk/client-organizations";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Locator, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { PageData } from "../../src/cli/report/page-data.js";
import { launchChromium, type Chromium } from "../support/browser.js";
import { HUB_CREDENTIALS, useTestAws } from "../support/env.js";
import { CLI_ORG, cliEnv, ROOT, startNode } from "./helpers.js";
import { runCli } from "./in-process.js";

const aws = useTestAws(CLI_ORG);
const REGIONS = ["eu-west-1", "us-east-1"];
const HOSTILE_NAME = "<img src=x onerror=alert(1)>";
const HOSTILE_OU = "</script><script>window.__pwned=1</script>";

let tmp: string;
let browser: Chromium;
let reportFile: string;
let directFile: string;
/** Ids by role in the run. */
let ids: { bad: string; flaky: string; denied: string; good: string; hostile: string };
let members: string[];

/**
 * The run's command (a shell script): exit 3 in `bad`, exit 5 in `flaky` in us-east-1 only,
 * else JSON on stdout.
 */
function script(bad: string, flaky: string): string {
  return `a="$AWS_ACCOUNT_ID"; r="$AWS_REGION"
if [ "$a" = "${bad}" ]; then echo "first line" >&2; echo "disk on fire in $r" >&2; exit 3; fi
if [ "$a" = "${flaky}" ] && [ "$r" = "us-east-1" ]; then echo "flaky" >&2; exit 5; fi
printf '{"account":"%s","region":"%s","note":"<b>bold</b>"}\\n' "$a" "$r"`;
}

/** Adds an OU and an account with hostile names, through the SDK. */
async function addHostileAccount(): Promise<string> {
  const client = new OrganizationsClient({
    region: "us-east-1",
    endpoint: aws.moto.url,
    credentials: HUB_CREDENTIALS,
  });
  try {
    const ou = await client.send(
      new CreateOrganizationalUnitCommand({ ParentId: aws.org.rootId, Name: HOSTILE_OU }),
    );
    const created = await client.send(
      new CreateAccountCommand({ AccountName: HOSTILE_NAME, Email: "hostile@example.com" }),
    );
    const id = created.CreateAccountStatus?.AccountId ?? "";
    await client.send(
      new MoveAccountCommand({
        AccountId: id,
        SourceParentId: aws.org.rootId,
        DestinationParentId: ou.OrganizationalUnit?.Id,
      }),
    );
    return id;
  } finally {
    client.destroy();
  }
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "cove-report-page-"));
  const hostile = await addHostileAccount();
  const prod = aws.org.byOu.get("/Apps/Prod") ?? [];
  const apps = aws.org.byOu.get("/Apps") ?? [];
  const sandbox = aws.org.byOu.get("/Sandbox") ?? [];
  ids = {
    bad: prod[0]!,
    flaky: apps[0]!,
    denied: sandbox[0]!,
    good: prod[1]!,
    hostile,
  };
  members = [...aws.org.accounts.keys(), hostile].sort();
  aws.proxy.faults.push((q) =>
    q.action === "sts:AssumeRole" && q.body.includes(ids.denied)
      ? { status: 403, code: "AccessDenied", message: "not allowed in this test" }
      : undefined,
  );
  const ndjson = join(tmp, "run.ndjson");
  directFile = join(tmp, "direct.html");
  reportFile = join(tmp, "report.html");
  const env = cliEnv(aws.proxy.url);
  const run = await runCli(
    [
      "exec",
      "--regions",
      REGIONS.join(","),
      "--ou-paths",
      "-o",
      "ndjson",
      "--report",
      directFile,
      "--",
      "sh",
      "-c",
      script(ids.bad, ids.flaky),
    ],
    { env },
  );
  aws.proxy.clear();
  expect(run.code).toBe(1);
  writeFileSync(ndjson, run.stdout);
  const report = await runCli(["report", ndjson, "-o", reportFile], { env });
  expect(report.stderr).toMatch(/^cove report: wrote .*report\.html/);
  expect(report.code).toBe(0);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** An open report page and what it did: requests, console errors, dialogs. */
interface Opened {
  page: Page;
  requests: string[];
  errors: string[];
  dialogs: string[];
}
let opened: Opened[] = [];

async function open(file = reportFile, viewport = { width: 1280, height: 800 }): Promise<Opened> {
  const page = await browser.context.newPage();
  await page.setViewportSize(viewport);
  const o: Opened = { page, requests: [], errors: [], dialogs: [] };
  page.on("request", (r) => o.requests.push(r.url()));
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") o.errors.push(m.text());
  });
  page.on("pageerror", (e) => o.errors.push(e.message));
  page.on("dialog", (d) => {
    o.dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector("html[data-ready]");
  expect(await page.getAttribute("html", "data-ready")).toBe("1");
  opened.push(o);
  return o;
}

// Every page of every test: no request but the file, no console error, no dialog, no injected script.
afterEach(async () => {
  for (const o of opened) {
    expect(o.errors).toEqual([]);
    expect(o.dialogs).toEqual([]);
    expect(o.requests).toEqual([o.page.url()]);
    expect(await o.page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
    await o.page.close();
  }
  opened = [];
});

/** The grid cell of account `id` in `region`. */
function cell(page: Page, id: string, region: string): Locator {
  return row(page, id).locator("td.c").nth(REGIONS.indexOf(region));
}

/** The grid row of account `id`. */
function row(page: Page, id: string): Locator {
  return page
    .locator("tr[data-a]")
    .filter({ has: page.locator("th .id", { hasText: exactly(id) }) });
}

/** A regular expression matching exactly `text`. */
function exactly(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}$`);
}

/** The grid body of the OU group labelled `label`. */
function group(page: Page, label: string): Locator {
  return page.locator("tbody").filter({ has: page.locator(".path", { hasText: exactly(label) }) });
}

/** Account ids of the rows shown. */
function shownIds(page: Page): Promise<string[]> {
  return page.locator("tr[data-a] th .id").allTextContents();
}

/** Label → text of a definition list. */
async function definitions(list: Locator): Promise<Record<string, string>> {
  const dts = await list.locator("dt").allTextContents();
  const dds = await list.locator("dd").allTextContents();
  return Object.fromEntries(dts.map((k, i) => [k, dds[i] ?? ""]));
}

describe("the report page", () => {
  it("shows the run's counts with the failure rate, and the job", async () => {
    const { page } = await open();
    const runs = members.length * REGIONS.length;
    // bad: 2 Exceptions, flaky: 1 Exception, denied: 2 FailedAssumeRole.
    const cards = await page.locator("#counts .card").allInnerTexts();
    expect(cards.map((c) => c.replace(/\s+/g, " ").trim())).toEqual([
      `${runs} runs ${members.length} accounts × 2 regions`,
      `✓ ${runs - 5} Result`,
      "✗ 3 Exception",
      "⊘ 2 FailedAssumeRole",
      `${((100 * 5) / runs).toFixed(1)} % failure rate 5 failed`,
    ]);
    // NDJSON output has no header: the job shows what the records tell.
    expect(await definitions(page.locator("#job"))).toEqual({
      Role: "OrganizationAccountAccessRole",
      Regions: "eu-west-1 us-east-1",
    });
    expect(await page.locator("#sources").textContent()).toContain("From run.ndjson");
    // --report knows the job itself.
    const direct = (await open(directFile)).page;
    const job = await definitions(direct.locator("#job"));
    expect(job).toMatchObject({
      Command: "exec",
      Role: "OrganizationAccountAccessRole",
      Regions: "eu-west-1 us-east-1",
      botocove: JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version,
    });
    expect(job.Runs).toMatch(/^sh -c /);
    expect(job.Duration).toMatch(/^\d+\.\d s$/);
    expect(await direct.locator("#title").textContent()).toBe("cove exec report");
    expect(await direct.locator("#counts .card").allInnerTexts()).toEqual(cards);
  });

  it("shows each known account × region with its outcome's colour class, symbol and label", async () => {
    const { page } = await open();
    const expectCell = async (
      id: string,
      region: string,
      cls: string,
      symbol: string,
      label: string,
    ) => {
      const c = cell(page, id, region);
      expect(await c.getAttribute("class")).toContain(cls);
      expect(await c.textContent()).toBe(symbol);
      expect(await c.getAttribute("aria-label")).toMatch(
        new RegExp(`^${id} .*, ${region}: ${label}$`),
      );
    };
    await expectCell(ids.bad, "eu-west-1", "o-E", "✗", "Exception");
    await expectCell(ids.bad, "us-east-1", "o-E", "✗", "Exception");
    await expectCell(ids.flaky, "eu-west-1", "o-R", "✓", "Result");
    await expectCell(ids.flaky, "us-east-1", "o-E", "✗", "Exception");
    await expectCell(ids.denied, "eu-west-1", "o-F", "⊘", "FailedAssumeRole");
    await expectCell(ids.good, "us-east-1", "o-R", "✓", "Result");
    // The colours differ per outcome, and the legend names every symbol.
    const bg = (l: Locator) => l.evaluate((e) => getComputedStyle(e).backgroundColor);
    const colours = new Set([
      await bg(cell(page, ids.bad, "eu-west-1")),
      await bg(cell(page, ids.denied, "eu-west-1")),
      await bg(cell(page, ids.good, "eu-west-1")),
    ]);
    expect(colours.size).toBe(3);
    expect(await page.locator("#legend li").allInnerTexts()).toEqual([
      "✓ Result",
      "✗ Exception",
      "⊘ FailedAssumeRole",
      "· not in the files",
    ]);
  });

  it("groups accounts by OU path, with counts, and collapses a group", async () => {
    const { page } = await open();
    const groups = await page.locator("tr.group .path").allTextContents();
    expect(groups).toEqual(["/ (root)", `/${HOSTILE_OU}`, "/Apps", "/Apps/Prod", "/Sandbox"]);
    const byOu: [string, string][] = [
      ["/Apps/Prod", "/Apps/Prod"],
      ["/Sandbox", "/Sandbox"],
      ["/", "/ (root)"],
    ];
    for (const [path, label] of byOu) {
      const body = group(page, label);
      const expected = aws.org.byOu.get(path) ?? [];
      expect((await body.locator("tr[data-a] th .id").allTextContents()).sort()).toEqual(
        [...expected].sort(),
      );
      expect(await body.locator(".size").textContent()).toBe(
        `${expected.length} account${expected.length === 1 ? "" : "s"}`,
      );
    }
    const prod = group(page, "/Apps/Prod");
    expect(await prod.locator(".tally").innerText()).toBe(`✓ 2 ✗ 2`);
    const toggle = prod.locator("button.toggle");
    expect(await toggle.getAttribute("aria-expanded")).toBe("true");
    await toggle.click();
    expect(await toggle.getAttribute("aria-expanded")).toBe("false");
    expect(await prod.locator("tr[data-a]").count()).toBe(0);
    expect(await shownIds(page)).not.toContain(ids.bad);
    await toggle.click();
    expect(await prod.locator("tr[data-a]").count()).toBe(2);
  });

  it("filters rows by account id, name or OU path, and by outcome", async () => {
    const { page } = await open();
    /** Sets a filter control and waits for the page to apply it (it rewrites #matches). */
    const apply = async (act: () => Promise<unknown>) => {
      await page.evaluate(() => (document.querySelector("#matches")!.textContent = ""));
      await act();
      await page.waitForFunction(() => document.querySelector("#matches")?.textContent !== "");
    };
    let textNow = "";
    let outcomeNow = "";
    const filter = async (text: string, outcome = "") => {
      if (text !== textNow) await apply(() => page.fill("#q", text));
      if (outcome !== outcomeNow) await apply(() => page.selectOption("#outcome", outcome));
      [textNow, outcomeNow] = [text, outcome];
      return (await shownIds(page)).sort();
    };
    expect(await filter(ids.good)).toEqual([ids.good]);
    expect(await page.locator("#matches").textContent()).toBe(
      `1 of ${members.length} accounts match`,
    );
    const name = aws.org.accounts.get(ids.denied)!.name;
    expect(await filter(name.toUpperCase())).toEqual([ids.denied]);
    expect(await filter("/apps/prod")).toEqual([...(aws.org.byOu.get("/Apps/Prod") ?? [])].sort());
    expect(await filter("", "F")).toEqual([ids.denied]);
    expect(await filter("", "E")).toEqual([ids.bad, ids.flaky].sort());
    expect(await filter("", "fail")).toEqual([ids.bad, ids.flaky, ids.denied].sort());
    // Cells of other outcomes in a matching row are dimmed, not hidden.
    expect(await cell(page, ids.flaky, "eu-west-1").getAttribute("class")).toContain("dim");
    expect(await cell(page, ids.flaky, "us-east-1").getAttribute("class")).not.toContain("dim");
    expect(await filter("/apps/prod", "E")).toEqual([ids.bad]);
    expect(await filter("no such account")).toEqual([]);
    expect(await page.locator("#empty").isVisible()).toBe(true);
    expect(await filter("")).toEqual(members);
  });

  it("opens a cell's record: an exec failure's error, exit code and stderr; a result's output", async () => {
    const { page } = await open();
    const bad = cell(page, ids.bad, "eu-west-1");
    await bad.click();
    const dialog = page.locator("dialog#detail");
    await page.waitForSelector("dialog#detail[open] .record[aria-busy='false']");
    expect(await dialog.locator("#detail-h").innerText()).toContain("✗ Exception");
    expect(await dialog.locator("#detail-h").innerText()).toContain("eu-west-1");
    const account = await definitions(dialog.locator("dl.kv").first());
    expect(account).toMatchObject({
      Account: ids.bad,
      "OU path": "/Apps/Prod",
      Region: "eu-west-1",
    });
    const error = await definitions(dialog.locator(".record dl.kv"));
    expect(error).toEqual({
      Name: "CommandFailed",
      Code: "COMMAND_FAILED",
      Message: "Command exited with code 3: disk on fire in eu-west-1",
      "Exit code": "3",
    });
    expect(await dialog.locator("pre.stderr").textContent()).toBe(
      "first line\ndisk on fire in eu-west-1\n",
    );
    await page.keyboard.press("Escape");
    expect(await dialog.getAttribute("open")).toBeNull();
    expect(await bad.evaluate((e) => e === document.activeElement)).toBe(true);

    await cell(page, ids.good, "us-east-1").click();
    await page.waitForSelector("dialog#detail[open] .record[aria-busy='false']");
    const text = await dialog.locator("pre.result").textContent();
    expect(JSON.parse(text ?? "")).toEqual({
      account: ids.good,
      region: "us-east-1",
      note: "<b>bold</b>",
    });
    expect(text).toContain('\n  "account"');
    expect(await dialog.locator("b").count()).toBe(0);
    await dialog.locator("#detail-close").click();

    await cell(page, ids.denied, "us-east-1").click();
    await page.waitForSelector("dialog#detail[open] .record[aria-busy='false']");
    expect(await definitions(dialog.locator(".record dl.kv"))).toEqual({
      Name: "AccessDenied",
      Code: "AccessDenied",
      Message: "not allowed in this test",
      "Request id": "proxy-fault",
    });
  });

  it("lists failures by cause, most runs first, each opening to its accounts × regions", async () => {
    const { page } = await open();
    const summaries = (await page.locator("details.cause > summary").allInnerTexts()).map((s) =>
      s.split("\n")[0]!.replace(/\s+/g, " ").trim(),
    );
    expect(summaries.slice(0, 2).sort()).toEqual([
      "⊘ FailedAssumeRole AccessDenied — 1 account, 2 runs",
      "✗ Exception COMMAND_FAILED exit 3 — 1 account, 2 runs",
    ]);
    expect(summaries[2]).toBe("✗ Exception COMMAND_FAILED exit 5 — 1 account, 1 run");
    const exit3 = page.locator("details.cause").filter({ hasText: "COMMAND_FAILED exit 3" });
    await exit3.locator("summary").click();
    expect(await exit3.locator("ul.messages li").allInnerTexts()).toEqual([
      "2× Command exited with code 3: disk on fire in {region}",
    ]);
    expect(await exit3.locator("ul.runs li .id").allTextContents()).toEqual([ids.bad]);
    const buttons = exit3.locator("ul.runs button.run");
    expect(await buttons.allTextContents()).toEqual(["✗ eu-west-1", "✗ us-east-1"]);
    await buttons.nth(1).click();
    await page.waitForSelector("dialog#detail[open] .record[aria-busy='false']");
    expect(await page.locator("dialog pre.stderr").textContent()).toContain(
      "disk on fire in us-east-1",
    );
  });

  it("works by keyboard: one tab stop in the grid, arrows move, Enter opens, Escape closes", async () => {
    const { page } = await open();
    await page.focus("#q");
    let reached = false;
    for (let i = 0; i < 12 && !reached; i++) {
      await page.keyboard.press("Tab");
      reached = await page.evaluate(() => document.activeElement?.matches("td.c") === true);
    }
    expect(reached).toBe(true);
    expect(await page.locator('td.c[tabindex="0"]').count()).toBe(1);
    const focused = () =>
      page.evaluate(() => Number((document.activeElement as HTMLElement).dataset.i));
    const start = await focused();
    await page.keyboard.press("ArrowRight");
    expect(await focused()).toBe(start + 1);
    await page.keyboard.press("ArrowDown");
    const below = await focused();
    expect(below).toBe(start + 1 + REGIONS.length);
    expect(await page.locator('td.c[tabindex="0"]').count()).toBe(1);
    await page.keyboard.press("Home");
    expect(await focused()).toBe(start + REGIONS.length);
    // Ctrl+End and Ctrl+Home: the last and the first cell of the grid, across groups.
    const ends = await page.evaluate(() => {
      const cells = document.querySelectorAll<HTMLElement>("td.c");
      return [Number(cells[0]!.dataset.i), Number(cells[cells.length - 1]!.dataset.i)];
    });
    await page.keyboard.press("Control+End");
    expect(await focused()).toBe(ends[1]);
    // PageUp moves 10 rows, stopping at the first (this grid has fewer).
    await page.keyboard.press("PageUp");
    expect(await focused()).toBe(ends[0]! + REGIONS.length - 1);
    await page.keyboard.press("Control+Home");
    expect(await focused()).toBe(ends[0]);
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Home");
    expect(await focused()).toBe(start + REGIONS.length);
    await page.keyboard.press("Enter");
    await page.waitForSelector("dialog#detail[open] .record[aria-busy='false']");
    await page.keyboard.press("Escape");
    expect(await page.locator("dialog#detail").getAttribute("open")).toBeNull();
    expect(await focused()).toBe(start + REGIONS.length);
    // A group toggle is a button: Enter collapses it.
    await page.focus("tbody button.toggle");
    await page.keyboard.press("Enter");
    expect(await page.locator("tbody button.toggle").first().getAttribute("aria-expanded")).toBe(
      "false",
    );
  });

  it("shows hostile account and OU names as text: no element, no script", async () => {
    const { page } = await open();
    const hostileRow = row(page, ids.hostile);
    expect(await hostileRow.locator(".name").textContent()).toBe(HOSTILE_NAME);
    expect(await page.locator("tr.group .path", { hasText: "window.__pwned" }).textContent()).toBe(
      `/${HOSTILE_OU}`,
    );
    expect(await page.locator("img").count()).toBe(0);
    expect(await page.locator("script").count()).toBe(
      2 + (await page.locator("script[id^=cove-d-]").count()),
    );
    await page.fill("#q", "<img");
    await page.waitForFunction(() =>
      document.querySelector("#matches")?.textContent?.includes("match"),
    );
    expect(await shownIds(page)).toEqual([ids.hostile]);
    await cell(page, ids.hostile, "eu-west-1").click();
    await page.waitForSelector("dialog#detail[open] .record[aria-busy='false']");
    expect((await definitions(page.locator("dialog dl.kv").first())).Name).toBe(HOSTILE_NAME);
    expect(await page.locator("img").count()).toBe(0);
  });

  it("is readable at a narrow width and in the dark scheme", async () => {
    const { page } = await open(reportFile, { width: 380, height: 800 });
    // The page does not overflow sideways; the grid scrolls inside its box.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      380,
    );
    await page.emulateMedia({ colorScheme: "dark" });
    const bg = await page.evaluate(
      () => getComputedStyle(document.documentElement).backgroundColor,
    );
    expect(bg).toBe("rgb(13, 17, 23)");
  });
});

describe("the CLI run from its sources (through tsx)", () => {
  it("writes a page that renders in Chromium: no error box, the grid drawn", async () => {
    const file = join(tmp, "from-source.html");
    const env = cliEnv(aws.proxy.url);
    const args = ["--import", "tsx", "src/cli/main.ts", "report", join(tmp, "run.ndjson")];
    const r = await startNode([...args, "-o", file], { env }).done;
    expect(r.stderr).toMatch(/^cove report: wrote .*from-source\.html/);
    expect(r.code).toBe(0);
    // open() waits for the page to be ready, and every test checks for no console error.
    const { page } = await open(file);
    expect(await page.locator("#fatal").isHidden()).toBe(true);
    expect((await shownIds(page)).sort()).toEqual(members);
    expect(await page.locator("td.c").count()).toBe(members.length * REGIONS.length);
    expect(await cell(page, ids.bad, "eu-west-1").getAttribute("class")).toContain("o-E");
  });
});

describe("--report on exec", () => {
  it("writes the same page data as cove report of the run's NDJSON", () => {
    const data = (file: string) => {
      const html = readFileSync(file, "utf8");
      const json = /<script type="application\/json" id="cove-data">([^<]*)<\/script>/.exec(
        html,
      )?.[1];
      return JSON.parse(json ?? "") as PageData;
    };
    const a = data(directFile);
    const b = data(reportFile);
    expect(a.cells).toBe(b.cells);
    expect(a.accounts).toEqual(b.accounts);
    expect(a.groups).toEqual(b.groups);
    expect(a.causes).toEqual(b.causes);
    expect(a.job.find(([k]) => k === "Runs")?.[1]).toMatch(/^sh -c /);
    expect(a.sources).toEqual(["this run"]);
  });
});
