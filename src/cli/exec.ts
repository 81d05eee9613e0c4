import { spawn, type ChildProcess } from "node:child_process";
import { accessSync, constants, createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import { delimiter, isAbsolute, join, resolve } from "node:path";
import type { AwsCredentialIdentity } from "@smithy/types";
import type { CoveSession, SessionInformation } from "../index.js";
import { UsageError } from "./errors.js";
import { StreamScrubber, type Secrets } from "./redact.js";

/** What a successful command run becomes: the `Result` of its record. */
export interface ExecResult {
  exitCode: 0;
  stdout: string;
  stderr: string;
}

/** Most bytes of stdout and of stderr kept in a record (all of it goes to `--out-dir`). */
const MAX_CAPTURE = 1024 * 1024;
/** Characters of stderr kept in a failure. */
const STDERR_TAIL = 4096;
/** How long an aborted command gets between SIGTERM and SIGKILL. */
const KILL_GRACE_MS = 3000;

/** A command that exited non-zero or was killed: an Exception record. */
export class CommandFailedError extends Error {
  override readonly name = "CommandFailed";
  readonly code = "COMMAND_FAILED";
  /** The exit code, when the command exited by itself. */
  readonly exitCode: number | undefined;
  /** The signal that ended it, when it was killed. */
  readonly signal: string | undefined;
  /** The tail of its stderr. */
  readonly stderr: string;

  constructor(exitCode: number | null, signal: string | null, stderr: string) {
    const tail =
      stderr.length > STDERR_TAIL
        ? stderr.slice(stderr.indexOf("\n", stderr.length - STDERR_TAIL) + 1)
        : stderr;
    const lastLine = tail.trimEnd().split("\n").pop()?.trim();
    super(
      `${exitCode !== null ? `Command exited with code ${exitCode}` : `Command was killed by ${signal ?? "a signal"}`}${lastLine ? `: ${lastLine}` : ""}`,
    );
    this.exitCode = exitCode ?? undefined;
    this.signal = signal ?? undefined;
    this.stderr = tail;
  }
}

/** Replaces `{account}`, `{region}` and `{name}` in one argument. */
export function fillPlaceholders(
  arg: string,
  info: Pick<SessionInformation, "Id" | "Region" | "Name">,
): string {
  return arg.replace(/\{(account|region|name)\}/g, (_, key: string) =>
    key === "account" ? info.Id : key === "region" ? info.Region : (info.Name ?? ""),
  );
}

/** Variables of the caller's environment that would make a child ignore the assumed role. */
const DROPPED = [
  "AWS_PROFILE",
  "AWS_DEFAULT_PROFILE",
  "AWS_SECURITY_TOKEN",
  "AWS_SESSION_TOKEN",
  "AWS_CREDENTIAL_EXPIRATION",
];

/** The child's environment: the caller's, without its profile, with the assumed role's credentials. */
export function childEnv(
  base: NodeJS.ProcessEnv,
  credentials: AwsCredentialIdentity,
  info: Pick<SessionInformation, "Id" | "Region" | "Name">,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  for (const key of DROPPED) delete env[key];
  env.AWS_ACCESS_KEY_ID = credentials.accessKeyId;
  env.AWS_SECRET_ACCESS_KEY = credentials.secretAccessKey;
  if (credentials.sessionToken !== undefined) env.AWS_SESSION_TOKEN = credentials.sessionToken;
  if (credentials.expiration !== undefined)
    env.AWS_CREDENTIAL_EXPIRATION = credentials.expiration.toISOString();
  env.AWS_REGION = info.Region;
  env.AWS_DEFAULT_REGION = info.Region;
  env.AWS_ACCOUNT_ID = info.Id;
  env.COVE_ACCOUNT_NAME = info.Name ?? "";
  return env;
}

/** Fails with a usage error when a command without placeholders cannot be found or run. */
export function checkCommand(command: string, env: NodeJS.ProcessEnv = process.env): void {
  if (/\{(account|region|name)\}/.test(command)) return;
  const executable = (path: string) => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  if (command.includes("/")) {
    if (!executable(isAbsolute(command) ? command : resolve(command)))
      throw new UsageError(`Command not found or not executable: ${command}`);
    return;
  }
  const dirs = (env.PATH ?? "").split(delimiter).filter((d) => d !== "");
  if (!dirs.some((d) => executable(join(d, command))))
    throw new UsageError(`Command not found on PATH: ${command}`);
}

/**
 * Signals a command and everything it started: each command runs in its own process group,
 * so a shell's children stop with it.
 */
export function killTree(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is gone: everything in it has ended.
  }
}

/** The commands still running, so an interrupted run can stop them and wait for them. */
export class ChildTracker {
  readonly #live = new Map<ChildProcess, Promise<void>>();

