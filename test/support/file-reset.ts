import { afterAll, vi } from "vitest";

/*
 * Setup file of the `unit` project, whose files share worker processes (`isolate: false`:
 * one Node start and one import of the SDK per worker instead of per file, a third of the
 * CPU). Vitest runs this before each file; after the file's last hook it puts back what a
 * file may change for the next one in the same process: the environment, the working
 * directory, the clock, stubbed globals and environment variables, spies, and this project's
 * own modules (re-evaluated for the next file, so module state such as test seams starts
 * fresh; packages from node_modules stay loaded).
 */

const env = { ...process.env };
const cwd = process.cwd();

afterAll(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  vi.resetModules();
  for (const key of Object.keys(process.env)) if (!(key in env)) delete process.env[key];
  Object.assign(process.env, env);
  if (process.cwd() !== cwd) process.chdir(cwd);
});
