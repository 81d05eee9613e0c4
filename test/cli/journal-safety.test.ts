/**
 * A journal is untrusted input and one job's only record of what ran: records read back are
 * validated before use (never a path), one process at a time appends to it (a lock), it is
 * refused when others may write it, and no other output of the run may land on it.
 */
import { execFileSync } from "node:child_process";
import {
  appendFileSync,
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestAws } from "../support/env.js";
import { CLI_ORG, cliEnv, requireBuild, startCli, waitFor } from "./helpers.js";
import { runCli } from "./in-process.js";

const aws = useTestAws(CLI_ORG);
let tmp: string;
let n = 0;

beforeAll(() => {
  requireBuild();
  tmp = mkdtempSync(join(tmpdir(), "cove-cli-journal-safety-"));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const REGIONS = ["eu-west-1", "us-east-1"];
const members = () => [...aws.org.accounts.keys()].sort();

/** A fresh folder for one case, with its journal and counter paths. */
function place() {
  const dir = join(tmp, `case-${++n}`);
  mkdirSync(dir);
  return { dir, journal: join(dir, "job.ndjson"), counter: join(dir, "counter.txt") };
}

/**
 * The command: with GATE set, waits until that file exists (the test opens the gate once it
 * has checked what it wants while runs are in flight); then appends `account region` to the
 * counter file and prints `ok`.
 */
const SCRIPT =
  'while [ -n "$GATE" ] && [ ! -e "$GATE" ]; do sleep 0.05; done; ' +
  'echo "$AWS_ACCOUNT_ID $AWS_REGION" >> "$0"; echo ok';
const command = (counter: string) => ["--", "sh", "-c", SCRIPT, counter];
const runFlags = ["--regions", REGIONS.join(","), "--concurrency", "3", "--yes"];
const env = (gate?: string) => cliEnv(aws.proxy.url, { GATE: gate });

/** Runs a first, short job (one account) that leaves a journal to resume. */
async function firstJob(p: ReturnType<typeof place>): Promise<string> {
  const [one] = members() as [string];
  const r = await runCli(
    ["exec", ...runFlags, "-t", one, "--journal", p.journal, "-o", "json", ...command(p.counter)],
    { env: env() },
  );
  expect(r.code).toBe(0);
  aws.proxy.clear();
  return one;
}

/** `account region` of each record line of the journal. */
function journaledPairs(path: string): string[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.includes('"Id"'))
    .map((l) => {
      const r = JSON.parse(l) as { Id: string; Region: string };
      return `${r.Id} ${r.Region}`;
    });
}

describe("--resume of a hostile journal", () => {
  it("refuses an Id or a Region that is not one, naming file and line, before any AWS call; nothing is written outside --out-dir", async () => {
    for (const [field, value] of [
      ["Id", "../../x"],
      ["Region", "../../../escaped"],
    ] as const) {
      const p = place();
      const one = await firstJob(p);
      const hostile = { List: "Results", Id: one, Region: "eu-west-1", Result: "forged" };
      appendFileSync(p.journal, `${JSON.stringify({ ...hostile, [field]: value })}\n`);
      const bytes = readFileSync(p.journal);
      const outDir = join(p.dir, "a", "b", "out");
      const r = await runCli(
        ["exec", ...runFlags, "--resume", p.journal, "--out-dir", outDir, ...command(p.counter)],
        { env: env() },
      );
      expect(r.code).toBe(2);
      const line = 1 + journaledPairs(p.journal).length; // the hostile line is the last
      expect(r.stderr).toContain(`${p.journal}:${line}: ${field} is not a`);
      expect(r.stderr).toContain("[INVALID_RECORD]");
      expect(aws.proxy.requests).toHaveLength(0);
      // What the old code wrote: DIR/../../x/eu-west-1.json, DIR/<id>/../../../escaped.json.
      expect(existsSync(join(outDir, "../../x"))).toBe(false);
      expect(existsSync(join(outDir, one, "../../../escaped.json"))).toBe(false);
      expect(readdirSync(p.dir).sort()).toEqual(["counter.txt", "job.ndjson"]);
      expect(readFileSync(p.journal).equals(bytes)).toBe(true);
    }
  }, 120_000);
});

describe("one process per journal", () => {
  it("a second --resume of a journal in use exits 2 naming the holder; every pair runs once", async () => {
    const p = place();
    await firstJob(p);
    const gate = join(p.dir, "gate");
    const resume = [
      "exec",
      ...runFlags,
      "--resume",
      p.journal,
      "-o",
      "json",
      ...command(p.counter),
    ];
    const first = startCli(resume, { env: env(gate) });
    await first.shows("resuming the job", "stderr");
    const second = await runCli(resume, { env: env() });
    writeFileSync(gate, "");
    expect(second.code).toBe(2);
    const pid = first.child.pid!;
    expect(second.stderr).toMatch(
      new RegExp(
        `the journal .*job\\.ndjson is in use by another cove \\(pid ${pid} on host .+, since 20\\d\\d-`,
      ),
    );
    const r = await first.done;
    expect(r.code).toBe(0);
    // Each pair once in the journal (the old code ran them twice), the lock gone.
    const pairs = journaledPairs(p.journal);
    const all = members().flatMap((id) => REGIONS.map((g) => `${id} ${g}`));
    expect(pairs.sort()).toEqual(all.sort());
    expect(readFileSync(p.counter, "utf8").trimEnd().split("\n").sort()).toEqual(all.sort());
    expect(existsSync(`${p.journal}.lock`)).toBe(false);
    // And after it ended, the journal resumes again (nothing left to run).
    const again = await runCli(resume, { env: env() });
    expect(again.code).toBe(0);
  }, 120_000);

  it("--journal FILE takes the lock too, and Ctrl-C before the runs releases it", async () => {
    const p = place();
    const args = ["exec", ...runFlags, "--journal", p.journal, "-o", "json", ...command(p.counter)];
    const first = startCli(args, { env: env(join(p.dir, "never")) });
    await waitFor(() => existsSync(p.journal), 60_000, "the journal");
    const second = await runCli(
      ["exec", ...runFlags, "--resume", p.journal, ...command(p.counter)],
      {
        env: env(),
      },
    );
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/is in use by another cove \(pid \d+ on host/);
    first.child.kill("SIGINT");
    expect((await first.done).code).toBe(130);
    expect(existsSync(`${p.journal}.lock`)).toBe(false);
  }, 120_000);
});

describe("files that would overwrite one another", () => {
  it("--journal X --report X is refused before anything runs; X is not created", async () => {
    const p = place();
    const r = await runCli(
      ["exec", ...runFlags, "--journal", p.journal, "--report", p.journal, ...command(p.counter)],
      { env: env() },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /--journal .*job\.ndjson and --report .*job\.ndjson are the same file/,
    );
    expect(aws.proxy.requests).toHaveLength(0);
    expect(existsSync(p.journal)).toBe(false);
  });

  it("stdout redirected to the journal being resumed is refused; the journal is unchanged", async () => {
    const p = place();
    await firstJob(p);
    const bytes = readFileSync(p.journal);
    const fd = openSync(p.journal, "a");
    try {
      const r = await startCli(
        ["exec", ...runFlags, "--resume", p.journal, "-o", "ndjson", ...command(p.counter)],
        { env: env(), stdout: fd },
      ).done;
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/stdout is redirected to .*job\.ndjson \(--resume\)/);
    } finally {
      closeSync(fd);
    }
    expect(aws.proxy.requests).toHaveLength(0);
    expect(readFileSync(p.journal).equals(bytes)).toBe(true);
  }, 120_000);
});

