import { describe, expect, it } from "vitest";
import { errorLine, UsageError } from "../../../src/cli/errors.js";
import { CoveError } from "../../../src/index.js";

describe("errorLine", () => {
  it("says a UsageError thrown from a library callback (the journal's onHub check) as the UsageError", () => {
    const refusal = new UsageError("job.ndjson is the journal of a job of another hub (…).");
    const stopped = new CoveError("CALLBACK_FAILED", "The onHub callback failed", {
      option: "onHub",
      cause: refusal,
    });
    expect(errorLine(stopped)).toBe("job.ndjson is the journal of a job of another hub (…).");
  });

  it("keeps the library's line for anything else a callback threw", () => {
    const stopped = new CoveError("CALLBACK_FAILED", "The onHub callback failed: boom", {
      option: "onHub",
      cause: new Error("boom"),
    });
    expect(errorLine(stopped)).toBe("The onHub callback failed: boom [CALLBACK_FAILED]");
  });
});
