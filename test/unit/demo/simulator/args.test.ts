import { describe, expect, it } from "vitest";
import { parseArgs } from "../../../../src/demo/simulator/args.js";

describe("the simulator's flags", () => {
  it("reads --flag value, --flag=value and boolean flags, with defaults elsewhere", () => {
    const c = parseArgs(["--accounts", "5", "--latency=1-2", "--with-management"]);
    expect(c).toMatchObject({ accounts: 5, latency: [1, 2], orgLatency: [1, 2] });
    expect(c.withManagement).toBe(true);
    expect(c.exitWithStdin).toBe(false);
    expect(parseArgs(["--sso-roles", "A,B"]).sso.roles).toEqual(["A", "B"]);
    expect(parseArgs([]).accounts).toBe(1000);
  });

  it("refuses unknown flags, positional arguments, missing values and values out of range", () => {
    expect(() => parseArgs(["--nope", "1"])).toThrow(/--nope/);
    expect(() => parseArgs(["x"])).toThrow(/'x'/);
    expect(() => parseArgs(["--accounts"])).toThrow(/--accounts/);
    expect(() => parseArgs(["--accounts", "0"])).toThrow(/--accounts: expected a number in \[1,/);
    expect(() => parseArgs(["--fault-mode", "boom"])).toThrow(/--fault-mode: mixed\|500\|reset/);
  });
});
