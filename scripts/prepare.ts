/**
 * The `prepare` script: `npm run build`, unless dist/ is already the build of these very
 * sources. Installing botocove from git (`npm install git+https://…`) runs `prepare` twice in
 * the same fresh clone — once when npm installs the clone's dependencies, once more when it
 * packs the clone — and the second build would redo the first (half the install's CPU).
 *
 * After a successful build it records two fingerprints in node_modules/.cache: of the build's
 * inputs (the contents of src/, the build scripts, the tsconfigs, package.json and the
 * versions of the compilers) and of its outputs (the path, size and modification time of every
 * file under dist/ and src/cli/report/generated/). The next `prepare` skips the build only
 * when both still match: a changed source, a failed or partial build since, or a touched
 * output file all rebuild. `npm run build` itself always builds.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
/** Written by the build (scripts/build-page.ts): an output, not an input. */
const GENERATED = "src/cli/report/generated";
/** Where the fingerprints of the last build `prepare` ran are kept (under the root). */
export const STAMP = "node_modules/.cache/botocove-prepare.json";

/** What the last build was made from and what it left. */
export interface Stamp {
  inputs: string;
  outputs: string;
}

/** Every file under `dir` (absolute paths, sorted), none when it does not exist. */
function filesUnder(dir: string, skip?: string): string[] {
  if (!existsSync(dir)) return [];
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (path === skip) continue;
    if (entry.isDirectory()) found.push(...filesUnder(path, skip));
    else found.push(path);
  }
  return found.sort();
}

/** The contents of everything the build reads, and the versions of what compiles it. */
export function inputsFingerprint(root = ROOT): string {
  const hash = createHash("sha256");
  const files = [
    ...filesUnder(join(root, "src"), join(root, GENERATED)),
    ...["scripts/build-page.ts", "scripts/prepare.ts", "package.json"].map((f) => join(root, f)),
    ...["tsconfig.json", "tsconfig.build.json"].map((f) => join(root, f)),
    ...["typescript", "esbuild", "tsx"].map((p) => join(root, "node_modules", p, "package.json")),
  ];
  for (const file of files) {
    hash.update(`${relative(root, file)}\0`);
    hash.update(existsSync(file) ? readFileSync(file) : "(missing)");
    hash.update("\0");
  }
  return hash.digest("hex");
}

/** Path, size and modification time of every file the build wrote ("" when there is none). */
export function outputsFingerprint(root = ROOT): string {
  const files = [...filesUnder(join(root, "dist")), ...filesUnder(join(root, GENERATED))];
  if (!files.some((f) => f.startsWith(join(root, "dist") + "/"))) return "";
  const hash = createHash("sha256");
  for (const file of files) {
    const { size, mtimeMs } = statSync(file);
    hash.update(`${relative(root, file)}\0${size}\0${mtimeMs}\n`);
  }
  return hash.digest("hex");
}

/** The recorded fingerprints, or undefined when there are none (or they do not parse). */
function readStamp(path: string): Stamp | undefined {
  try {
    const stamp = JSON.parse(readFileSync(path, "utf8")) as Partial<Stamp>;
    if (typeof stamp.inputs === "string" && typeof stamp.outputs === "string") {
      return { inputs: stamp.inputs, outputs: stamp.outputs };
    }
  } catch {
    // No stamp yet, or not ours: build.
  }
  return undefined;
}

/** Where and how {@link prepare} builds. */
export interface PrepareOptions {
  /** The package's root. @default this repository */
  root?: string;
  /** Builds; returns the exit code. @default `npm run build` in the root */
  build?: () => number;
  /** Receives the line said when the build is skipped. @default a line on stderr */
  log?: (line: string) => void;
}

/** Builds unless the last build's fingerprints still hold; returns the exit code to end with. */
export function prepare({
  root = ROOT,
  build = () => spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" }).status ?? 1,
  log = (line) => process.stderr.write(`${line}\n`),
}: PrepareOptions = {}): number {
  const stampPath = join(root, STAMP);
  const inputs = inputsFingerprint(root);
  const stamp = readStamp(stampPath);
  const outputs = outputsFingerprint(root);
  if (stamp && outputs !== "" && stamp.inputs === inputs && stamp.outputs === outputs) {
    log("prepare: dist/ is already the build of these sources; not building again");
    return 0;
  }
  rmSync(stampPath, { force: true });
  const status = build();
  if (status !== 0) return status;
  mkdirSync(dirname(stampPath), { recursive: true });
  const fresh: Stamp = { inputs, outputs: outputsFingerprint(root) };
  // Whole or not at all: a stamp cut short does not parse, and the next prepare builds.
  writeFileSync(`${stampPath}.${process.pid}`, `${JSON.stringify(fresh)}\n`);
  renameSync(`${stampPath}.${process.pid}`, stampPath);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = prepare();
}
