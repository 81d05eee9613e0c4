import { execFile, execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { ROOT } from "../cli/helpers.js";

/** What a finished program left. */
export interface Ran {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs a program without blocking this process (a test proxy may live in it). */
export async function run(
  file: string,
  args: string[],
  cwd: string,
  env?: NodeJS.ProcessEnv,
): Promise<Ran> {
  try {
    const { stdout, stderr } = await promisify(execFile)(file, args, {
      cwd,
      env,
      encoding: "utf8",
    });
    return { status: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { status: err.code ?? 1, stdout: err.stdout ?? "", stderr: err.stderr ?? "" };
  }
}

/** What `npm pack` made: the tarball and the paths it holds. */
export interface Packed {
  tarball: string;
  paths: string[];
}

/** `npm pack` of this repository as it is (dist/ already built), into a temp folder. */
export function packTarball(): Packed {
  const packDir = mkdtempSync(join(tmpdir(), "cove-pack-"));
  const out = execFileSync(
    "npm",
    ["pack", "--pack-destination", packDir, "--json", "--ignore-scripts"],
    { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
  );
  const tarball = readdirSync(packDir).find((f) => f.endsWith(".tgz"));
  if (!tarball) throw new Error("npm pack produced no tarball");
  const [packed] = JSON.parse(out) as { files: { path: string }[] }[];
  return { tarball: join(packDir, tarball), paths: packed!.files.map((f) => f.path) };
}

/** An empty ESM project in a temp folder with `specs` installed, as a user would. */
export function consumerProject(
  specs: string[],
  extraArgs: string[] = [],
): { dir: string; output: string } {
  const dir = mkdtempSync(join(tmpdir(), "cove-consumer-"));
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({ name: "consumer", private: true, type: "module" }),
  );
  const args = ["install", ...specs, "--no-audit", "--no-fund", "--prefer-offline"];
  const r = spawnSync("npm", [...args, "--loglevel=error", ...extraArgs], {
    cwd: dir,
    encoding: "utf8",
  });
  if (r.status !== 0) {
    throw new Error(`npm ${args.join(" ")} failed (${r.status ?? r.signal}): ${r.stderr}`);
  }
  return { dir, output: r.stdout + r.stderr };
}
