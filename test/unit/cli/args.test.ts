import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { addOptionFlags, toCoveOptions, type Scope } from "../../../src/cli/args.js";
import { tempDir } from "../../support/temp-dir.js";

/** Parses `args` as a command with the option flags of `scope`; the options they give. */
function parse(args: string[], scope: Scope = "run", env: NodeJS.ProcessEnv = {}) {
  const command = addOptionFlags(new Command("test").exitOverride(), scope, env);
  command.configureOutput({ writeErr: () => {}, writeOut: () => {} });
  command.parse(args, { from: "user" });
  return toCoveOptions(command.opts(), scope);
}

describe("option flags → CoveOptions", () => {
  it("reads --shard auto from the command's environment, not the process's", () => {
    const batch = { AWS_BATCH_JOB_ARRAY_INDEX: "2", AWS_BATCH_JOB_ARRAY_SIZE: "5" };
    expect(parse(["--shard", "auto"], "select", batch)).toEqual({
      shard: { index: 2, count: 5 },
    });
    expect(process.env.AWS_BATCH_JOB_ARRAY_INDEX).toBeUndefined();
    expect(() => parse(["--shard", "auto"], "select", {})).toThrow(/auto/);
  });

  it("passes only the flags that were given", () => {
    expect(parse([])).toEqual({});
    expect(parse(["--role", "Auditor"])).toEqual({ roleName: "Auditor" });
  });

  it("collects repeated and comma-separated ids alike", () => {
    expect(
      parse(["-t", "111111111111,ou-ab12-34cd5678", "-t", " r-ab12 ", "-i", "222222222222"]),
    ).toEqual({
      targetIds: ["111111111111", "ou-ab12-34cd5678", "r-ab12"],
      ignoreIds: ["222222222222"],
    });
  });

  it("reads --tag KEY=V1,V2 into one value or a list, keys repeated or not", () => {
    expect(parse(["--tag", "Environment=prod,staging", "--tag", "Team=payments"])).toEqual({
      tags: { Environment: ["prod", "staging"], Team: "payments" },
    });
    expect(parse(["--tag", "Env=a", "--tag", "Env=b"])).toEqual({ tags: { Env: ["a", "b"] } });
  });

  it("takes any tag key, even one an object already has (constructor, __proto__)", () => {
    const { tags } = parse([
      "--tag",
      "constructor=x",
      "--tag",
      "__proto__=y,z",
      "--tag",
      "toString=t",
    ]);
    expect(Object.getPrototypeOf(tags)).toBe(Object.prototype);
    expect(Object.entries(tags!)).toEqual([
      ["constructor", "x"],
      ["__proto__", ["y", "z"]],
      ["toString", "t"],
    ]);
  });

  it("refuses a --policy file that is not a JSON document without repeating its content", () => {
    const dir = tempDir("cove-args-");
    for (const [name, content] of [
      ["text.json", "SENSITIVE-CONTENT-0123 is not json"],
      ["array.json", '["SENSITIVE-CONTENT-0123"]'],
    ] as const) {
      const path = join(dir, name);
      writeFileSync(path, content);
      let message = "";
      try {
        parse(["--policy", path]);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toContain("does not hold a JSON document");
      expect(message).not.toContain("SENSITIVE");
    }
  });

  it("refuses an empty --profile", () => {
    expect(() => parse(["--profile", " "])).toThrow(/expected a name/);
  });

  it("reads --shard I/N, --task-timeout seconds as milliseconds and integers", () => {
    expect(
      parse(["--shard", "1/4", "--task-timeout", "1.5", "--concurrency", "7", "--fail-fast"]),
    ).toEqual({
      shard: { index: 1, count: 4 },
      taskTimeout: 1500,
      concurrency: 7,
      raiseException: true,
    });
  });

  it("turns --policy-arn into { arn } objects and --policy FILE into the file's text", () => {
    const dir = tempDir("cove-args-");
    const policy = join(dir, "policy.json");
    writeFileSync(policy, '{"Version":"2012-10-17","Statement":[]}');
    expect(parse(["--policy-arn", "arn:a", "--policy-arn", "arn:b", "--policy", policy])).toEqual({
      policyArns: [{ arn: "arn:a" }, { arn: "arn:b" }],
      policy: '{"Version":"2012-10-17","Statement":[]}',
    });
  });

  it.each([
    [["--concurrency", "many"]],
    [["--task-timeout", "0"]],
    [["--shard", "3"]],
    [["--tag", "novalue"]],
    [["-t", ","]],
    [["--policy", "/nonexistent/policy.json"]],
  ])("refuses %j before anything runs", (args) => {
    expect(() => parse(args)).toThrow();
  });

  it("leaves out the run flags where only the selection applies (cove targets)", () => {
    expect(() => parse(["--role", "x"], "select")).toThrow(/unknown option/);
    expect(parse(["--regions", "eu-west-1", "--profile", "p"], "select")).toEqual({
      regions: ["eu-west-1"],
      profile: "p",
    });
  });
});
