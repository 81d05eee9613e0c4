import type { Secrets } from "../redact.js";
import { visibleText } from "./escape.js";
import type { PlainRecord } from "./serialize.js";
import { renderTable } from "./table.js";
import { cellText, errorText, LISTS, listSummary, type ListName } from "./text.js";

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

/** Widest a cell is kept for a table of `width` columns (no column is ever wider). */
const keptWidth = (width: number) => Math.max(width, 40) + 1;

/**
 * The `table` format of a run: collects what it will print of each record (redacted first,
 * then made visible and cut to what a column can show) and renders the three lists at the end,
 * sorted by account name (or id) and region to read; json and ndjson keep finishing order.
 */
export class RunTable {
  readonly #entries: Record<ListName, TableEntry[]> = {
    Results: [],
    Exceptions: [],
    FailedAssumeRole: [],
  };

  constructor(
    private readonly secrets: Secrets,
    private readonly width: number,
    private readonly resultText: ResultText = cellText,
  ) {}

  add(list: ListName, record: PlainRecord): void {
    const cell = (value: string) =>
      visibleText(this.secrets.scrub(value)).slice(0, keptWidth(this.width));
    this.#entries[list].push({
      sortKey: `${cellText(record.Name ?? record.Id)}\u0000${cellText(record.Id)}\u0000${cellText(record.Region)}`,
      id: cell(cellText(record.Id)),
      name: cell(cellText(record.Name)),
      ouPath: record.OuPath === undefined ? undefined : cell(cellText(record.OuPath)),
      region: cell(cellText(record.Region)),
      last: cell(
        list === "Results" ? this.resultText(record.Result) : errorText(record.ExceptionDetails),
      ),
    });
  }

  render(): string {
    const withOu = LISTS.some((l) => this.#entries[l].some((e) => e.ouPath !== undefined));
    const sections = LISTS.map((l) => this.#section(l, withOu));
    const counts = { Results: 0, Exceptions: 0, FailedAssumeRole: 0 };
    for (const l of LISTS) counts[l] = this.#entries[l].length;
    return `${sections.join("")}${listSummary(counts)}\n`;
  }

  #section(list: ListName, withOu: boolean): string {
    const entries = this.#entries[list];
    const title = `${list} (${entries.length})\n`;
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
    return `${title}${renderTable(headers, rows, this.width)}\n`;
  }
}
