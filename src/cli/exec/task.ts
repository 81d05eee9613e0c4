import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import { join } from "node:path";
import type { AwsCredentialIdentity } from "@smithy/types";
import type { CoveSession, SessionInformation } from "../../index.js";
import { UsageError } from "../errors.js";
import type { Secrets } from "../redact.js";
import { pipeOutput } from "./capture.js";
import { childEnv } from "./child-env.js";
import { CommandFailedError, fillPlaceholders, type ExecResult } from "./command.js";
import { killTree, type ChildTracker } from "./tracker.js";

/** How long an aborted command gets between SIGTERM and SIGKILL. */
const KILL_GRACE_MS = 3000;

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

/** The files `--out-dir` gets for one run's stdout and stderr. */
interface OutFiles {
  stdout: WriteStream;
  stderr: WriteStream;
}

/** How the command ended. */
interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  error?: Error;
}

/** Opens `DIR/<account>/<region>.stdout` and `.stderr` (with `--out-dir`). */
function openOutFiles(outDir: string | undefined, info: SessionInformation): OutFiles | undefined {
  if (outDir === undefined) return undefined;
  const dir = join(outDir, info.Id);
  mkdirSync(dir, { recursive: true });
  return {
    stdout: createWriteStream(join(dir, `${info.Region}.stdout`)),
    stderr: createWriteStream(join(dir, `${info.Region}.stderr`)),
  };
}

/**
 * Starts the command in its own process group with the role's credentials in its environment.
 * When spawn throws at once (an argument it refuses), the run's files are closed first.
 */
function spawnCommand(
  ctx: ExecContext,
  argv: string[],
  credentials: AwsCredentialIdentity,
  info: SessionInformation,
  files: OutFiles | undefined,
): ChildProcess {
  const [command, ...args] = argv;
  try {
    if (command === undefined) throw new UsageError("No command to run.");
    return spawn(command, args, {
      env: childEnv(ctx.env ?? process.env, credentials, info),
      stdio: ["ignore", "pipe", "pipe"],
      // Its own process group: cove decides when it stops (Ctrl-C, --fail-fast, timeouts)
      // and stops the whole tree.
      detached: true,
    });
  } catch (error) {
    files?.stdout.destroy();
    files?.stderr.destroy();
    throw error;
  }
}

/** SIGTERM to the command's tree when the run is aborted, SIGKILL after a grace period. */
function stopOnAbort(signal: AbortSignal, child: ChildProcess): () => void {
  let killTimer: NodeJS.Timeout | undefined;
  const onAbort = () => {
    killTree(child, "SIGTERM");
    killTimer = setTimeout(() => killTree(child, "SIGKILL"), KILL_GRACE_MS);
    killTimer.unref();
  };
  signal.addEventListener("abort", onAbort, { once: true });
  return () => {
    clearTimeout(killTimer);
    signal.removeEventListener("abort", onAbort);
  };
}

function exitOf(child: ChildProcess): Promise<Exit> {
  return new Promise((resolveExit) => {
    child.once("error", (error) => resolveExit({ code: null, signal: null, error }));
    child.once("exit", (code, signal) => resolveExit({ code, signal }));
  });
}

/** Waits for the command and its output streams; its record's Result, or the failure. */
async function outcome(
  ctx: ExecContext,
  child: ChildProcess,
  files: OutFiles | undefined,
): Promise<ExecResult> {
  const stdout = pipeOutput(child.stdout, ctx.secrets, files?.stdout);
  const stderr = pipeOutput(child.stderr, ctx.secrets, files?.stderr);
  const exited = exitOf(child);
  const closed = Promise.all([exited, stdout.done, stderr.done]).then(() => undefined);
  ctx.tracker.track(child, closed);
  const exit = await exited;
  await closed;
  if (exit.error) throw exit.error;
  const result = { stdout: stdout.capture.text(), stderr: stderr.capture.text() };
  if (exit.code === 0) return { exitCode: 0, ...result };
  throw new CommandFailedError(exit.code, exit.signal, result.stderr);
}

/**
 * The cove function of `cove exec`: runs the command once with the session's credentials in
 * its environment (never in argv) and resolves with its output, or throws
 * {@link CommandFailedError} when it exits non-zero.
 */
export function execTask(ctx: ExecContext): (session: CoveSession) => Promise<ExecResult> {
  return async (session) => {
    // The caller (drive) has added these credentials to the secrets before the run.
    const credentials = await session.credentials();
    session.signal.throwIfAborted();
    const info = session.sessionInformation;
    const argv = ctx.argv.map((a) => fillPlaceholders(a, info));
    const files = openOutFiles(ctx.outDir, info);
    const child = spawnCommand(ctx, argv, credentials, info, files);
    const release = stopOnAbort(session.signal, child);
    try {
      return await outcome(ctx, child, files);
    } finally {
      release();
    }
  };
}
