import { defer, type Deferred } from "../util/defer.js";

/** One run, started in a slot; the slot frees when its promise settles. */
export type Task = () => Promise<void>;

/** How a {@link Scheduler} pulls, prepares and runs. */
export interface SchedulerOptions<T> {
  /** The most tasks running at once, and the most items being prepared ahead of their tasks. */
  concurrency: number;
  /** Once aborted, nothing new is pulled or started (tasks in flight go on: {@link Scheduler.whenIdle}). */
  signal: AbortSignal;
  /**
   * Prepares a pulled item (assumes its role, finds its regions) and hands each of its tasks
   * to `ready` once it can run. The item counts as being prepared until the promise settles.
   */
  prepare(item: T, ready: (task: Task) => void): Promise<void>;
  /** Called once every item has been pulled and prepared: no task will be added any more. */
  onPrepared?(): void;
}

/** Resolves a sleeping {@link Scheduler.run}: something changed. */
const WOKEN = Symbol("woken");
const NOTHING_RUNS: Promise<void> = Promise.resolve();

/**
 * Runs the tasks of pulled items, at most `concurrency` at a time, preparing items ahead of
 * their tasks (the roles-ahead design of docs/design.md):
 *
 * - slots hold only tasks that can run, never one still waiting for its preparation;
 * - tasks that are ready start before a new item is pulled;
 * - an item is pulled only while fewer than `concurrency` are being prepared and fewer than
 *   `concurrency` tasks wait for a slot (memory follows `concurrency`, not the source);
 * - a slow task (e.g. one waiting for a full consumer) holds its slot, so it holds back the rest.
 *
 * A `prepare` or a task that rejects fails {@link Scheduler.run}: they report their own
 * failures as values.
 */
export class Scheduler<T> {
  readonly #concurrency: number;
  readonly #signal: AbortSignal;
  readonly #prepare: SchedulerOptions<T>["prepare"];
  readonly #onPrepared: (() => void) | undefined;
  /** Tasks whose inputs are known, in the order they became ready. */
  readonly #ready: Task[] = [];
  #running = 0;
  #preparing = 0;
  #sourceDone = false;
  #failure: { error: unknown } | undefined;
  #wake: (() => void) | undefined;
  #idle: Deferred<void> | undefined;

  constructor(options: SchedulerOptions<T>) {
    this.#concurrency = options.concurrency;
    this.#signal = options.signal;
    this.#prepare = options.prepare;
    this.#onPrepared = options.onPrepared;
    this.#signal.addEventListener("abort", this.#wakeUp, { once: true });
  }

  /** Tasks running now. */
  get running(): number {
    return this.#running;
  }

  /** Items being prepared now. */
  get preparing(): number {
    return this.#preparing;
  }

  /** Ready tasks waiting for a slot. */
  get waiting(): number {
    return this.#ready.length;
  }

  /**
   * Pulls every item of `source`, prepares it and runs its tasks. Resolves once all have run,
   * or as soon as the signal aborts; rejects when `source`, a `prepare` or a task does.
   */
  async run(source: AsyncIterator<T>): Promise<void> {
    let pending: Promise<IteratorResult<T>> | undefined;
    for (;;) {
      if (this.#signal.aborted) return;
      if (this.#failure) throw this.#failure.error;
      if (this.#hasFreeSlot() && this.#ready.length > 0) {
        this.#startNextTask();
        continue;
      }
      if (this.#canPull()) {
        if (!pending) {
          pending = source.next();
          pending.catch(() => undefined); // observed below, when raced or awaited
        }
        // Wait for the next item, but let tasks that became ready meanwhile start.
        const next = await Promise.race([pending, this.#sleep()]);
        if (next === WOKEN) continue;
        pending = undefined;
        if (next.done) this.#endOfSource();
        else this.#prepareItem(next.value);
        continue;
      }
      if (this.#isDrained()) return;
      await this.#sleep();
    }
  }

  /** Resolves once no task is running (at once when none is). */
  whenIdle(): Promise<void> {
    if (this.#running === 0) return NOTHING_RUNS;
    this.#idle ??= defer();
    return this.#idle.promise;
  }

  #hasFreeSlot(): boolean {
    return this.#running < this.#concurrency;
  }

  #canPull(): boolean {
    return (
      !this.#sourceDone &&
      this.#preparing < this.#concurrency &&
      this.#ready.length < this.#concurrency
    );
  }

  #isDrained(): boolean {
    return (
      this.#sourceDone && this.#running === 0 && this.#preparing === 0 && this.#ready.length === 0
    );
  }

  #startNextTask(): void {
    const task = this.#ready.shift()!;
    this.#running++;
    let running: Promise<void>;
    try {
      running = task();
    } catch (error) {
      running = Promise.reject(error);
    }
    running.then(this.#taskEnded, this.#taskFailed);
  }

  #prepareItem(item: T): void {
    this.#preparing++;
    let preparing: Promise<void>;
    try {
      preparing = this.#prepare(item, this.#enqueue);
    } catch (error) {
      preparing = Promise.reject(error);
    }
    preparing.then(this.#itemPrepared, this.#prepareFailed);
  }

  #endOfSource(): void {
    this.#sourceDone = true;
    this.#checkAllPrepared();
  }

  #checkAllPrepared(): void {
    if (this.#sourceDone && this.#preparing === 0) this.#onPrepared?.();
  }

  readonly #enqueue = (task: Task): void => {
    this.#ready.push(task);
    this.#wakeUp();
  };

  readonly #itemPrepared = (): void => {
    this.#preparing--;
    this.#checkAllPrepared();
    this.#wakeUp();
  };

  readonly #prepareFailed = (error: unknown): void => {
    this.#preparing--;
    this.#fail(error);
  };

  readonly #taskEnded = (): void => {
    this.#running--;
    this.#wakeUp();
    if (this.#running === 0) this.#resolveIdle();
  };

  readonly #taskFailed = (error: unknown): void => {
    this.#taskEnded();
    this.#fail(error);
  };

  #fail(error: unknown): void {
    this.#failure ??= { error };
    this.#wakeUp();
  }

  #resolveIdle(): void {
    const idle = this.#idle;
    this.#idle = undefined;
    idle?.resolve();
  }

  /** Resolves with {@link WOKEN} at the next change: a task ended, one became ready, a stop. */
  #sleep(): Promise<typeof WOKEN> {
    return new Promise((resolve) => (this.#wake = () => resolve(WOKEN)));
  }

  readonly #wakeUp = (): void => {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  };
}
