import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../cli/helpers.js";
import { consumerProject, run } from "./consumer.js";

let project: string;
let repo: string;
/** What npm and the scripts it ran in the foreground printed. */
let installed: string;

/** A one-commit git repository of the working tree as it is (tracked and new files, no ignored ones). */
function commitWorkingTree(): string {
  const repo = mkdtempSync(join(tmpdir(), "cove-git-"));
  const listed = execFileSync(
    "git",
    ["ls-files", "-z", "--cached", "--others", "--exclude-standard"],
    {
      cwd: ROOT,
      encoding: "utf8",
    },
  );
  for (const file of listed.split("\0").filter((f) => f && existsSync(join(ROOT, f)))) {
    mkdirSync(dirname(join(repo, file)), { recursive: true });
    copyFileSync(join(ROOT, file), join(repo, file));
  }
  const git = (...args: string[]) => execFileSync("git", args, { cwd: repo, stdio: "pipe" });
  git("init", "--quiet");
  git("add", "--all");
  git(
    "-c",
    "user.name=cove test",
    "-c",
    "user.email=test@example.com",
    "commit",
    "--quiet",
    "-m",
    "snapshot",
  );
  return repo;
}

/** `npm install git+file://…` into an empty project: npm clones, installs dev deps, runs prepare. */
beforeAll(() => {
  repo = commitWorkingTree();
  // --foreground-scripts: the prepare run when npm packs the clone prints here.
  ({ dir: project, output: installed } = consumerProject(
    [`git+file://${repo}`],
    ["--foreground-scripts"],
  ));
}, 300_000);

afterAll(() => {
  for (const dir of [repo, project]) if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("installing from git", () => {
  it("carries the built dist/ (built by the prepare script)", () => {
    const pkg = join(project, "node_modules/botocove");
    expect(existsSync(join(pkg, "dist/index.js"))).toBe(true);
    expect(existsSync(join(pkg, "dist/index.d.ts"))).toBe(true);
    expect(existsSync(join(pkg, "dist/cli/main.js"))).toBe(true);
  });

  it("builds once: the second prepare (npm packing the clone) finds dist/ built from the same sources", () => {
    expect(installed).toContain(
      "prepare: dist/ is already the build of these sources; not building again",
    );
  });

  it("imports", async () => {
    writeFileSync(
      join(project, "import.mjs"),
      `import { cove, listTargets, CoveError } from "botocove";
       console.log([cove, listTargets, CoveError].map((x) => typeof x).join(","));`,
    );
    const r = await run("node", ["import.mjs"], project);
    expect(r).toEqual({ status: 0, stdout: "function,function,function\n", stderr: "" });
  });

  it("runs cove --help", async () => {
    const r = await run(join(project, "node_modules/.bin/cove"), ["--help"], project);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Usage: cove/);
    expect(r.stdout).toMatch(/targets/);
  });
});
