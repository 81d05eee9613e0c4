/**
 * Makes `moto_server` (the local AWS of `npm run demo` and `npm test`) available: the one on
 * PATH when there is one, else a Python virtual environment under node_modules/.cache/moto,
 * made once with `python3 -m venv` and `pip install "moto[server]"` and reused after.
 *
 *   node --import tsx scripts/moto.ts            # prints the directory to put first on PATH
 *                                                #   (nothing when moto_server is on PATH)
 *   node --import tsx scripts/moto.ts CMD ARG…   # runs CMD with that directory on PATH
 *
 * Environment: COVE_MOTO_VENV (where the virtual environment lives), COVE_PYTHON (the
 * interpreter that makes it; default python3).
 */
import { spawn, spawnSync, type SpawnSyncReturns } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { constants } from "node:os";
import { delimiter, dirname, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";

/** The repository root (node_modules/.cache lives here). */
const ROOT = resolve(import.meta.dirname, "..");

/** moto could not be made available; the message says what to do. */
export class MotoSetupError extends Error {
  override readonly name = "MotoSetupError";
}

/** Where moto is looked for and installed. */
export interface MotoSetup {
  /** The environment to read (PATH, COVE_MOTO_VENV, COVE_PYTHON, PIP_*). */
  env?: NodeJS.ProcessEnv;
  /** Receives the one line said before installing. */
  log?: (line: string) => void;
}

/** The virtual environment's directory. */
export function motoVenv(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.COVE_MOTO_VENV ?? join(ROOT, "node_modules/.cache/moto"));
}

/**
 * Makes sure `moto_server` runs: returns `undefined` when it is on PATH, else the bin
 * directory of the virtual environment holding it (installing it there first if needed).
 * Throws {@link MotoSetupError} with the commands to run by hand when it cannot.
 */
export function ensureMoto({
  env = process.env,
  log = (line) => process.stderr.write(`${line}\n`),
}: MotoSetup = {}): string | undefined {
  if (runs("moto_server", env)) return undefined;
  const venv = motoVenv(env);
  const bin = join(venv, "bin");
  if (runs(join(bin, "moto_server"), env)) return bin;
  const python = env.COVE_PYTHON ?? "python3";
  log(
    `moto_server is not on PATH: installing "moto[server]" into ${shown(venv)} ` +
      `(${python} -m venv, then pip install; later runs reuse it)`,
  );
  if (!existsSync(join(bin, "pip"))) createVenv(python, venv, env);
  pipInstall(python, venv, env);
  if (!runs(join(bin, "moto_server"), env)) {
    throw new MotoSetupError(
      `pip installed "moto[server]" into ${venv}, but moto_server does not run.`,
    );
  }
  return bin;
}

/** Whether `command --help` exits 0. */
function runs(command: string, env: NodeJS.ProcessEnv): boolean {
  return spawnSync(command, ["--help"], { env, stdio: "ignore" }).status === 0;
}

/** `python -m venv DIR`, or a message naming what is missing. */
function createVenv(python: string, venv: string, env: NodeJS.ProcessEnv): void {
  rmSync(venv, { recursive: true, force: true });
  // Run beside the environment: `-m` also looks in the working directory (a ./venv there would shadow it).
  mkdirSync(dirname(venv), { recursive: true });
  const r = spawnSync(python, ["-m", "venv", venv], { env, cwd: dirname(venv), encoding: "utf8" });
  if ((r.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT") {
    throw new MotoSetupError(
      `${python} was not found. Install Python 3 (Debian/Ubuntu: apt-get install python3 python3-venv), ` +
        `or put moto_server on PATH (pip install "moto[server]").`,
    );
  }
  if (r.error) throw new MotoSetupError(`${python} could not be started: ${r.error.message}`);
  if (r.status !== 0) {
    rmSync(venv, { recursive: true, force: true });
    throw new MotoSetupError(
      `${python} -m venv failed (${lastLine(r)}): Python's venv module with ensurepip is missing. ` +
        `On Debian/Ubuntu install the python3-venv package (apt-get install python3-venv), then run again.`,
    );
  }
}

/** `pip install "moto[server]"` in the virtual environment, or the commands to run by hand. */
function pipInstall(python: string, venv: string, env: NodeJS.ProcessEnv): void {
  const pip = join(venv, "bin", "pip");
  const r = spawnSync(pip, ["install", "--quiet", "--disable-pip-version-check", "moto[server]"], {
    env,
    encoding: "utf8",
  });
  if (r.status === 0) return;
  throw new MotoSetupError(
    [
      `pip could not install "moto[server]" (${lastLine(r)}); can it reach its package index?`,
      "Install it by hand, then run again:",
      `  ${python} -m venv ${venv}`,
      `  ${pip} install "moto[server]"`,
      `or put moto_server on PATH: pip install "moto[server]"`,
    ].join("\n"),
  );
}

/** The last non-empty line a process printed (its error, usually). */
function lastLine(r: SpawnSyncReturns<string>): string {
  const lines = `${r.stdout ?? ""}\n${r.stderr ?? ""}`.split("\n").filter((l) => l.trim());
  return lines.at(-1)?.trim() ?? `exit code ${r.status}`;
}

/** A path as a person would type it from here. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith("..") ? rel : path;
}

/** The command-line entry: print the bin directory, or run a command with it on PATH. */
function main(argv: string[]): void {
  let bin: string | undefined;
  try {
    bin = ensureMoto();
  } catch (error) {
    if (!(error instanceof MotoSetupError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  const [command, ...args] = argv;
  if (command === undefined) {
    if (bin) process.stdout.write(`${bin}\n`);
    return;
  }
  const PATH = bin ? `${bin}${delimiter}${process.env.PATH ?? ""}` : process.env.PATH;
  const child = spawn(command, args, { stdio: "inherit", env: { ...process.env, PATH } });
  // Ctrl-C reaches the child too; let it decide how to end.
  process.on("SIGINT", () => {});
  child.on("error", (error) => {
    process.stderr.write(`${command}: ${error.message}\n`);
    process.exit(127);
  });
  child.on("close", (code, signal) =>
    process.exit(code ?? 128 + (signal ? constants.signals[signal] : 0)),
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2));
}
