/**
 * `cove diff` on two real `cove exec` runs against moto: between them one account's command
 * prints something else, one account is left out (gone) and another comes in (new). Checks
 * the table, the JSON and ndjson outputs and the exit codes (0 same, 1 changes, 2 trouble).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PageData } from "../../src/cli/report/page-data.js";
import type { RunChange } from "../../src/index.js";
import { useTestAws } from "../support/env.js";
import { CLI_ORG, cliEnv, oneLineNoStack } from "./helpers.js";
import { runCli } from "./in-process.js";

const aws = useTestAws(CLI_ORG);
let tmp: string;

/** The command: prints `drift` in the account named in DRIFT, else a JSON document. */
const SCRIPT =
  'if [ "$AWS_ACCOUNT_ID" = "$DRIFT" ]; then echo drift; else echo "{\\"account\\":\\"$AWS_ACCOUNT_ID\\",\\"ok\\":true}"; fi';
const REGIONS = "eu-west-1,us-east-1";

/** A run of the job: journal (and `-o json` on stdout), leaving `ignore` out. */
async function run(
  name: string,
  ignore: string,
  drift = "",
): Promise<{ journal: string; json: string }> {
  const journal = join(tmp, `${name}.ndjson`);
  const json = join(tmp, `${name}.json`);
  const r = await runCli(
    [
      "exec",
      "--regions",
      REGIONS,
      "--yes",
      "-q",
      "--ou-paths",
      "--ignore",
      ignore,
      "--journal",
      journal,
      "-o",
      "json",
      "--",
      "sh",
      "-c",
      SCRIPT,
    ],
    { env: cliEnv(aws.proxy.url, { DRIFT: drift }) },
  );
  expect(r.code, r.stderr).toBe(0);
  writeFileSync(json, r.stdout);
  return { journal, json };
}

let members: string[];
let before: { journal: string; json: string };
let after: { journal: string; json: string };

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "cove-cli-diff-"));
  members = [...aws.org.accounts.keys()].sort();
  // Last week: every member but the last; this week: every member but the first, and the
  // second member's command prints something else.
  before = await run("before", members[members.length - 1] as string);
  after = await run("after", members[0] as string, members[1]);
}, 120_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const env = () => cliEnv("http://127.0.0.1:9");

