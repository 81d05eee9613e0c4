/**
 * What the report keeps of one record for its detail panel: a bounded amount of text, never
 * the full record. Everything here is untrusted data; the page shows it as text only.
 */
import type { Detail, ErrorDetail, ResultDetail } from "./page-data.js";

/** Strings inside a result longer than this are shortened before formatting. */
const LONG_STRING = 2000;

/** Whether a result is what `cove exec` records for a command that exited 0. */
function isExecResult(result: unknown): result is { exitCode: 0; stdout: unknown; stderr: string } {
  if (typeof result !== "object" || result === null) return false;
  const r = result as Record<string, unknown>;
  return (
    Object.keys(r).length === 3 && r.exitCode === 0 && "stdout" in r && typeof r.stderr === "string"
  );
}

/** A command's output: JSON output formatted, other text as it is. */
function outputText(text: string): string {
  const trimmed = text.trim();
  if (/^[[{]/.test(trimmed)) {
    try {
      return formatResult(JSON.parse(trimmed));
    } catch {
      // Not JSON after all: shown as text.
    }
  }
  return text;
}

/**
 * `Result` as formatted JSON, long strings shortened with a note of what was left out; a
 * command's result (`cove exec`) as its stdout (formatted when it is JSON) and stderr.
 */
export function formatResult(result: unknown): string {
  if (result === undefined) return "(no result: the function returned undefined)";
  if (isExecResult(result)) {
    // stdout is text, or with --stdout-json the JSON value it held.
    const out =
      result.stdout === ""
        ? "(no output on stdout)"
        : typeof result.stdout === "string"
          ? outputText(result.stdout)
          : formatResult(result.stdout);
    return result.stderr === "" ? out : `${out.trimEnd()}\n\n--- stderr ---\n${result.stderr}`;
  }
  const text = JSON.stringify(
    result,
    (_key, value: unknown) =>
      typeof value === "string" && value.length > LONG_STRING
        ? `${value.slice(0, LONG_STRING)}… (${value.length - LONG_STRING} more characters)`
        : value,
    2,
  );
  return text ?? String(result);
}

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** The detail of a run that returned, cut to `cap` characters. */
export function resultDetail(result: unknown, cap: number): ResultDetail {
  return capResult({ result: formatResult(result) }, cap);
}

/** The detail of a failed run from its serialized `ExceptionDetails`, cut to `cap`. */
export function errorDetail(details: unknown, cap: number): ErrorDetail {
  const d =
    typeof details === "object" && details !== null ? (details as Record<string, unknown>) : {};
  const out: ErrorDetail = {
    name: str(d.name) ?? "Error",
    message: str(d.message) ?? (typeof details === "string" ? details : ""),
  };
  const code = str(d.code);
  if (code !== undefined) out.code = code;
  const requestId = str(d.requestId);
  if (requestId !== undefined) out.requestId = requestId;
  if (typeof d.exitCode === "number") out.exitCode = d.exitCode;
  const signal = str(d.signal);
  if (signal !== undefined) out.signal = signal;
  const stderr = str(d.stderr);
  if (stderr !== undefined && stderr !== "") out.stderr = stderr;
  return capError(out, cap);
}

/** A head of `text` of at most `cap` characters, and the full length when cut. */
function head(text: string, full: number | undefined, cap: number): [string, number | undefined] {
  return text.length > cap ? [text.slice(0, cap), full ?? text.length] : [text, full];
}

/** A tail of `text` of at most `cap` characters, and the full length when cut. */
function tail(text: string, full: number | undefined, cap: number): [string, number | undefined] {
  return text.length > cap ? [text.slice(text.length - cap), full ?? text.length] : [text, full];
}

function capResult(d: ResultDetail, cap: number): ResultDetail {
  const [result, resultLength] = head(d.result, d.resultLength, cap);
  return resultLength === undefined ? { result } : { result, resultLength };
}

function capError(d: ErrorDetail, cap: number): ErrorDetail {
  const out: ErrorDetail = { ...d };
  [out.message, out.messageLength] = head(d.message, d.messageLength, cap);
  if (out.messageLength === undefined) delete out.messageLength;
  if (d.stderr !== undefined) {
    [out.stderr, out.stderrLength] = tail(d.stderr, d.stderrLength, cap);
    if (out.stderrLength === undefined) delete out.stderrLength;
  }
  return out;
}

/** Whether a detail is a result's (else an error's). */
export function isResultDetail(d: Detail): d is ResultDetail {
  return "result" in d;
}

/** A detail cut to `cap` characters per long field (cutting again keeps the first length). */
export function capDetail(d: Detail, cap: number): Detail {
  return isResultDetail(d) ? capResult(d, cap) : capError(d, cap);
}

/** Characters a detail holds (its long fields), for the report's size budget. */
export function detailSize(d: Detail): number {
  return isResultDetail(d) ? d.result.length : d.message.length + (d.stderr?.length ?? 0);
}
