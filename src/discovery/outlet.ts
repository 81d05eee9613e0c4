import { linkedController } from "../util/abort.js";
import { defer, type Deferred } from "../util/defer.js";
import { AsyncQueue } from "../util/queue.js";
import type { AccountInfo } from "../types.js";
import type { Discovery } from "./discover.js";

// "Outlet": the discovery's output end — accounts out, readiness and the first failure.
/**
 * What a discovery hands out (`ready`, the account stream, `size`) and how it ends: the gate
 * opens, the stream finishes, or it fails — the first failure wins, and aborts the
 * discovery's own signal so the Organizations calls still queued stop.
 */
export interface Outlet {
  discovery: Discovery;
  /** The discovery's own signal: follows the caller's, aborted by a failure. */
  signal: AbortSignal;
  /** Hands a selected account to the runner. */
  push(account: AccountInfo): void;
  /** Fails the discovery, unless it failed already. */
  fail(error: unknown): void;
  /**
   * Settles `ready`: runs may start (`true`), unless a failure came first (`false`: `ready`
   * rejects with it).
   */
  open(): boolean;
  /**
   * Ends the stream with its counts (`selected` accounts; the ids left out `withoutAccess`),
   * or fails it with `error` when one is given.
   */
  finish(counts: { selected: number; withoutAccess: readonly string[] }, error?: unknown): void;
}

/** A {@link defer}red promise whose rejection alone is never reported. */
function deferred<T>(): Deferred<T> {
  const settle = defer<T>();
  // The caller awaits `ready` (and may ignore `size`): an unawaited copy must not be reported.
  settle.promise.catch(() => {});
  return settle;
}

/** The outlet of a discovery that follows `signal`. */
export function createOutlet(signal: AbortSignal | undefined): Outlet {
  const { controller, unlink } = linkedController(signal);
  // Unbounded on purpose: it carries small account records, never run output.
  const channel = new AsyncQueue<AccountInfo>();
  const ready = deferred<void>();
  const size = deferred<number>();
  const withoutAccess = deferred<string[]>();
  let failure: { error: unknown } | undefined;

  const fail = (error: unknown) => {
    if (failure) return;
    failure = { error };
    controller.abort(error);
    unlink();
    channel.fail(error);
    size.reject(error);
    withoutAccess.reject(error);
  };
  return {
    discovery: {
      ready: ready.promise,
      accounts: channel,
      size: size.promise,
      withoutAccess: withoutAccess.promise,
    },
    signal: controller.signal,
    push: (account) => channel.push(account),
    fail,
    open() {
      if (failure) ready.reject(failure.error);
      else ready.resolve();
      return failure === undefined;
    },
    finish(counts, error) {
      if (error !== undefined) return fail(error);
      unlink();
      withoutAccess.resolve([...counts.withoutAccess]);
      channel.close();
      size.resolve(counts.selected);
    },
  };
}
