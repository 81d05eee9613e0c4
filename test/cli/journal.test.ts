/**
 * `--journal`, `--resume` and `--retry-failed` on a real `cove exec` against moto: runs killed
 * (SIGKILL) at several points and resumed, torn last lines, retries, journals of other jobs,
 * Ctrl-C. What actually ran is counted outside cove: the command appends `account region
 * phase` to a counter file, the phase coming from the environment (children of a killed cove
 * live on and may write after the resume started: the phase tells them apart).
 */
import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { spawn } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PageData } from "../../src/cli/report/page-data.js";
import { useTestAws } from "../support/env.js";
import { CLI, CLI_ORG, cliEnv, requireBuild, startCli, waitFor } from "./helpers.js";
import { runCli, startInProcess } from "./in-process.js";

const aws = useTestAws(CLI_ORG);
let tmp: string;
let n = 0;

beforeAll(() => {
  requireBuild();
  tmp = mkdtempSync(join(tmpdir(), "cove-cli-journal-"));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const REGIONS = ["eu-west-1", "us-east-1"];
const members = () => [...aws.org.accounts.keys()].sort();
const allPairs = () => members().flatMap((id) => REGIONS.map((r) => `${id} ${r}`));

/** A fresh journal path and counter file. */
function files() {
  n++;
  return { journal: join(tmp, `job-${n}.ndjson`), counter: join(tmp, `counter-${n}.txt`) };
}

/**
 * The command: sleeps a little, fails (exit 3) in the accounts listed in FAIL_IDS, else
 * appends `account region phase` to the counter file (its argument) and prints `ok`.
 */
const SCRIPT =
  'sleep 0.3; case " $FAIL_IDS " in *" $AWS_ACCOUNT_ID "*) exit 3;; esac; ' +
  'echo "$AWS_ACCOUNT_ID $AWS_REGION $PHASE" >> "$0"; echo ok';
const command = (counter: string) => ["--", "sh", "-c", SCRIPT, counter];
const runFlags = ["--regions", REGIONS.join(","), "--concurrency", "3", "--yes"];
const env = (phase: string, failIds: string[] = []) =>
  cliEnv(aws.proxy.url, { PHASE: phase, FAIL_IDS: failIds.join(" ") });

interface Line {
  List?: string;
  Id?: string;
  Region?: string;
  [key: string]: unknown;
}

/** The journal's lines, parsed (a torn last line is returned as `null`). */
function journalLines(path: string): (Line | null)[] {
  const text = readFileSync(path, "utf8");
  const lines = text.split("\n");
  const last = lines.pop();
  const parsed = lines.map((l) => JSON.parse(l) as Line);
  return last === "" ? parsed : [...parsed, null];
}

/** Record lines of a journal (whatever the state of its last line). */
function journalRecords(path: string): Line[] {
  if (!existsSync(path)) return [];
  const text = readFileSync(path, "utf8");
  return text
    .split("\n")
    .filter((l) => l.includes('"Id"'))
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as Line];
      } catch {
        return [];
      }
    });
}

/** `account region` of each counter line of `phase`. */
function ran(counter: string, phase: string): string[] {
  if (!existsSync(counter)) return [];
  return readFileSync(counter, "utf8")
    .split("\n")
    .filter((l) => l.endsWith(` ${phase}`))
    .map((l) => l.slice(0, -phase.length - 1))
    .sort();
}

const pairOf = (r: Line) => `${r.Id} ${r.Region}`;

/** The latest record per pair. */
function latest(records: Line[]): Map<string, Line> {
  return new Map(records.map((r) => [pairOf(r), r]));
}

/** `cove exec` resuming the journal with `--retry-failed`, JSON out; `extra` goes before `--resume`. */
const retryFailedArgs = (paths: ReturnType<typeof files>, extra: string[] = []) => [
  "exec",
  ...runFlags,
  ...extra,
  "--resume",
  paths.journal,
  "--retry-failed",
  "-o",
  "json",
  ...command(paths.counter),
];

