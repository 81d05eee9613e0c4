import { describe, expect, it } from "vitest";
import {
  groupFailures,
  normalizeMessage,
  TOP_MESSAGES,
  type FailedRun,
} from "../../../../src/cli/report/causes.js";

describe("normalizeMessage", () => {
  it("replaces account ids, regions and request ids, so one failure in many accounts reads as one", () => {
    expect(
      normalizeMessage(
        "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::210987654321:role/R",
      ),
    ).toBe(
      "User: arn:aws:iam::{account}:user/ci is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::{account}:role/R",
    );
    expect(
      normalizeMessage(
        "throttled in eu-west-1 and us-gov-west-1\n  (request 9f1c2d3e-1111-2222-3333-444455556666)",
      ),
    ).toBe("throttled in {region} and {region} (request {id})");
    expect(normalizeMessage("x".repeat(400))).toHaveLength(301);
  });
});

const run = (outcome: "E" | "F", account: string, message: string, extra = {}): FailedRun => ({
  outcome,
  account,
  detail: { name: "Err", message, ...extra },
});

describe("groupFailures", () => {
  it("groups by list and cause, counts runs and distinct accounts, and sorts by runs", () => {
    const runs = [
      run("F", "111111111111", "denied 111111111111", { code: "AccessDenied" }),
      run("E", "111111111111", "exit in eu-west-1", { code: "COMMAND_FAILED", exitCode: 3 }),
      run("F", "222222222222", "denied 222222222222", { code: "AccessDenied" }),
      run("F", "222222222222", "denied 222222222222", { code: "AccessDenied" }),
      run("E", "333333333333", "exit in us-east-1", { code: "COMMAND_FAILED", exitCode: 1 }),
      run("E", "444444444444", "boom", { code: "AccessDenied" }),
    ];
    const index: number[] = [];
    const groups = groupFailures(runs, index);
    expect(groups.map((g) => [g.outcome, g.label, g.runs, g.accounts])).toEqual([
      ["F", "AccessDenied", 3, 2],
      ["E", "COMMAND_FAILED exit 3", 1, 1],
      ["E", "COMMAND_FAILED exit 1", 1, 1],
      ["E", "AccessDenied", 1, 1],
    ]);
    expect(groups[0]?.messages).toEqual([["denied {account}", 3]]);
    expect(index).toEqual([0, 1, 0, 0, 2, 3]);
  });

  it("lists the most frequent messages of a cause and counts the others", () => {
    const runs = Array.from({ length: TOP_MESSAGES + 3 }, (_, i) =>
      Array.from({ length: i + 1 }, () => run("E", String(i), `message ${i}`)),
    ).flat();
    const [group] = groupFailures(runs);
    expect(group?.messages.map(([m, n]) => `${m}=${n}`)).toEqual([
      "message 7=8",
      "message 6=7",
      "message 5=6",
      "message 4=5",
      "message 3=4",
    ]);
    expect(group?.otherMessages).toBe(3);
  });
});