  track(child: ChildProcess, closed: Promise<void>): void {
    this.#live.set(child, closed);
    void closed.finally(() => this.#live.delete(child));
  }

  get size(): number {
    return this.#live.size;
  }

  /** Sends a signal to every running command. */
  killAll(signal: NodeJS.Signals): void {
    for (const child of this.#live.keys()) killTree(child, signal);
  }

  /** Waits until every command has ended, killing the stragglers after `ms`. */
  async drain(ms: number): Promise<void> {
    if (this.#live.size === 0) return;
    const timer = setTimeout(() => this.killAll("SIGKILL"), ms);
    try {
      await Promise.all([...this.#live.values()]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Collects up to MAX_CAPTURE bytes. */
class Capture {
  readonly #chunks: Buffer[] = [];
  #size = 0;
  #dropped = 0;

  add(chunk: Buffer): void {
    const room = MAX_CAPTURE - this.#size;
    if (room <= 0) {
      this.#dropped += chunk.length;
      return;
    }
    const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
    this.#chunks.push(part);
    this.#size += part.length;
    this.#dropped += chunk.length - part.length;
  }

  text(): string {
    const text = Buffer.concat(this.#chunks).toString("utf8");
    return this.#dropped > 0
      ? `${text}\n[cove: ${this.#dropped} more bytes not kept here; use --out-dir for all of it]`
      : text;
  }
}

/** One output stream of a child: scrubbed, captured, and copied to a file with `--out-dir`. */
function pipeOutput(
  source: NodeJS.ReadableStream | null,
  secrets: Secrets,
  file: WriteStream | undefined,
): { capture: Capture; done: Promise<void> } {
  const capture = new Capture();
  const scrubber = new StreamScrubber(secrets);
  const emit = (bytes: Buffer) => {
    if (bytes.length === 0) return;
    capture.add(bytes);
    file?.write(bytes);
  };
  const done = new Promise<void>((resolveDone) => {
    if (!source) {
      file?.end(() => resolveDone());
      if (!file) resolveDone();
      return;
    }
    source.on("data", (chunk: Buffer) => emit(scrubber.push(chunk)));
    source.once("close", () => {
      emit(scrubber.end());
      if (file) file.end(() => resolveDone());
      else resolveDone();
    });
  });
  return { capture, done };
}

/** What an exec run needs besides the session. */
export interface ExecContext {
  /** CMD and ARGS as given (placeholders not yet filled). */
  argv: readonly string[];
  outDir?: string | undefined;
  secrets: Secrets;
  tracker: ChildTracker;
  /** The caller's environment. */
  env?: NodeJS.ProcessEnv;
}

/**
 * The cove function of `cove exec`: runs the command once with the session's credentials in
 * its environment (never in argv) and resolves with its output, or throws
 * {@link CommandFailedError} when it exits non-zero.
 */
export function execTask(ctx: ExecContext): (session: CoveSession) => Promise<ExecResult> {
  return async (session) => {
    const credentials = await session.credentials();
    ctx.secrets.add(credentials.secretAccessKey, credentials.sessionToken);
    session.signal.throwIfAborted();
    const info = session.sessionInformation;
    const [command, ...args] = ctx.argv.map((a) => fillPlaceholders(a, info));
    if (command === undefined) throw new UsageError("No command to run.");

    let files: { stdout: WriteStream; stderr: WriteStream } | undefined;
    if (ctx.outDir !== undefined) {
      const dir = join(ctx.outDir, info.Id);
      mkdirSync(dir, { recursive: true });
      files = {
        stdout: createWriteStream(join(dir, `${info.Region}.stdout`)),
        stderr: createWriteStream(join(dir, `${info.Region}.stderr`)),
      };
    }

    const child = spawn(command, args, {
      env: childEnv(ctx.env ?? process.env, credentials, info),
      stdio: ["ignore", "pipe", "pipe"],
      // Its own process group: cove decides when it stops (Ctrl-C, --fail-fast, timeouts)
      // and stops the whole tree.
      detached: true,
    });
    const stdout = pipeOutput(child.stdout, ctx.secrets, files?.stdout);
    const stderr = pipeOutput(child.stderr, ctx.secrets, files?.stderr);

    let killTimer: NodeJS.Timeout | undefined;
    const onAbort = () => {
      killTree(child, "SIGTERM");
      killTimer = setTimeout(() => killTree(child, "SIGKILL"), KILL_GRACE_MS);
      killTimer.unref();
    };
    session.signal.addEventListener("abort", onAbort, { once: true });

    const exited = new Promise<{
      code: number | null;
      signal: NodeJS.Signals | null;
      error?: Error;
    }>((resolveExit) => {
      child.once("error", (error) => resolveExit({ code: null, signal: null, error }));
      child.once("exit", (code, signal) => resolveExit({ code, signal }));
    });
    const closed = Promise.all([exited, stdout.done, stderr.done]).then(() => undefined);
    ctx.tracker.track(child, closed);
    try {
      const exit = await exited;
      await closed;
      if (exit.error) throw exit.error;
      const result = { stdout: stdout.capture.text(), stderr: stderr.capture.text() };
      if (exit.code === 0) return { exitCode: 0, ...result };
      throw new CommandFailedError(exit.code, exit.signal, result.stderr);
    } finally {
      clearTimeout(killTimer);
      session.signal.removeEventListener("abort", onAbort);
    }
  };
}

/** The table and CSV cell of an exec result: its stdout, without the final newline. */
export function execResultText(result: unknown): string {
  const r = result as Partial<ExecResult> | undefined;
  return typeof r?.stdout === "string" ? r.stdout.replace(/\r?\n$/, "") : "";
}
