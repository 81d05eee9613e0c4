import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../cli/helpers.js";

/** The README's dependency paragraph against package.json: the same names, the same ranges. */

interface Manifest {
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as Manifest;
const readme = readFileSync(join(ROOT, "README.md"), "utf8");

/** The paragraph that starts with `**Dependencies**`, on one line. */
function paragraph(): string {
  const start = readme.indexOf("\n**Dependencies**");
  if (start < 0) throw new Error("README.md has no **Dependencies** paragraph");
  const end = readme.indexOf("\n\n", start + 1);
  return readme.slice(start, end < 0 ? undefined : end).replace(/\s*\n\s*/g, " ");
}

/** The `name@range` code spans of `text`, as a name → range map (the order kept). */
function named(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [, name, range] of text.matchAll(/`(@?[^`@\s]+)@([^`\s]+)`/g))
    out[name as string] = range as string;
  return out;
}

describe("README.md's dependencies", () => {
  const [required = "", optional = ""] = paragraph().split("Optional peers");

  it("names every dependency of package.json with its range, and nothing else", () => {
    expect(named(required)).toEqual(pkg.dependencies);
  });

  it("names every peer dependency with its range, each optional in package.json too", () => {
    expect(named(optional)).toEqual(pkg.peerDependencies);
    for (const name of Object.keys(pkg.peerDependencies))
      expect(pkg.peerDependenciesMeta?.[name]?.optional, name).toBe(true);
  });
});
