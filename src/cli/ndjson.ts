import { constants } from "node:buffer";
import { isRegionName } from "../domain/region-name.js";
import { CoveError } from "../errors/cove-error.js";
import { isRecordList, type RecordList } from "../records/lists.js";
import { visibleText } from "./output/escape.js";

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

const ACCOUNT_ID = /^\d{12}$/;
const { MAX_STRING_LENGTH } = constants;

/** The `code` of a line of a file that is not a record cove can use. */
export const INVALID_RECORD = "INVALID_RECORD";

/** A line cove read from a file that it cannot use (see {@link parseLine}): `file:line: reason`. */
export function invalidRecord(
  where: { source: string; line: number; reason: string },
  advice = "",
): CoveError {
  return new CoveError(
    INVALID_RECORD,
    visibleText(`${where.source}:${where.line}: ${where.reason}`) + advice,
  );
}

/**
 * Why the fields of a record (an object with `Id` or `List`) cannot be used, or `undefined`:
 * `Id` must be an account id (12 digits), `Region` a region name (by its form: lower-case
 * words and a number, as `eu-west-1`; a region of a newer SDK passes) and `List` one of the
 * three lists. A record is used as a map key, a page cell and, with `--out-dir`, a path: any
 * other value (`../x`, a slash, a control character) is refused, never used.
 */
export function recordFieldsProblem(o: Record<string, unknown>): string | undefined {
  if (typeof o.Id !== "string" || o.Id === "") return "no Id";
  if (typeof o.Region !== "string" || o.Region === "") return "no Region";
  if (!isRecordList(o.List)) return "List is not Results, Exceptions or FailedAssumeRole";
  if (!ACCOUNT_ID.test(o.Id)) return "Id is not an account id (12 digits)";
  if (!isRegionName(o.Region)) return "Region is not a region name (such as eu-west-1)";
  return undefined;
}

/**
 * Classifies a line of `cove exec/run -o ndjson` output or of a journal: a record
 * (`{ "List": …, "Id": …, "Region": …, … }`), a header (an object without `Id` or `List`), a
 * blank line, or something else (malformed, with the reason: see {@link recordFieldsProblem}).
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
  const problem = recordFieldsProblem(o);
  if (problem !== undefined) return { kind: "malformed", reason: problem };
  const { List: list, ...record } = o;
  return { kind: "record", list: list as RecordList, record };
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

/**
 * The longest line read (in UTF-16 code units, about bytes for ASCII): the longest string
 * Node can hold (about 512 MiB). A longer line is an error naming its input and number.
 */
export const MAX_LINE_LENGTH = MAX_STRING_LENGTH;

/** A line longer than the limit, found after `line - 1` complete lines. */
class LineTooLong extends Error {}

/**
 * Splits a text stream into lines; the last one says whether it ended with a newline. Linear
 * in the input: a line's pieces are kept as they come and joined once, when its newline comes
 * (never the pending text concatenated with every chunk). `\r\n` ends a line like `\n`.
 */
async function* lines(
  stream: AsyncIterable<string>,
  maxLength: number,
): AsyncGenerator<[string, boolean]> {
  let pieces: string[] = [];
  let pending = 0;
  for await (const chunk of stream) {
    let start = 0;
    for (let end = chunk.indexOf("\n"); end >= 0; end = chunk.indexOf("\n", start)) {
      if (pending + end - start > maxLength) throw new LineTooLong();
      pieces.push(chunk.slice(start, end));
      const line = pieces.length === 1 ? pieces[0]! : pieces.join("");
      pieces = [];
      pending = 0;
      start = end + 1;
      yield [line.endsWith("\r") ? line.slice(0, -1) : line, true];
    }
    if (start < chunk.length) {
      pending += chunk.length - start;
      if (pending > maxLength) throw new LineTooLong();
      pieces.push(start === 0 ? chunk : chunk.slice(start));
    }
  }
  if (pieces.length > 0) yield [pieces.join(""), false];
}

/** One input to read: its name (in messages) and its text. */
export interface RecordInput {
  /** The file's name as given, or `stdin`. */
  source: string;
  stream: AsyncIterable<string>;
  /** The longest line read. @default MAX_LINE_LENGTH */
  maxLineLength?: number;
}

/** What a reader does with each record and header line (a returned promise is awaited). */
export interface LineHandler {
  record(list: RecordList, record: Record<string, unknown>, line: number): void | Promise<void>;
  header(header: HeaderFields, line: number): void | Promise<void>;
}

/**
 * Streams one input, one line at a time, handing each record and header to `handler` (memory
 * is the handler's, not the file's). Malformed lines are skipped and passed to `onIssue`; so
 * is a torn last line, marked `torn`. `scrub` sees each line first. A line longer than
 * `maxLineLength` is a CoveError `INVALID_RECORD` naming the input and the line.
 */
export async function readRecords(
  input: RecordInput,
  handler: LineHandler,
  onIssue: (issue: LineIssue) => void,
  scrub: (line: string) => string = (l) => l,
): Promise<ReadCounts> {
  const counts: ReadCounts = { records: 0, headers: 0, malformed: 0 };
  let n = 0;
  const maxLength = input.maxLineLength ?? MAX_LINE_LENGTH;
  try {
    for await (const [text, terminated] of lines(input.stream, maxLength)) {
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
  } catch (error) {
    if (!(error instanceof LineTooLong)) throw error;
    const reason = `the line is longer than ${maxLength} characters, the most cove reads`;
    throw invalidRecord({ source: input.source, line: n + 1, reason });
  }
  return counts;
}
