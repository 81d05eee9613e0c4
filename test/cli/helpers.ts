import { spawn, type ChildProcess } from "node:child_process";
import { EventEmitter } from "node:events";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { OuSpec } from "../../src/demo/org.js";
import { HUB_CREDENTIALS } from "../support/env.js";

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
/** The built `cove` binary (package.json `bin`). */
export const CLI = join(ROOT, "dist/cli/main.js");

/** The organization of the CLI tests: 7 ACTIVE members in nested OUs, one closed account. */
export const CLI_ORG: OuSpec = {
  name: "Root",
  accounts: 1,
  children: [
    { name: "Apps", accounts: 2, children: [{ name: "Prod", accounts: 2 }] },
    { name: "Sandbox", accounts: 2, closed: 1 },
  ],
};

/** Fails clearly when the package has not been built (`npm test` builds first). */
export function requireBuild(): void {
  if (!existsSync(CLI)) {
    throw new Error(
      `${CLI} is missing: run \`npm run build\` before these tests (\`npm test\` does).`,
    );
  }
}

/** A hermetic environment for the CLI: the test proxy, fake hub keys, no profile or config. */
export function cliEnv(
  endpoint: string,
  extra: Record<string, string | undefined> = {},
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("AWS_")) env[k] = v;
  Object.assign(env, {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: HUB_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: HUB_CREDENTIALS.secretAccessKey,
    AWS_REGION: "eu-west-1",
    AWS_CONFIG_FILE: "/nonexistent/cove-cli-test-config",
    AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/cove-cli-test-credentials",
    AWS_EC2_METADATA_DISABLED: "true",
  });
  // Tables are compared as text: no colour forced by the caller's shell.
  delete env.FORCE_COLOR;
  delete env.CLICOLOR_FORCE;
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** What a finished CLI process left. */
export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A running CLI process. */
export interface CliProcess {
  child: ChildProcess;
  /** stdout so far. */
  stdout(): string;
  stderr(): string;
  /**
   * Resolves when stderr (or stdout) holds `text` — or, given a function, when it holds for
   * the text — waiting on the process's output, not on time; rejects when the process ends
   * first.
   */
  shows(text: string | ((output: string) => boolean), stream?: "stdout" | "stderr"): Promise<void>;
  done: Promise<CliRun>;
}

/** How a CLI process is started. */
export interface StartOptions {
  env: NodeJS.ProcessEnv;
  cwd?: string;
  input?: string;
  /** A file descriptor to give the process as its stdout (default: a pipe read by the test). */
  stdout?: number;
  /** Another user to run it as (the test runs as root). */
  user?: { uid: number; gid: number };
}

/** Spawns `node <args…>` (by default the CLI) without waiting. */
export function startNode(args: string[], options: StartOptions): CliProcess {
  const child = spawn(process.execPath, args, {
    env: options.env,
    cwd: options.cwd ?? ROOT,
    stdio: ["pipe", options.stdout ?? "pipe", "pipe"],
    ...options.user,
  });
  let stdout = "";
  let stderr = "";
  const output = new EventEmitter();
  child.stdout?.on("data", (d: Buffer) => {
    stdout += d.toString();
    output.emit("data");
  });
  child.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString();
    output.emit("data");
  });
  if (options.input !== undefined) child.stdin?.end(options.input);
  else child.stdin?.end();
  const done = new Promise<CliRun>((resolveDone, reject) => {
    child.once("error", reject);
    child.once("close", (code, signal) => resolveDone({ code, signal, stdout, stderr }));
  });
  const shows: CliProcess["shows"] = (text, stream = "stderr") => {
    const holds = () => {
      const seen = stream === "stdout" ? stdout : stderr;
      return typeof text === "string" ? seen.includes(text) : text(seen);
    };
    return new Promise<void>((resolveShown, reject) => {
      const check = () => {
        if (!holds()) return;
        output.off("data", check);
        resolveShown();
      };
      output.on("data", check);
      check();
      void done.then(() => {
        output.off("data", check);
        if (!holds())
          reject(new Error(`cove ended before its ${stream} showed ${String(text)}:\n${stderr}`));
      }, reject);
    });
  };
  return { child, stdout: () => stdout, stderr: () => stderr, shows, done };
}

/** Starts `cove <args…>`. */
export function startCli(args: string[], options: StartOptions): CliProcess {
  return startNode([CLI, ...args], options);
}

/** Runs `cove <args…>` to the end. */
export function cove(args: string[], options: StartOptions): Promise<CliRun> {
  return startCli(args, options).done;
}

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, embedded newlines). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else if (c !== "\r") field += c;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Asserts a stderr is one line and carries no stack trace. */
export function oneLineNoStack(stderr: string): string {
  const lines = stderr.trimEnd().split("\n");
  if (lines.length !== 1)
    throw new Error(`expected one line on stderr, got ${lines.length}:\n${stderr}`);
  if (/\n\s+at |^\s+at /m.test(stderr)) throw new Error(`stack trace on stderr:\n${stderr}`);
  return lines[0] as string;
}

/**
 * Waits until `check` is true, or fails after `ms`: polls, for a state nothing tells of (a
 * file another process writes, the processes in /proc); for cove's own output use
 * {@link CliProcess.shows}.
 */
export async function waitFor(check: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * `cove exec` argv writing ndjson: `--concurrency n`, then the `options` given, then
 * `-- command…`.
 */
export function execNdjson(
  concurrency: number,
  command: string[],
  options: string[] = [],
): string[] {
  return [
    "exec",
    "--concurrency",
    String(concurrency),
    ...options,
    "-o",
    "ndjson",
    "--",
    ...command,
  ];
}
