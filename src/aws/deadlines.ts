/** How long botocove's own AWS calls may take (milliseconds). */
export interface Deadlines {
  /** Connecting to an endpoint, per attempt. */
  connectMs: number;
  /**
   * One attempt of a hub call (STS, Organizations, EC2 DescribeRegions): a request not
   * answered in this time is abandoned with a `TimeoutError`, which is retried.
   */
  requestMs: number;
  /**
   * Transient failures of one account's AssumeRole (or one Organizations page) are retried
   * until this long after the first attempt: no attempt starts later.
   */
  retryMs: number;
  /**
   * The same for the hub's own identity call, the first call of a run: an endpoint that
   * cannot be reached is reported within about a minute.
   */
  hubRetryMs: number;
  /**
   * How long the hub's identity call may go without an answer before the `onWait` option is
   * told what is waited for (the CLI prints it).
   */
  waitNoticeMs: number;
}

/** The deadlines of every run (docs/design.md, "What botocove promises"). */
const DEADLINES: Readonly<Deadlines> = Object.freeze({
  connectMs: 5_000,
  requestMs: 20_000,
  retryMs: 5 * 60_000,
  hubRetryMs: 60_000,
  waitNoticeMs: 3_000,
});

let current: Readonly<Deadlines> = DEADLINES;

/** The deadlines in force (read when a run starts). */
export function deadlines(): Readonly<Deadlines> {
  return current;
}

/**
 * For tests only (not exported from the package): shortens deadlines so that a call that
 * never answers costs seconds, not minutes. Returns the function that restores them.
 */
export function setDeadlinesForTests(changes: Partial<Deadlines>): () => void {
  const before = current;
  current = Object.freeze({ ...current, ...changes });
  return () => {
    current = before;
  };
}
