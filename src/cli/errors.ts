import { inspect } from "node:util";
import { CoveError } from "../errors/cove-error.js";
import { safeString, serializeError } from "./output/serialize.js";

/** Exit codes of the `cove` command. */
export const EXIT = {
  /** Every run succeeded. */
  OK: 0,
  /**
   * At least one Exception or FailedAssumeRole (or the prompt was declined), or output that
   * could not be written (a full disk, a file where a folder should be, …).
   */
  FAILED: 1,
  /** Bad usage, or a CoveError before any run. */
  USAGE: 2,
  /** Stopped by SIGHUP (128 + 1): the terminal went away. */
  HANGUP: 129,
  /** Interrupted (Ctrl-C). */
  INTERRUPTED: 130,
  /** Stopped by SIGTERM (128 + 15). */
  TERMINATED: 143,
  /** stdout was closed by its reader (`cove … | head`): 128 + SIGPIPE, as a shell reports it. */
  BROKEN_PIPE: 141,
} as const;

/** A mistake in the command line (a bad flag value, a missing file, …): exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** Collapses a message to one line. */
function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, " ").trim();
}

/** The library option a flag sets, to name the flag in the library's error messages. */
const FLAG_OF_OPTION = new Map<string, string>();

/** Remembers which flag sets which library option (filled in by the flag table). */
export function registerFlag(option: string, flag: string): void {
  FLAG_OF_OPTION.set(option, flag);
}

/** Whether `error` is a CoveError (with `code`, when given), without trusting the value. */
export function isCoveError(error: unknown, code?: string): error is CoveError {
  try {
    return error instanceof CoveError && (code === undefined || error.code === code);
  } catch {
    return false;
  }
}

function isInstance(error: unknown, type: new (...args: never[]) => Error): boolean {
  try {
    return error instanceof type;
  } catch {
    return false;
  }
}

/** A CoveError's message, the flag of its option, and its code. */
function coveErrorLine(error: CoveError): string {
  const base = error.option?.replace(/[[.].*$/, "");
  const flag = base === undefined ? undefined : FLAG_OF_OPTION.get(base);
  return `${error.message}${flag ? ` (flag ${flag})` : ""} [${error.code}]`;
}

/** `Name: message [code]` of any thrown value (`Error` left out as the name). */
function thrownLine(error: unknown): string {
  if (typeof error !== "object" || error === null) return safeString(error);
  const e = serializeError(error);
  return `${e.name === "Error" ? "" : `${e.name}: `}${e.message}${e.code !== undefined ? ` [${e.code}]` : ""}`;
}

/**
 * The one-line message for an error that stops the command, whatever was thrown. A refusal of
 * the CLI's own (a UsageError) thrown from a library callback (`onHub`: the journal's hub
 * check) is said as it is, not as the library's `CALLBACK_FAILED`.
 */
export function errorLine(error: unknown): string {
  try {
    if (isCoveError(error, "CALLBACK_FAILED") && isInstance(error.cause, UsageError))
      return errorLine(error.cause);
    if (isCoveError(error)) return oneLine(coveErrorLine(error));
    if (isInstance(error, UsageError)) return oneLine((error as UsageError).message);
    return oneLine(thrownLine(error));
  } catch {
    return "a value that cannot be shown was thrown";
  }
}

/** The details `--debug` prints (`inspect`, with the stack) of a thrown value, whatever it does. */
export function debugText(error: unknown): string {
  try {
    return inspect(error, { depth: 6 });
  } catch {
    return errorLine(error);
  }
}
