/**
 * What a run loads (issue 18, "slimmer start"): each part of botocove is imported only when the
 * run needs it. Every case runs the built package in a fresh `node` with
 * `scripts/module-log.mjs` preloaded, which records each module the process (and each worker
 * thread, on its own) loads: ES modules by a `load` hook, CommonJS files (most of the AWS SDK)
 * from the require cache. The cases run for real against moto, so the list is what a real run
 * loaded, and each asserts that the run did its work.
 *
 * `LAZY_IMPORTS_DIST=path/to/other/dist` runs the same cases on another build (e.g. of an
 * earlier commit) to see them fail there.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestAws } from "../support/env.js";
import { CLI_ORG, cliEnv, requireBuild, ROOT } from "../cli/helpers.js";

const DIST = resolve(process.env.LAZY_IMPORTS_DIST ?? join(ROOT, "dist"));
const HOOK = join(ROOT, "scripts/module-log.mjs");

const aws = useTestAws(CLI_ORG);
let dir: string;
let env: NodeJS.ProcessEnv;
let runs = 0;

/** What one process loaded: packages by name, botocove's own files relative to DIST. */
interface Loaded {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The main thread's packages (`@aws-sdk/client-sts`, `commander`) and files (`cli/main.js`). */
  main: Modules;
  /** Each worker thread's, in thread order. */
  workers: Modules[];
}

interface Modules {
  packages: Set<string>;
  files: Set<string>;
}

/** The packages and botocove files of one log. */
function modulesOf(path: string): Modules {
  const packages = new Set<string>();
  const files = new Set<string>();
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (!line.startsWith("file:")) continue;
    const file = fileURLToPath(line);
    const pkg = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file);
    if (pkg) packages.add(pkg[1]!);
    else if (file.startsWith(DIST + "/")) files.add(relative(DIST, file));
  }
  return { packages, files };
}

