import { describe, expect, it } from "vitest";
import { createProgress } from "../../../src/run/progress.js";
import type { ProgressEvent } from "../../../src/types.js";

const flush = () => new Promise((r) => setImmediate(r));
const counts: ProgressEvent = {
  finished: 1,
  total: 2,
  started: 2,
  results: 1,
  exceptions: 0,
  failedAssumeRole: 0,
};

/** A stream that records what is written; `isTTY` as asked. */
function stream(isTTY: boolean) {
  const written: string[] = [];
  const s = { isTTY, write: (chunk: string) => written.push(chunk) > 0 };
  return { s: s as unknown as NodeJS.WriteStream, written };
}

describe("createProgress", () => {
  it("gives the callback its own copy of the counts", () => {
    const got: ProgressEvent[] = [];
    const sink = createProgress(
      (e) => got.push(e),
      () => {},
    );
    sink.update(counts);
    got[0]!.finished = 99;
    expect(counts.finished).toBe(1);
  });

  it("sends a throwing callback's error to onError, never to the caller", () => {
    const errors: unknown[] = [];
    const thrown = new Error("bad callback");
    const sink = createProgress(
      () => {
        throw thrown;
      },
      (e) => errors.push(e),
    );
    expect(() => sink.update(counts)).not.toThrow();
    expect(errors).toEqual([thrown]);
  });

  it("sends an async callback's rejection to onError", async () => {
    const errors: unknown[] = [];
    const sink = createProgress(
      async () => {
        throw new Error("later");
      },
      (e) => errors.push(e),
    );
    sink.update(counts);
    await flush();
    expect(errors).toHaveLength(1);
  });

  it("draws nothing off a TTY unless asked, and never when false", () => {
    const off = stream(false);
    createProgress(undefined, () => {}, off.s).update(counts);
    const silenced = stream(true);
    const sink = createProgress(false, () => {}, silenced.s);
    sink.update(counts);
    sink.end();
    expect([...off.written, ...silenced.written]).toEqual([]);
  });

  it("draws a bar on a TTY and ends it with a newline", () => {
    const tty = stream(true);
    const sink = createProgress(undefined, () => {}, tty.s);
    sink.update(counts);
    sink.end();
    expect(tty.written.join("")).toContain("1/2 runs");
    expect(tty.written.at(-1)).toBe("\n");
  });

  it("a total of 0 (every pair skipped) is a full bar, not 'listing accounts'", () => {
    const tty = stream(true);
    const sink = createProgress(undefined, () => {}, tty.s);
    sink.update({ ...counts, finished: 0, total: 0 });
    sink.end();
    expect(tty.written.join("")).toContain(`[${"#".repeat(30)}] 0/0 runs`);
    expect(tty.written.join("")).not.toContain("listing");
  });
});
