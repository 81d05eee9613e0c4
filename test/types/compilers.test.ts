import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { ROOT } from "../cli/helpers.js";
import { typescript7 } from "../support/typescript.js";

/**
 * The type tests (test/types/*.test-d.ts: `expectTypeOf` assertions and `@ts-expect-error`
 * lines, which fail to compile when a type is wrong) run under the project's TypeScript 5.9
 * in the `unit` project. Here the whole project — sources, tests, type tests — is compiled
 * with TypeScript 7 (the Go-native `tsc`) and the same strict tsconfig.json.
 */
describe("TypeScript 7", () => {
  it("type-checks the sources and the type tests with the project's strict tsconfig", async () => {
    const { tsc, options } = typescript7();
    const version = await promisify(execFile)(process.execPath, [tsc, "--version"], {
      encoding: "utf8",
    });
    expect(version.stdout).toMatch(/^Version 7\./);
    const out = await promisify(execFile)(
      process.execPath,
      [tsc, ...options, "-p", "tsconfig.json", "--noEmit"],
      { cwd: ROOT, encoding: "utf8" },
    ).then(
      (r) => r.stdout + r.stderr,
      (e: { stdout?: string; stderr?: string }) => `${e.stdout ?? ""}${e.stderr ?? ""}`,
    );
    expect(out.split("\n").filter((l) => l.trim())).toEqual([]);
  });
});
