import { existsSync } from "node:fs";
import { extname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { CoveSession } from "../index.js";
import { chooseExport } from "../workers/choose-export.js";
import { UsageError } from "./errors.js";
import { serializeError } from "./output/serialize.js";

/** A function `cove run` can call: the session first, then the ARGS as strings. */
export type ModuleTask = (session: CoveSession, ...args: string[]) => unknown;

const TYPESCRIPT = new Set([".ts", ".mts", ".cts"]);
const JAVASCRIPT = new Set([".js", ".mjs", ".cjs"]);

/** The `file:` URL of a module `cove run` can run; a UsageError when it is missing or not JS/TS. */
export function moduleUrl(path: string, cwd: string): string {
  const file = resolve(cwd, path);
  if (!existsSync(file)) throw new UsageError(`Module not found: ${path}`);
  const ext = extname(file);
  if (!TYPESCRIPT.has(ext) && !JAVASCRIPT.has(ext)) {
    throw new UsageError(`Module ${path} must be a .js, .mjs, .cjs, .ts, .mts or .cts file.`);
  }
  return pathToFileURL(file).href;
}

/** Imports a `.js`, `.mjs`, `.cjs` or (through tsx, without a build step) `.ts` module. */
export async function importModule(path: string, cwd: string): Promise<Record<string, unknown>> {
  const url = moduleUrl(path, cwd);
  const tsImport = TYPESCRIPT.has(extname(resolve(cwd, path))) ? await loadTsx() : undefined;
  try {
    if (tsImport) return (await tsImport(url, import.meta.url)) as Record<string, unknown>;
    return (await import(url)) as Record<string, unknown>;
  } catch (error) {
    throw new UsageError(`Could not load ${path}: ${serializeError(error).message}`);
  }
}

/**
 * Checks, before anything runs, that a `.ts` module can be loaded: tsx is there (the worker
 * threads of `--workers` load it on their own, and would each fail less clearly).
 */
export async function checkModuleLoader(path: string, cwd: string): Promise<void> {
  moduleUrl(path, cwd);
  if (TYPESCRIPT.has(extname(resolve(cwd, path)))) await loadTsx();
}

/** tsx's importer, an optional peer dependency loaded only for `.ts` modules. */
async function loadTsx() {
  try {
    return (await import("tsx/esm/api")).tsImport;
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (e.code === "ERR_MODULE_NOT_FOUND" && /'tsx'/.test(e.message)) {
      throw new UsageError(
        "Running a .ts module needs tsx (an optional peer dependency of botocove): npm install tsx",
      );
    }
    throw error;
  }
}

/**
 * The function to run: `--export NAME`, else the default export, else the module's only
 * exported function.
 */
export function pickExport(
  mod: Record<string, unknown>,
  path: string,
  name: string | undefined,
): ModuleTask {
  try {
    return chooseExport<ModuleTask>(mod, name, "pick a function with --export NAME");
  } catch (error) {
    // "The module has no …" in the words of the command line: "PATH has no …".
    const message = (error as Error).message.replace(/^The module has /, `${path} has `);
    throw new UsageError(message);
  }
}
