import { describe, expect, it } from "vitest";
import type { ProgressSink } from "../../../src/run/progress.js";
import { Tallies } from "../../../src/run/tallies.js";
import type { ProgressEvent } from "../../../src/types.js";

function recording() {
  const reports: ProgressEvent[] = [];
  let ended = 0;
  const sink: ProgressSink = {
    update: (e) => reports.push({ ...e }),
    end: () => ended++,
  };
  return { sink, reports, ended: () => ended };
}

describe("Tallies", () => {
  it("counts started runs and finished records per list, and reports them on demand", () => {
    const r = recording();
    const tallies = new Tallies(r.sink);
    tallies.start();
    tallies.start();
    tallies.start();
    tallies.count("Results");
    tallies.count("Exceptions");
    tallies.count("FailedAssumeRole");
    tallies.count("Results");
    expect(r.reports).toEqual([]);
    tallies.report();
    expect(r.reports).toEqual([
      {
        started: 3,
        finished: 4,
        total: undefined,
        results: 2,
        exceptions: 1,
        failedAssumeRole: 1,
      },
    ]);
  });

  it("reports a total as soon as it is known", () => {
    const r = recording();
    const tallies = new Tallies(r.sink);
    tallies.total(58);
    expect(r.reports.at(-1)?.total).toBe(58);
  });

  it("with regions per account, the total is what was planned once planning is complete", () => {
    const r = recording();
    const tallies = new Tallies(r.sink);
    for (let i = 0; i < 7; i++) tallies.plan();
    expect(tallies.counts.total).toBeUndefined();
    tallies.planComplete();
    expect(tallies.counts.total).toBe(7);
    expect(r.reports.at(-1)?.total).toBe(7);
  });

  it("hands out copies: nobody outside can change the counts", () => {
    const tallies = new Tallies({ update() {}, end() {} });
    tallies.counts.finished = 99;
    expect(tallies.counts.finished).toBe(0);
  });

  it("ends the progress sink", () => {
    const r = recording();
    new Tallies(r.sink).end();
    expect(r.ended()).toBe(1);
  });
});
