import { join } from "node:path";
import { writeFileAtomic } from "../atomic-write.js";
import type { Format } from "../common-flags.js";
import { makeOutDirFolder, outDirFile } from "../out-dir.js";
import { palette } from "./colour.js";
import { csvLine } from "./csv.js";
import { ndjsonLine } from "../ndjson.js";
import { encodeRecord, type EncodedRecord, type RunEvent } from "./encode.js";
import type { WriteFailures } from "./failures.js";
import { JsonDocument } from "./json-document.js";
import type { RedactingWriter } from "./redacting.js";
import { byAccountThenRegion, stableRecord } from "./stable.js";
import { RunTable, type ResultText } from "./run-table.js";
import type { PlainRecord } from "./serialize.js";
import type { RecordList } from "../../records/lists.js";
import { cellText, errorText } from "./text.js";

/** Where and how run records are written. */
export interface SinkOptions {
  format: Format;
  outDir?: string | undefined;
  /** The one writer that redacts: each record is scrubbed once, before it goes anywhere. */
  writer: RedactingWriter;
  stdout: NodeJS.WritableStream;
  /** Terminal width for tables. */
  width?: number | undefined;
  resultText?: ResultText;
  /** Colour the table (see `colourWanted`). Default: no colour. */
  colour?: boolean;
  /**
   * `--sort`: records written at the end, ordered by account id then region, with the keys of
   * every object in a value sorted (kept in memory until then). Default: as runs finish.
   */
  sort?: boolean;
  /** Other places each record goes as it ends (the report, the journal). */
  taps?: readonly RecordTap[];
  /**
   * Where writes that fail are reported (stdout, `outDir`'s files): the sink goes on writing
   * what it still can. Without it, a failed write rejects (`add` for stdout, `finish` for files).
   */
  failures?: WriteFailures;
}

/** Another place every record goes as it ends, besides stdout (`--report`, `--journal`). */
export interface RecordTap {
  /**
   * Takes one finished run, encoded like stdout's (a promise holds the next record back);
   * `replayed`: a record of an earlier run of the job, read back from its journal.
   */
  add(record: EncodedRecord, replayed: boolean): void | Promise<void>;
  /** The run has ended (however it ended): write what is written at the end. */
  finish(): Promise<void>;
}

export type { RunEvent as SinkEvent } from "./encode.js";

const CSV_HEADER = ["List", "Id", "Name", "Email", "OuPath", "Region", "Result", "Error"];

/**
 * Receives the records of a run as they end and writes them in the chosen format: ndjson
 * and csv as they come (keeping no record, only counts), json and table at the end (keeping
 * only what they print). With `outDir`, also one file per run. Each record is encoded on its
 * own: one that cannot be written becomes an Exception and spoils no other.
 */
export class RecordSink {
  /** Records so far, per list (as written: an unwritable Result counts as an Exception). */
  readonly counts: Record<RecordList, number> = { Results: 0, Exceptions: 0, FailedAssumeRole: 0 };
  readonly #json: JsonDocument | undefined;
  readonly #table: RunTable | undefined;
  readonly #files = new Set<Promise<void>>();
  #headerWritten = false;
  #replayed = 0;
  /** With `sort`: the records to write at the end. */
  readonly #held: EncodedRecord[] = [];

