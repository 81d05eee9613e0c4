import { defer, type Deferred } from "./defer.js";

/** What `push` returns while there is room: one settled promise, no allocation per item. */
const ROOM: Promise<void> = Promise.resolve();

/** Items taken before the consumed head of the buffer is cut off. */
const COMPACT_AFTER = 1024;

/** Options of an {@link AsyncQueue}. */
export interface AsyncQueueOptions {
  /**
   * Buffered items at which the promise `push` returns waits until the consumer has taken
   * enough to go below it again. Producers that await it are held back (backpressure).
   * @default Infinity (unbounded: `push` always returns a settled promise)
   */
  highWaterMark?: number;
}

/**
 * A single-consumer async queue: producers `push`, then `close` or `fail`; the consumer
 * iterates with `for await`. Buffered items are still delivered after `close` and before the
 * failure of `fail`. Leaving the loop early (or `cancel`) drops what is buffered, releases
 * waiting producers and ignores later pushes.
 *
 * @example
 * const queue = new AsyncQueue<string>({ highWaterMark: 64 });
 * void (async () => { for (const x of source) await queue.push(x); queue.close(); })();
 * for await (const x of queue) use(x);
 */
export class AsyncQueue<T> implements AsyncIterable<T> {
  readonly #highWaterMark: number;
  #items: T[] = [];
  #head = 0;
  #ended = false;
  #error: { error: unknown } | undefined;
  /** Wakes the consumer waiting for an item or the end. */
  #wakeConsumer: (() => void) | undefined;
  /** Shared by every producer waiting for room. */
  #room: Deferred<void> | undefined;

  constructor(options: AsyncQueueOptions = {}) {
    const mark = options.highWaterMark ?? Infinity;
    if (!(mark >= 1)) throw new RangeError(`highWaterMark must be at least 1; received ${mark}.`);
    this.#highWaterMark = mark;
  }

  /** Items buffered and not yet taken. */
  get size(): number {
    return this.#items.length - this.#head;
  }

  /**
   * Adds an item (ignored once the queue has ended). The returned promise resolves at once
   * while the buffer is below the high-water mark, else once the consumer has made room.
   */
  push(item: T): Promise<void> {
    if (this.#ended) return ROOM;
    this.#items.push(item);
    this.#notifyConsumer();
    if (this.size < this.#highWaterMark) return ROOM;
    this.#room ??= defer();
    return this.#room.promise;
  }

  /** No more items: the consumer reads what is buffered, then its loop ends. */
  close(): void {
    this.#ended = true;
    this.#notifyConsumer();
  }

  /** Ends with an error: the consumer reads what is buffered, then its loop throws `error`. */
  fail(error: unknown): void {
    if (this.#ended) return;
    this.#error = { error };
    this.#ended = true;
    this.#notifyConsumer();
  }

  /** The consumer gives up: buffered items are dropped and waiting producers released. */
  cancel(): void {
    this.#ended = true;
    this.#items = [];
    this.#head = 0;
    this.#releaseProducers();
    this.#notifyConsumer();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    try {
      for (;;) {
        if (this.size > 0) {
          yield this.#take();
          continue;
        }
        if (this.#error) throw this.#error.error;
        if (this.#ended) return;
        await new Promise<void>((resolve) => (this.#wakeConsumer = resolve));
      }
    } finally {
      // Whether the loop ran to the end or was left early, nothing more will be taken.
      this.cancel();
    }
  }

  /** Takes the oldest item, making room for waiting producers. */
  #take(): T {
    const item = this.#items[this.#head] as T;
    this.#items[this.#head++] = undefined as T;
    if (this.#head > COMPACT_AFTER && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    if (this.size < this.#highWaterMark) this.#releaseProducers();
    return item;
  }

  #releaseProducers(): void {
    const room = this.#room;
    this.#room = undefined;
    room?.resolve();
  }

  #notifyConsumer(): void {
    const wake = this.#wakeConsumer;
    this.#wakeConsumer = undefined;
    wake?.();
  }
}
