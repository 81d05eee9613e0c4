import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { CoveEvent } from "../index.js";
import type { Format } from "./args.js";
import type { Secrets } from "./redact.js";

/** The three lists of a run's output. */
export const LISTS = ["Results", "Exceptions", "FailedAssumeRole"] as const;
export type ListName = (typeof LISTS)[number];

/** A record as the CLI writes it (plain data; errors already serialized). */
export type PlainRecord = Record<string, unknown>;

/** How a thrown value is written: never `[object Object]`, never more than these keys. */
export interface SerializedError {
  name: string;
  message: string;
  code?: string;
  requestId?: string;
  /** exec: the command's exit code, the signal that ended it, and the tail of its stderr. */
  exitCode?: number;
  signal?: string;
  stderr?: string;
}

/** Most characters of a `stderr` field kept in a serialized error. */
const STDERR_TAIL = 4096;

/** A thrown value as `{ name, message, code, requestId }` (plus an exec failure's details). */
export function serializeError(error: unknown): SerializedError {
  if (typeof error !== "object" || error === null) {
    return { name: "Error", message: typeof error === "string" ? error : String(error) };
  }
  const e = error as Record<string, unknown> & { $metadata?: { requestId?: unknown } };
  const name =
    typeof e.name === "string" && e.name !== ""
      ? e.name
      : error instanceof Error
        ? "Error"
        : "Object";
  let message: string;
  if (typeof e.message === "string") message = e.message;
  else {
    try {
      message = JSON.stringify(error) ?? String(error);
    } catch {
      message = Object.prototype.toString.call(error);
    }
  }
  const out: SerializedError = { name, message };
  const code =
    typeof e.code === "string"
      ? e.code
      : typeof e.Code === "string"
        ? e.Code
        : e.$metadata !== undefined
          ? name
          : undefined;
  if (code !== undefined) out.code = code;
  const requestId = e.$metadata?.requestId;
  if (typeof requestId === "string") out.requestId = requestId;
  if (typeof e.exitCode === "number") out.exitCode = e.exitCode;
  if (typeof e.signal === "string") out.signal = e.signal;
  if (typeof e.stderr === "string") out.stderr = e.stderr.slice(-STDERR_TAIL);
  return out;
}

/** A JSON.stringify replacer: errors serialized, bigints as text, cycles cut, Maps and Sets as data. */
function jsonReplacer(): (this: unknown, key: string, value: unknown) => unknown {
  const ancestors: unknown[] = [];
  return function (this: unknown, _key: string, value: unknown) {
    if (typeof value === "bigint") return value.toString();
    if (typeof value !== "object" || value === null) return value;
    while (ancestors.length > 0 && ancestors[ancestors.length - 1] !== this) ancestors.pop();
    if (ancestors.includes(value)) return "[Circular]";
    ancestors.push(value);
    if (value instanceof Error) return serializeError(value);
    if (value instanceof Map) return Object.fromEntries(value);
    if (value instanceof Set) return [...value];
    return value;
  };
}

/** JSON text of any value, safe for errors, bigints and cycles. */
export function toJson(value: unknown, space?: number): string {
  return JSON.stringify(value, jsonReplacer(), space) ?? "null";
}

/** A record with its thrown value serialized. */
export function plainRecord(record: object): PlainRecord {
  const out: PlainRecord = { ...record };
  if ("ExceptionDetails" in out) out.ExceptionDetails = serializeError(out.ExceptionDetails);
  return out;
}

/** One line of text for a table or CSV cell. */
export function cellText(value: unknown): string {
  if (value === undefined) return "";
  if (typeof value === "string") return value;
  return toJson(value);
}

/** `Name: message` of a serialized error, for cells. */
export function errorText(error: unknown): string {
  const e = serializeError(error);
  const extra =
    e.exitCode !== undefined ? ` (exit code ${e.exitCode})` : e.signal ? ` (${e.signal})` : "";
  return `${e.name}: ${e.message}${extra}`;
}

/** `1 run`, `2 runs`. */
export function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** `58 runs: Results 48, Exceptions 8, FailedAssumeRole 2`. */
export function listSummary(output: Record<ListName, unknown[]>): string {
  const total = LISTS.reduce((n, l) => n + output[l].length, 0);
  return `${count(total, "run")}: ${LISTS.map((l) => `${l} ${output[l].length}`).join(", ")}`;
}

/** CSV field quoting (RFC 4180). */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) || value !== value.trim()
    ? `"${value.replace(/"/g, '""')}"`
    : value;
}

/** A CSV line (CRLF-free: rows end with "\n"). */
export function csvLine(fields: string[]): string {
  return `${fields.map(csvField).join(",")}\n`;
}

/** Cuts text to `width` characters with an ellipsis, on one line. */
function fit(text: string, width: number): string {
  const flat = text.replace(/\s*\r?\n\s*/g, " ⏎ ");
  if (flat.length <= width) return flat;
  return width <= 1 ? flat.slice(0, width) : `${flat.slice(0, width - 1)}…`;
}

/**
 * A plain-text table fitted to `width` columns: the last column takes what is left, the
 * others at most `maxColumn` characters.
 */
