import { createReadStream, statSync } from "node:fs";
import { requireInputFile } from "../input-file.js";
import { UsageError } from "../errors.js";
import { pairKey } from "../journal/read.js";
import type { JobHeader } from "../job/header.js";
import type { RecordList } from "../../records/lists.js";
import { readRecords, type LineIssue } from "../ndjson.js";
import type { ShardFile } from "./check.js";

/** Lines per file, at most (a record's place is `file * LINES + line`). */
const LINES = 2 ** 32;

/** What the first pass over the inputs found: each file's header, each pair's latest record. */
export interface Scan {
  files: ShardFile[];
  /** The place (file, line) of the latest record of each pair (see {@link pairKey}). */
  latest: Map<string, number>;
  /** Accounts with at least one record (for a target set with per-account regions). */
  accounts: Set<string>;
}

/** Refuses inputs that are not readable files (before anything is read). */
export function checkFiles(files: readonly string[], out: string | undefined): void {
  for (const file of files) {
    requireInputFile(file);
    if (out !== undefined && statSync(file).ino === statOrUndefined(out)?.ino)
      throw new UsageError(`--out would overwrite its input ${file}; choose another file.`);
  }
}

function statOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** Reads one file line by line: its first-line header and where each pair's record is. */
async function scanFile(
  path: string,
  index: number,
  scan: Scan,
  onIssue: (issue: LineIssue) => void,
): Promise<void> {
  let header: JobHeader | undefined;
  await readRecords(
    { source: path, stream: createReadStream(path, "utf8") },
    {
      header(h, line) {
        if (line === 1) header = h;
      },
      record(_list, record, line) {
        scan.latest.set(pairKey(record.Id, record.Region), index * LINES + line);
        scan.accounts.add(String(record.Id));
      },
    },
    onIssue,
  );
  scan.files.push({ source: path, header });
}

/** First pass: every file in order (later files, and later lines, win for a pair). */
export async function scanFiles(
  files: readonly string[],
  onIssue: (issue: LineIssue) => void,
): Promise<Scan> {
  const scan: Scan = { files: [], latest: new Map(), accounts: new Set() };
  for (const [i, path] of files.entries()) await scanFile(path, i, scan, onIssue);
  return scan;
}

/**
 * Second pass: hands on the latest record of each pair, file by file in line order (memory:
 * one line at a time besides the scan's places).
 */
export async function replayLatest(
  files: readonly string[],
  scan: Scan,
  take: (list: RecordList, record: Record<string, unknown>) => Promise<void>,
): Promise<void> {
  for (const [i, path] of files.entries()) {
    await readRecords(
      { source: path, stream: createReadStream(path, "utf8") },
      {
        header() {},
        async record(list, record, line) {
          if (scan.latest.get(pairKey(record.Id, record.Region)) === i * LINES + line)
            await take(list, record);
        },
      },
      () => {},
    );
  }
}
