import type { AccountRegion, CoveEvent, ProgressEvent } from "../types.js";
import {
  badValue,
  optionalBoolean,
  optionalFunction,
  typeError,
  type RawOptions,
} from "./checks.js";

/** How the runs of a call are scheduled and reported (the run part of the options). */
export interface ExecutionOptions {
  /** @default false */
  raiseException: boolean;
  /** @default 20 */
  concurrency: number;
  signal: AbortSignal | undefined;
  /** @default a bar on stderr when it is a TTY */
  progress: boolean | ((event: ProgressEvent) => void) | undefined;
  onRecord: ((event: CoveEvent<unknown>) => void) | undefined;
  /** Milliseconds; `undefined`: no limit. */
  taskTimeout: number | undefined;
  /** @default none (every account × region runs) */
  skip: ((run: AccountRegion) => boolean) | undefined;
}

/** Default number of account × region runs in flight. */
export const DEFAULT_CONCURRENCY = 20;

/** The longest `taskTimeout` (2³¹−1 ms, about 24.8 days): Node fires longer timers at once. */
export const MAX_TASK_TIMEOUT_MS = 2 ** 31 - 1;

/** Validates the execution options and applies their defaults. */
export function resolveExecution(o: RawOptions): ExecutionOptions {
  const raiseException = optionalBoolean(o, "raiseException") === true;
  const concurrency = resolveConcurrency(o);
  if (o.signal !== undefined && !isAbortSignal(o.signal)) {
    throw typeError(
      "signal",
      "an AbortSignal (aborted, addEventListener and removeEventListener)",
      o.signal,
    );
  }
  const progress = o.progress;
  if (progress !== undefined && typeof progress !== "boolean" && typeof progress !== "function") {
    throw typeError("progress", "a boolean or a function", progress);
  }
  const onRecord = optionalFunction<ExecutionOptions["onRecord"]>(o, "onRecord");
  return {
    raiseException,
    concurrency,
    signal: o.signal as AbortSignal | undefined,
    progress: progress as ExecutionOptions["progress"],
    onRecord,
    taskTimeout: resolveTaskTimeout(o),
    skip: optionalFunction<ExecutionOptions["skip"]>(o, "skip"),
  };
}

function resolveConcurrency(o: RawOptions): number {
  const v = o.concurrency;
  if (v === undefined) return DEFAULT_CONCURRENCY;
  if (typeof v !== "number") throw typeError("concurrency", "a positive integer", v);
  if (!Number.isInteger(v) || v < 1) throw badValue("concurrency", "a positive integer", v);
  return v;
}

function resolveTaskTimeout(o: RawOptions): number | undefined {
  const v = o.taskTimeout;
  if (v === undefined) return undefined;
  if (typeof v !== "number") throw typeError("taskTimeout", "a number of milliseconds", v);
  if (!(v > 0) || !Number.isFinite(v)) {
    throw badValue("taskTimeout", "a positive number of milliseconds", v);
  }
  if (v > MAX_TASK_TIMEOUT_MS) {
    throw badValue(
      "taskTimeout",
      `at most ${MAX_TASK_TIMEOUT_MS} milliseconds (about 24.8 days)`,
      v,
    );
  }
  return v;
}

/**
 * An AbortSignal, or a look-alike from another realm or polyfill that has everything the
 * call uses: `aborted`, and listeners it can both add and remove.
 */
function isAbortSignal(v: unknown): v is AbortSignal {
  if (v instanceof AbortSignal) return true;
  const s = v as Partial<AbortSignal> | null;
  return (
    typeof s === "object" &&
    s !== null &&
    typeof s.aborted === "boolean" &&
    typeof s.addEventListener === "function" &&
    typeof s.removeEventListener === "function"
  );
}
