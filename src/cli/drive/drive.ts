import { inspect } from "node:util";
import {
  cove,
  CoveError,
  type CoveOptions,
  type CoveSession,
  type SessionInformation,
} from "../../index.js";
import type { CommonFlags, Format } from "../common-flags.js";
import { errorLine, EXIT } from "../errors.js";
import type { ResultText } from "../output/run-table.js";
import { RecordSink } from "../output/sink.js";
import { count } from "../output/text.js";
import { canPrompt } from "../prompt.js";
import type { Secrets } from "../redact.js";
import { say } from "../say.js";
import { confirmRun } from "./confirm.js";
import { Interrupts } from "./interrupts.js";

/** One `cove exec` or `cove run`. */
export interface DriveSpec {
  /** `exec` or `run`, for messages. */
  command: string;
  /** What will run, for the confirmation prompt (e.g. the command line). */
  what: string;
  task: (session: CoveSession) => unknown;
  options: CoveOptions;
  flags: CommonFlags;
  format: Format;
  secrets: Secrets;
  resultText?: ResultText;
  /** Stops what the runs started (exec: child processes) and waits for it. */
  settle?: () => Promise<void>;
  /** Kills what the runs started at once (a second Ctrl-C). */
  kill?: () => void;
}

/**
 * The task, remembering what each run threw: with --fail-fast the stream ends with the
 * thrown value itself, and the message names the run that threw it.
 */
function rememberingThrows(spec: DriveSpec) {
  const thrown = new Map<unknown, SessionInformation>();
  const task = async (session: CoveSession) => {
    try {
      return await spec.task(session);
    } catch (error) {
      if (spec.options.raiseException) thrown.set(error, { ...session.sessionInformation });
      throw error;
    }
  };
  return { task, thrown };
}

function createSink(spec: DriveSpec): RecordSink {
  return new RecordSink({
    format: spec.format,
    outDir: spec.flags.outDir,
    secrets: spec.secrets,
    stdout: process.stdout,
    width: process.stdout.columns,
    ...(spec.resultText ? { resultText: spec.resultText } : {}),
  });
}

/** Settles what the runs started, writes what is written at the end, sums up failures. */
async function finish(spec: DriveSpec, sink: RecordSink, code: number): Promise<number> {
  await spec.settle?.();
  await sink.finish();
  if (!spec.flags.quiet && sink.failures > 0) {
    say(
      spec.secrets,
      `cove: ${sink.failures} of ${count(sink.count, "run")} failed (Exceptions ${sink.counts.Exceptions}, FailedAssumeRole ${sink.counts.FailedAssumeRole}).`,
    );
  }
  return code;
}

/** The one line (and with --debug the details) of what stopped a run part-way. */
function reportStop(spec: DriveSpec, error: unknown, info: SessionInformation | undefined): void {
  const line = spec.options.raiseException
    ? `cove: stopped at the first failure (--fail-fast)${info ? ` in ${info.Id} ${info.Region}` : ""}: ${errorLine(error)}`
    : `cove: error: ${errorLine(error)}`;
  say(spec.secrets, line);
  if (spec.flags.debug) say(spec.secrets, inspect(error, { depth: 6 }));
}

/**
 * Asks on a terminal (unless `--yes`), runs `task` in every target account × region,
 * writes each record as it ends, and returns the exit code. Errors before any run are
 * thrown (the caller exits 2); Ctrl-C stops new runs, aborts in-flight ones, writes what
 * finished and returns 130.
 */
export async function drive(spec: DriveSpec): Promise<number> {
  if (!spec.flags.yes && canPrompt()) {
    const declined = await confirmRun(spec);
    if (declined !== undefined) return declined;
  }
  const interrupts = new Interrupts(spec.secrets, spec.kill);
  const { task, thrown } = rememberingThrows(spec);
  const sink = createSink(spec);
  try {
    const run = cove(task, {
      ...spec.options,
      signal: interrupts.signal,
      ...(spec.flags.quiet ? { progress: false } : {}),
    });
    for await (const event of run.stream()) await sink.add(event);
  } catch (error) {
    const interrupted = interrupts.exitCode;
    if (interrupted !== undefined && error instanceof CoveError && error.code === "ABORTED")
      return finish(spec, sink, interrupted);
    if (error instanceof CoveError && sink.count === 0 && error.code !== "TASK_TIMEOUT") {
      await spec.settle?.();
      throw error;
    }
    await finish(spec, sink, EXIT.FAILED);
    reportStop(spec, error, thrown.get(error));
    return EXIT.FAILED;
  } finally {
    interrupts.dispose();
  }
  return finish(spec, sink, sink.failures > 0 ? EXIT.FAILED : EXIT.OK);
}
