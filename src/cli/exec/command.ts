import { accessSync, constants } from "node:fs";
import { delimiter, isAbsolute, join, resolve } from "node:path";
import type { SessionInformation } from "../../index.js";
import { UsageError } from "../errors.js";

/** Characters of stderr kept in a failure. */
const STDERR_TAIL = 4096;

/** What a successful command run becomes: the `Result` of its record. */
export interface ExecResult {
  exitCode: 0;
  stdout: string;
  stderr: string;
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

/** Replaces `{account}`, `{region}` and `{name}` in one argument. */
export function fillPlaceholders(
  arg: string,
  info: Pick<SessionInformation, "Id" | "Region" | "Name">,
): string {
  return arg.replace(PLACEHOLDER, (_, key: string) =>
    key === "account" ? info.Id : key === "region" ? info.Region : (info.Name ?? ""),
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

/** The table and CSV cell of an exec result: its stdout, without the final newline. */
export function execResultText(result: unknown): string {
  const r = result as Partial<ExecResult> | undefined;
  return typeof r?.stdout === "string" ? r.stdout.replace(/\r?\n$/, "") : "";
}
