import {
  cove,
  type CoveOptions,
  type CoveSession,
  type HubEvent,
  type SessionInformation,
} from "../../index.js";
import type { CommonFlags, Format } from "../common-flags.js";
import { debugText, errorLine, EXIT, isCoveError } from "../errors.js";
import { interruptedHint } from "../journal/hint.js";
import type { RunJournal } from "../journal/journal.js";
import { WriteFailures } from "../output/failures.js";
import type { ResultText } from "../output/run-table.js";
import { colourWanted } from "../output/colour.js";
import { RecordSink, type RecordTap } from "../output/sink.js";
import type { JobHeader } from "../job/header.js";
import { readsOuPaths } from "../job/ou-paths.js";
import type { RunReport } from "../report/hook.js";
import { count } from "../output/text.js";
import type { CliContext } from "../context.js";
import { canPrompt } from "../prompt.js";
import type { Secrets } from "../redact.js";
import { confirmRun } from "./confirm.js";
import { Interrupts } from "./interrupts.js";
import { RunProgress, stoppedLine } from "./progress.js";
import { RunsInFlight, StallWatch } from "./stall.js";

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
  /** The command's context: streams, environment, signals, the redacting writer. */
  ctx: CliContext;
  resultText?: ResultText;
  /** Stops what the runs started (exec: child processes) and waits for it. */
  settle?: () => Promise<void>;
  /** Kills what the runs started at once (a second Ctrl-C); resolves once it is gone. */
  kill?: () => Promise<void>;
  /** Where writes that fail are reported (shared with the task's own files); default: a new one. */
  failures?: WriteFailures;
  /** The job's header (what runs, the role or login, the hub): `--report` shows it. */
  header?: JobHeader;
  /** `--journal` / `--resume`: where each record is also appended, and what is left to run. */
  journal?: RunJournal | undefined;
  /** A sharded run: its job header with the shard manifest, the first line of `-o ndjson`. */
  manifest?: Record<string, unknown> | undefined;
  /**
   * The last line and exit code of runs that ended (instead of the count of failures, and 1
   * when some failed): `cove demo`, whose failures are deliberate.
   */
  summary?: (counts: RecordSink["counts"]) => { line: string; code: number };
}

/** Adds the run's current credentials (first, or refreshed since) to the secrets to redact. */
async function watchCredentials(session: CoveSession, secrets: Secrets): Promise<void> {
  const credentials = await session.credentials();
  secrets.add(credentials.secretAccessKey, credentials.sessionToken);
  secrets.refresh();
}

/**
 * The task as cove runs it: the assumed role's credentials are redacted before the run and
 * again after it (a refresh during the run); the runs in flight are known (to name those that
 * never finish); and with --fail-fast, what each run threw is remembered, since the stream ends
 * with the thrown value itself and the message names the run that threw it.
 */
export function watchedTask(spec: DriveSpec, inFlight: RunsInFlight) {
  const thrown = new Map<unknown, SessionInformation>();
  const task = async (session: CoveSession) => {
    const done = inFlight.start(session.sessionInformation);
    try {
      await watchCredentials(session, spec.ctx.secrets);
      return await spec.task(session);
    } catch (error) {
      if (spec.options.raiseException) thrown.set(error, { ...session.sessionInformation });
      throw error;
    } finally {
      done();
      await watchCredentials(session, spec.ctx.secrets).catch(() => undefined);
    }
  };
  return { task, thrown };
}

/** The sink of a run's records: stdout in the chosen format, `--out-dir`, and the taps. */
export function createSink(
  ctx: CliContext,
  settings: Pick<DriveSpec, "format" | "resultText"> & {
    outDir?: string | undefined;
    sort?: boolean | undefined;
  },
  taps: RecordTap[],
  failures?: WriteFailures,
): RecordSink {
  return new RecordSink({
    taps,
    ...(failures ? { failures } : {}),
    format: settings.format,
    outDir: settings.outDir,
    sort: settings.sort === true,
    writer: ctx.writer,
    stdout: ctx.stdout,
    width: ctx.stdout.columns,
    colour: colourWanted(ctx.stdout, ctx.env),
    ...(settings.resultText ? { resultText: settings.resultText } : {}),
  });
}

/**
 * Settles what the runs started, writes what is written at the end, sums up failures (or,
 * for a run a signal stopped, says `stopped`'s line: how many runs finished of how many).
 * Returns `code`, or the exit code of output that could not be written (unless a signal
 * stopped the run: its code stays).
 */
