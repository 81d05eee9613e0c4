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

/** A line longer than the limit: line `line` of its input. */
class LineTooLong extends Error {
  constructor(readonly line: number) {
    super();
  }
}

/** Where a line is in its input, in bytes: `start` to `end`, without its newline. */
export interface LineSpan {
  start: number;
  end: number;
}

/** One line: its text, whether a newline ended it, and where it is (for an input of bytes). */
interface Line {
  text: string;
  terminated: boolean;
  span?: LineSpan;
}

/** A line's text without the `\r` of a `\r\n`. */
const withoutCr = (line: string) => (line.endsWith("\r") ? line.slice(0, -1) : line);

/**
 * Splits text chunks into lines, linearly in the input: a line's pieces are kept as they come
 * and joined once, when its newline comes (never the pending text concatenated with every
 * chunk). `\r\n` ends a line like `\n`.
 */
class TextLines {
  #pieces: string[] = [];
  #pending = 0;
  /** Lines found so far. */
  #count = 0;

  constructor(private readonly maxLength: number) {}

  /** The lines a chunk completes. */
  take(chunk: string): Line[] {
    const out: Line[] = [];
    let start = 0;
    for (let end = chunk.indexOf("\n"); end >= 0; end = chunk.indexOf("\n", start)) {
      if (this.#pending + end - start > this.maxLength) throw new LineTooLong(this.#count + 1);
      this.#count++;
      let line = chunk.slice(start, end);
      if (this.#pieces.length > 0) {
        this.#pieces.push(line);
        line = this.#pieces.join("");
        this.#pieces = [];
        this.#pending = 0;
      }
      start = end + 1;
      out.push({ text: withoutCr(line), terminated: true });
    }
    if (start < chunk.length) {
      this.#pending += chunk.length - start;
      if (this.#pending > this.maxLength) throw new LineTooLong(this.#count + 1);
      this.#pieces.push(start === 0 ? chunk : chunk.slice(start));
    }
    return out;
  }

  /** The last line, when no newline ended it. */
  end(): Line[] {
    return this.#pieces.length > 0 ? [{ text: this.#pieces.join(""), terminated: false }] : [];
  }
}

/**
 * Splits chunks of UTF-8 bytes into lines (on the newline byte, which no other character
 * contains), each decoded once and given with its byte span. The limit counts bytes.
 */
class ByteLines {
  #pieces: Buffer[] = [];
  #pending = 0;
  /** Lines found so far. */
  #count = 0;
  /** Bytes before the current chunk. */
  #offset = 0;

  constructor(private readonly maxLength: number) {}

  take(chunk: Uint8Array): Line[] {
    const bytes = Buffer.isBuffer(chunk)
      ? chunk
      : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const out: Line[] = [];
    let start = 0;
    for (let end = bytes.indexOf(10); end >= 0; end = bytes.indexOf(10, start)) {
      if (this.#pending + end - start > this.maxLength) throw new LineTooLong(this.#count + 1);
      this.#count++;
      const first = this.#offset + start - this.#pending;
      let text: string;
      if (this.#pieces.length === 0) text = bytes.toString("utf8", start, end);
      else {
        this.#pieces.push(bytes.subarray(start, end));
        text = Buffer.concat(this.#pieces).toString("utf8");
        this.#pieces = [];
        this.#pending = 0;
      }
      start = end + 1;
      out.push({
        text: withoutCr(text),
        terminated: true,
        span: { start: first, end: this.#offset + end },
      });
    }
    if (start < bytes.length) {
      this.#pending += bytes.length - start;
      if (this.#pending > this.maxLength) throw new LineTooLong(this.#count + 1);
      this.#pieces.push(Buffer.from(bytes.subarray(start)));
    }
    this.#offset += bytes.length;
    return out;
  }

  end(): Line[] {
    if (this.#pieces.length === 0) return [];
    const start = this.#offset - this.#pending;
    const text = Buffer.concat(this.#pieces).toString("utf8");
    return [{ text, terminated: false, span: { start, end: this.#offset } }];
  }
}

/** One input to read: its name (in messages) and its text. */
export interface RecordInput {
  /** The file's name as given, or `stdin`. */
  source: string;
  /**
   * Chunks of text, or of UTF-8 bytes (a file stream without an encoding): then each record
   * comes with its {@link LineSpan}, to read it again later (see {@link readLineAt}).
   */
  stream: AsyncIterable<string | Uint8Array>;
  /** The longest line read (bytes, for an input of bytes). @default MAX_LINE_LENGTH */
  maxLineLength?: number;
}

/** What a reader does with each record and header line (a returned promise is awaited). */
export interface LineHandler {
  /** A record; `span` is where its line is, for an input of bytes. */
  record(
    list: RecordList,
    record: Record<string, unknown>,
    line: number,
    span?: LineSpan,
  ): void | Promise<void>;
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
  /** Hands one line on; a promise only when the handler returned one. */
  const take = (line: Line): void | Promise<void> => {
    n++;
    const parsed = parseLine(scrub(line.text));
    if (parsed.kind === "record") {
      counts.records++;
      return handler.record(parsed.list, parsed.record, n, line.span);
    }
    if (parsed.kind === "header") {
      counts.headers++;
      return handler.header(parsed.header, n);
    }
    if (parsed.kind === "malformed") {
      const torn = !line.terminated && parsed.reason.startsWith("not JSON");
      if (!torn) counts.malformed++;
      onIssue({ source: input.source, line: n, reason: parsed.reason, torn });
    }
  };
  const maxLength = input.maxLineLength ?? MAX_LINE_LENGTH;
  const text = new TextLines(maxLength);
  const bytes = new ByteLines(maxLength);
  try {
    for await (const chunk of input.stream) {
      const lines = typeof chunk === "string" ? text.take(chunk) : bytes.take(chunk);
      for (const line of lines) {
        const pending = take(line);
        if (pending) await pending;
      }
    }
    for (const line of [...text.end(), ...bytes.end()]) await take(line);
  } catch (error) {
    if (!(error instanceof LineTooLong)) throw error;
    const reason = `the line is longer than ${maxLength} characters, the most cove reads`;
    throw invalidRecord({ source: input.source, line: error.line, reason });
  }
  return counts;
}