describe("a journal others could write", () => {
  it("a journal made 0666 is refused with the chmod that fixes it; after the chmod it resumes", async () => {
    const p = place();
    await firstJob(p);
    chmodSync(p.journal, 0o666);
    const bytes = readFileSync(p.journal);
    const resume = [
      "exec",
      ...runFlags,
      "--resume",
      p.journal,
      "-o",
      "json",
      ...command(p.counter),
    ];
    const r = await runCli(resume, { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`can be written by its group (mode 0666)`);
    expect(r.stderr).toContain(`fix it with: chmod 600 ${p.journal}`);
    expect(aws.proxy.requests).toHaveLength(0);
    expect(readFileSync(p.journal).equals(bytes)).toBe(true);
    chmodSync(p.journal, 0o602);
    expect((await runCli(resume, { env: env() })).stderr).toMatch(
      /written by other users \(mode 0602\)/,
    );
    execFileSync("sh", ["-c", r.stderr.split("fix it with: ")[1]!.trim()]);
    expect((await runCli(resume, { env: env() })).code).toBe(0);
  }, 120_000);

  it("a FIFO in place of the journal is refused at once, not waited on", async () => {
    const p = place();
    execFileSync("mkfifo", [p.journal]);
    const r = await runCli(["exec", ...runFlags, "--resume", p.journal, ...command(p.counter)], {
      env: env(),
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is not a regular file/);
  });
});
