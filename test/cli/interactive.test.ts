import { spawn } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestAws } from "../support/env.js";
import { markedProcesses, useMarks } from "./processes.js";
import {
  CLI,
  CLI_ORG,
  cliEnv,
  requireBuild,
  ROOT,
  startCli,
  waitFor,
  type CliRun,
} from "./helpers.js";
import { runCli, startInProcess } from "./in-process.js";

const aws = useTestAws(CLI_ORG);
let env: NodeJS.ProcessEnv;
let tmp: string;

beforeAll(() => {
  requireBuild();
  env = cliEnv(aws.proxy.url);
  tmp = mkdtempSync(join(tmpdir(), "cove-cli-tty-"));
  writeFileSync(join(tmp, "mod.mjs"), `export default (session) => "from " + session.accountId;\n`);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const members = () => [...aws.org.accounts.keys()].sort();
const files = (d: string) => (existsSync(d) ? readdirSync(d) : []);
const sh = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
/**
 * A shell script (`sh -c script first …`: `$0` is `first`) whose first run (the one that
 * makes the folder `$0`) runs `body` and ends; every other run waits until it is killed:
 * Ctrl-C always finds one finished and the rest in flight.
 */
const firstEnds = (body: string) =>
  `if mkdir "$0" 2>/dev/null; then ${body}; else exec sleep 600; fi`;

/** Runs `cove …` under a pseudo-terminal (util-linux `script`), typing `answer` once the prompt shows. */
function underTty(
  args: string[],
  answer: string | undefined,
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<CliRun> {
  const command = [process.execPath, CLI, ...args].map(sh).join(" ");
  const child = spawn("script", ["-qfec", command, "/dev/null"], {
    env: { ...env, TERM: "dumb", ...extraEnv },
    cwd: ROOT,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  let typed = false;
  child.stdout.on("data", (d: Buffer) => {
    stdout += d.toString();
    if (answer !== undefined && !typed && stdout.includes("Continue? [y/N]")) {
      typed = true;
      child.stdin.write(answer);
    }
  });
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`cove under a pty did not finish; output so far:\n${stdout}\n${stderr}`));
    }, 30_000);
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

describe("Ctrl-C", () => {
  const mark = useMarks();

  it("stops new runs, kills the runs in flight, writes what finished and exits 130", async () => {
    const marks = join(tmp, "sigint-marks");
    const outDir = join(tmp, "sigint-out");
    mkdirSync(marks);
    // The first run ends; the others are in flight (two at a time) until Ctrl-C.
    const script = firstEnds(`: > "$1/$AWS_ACCOUNT_ID"; echo "done $AWS_ACCOUNT_ID"`);
    const cli = startCli(
      [
        "exec",
        "--concurrency",
        "2",
        "-o",
        "json",
        "--out-dir",
        outDir,
        "--",
        "sh",
        "-c",
        script,
        join(tmp, "sigint-first"),
        marks,
      ],
      { env: { ...env, ...mark.env } },
    );
    // Interrupt once the first record was written.
    await waitFor(
      () => files(outDir).some((id) => files(join(outDir, id)).some((f) => f.endsWith(".json"))),
      20_000,
      "a first record",
    );
    cli.child.kill("SIGINT");
    const r = await cli.done;
    expect(r.code).toBe(130);
    expect(r.stderr).toContain("interrupted");
    const out = JSON.parse(r.stdout) as {
      Results: { Id: string; Result: { stdout: string } }[];
      Exceptions: unknown[];
      FailedAssumeRole: unknown[];
    };
    expect(out.Results.length).toBeGreaterThanOrEqual(1);
    expect(out.Results.length).toBeLessThan(members().length);
    for (const rec of out.Results) expect(rec.Result.stdout).toBe(`done ${rec.Id}\n`);
    // Every finished record has its file; no record was written for a run that did not finish.
    const jsonFiles = files(outDir).flatMap((id) =>
      files(join(outDir, id))
        .filter((f) => f.endsWith(".json"))
        .map(() => id),
    );
    expect(jsonFiles.sort()).toEqual(out.Results.map((x) => x.Id).sort());
    // The runs in flight were killed: no command of the run is left to finish after cove exited.
    const finishedAtExit = files(marks).length;
    expect(markedProcesses(mark.value)).toEqual([]);
    expect(files(marks).length).toBe(finishedAtExit);
    expect(finishedAtExit).toBeLessThan(members().length);
  });

  it("writes the ndjson lines of the finished runs before exiting 130", async () => {
    const script = firstEnds(`echo ok`);
    // In this process (a real SIGINT to the binary is the test above).
    const cli = startInProcess(
      [
        "exec",
        "--concurrency",
        "1",
        "-o",
        "ndjson",
        "--",
        "sh",
        "-c",
        script,
        join(tmp, "ndjson-first"),
      ],
      { env },
    );
    await cli.shows("\n", "stdout");
    cli.signal("SIGINT");
    const r = await cli.done;
    expect(r.code).toBe(130);
    const lines = r.stdout
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as { List: string });
    expect(lines.length).toBeGreaterThanOrEqual(1);
    expect(lines.length).toBeLessThan(members().length);
    expect(lines.every((l) => l.List === "Results")).toBe(true);
  });
});

describe("confirmation prompt on a terminal", () => {
  it("says how many accounts × regions will run; answering n runs nothing and exits 1", async () => {
    const marks = join(tmp, "prompt-no");
    aws.proxy.clear();
    const r = await underTty(
      ["exec", "--regions", "eu-west-1,us-east-1", "--", "sh", "-c", 'mkdir -p "$0"', marks],
      "n\n",
    );
    expect(r.stdout).toContain(
      `in ${members().length} accounts × 2 regions (eu-west-1, us-east-1) = ${members().length * 2} runs`,
    );
    expect(r.stdout).toContain("cancelled; nothing ran");
    expect(r.code).toBe(1);
    expect(existsSync(marks)).toBe(false);
    expect(aws.proxy.count("sts:AssumeRole")).toBe(0);
  });

  it("answering y runs, with a table on the terminal", async () => {
    const [one] = members() as [string];
    const r = await underTty(
      ["exec", "-t", one, "--", "sh", "-c", 'echo "ran in $AWS_ACCOUNT_ID"'],
      "y\n",
    );
    expect(r.stdout).toContain("Continue? [y/N]");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Results (1)");
    expect(r.stdout).toContain(`ran in ${one}`);
  });

  it("--yes skips the question", async () => {
    const [one] = members() as [string];
    const r = await underTty(
      ["run", join(tmp, "mod.mjs"), "--yes", "-t", one, "-o", "json"],
      undefined,
    );
    expect(r.stdout).not.toContain("Continue?");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`"Result": "from ${one}"`);
  });

  it("is not asked when stdin is not a terminal", async () => {
    const [one] = members() as [string];
    const cli = startCli(["exec", "-t", one, "-o", "json", "--", "sh", "-c", "echo 1"], { env });
    const r = await cli.done;
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain("Continue?");
  });

  it("on a resume, says the journaled runs are left out; answering n leaves the journal as it was", async () => {
    const [one, two] = members() as [string, string];
    const journal = join(tmp, "prompt-resume.ndjson");
    const command = ["--", "sh", "-c", "echo 1"];
    const first = await runCli(
      ["exec", "-t", one, "--journal", journal, "-o", "json", ...command],
      { env },
    );
    expect(first.code).toBe(0);
    const before = readFileSync(journal);
    const r = await underTty(
      ["exec", "-t", `${one},${two}`, "--resume", journal, "-o", "json", ...command],
      "n\n",
    );
    expect(r.stdout).toContain(
      `(the rest of the job of ${journal}; left out: its 1 journaled run)`,
    );
    expect(r.stdout).toContain("cancelled; nothing ran");
    expect(r.code).toBe(1);
    expect(readFileSync(journal).equals(before)).toBe(true);
  });
});