export function renderTable(
  headers: string[],
  rows: string[][],
  width = 120,
  maxColumn = 40,
): string {
  const n = headers.length;
  const widths = headers.map((h, i) =>
    Math.min(maxColumn, Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length))),
  );
  const used = widths.slice(0, -1).reduce((a, b) => a + b + 2, 0);
  const lastNeed = widths[n - 1] ?? 0;
  const lastMax = Math.max(lastNeed, ...rows.map((r) => (r[n - 1] ?? "").length));
  widths[n - 1] = Math.max(
    headers[n - 1]?.length ?? 0,
    Math.min(lastMax, Math.max(20, width - used - 2)),
  );
  const line = (cells: string[]) =>
    `  ${cells
      .map((c, i) =>
        i === n - 1 ? fit(c, widths[i] ?? 0) : fit(c, widths[i] ?? 0).padEnd(widths[i] ?? 0),
      )
      .join("  ")}`.trimEnd();
  return (
    [line(headers), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n") + "\n"
  );
}

/** Writes text to a stream and resolves when it has been handed to the OS. */
export function writeText(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (text === "") return Promise.resolve();
  return new Promise((resolve, reject) => {
    stream.write(text, (error) => (error ? reject(error) : resolve()));
  });
}

/** How a command turns a successful run's `Result` into a table or CSV cell. */
export type ResultText = (result: unknown) => string;

/** Where and how run records are written. */
export interface SinkOptions {
  format: Format;
  outDir?: string | undefined;
  secrets: Secrets;
  stdout: NodeJS.WritableStream;
  /** Terminal width for tables. */
  width?: number | undefined;
  resultText?: ResultText;
}

const sortKey = (r: PlainRecord) =>
  `${cellText(r.Name ?? r.Id)}\u0000${cellText(r.Id)}\u0000${cellText(r.Region)}`;

function byAccountAndRegion(a: PlainRecord, b: PlainRecord): number {
  const ka = sortKey(a);
  const kb = sortKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** Table of the three lists. */
export function renderRunTable(
  output: Record<ListName, PlainRecord[]>,
  width: number,
  resultText: ResultText = cellText,
): string {
  const withOu = LISTS.some((l) => output[l].some((r) => r.OuPath !== undefined));
  const parts: string[] = [];
  for (const list of LISTS) {
    // Sorted by account name (or id) and region to read; json and ndjson keep finishing order.
    const records = [...output[list]].sort(byAccountAndRegion);
    parts.push(`${list} (${records.length})\n`);
    if (records.length === 0) {
      parts.push("  none\n\n");
      continue;
    }
    const last = list === "Results" ? "Result" : "Error";
    const headers = ["Id", "Name", ...(withOu ? ["OU path"] : []), "Region", last];
    const rows = records.map((r) => [
      cellText(r.Id),
      cellText(r.Name),
      ...(withOu ? [cellText(r.OuPath)] : []),
      cellText(r.Region),
      list === "Results" ? resultText(r.Result) : errorText(r.ExceptionDetails),
    ]);
    parts.push(renderTable(headers, rows, width), "\n");
  }
  parts.push(`${listSummary(output)}\n`);
  return parts.join("");
}

const CSV_HEADER = ["List", "Id", "Name", "Email", "OuPath", "Region", "Result", "Error"];

/**
 * Receives the records of a run as they end and writes them in the chosen format: ndjson
 * and csv as they come, json and table at the end. With `outDir`, also one file per run.
 */
export class RecordSink {
  readonly output: Record<ListName, PlainRecord[]> = {
    Results: [],
    Exceptions: [],
    FailedAssumeRole: [],
  };
  #headerWritten = false;
  readonly #files: Promise<void>[] = [];

  constructor(private readonly options: SinkOptions) {}

  /** Records so far. */
  get count(): number {
    return (
      this.output.Results.length +
      this.output.Exceptions.length +
      this.output.FailedAssumeRole.length
    );
  }

  /** Exceptions and FailedAssumeRole so far. */
  get failures(): number {
    return this.output.Exceptions.length + this.output.FailedAssumeRole.length;
  }

  #write(text: string): Promise<void> {
    return writeText(this.options.stdout, this.options.secrets.scrub(text));
  }

  async #csvHeader(): Promise<void> {
    if (this.#headerWritten) return;
    this.#headerWritten = true;
    await this.#write(csvLine(CSV_HEADER));
  }

  /** Files a finished run and writes it where it streams. */
  async add(event: CoveEvent<unknown> | { list: ListName; record: object }): Promise<void> {
    const record = plainRecord(event.record);
    this.output[event.list].push(record);
    const { format, outDir, secrets } = this.options;
    if (outDir !== undefined) {
      const dir = join(outDir, String(record.Id));
      const path = join(dir, `${String(record.Region)}.json`);
      const text = secrets.scrub(toJson({ List: event.list, ...record }, 2) + "\n");
      this.#files.push(mkdir(dir, { recursive: true }).then(() => writeFile(path, text)));
    }
    if (format === "ndjson") await this.#write(toJson({ List: event.list, ...record }) + "\n");
    else if (format === "csv") {
      await this.#csvHeader();
      const resultText = this.options.resultText ?? cellText;
      await this.#write(
        csvLine([
          event.list,
          cellText(record.Id),
          cellText(record.Name),
          cellText(record.Email),
          cellText(record.OuPath),
          cellText(record.Region),
          event.list === "Results" ? resultText(record.Result) : "",
          event.list === "Results" ? "" : errorText(record.ExceptionDetails),
        ]),
      );
    }
  }

  /** Writes what is written at the end (json, table, a csv header when nothing ran). */
  async finish(): Promise<void> {
    await Promise.all(this.#files);
    const { format } = this.options;
    if (format === "json") await this.#write(toJson(this.output, 2) + "\n");
    else if (format === "table")
      await this.#write(
        renderRunTable(this.output, this.options.width || 120, this.options.resultText),
      );
    else if (format === "csv") await this.#csvHeader();
  }
}
