import { resolveOptions } from "../../src/options/index.js";

/** The error `resolveOptions(options)` throws; fails the test when it throws none. */
export function fails(options: unknown): Error {
  try {
    resolveOptions(options);
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected resolveOptions to throw");
}