describe("colours on a terminal", () => {
  /** One account succeeds, one fails with exit 3: a table with two lists, quiet on stderr. */
  const mixed = () => {
    const [ok, bad] = members() as [string, string];
    const script = `if [ "$AWS_ACCOUNT_ID" = "${bad}" ]; then echo "disk on fire" >&2; exit 3; fi; echo fine`;
    return ["exec", "--yes", "-q", "-t", `${ok},${bad}`, "--", "sh", "-c", script];
  };

  it("colours the table by outcome on a colour terminal", async () => {
    const r = await underTty(mixed(), undefined, { TERM: "xterm-256color" });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("\u001b[1m\u001b[32mResults\u001b[39m\u001b[22m (1)");
    expect(r.stdout).toContain("\u001b[1m\u001b[33mExceptions\u001b[39m\u001b[22m (1)");
    expect(r.stdout).toContain("\u001b[33mCOMMAND_FAILED exit 3: disk on fire\u001b[39m");
  });

  it("writes no colour with NO_COLOR set, on the same terminal", async () => {
    const r = await underTty(mixed(), undefined, { TERM: "xterm-256color", NO_COLOR: "1" });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("Exceptions (1)");
    expect(r.stdout).toContain("COMMAND_FAILED exit 3: disk on fire");
    for (const code of ["1", "2", "31", "32", "33"])
      expect(r.stdout).not.toContain(`\u001b[${code}m`);
  });
});
