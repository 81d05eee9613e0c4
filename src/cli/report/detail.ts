/**
 * What the report keeps of one record for its detail panel: a bounded amount of text, never
 * the full record. Everything here is untrusted data; the page shows it as text only.
 */

/** A run that returned: its result as formatted JSON text, cut to a length. */
export interface ResultDetail {
  /** Formatted JSON of `Result` (long strings shortened), at most the cap in characters. */
  r: string;
  /** Length of the full formatted text, when it was cut. */
  n?: number;
}

/** A run that failed: the serialized error's fields, each cut to a length. */
export interface ErrorDetail {
  /** Error name. */
  e: string;
  /** Message (head). */
  m: string;
  /** Full message length, when it was cut. */
  mn?: number;
  /** Error code. */
  c?: string;
  /** AWS request id. */
  q?: string;
  /** exec: exit code. */
  x?: number;
  /** exec: the signal that ended the command. */
  s?: string;
  /** exec: the tail of stderr. */
  t?: string;
  /** Full stderr length, when it was cut. */
  tn?: number;
}

export type Detail = ResultDetail | ErrorDetail;

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
  return capResult({ r: formatResult(result) }, cap);
}

/** The detail of a failed run from its serialized `ExceptionDetails`, cut to `cap`. */
export function errorDetail(details: unknown, cap: number): ErrorDetail {
  const d =
    typeof details === "object" && details !== null ? (details as Record<string, unknown>) : {};
  const out: ErrorDetail = {
    e: str(d.name) ?? "Error",
    m: str(d.message) ?? (typeof details === "string" ? details : ""),
  };
  const code = str(d.code);
  if (code !== undefined) out.c = code;
  const requestId = str(d.requestId);
  if (requestId !== undefined) out.q = requestId;
  if (typeof d.exitCode === "number") out.x = d.exitCode;
  const signal = str(d.signal);
  if (signal !== undefined) out.s = signal;
  const stderr = str(d.stderr);
  if (stderr !== undefined && stderr !== "") out.t = stderr;
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
  const [r, n] = head(d.r, d.n, cap);
  return n === undefined ? { r } : { r, n };
}

function capError(d: ErrorDetail, cap: number): ErrorDetail {
  const out: ErrorDetail = { ...d };
  [out.m, out.mn] = head(d.m, d.mn, cap);
  if (out.mn === undefined) delete out.mn;
  if (d.t !== undefined) {
    [out.t, out.tn] = tail(d.t, d.tn, cap);
    if (out.tn === undefined) delete out.tn;
  }
  return out;
}

/** A detail cut to `cap` characters per long field (cutting again keeps the first length). */
export function capDetail(d: Detail, cap: number): Detail {
  return "r" in d ? capResult(d, cap) : capError(d, cap);
}

/** Characters a detail holds (its long fields), for the report's size budget. */
export function detailSize(d: Detail): number {
  return "r" in d ? d.r.length : d.m.length + (d.t?.length ?? 0);
}
