import { execFile } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireBuild, ROOT } from "../cli/helpers.js";
import { TYPESCRIPT_5, typescript7 } from "../support/typescript.js";

/**
 * Every ```ts block of README.md and docs/*.md, type-checked (strict) by one tsc run — of
 * TypeScript 5.9 and of TypeScript 7 — in a consumer project whose `botocove` is this package as built (dist/ and its .d.ts). A block
 * right after `<!-- not-compiled: reason -->` is left out.
 */

/** One code block, where it starts in its document. */
interface Example {
  doc: string;
  /** 1-based line of the block's first code line. */
  line: number;
  code: string;
}

const DOCS = [
  "README.md",
  ...readdirSync(join(ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];
const FENCE = /^```(ts|typescript)\s*$/;
const SKIP = /^<!--\s*not-compiled:\s*(\S.*?)\s*-->$/;

/** The TypeScript blocks of one document, and how many were marked not-compiled. */
function extract(doc: string): { examples: Example[]; skipped: number } {
  const lines = readFileSync(join(ROOT, doc), "utf8").split("\n");
  const examples: Example[] = [];
  let skipped = 0;
  for (let i = 0; i < lines.length; i++) {
    if (!FENCE.test(lines[i]!)) continue;
    const end = lines.findIndex((l, j) => j > i && l.startsWith("```"));
    if (end < 0) throw new Error(`${doc}:${i + 1}: the code block never ends`);
    const before = lines.slice(0, i).findLast((l) => l.trim() !== "");
    if (before !== undefined && SKIP.test(before.trim())) skipped++;
    else examples.push({ doc, line: i + 2, code: lines.slice(i + 1, end).join("\n") });
    i = end;
  }
  return { examples, skipped };
}

/** A consumer project: `botocove` is this repository, every other package its node_modules. */
function consumer(examples: Example[]): { dir: string; names: Map<string, Example> } {
  const dir = mkdtempSync(join(tmpdir(), "cove-docs-"));
  const modules = join(dir, "node_modules");
  mkdirSync(modules);
  symlinkSync(ROOT, join(modules, "botocove"), "dir");
  for (const entry of readdirSync(join(ROOT, "node_modules"))) {
    if (entry.startsWith(".") || entry === "botocove") continue;
    symlinkSync(join(ROOT, "node_modules", entry), join(modules, entry), "dir");
  }
  writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module", private: true }));
  const names = new Map<string, Example>();
  for (const example of examples) {
    const name = `${example.doc.replace(/\W+/g, "-")}-${example.line}.ts`;
    names.set(name, example);
    // Each block is a module of its own (top-level await, no shared names).
    writeFileSync(join(dir, name), `${example.code}\nexport {};\n`);
  }
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        target: "ES2022",
        lib: ["ES2023"],
        module: "NodeNext",
        moduleResolution: "NodeNext",
        types: ["node"],
        skipLibCheck: true,
        noEmit: true,
      },
      files: [...names.keys()],
    }),
  );
  return { dir, names };
}

const found = DOCS.map(extract);
const examples = found.flatMap((f) => f.examples);
let project: { dir: string; names: Map<string, Example> };

beforeAll(() => {
  requireBuild();
  project = consumer(examples);
});

afterAll(() => {
  if (project) rmSync(project.dir, { recursive: true, force: true });
});

describe("TypeScript examples in README.md and docs/", () => {
  it("are found (the extractor sees the blocks)", () => {
    expect(examples.filter((e) => e.doc === "README.md").length).toBeGreaterThanOrEqual(5);
    expect(examples.filter((e) => e.doc === "docs/library.md").length).toBeGreaterThanOrEqual(8);
    expect(DOCS).toContain("docs/recipes.md");
    // The testing entry is compiled through the exports map too.
    expect(examples.some((e) => e.code.includes('from "botocove/testing"'))).toBe(true);
    // Fragments stay the exception.
    expect(found.reduce((n, f) => n + f.skipped, 0)).toBeLessThanOrEqual(2);
  });

  it.each([
    ["TypeScript 5.9", () => TYPESCRIPT_5],
    ["TypeScript 7", typescript7],
  ])("type-check under strict against the built package with %s", async (_name, compiler) => {
    const { tsc, options } = compiler();
    const out = await promisify(execFile)(process.execPath, [tsc, ...options, "-p", project.dir], {
      cwd: project.dir,
      encoding: "utf8",
    }).then(
      (r) => r.stdout,
      (e: { stdout?: string; stderr?: string }) => `${e.stdout ?? ""}${e.stderr ?? ""}`,
    );
    // file.ts(line,col): error TSxxxx: message  ->  doc.md:line: error TSxxxx: message
    const errors = out
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => {
        const m = /^(.+?\.ts)\((\d+),\d+\): (.*)$/.exec(l);
        const example = m ? project.names.get(m[1]!) : undefined;
        return example ? `${example.doc}:${example.line + Number(m![2]) - 1}: ${m![3]}` : l;
      });
    expect(errors).toEqual([]);
  });
});
