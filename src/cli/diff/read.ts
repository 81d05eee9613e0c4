import { closeSync, createReadStream, openSync, readFileSync, readSync } from "node:fs";
import type { InStream } from "../context.js";
import { requireInputFile } from "../input-file.js";
import type { DiffRecord } from "../../index.js";
import { UsageError } from "../errors.js";
import type { JobHeader } from "../job/header.js";
import { readRecords, recordFieldsProblem, type LineIssue } from "../ndjson.js";

/**
 * Where a record is found again: a line of an NDJSON file (read a second time for the few
 * pairs that changed), or the record itself (stdin and `-o json` documents, read once).
 */
export type RecordRef = LineRef | DiffRecord;

/** A line of an NDJSON file. */
export class LineRef {
  constructor(
    readonly file: string,
    readonly line: number,
  ) {}
}

/** One input file (or `-`, stdin) of one side. */
export interface DiffSource {
  /** The path as given, or `-`. */
  path: string;
  /** The name shown in messages. */
  name: string;
  /** For `-`: the command's stdin (its context's). */
  stdin?: InStream | undefined;
}

/** What reading one side found. */
export interface SideSummary {
  /** Record lines and documents' records read (a pair read twice counts twice). */
  records: number;
  /** The job headers of its journals, with the file each came from. */
  headers: { source: string; header: JobHeader }[];
  /** Torn last lines (a run killed while writing) that were left out. */
  torn: string[];
}

/**
 * A side's files as sources, checked to exist (stdin at most once overall); `-` reads `stdin`
 * (the command context's).
 * @default stdin none: `-` cannot be read (a check of the paths only)
 */
export function sourcesOf(paths: readonly string[], stdin?: InStream): DiffSource[] {
  return paths.map((path) => {
    if (path === "-") return { path, name: "stdin", stdin };
    requireInputFile(path);
    return { path, name: path };
  });
}

/** stdin (the source's) as text, in chunks. */
function stdinText(source: DiffSource): AsyncIterable<string> {
  if (source.stdin === undefined) throw new UsageError("stdin (-) cannot be read here.");
  return source.stdin.setEncoding("utf8") as AsyncIterable<string>;
}