describe("cove diff on two runs", () => {
  it("prints JSON for scripts: each kind, the changed path with before and after, exit 1", async () => {
    const r = await runCli(["diff", before.journal, after.journal, "-o", "json"], { env: env() });
    expect(r.code, r.stderr).toBe(1);
    const doc = JSON.parse(r.stdout) as { counts: Record<string, number>; changes: RunChange[] };
    const pairs = members.length - 2;
    expect(doc.counts).toEqual({
      new: 2,
      gone: 2,
      "outcome-changed": 0,
      changed: 2,
      unchanged: 2 * (pairs - 1),
    });
    const of = (kind: string) =>
      doc.changes.filter((c) => c.kind === kind).map((c) => `${c.Id} ${c.Region}`);
    const both = (id: string | undefined) => REGIONS.split(",").map((r) => `${id} ${r}`);
    expect(of("gone")).toEqual(both(members[0]));
    expect(of("new")).toEqual(both(members[members.length - 1]));
    expect(of("changed")).toEqual(both(members[1]));
    const changed = doc.changes.find((c) => c.kind === "changed");
    expect(changed?.paths).toEqual([
      {
        path: "Result.stdout:1",
        change: "changed",
        before: JSON.stringify(`{"account":"${members[1]}","ok":true}`),
        after: '"drift"',
      },
    ]);
    expect(changed?.Name).toBe(aws.org.accounts.get(members[1] as string)?.name);
  });

  it("reads -o json outputs as well as journals, and mixes them", async () => {
    const json = await runCli(["diff", before.json, after.json, "-o", "json"], { env: env() });
    const mixed = await runCli(
      ["diff", "--base", before.journal, "--new", after.json, "-o", "json"],
      { env: env() },
    );
    expect(json.code).toBe(1);
    expect(mixed.code).toBe(1);
    const strip = (t: string) => {
      const d = JSON.parse(t) as Record<string, unknown>;
      return { counts: d.counts, changes: d.changes, accounts: d.accounts };
    };
    const journals = await runCli(["diff", before.journal, after.journal, "-o", "json"], {
      env: env(),
    });
    expect(strip(json.stdout)).toEqual(strip(journals.stdout));
    expect(strip(mixed.stdout)).toEqual(strip(journals.stdout));
    // `-` is the command's stdin (its context's, here a test's text): a document or a journal.
    for (const side of [before.json, before.journal]) {
      const piped = await runCli(["diff", "--base", "-", "--new", after.json, "-o", "json"], {
        env: env(),
        input: readFileSync(side, "utf8"),
      });
      expect(piped.code, piped.stderr).toBe(1);
      expect(strip(piped.stdout)).toEqual(strip(journals.stdout));
    }
  });

  it("prints a table: counts first, then the changes by kind and OU path", async () => {
    const r = await runCli(["diff", before.journal, after.journal, "-o", "table"], { env: env() });
    expect(r.code).toBe(1);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toMatch(/^base: .*before\.ndjson \(\d{4}-\d\d-\d\d \d\d:\d\d UTC\)$/);
    expect(lines[3]).toBe(
      `changed 2 · outcome changed 0 · new 2 · gone 2 · unchanged ${2 * (members.length - 3)} · accounts changed 0`,
    );
    const titles = lines.filter((l) => /^\S.*\(\d+\)$/.test(l));
    expect(titles).toEqual(["Changed (2)", "New (2)", "Gone (2)"]);
    const ou = aws.org.accounts.get(members[1] as string)?.ouPath ?? "";
    const at = lines.indexOf("Changed (2)");
    expect(lines[at + 1]).toBe(`  ${ou === "" ? "(no OU path)" : ou}`);
    expect(r.stdout).toContain(
      `      Result.stdout:1  "{\\"account\\":\\"${members[1]}\\",\\"ok\\":true}" → "drift"`,
    );
  });

  it("prints one line per changed pair with -o ndjson", async () => {
    const r = await runCli(["diff", before.json, after.journal, "-o", "ndjson"], { env: env() });
    expect(r.code).toBe(1);
    const lines = r.stdout
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as RunChange);
    expect(lines.map((l) => l.kind).sort()).toEqual([
      "changed",
      "changed",
      "gone",
      "gone",
      "new",
      "new",
    ]);
  });

  it("exits 0 when nothing changed, even with keys in another order", async () => {
    const r = await runCli(["diff", before.journal, before.json, "-o", "table"], { env: env() });
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toContain("No changes.");
    const reordered = join(tmp, "reordered.ndjson");
    const lines = readFileSync(before.journal, "utf8").trimEnd().split("\n");
    writeFileSync(
      reordered,
      lines
        .map((l) =>
          JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(l) as object).reverse())),
        )
        .join("\n") + "\n",
    );
    expect(
      (await runCli(["diff", before.journal, reordered, "-o", "json"], { env: env() })).code,
    ).toBe(0);
  });

  it("ignores paths asked to (--ignore), and the change goes away", async () => {
    const r = await runCli(
      ["diff", before.journal, after.journal, "--ignore", "Result.stdout", "-o", "json"],
      { env: env() },
    );
    const doc = JSON.parse(r.stdout) as { counts: Record<string, number> };
    expect(doc.counts.changed).toBe(0);
  });

  it("exits 2 on trouble: a missing file, a damaged line, files of different jobs (unless --force)", async () => {
    const missing = await runCli(["diff", before.journal, join(tmp, "nope.ndjson")], {
      env: env(),
    });
    expect(missing.code).toBe(2);
    expect(oneLineNoStack(missing.stderr)).toMatch(/cannot read .*nope\.ndjson: no such file/);
    const damaged = join(tmp, "damaged.ndjson");
    writeFileSync(
      damaged,
      `${readFileSync(before.journal, "utf8")}not json\n{"List":"Results","Id":"1","Region":"r"}\n`,
    );
    const bad = await runCli(["diff", before.journal, damaged], { env: env() });
    expect(bad.code).toBe(2);
    expect(oneLineNoStack(bad.stderr)).toMatch(/damaged\.ndjson:\d+: not JSON/);
    const other = join(tmp, "other.ndjson");
    const [header, ...rest] = readFileSync(after.journal, "utf8").split("\n");
    writeFileSync(
      other,
      [
        JSON.stringify({ ...JSON.parse(header as string), args: ["sh", "-c", "other"] }),
        ...rest,
      ].join("\n"),
    );
    const refused = await runCli(["diff", before.journal, other], { env: env() });
    expect(refused.code).toBe(2);
    expect(oneLineNoStack(refused.stderr)).toMatch(/different jobs \(the arguments: .*--force/);
    const forced = await runCli(["diff", "--force", before.journal, other, "-o", "json"], {
      env: env(),
    });
    expect(forced.code).toBe(1);
    const usage = await runCli(["diff", before.journal], { env: env() });
    expect(usage.code).toBe(2);
  });

  it("--sort on exec: two runs of the job write the same bytes, by account id then region", async () => {
    const args = ["exec", "--regions", REGIONS, "--yes", "-q", "--sort", "--concurrency", "7"];
    const cmd = [
      "-o",
      "ndjson",
      "--",
      "sh",
      "-c",
      'case "$AWS_REGION" in eu-*) sleep 0.4;; esac; echo $AWS_ACCOUNT_ID',
    ];
    const one = await runCli([...args, ...cmd], { env: cliEnv(aws.proxy.url) });
    const two = await runCli([...args, ...cmd], { env: cliEnv(aws.proxy.url) });
    expect(one.code, one.stderr).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    const pairs = one.stdout
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as { Id: string; Region: string })
      .map((r) => `${r.Id} ${r.Region}`);
    expect(pairs).toEqual(members.flatMap((id) => REGIONS.split(",").map((r) => `${id} ${r}`)));
  });

  it("--report-baseline on exec: the run's own report marks what changed since the baseline", async () => {
    const page = join(tmp, "run.html");
    const args = [
      "exec",
      "--regions",
      REGIONS,
      "--yes",
      "-q",
      "--ou-paths",
      "--ignore",
      members[0] as string,
    ];
    const r = await runCli(
      [
        ...args,
        "--report",
        page,
        "--report-baseline",
        before.journal,
        "-o",
        "json",
        "--",
        "sh",
        "-c",
        SCRIPT,
      ],
      { env: cliEnv(aws.proxy.url, { DRIFT: members[1] }) },
    );
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(page, "utf8");
    const json = /<script type="application\/json" id="cove-data">([^<]*)<\/script>/.exec(
      html,
    )?.[1];
    const data = JSON.parse(json ?? "null") as PageData;
    expect(data.changes?.counts).toMatchObject({ changed: 2, new: 2, gone: 2 });
    expect(data.changes?.since).toBe(
      JSON.parse(readFileSync(before.journal, "utf8").split("\n")[0] as string).startedAt,
    );
    const missing = await runCli([...args, "--report-baseline", before.journal, "--", "true"], {
      env: cliEnv(aws.proxy.url),
    });
    expect(missing.code).toBe(2);
    expect(oneLineNoStack(missing.stderr)).toMatch(/--report-baseline needs --report FILE/);
  });
});