async function finish(
  spec: DriveSpec,
  sink: RecordSink,
  code: number,
  stopped?: () => string,
): Promise<number> {
  await spec.settle?.();
  const failures = sink.writeFailures;
  failures?.runsOver();
  await spec.journal?.end(sink);
  await sink.finish();
  const stdoutClosed = failures?.stdoutClosed === true;
  const summary = spec.summary?.(sink.counts);
  if (summary && (code === EXIT.OK || code === EXIT.FAILED)) {
    if (!spec.flags.quiet && !stdoutClosed) spec.ctx.writer.say(summary.line);
    code = summary.code;
  } else if (!spec.flags.quiet && stopped && !stdoutClosed) {
    spec.ctx.writer.say(stopped());
  } else if (!spec.flags.quiet && sink.failures > 0 && !stdoutClosed) {
    spec.ctx.writer.say(
      `cove: ${sink.failures} of ${count(sink.count, "run")} failed (Exceptions ${sink.counts.Exceptions}, FailedAssumeRole ${sink.counts.FailedAssumeRole}).`,
    );
  }
  const byOutput = failures?.exitCode;
  return byOutput !== undefined && (code === EXIT.OK || code === EXIT.FAILED) ? byOutput : code;
}

/** The one line (and with --debug the details) of what stopped a run part-way. */
function reportStop(spec: DriveSpec, error: unknown, info: SessionInformation | undefined): void {
  const line = spec.options.raiseException
    ? `cove: stopped at the first failure (--fail-fast)${info ? ` in ${info.Id} ${info.Region}` : ""}: ${errorLine(error)}`
    : `cove: error: ${errorLine(error)}`;
  spec.ctx.writer.say(line);
  if (spec.flags.debug) spec.ctx.writer.say(debugText(error));
}

/** Files the runs that never finished as Exceptions and says what to do about them. */
async function fileUnfinished(
  spec: DriveSpec,
  sink: RecordSink,
  inFlight: RunsInFlight,
): Promise<number> {
  const unfinished = inFlight.unfinishedRecords();
  for (const event of unfinished) await sink.add(event);
  await finish(spec, sink, EXIT.FAILED);
  spec.ctx.writer.say(
    `cove: ${count(unfinished.length, "run")} never finished: the function returned a promise that never settles ` +
      "(and nothing was left to wait for). Pass --task-timeout SECONDS to end such runs.",
  );
  return EXIT.FAILED;
}

/** What a run stopped by `error` exits with, after writing what finished. */
async function afterError(
  spec: DriveSpec,
  sink: RecordSink,
  error: unknown,
  state: RunWatch,
): Promise<number> {
  const aborted = isCoveError(error, "ABORTED");
  const interrupted = state.interrupts.exitCode;
  if (aborted && state.stall.stalled) return fileUnfinished(spec, sink, state.inFlight);
  const signal = state.interrupts.signal;
  if (aborted && interrupted !== undefined && signal !== undefined) {
    await finish(spec, sink, interrupted, () => stoppedLine(signal, sink, state.progress.total));
    const hint = interruptedHint(spec.journal, sink.count, [...spec.ctx.argv]);
    if (hint) spec.ctx.writer.say(hint);
    return interrupted;
  }
  // Output that could not be written stopped the run; its line was said then.
  if (aborted && sink.writeFailures?.exitCode !== undefined) return finish(spec, sink, EXIT.FAILED);
  if (isCoveError(error) && sink.count === 0 && !isCoveError(error, "TASK_TIMEOUT")) {
    spec.journal?.discardUnused();
    await spec.settle?.();
    throw error;
  }
  await finish(spec, sink, EXIT.FAILED);
  reportStop(spec, error, state.thrown.get(error));
  return EXIT.FAILED;
}

/** What a run in progress is watched by. */
interface RunWatch {
  stopper: AbortController;
  interrupts: Interrupts;
  stall: StallWatch;
  inFlight: RunsInFlight;
  thrown: Map<unknown, SessionInformation>;
  /** The bar, and the planned total for the line after a stop. */
  progress: RunProgress;
}

/**
 * The run's `onHub`: the options' own (the journal's hub check), then, before any role is
 * assumed, the journal starts (a new one is created with its header, the hub in it).
 */
function startJournalOnHub(spec: DriveSpec): Pick<CoveOptions, "onHub"> {
  const { journal } = spec;
  if (!journal) return {};
  const check = spec.options.onHub;
  return {
    onHub: async (hub: HubEvent) => {
      await check?.(hub);
      journal.start();
    },
  };
}

