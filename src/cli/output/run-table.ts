import type { Secrets } from "../redact.js";
import { errorCell, resultCell } from "./cells.js";
import { PLAIN, type Paint, type Palette } from "./colour.js";
import { visibleText } from "./escape.js";
import type { PlainRecord } from "./serialize.js";
import { renderTable } from "./table.js";
import { RECORD_LISTS, type RecordList } from "../../records/lists.js";
import { cellText, listSummary } from "./text.js";

/** How a command turns a successful run's `Result` into a table or CSV cell. */
export type ResultText = (result: unknown) => string;

/** What a table keeps of one record: the cells it prints, already redacted and shortened. */
interface TableEntry {
  sortKey: string;
  id: string;
  name: string;
  ouPath: string | undefined;
  region: string;
  last: string;
}

/** The colour of each list's outcome. */
function listPaint(colours: Palette): Record<RecordList, Paint> {
  return { Results: colours.green, Exceptions: colours.yellow, FailedAssumeRole: colours.red };
}

/** Widest a cell is kept for a table of `width` columns (no column is ever wider). */
const keptWidth = (width: number) => Math.max(width, 40) + 1;

/**
 * The `table` format of a run: collects what it will print of each record (redacted first,
 * then made visible and cut to what a column can show) and renders the three lists at the end,
 * sorted by account name (or id) and region to read; json and ndjson keep finishing order.
 * A cell shows what a person reads first: a result's first line (a JSON document on one
 * line), an error's code and short message (see {@link resultCell}, {@link errorCell}). With
 * colours, each list's title and errors are in the colour of its outcome.
 */
export class RunTable {
  readonly #entries: Record<RecordList, TableEntry[]> = {
    Results: [],
    Exceptions: [],
    FailedAssumeRole: [],
  };

  constructor(
    private readonly secrets: Secrets,
    private readonly width: number,
    private readonly resultText: ResultText = cellText,
    private readonly colours: Palette = PLAIN,
  ) {}

  add(list: RecordList, record: PlainRecord): void {
    const cell = (value: string) =>
      visibleText(this.secrets.scrub(value)).slice(0, keptWidth(this.width));
    this.#entries[list].push({
      sortKey: `${cellText(record.Name ?? record.Id)}\u0000${cellText(record.Id)}\u0000${cellText(record.Region)}`,
      id: cell(cellText(record.Id)),
      name: cell(cellText(record.Name)),
      ouPath: record.OuPath === undefined ? undefined : cell(cellText(record.OuPath)),
      region: cell(cellText(record.Region)),
      last: cell(
        list === "Results"
          ? resultCell(this.resultText(record.Result))
          : errorCell(record.ExceptionDetails, cellText(record.Id)),
      ),
    });
  }

  render(): string {
    const withOu = RECORD_LISTS.some((l) => this.#entries[l].some((e) => e.ouPath !== undefined));
    const sections = RECORD_LISTS.map((l) => this.#section(l, withOu));
    const counts = { Results: 0, Exceptions: 0, FailedAssumeRole: 0 };
    for (const l of RECORD_LISTS) counts[l] = this.#entries[l].length;
    return `${sections.join("")}${listSummary(counts, listPaint(this.colours))}\n`;
  }

  #section(list: RecordList, withOu: boolean): string {
    const entries = this.#entries[list];
    const paint = listPaint(this.colours)[list];
    const title = `${this.colours.bold(paint(list))} (${entries.length})\n`;
    if (entries.length === 0) return `${title}  none\n\n`;
    const sorted = [...entries].sort((a, b) =>
      a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0,
    );
    const headers = [
      "Id",
      "Name",
      ...(withOu ? ["OU path"] : []),
      "Region",
      list === "Results" ? "Result" : "Error",
    ];
    const rows = sorted.map((e) => [
      e.id,
      e.name,
      ...(withOu ? [e.ouPath ?? ""] : []),
      e.region,
      e.last,
    ]);
    const style = {
      header: this.colours.bold,
      rule: this.colours.dim,
      ...(list === "Results" ? {} : { lastColumn: paint }),
    };
    return `${title}${renderTable(headers, rows, this.width, style)}\n`;
  }
}
