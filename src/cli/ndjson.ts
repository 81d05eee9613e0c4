import { isRecordList, type RecordList } from "../records/lists.js";

/**
 * Records as NDJSON: one JSON object per line, `{"List":"Results","Id":…,"Region":…,…}`, as
 * `cove exec/run -o ndjson` prints them and a journal keeps them (after its header line). The
 * one writer of such a line and the one reader, shared by the journal, the report and
 * whatever else reads these files (which are untrusted input).
 */

/** A line that is a JSON object but no record: a journal's job header. */
export type HeaderFields = Record<string, unknown>;

/** The NDJSON line of a record whose JSON text (an object) is `json`: `{"List":"…",…}`. */
export function ndjsonLine(list: RecordList, json: string): string {
  const rest = json === "{}" ? "}" : `,${json.slice(1)}`;
  return `{"List":${JSON.stringify(list)}${rest}`;
}

/** What one NDJSON line is. */
export type ParsedLine =
  | { kind: "record"; list: RecordList; record: Record<string, unknown> }
  | { kind: "header"; header: HeaderFields }
  | { kind: "blank" }
  | { kind: "malformed"; reason: string };

/**
 * Classifies a line of `cove exec/run -o ndjson` output or of a journal: a record
 * (`{ "List": …, "Id": …, "Region": …, … }`), a header (an object without `Id` or `List`), a
 * blank line, or something else (malformed, with the reason).
 */
export function parseLine(text: string): ParsedLine {
  if (text.trim() === "") return { kind: "blank" };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { kind: "malformed", reason: `not JSON (${(error as Error).message})` };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return { kind: "malformed", reason: "not a JSON object" };
  const o = value as Record<string, unknown>;
  if (o.Id === undefined && o.List === undefined) return { kind: "header", header: o };
  if (typeof o.Id !== "string" || o.Id === "") return { kind: "malformed", reason: "no Id" };
  if (typeof o.Region !== "string" || o.Region === "")
    return { kind: "malformed", reason: "no Region" };
  if (!isRecordList(o.List))
    return {
      kind: "malformed",
      reason: `List is not Results, Exceptions or FailedAssumeRole`,
    };
  const { List: list, ...record } = o;
  return { kind: "record", list, record };
}

/** A line that was not taken. */
export interface LineIssue {
  /** The input's name. */
  source: string;
  /** 1-based line number. */
  line: number;
  reason: string;
  /** The input's last line, without its newline: a run killed mid-write (not an error). */
  torn: boolean;
}

/** What reading one input gave. */
export interface ReadCounts {
  records: number;
  headers: number;
  malformed: number;
}

/** Splits a text stream into lines; the last one says whether it ended with a newline. */
async function* lines(stream: AsyncIterable<string>): AsyncGenerator<[string, boolean]> {
  let pending = "";
  for await (const chunk of stream) {
    const parts = (pending + chunk).split("\n");
    pending = parts.pop() ?? "";
    for (const part of parts) yield [part.endsWith("\r") ? part.slice(0, -1) : part, true];
  }
  if (pending !== "") yield [pending, false];
}

/** What a reader does with each record and header line (a returned promise is awaited). */
export interface LineHandler {
  record(list: RecordList, record: Record<string, unknown>, line: number): void | Promise<void>;
  header(header: HeaderFields, line: number): void | Promise<void>;
}

/**
 * Streams one input, one line at a time, handing each record and header to `handler` (memory
 * is the handler's, not the file's). Malformed lines are skipped and passed to `onIssue`; so
 * is a torn last line, marked `torn`. `scrub` sees each line first.
 */
export async function readRecords(
  input: { source: string; stream: AsyncIterable<string> },
  handler: LineHandler,
  onIssue: (issue: LineIssue) => void,
  scrub: (line: string) => string = (l) => l,
): Promise<ReadCounts> {
  const counts: ReadCounts = { records: 0, headers: 0, malformed: 0 };
  let n = 0;
  for await (const [text, terminated] of lines(input.stream)) {
    n++;
    const parsed = parseLine(scrub(text));
    if (parsed.kind === "record") {
      await handler.record(parsed.list, parsed.record, n);
      counts.records++;
    } else if (parsed.kind === "header") {
      await handler.header(parsed.header, n);
      counts.headers++;
    } else if (parsed.kind === "malformed") {
      const torn = !terminated && parsed.reason.startsWith("not JSON");
      if (!torn) counts.malformed++;
      onIssue({ source: input.source, line: n, reason: parsed.reason, torn });
    }
  }
  return counts;
}
