import type { CoveSession } from "../index.js";
import { CoveError } from "../errors/cove-error.js";
import { WorkerPool } from "../workers/pool.js";
import { UsageError } from "./errors.js";
import type { CliContext } from "./context.js";
import { checkModuleLoader, moduleUrl } from "./run-module.js";

/** A module's function running on worker threads, and how to end them. */
export interface ModuleWorkers {
  task: (session: CoveSession) => Promise<unknown>;
  close(): Promise<void>;
}

/**
 * Starts `workers` threads that each import the module, before any AWS call. What the module
 * prints goes to stderr, redacted, as in-process. A module that fails to load is a UsageError.
 */
export async function startModuleWorkers(
  path: string,
  exportName: string | undefined,
  args: string[],
  workers: number,
  ctx: CliContext,
): Promise<ModuleWorkers> {
  await checkModuleLoader(path, ctx.cwd);
  try {
    const pool = await WorkerPool.start({
      setup: { module: moduleUrl(path, ctx.cwd), exportName },
      workers,
      resourceLimits: undefined,
      onOutput: (text) => ctx.stderr.write(ctx.secrets.scrub(text)),
    });
    return { task: (session) => pool.task(session, ...args), close: () => pool.close() };
  } catch (error) {
    if (error instanceof CoveError && error.code === "MODULE_IMPORT_FAILED") {
      const message = (error.cause as Error | undefined)?.message ?? error.message;
      // A missing export reads as in-process: "PATH has no exported function …".
      if (message.startsWith("The module has ")) {
        throw new UsageError(`${path} has ${message.slice("The module has ".length)}`);
      }
      throw new UsageError(`Could not load ${path}: ${message}`);
    }
    throw error;
  }
}