  constructor(private readonly options: SinkOptions) {
    if (options.format === "json") this.#json = new JsonDocument();
    if (options.format === "table")
      this.#table = new RunTable(
        options.writer.secrets,
        options.width || 120,
        options.resultText,
        palette(options.colour === true),
      );
  }

  /** Records of earlier runs of the job so far (read back from its journal). */
  get replayed(): number {
    return this.#replayed;
  }

  /** Records so far. */
  get count(): number {
    return this.counts.Results + this.counts.Exceptions + this.counts.FailedAssumeRole;
  }

  /** Where writes that failed are reported, if anywhere. */
  get writeFailures(): WriteFailures | undefined {
    return this.options.failures;
  }

  /** Exceptions and FailedAssumeRole so far. */
  get failures(): number {
    return this.counts.Exceptions + this.counts.FailedAssumeRole;
  }

  /**
   * Files a finished run and writes it where it streams. The taps (the journal) take it
   * first, so they keep it even while stdout is slow; it is printed even if a tap fails.
   * Everything takes the record as the writer scrubbed it.
   */
  async add(event: RunEvent): Promise<void> {
    const encoded = this.options.writer.record(encodeRecord(event));
    try {
      for (const tap of this.options.taps ?? []) await tap.add(encoded, false);
    } finally {
      if (this.options.outDir !== undefined)
        this.#writeFile(this.options.outDir, encoded.list, encoded.record);
      await this.#print(encoded);
    }
  }

  /**
   * Files a record of an earlier run of the job (read back from its journal, encoded as
   * written) like a new one: counted, printed, handed to the taps (as replayed), and its
   * `--out-dir` file written (again: that run may have been killed before it wrote it).
   */
  async replay(read: EncodedRecord): Promise<void> {
    const encoded = this.options.writer.record(read);
    this.#replayed++;
    for (const tap of this.options.taps ?? []) await tap.add(encoded, true);
    if (this.options.outDir !== undefined)
      this.#writeFile(this.options.outDir, encoded.list, encoded.record);
    await this.#print(encoded);
  }

  /** Counts a record and writes it where stdout's format wants it. */
  async #print(encoded: EncodedRecord): Promise<void> {
    this.counts[encoded.list]++;
    if (this.options.sort === true && this.options.format !== "table")
      this.#held.push(stableRecord(encoded));
    else await this.#emit(encoded);
  }

  /** Writes a record where stdout's format wants it. */
  async #emit(encoded: EncodedRecord): Promise<void> {
    const { list } = encoded;
    if (this.options.format === "ndjson") await this.#writeNdjson(encoded);
    else if (this.options.format === "csv") await this.#writeCsv(list, encoded.record);
    this.#json?.add(list, encoded.record);
    this.#table?.add(list, encoded.record);
  }

  /**
   * With `-o ndjson`: writes `header` (a job header: an object without `Id`) as the first
   * line, before any record; other formats write nothing.
   */
  async preamble(header: Record<string, unknown>): Promise<void> {
    if (this.options.format === "ndjson" && this.count === 0)
      await this.#write(`${JSON.stringify(header)}\n`);
  }

  /** Writes what is written at the end (json, table, a csv header when nothing ran). */
  async finish(): Promise<void> {
    await Promise.all(this.#files);
    this.#held.sort(byAccountThenRegion);
    for (const encoded of this.#held.splice(0)) await this.#emit(encoded);
    if (this.#json) await this.#json.write((text) => this.#write(text));
    if (this.#table) await this.#write(this.#table.render());
    if (this.options.format === "csv") await this.#csvHeader();
    for (const tap of this.options.taps ?? []) await tap.finish();
  }

  /** Writes to stdout, scrubbed; once stdout has failed (with `failures`), writes nothing. */
  async #write(text: string): Promise<void> {
    const { failures } = this.options;
    if (failures && !failures.stdoutWritable) return;
    try {
      await this.options.writer.write(this.options.stdout, text);
    } catch (error) {
      if (!failures) throw error;
      failures.stdout(error);
    }
  }

  /**
   * `DIR/<account>/<region>.json`, written in the background (awaited by finish), atomically
   * (see `writeFileAtomic`), never outside DIR.
   */
  #writeFile(outDir: string, list: RecordList, record: PlainRecord): void {
    const name = `${String(record.Region)}.json`;
    let path = join(outDir, String(record.Id), name);
    const text = this.options.writer.text(JSON.stringify({ List: list, ...record }, null, 2));
    const { failures } = this.options;
    const written = (async () => {
      path = outDirFile(outDir, String(record.Id), name);
      await makeOutDirFolder(outDir, path);
      await writeFileAtomic(path, `${text}\n`, { mode: 0o644 });
    })().catch((error: unknown) => {
      if (!failures) throw error; // kept: finish() rejects with it
      failures.file(path, error);
    });
    this.#files.add(written);
    void written.then(
      () => this.#files.delete(written),
      () => undefined,
    );
  }

  /** `{"List":"…",` and the record's own JSON (an object: `{…}`). */
  #writeNdjson(encoded: EncodedRecord): Promise<void> {
    return this.#write(`${ndjsonLine(encoded.list, encoded.json)}\n`);
  }

  async #csvHeader(): Promise<void> {
    if (this.#headerWritten) return;
    this.#headerWritten = true;
    await this.#write(csvLine(CSV_HEADER));
  }

  async #writeCsv(list: RecordList, record: PlainRecord): Promise<void> {
    await this.#csvHeader();
    const resultText = this.options.resultText ?? cellText;
    await this.#write(
      csvLine([
        list,
        cellText(record.Id),
        cellText(record.Name),
        cellText(record.Email),
        cellText(record.OuPath),
        cellText(record.Region),
        list === "Results" ? resultText(record.Result) : "",
        list === "Results" ? "" : errorText(record.ExceptionDetails),
      ]),
    );
  }
}