/** Runs `node <args>` with the module log, to its end. */
async function node(args: string[], extraEnv: Record<string, string> = {}): Promise<Loaded> {
  const log = join(dir, `modules-${++runs}.log`);
  const child = spawn(process.execPath, ["--import", pathToFileURL(HOOK).href, ...args], {
    cwd: dir,
    env: { ...env, ...extraEnv, MODULE_LOG: log },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((done, fail) => {
    child.once("error", fail);
    child.once("close", done);
  });
  const workers = readdirSync(dir)
    .filter((f) => f.startsWith(`modules-${runs}.log.`))
    .sort((a, b) => Number(a.split(".").pop()) - Number(b.split(".").pop()))
    .map((f) => modulesOf(join(dir, f)));
  return { code, stdout, stderr, main: modulesOf(log), workers };
}

/** Runs an ES module given as text (it may import `DIST_URL`, the built entry). */
function script(text: string): Promise<Loaded> {
  const path = join(dir, `script-${runs + 1}.mjs`);
  writeFileSync(path, text.replaceAll("DIST_URL", pathToFileURL(join(DIST, "index.js")).href));
  return node([path]);
}

/** Runs the built `cove`. */
function cove(args: string[]): Promise<Loaded> {
  return node([join(DIST, "cli/main.js"), ...args]);
}

const ec2 = "@aws-sdk/client-ec2";
const sso = ["@aws-sdk/client-sso", "@aws-sdk/token-providers"];
/** The CLI's report: its page, model and writer. */
const REPORT = ["cli/report/hook.js", "cli/report/html.js", "cli/report/model.js"];
/** The CLI's journal: its file, lock and reader. */
const JOURNAL = [
  "cli/journal/journal.js",
  "cli/journal/file.js",
  "cli/journal/lock.js",
  "cli/journal/read.js",
];
/** The modules of the other commands than `run`. */
const OTHER_COMMANDS = [
  "cli/actions/exec.js",
  "cli/actions/demo.js",
  "cli/actions/merge.js",
  "cli/actions/diff.js",
  "cli/actions/targets.js",
  "cli/report/command.js",
  "demo/run.js",
  "cli/merge/scan.js",
  "cli/diff/render.js",
];
const prefixed = (files: Set<string>, prefix: string) =>
  [...files].filter((f) => f.startsWith(prefix));

beforeAll(() => {
  requireBuild();
  if (!existsSync(join(DIST, "index.js"))) throw new Error(`${DIST} has no index.js`);
  dir = mkdtempSync(join(tmpdir(), "cove-lazy-"));
  env = cliEnv(aws.proxy.url, { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" });
  writeFileSync(join(dir, "task.mjs"), "export default (session) => session.accountId;\n");
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const members = () => [...aws.org.accounts.keys()].sort();

/** A plain role run of the library over every member in one region; prints the counts. */
const PLAIN_RUN = `
import { cove } from "DIST_URL";
const out = await cove((s) => s.accountId, { regions: ["eu-west-1"], progress: false })();
console.log(JSON.stringify(out.Results.map((r) => r.Id).sort()));
`;
/** The plain run's process, started once for the tests that look at it (whichever asks first). */
let plain: Promise<Loaded> | undefined;
const plainRun = () => (plain ??= script(PLAIN_RUN));

describe("the library", () => {
  it("a plain role run loads STS and Organizations, not EC2, the CLI or commander", async () => {
    const run = await plainRun();
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual(members());
    // The log sees the SDK's CommonJS packages (the check below would see EC2's).
    expect(run.main.packages).toContain("@aws-sdk/client-sts");
    expect(run.main.packages).toContain("@aws-sdk/client-organizations");
    expect(run.main.packages).not.toContain(ec2);
    expect(run.main.packages).not.toContain("commander");
    expect(prefixed(run.main.files, "cli/")).toEqual([]);
    expect(prefixed(run.main.files, "demo/")).toEqual([]);
  });

  it("a plain role run loads no IAM Identity Center portal client or token provider", async () => {
    const run = await plainRun();
    expect(JSON.parse(run.stdout)).toEqual(members());
    for (const name of sso) expect(run.main.packages).not.toContain(name);
    expect(prefixed(run.main.files, "access/identity-center/")).toEqual([]);
    expect(run.main.files).toContain("access/organizations.js");
  });

  it('regions: "enabled" loads EC2 (DescribeRegions), when the run asks for it', async () => {
    const [account] = members();
    const run = await script(`
import { cove } from "DIST_URL";
const out = await cove((s) => s.region, { targetIds: ["${account}"], regions: ["enabled"], progress: false })();
console.log(JSON.stringify(out.Results.map((r) => r.Region)));
`);
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toContain("us-east-1");
    expect(run.main.packages).toContain(ec2);
  });

  it("a worker thread loads the session and the pool, not discovery, STS or the CLI", async () => {
    // The worker entry as the pool starts it (a file here, so the thread runs the module log
    // too): it imports the module, says it is ready, and ends when told to close.
    const run = await script(`
import { Worker } from "node:worker_threads";
const worker = new Worker(new URL("${pathToFileURL(join(DIST, "workers/worker.js")).href}"), {
  workerData: { module: new URL("./task.mjs", import.meta.url).href, exportName: "default" },
});
worker.on("message", (m) => {
  console.log(m.type);
  if (m.type === "ready") worker.postMessage({ type: "close" });
});
`);
    expect(run.stderr).toBe("");
    expect(run.stdout.trim()).toBe("ready");
    expect(run.workers).toHaveLength(1);
    const [worker] = run.workers as [Modules];
    expect(worker.files).toContain("workers/worker.js");
    expect(worker.files).toContain("run/session.js");
    // The log sees the worker's CommonJS packages (the pool's HTTP handler).
    expect(worker.packages).toContain("@smithy/node-http-handler");
    for (const prefix of ["discovery/", "access/", "credentials/", "cli/", "options/", "demo/"])
      expect(prefixed(worker.files, prefix)).toEqual([]);
    expect(worker.files).not.toContain("index.js");
    expect(worker.files).not.toContain("aws/hub.js");
    expect([...worker.packages].filter((p) => p.startsWith("@aws-sdk/"))).toEqual([]);
    expect(worker.packages).not.toContain("commander");
  });
});

describe("the cove command", () => {
  it("--version and run --help load commander and the flags, not the library or the SDK", async () => {
    for (const args of [["--version"], ["run", "--help"], ["report", "--help"]]) {
      const run = await cove(args);
      expect(run.code, args.join(" ")).toBe(0);
      expect(run.stdout).not.toBe("");
      expect(run.main.packages, args.join(" ")).toEqual(new Set(["commander"]));
      for (const prefix of ["run/", "discovery/", "credentials/", "aws/", "demo/", "diff/"])
        expect(prefixed(run.main.files, prefix), args.join(" ")).toEqual([]);
      expect(prefixed(run.main.files, "cli/actions/")).toEqual([]);
      for (const file of [...REPORT, ...JOURNAL]) expect(run.main.files).not.toContain(file);
    }
  });

  it("run without --report or --journal loads neither, nor the other commands", async () => {
    const run = await cove(["run", "task.mjs", "--workers", "1", "-o", "ndjson", "--yes"]);
    expect(run.code, run.stderr).toBe(0);
    const ids = run.stdout
      .trim()
      .split("\n")
      .map((l) => (JSON.parse(l) as { Id: string }).Id);
    expect(ids.sort()).toEqual(members());
    for (const file of [...REPORT, ...JOURNAL, ...OTHER_COMMANDS])
      expect(run.main.files).not.toContain(file);
    expect(run.main.packages).not.toContain(ec2);
    // The log sees the command's own module, loaded when it ran.
    expect(run.main.files).toContain("cli/actions/run.js");
  });

  it("run --report FILE --journal FILE loads the report and the journal; report loads no SDK", async () => {
    const run = await cove([
      "run",
      "task.mjs",
      "--workers",
      "1",
      "-o",
      "ndjson",
      "--yes",
      "--report",
      "run.html",
      "--journal",
      "run.journal.ndjson",
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(join(dir, "run.html"), "utf8")).toContain("<html");
    const journal = readFileSync(join(dir, "run.journal.ndjson"), "utf8").trim().split("\n");
    expect(journal).toHaveLength(members().length + 1); // the header, then one record each
    for (const file of [...REPORT, ...JOURNAL]) expect(run.main.files).toContain(file);

    // `cove report` of that journal reads records: neither the library nor the SDK.
    const report = await cove(["report", "run.journal.ndjson", "-o", "again.html", "-q"]);
    expect(report.code, report.stderr).toBe(0);
    expect(readFileSync(join(dir, "again.html"), "utf8")).toContain("<html");
    expect(report.main.files).toContain("cli/report/command.js");
    expect(report.main.packages).toEqual(new Set(["commander"]));
    for (const prefix of ["run/", "discovery/", "aws/"])
      expect(prefixed(report.main.files, prefix)).toEqual([]);
  });
});
