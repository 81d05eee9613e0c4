import { accessSync, constants } from "node:fs";
import { delimiter, isAbsolute, join, resolve } from "node:path";
import type { SessionInformation } from "../../index.js";
import { UsageError } from "../errors.js";
import { CONTROL_OR_BIDI } from "../output/escape.js";

/** Characters of stderr kept in a failure. */
const STDERR_TAIL = 4096;

/** What a successful command run becomes: the `Result` of its record. */
export interface ExecResult {
  exitCode: 0;
  /**
   * The command's standard output as text; with `--stdout-json`, the JSON value it held when
   * it was one JSON document ({@link stdoutValue}).
   */
  stdout: unknown;
  stderr: string;
}

/**
 * `stdout` as a record keeps it: with `--stdout-json`, the parsed value when the whole output
 * (surrounding whitespace aside) is one JSON document, else the text as it is (empty output,
 * several documents, plain text, output cut at the capture limit).
 */
export function stdoutValue(text: string, parseJson: boolean): unknown {
  if (!parseJson || text.trim() === "") return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** A command that exited non-zero or was killed: an Exception record. */
export class CommandFailedError extends Error {
  override readonly name = "CommandFailed";
  readonly code = "COMMAND_FAILED";
  /** The exit code, when the command exited by itself. */
  readonly exitCode: number | undefined;
  /** The signal that ended it, when it was killed. */
  readonly signal: string | undefined;
  /** The tail of its stderr. */
  readonly stderr: string;

  constructor(exitCode: number | null, signal: string | null, stderr: string) {
    const tail =
      stderr.length > STDERR_TAIL
        ? stderr.slice(stderr.indexOf("\n", stderr.length - STDERR_TAIL) + 1)
        : stderr;
    const lastLine = tail.trimEnd().split("\n").pop()?.trim();
    super(
      `${exitCode !== null ? `Command exited with code ${exitCode}` : `Command was killed by ${signal ?? "a signal"}`}${lastLine ? `: ${lastLine}` : ""}`,
    );
    this.exitCode = exitCode ?? undefined;
    this.signal = signal ?? undefined;
    this.stderr = tail;
  }
}

const PLACEHOLDER = /\{(account|region|name)\}/g;

/**
 * What may not stand in a `{name}`: path separators, control characters (NUL included) and
 * the bidirectional formatting marks.
 */
const UNSAFE_IN_NAME = new RegExp(`[/\\\\${CONTROL_OR_BIDI}]`, "g");

/**
 * An account name made safe to stand in an argument: it cannot leave a folder (no `/` or `\`,
 * and not `.` or `..`), cannot become an option (no leading `-`), and holds no control or
 * bidirectional character. Each such character becomes `_`.
 */
export function safeName(name: string): string {
  const safe = name.replace(UNSAFE_IN_NAME, "_").replace(/^-/, "_");
  return /^\.+$/.test(safe) ? "_".repeat(safe.length) : safe;
}

/**
 * Replaces `{account}`, `{region}` and `{name}` in one argument: the account id and region as
 * they are (the library checked both), the account name made safe ({@link safeName}).
 */
export function fillPlaceholders(
  arg: string,
  info: Pick<SessionInformation, "Id" | "Region" | "Name">,
): string {
  return arg.replace(PLACEHOLDER, (_, key: string) =>
    key === "account" ? info.Id : key === "region" ? info.Region : safeName(info.Name ?? ""),
  );
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Fails with a usage error when a command without placeholders cannot be found or run. */
export function checkCommand(command: string, env: NodeJS.ProcessEnv = process.env): void {
  if (command.trim() === "")
    throw new UsageError("exec needs a command after --, and the command given is empty.");
  if (/\{(account|region|name)\}/.test(command)) return;
  if (command.includes("/")) {
    if (!isExecutable(isAbsolute(command) ? command : resolve(command)))
      throw new UsageError(`Command not found or not executable: ${command}`);
    return;
  }
  const dirs = (env.PATH ?? "").split(delimiter).filter((d) => d !== "");
  if (!dirs.some((d) => isExecutable(join(d, command))))
    throw new UsageError(`Command not found on PATH: ${command}`);
}

/**
 * The table and CSV cell of an exec result: its stdout without the final newline; a parsed
 * stdout (`--stdout-json`) as compact JSON.
 */
export function execResultText(result: unknown): string {
  const r = result as Partial<ExecResult> | undefined;
  if (typeof r?.stdout === "string") return r.stdout.replace(/\r?\n$/, "");
  return r?.stdout === undefined ? "" : JSON.stringify(r.stdout);
}
