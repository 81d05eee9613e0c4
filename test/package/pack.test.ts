import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { requireBuild } from "../cli/helpers.js";
import { HUB_CREDENTIALS, useTestAws } from "../support/env.js";

const root = resolve(import.meta.dirname, "../..");
const aws = useTestAws({ name: "Root", accounts: 3 });
let project: string;

/** Runs a program without blocking this process (the test proxy lives in it). */
async function run(file: string, args: string[], cwd: string) {
  try {
    const { stdout, stderr } = await promisify(execFile)(file, args, { cwd, encoding: "utf8" });
    return { status: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { status: err.code ?? 1, stdout: err.stdout ?? "", stderr: err.stderr ?? "" };
  }
}

/** `npm pack` of this repository, installed into an empty project. */
beforeAll(() => {
  // dist/ is built by `npm test` first; prepack would rebuild it under the CLI tests' feet.
  requireBuild();
  const packDir = mkdtempSync(join(tmpdir(), "cove-pack-"));
  execFileSync("npm", ["pack", "--pack-destination", packDir, "--silent", "--ignore-scripts"], {
    cwd: root,
    stdio: "pipe",
  });
  const tarball = readdirSync(packDir).find((f) => f.endsWith(".tgz"));
  if (!tarball) throw new Error("npm pack produced no tarball");
  project = mkdtempSync(join(tmpdir(), "cove-consumer-"));
  writeFileSync(
    join(project, "package.json"),
    JSON.stringify({ name: "consumer", private: true, type: "module" }),
  );
  execFileSync(
    "npm",
    [
      "install",
      join(packDir, tarball),
      "--no-audit",
      "--no-fund",
      "--prefer-offline",
      "--loglevel=error",
    ],
    { cwd: project, stdio: "pipe" },
  );
}, 240_000);

describe("the packed package", () => {
  it("ships only what it needs (dist, README, docs), with the exports map and bin", () => {
    const files = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
      cwd: root,
      encoding: "utf8",
    });
    const paths = (JSON.parse(files) as { files: { path: string }[] }[])[0]!.files.map(
      (f) => f.path,
    );
    expect(paths).toContain("dist/index.js");
    expect(paths).toContain("dist/index.d.ts");
    expect(paths).toContain("dist/cli/main.js");
    expect(
      paths.some((p) => p.startsWith("src/") || p.startsWith("test/") || p.startsWith("bench/")),
    ).toBe(false);
  });

  it("imports in an empty project and runs against an AWS endpoint", async () => {
    writeFileSync(
      join(project, "run.mjs"),
      `import { cove, CoveSession, CoveError, listTargets } from "botocove";
       if (typeof CoveSession !== "function" || typeof CoveError !== "function" || typeof listTargets !== "function") throw new Error("missing export");
       const out = await cove((s, x) => s.accountId + x, { progress: false, credentials: ${JSON.stringify(HUB_CREDENTIALS)}, region: "eu-west-1" })("!");
       console.log(JSON.stringify(out.Results.map((r) => r.Result).sort()));`,
    );
    const r = await run("node", ["run.mjs"], project);
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual([...aws.org.accounts.keys()].map((id) => `${id}!`).sort());
  });

  it("resolves its types through the exports map for a strict TypeScript consumer", async () => {
    writeFileSync(
      join(project, "check.ts"),
      `import { cove, type CoveOutput, type CoveSession } from "botocove";
       const f = cove(async (_s: CoveSession, n: number) => n * 2);
       export const out: Promise<CoveOutput<number>> = f(1);
       // @ts-expect-error the session is injected, not passed
       f({} as CoveSession, 1);`,
    );
    const tsc = join(root, "node_modules/typescript/bin/tsc");
    const r = await run(
      "node",
      [
        tsc,
        "--noEmit",
        "--strict",
        "--module",
        "nodenext",
        "--moduleResolution",
        "nodenext",
        "--target",
        "es2022",
        "--skipLibCheck",
        "check.ts",
      ],
      project,
    );
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it("installs the cove binary", async () => {
    const r = await run(join(project, "node_modules/.bin/cove"), ["--help"], project);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/targets/);
    expect(r.stdout).toMatch(/exec/);
  });
});
