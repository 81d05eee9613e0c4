/**
 * `cove report` as a command (inputs, warnings, exit codes, stdout) and `--report` on a run
 * stopped with Ctrl-C. The page itself is tested in Chromium in report-page.test.ts.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { gunzipSync } from "node:zlib";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PageData } from "../../src/cli/report/page-data.js";
import { useTestAws } from "../support/env.js";
import { CLI_ORG, cliEnv, oneLineNoStack } from "./helpers.js";
import { runCli, startInProcess } from "./in-process.js";

let tmp: string;
const env = () => cliEnv("http://127.0.0.1:9");

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "cove-report-cli-"));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The data block of a written page. */
function pageData(html: string): PageData {
  const json = /<script type="application\/json" id="cove-data">([^<]*)<\/script>/.exec(html)?.[1];
  if (json === undefined) throw new Error("no data block in the page");
  return JSON.parse(json) as PageData;
}

const line = (list: string, id: string, region: string) =>
  JSON.stringify({
    List: list,
    Id: id,
    Name: `n${id}`,
    Region: region,
    ...(list === "Results"
      ? { Result: 1 }
      : { ExceptionDetails: { name: "AccessDenied", message: "no", code: "AccessDenied" } }),
  });

function file(name: string, text: string): string {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
}

describe("cove report", () => {
  it("merges shards (latest record per account × region wins), says what it wrote, exits 0", async () => {
    const a = file(
      "a.ndjson",
      [
        line("Exceptions", "111111111111", "eu-west-1"),
        line("Results", "222222222222", "eu-west-1"),
      ].join("\n") + "\n",
    );
    const b = file("b.ndjson", `${line("Results", "111111111111", "eu-west-1")}\n`);
    const out = join(tmp, "merged.html");
    const r = await runCli(["report", a, b, "-o", out], { env: env() });
    expect(r.code).toBe(0);
    expect(oneLineNoStack(r.stderr)).toMatch(
      /^cove report: wrote .*merged\.html \(\d+ kB\): 2 runs of 2 accounts × 1 region \(Results 2, Exceptions 0, FailedAssumeRole 0\)\.$/,
    );
    expect(r.stdout).toBe("");
    const data = pageData(readFileSync(out, "utf8"));
    expect(data.cells).toBe("RR");
    expect(data.sources).toEqual(["a.ndjson", "b.ndjson"]);
  });

  it("writes a page for a journal that has only its header (a job stopped before any run ended)", async () => {
    const input = file(
      "journal.ndjson",
      `${JSON.stringify({ command: "exec", args: ["./check.sh"], startedAt: "2025-01-01T00:00:00Z" })}\n`,
    );
    const out = join(tmp, "journal.html");
    const r = await runCli(["report", input, "-o", out], { env: env() });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/0 runs of 0 accounts × 0 regions/);
    const data = pageData(readFileSync(out, "utf8"));
    expect(data.title).toBe("cove exec report");
    expect(data.cells).toBe("");
    expect(data.job).toContainEqual(["Runs", "./check.sh"]);
  });

  it("skips malformed lines with file:line on stderr, notes a torn last line, and still writes the page", async () => {
    const text = [
      line("Results", "111111111111", "eu-west-1"),
      "garbage",
      '{"List":"Results"}',
      line("Results", "222222222222", "eu-west-1"),
      '{"List":"Res',
    ].join("\n");
    const input = file("messy.ndjson", text);
    const out = join(tmp, "messy.html");
    const r = await runCli(["report", input, "-o", out], { env: env() });
    expect(r.code).toBe(0);
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines[0]).toMatch(
      new RegExp(`^cove report: .*messy\\.ndjson:2: not JSON .*; line skipped\\.$`),
    );
    expect(lines[1]).toMatch(/messy\.ndjson:3: no Id; line skipped\.$/);
    expect(lines[2]).toMatch(
      /messy\.ndjson:5: incomplete last line ignored \(the run was stopped while writing it\)\.$/,
    );
    expect(lines[3]).toMatch(/^cove report: wrote .*2 runs of 2 accounts/);
    expect(lines).toHaveLength(4);
    expect(pageData(readFileSync(out, "utf8")).cells).toBe("RR");
  });

  it("counts malformed lines past the first ten instead of printing each", async () => {
    const input = file(
      "bad.ndjson",
      [line("Results", "111111111111", "eu-west-1"), ...Array.from({ length: 14 }, () => "x")].join(
        "\n",
      ) + "\n",
    );
    const r = await runCli(["report", "-q", input, "-o", join(tmp, "bad.html")], { env: env() });
    expect(r.code).toBe(0);
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(11);
    expect(lines[10]).toMatch(/bad\.ndjson: 4 more malformed lines skipped\.$/);
  });

  it("reads stdin with - and writes the page to stdout with -o -", async () => {
    const r = await runCli(["report", "-", "-o", "-", "--title", "Nightly </script> audit"], {
      env: env(),
      input: `${line("FailedAssumeRole", "111111111111", "us-east-1")}\n`,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^<!doctype html>/);
    expect(r.stdout.trimEnd().endsWith("</html>")).toBe(true);
    const data = pageData(r.stdout);
    expect(data.title).toBe("Nightly </script> audit");
    expect(data.sources).toEqual(["stdin"]);
    expect(data.cells).toBe("F");
    expect(r.stderr).toMatch(/^cove report: wrote stdout/);
  });

  it("refuses bad inputs and outputs before reading: exit 2, one line, nothing written", async () => {
    const good = file("good.ndjson", `${line("Results", "111111111111", "eu-west-1")}\n`);
    const cases: [string[], RegExp][] = [
      [["report", join(tmp, "missing.ndjson")], /cannot read .*missing\.ndjson: no such file\./],
      [["report", tmp], /cannot read .*: not a file\./],
      [["report", good, "-o", good], /would overwrite its input/],
      [["report", good, "-o", join(tmp, "no-such-dir", "x.html")], /cannot write in .*no-such-dir/],
      [["report", good, "-o", tmp], /is a folder/],
      [["report", "-", "-"], /stdin \(-\) can be read only once/],
      [["report", file("empty.ndjson", "\n\n")], /no records in .*empty\.ndjson: expected NDJSON/],
      [["report"], /missing required argument/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(args, { env: env(), cwd: tmp });
      expect(r.code, args.join(" ")).toBe(2);
      expect(oneLineNoStack(r.stderr)).toMatch(message);
    }
    // A JSON document is not NDJSON: its lines are reported, then the error.
    const json = await runCli(["report", file("json.json", '{\n  "Results": []\n}\n')], {
      env: env(),
      cwd: tmp,
    });
    expect(json.code).toBe(2);
    expect(json.stderr.trimEnd().split("\n").pop()).toMatch(/^cove: error: no records in/);
    expect(existsSync(join(tmp, "report.html"))).toBe(false);
  });

  it("writes report.html by default, through a temporary file", async () => {
    const dir = join(tmp, "default");
    mkdirSync(dir);
    writeFileSync(join(dir, "run.ndjson"), `${line("Results", "111111111111", "eu-west-1")}\n`);
    const r = await runCli(["report", "-q", "run.ndjson"], { env: env(), cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(readFileSync(join(dir, "report.html"), "utf8")).toMatch(/<\/html>\n$/);
  });
});

describe("--report on a run stopped with Ctrl-C", () => {
  const aws = useTestAws(CLI_ORG);

  it("writes the page with the runs that finished and notes the signal", async () => {
    const out = join(tmp, "interrupted.html");
    // One run ends at once; the others would take a minute.
    const [first] = [...aws.org.accounts.keys()].sort();
    const script = `if [ "$AWS_ACCOUNT_ID" != "${first}" ]; then exec sleep 600; fi; echo done`;
    const cli = startInProcess(
      ["exec", "-o", "ndjson", "--report", out, "--", "sh", "-c", script],
      {
        env: cliEnv(aws.proxy.url),
      },
    );
    await cli.shows("\n", "stdout");
    cli.signal("SIGINT");
    const r = await cli.done;
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/cove: report written to .*interrupted\.html/);
    const data = pageData(readFileSync(out, "utf8"));
    const recorded = r.stdout
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as { Id: string });
    expect(data.cells.replace(/-/g, "").length).toBe(recorded.length);
    expect(data.cells).toContain("R");
    expect(data.job).toContainEqual(["Stopped by", "SIGINT"]);
    // OU paths are read for the report.
    expect(data.groups).toEqual([aws.org.accounts.get(first!)?.ouPath]);
  });

  it("scrubs the assumed roles' credentials from the page, like every text the CLI writes", async () => {
    const keys = join(tmp, "keys");
    mkdirSync(keys);
    const out = join(tmp, "secrets.html");
    // A function that returns its credentials (and throws them, in one account).
    const module = join(tmp, "leak.mjs");
    writeFileSync(
      module,
      `import { writeFileSync } from "node:fs";
export default async (session, dir) => {
  const c = await session.credentials();
  writeFileSync(dir + "/" + session.accountId, c.secretAccessKey + "\\n" + c.sessionToken);
  if (session.accountId === "${[...aws.org.accounts.keys()].sort()[0]}") throw new Error("token " + c.sessionToken);
  return { key: c.secretAccessKey, token: c.sessionToken };
};
`,
    );
    const r = await runCli(["run", module, "-o", "ndjson", "--report", out, "--", keys], {
      env: cliEnv(aws.proxy.url),
    });
    expect(r.code).toBe(1);
    const html = readFileSync(out, "utf8");
    const details = [...html.matchAll(/id="cove-d-\d+">([^<]*)</g)]
      .map((m) => gunzipSync(Buffer.from(m[1]!, "base64")).toString())
      .join("\n");
    const secrets = readdirSync(keys).flatMap((f) =>
      readFileSync(join(keys, f), "utf8").split("\n"),
    );
    expect(secrets.length).toBe(2 * aws.org.accounts.size);
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(15);
      expect(html).not.toContain(secret);
      expect(details).not.toContain(secret);
    }
    expect(details).toContain('\\"key\\": \\"[REDACTED]\\"');
    expect(details).toContain("token [REDACTED]");
  });

  it("refuses a --report path that cannot be written before any AWS call", async () => {
    const r = await runCli(["exec", "--report", join(tmp, "nope", "r.html"), "--", "true"], {
      env: cliEnv(aws.proxy.url),
    });
    expect(r.code).toBe(2);
    expect(oneLineNoStack(r.stderr)).toMatch(/--report.*cannot write in/);
    expect(aws.proxy.requests).toEqual([]);
  });
});