/** Runs `task` everywhere, writing each record as it ends; then finishes, however it ended. */
async function runAll(
  spec: DriveSpec,
  sink: RecordSink,
  task: (session: CoveSession) => unknown,
  watch: RunWatch,
  withOuPaths: boolean,
): Promise<number> {
  const { journal } = spec;
  try {
    if (spec.manifest) await sink.preamble(spec.manifest);
    sayResuming(spec);
    const run = cove(task, {
      ...spec.options,
      ...(journal?.skip ? { skip: journal.skip } : {}),
      ...startJournalOnHub(spec),
      signal: watch.stopper.signal,
      ...(withOuPaths ? { ouPaths: true } : {}),
      progress: watch.progress.update,
    });
    try {
      for await (const event of run.stream()) {
        // On a resume, the journaled records go first (not before an error that stops it all).
        await journal?.replay(sink);
        await sink.add(event);
      }
    } finally {
      watch.progress.end();
    }
    // The job's records that stand, counted before the exit code is known.
    await journal?.end(sink);
  } catch (error) {
    return await afterError(spec, sink, error, watch);
  } finally {
    watch.stall.dispose();
  }
  return finish(spec, sink, sink.failures > 0 ? EXIT.FAILED : EXIT.OK);
}

/** On a resume, says what the journal holds. */
function sayResuming(spec: DriveSpec): void {
  const text = spec.journal?.resumeText();
  if (text && !spec.flags.quiet) spec.ctx.writer.say(text);
}

/** `--report`'s tap (see {@link RunReport.start}); the report's code is loaded only when asked for. */
async function startReport(
  ...args: Parameters<typeof RunReport.start>
): Promise<RunReport | undefined> {
  const { report, reportBaseline } = args[0].flags;
  if (report === undefined && reportBaseline === undefined) return undefined;
  const { RunReport } = await import("../report/hook.js");
  return RunReport.start(...args);
}

/** Stops the run at the first output that cannot be written, stdout's included. */
function stopOnWriteFailure(
  ctx: CliContext,
  failures: WriteFailures,
  stopper: AbortController,
): () => void {
  const stop = () => stopper.abort(failures.signal.reason);
  failures.signal.addEventListener("abort", stop, { once: true });
  const unroute = ctx.routeStdoutErrors((error) => failures.stdout(error));
  return () => {
    unroute();
    failures.signal.removeEventListener("abort", stop);
  };
}

/**
 * Asks on a terminal (unless `--yes`), runs `task` in every target account × region,
 * writes each record as it ends, and returns the exit code. Errors before any run are
 * thrown (the caller exits 2); Ctrl-C (SIGTERM, SIGHUP) stops new runs, aborts in-flight
 * ones, writes what finished and returns 130 (143, 129) — a second one kills what the runs
 * started and exits at once, until everything has ended; runs whose function never settles
 * are filed as Exceptions; output that cannot be written (a closed stdout included) stops
 * the run too (exit 1, 141 for a closed stdout).
 */
export async function drive(spec: DriveSpec): Promise<number> {
  const { ctx } = spec;
  let { options } = spec;
  if (!spec.flags.yes && canPrompt(ctx)) {
    const note = spec.journal?.planNote();
    const asked = await confirmRun(note ? { ...spec, what: `${spec.what} ${note}` } : spec);
    if (typeof asked === "number") return asked;
    options = asked;
  }
  const stopper = new AbortController();
  const interrupts = new Interrupts(ctx, stopper, spec.kill);
  const stall = new StallWatch(
    ctx,
    () => stopper.abort(new Error("runs never settled")),
    () => {
      ctx.writer.say("cove: stopped: the run could not be ended.");
      ctx.exit(EXIT.FAILED);
    },
  );
  const inFlight = new RunsInFlight();
  const { task, thrown } = watchedTask(spec, inFlight);
  const report = await startReport(
    { ...spec, writer: ctx.writer, stdin: ctx.stdin },
    () => interrupts.signal,
  );
  const failures = spec.failures ?? new WriteFailures(ctx.writer);
  const taps = [...(report ? [report] : []), ...(spec.journal ? [spec.journal] : [])];
  const sink = createSink(
    ctx,
    { ...spec, outDir: spec.flags.outDir, sort: spec.flags.sort === true },
    taps,
    failures,
  );
  const unwatchWrites = stopOnWriteFailure(ctx, failures, stopper);
  const withOuPaths = readsOuPaths(
    { report: report !== undefined, journal: spec.journal !== undefined },
    options,
  );
  try {
    const progress = new RunProgress(ctx.stderr, spec.flags.quiet === true);
    const watch = { stopper, interrupts, stall, inFlight, thrown, progress };
    const code = await runAll({ ...spec, options }, sink, task, watch, withOuPaths);
    // A signal that came once the runs were over (while their end was written) wins too.
    return interrupts.exitCode ?? code;
  } finally {
    // Only now: a signal while the end is written and the commands end still stops them.
    interrupts.dispose();
    unwatchWrites();
  }
}
