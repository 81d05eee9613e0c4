import { CoveError } from "../errors/cove-error.js";
import { describeError } from "../errors/describe.js";
import type { ExecutionOptions } from "../options/execution.js";
import type { CoveEvent } from "../types.js";
import { isThenable } from "../util/thenable.js";
import type { Stopper } from "./stopper.js";
import type { Tallies } from "./tallies.js";

/**
 * Receives each finished run. A returned promise holds back new runs until it settles,
 * which is how the streaming form bounds memory.
 */
export type EventSink = (event: CoveEvent<unknown>) => void | Promise<void>;

/** The `CALLBACK_FAILED` error of a user callback (`progress`, `onRecord`, `skip`, `onHub`) that threw. */
export function callbackFailed(
  option: "progress" | "onRecord" | "skip" | "onHub",
  error: unknown,
): CoveError {
  let description: string;
  try {
    description = describeError(error);
  } catch {
    description = "it threw a value that cannot be described";
  }
  return new CoveError(
    "CALLBACK_FAILED",
    `The ${option} callback failed, so the call was stopped: ${description}`,
    { option, cause: error },
  );
}

/**
 * Hands each finished run on: counts it, calls `onRecord`, gives it to the sink (waiting for
 * it), then reports progress. Nothing is handed on once the call has stopped. With
 * `raiseException` a failed run is still handed on (without waiting), then stops the call
 * with its error. A failing `onRecord` stops the call with `CALLBACK_FAILED`.
 */
export function createDelivery(
  options: Pick<ExecutionOptions, "raiseException" | "onRecord">,
  sink: EventSink,
  tallies: Tallies,
  stopper: Stopper,
): (event: CoveEvent<unknown>) => Promise<void> {
  const { raiseException, onRecord } = options;
  const onRecordRejected = (error: unknown) => stopper.stop(callbackFailed("onRecord", error));
  const notify = (event: CoveEvent<unknown>) => {
    if (!onRecord) return;
    let returned: unknown;
    try {
      returned = onRecord(event);
    } catch (error) {
      throw callbackFailed("onRecord", error);
    }
    if (isThenable(returned)) returned.then(undefined, onRecordRejected);
  };

  const failFast = (event: CoveEvent<unknown> & { list: "Exceptions" | "FailedAssumeRole" }) => {
    try {
      notify(event);
      void Promise.resolve(sink(event)).catch(() => undefined);
    } catch (error) {
      stopper.stop(error);
      return;
    }
    stopper.stop(event.record.ExceptionDetails);
  };

  return async (event) => {
    if (stopper.isStopped) return;
    tallies.count(event.list);
    if (raiseException && event.list !== "Results") return failFast(event);
    try {
      notify(event);
      await sink(event);
    } catch (error) {
      stopper.stop(error);
      return;
    }
    tallies.report();
  };
}