/** Starts a journaled run and SIGKILLs it once the journal holds `records` record lines. */
async function killAfter(records: number, paths: ReturnType<typeof files>, extra: string[] = []) {
  const cli = startCli(
    ["exec", ...runFlags, "--journal", paths.journal, ...extra, ...command(paths.counter)],
    { env: env("first") },
  );
  await waitFor(
    // The header line is written (and ended) first: a file created but not yet written is no journal yet.
    () =>
      existsSync(paths.journal) &&
      journalLines(paths.journal)[0] != null &&
      journalRecords(paths.journal).length >= records,
    60_000,
    `${records} journaled records`,
  );
  cli.child.kill("SIGKILL");
  const r = await cli.done;
  expect(r.signal).toBe("SIGKILL");
}

/** Every pair once in the journal, as a Result; each pair journaled exactly once. */
function expectWholeJob(journal: string): void {
  const lines = journalLines(journal);
  expect(lines[0]).toMatchObject({ command: "exec" });
  expect(lines[0]).not.toHaveProperty("Id");
  const records = lines.filter((l): l is Line => l !== null && l.Id !== undefined);
  expect(records.map(pairOf).sort()).toEqual(allPairs());
  expect(records.every((r) => r.List === "Results")).toBe(true);
}

describe("cove exec --journal, killed and resumed", () => {
  it.each([0, 1, 4, 8])(
    "SIGKILL after %i journaled records: the resume runs only the pairs not journaled, and the job ends with one Result per pair",
    async (killAt) => {
      const paths = files();
      const outDir = join(tmp, `out-${n}`);
      await killAfter(killAt, paths, ["--out-dir", outDir]);
      const journaled = [...latest(journalRecords(paths.journal)).keys()].sort();
      expect(journaled.length).toBeGreaterThanOrEqual(killAt);
      expect(journalLines(paths.journal)[0]).toMatchObject({ command: "exec" });
      expect(journaled.length).toBeLessThan(allPairs().length);
      // What the journal holds really ran (once) before the kill.
      expect(journaled.every((p) => ran(paths.counter, "first").includes(p))).toBe(true);
      expect(statSync(paths.journal).mode & 0o777).toBe(0o600);

      const r = await runCli(
        [
          "exec",
          ...runFlags,
          "--resume",
          paths.journal,
          "-o",
          "ndjson",
          "--out-dir",
          outDir,
          ...command(paths.counter),
        ],
        { env: env("resume") },
      );
      expect(r.stderr).toContain(`resuming the job of ${paths.journal}`);
      expect(r.code).toBe(0);
      // The resume ran exactly the pairs the journal lacked, each once.
      expect(ran(paths.counter, "resume")).toEqual(
        allPairs().filter((p) => !journaled.includes(p)),
      );
      // stdout covers the whole job: the journaled records first, then the new ones.
      const printed = r.stdout
        .trimEnd()
        .split("\n")
        .map((l) => JSON.parse(l) as Line);
      expect(printed.map(pairOf).sort()).toEqual(allPairs());
      expect(printed.slice(0, journaled.length).map(pairOf).sort()).toEqual(journaled);
      expect(printed.every((l) => l.List === "Results")).toBe(true);
      expectWholeJob(paths.journal);
      // --out-dir and --journal together: a file per pair, from one run or the other.
      for (const pair of allPairs()) {
        const [id, region] = pair.split(" ") as [string, string];
        expect(existsSync(join(outDir, id, `${region}.json`))).toBe(true);
      }
    },
    120_000,
  );

  it("tolerates a torn last line: the cut record's pair runs again and the journal is whole after", async () => {
    const paths = files();
    await killAfter(4, paths);
    const before = [...latest(journalRecords(paths.journal)).keys()];
    // A record cut in the middle, as a kill during its write would leave it.
    const [id, region] = allPairs()
      .find((p) => !before.includes(p))!
      .split(" ") as [string, string];
    const whole = JSON.stringify({ List: "Results", Id: id, Region: region, Result: "x" });
    appendFileSync(paths.journal, whole.slice(0, 30));
    const r = await runCli(
      ["exec", ...runFlags, "--resume", paths.journal, "-o", "json", ...command(paths.counter)],
      { env: env("resume") },
    );
    expect(r.code).toBe(0);
    expect(ran(paths.counter, "resume")).toContain(`${id} ${region}`);
    expect(ran(paths.counter, "resume")).toEqual(allPairs().filter((p) => !before.includes(p)));
    const out = JSON.parse(r.stdout) as { Results: Line[] };
    expect(out.Results.map(pairOf).sort()).toEqual(allPairs());
    // The torn piece is gone: every line of the journal parses.
    expect(journalLines(paths.journal)).not.toContain(null);
    expectWholeJob(paths.journal);
  }, 120_000);

  it("resuming a finished job runs nothing and prints every pair's record", async () => {
    const paths = files();
    const first = await runCli(
      ["exec", ...runFlags, "--journal", paths.journal, "-o", "json", ...command(paths.counter)],
      { env: env("first") },
    );
    expect(first.code).toBe(0);
    const bytes = readFileSync(paths.journal);
    aws.proxy.clear();
    const r = await runCli(
      ["exec", ...runFlags, "--resume", paths.journal, "-o", "csv", ...command(paths.counter)],
      { env: env("resume") },
    );
    expect(r.code).toBe(0);
    expect(ran(paths.counter, "resume")).toEqual([]);
    expect(aws.proxy.count("sts:AssumeRole")).toBe(0);
    expect(r.stdout.trimEnd().split("\n")).toHaveLength(1 + allPairs().length);
    // Nothing new: the journal is as it was.
    expect(readFileSync(paths.journal).equals(bytes)).toBe(true);
  }, 120_000);
});

