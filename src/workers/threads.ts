import { availableParallelism } from "node:os";

/** The most worker threads the default picks. */
export const DEFAULT_WORKERS_CAP = 8;
/** The most worker threads a call (or `cove run --workers`) may ask for. */
export const MAX_WORKERS = 256;

/**
 * `os.availableParallelism()` capped at {@link DEFAULT_WORKERS_CAP}. Its own module, so that
 * `cove run --help` can show it without loading the pool.
 */
export function defaultWorkers(): number {
  return Math.min(availableParallelism(), DEFAULT_WORKERS_CAP);
}
