import { read } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import { UsageError } from "../errors.js";
import { EncodedRecord } from "../output/encode.js";
import type { JobHeader } from "../report/header.js";
import type { RecordList } from "../report/model.js";
import { invalidRecord, readRecords, type LineHandler, type LineIssue } from "../report/read.js";

/** The latest record of one account × region in a journal. */
export interface JournalEntry {
  /** Its 1-based line number. */
  line: number;
  list: RecordList;
}

/** What a journal holds, as far as resuming needs it (not the records themselves). */
export interface JournalContents {
  /** The job: the first line. */
  header: JobHeader;
  /** The latest record line of each account × region (see {@link pairKey}). */
  latest: Map<string, JournalEntry>;
  /** Record lines read (a pair journaled twice counts twice). */
  records: number;
  /** Whether a torn last line (a run killed while writing it) was ignored. */
  torn: boolean;
  /** The bytes read: what replaying reads again (later appends are not part of it). */
  size: number;
}

/** The key of an account × region. */
export const pairKey = (id: unknown, region: unknown): string => `${String(id)}\t${String(region)}`;

/** Bytes read at once. */
const CHUNK = 64 * 1024;

/** Reads into `buffer` at `position` of an open file; resolves with the bytes read. */
function readAt(fd: number, buffer: Buffer, length: number, position: number): Promise<number> {
  return new Promise((resolve, reject) =>
    read(fd, buffer, 0, length, position, (error, bytes) =>
      error ? reject(error) : resolve(bytes),
    ),
  );
}

/**
 * The first `size` bytes of an open file as text, by positional reads: the descriptor stays
 * open and its offset is not moved (a stream would close it when done).
 */
async function* textOf(fd: number, size: number): AsyncGenerator<string> {
  const decoder = new StringDecoder("utf8");
  const buffer = Buffer.alloc(CHUNK);
  for (let at = 0; at < size;) {
    const bytes = await readAt(fd, buffer, Math.min(CHUNK, size - at), at);
    if (bytes === 0) break;
    at += bytes;
    yield decoder.write(buffer.subarray(0, bytes));
  }
  const rest = decoder.end();
  if (rest !== "") yield rest;
}

/**
 * Reads the first `size` bytes of a journal line by line; a damaged line (or a record whose
 * Id, Region or List cannot be used) is a CoveError `INVALID_RECORD` naming it.
 */
async function readJournalLines(
  path: string,
  fd: number,
  size: number,
  handler: LineHandler,
): Promise<boolean> {
  let torn = false;
  const onIssue = (issue: LineIssue) => {
    if (issue.torn) torn = true;
    else
      throw invalidRecord(
        { source: path, line: issue.line, reason: issue.reason },
        ": not a journal cove can resume from (is it damaged?).",
      );
  };
  await readRecords({ source: path, stream: textOf(fd, size) }, handler, onIssue);
  return torn;
}

/**
 * Reads a journal written by `--journal`: its header (the first line, an object without `Id`)
 * and the latest record line of each account × region. A torn last line is ignored; any other
 * line that is not a record or a header is a CoveError `INVALID_RECORD` naming the line (a
 * journal is untrusted input: an `Id` or `Region` that is not one is refused, never used as a
 * path), and a first line that is not a header is a UsageError.
 */
export async function readJournal(
  path: string,
  fd: number,
  size: number,
): Promise<JournalContents> {
  let header: JobHeader | undefined;
  let records = 0;
  const latest = new Map<string, JournalEntry>();
  const notJournal = () =>
    new UsageError(`${path} does not begin with a job header: it was not written by --journal.`);
  const torn = await readJournalLines(path, fd, size, {
    header(h, line) {
      if (line === 1) header = h;
    },
    record(list, record, line) {
      if (header === undefined) throw notJournal();
      records++;
      latest.set(pairKey(record.Id, record.Region), { line, list });
    },
  });
  if (header === undefined) throw notJournal();
  return { header, latest, records, torn, size };
}

/**
 * Reads the journal again and hands on, encoded as the CLI writes records, the latest record
 * of each pair that `wanted` picks — in journal order, waiting for each to be taken.
 */
export async function replayJournal(
  path: string,
  fd: number,
  contents: JournalContents,
  wanted: (entry: JournalEntry) => boolean,
  take: (record: EncodedRecord) => Promise<void>,
): Promise<void> {
  await readJournalLines(path, fd, contents.size, {
    header() {},
    async record(list, record, line) {
      const entry = contents.latest.get(pairKey(record.Id, record.Region));
      if (entry?.line !== line || !wanted(entry)) return;
      await take(new EncodedRecord(list, JSON.stringify(record)));
    },
  });
}
