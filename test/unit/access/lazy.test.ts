import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../../..");
const IDENTITY_CENTER = "src/access/identity-center/";
/** The packages only the Identity Center side needs: its portal client and token provider. */
const IDENTITY_CENTER_PACKAGES = ["@aws-sdk/client-sso", "@aws-sdk/token-providers"];

/** `import`/`export … from` statements (as prettier writes them): what, and from where. */
const FROM = /^(?:import|export)\s+(type\s+)?([^;]*?)\s+from\s+"([^"]+)";/gm;
/** Side-effect imports. */
const BARE = /^import\s+"([^"]+)";/gm;

/** Whether the compiler erases an import or re-export (`import type`, or only types named). */
function typeOnly(typeKeyword: string | undefined, what: string): boolean {
  if (typeKeyword !== undefined) return true;
  const braces = /^\{([^}]*)\}$/.exec(what.trim());
  if (braces === null) return false; // a default or namespace import, or `export *`
  const names = braces[1]!
    .split(",")
    .map((n) => n.trim())
    .filter((n) => n !== "");
  return names.length > 0 && names.every((n) => n.startsWith("type "));
}

/** The modules a file imports statically at run time (what loading it loads). */
function staticImports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const out = [...text.matchAll(BARE)].map((m) => m[1]!);
  for (const [, type, what, spec] of text.matchAll(FROM)) {
    if (!typeOnly(type, what!)) out.push(spec!);
  }
  return out;
}

/** Every module loaded with `entry` (project files relative to the root, packages by name). */
function loadedWith(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    const name = relative(ROOT, file);
    if (seen.has(name)) return;
    seen.add(name);
    if (!existsSync(file)) return; // generated at build time (the report page's assets)
    for (const spec of staticImports(file)) {
      if (spec.startsWith(".")) visit(join(dirname(file), spec.replace(/\.js$/, ".ts")));
      else seen.add(spec);
    }
  };
  visit(join(ROOT, entry));
  return seen;
}

describe("the Identity Center side is loaded only when chosen", () => {
  it.each(["src/index.ts", "src/cli/main.ts"])(
    "%s loads neither its modules nor its packages",
    (entry) => {
      const loaded = [...loadedWith(entry)];
      expect(loaded).toContain("src/access/open.ts");
      expect(loaded).toContain("src/access/organizations.ts");
      expect(loaded.filter((m) => m.startsWith(IDENTITY_CENTER))).toEqual([]);
      expect(loaded.filter((m) => IDENTITY_CENTER_PACKAGES.includes(m))).toEqual([]);
    },
  );

  it("its one way in is the dynamic import in src/access/open.ts", () => {
    const open = readFileSync(join(ROOT, "src/access/open.ts"), "utf8");
    expect(open).toContain('await import("./identity-center/index.js")');
    const inside = loadedWith(`${IDENTITY_CENTER}index.ts`);
    expect(inside).toContain("@aws-sdk/client-sso");
    expect(inside).toContain("@aws-sdk/token-providers");
  });
});
