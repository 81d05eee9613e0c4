import { describe, expect, it } from "vitest";
import { errorLabel } from "../../../src/records/error-label.js";

describe("errorLabel", () => {
  it("names an error by its code, else its name, with how a command ended", () => {
    expect(errorLabel({ name: "AccessDenied", code: "AccessDenied" })).toBe("AccessDenied");
    expect(errorLabel({ name: "TypeError" })).toBe("TypeError");
    expect(errorLabel({ name: "CommandFailed", code: "COMMAND_FAILED", exitCode: 3 })).toBe(
      "COMMAND_FAILED exit 3",
    );
    expect(errorLabel({ name: "CommandFailed", code: "COMMAND_FAILED", signal: "SIGKILL" })).toBe(
      "COMMAND_FAILED SIGKILL",
    );
    expect(errorLabel({ name: "Error", exitCode: 2 })).toBe("Error exit 2");
  });
});
