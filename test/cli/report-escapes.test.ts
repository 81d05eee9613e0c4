/**
 * Untrusted text from files `cove report` and `--resume` read: a malformed line's parse error
 * reaches the terminal escaped, bidirectional marks never reorder the page (real Chromium),
 * and inputs of different jobs are said, on stderr and on the page. No AWS call is made.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PageData } from "../../src/cli/report/page-data.js";
import { launchChromium } from "../support/browser.js";
import { cliEnv } from "./helpers.js";
import { runCli } from "./in-process.js";

let tmp: string;
/** Nothing answers there: any AWS call would fail. */
const env = () => cliEnv("http://127.0.0.1:9");
/** ESC and the bidirectional marks, raw. */
// eslint-disable-next-line no-control-regex -- none of them may reach a terminal or the page
const RAW = /[\u001b\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "cove-cli-report-escapes-"));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const record = (id: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ List: "Results", Id: id, Region: "eu-west-1", Result: "ok", ...extra });
const header = (extra: Record<string, unknown>) =>
  JSON.stringify({ command: "exec", what: "true", role: "R", args: ["true"], ...extra });
/** A line that is not JSON, with a terminal escape sequence and a bidi override in it. */
const HOSTILE_LINE = '{"Id":x\u202e\u001b[31m\u0007red';

function write(name: string, lines: string[]): string {
  const path = join(tmp, name);
  writeFileSync(path, `${lines.join("\n")}\n`, { mode: 0o600 });
  return path;
}

/** The page's data and its inflated details. */
function pageOf(path: string): { data: PageData; details: string } {
  const html = readFileSync(path, "utf8");
  const json = /<script type="application\/json" id="cove-data">(.*?)<\/script>/s.exec(html)![1]!;
  const details = [...html.matchAll(/id="cove-d-\d+">([^<]*)</g)]
    .map((m) => gunzipSync(Buffer.from(m[1]!, "base64")).toString())
    .join("\n");
  return { data: JSON.parse(json) as PageData, details };
}

describe("escapes in what cove reads", () => {
  it("a malformed line's parse error is shown escaped: cove report and --resume", async () => {
    const input = write("hostile.ndjson", [record("111111111111"), HOSTILE_LINE]);
    const r = await runCli(["report", input, "-o", join(tmp, "hostile.html")], { env: env() });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(":2: not JSON");
    expect(r.stderr).not.toMatch(RAW);
    expect(r.stderr).toContain("\\u202e\\x1b[31m\\x07");

    const journal = write("hostile-journal.ndjson", [
      header({}),
      HOSTILE_LINE,
      record("111111111111"),
    ]);
    const resumed = await runCli(["exec", "--resume", journal, "--yes", "--", "true"], {
      env: env(),
    });
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toContain(":2: not JSON");
    expect(resumed.stderr).not.toMatch(RAW);
    expect(resumed.stderr).toContain("\\u202e\\x1b[31m\\x07");
  });

  it("the page shows bidirectional marks as escapes, in every text, in Chromium", async () => {
    const name = "invoice\u202Efdp.exe";
    const input = write("bidi.ndjson", [
      header({ what: "check \u2067x\u2069" }),
      record("222222222222", { Name: name, Email: "a\u200F@example.com", OuPath: "/Ops\u202B" }),
      JSON.stringify({
        List: "Exceptions",
        Id: "333333333333",
        Region: "eu-west-1",
        ExceptionDetails: { name: "Error", message: "bad \u202Eelif" },
      }),
    ]);
    const out = join(tmp, "bidi.html");
    const r = await runCli(["report", input, "-o", out, "-q"], { env: env() });
    expect(r.code).toBe(0);
    const { data, details } = pageOf(out);
    expect(JSON.stringify(data)).not.toMatch(RAW);
    expect(details).not.toMatch(RAW);
    const browser = await launchChromium();
    try {
      const page = await browser.context.newPage();
      await page.goto(pathToFileURL(out).href);
      await page.locator("#grid").getByText("invoice", { exact: false }).first().waitFor();
      const text = await page.evaluate(() => document.body.innerText);
      expect(text).not.toMatch(RAW);
      expect(text).toContain("invoice\\u202efdp.exe");
      expect(text).toContain("check \\u2067x\\u2069");
    } finally {
      await browser.close();
    }
  });

  it("inputs of different jobs are said on stderr and on the page", async () => {
    const a = write("job-a.ndjson", [header({ role: "Auditor" }), record("111111111111")]);
    const b = write("job-b.ndjson", [
      header({ role: "Admin", args: ["./fix.sh"] }),
      record("222222222222"),
    ]);
    const same = write("job-a-resumed.ndjson", [
      header({ role: "Auditor", startedAt: "2024-01-01T00:00:00Z" }),
      JSON.stringify({ resumedAt: "2024-01-02T00:00:00Z", botocove: "9.9.9" }),
      record("333333333333"),
    ]);
    const out = join(tmp, "jobs.html");
    const r = await runCli(["report", a, b, same, "-o", out, "-q"], { env: env() });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      'cove report: warning: the inputs are of different jobs: args (["true"] / ["./fix.sh"]); role (Auditor / Admin); the page shows the first input\'s header, with this warning.\n',
    );
    const rows = pageOf(out).data.job;
    expect(rows[0]).toEqual([
      "Warning",
      'these inputs are of different jobs: args (["true"] / ["./fix.sh"]); role (Auditor / Admin). The rows below are the first input\'s.',
    ]);

    const one = await runCli(["report", a, same, "-o", join(tmp, "one.html"), "-q"], {
      env: env(),
    });
    expect(one.stderr).toBe("");
    expect(pageOf(join(tmp, "one.html")).data.job.map(([label]) => label)).not.toContain("Warning");
  });
});
