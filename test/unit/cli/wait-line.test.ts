import { describe, expect, it } from "vitest";
import { waitLine } from "../../../src/cli/wait-line.js";
import type { WaitEvent } from "../../../src/index.js";

const event = (over: Partial<WaitEvent> = {}): WaitEvent => ({
  operation: "sts:GetCallerIdentity",
  endpoint: "sts.eu-west-1.amazonaws.com:443",
  waitedMs: 3_004,
  deadlineMs: 60_000,
  attempts: 3,
  lastError: "TimeoutError: Connection timed out after 5000 ms",
  lastErrorCode: "TimeoutError",
  ...over,
});

describe("the waiting line", () => {
  it("names the endpoint, the call, the last failure and how long cove keeps trying", () => {
    expect(waitLine(event())).toBe(
      "cove: waiting 3 s so far for sts.eu-west-1.amazonaws.com:443 to answer sts:GetCallerIdentity (the calling account's identity): 3 attempts so far, the last failed with TimeoutError: Connection timed out after 5000 ms; retrying for up to 57 s more before giving up (Ctrl-C stops).",
    );
  });

  it("an attempt still waiting: no answer yet", () => {
    const line = waitLine(event({ attempts: 1, lastError: undefined, lastErrorCode: undefined }));
    expect(line).toContain(
      "to answer sts:GetCallerIdentity (the calling account's identity): no answer yet (1 attempt sent)",
    );
  });

  it("nothing sent yet: it is the credentials that are awaited", () => {
    const line = waitLine(event({ endpoint: undefined, attempts: 0, lastError: undefined }));
    expect(line).toContain("for the calling account's credentials (the AWS SDK's credential chain");
    expect(line).not.toContain("retrying");
  });

  it("is one line", () => {
    expect(waitLine(event())).not.toMatch(/\n/);
  });
});
