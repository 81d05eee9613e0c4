import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HUB_CREDENTIALS, useTestAws } from "../support/env.js";
import {
  CLI_ORG,
  cliEnv,
  cove,
  execNdjson,
  oneLineNoStack,
  requireBuild,
  type CliRun,
  type StartOptions,
} from "./helpers.js";
import { runCli } from "./in-process.js";
import { markedProcesses, useMarks } from "./processes.js";

const aws = useTestAws(CLI_ORG);
let env: NodeJS.ProcessEnv;
let tmp: string;
const mark = useMarks();

beforeAll(() => {
  env = cliEnv(aws.proxy.url);
  tmp = mkdtempSync(join(tmpdir(), "cove-cli-writes-"));
  // Readable by the user a test may run cove as.
  chmodSync(tmp, 0o755);
  // Each run takes a moment, so that the first record is written while later runs wait.
  writeFileSync(
    join(tmp, "slow.mjs"),
    `export default async (session) => { await new Promise((r) => setTimeout(r, 300)); return "ok " + session.accountId; };\n`,
    { mode: 0o644 },
  );
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const members = () => [...aws.org.accounts.keys()].sort();
const marked = () => ({ env: { ...env, ...mark.env } });
const records = (r: CliRun) =>
  r.stdout
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as { List: string; Id: string; Region: string; Result?: unknown });
const files = (dir: string) => (existsSync(dir) ? readdirSync(dir) : []);

/** A fresh folder for `--out-dir`, with `prepare` called for each member's own folder. */
function outDir(name: string, prepare: (accountDir: string) => void): string {
  const dir = join(tmp, name);
  mkdirSync(dir, { mode: 0o755 });
  for (const id of members()) prepare(join(dir, id));
  return dir;
}

/** Asserts the one line cove says, without a stack or an unhandled error, and returns it. */
function errorLineOf(r: CliRun): string {
  expect(r.stderr).not.toMatch(/Unhandled|node:events|\n\s+at /);
  return oneLineNoStack(r.stderr);
}

describe("output that cannot be written", () => {
  it("a record file that cannot be written: one line naming it, the records written so far kept, no new runs, exit 1", async () => {
    // Every account's record file has a folder (not empty) in its place: the first record to
    // end cannot be written. (A link to /dev/full no longer fails it: the file, written
    // atomically, replaces the link instead of writing through it.)
    const dir = outDir("full-records", (d) => {
      mkdirSync(join(d, "eu-west-1.json", "in-the-way"), { recursive: true });
    });
    const r = await runCli(
      [
        "run",
        join(tmp, "slow.mjs"),
        "--concurrency",
        "1",
        "--out-dir",
        dir,
        "--overwrite",
        "-o",
        "ndjson",
      ],
      { env },
    );
    expect(r.code).toBe(1);
    const line = errorLineOf(r);
    const written = records(r);
    // The record whose file failed is on stdout all the same; the runs stopped after it.
    expect(written.length).toBeGreaterThanOrEqual(1);
    expect(written.length).toBeLessThan(members().length);
    for (const rec of written) expect(rec.Result).toBe(`ok ${rec.Id}`);
    expect(line).toBe(
      `cove: error: could not write ${join(dir, written[0]!.Id, "eu-west-1.json")}: illegal operation on a directory (EISDIR); starting no new runs, stopping the runs in flight.`,
    );
  });

  it("exec: a link planted where a command's .stdout file goes is refused, not written through; the run and every command stop, without a crash", async () => {
    // A folder others could write, reused with --overwrite: a link at an account's .stdout
    // file once redirected the command's output into the link's target (here a victim file;
    // before, a link to /dev/full stood for a full disk).
    const victim = join(tmp, "victim-of-stdout-link");
    writeFileSync(victim, "the victim's own text\n");
    const dir = outDir("linked-stdout", (d) => {
      mkdirSync(d);
      symlinkSync(victim, join(d, "eu-west-1.stdout"));
    });
    const r = await runCli(
      execNdjson(
        3,
        [
          "sh",
          "-c",
          // More output than cove holds back while it looks for secrets split across chunks.
          "head -c 65536 /dev/zero | tr '\\0' x; exec sleep 60",
        ],
        ["--out-dir", dir, "--overwrite"],
      ),
      marked(),
    );
    expect(r.code).toBe(1);
    expect(errorLineOf(r)).toMatch(
      /^cove: error: could not write \S+\/\d{12}\/eu-west-1\.stdout: .*\(ELOOP\); starting no new runs/,
    );
    expect(readFileSync(victim, "utf8")).toBe("the victim's own text\n");
    // Every command was stopped before cove exited.
    expect(markedProcesses(mark.value)).toEqual([]);
  });

  it("exec: a file where an account's folder should be stops the run, naming the path", async () => {
    const dir = outDir("file-not-folder", (d) => writeFileSync(d, "in the way\n"));
    const r = await runCli(
      execNdjson(2, ["sleep", "60"], ["--out-dir", dir, "--overwrite"]),
      marked(),
    );
    expect(r.code).toBe(1);
    expect(errorLineOf(r)).toMatch(
      new RegExp(
        `^cove: error: could not write ${dir}/\\d{12}: file already exists \\(EEXIST\\); starting no new runs`,
      ),
    );
    expect(markedProcesses(mark.value)).toEqual([]);
    // Nothing was written over the files in the way.
    for (const id of members()) expect(existsSync(join(dir, id, "eu-west-1.json"))).toBe(false);
  });

  it("names the path without the secrets it holds", async () => {
    // An --out-dir below a file, whose path holds the hub's secret key.
    const blocker = join(tmp, "blocker");
    writeFileSync(blocker, "");
    const dir = join(blocker, HUB_CREDENTIALS.secretAccessKey);
    const r = await runCli(["exec", "--out-dir", dir, "-o", "ndjson", "--", "true"], { env });
    expect(r.code).toBe(1);
    const line = errorLineOf(r);
    expect(line).toMatch(
      /^cove: error: could not write \S+\/blocker\/\[REDACTED\]\/\d{12}: not a directory \(ENOTDIR\)/,
    );
    expect(r.stderr + r.stdout).not.toContain(HUB_CREDENTIALS.secretAccessKey);
  });

  it("stdout on a full disk: one line, no new runs, every command stopped, exit 1", async () => {
    const marks = join(tmp, "stdout-full-marks");
    mkdirSync(marks);
    const full = openSync("/dev/full", "w");
    let r: CliRun;
    try {
      // A stdout that fails is the real process's (a file descriptor): the built binary.
      requireBuild();
      r = await cove(
        execNdjson(2, [
          "sh",
          "-c",
          // The first run to start ends at once; the others would run for a minute.
          `touch ${marks}/$AWS_ACCOUNT_ID; mkdir ${marks}/.first 2>/dev/null && echo done || exec sleep 60`,
        ]),
        { ...marked(), stdout: full } satisfies StartOptions,
      );
    } finally {
      closeSync(full);
    }
    expect(r.code).toBe(1);
    expect(errorLineOf(r)).toBe(
      "cove: error: could not write to stdout: no space left on device (ENOSPC); starting no new runs, stopping the runs in flight.",
    );
    expect(files(marks).length).toBeLessThan(members().length);
    expect(markedProcesses(mark.value)).toEqual([]);
  });

  it("a folder cove may not write in: one line, the records on stdout, no new runs, exit 1", async () => {
    // As root every folder is writable: cove runs as nobody then.
    const asRoot = process.getuid?.() === 0;
    const dir = join(tmp, "read-only");
    mkdirSync(dir, { mode: 0o555 });
    chmodSync(dir, 0o555);
    // Another user is another process: the built binary.
    requireBuild();
    const r = await cove(
      ["run", join(tmp, "slow.mjs"), "--concurrency", "1", "--out-dir", dir, "-o", "ndjson"],
      { env, ...(asRoot ? { user: { uid: 65534, gid: 65534 } } : {}) },
    );
    expect(r.code).toBe(1);
    expect(errorLineOf(r)).toMatch(
      new RegExp(
        `^cove: error: could not write ${dir}/\\d{12}/eu-west-1\\.json: permission denied \\(EACCES\\); starting no new runs`,
      ),
    );
    const written = records(r);
    expect(written.length).toBeGreaterThanOrEqual(1);
    expect(written.length).toBeLessThan(members().length);
  });
});
