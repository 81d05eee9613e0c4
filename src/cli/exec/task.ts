import type { ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import type { AwsCredentialIdentity } from "@smithy/types";
import type { CoveSession, SessionInformation } from "../../index.js";
import { UsageError } from "../errors.js";
import { outDirFile } from "../out-dir.js";
import type { Secrets } from "../redact.js";
import { pipeOutput } from "./capture.js";
import { childEnv } from "./child-env.js";
import { CommandFailedError, fillPlaceholders, stdoutValue, type ExecResult } from "./command.js";
import { KILL_GRACE_MS, spawnInGroup } from "./group.js";
import { OutFile, type OnFileError } from "./out-file.js";
import { killTree, type ChildTracker } from "./tracker.js";

/** What an exec run needs besides the session. */
export interface ExecContext {
  /** CMD and ARGS as given (placeholders not yet filled). */
  argv: readonly string[];
  outDir?: string | undefined;
  /** `--stdout-json`: keep a stdout that is one JSON document parsed in the record. */
  stdoutJson?: boolean;
  secrets: Secrets;
  tracker: ChildTracker;
  /** The caller's environment. */
  env?: NodeJS.ProcessEnv;
  /**
   * Where a file of `outDir` that cannot be opened or written is reported (the caller stops
   * the run); a run whose folder cannot be made also fails.
   */
  onFileError: OnFileError;
}

/** The files `--out-dir` gets for one run's stdout and stderr. */
interface OutFiles {
  stdout: OutFile;
  stderr: OutFile;
}

/** How the command ended. */
interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  error?: Error;
}

/** Opens `DIR/<account>/<region>.stdout` and `.stderr` (with `--out-dir`). */
function openOutFiles(ctx: ExecContext, info: SessionInformation): OutFiles | undefined {
  if (ctx.outDir === undefined) return undefined;
  let dir = join(ctx.outDir, info.Id);
  let paths: [string, string];
  try {
    paths = [
      outDirFile(ctx.outDir, info.Id, `${info.Region}.stdout`),
      outDirFile(ctx.outDir, info.Id, `${info.Region}.stderr`),
    ];
    dir = dirname(paths[0]);
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    ctx.onFileError(dir, error);
    throw error;
  }
  return {
    stdout: new OutFile(paths[0], ctx.onFileError),
    stderr: new OutFile(paths[1], ctx.onFileError),
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
    // Its own process group: cove decides when it stops (Ctrl-C, --fail-fast, timeouts, the
    // end of the run, cove's own end) and stops the whole tree.
    return spawnInGroup(command, args, childEnv(ctx.env ?? process.env, credentials, info));
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
  const errText = stderr.capture.text();
  if (exit.code !== 0) throw new CommandFailedError(exit.code, exit.signal, errText);
  const out = stdoutValue(stdout.capture.text(), ctx.stdoutJson === true);
  return { exitCode: 0, stdout: out, stderr: errText };
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
    const files = openOutFiles(ctx, info);
    const child = spawnCommand(ctx, argv, credentials, info, files);
    const release = stopOnAbort(session.signal, child);
    try {
      return await outcome(ctx, child, files);
    } finally {
      release();
    }
  };
}