describe("--retry-failed", () => {
  it("re-runs only the pairs whose latest record failed; without it failures stand", async () => {
    const paths = files();
    const failing = members().slice(0, 2);
    const failedPairs = allPairs().filter((p) => failing.includes(p.split(" ")[0]!));
    const first = await runCli(
      ["exec", ...runFlags, "--journal", paths.journal, "-o", "json", ...command(paths.counter)],
      { env: env("first", failing) },
    );
    expect(first.code).toBe(1);

    const again = await runCli(
      ["exec", ...runFlags, "--resume", paths.journal, "-o", "json", ...command(paths.counter)],
      { env: env("plain") },
    );
    expect(again.code).toBe(1);
    expect(ran(paths.counter, "plain")).toEqual([]);
    expect(again.stderr).toContain("--retry-failed runs them again");
    const stood = JSON.parse(again.stdout) as { Results: Line[]; Exceptions: Line[] };
    expect(stood.Exceptions.map(pairOf).sort()).toEqual(failedPairs);
    expect(stood.Results).toHaveLength(allPairs().length - failedPairs.length);

    const retry = await runCli(retryFailedArgs(paths), { env: env("retry") });
    expect(retry.code).toBe(0);
    expect(ran(paths.counter, "retry")).toEqual(failedPairs);
    const out = JSON.parse(retry.stdout) as { Results: Line[]; Exceptions: Line[] };
    expect(out.Exceptions).toEqual([]);
    expect(out.Results.map(pairOf).sort()).toEqual(allPairs());
    const records = journalRecords(paths.journal);
    expect(records).toHaveLength(allPairs().length + failedPairs.length);
    expect([...latest(records).values()].every((r) => r.List === "Results")).toBe(true);
  }, 120_000);

  it("failures being retried that get no new record still stand in the output (here: a target left out)", async () => {
    const paths = files();
    const [bad, good] = members() as [string, string];
    const targets = ["-t", `${bad},${good}`];
    const first = await runCli(
      [
        "exec",
        ...runFlags,
        ...targets,
        "--journal",
        paths.journal,
        "-o",
        "json",
        ...command(paths.counter),
      ],
      { env: env("first", [bad]) },
    );
    expect(first.code).toBe(1);
    // The selection may change between runs: now only `good` is targeted.
    const r = await runCli(retryFailedArgs(paths, ["-t", good]), { env: env("retry") });
    expect(ran(paths.counter, "retry")).toEqual([]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { Results: Line[]; Exceptions: Line[] };
    expect(out.Exceptions.map(pairOf).sort()).toEqual(REGIONS.map((g) => `${bad} ${g}`));
    expect(out.Results.map(pairOf).sort()).toEqual(REGIONS.map((g) => `${good} ${g}`));
  }, 120_000);

  it("is a usage error without --resume", async () => {
    const paths = files();
    const r = await runCli(["exec", "--retry-failed", ...command(paths.counter)], {
      env: env("x"),
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--retry-failed goes with --resume/);
  });
});

describe("a journal of another job", () => {
  it("is refused with exit 2 naming what differs, before any AWS call; the journal is untouched", async () => {
    const paths = files();
    const [one] = members() as [string];
    const first = await runCli(
      [
        "exec",
        "-t",
        one,
        "--yes",
        "--journal",
        paths.journal,
        "-o",
        "json",
        ...command(paths.counter),
      ],
      { env: env("first") },
    );
    expect(first.code).toBe(0);
    const bytes = readFileSync(paths.journal);
    const { mtimeMs } = statSync(paths.journal);
    const cases: [string[], RegExp][] = [
      [["--", "sh", "-c", "echo other", paths.counter], /the arguments: the journal's is/],
      [["--role", "Auditor", ...command(paths.counter)], /the role: the journal's is "Organizat/],
    ];
    for (const [args, differs] of cases) {
      aws.proxy.clear();
      const r = await runCli(["exec", "--yes", "--resume", paths.journal, ...args], {
        env: env("other"),
      });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/is the journal of another job/);
      expect(r.stderr).toMatch(differs);
      expect(aws.proxy.requests).toHaveLength(0);
      expect(readFileSync(paths.journal).equals(bytes)).toBe(true);
      expect(statSync(paths.journal).mtimeMs).toBe(mtimeMs);
    }
    expect(ran(paths.counter, "other")).toEqual([]);
    // `cove run` cannot resume an exec journal either.
    const module = join(tmp, "fn.mjs");
    writeFileSync(module, "export default (s) => s.accountId;\n");
    const run = await runCli(["run", module, "--yes", "--resume", paths.journal], {
      env: env("other"),
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/the cove command: the journal's is "exec", this job's is "run"/);
    expect(readFileSync(paths.journal).equals(bytes)).toBe(true);
  }, 120_000);

  it("a job that stops before any run (bad targets) leaves no journal behind", async () => {
    const paths = files();
    const r = await runCli(
      ["exec", "-t", "ou-abcd-12345678", "--journal", paths.journal, ...command(paths.counter)],
      { env: env("x") },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/TARGET_NOT_FOUND/);
    expect(existsSync(paths.journal)).toBe(false);
  });

  it("refuses --journal on an existing file, --resume of a symlink or of a damaged file", async () => {
    const paths = files();
    writeFileSync(paths.journal, "");
    const exists = await runCli(["exec", "--journal", paths.journal, ...command(paths.counter)], {
      env: env("x"),
    });
    expect(exists.code).toBe(2);
    expect(exists.stderr).toMatch(/exists already; to go on with that job: --resume/);
    const link = join(tmp, `link-${n}.ndjson`);
    symlinkSync(paths.journal, link);
    const linked = await runCli(["exec", "--resume", link, ...command(paths.counter)], {
      env: env("x"),
    });
    expect(linked.code).toBe(2);
    expect(linked.stderr).toMatch(/symbolic link/);
    writeFileSync(paths.journal, '{"command":"exec"}\n{not json\n{"List":"Results"}\n');
    const damaged = await runCli(["exec", "--resume", paths.journal, ...command(paths.counter)], {
      env: env("x"),
    });
    expect(damaged.code).toBe(2);
    expect(damaged.stderr).toMatch(/:2: not JSON.*not a journal cove can resume from/);
  });
});

describe("with cove run, --cache-ttl, and credentials in the output", () => {
  it("cove run: resumes the same module, export and arguments; refuses others", async () => {
    const paths = files();
    const module = join(tmp, `count-${n}.mjs`);
    writeFileSync(
      module,
      `import { appendFileSync } from "node:fs";
export const count = (session, counter) => {
  appendFileSync(counter, session.accountId + " " + session.region + " " + process.env.PHASE + "\\n");
  return "counted";
};
export const other = () => 0;
`,
    );
    const [a, b] = members() as [string, string];
    const run = (targets: string, journalFlag: string[], args: string[], phase: string) =>
      runCli(["run", module, "-t", targets, "--yes", "-o", "json", ...journalFlag, ...args], {
        env: env(phase),
      });
    const job = ["--export", "count", "--", paths.counter];
    expect((await run(a, ["--journal", paths.journal], job, "first")).code).toBe(0);
    const resumed = await run(`${a},${b}`, ["--resume", paths.journal], job, "resume");
    expect(resumed.code).toBe(0);
    expect(ran(paths.counter, "resume")).toEqual([`${b} eu-west-1`]);
    const out = JSON.parse(resumed.stdout) as { Results: Line[] };
    expect(out.Results.map(pairOf).sort()).toEqual([`${a} eu-west-1`, `${b} eu-west-1`]);
    const bytes = readFileSync(paths.journal);
    for (const [args, differs] of [
      [["--export", "count", "--", join(tmp, "elsewhere")], /the arguments/],
      [["--export", "other", "--", paths.counter], /the export: the journal's is "count"/],
    ] as const) {
      const r = await run(a, ["--resume", paths.journal], [...args], "other");
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(differs);
    }
    expect(readFileSync(paths.journal).equals(bytes)).toBe(true);
    expect(ran(paths.counter, "other")).toEqual([]);
  }, 120_000);

  it("--cache-ttl keeps working with --journal and --resume (the resume lists no account)", async () => {
    const paths = files();
    const cache = mkdtempSync(join(tmp, "cache-"));
    const cached = ["--cache-ttl", "600"];
    const cacheEnv = (phase: string) => ({ ...env(phase), COVE_CACHE_DIR: cache });
    // Stopped part-way in this process (Ctrl-C): what is checked is the resume's listing; a
    // killed binary's journal is the SIGKILL tests' above.
    const cli = startInProcess(
      ["exec", ...runFlags, ...cached, "--journal", paths.journal, ...command(paths.counter)],
      { env: cacheEnv("first") },
    );
    await waitFor(() => journalRecords(paths.journal).length >= 3, 60_000, "3 records");
    cli.signal("SIGINT");
    expect((await cli.done).code).toBe(130);
    const journaled = [...latest(journalRecords(paths.journal)).keys()];
    aws.proxy.clear();
    const r = await runCli(
      ["exec", ...runFlags, ...cached, "--resume", paths.journal, ...command(paths.counter)],
      { env: cacheEnv("resume") },
    );
    expect(r.code).toBe(0);
    expect(aws.proxy.requests.filter((q) => q.action.startsWith("organizations:"))).toEqual([]);
    expect(ran(paths.counter, "resume")).toEqual(allPairs().filter((p) => !journaled.includes(p)));
    expectWholeJob(paths.journal);
  }, 120_000);

  it("the journal holds no credential, even when the command prints its own", async () => {
    const paths = files();
    const leak = [
      "--",
      "sh",
      "-c",
      'echo "$AWS_SECRET_ACCESS_KEY $AWS_SESSION_TOKEN" | tee -a "$0"',
      paths.counter,
    ];
    const r = await runCli(["exec", "--yes", "--journal", paths.journal, "-o", "json", ...leak], {
      env: env("x"),
    });
    expect(r.code).toBe(0);
    const printed = readFileSync(paths.counter, "utf8")
      .split(/\s+/)
      .filter((k) => k.length >= 16);
    expect(printed.length).toBe(2 * members().length);
    const text = readFileSync(paths.journal, "utf8");
    for (const secret of printed) expect(text).not.toContain(secret);
    expect(text).toContain("[REDACTED]");
  }, 120_000);
});

/** Runs a command line in a shell (not blocking this process: its proxy must answer). */
function sh(
  line: string,
  shellEnv: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stderr: string }> {
  const child = spawn("sh", ["-c", line], { env: shellEnv, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.once("close", (code) => resolve({ code, stderr })));
}

/** The data block of a report page. */
function pageData(html: string): PageData {
  const json = /<script type="application\/json" id="cove-data">([^<]*)<\/script>/.exec(html)?.[1];
  if (json === undefined) throw new Error("no data block in the page");
  return JSON.parse(json) as PageData;
}

describe("Ctrl-C", () => {
  it("with --journal: exits 130 with the finished runs journaled and the exact command line to go on", async () => {
    const paths = files();
    const report = join(tmp, `report-${n}.html`);
    const args = ["exec", ...runFlags, "--journal", paths.journal, ...command(paths.counter)];
    const cli = startCli(args, { env: env("first") });
    await waitFor(() => journalRecords(paths.journal).length >= 3, 60_000, "3 records");
    cli.child.kill("SIGINT");
    const r = await cli.done;
    expect(r.code).toBe(130);
    const journaled = journalRecords(paths.journal);
    expect(journaled.length).toBeGreaterThanOrEqual(3);
    const hint = /to run the rest: (cove exec .*)$/m.exec(r.stderr)?.[1];
    expect(hint).toBe(
      `cove exec --resume ${paths.journal} --regions ${REGIONS.join(",")} --concurrency 3 --yes -- sh -c '${SCRIPT.replace(/'/g, `'\\''`)}' ${paths.counter}`,
    );
    // The hint, run as it is by a shell (with this cove), finishes the job.
    const line = hint!.replace(
      /^cove exec /,
      `"${process.execPath}" ${CLI} exec --report ${report} -o json `,
    );
    const shell = await sh(line, env("resume"));
    expect(shell.stderr).toMatch(/resuming the job/);
    expect(shell.code).toBe(0);
    expect(ran(paths.counter, "resume")).toEqual(
      allPairs().filter((p) => !journaled.map(pairOf).includes(p)),
    );
    expectWholeJob(paths.journal);
    // --report on a resume reads the whole job.
    const data = pageData(readFileSync(report, "utf8"));
    expect(data.cells.replace(/-/g, "")).toBe("R".repeat(allPairs().length));
  }, 120_000);

  it("without --journal, after some runs finished: says --journal FILE would have kept them", async () => {
    const paths = files();
    // In this process: a real SIGINT to the binary is the test above.
    const cli = startInProcess(["exec", ...runFlags, "-o", "ndjson", ...command(paths.counter)], {
      env: env("first"),
    });
    await cli.shows((out) => out.split("\n").length > 2, "stdout");
    cli.signal("SIGINT");
    const r = await cli.done;
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/runs? had finished; with --journal FILE they would have been kept/);
  }, 120_000);
});

describe("cove report of a journal", () => {
  /** Each account's OU group on a page, and the page's job rows. */
  const grouping = (page: string) => {
    const data = pageData(readFileSync(page, "utf8"));
    const { ids, groups } = data.accounts;
    return {
      byAccount: Object.fromEntries(ids.map((id, a) => [id, data.groups[groups[a] ?? -1]])),
      job: data.job,
    };
  };

  it("groups accounts by OU path as the live run's page does, and shows when the job resumed", async () => {
    const paths = files();
    const live = join(tmp, `live-${n}.html`);
    const fromJournal = join(tmp, `from-journal-${n}.html`);
    const job = ["exec", "--regions", "eu-west-1", "--yes", "-o", "json"];
    const runEnv = env("first");
    // A job journaled without --report, cut after its first 3 records (as if it was killed) …
    const first = await runCli([...job, "--journal", paths.journal, "--", "true"], { env: runEnv });
    expect(first.code).toBe(0);
    const lines = readFileSync(paths.journal, "utf8").split("\n");
    writeFileSync(paths.journal, `${lines.slice(0, 4).join("\n")}\n`);
    // … resumed with --report, then a page made from the journal.
    const resumed = await runCli(
      [...job, "--resume", paths.journal, "--report", live, "--", "true"],
      { env: runEnv },
    );
    expect(resumed.code).toBe(0);
    const made = await runCli(["report", paths.journal, "-o", fromJournal], { env: runEnv });
    expect(made.code).toBe(0);
    const expected = Object.fromEntries(
      members().map((id) => [id, aws.org.accounts.get(id)!.ouPath]),
    );
    expect(grouping(live).byAccount).toEqual(expected);
    expect(grouping(fromJournal).byAccount).toEqual(expected);
    // The resume's time is shown like the start's, not as a raw field.
    const rows = new Map(grouping(fromJournal).job);
    const time = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/;
    expect(rows.get("Started")).toMatch(time);
    expect(rows.get("Resumed")).toMatch(time);
    expect(rows.has("resumedAt")).toBe(false);
  });
});
