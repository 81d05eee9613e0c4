import { CoveError } from "../index.js";

/** Exit codes of the `cove` command. */
export const EXIT = {
  /** Every run succeeded. */
  OK: 0,
  /** At least one Exception or FailedAssumeRole (or the prompt was declined). */
  FAILED: 1,
  /** Bad usage, or a CoveError before any run. */
  USAGE: 2,
  /** Interrupted (Ctrl-C). */
  INTERRUPTED: 130,
} as const;

/** A mistake in the command line (a bad flag value, a missing file, …): exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** Collapses a message to one line. */
export function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, " ").trim();
}

/** The library option a flag sets, to name the flag in the library's error messages. */
const FLAG_OF_OPTION = new Map<string, string>();

/** Remembers which flag sets which library option (filled in by the flag table). */
export function registerFlag(option: string, flag: string): void {
  FLAG_OF_OPTION.set(option, flag);
}

/** The one-line message for an error that stops the command. */
export function errorLine(error: unknown): string {
  if (error instanceof CoveError) {
    const base = error.option?.replace(/[[.].*$/, "");
    const flag = base === undefined ? undefined : FLAG_OF_OPTION.get(base);
    return oneLine(`${error.message}${flag ? ` (flag ${flag})` : ""} [${error.code}]`);
  }
  if (error instanceof UsageError) return oneLine(error.message);
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return oneLine(
      `${error.name === "Error" ? "" : `${error.name}: `}${error.message}${typeof code === "string" ? ` [${code}]` : ""}`,
    );
  }
  return oneLine(String(error));
}
