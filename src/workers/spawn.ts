import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { extname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker, type ResourceLimits } from "node:worker_threads";
import { CoveError } from "../errors/cove-error.js";
import type { WorkerSetup } from "./protocol.js";

const TYPESCRIPT = new Set([".ts", ".mts", ".cts"]);

/** How each worker of a pool is started. */
export interface SpawnSettings {
  setup: WorkerSetup;
  resourceLimits: ResourceLimits | undefined;
  /** Receives what the module writes to stdout and stderr; `undefined`: the process's own. */
  onOutput: ((text: string) => void) | undefined;
  /** `file:` URL of tsx's ESM API, when the module (or this entry) is TypeScript. */
  tsx: string | undefined;
}

/** The worker entry beside this file (`.ts` when botocove itself runs from source). */
const ENTRY = new URL(`./worker${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`, import.meta.url)
  .href;

/** Whether the module at `url` is TypeScript. */
export function isTypeScript(url: string): boolean {
  return TYPESCRIPT.has(extname(fileURLToPath(url)));
}

/**
 * tsx's `register()` entry when the module (or botocove's own entry, run from source) is
 * TypeScript; a `CoveError` MISSING_DEPENDENCY when tsx is not installed.
 */
export function tsxFor(moduleUrl: string): string | undefined {
  const ts = isTypeScript(moduleUrl) || ENTRY.endsWith(".ts");
  if (!ts) return undefined;
  try {
    // The package's `require` entry is what createRequire finds; its ESM twin sits beside it.
    const cjs = createRequire(import.meta.url).resolve("tsx/esm/api");
    const esm = cjs.replace(/\.cjs$/, ".mjs");
    return pathToFileURL(existsSync(esm) ? esm : cjs).href;
  } catch (error) {
    throw new CoveError(
      "MISSING_DEPENDENCY",
      "Running a .ts module on worker threads needs tsx (an optional peer dependency of botocove): npm install tsx",
      { cause: error },
    );
  }
}

/** The bootstrap each worker evaluates: registers tsx when needed, then loads the entry. */
function bootstrap(settings: SpawnSettings): string {
  const entry = JSON.stringify(ENTRY);
  // botocove's own entry needs tsx registered only when botocove runs from source.
  if (settings.tsx === undefined || !ENTRY.endsWith(".ts")) return `import(${entry});`;
  const tsx = JSON.stringify(settings.tsx);
  return (
    `import(${tsx}).then((api) => { (api.register ?? api.default.register)(); ` +
    `return import(${entry}); });`
  );
}

/** Starts one worker thread running the cove worker entry for `settings.setup`. */
export function spawnWorker(settings: SpawnSettings): Worker {
  const piped = settings.onOutput !== undefined;
  const worker = new Worker(bootstrap(settings), {
    eval: true,
    workerData: {
      ...settings.setup,
      tsx: isTypeScript(settings.setup.module) ? settings.tsx : undefined,
    },
    stdout: piped,
    stderr: piped,
    ...(settings.resourceLimits ? { resourceLimits: settings.resourceLimits } : {}),
  });
  if (settings.onOutput) {
    const forward = settings.onOutput;
    worker.stdout.setEncoding("utf8").on("data", (text: string) => forward(text));
    worker.stderr.setEncoding("utf8").on("data", (text: string) => forward(text));
  }
  return worker;
}
