import { pathToFileURL } from "node:url";
import type { ResourceLimits } from "node:worker_threads";
import { cove, type CoveFunction, type CoveTask } from "../cove.js";
import { badValue, typeError } from "../options/checks.js";
import { resolveOptions } from "../options/index.js";
import { abortedError } from "../run/stopper.js";
import type { CoveSession } from "../run/session.js";
import type { CoveEvent, CoveOptions, CoveOutput } from "../types.js";
import { WorkerPool } from "./pool.js";
import { plainProblem } from "./protocol.js";
import { defaultWorkers, MAX_WORKERS } from "./threads.js";

export { DEFAULT_WORKERS_CAP, defaultWorkers } from "./threads.js";

/** Options of {@link coveModule}: every {@link CoveOptions} field, and the threads. */
export interface CoveModuleOptions<R = unknown> extends CoveOptions<R> {
  /**
   * Worker threads that run the module's function (an integer from 1 to 256). The
   * `concurrency` limit is shared by all of them; each holds about its share of the runs.
   * @default os.availableParallelism(), at most 8
   */
  workers?: number;
  /**
   * Memory limits of each worker (`node:worker_threads` `resourceLimits`); a worker that runs
   * out fails the runs it held with `WORKER_FAILED` and is replaced.
   * @default none (Node's defaults)
   */
  resourceLimits?: ResourceLimits;
}

/** The wrapped form of a module's exported function `F` (its parameters after the session). */
export type CoveModuleFunction<F> = F extends (session: CoveSession, ...args: infer A) => infer R
  ? CoveFunction<A, Awaited<R>>
  : never;

/** The `workers` option checked: an integer from 1 to 256, else a TypeError or CoveError. */
export function resolveWorkers(value: unknown): number {
  if (value === undefined) return defaultWorkers();
  if (typeof value !== "number") throw typeError("workers", "a number of threads", value);
  if (!Number.isInteger(value) || value < 1 || value > MAX_WORKERS) {
    throw badValue("workers", `an integer from 1 to ${MAX_WORKERS}`, value);
  }
  return value;
}

function moduleUrl(module: unknown): string {
  if (module instanceof URL) return module.href;
  if (typeof module !== "string" || module === "") {
    throw new TypeError(
      `coveModule() expects the module as a URL or a path; received ${typeof module}.`,
    );
  }
  return /^file:/.test(module) ? module : pathToFileURL(module).href;
}

function checkArgs(args: unknown[]): void {
  const problem = plainProblem(args);
  if (problem !== undefined) {
    throw new TypeError(
      `The arguments of a coveModule function cross threads by structured clone; one holds ${problem}.`,
    );
  }
}

/**
 * Runs an exported function of a module on worker threads, once per target account × region:
 * the thread-crossing form of {@link cove}. A closure cannot cross threads, so the function is
 * named by its module and export; each worker imports the module once. The main thread lists
 * the targets, assumes each role once (and refreshes it), schedules the runs under one
 * `concurrency` limit and collects the records; workers get the run's plain credentials, build
 * its {@link CoveSession} and run the function. Arguments and results cross by structured
 * clone: a result that cannot (a function, a class instance) is that run's Exception,
 * `CoveError` RESULT_NOT_SERIALIZABLE. A worker that dies fails only the runs it held
 * (WORKER_FAILED) and is replaced. A module that fails to import rejects the call with
 * MODULE_IMPORT_FAILED before any AWS call. `.ts` modules need `tsx`.
 *
 * @param module - the module: a `URL` (`new URL("./task.js", import.meta.url)`) or a path.
 * @param exportName - the exported function (`"default"` for the default export).
 * @param options - every option of {@link cove}, plus `workers` and `resourceLimits`.
 *
 * @example
 * import type { listUsers } from "./task.js";
 * const run = coveModule<typeof listUsers>(new URL("./task.js", import.meta.url), "listUsers", {
 *   workers: 4,
 *   regions: ["eu-west-1", "us-east-1"],
 * });
 * const { Results } = await run("/admins/");
 */
export function coveModule<
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  F extends CoveTask<any[], unknown> = CoveTask<unknown[], unknown>,
>(
  module: URL | string,
  exportName: string,
  options: CoveModuleOptions<Awaited<ReturnType<F>>> = {},
): CoveModuleFunction<F> {
  const url = moduleUrl(module);
  if (typeof exportName !== "string" || exportName === "") {
    throw new TypeError(
      `coveModule() expects the export's name as a string; received ${typeof exportName}.`,
    );
  }
  const { workers, resourceLimits, ...rest } = options;
  const coveOptions = rest as CoveOptions;

  const start = async (args: unknown[]): Promise<WorkerPool> => {
    const resolved = resolveOptions(coveOptions);
    const count = resolveWorkers(workers);
    checkArgs(args);
    const signal = resolved.execution.signal;
    if (signal?.aborted) throw abortedError(signal);
    return WorkerPool.start({
      setup: { module: url, exportName },
      workers: count,
      resourceLimits,
      onOutput: undefined,
    });
  };

  const wrapped = async (...args: unknown[]): Promise<CoveOutput<unknown>> => {
    const pool = await start(args);
    try {
      return await cove(pool.task, coveOptions)(...args);
    } finally {
      await pool.close();
    }
  };

  const stream = async function* (...args: unknown[]): AsyncGenerator<CoveEvent<unknown>> {
    const pool = await start(args);
    try {
      yield* cove(pool.task, coveOptions).stream(...args);
    } finally {
      await pool.close();
    }
  };

  Object.defineProperty(wrapped, "name", { value: exportName });
  return Object.assign(wrapped, { stream }) as unknown as CoveModuleFunction<F>;
}
