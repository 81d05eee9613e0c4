import { InvalidArgumentError } from "commander";
import { defaultWorkers, MAX_WORKERS } from "../workers/threads.js";

/** `--workers N`: an integer from 1 to 256, refused (usage error) before anything runs. */
export function parseWorkers(value: string): number {
  const n = /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_WORKERS) {
    throw new InvalidArgumentError(`expected an integer from 1 to ${MAX_WORKERS}.`);
  }
  return n;
}

/** The help of `--workers`, with this machine's default. */
export const WORKERS_HELP =
  "worker threads that run the module's function (1: in this thread) " +
  `[default: CPU cores, at most 8; here ${defaultWorkers()}]`;
