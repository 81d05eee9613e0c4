import { errorLabel } from "../../records/error-label.js";
import { serializeError, type SerializedError } from "./serialize.js";

/**
 * What a table shows of a run's outcome: the part a person reads first. The full text stays in
 * `-o json`, `ndjson`, `csv` and `--out-dir`.
 */

/** Longest text parsed to show a JSON document on one line. */
const MAX_JSON_TEXT = 64 * 1024;

/** The lines of `text` without leading and trailing blank lines. */
function contentLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  const first = lines.findIndex((l) => l.trim() !== "");
  if (first < 0) return [];
  let last = lines.length - 1;
  while (lines[last]?.trim() === "") last--;
  return lines.slice(first, last + 1);
}

/** A JSON object or array written over several lines, as one compact line (else undefined). */
function compactJson(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed.length > MAX_JSON_TEXT || !/^[[{]/.test(trimmed)) return undefined;
  try {
    return JSON.stringify(JSON.parse(trimmed));
  } catch {
    return undefined;
  }
}

/**
 * A result's text for a table cell: one line as it is; a JSON document (such as an AWS CLI's
 * output) compacted onto one line; other text as its first line and `…(+N lines)`.
 */
export function resultCell(text: string): string {
  const lines = contentLines(text);
  if (lines.length <= 1) return lines[0] ?? "";
  const json = compactJson(text);
  if (json !== undefined) return json;
  return `${lines[0]} …(+${lines.length - 1} line${lines.length === 2 ? "" : "s"})`;
}

/** AWS's `User: <caller ARN> is not authorized to perform: <action> [on resource: <arn>]…`. */
const NOT_AUTHORIZED =
  /^User: \S+ is not authorized to perform: (\S+?)(?: on resource: (\S+?))?(?=[\s,.]|$)(.*)$/s;

/**
 * An error message with AWS's boilerplate shortened: the caller's ARN dropped from "not
 * authorized" messages (the code says denied: the action and resource are kept), and ARNs in
 * the row's own account cut to their resource part (`role/Name`; the Id column names the
 * account).
 */
function shortMessage(message: string, accountId: string | undefined): string {
  const denied = NOT_AUTHORIZED.exec(message);
  let short = denied
    ? `${denied[1]}${denied[2] ? ` on ${denied[2]}` : ""}${denied[3] ?? ""}`
    : message;
  if (accountId !== undefined && /^\d{12}$/.test(accountId))
    short = short.replace(new RegExp(`\\barn:[\\w-]+:[\\w-]*:[\\w-]*:${accountId}:`, "g"), "");
  return short;
}

/** The last line of a command's stderr that says something. */
function lastLine(text: string | undefined): string | undefined {
  return contentLines(text ?? "")
    .at(-1)
    ?.trim();
}

/** The error's label (see {@link errorLabel}), none for a plain `Error` without a code. */
function cellLabel(e: SerializedError): string | undefined {
  const plain = e.code === undefined && e.exitCode === undefined && e.signal === undefined;
  return plain && e.name === "Error" ? undefined : errorLabel(e);
}

/**
 * An error for a table cell: code and message, e.g. `AccessDenied: sts:AssumeRole on
 * role/OrganizationAccountAccessRole`, `COMMAND_FAILED exit 3: <last stderr line>`.
 */
export function errorCell(error: unknown, accountId?: string): string {
  const e = serializeError(error);
  const label = cellLabel(e);
  const command = e.exitCode !== undefined || e.signal !== undefined;
  const message = command ? (lastLine(e.stderr) ?? "") : shortMessage(e.message, accountId);
  if (label === undefined) return message;
  return message === "" ? label : `${label}: ${message}`;
}
