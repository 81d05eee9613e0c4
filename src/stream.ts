import { CoveError } from "./errors/cove-error.js";
import { resolveOptions, type ResolvedOptions } from "./options/index.js";
import type { CoveEvent, CoveOptions } from "./types.js";
import { linkedController } from "./util/abort.js";
import { AsyncQueue } from "./util/queue.js";

/** Buffered records of a stream before new runs are held back. */
const STREAM_HIGH_WATER = 64;

/** Starts a call whose records go to `sink`; settles when the call ends. */
export type StartCall = (
  resolved: ResolvedOptions,
  sink: (event: CoveEvent<unknown>) => void | Promise<void>,
) => Promise<void>;

/**
 * The async-iterable form: a bounded queue between the runs and the consumer. Runs wait while
 * the queue is full; leaving the loop early cancels the runs still to come.
 */
export async function* streamRun<R>(
  start: StartCall,
  options: CoveOptions<R> | undefined,
): AsyncGenerator<CoveEvent<R>> {
  const resolved = resolveOptions(options);
  const { controller: internal, unlink } = linkedController(resolved.execution.signal);
  const queue = new AsyncQueue<CoveEvent<unknown>>({ highWaterMark: STREAM_HIGH_WATER });
  let settled = false;
  const execution = { ...resolved.execution, signal: internal.signal };
  const running = start({ ...resolved, execution }, (event) => queue.push(event)).then(
    () => {
      settled = true;
      queue.close();
    },
    (error: unknown) => {
      // The user's signal, raiseException and run-level failures end the loop with their error.
      settled = true;
      queue.fail(error);
    },
  );
  try {
    for await (const event of queue) yield event as CoveEvent<R>;
  } finally {
    unlink();
    if (!settled) {
      // The consumer stopped reading: cancel the runs (their end is not an error here).
      internal.abort(new CoveError("ABORTED", "The consumer stopped reading the stream."));
      queue.cancel();
      await running;
    }
  }
}
