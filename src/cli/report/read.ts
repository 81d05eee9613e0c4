import type { JobHeader } from "./header.js";
import { OUTCOME_OF_LIST, type ReportModel, type RecordList } from "./model.js";

/** What one NDJSON line is. */
export type ParsedLine =
  | { kind: "record"; list: RecordList; record: Record<string, unknown> }
  | { kind: "header"; header: JobHeader }
  | { kind: "blank" }
  | { kind: "malformed"; reason: string };

const isList = (v: unknown): v is RecordList => typeof v === "string" && v in OUTCOME_OF_LIST;

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
  if (!isList(o.List))
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
  header(header: JobHeader, line: number): void | Promise<void>;
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

/** Streams one input into `model` (see {@link readRecords}). */
export function readInto(
  model: ReportModel,
  input: { source: string; stream: AsyncIterable<string> },
  onIssue: (issue: LineIssue) => void,
  scrub?: (line: string) => string,
): Promise<ReadCounts> {
  const handler: LineHandler = {
    record: (list, record) => model.add(list, record),
    header: (header) => model.addHeader(header),
  };
  return readRecords(input, handler, onIssue, scrub);
}
