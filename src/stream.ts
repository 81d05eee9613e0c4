import { CoveError } from "./errors/cove-error.js";
import { resolveOptions, type ResolvedOptions } from "./options/index.js";
import type { CoveEvent, CoveOptions } from "./types.js";
import { linkedController } from "./util/abort.js";

/** Buffered records of a stream before new runs are held back. */
const STREAM_HIGH_WATER = 64;

/** The async-iterable form: a bounded buffer between the runs and the consumer. */
export async function* streamRun<R>(
  start: (
    resolved: ResolvedOptions,
    sink: (event: CoveEvent<unknown>) => void | Promise<void>,
  ) => Promise<void>,
  options: CoveOptions<R> | undefined,
): AsyncGenerator<CoveEvent<R>> {
  const resolved = resolveOptions(options);
  const { controller: internal, unlink } = linkedController(resolved.execution.signal);
  const signal = internal.signal;
  const buffer: CoveEvent<unknown>[] = [];
  const producers: (() => void)[] = [];
  let wakeConsumer: (() => void) | undefined;
  let finished: { error?: { value: unknown } } | undefined;
  const notify = () => {
    const w = wakeConsumer;
    wakeConsumer = undefined;
    w?.();
  };
  const sink = (event: CoveEvent<unknown>) => {
    buffer.push(event);
    notify();
    if (buffer.length < STREAM_HIGH_WATER) return;
    return new Promise<void>((resolve) => producers.push(resolve));
  };
  const running = start({ ...resolved, execution: { ...resolved.execution, signal } }, sink).then(
    () => {
      finished = {};
      notify();
    },
    (error: unknown) => {
      finished = { error: { value: error } };
      notify();
    },
  );
  try {
    for (;;) {
      const event = buffer.shift();
      if (event !== undefined) {
        if (buffer.length < STREAM_HIGH_WATER) producers.splice(0).forEach((p) => p());
        yield event as CoveEvent<R>;
        continue;
      }
      if (finished?.error) {
        const e = finished.error.value;
        // Our own cancellation (the consumer stopped) is not an error; the user's signal is.
        throw e;
      }
      if (finished) return;
      await new Promise<void>((resolve) => (wakeConsumer = resolve));
    }
  } finally {
    unlink();
    if (!finished) {
      internal.abort(new CoveError("ABORTED", "The consumer stopped reading the stream."));
      producers.splice(0).forEach((p) => p());
      await running;
    }
  }
}
