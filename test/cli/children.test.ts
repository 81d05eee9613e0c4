import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestAws } from "../support/env.js";
import {
  CLI_ORG,
  cliEnv,
  execNdjson,
  requireBuild,
  startCli,
  waitFor,
  type CliProcess,
} from "./helpers.js";
import { startInProcess } from "./in-process.js";
import { markedProcesses, useMarks } from "./processes.js";

const aws = useTestAws(CLI_ORG);
let env: NodeJS.ProcessEnv;
let tmp: string;
const mark = useMarks();

beforeAll(() => {
  requireBuild();
  env = cliEnv(aws.proxy.url);
  tmp = mkdtempSync(join(tmpdir(), "cove-cli-children-"));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const members = () => [...aws.org.accounts.keys()].sort();
const files = (dir: string) => (existsSync(dir) ? readdirSync(dir) : []);
const marked = () => ({ env: { ...env, ...mark.env } });

/** The marked processes but cove itself: the commands and whatever they started. */
const commands = (cli: CliProcess) => markedProcesses(mark.value, cli.child.pid);

/** A background process that ignores SIGTERM and is ready (trap set) before its command ends. */
function stubbornBackground(ready: string): string {
  return (
    `(trap '' TERM; touch ${ready}; exec sleep 300) >/dev/null 2>&1 & ` +
    `while [ ! -e ${ready} ]; do sleep 0.05; done; echo started`
  );
}

describe("no command outlives cove", () => {
  it("SIGKILL of cove mid-run: every command (and what it started) ends within seconds", async () => {
    const cli = startCli(execNdjson(3, ["sh", "-c", "sleep 300 & wait"]), marked());
    // Three shells, each with its sleep (and cove's watcher beside them).
    await waitFor(() => commands(cli).length >= 6, 20_000, "three commands running");
    cli.child.kill("SIGKILL");
    await cli.done;
    await waitFor(() => markedProcesses(mark.value).length === 0, 15_000, "no command left");
  });

  it("a command's background process is stopped at the end of its run, before cove exits", async () => {
    const [one] = members() as [string];
    // In this process: checked when the command has returned, before the exit's kill.
    const cli = startInProcess(
      ["exec", "-t", one, "-o", "ndjson", "--", "sh", "-c", "(sleep 300 &) ; echo started"],
      marked(),
    );
    expect(await cli.returned).toBe(0);
    expect(markedProcesses(mark.value)).toEqual([]);
    const r = await cli.done;
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ Result: { stdout: "started\n" } });
    expect(markedProcesses(mark.value)).toEqual([]);
  });

  it("one that ignores SIGTERM is killed after the grace period, before cove exits", async () => {
    const [one] = members() as [string];
    const script = stubbornBackground(join(tmp, "stubborn-ready"));
    // In this process: checked when the command has returned, before the exit's kill.
    const cli = startInProcess(
      ["exec", "-t", one, "-o", "ndjson", "--", "sh", "-c", script],
      marked(),
    );
    expect(await cli.returned).toBe(0);
    expect(markedProcesses(mark.value)).toEqual([]);
    expect((await cli.done).code).toBe(0);
    expect(markedProcesses(mark.value)).toEqual([]);
  });

  it("a second Ctrl-C kills everything at once, also while cove waits for what a run left", async () => {
    const [one] = members() as [string];
    const script = stubbornBackground(join(tmp, "second-ctrl-c-ready"));
    const cli = startCli(["exec", "-t", one, "-o", "ndjson", "--", "sh", "-c", script], marked());
    // The run has ended (its record is out); cove waits for its stubborn background process.
    await cli.shows("\n", "stdout");
    expect(commands(cli).length).toBeGreaterThanOrEqual(1);
    cli.child.kill("SIGINT");
    await cli.shows("interrupted", "stderr");
    cli.child.kill("SIGINT");
    const r = await cli.done;
    expect(r.code).toBe(130);
    expect(r.stderr).toContain("cove: stopping now.");
    expect(markedProcesses(mark.value)).toEqual([]);
  });

  it("a second Ctrl-C kills commands that ignore SIGTERM at once", async () => {
    const cli = startCli(execNdjson(2, ["sh", "-c", "trap '' TERM; sleep 300 & wait"]), marked());
    await waitFor(() => commands(cli).length >= 4, 20_000, "two commands running");
    cli.child.kill("SIGINT");
    await cli.shows("interrupted", "stderr");
    cli.child.kill("SIGINT");
    const r = await cli.done;
    expect(r.code).toBe(130);
    expect(markedProcesses(mark.value)).toEqual([]);
  });

  it.each([
    ["SIGHUP", 129],
    ["SIGTERM", 143],
    ["SIGINT", 130],
  ] as const)("%s stops every command before cove exits %i", async (signal, code) => {
    const cli = startCli(execNdjson(3, ["sh", "-c", "sleep 300 & wait"]), marked());
    await waitFor(() => commands(cli).length >= 6, 20_000, "three commands running");
    cli.child.kill(signal);
    const r = await cli.done;
    expect(r.signal).toBeNull();
    expect(r.code).toBe(code);
    expect(markedProcesses(mark.value)).toEqual([]);
  });
});

describe("a closed stdout (cove … | head)", () => {
  it("stops the run: no new runs, every command stopped, at most one line on stderr, exit 141", async () => {
    const marks = join(tmp, "head-marks");
    mkdirSync(marks);
    const cli = startCli(
      execNdjson(2, ["sh", "-c", `touch ${marks}/$AWS_ACCOUNT_ID; sleep 0.7; echo ok`]),
      marked(),
    );
    // `head -n 1`: read the first record, then close the pipe.
    await cli.shows("\n", "stdout");
    cli.child.stdout?.destroy();
    const r = await cli.done;
    expect(r.code).toBe(141);
    const lines = r.stderr.split("\n").filter((l) => l !== "");
    expect(lines.length).toBeLessThanOrEqual(1);
    for (const line of lines) expect(line).toMatch(/^cove: stdout was closed/);
    expect(files(marks).length).toBeLessThan(members().length);
    expect(markedProcesses(mark.value)).toEqual([]);
  });

  it("ends cove demo and its moto_server too", async () => {
    const plain: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("AWS_")) plain[k] = v;
    const cli = startCli(["demo", "-o", "ndjson", "-q"], { env: { ...plain, ...mark.env } });
    await cli.shows("\n", "stdout");
    cli.child.stdout?.destroy();
    const r = await cli.done;
    expect(r.code).toBe(141);
    // moto_server got SIGTERM as cove exited; a Python server takes a moment to end.
    await waitFor(() => markedProcesses(mark.value).length === 0, 10_000, "no moto_server left");
  });
});
