import { createLimiter } from "../util/limiter.js";
import { retryTransient, type RetryTransientOptions } from "./transient.js";

// "Door": the one way a discovery's requests to a service go out (a concurrency limit + retries).

/** Sends one request through a {@link limitedDoor}, retried as `retry` says. */
export type Door = <T>(request: () => Promise<T>, retry: RetryTransientOptions) => Promise<T>;

/**
 * The door of a discovery's requests to one service: at most `concurrency` in flight, none
 * sent once `signal` has aborted (a request queued behind the limit when the discovery
 * stopped is not sent at all), transient faults retried with {@link retryTransient} outside
 * the limit, so a pause does not hold one of the slots.
 */
export function limitedDoor(concurrency: number, signal: AbortSignal): Door {
  const limit = createLimiter(concurrency);
  return (request, retry) =>
    retryTransient(
      () =>
        limit(() => {
          signal.throwIfAborted();
          return request();
        }),
      retry,
    );
}
