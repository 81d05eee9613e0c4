import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliEnv, oneLineNoStack, requireBuild, ROOT } from "../cli/helpers.js";
import { HUB_CREDENTIALS, useTestAws } from "../support/env.js";
import { TYPESCRIPT_5, typescript7, type Compiler } from "../support/typescript.js";
import { consumerProject, packTarball, run } from "./consumer.js";

const aws = useTestAws({ name: "Root", accounts: 3 });
const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
/** The consumer's own SDK client, on the same release line as ours (e.g. ^3.1169.0). */
const consumerIam = `@aws-sdk/client-iam@${manifest.dependencies["@aws-sdk/client-sts"]}`;
/** What a TypeScript consumer installs beside it (the README says so). */
const consumerTypes = `@types/node@${manifest.devDependencies["@types/node"]}`;
let project: string;
let tarball: string;
let paths: string[];

/** `npm pack` of this repository, installed into an empty project beside its own IAM client. */
beforeAll(() => {
  // dist/ is built by `npm test` first; the prepare script would rebuild it under the CLI tests' feet.
  requireBuild();
  // One pack: the paths checked are those of the tarball installed.
  ({ tarball, paths } = packTarball());
  project = consumerProject([tarball, consumerIam, consumerTypes]).dir;
}, 240_000);

