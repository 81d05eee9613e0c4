import { describe, expect, it } from "vitest";
import { RunProgress, stoppedLine } from "../../../../src/cli/drive/progress.js";
import type { OutStream } from "../../../../src/cli/context.js";
import type { RecordSink } from "../../../../src/cli/output/sink.js";
import type { ProgressEvent } from "../../../../src/index.js";
import { testContext } from "../../../support/cli-context.js";

const event = (finished: number, total: number | undefined): ProgressEvent => ({
  finished,
  total,
  started: finished,
  results: finished,
  exceptions: 0,
  failedAssumeRole: 0,
});

/** A sink's counts as `stoppedLine` reads them. */
const sink = (results: number, exceptions: number, replayed = 0) =>
  ({
    counts: { Results: results, Exceptions: exceptions, FailedAssumeRole: 0 },
    count: results + exceptions,
    replayed,
  }) as unknown as RecordSink;

describe("the stop line", () => {
  it("says how many runs finished of how many were planned, and their lists", () => {
    expect(stoppedLine("SIGINT", sink(1, 1), 8)).toBe(
      "cove: interrupted: 2 of 8 runs finished (Results 1, Exceptions 1, FailedAssumeRole 0).",
    );
    expect(stoppedLine("SIGTERM", sink(1, 0), 1)).toBe(
      "cove: stopped by SIGTERM: 1 of 1 run finished (Results 1, Exceptions 0, FailedAssumeRole 0).",
    );
  });

  it("adds a resume's records from the journal to the planned runs", () => {
    // 3 from the journal + 2 of this call's 5.
    expect(stoppedLine("SIGHUP", sink(5, 0, 3), 5)).toContain("stopped by SIGHUP: 5 of 8 runs");
  });

  it("says so when the accounts were not all listed yet", () => {
    expect(stoppedLine("SIGINT", sink(2, 0), undefined)).toBe(
      "cove: interrupted: 2 runs finished, before the accounts were all listed (Results 2, Exceptions 0, FailedAssumeRole 0).",
    );
  });
});

describe("RunProgress", () => {
  it("draws the bar on a terminal's stderr and ends its line once", () => {
    const t = testContext({ tty: { stderr: true } });
    const progress = new RunProgress(t.ctx.stderr, false);
    progress.update(event(0, undefined));
    expect(progress.total).toBeUndefined();
    progress.update(event(3, 8));
    expect(progress.total).toBe(8);
    progress.end();
    progress.end();
    progress.update(event(4, 8));
    expect(t.stderr()).toContain("3/8 runs");
    expect(t.stderr()).not.toContain("4/8 runs");
    expect(t.stderr().endsWith("\n")).toBe(true);
    expect(t.stderr().match(/\n/g)).toHaveLength(1);
  });

  it("draws nothing off a terminal or with --quiet, but keeps the total", () => {
    for (const [tty, quiet] of [
      [false, false],
      [true, true],
    ] as const) {
      const t = testContext({ tty: { stderr: tty } });
      const progress = new RunProgress(t.ctx.stderr as OutStream, quiet);
      progress.update(event(3, 8));
      progress.end();
      expect(t.stderr()).toBe("");
      expect(progress.total).toBe(8);
    }
  });
});
