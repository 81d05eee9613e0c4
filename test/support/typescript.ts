import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { ROOT } from "../cli/helpers.js";

/**
 * The TypeScript compilers the type tests, the docs' examples and the packed package's
 * consumer are checked with: the project's own (the devDependency, 5.9) and TypeScript 7 (the
 * Go-native compiler, `latest` on npm). TypeScript 7 is not a devDependency: its package's bin
 * is also called `tsc`, so beside `typescript` it would take over `node_modules/.bin/tsc` (the
 * build's compiler). It is installed on first use into node_modules/.cache instead.
 */
export const TYPESCRIPT_7 = "7.0.2";

/** One compiler: a name for test titles and the `tsc` script to run with node. */
export interface Compiler {
  name: string;
  tsc: string;
  /** Command-line options to run it with (before the test's own). */
  options: string[];
}

/** The project's own TypeScript (5.9). */
export const TYPESCRIPT_5: Compiler = {
  name: "TypeScript 5.9",
  tsc: join(ROOT, "node_modules/typescript/bin/tsc"),
  options: [],
};

/**
 * TypeScript 7 checks files in parallel by default; `--singleThreaded` gives the same
 * diagnostics for less CPU in all (the test suite is CPU-bound; other files use the cores).
 */
const TYPESCRIPT_7_OPTIONS = ["--singleThreaded"];

/** Where TypeScript 7 is installed (COVE_TS7_DIR moves it). */
function typescript7Dir(): string {
  return process.env.COVE_TS7_DIR ?? join(ROOT, `node_modules/.cache/typescript-${TYPESCRIPT_7}`);
}

/**
 * TypeScript 7's `tsc`, installed with npm into node_modules/.cache on first use (into a
 * temporary folder renamed into place, so test files starting together do not mix their
 * installs). Throws with the command to run by hand when npm cannot install it.
 */
export function typescript7(): Compiler {
  const dir = typescript7Dir();
  const tsc = join(dir, "node_modules/typescript/bin/tsc");
  if (!existsSync(tsc)) install(dir);
  return { name: "TypeScript 7", tsc, options: TYPESCRIPT_7_OPTIONS };
}

function install(dir: string): void {
  const staging = `${dir}.${process.pid}`;
  const spec = `typescript@${TYPESCRIPT_7}`;
  mkdirSync(dirname(dir), { recursive: true });
  try {
    execFileSync(
      "npm",
      [
        "install",
        "--prefix",
        staging,
        spec,
        "--no-save",
        "--no-audit",
        "--no-fund",
        "--loglevel=error",
      ],
      { stdio: "pipe" },
    );
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? String(error);
    throw new Error(
      `Could not install ${spec} for the TypeScript 7 checks: ${stderr.trim()}\n` +
        `Install it by hand: npm install --prefix ${dir} ${spec} --no-save`,
    );
  }
  try {
    renameSync(staging, dir);
  } catch {
    // Another test file installed it first.
    rmSync(staging, { recursive: true, force: true });
  }
}