afterAll(() => {
  for (const dir of [tarball && dirname(tarball), project]) {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
});

describe("the packed package", () => {
  it("ships dist, its TypeScript sources, README, docs and the license texts (no tests), with the exports map and bin", () => {
    expect(paths).toContain("dist/index.js");
    expect(paths).toContain("dist/index.d.ts");
    expect(paths).toContain("dist/cli/main.js");
    expect(paths).toContain("src/index.ts");
    // LGPL-3.0-or-later: the LGPL's text and the GPL's it extends.
    expect(paths).toContain("LICENSE");
    expect(paths).toContain("COPYING");
    expect(paths.some((p) => p.startsWith("test/") || p.startsWith("bench/"))).toBe(false);
    expect(paths.some((p) => p.startsWith("scripts/"))).toBe(false);
  });

  it("ships every file its source maps point at", () => {
    const maps = paths.filter((p) => p.endsWith(".map"));
    expect(maps).toContain("dist/index.js.map");
    expect(maps).toContain("dist/index.d.ts.map");
    const shipped = new Set(paths);
    const missing: string[] = [];
    for (const map of maps) {
      const { sources, sourceRoot = "" } = JSON.parse(readFileSync(join(ROOT, map), "utf8")) as {
        sources: string[];
        sourceRoot?: string;
      };
      for (const source of sources) {
        const target = normalize(join(dirname(map), sourceRoot, source));
        if (!shipped.has(target)) missing.push(`${map} -> ${target}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("shares one SDK copy with the consumer's own client (caret ranges dedupe)", async () => {
    const names = ["@aws-sdk/core", "@smithy/core", "@aws-sdk/client-sts"];
    // One npm ls: every copy of each package anywhere in the tree, with its path and version.
    const r = await run("npm", ["ls", ...names, "--all", "--parseable", "--long"], project);
    expect(r.status).toBe(0);
    // One line per copy (`path:name@version`): exactly one each, at the top of node_modules.
    const copies = r.stdout
      .trim()
      .split("\n")
      .map((line) => line.replace(/@[^@:/]+$/, "@VERSION"))
      .sort();
    expect(copies).toEqual(
      [...names].sort().map((name) => `${join(project, "node_modules", name)}:${name}@VERSION`),
    );
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

  it("botocove/testing: a consumer starts an organization from the tarball and cove sees a refusal", async () => {
    writeFileSync(
      join(project, "testing.mjs"),
      `import { cove } from "botocove";
       import { startTestOrganization } from "botocove/testing";
       const org = await startTestOrganization({ accounts: [{ name: "ok" }, { name: "no", refuse: true }] });
       org.useEnv();
       const out = await cove((s) => s.accountId, { ...org.options, progress: false })();
       const calls = await org.calls();
       await org.stop();
       console.log(JSON.stringify({ ok: out.Results.map((r) => r.Id), failed: out.FailedAssumeRole.map((f) => f.Id), assumed: calls.assumedAccounts, accounts: org.accounts }));`,
    );
    const r = await run("node", ["testing.mjs"], project);
    expect(r.stderr).toBe("");
    const got = JSON.parse(r.stdout) as Record<string, unknown> & {
      accounts: { ok: string; no: string };
    };
    expect(got).toEqual({
      ok: [got.accounts.ok],
      failed: [got.accounts.no],
      assumed: [got.accounts.ok],
      accounts: got.accounts,
    });
  });

  it("loads with require() from a CommonJS app and runs against an AWS endpoint", async () => {
    writeFileSync(
      join(project, "run.cjs"),
      `const { cove, CoveSession, CoveError, listTargets } = require("botocove");
       if (typeof CoveSession !== "function" || typeof CoveError !== "function" || typeof listTargets !== "function") throw new Error("missing export");
       cove((s) => s.accountId, { progress: false, credentials: ${JSON.stringify(HUB_CREDENTIALS)}, region: "eu-west-1" })()
         .then((out) => console.log(JSON.stringify(out.Results.map((r) => r.Result).sort())));`,
    );
    const r = await run("node", ["run.cjs"], project);
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual([...aws.org.accounts.keys()].sort());
  });

  describe.each([
    ["TypeScript 5.9", () => TYPESCRIPT_5],
    ["TypeScript 7", typescript7],
  ])("under %s", (_name, compiler: () => Compiler) => {
    /** tsc in the consumer, strict and without skipLibCheck, with `types: ["node"]` as the README says. */
    async function typeCheck(files: string[], module: string): Promise<string> {
      const r = await run(
        "node",
        [
          compiler().tsc,
          ...compiler().options,
          "--noEmit",
          "--strict",
          "--module",
          module,
          "--target",
          "es2022",
          "--types",
          "node",
          ...files,
        ],
        project,
      );
      return `${r.status} ${r.stdout}${r.stderr}`.trim();
    }

    it("ES module and CommonJS consumers type-check through the exports map", async () => {
      writeFileSync(
        join(project, "check.ts"),
        `import { cove, type CoveOutput, type CoveSession } from "botocove";
         const f = cove(async (_s: CoveSession, n: number) => n * 2);
         export const out: Promise<CoveOutput<number>> = f(1);
         // @ts-expect-error the session is injected, not passed
         f({} as CoveSession, 1);
         import { startTestOrganization, type TestOrganization } from "botocove/testing";
         export const org: Promise<TestOrganization> = startTestOrganization({ stsRate: 5 });`,
      );
      // A .cts file is CommonJS: module nodenext (or node20) lets it require the ES module.
      writeFileSync(
        join(project, "check-cjs.cts"),
        `import botocove = require("botocove");
         import { cove, type CoveSession } from "botocove";
         export const f = botocove.cove(async (_s: botocove.CoveSession, n: number) => n * 2);
         export const g: (n: number) => Promise<botocove.CoveOutput<number>> = cove(async (_s: CoveSession, n: number) => n);
         // @ts-expect-error the session is injected, not passed
         f({} as CoveSession, 1);`,
      );
      expect(await typeCheck(["check.ts", "check-cjs.cts"], "nodenext")).toBe("0");
    }, 240_000); // without skipLibCheck TypeScript 5.9 reads every SDK .d.ts: slow on a busy machine
  });

  it("installs the cove binary", async () => {
    const r = await run(join(project, "node_modules/.bin/cove"), ["--help"], project);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/targets/);
    expect(r.stdout).toMatch(/exec/);
  });

  it("does not install tsx (an optional peer); cove run x.ts then names the install command", async () => {
    expect(existsSync(join(project, "node_modules/tsx"))).toBe(false);
    writeFileSync(join(project, "task.ts"), "export default (): number => 1;\n");
    const r = await run(
      join(project, "node_modules/.bin/cove"),
      ["run", "task.ts", "--yes"],
      project,
      cliEnv(aws.proxy.url),
    );
    expect(r.status).toBe(2);
    expect(oneLineNoStack(r.stderr)).toBe(
      "cove: error: Running a .ts module needs tsx (an optional peer dependency of botocove): npm install tsx",
    );
    expect(aws.proxy.requests).toEqual([]);
  });
});
