import { inspect } from "node:util";
import {
  cove,
  CoveError,
  listTargets,
  type CoveOptions,
  type CoveSession,
  type SessionInformation,
} from "../index.js";
import type { CommonFlags, Format } from "./args.js";
import { errorLine, EXIT } from "./errors.js";
import { count, RecordSink, type ResultText } from "./output.js";
import { canPrompt, confirm } from "./prompt.js";
import type { Secrets } from "./redact.js";

/** Exit codes for the signals the CLI stops on. */
const SIGNAL_EXIT: Partial<Record<NodeJS.Signals, number>> = {
  SIGINT: EXIT.INTERRUPTED,
  SIGTERM: 143,
};

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

/** Writes a line to stderr (scrubbed). */
function say(secrets: Secrets, line: string): void {
  process.stderr.write(secrets.scrub(line) + "\n");
}

/**
 * Asks on a terminal (unless `--yes`), runs `task` in every target account × region,
 * writes each record as it ends, and returns the exit code. Errors before any run are
 * thrown (the caller exits 2); Ctrl-C stops new runs, aborts in-flight ones, writes what
 * finished and returns 130.
 */
export async function drive(spec: DriveSpec): Promise<number> {
  const { flags, secrets } = spec;
  if (!flags.yes && canPrompt()) {
    const plan = await listTargets(spec.options);
    const sso = spec.options.identityCenter?.roleName;
    const role = sso
      ? `permission set ${sso}`
      : `role ${spec.options.roleName ?? "OrganizationAccountAccessRole"}`;
    const where = plan.perAccountRegions
      ? "each account's own regions (found once its role is assumed)"
      : `${count(plan.regions.length, "region")} (${plan.regions.join(", ")}) = ` +
        count(plan.accounts.length * plan.regions.length, "run");
    const answer = await confirm(
      `cove ${spec.command} will run ${spec.what} in ${count(plan.accounts.length, "account")} × ${where}, ` +
        `as ${role}. Continue? [y/N] `,
    );
    if (answer !== "yes") {
      say(secrets, "cove: cancelled; nothing ran.");
      return answer === "interrupted" ? EXIT.INTERRUPTED : EXIT.FAILED;
    }
  }

  const controller = new AbortController();
  let stoppedBy: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stoppedBy) {
      say(secrets, "cove: stopping now.");
      spec.kill?.();
      process.exit(SIGNAL_EXIT[stoppedBy] ?? EXIT.INTERRUPTED);
    }
    stoppedBy = signal;
    say(
      secrets,
      `cove: ${signal === "SIGINT" ? "interrupted" : signal}; starting no new runs, stopping the runs in flight (again to quit at once)…`,
    );
    controller.abort(new Error(`cove was interrupted (${signal})`));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  // Remembers what a run threw, so --fail-fast can still write the run that stopped everything.
  const thrown = new Map<unknown, SessionInformation>();
  const task = async (session: CoveSession) => {
    try {
      return await spec.task(session);
    } catch (error) {
      if (spec.options.raiseException) thrown.set(error, { ...session.sessionInformation });
      throw error;
    }
  };

  const sink = new RecordSink({
    format: spec.format,
    outDir: flags.outDir,
    secrets,
    stdout: process.stdout,
    width: process.stdout.columns,
    ...(spec.resultText ? { resultText: spec.resultText } : {}),
  });
  const finish = async (code: number) => {
    await spec.settle?.();
    await sink.finish();
    if (!flags.quiet && sink.failures > 0) {
      say(
        secrets,
        `cove: ${sink.failures} of ${count(sink.count, "run")} failed (Exceptions ${sink.output.Exceptions.length}, FailedAssumeRole ${sink.output.FailedAssumeRole.length}).`,
      );
    }
    return code;
  };

  try {
    const run = cove(task, {
      ...spec.options,
      signal: controller.signal,
      ...(flags.quiet ? { progress: false } : {}),
    });
    for await (const event of run.stream()) await sink.add(event);
  } catch (error) {
    if (stoppedBy && error instanceof CoveError && error.code === "ABORTED") {
      return finish(SIGNAL_EXIT[stoppedBy] ?? EXIT.INTERRUPTED);
    }
    if (error instanceof CoveError && sink.count === 0 && error.code !== "TASK_TIMEOUT") {
      await spec.settle?.();
      throw error;
    }
    const info = thrown.get(error);
    if (spec.options.raiseException) {
      // The failing record came through the stream before it threw.
      await finish(EXIT.FAILED);
      say(
        secrets,
        `cove: stopped at the first failure (--fail-fast)${info ? ` in ${info.Id} ${info.Region}` : ""}: ${errorLine(error)}`,
      );
      if (flags.debug) say(secrets, inspect(error, { depth: 6 }));
      return EXIT.FAILED;
    }
    await finish(EXIT.FAILED);
    say(secrets, `cove: error: ${errorLine(error)}`);
    if (flags.debug) say(secrets, inspect(error, { depth: 6 }));
    return EXIT.FAILED;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
  return finish(sink.failures > 0 ? EXIT.FAILED : EXIT.OK);
}