/** The first non-blank characters of a file, to tell a `-o json` document from NDJSON. */
function isJsonDocument(head: string): boolean {
  const first = head.trimStart().split("\n", 1)[0]?.trim() ?? "";
  return first === "{" || /^\{\s*"(Results|Exceptions|FailedAssumeRole)"/.test(first);
}

/** The first bytes of a file. */
function headOf(path: string): string {
  const fd = openSync(path, "r");
  try {
    const buffer = Buffer.alloc(256);
    return buffer.toString("utf8", 0, readSync(fd, buffer, 0, 256, 0));
  } finally {
    closeSync(fd);
  }
}

const LISTS = ["Results", "Exceptions", "FailedAssumeRole"] as const;

/** The records of a `-o json` document (`{ "Results": [...], ... }`), each with its `List`. */
function documentRecords(text: string, name: string): DiffRecord[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${name}: not JSON (${(error as Error).message}).`);
  }
  const d = doc as Record<string, unknown> | null;
  if (typeof d !== "object" || d === null || !LISTS.some((l) => Array.isArray(d[l])))
    throw new UsageError(`${name}: not the output of cove exec/run -o json (no Results list).`);
  const out: DiffRecord[] = [];
  for (const list of LISTS) {
    const records = d[list] ?? [];
    if (!Array.isArray(records)) throw new UsageError(`${name}: ${list} is not a list.`);
    for (const [i, record] of records.entries()) {
      const r = record as Record<string, unknown> | null;
      const problem =
        typeof r === "object" && r !== null && !Array.isArray(r)
          ? recordFieldsProblem({ ...r, List: list })
          : "not a JSON object";
      if (problem !== undefined) throw new UsageError(`${name}: ${list}[${i}]: ${problem}.`);
      out.push({ ...(r as DiffRecord), List: list });
    }
  }
  return out;
}

/** Text of a whole input (stdin or a file). */
async function wholeText(source: DiffSource): Promise<string> {
  if (source.path !== "-") return readFileSync(source.path, "utf8");
  let text = "";
  for await (const chunk of stdinText(source)) text += chunk;
  return text;
}

/** A malformed line is trouble (exit 2); a torn last line is noted and left out. */
function onIssue(summary: SideSummary) {
  return (issue: LineIssue) => {
    if (issue.torn) summary.torn.push(`${issue.source}:${issue.line}`);
    else
      throw new UsageError(
        `${issue.source}:${issue.line}: ${issue.reason}: not a record of cove exec/run -o ndjson or of a journal.`,
      );
  };
}

/** The text already read, as a stream of one chunk. */
async function* oneChunk(text: string): AsyncIterable<string> {
  yield text;
}

/**
 * Reads one NDJSON input: a file, whose lines are found again later, or — as `text`, read
 * whole already (stdin, a file that began like a document) — records kept whole.
 */
async function readNdjson(
  source: DiffSource,
  add: (record: DiffRecord, ref: RecordRef) => void,
  summary: SideSummary,
  scrub: (line: string) => string,
  text?: string,
): Promise<number> {
  const stream = text === undefined ? createReadStream(source.path, "utf8") : oneChunk(text);
  const counts = await readRecords(
    { source: source.name, stream },
    {
      record(list, record, line) {
        record.List = list;
        const r = record as DiffRecord;
        add(r, text === undefined ? new LineRef(source.path, line) : r);
      },
      header(header) {
        summary.headers.push({ source: source.name, header });
      },
    },
    onIssue(summary),
    scrub,
  );
  return counts.records;
}

/**
 * Reads one side's inputs into the differ (`add` is its `addBase` or `addNext`): journals and
 * `-o ndjson` outputs line by line (only a fingerprint of each record is kept), `-o json`
 * documents whole. Malformed content is a UsageError naming the file and line.
 */
export async function readSide(
  sources: readonly DiffSource[],
  add: (record: DiffRecord, ref: RecordRef) => void,
  scrub: (line: string) => string,
): Promise<SideSummary> {
  const summary: SideSummary = { records: 0, headers: [], torn: [] };
  for (const source of sources) {
    const head = source.path === "-" ? undefined : headOf(source.path);
    let found: number;
    if (head === undefined || isJsonDocument(head)) {
      const text = await wholeText(source);
      if (isJsonDocument(text.slice(0, 256))) {
        const records = documentRecords(scrub(text), source.name);
        for (const r of records) add(r, r);
        found = records.length;
      } else {
        found = await readNdjson(source, add, summary, scrub, text);
      }
    } else found = await readNdjson(source, add, summary, scrub);
    if (found === 0)
      throw new UsageError(
        `no records in ${source.name}: expected a journal or the output of cove exec/run -o ndjson or -o json.`,
      );
    summary.records += found;
  }
  return summary;
}

/**
 * Reads again the lines `wanted` names (file → line numbers) and gives each record by its
 * reference; records kept whole are given as they are.
 */
export async function loadRecords(
  refs: readonly RecordRef[],
  scrub: (line: string) => string,
): Promise<(ref: RecordRef) => DiffRecord> {
  const wanted = new Map<string, Set<number>>();
  for (const ref of refs) {
    if (!(ref instanceof LineRef)) continue;
    let lines = wanted.get(ref.file);
    if (!lines) wanted.set(ref.file, (lines = new Set()));
    lines.add(ref.line);
  }
  const found = new Map<string, DiffRecord>();
  for (const [file, lines] of wanted) {
    await readRecords(
      { source: file, stream: createReadStream(file, "utf8") },
      {
        record(list, record, line) {
          if (lines.has(line))
            found.set(`${file}\n${line}`, { ...record, List: list } as DiffRecord);
        },
        header() {},
      },
      () => undefined,
      scrub,
    );
  }
  return (ref) => {
    if (!(ref instanceof LineRef)) return ref;
    const record = found.get(`${ref.file}\n${ref.line}`);
    if (!record) throw new UsageError(`${ref.file} changed while cove diff was reading it.`);
    return record;
  };
}
