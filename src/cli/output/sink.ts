import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { CoveEvent } from "../../index.js";
import type { Format } from "../common-flags.js";
import type { Secrets } from "../redact.js";
import { csvLine } from "./csv.js";
import { renderRunTable, type ResultText } from "./run-table.js";
import { plainRecord, toJson, type PlainRecord } from "./serialize.js";
import { cellText, errorText, type ListName } from "./text.js";
import { writeText } from "./write.js";

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

/** A finished run as the sink receives it. */
export type SinkEvent = CoveEvent<unknown> | { list: ListName; record: object };

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
  /** Records so far, per list. */
  readonly counts: Record<ListName, number> = { Results: 0, Exceptions: 0, FailedAssumeRole: 0 };
  #headerWritten = false;
  readonly #files: Promise<void>[] = [];

  constructor(private readonly options: SinkOptions) {}

  /** Records so far. */
  get count(): number {
    return this.counts.Results + this.counts.Exceptions + this.counts.FailedAssumeRole;
  }

  /** Exceptions and FailedAssumeRole so far. */
  get failures(): number {
    return this.counts.Exceptions + this.counts.FailedAssumeRole;
  }

  /** Files a finished run and writes it where it streams. */
  async add(event: SinkEvent): Promise<void> {
    const record = plainRecord(event.record);
    this.output[event.list].push(record);
    this.counts[event.list]++;
    if (this.options.outDir !== undefined) this.#writeFile(this.options.outDir, event.list, record);
    if (this.options.format === "ndjson") await this.#writeNdjson(event.list, record);
    else if (this.options.format === "csv") await this.#writeCsv(event.list, record);
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

  #write(text: string): Promise<void> {
    return writeText(this.options.stdout, this.options.secrets.scrub(text));
  }

  /** `DIR/<account>/<region>.json`, written in the background (awaited by finish). */
  #writeFile(outDir: string, list: ListName, record: PlainRecord): void {
    const dir = join(outDir, String(record.Id));
    const path = join(dir, `${String(record.Region)}.json`);
    const text = this.options.secrets.scrub(toJson({ List: list, ...record }, 2) + "\n");
    this.#files.push(mkdir(dir, { recursive: true }).then(() => writeFile(path, text)));
  }

  #writeNdjson(list: ListName, record: PlainRecord): Promise<void> {
    return this.#write(toJson({ List: list, ...record }) + "\n");
  }

  async #csvHeader(): Promise<void> {
    if (this.#headerWritten) return;
    this.#headerWritten = true;
    await this.#write(csvLine(CSV_HEADER));
  }

  async #writeCsv(list: ListName, record: PlainRecord): Promise<void> {
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
