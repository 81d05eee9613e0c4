import type { PlainRecord } from "./serialize.js";
import { renderTable } from "./table.js";
import { cellText, errorText, LISTS, listSummary, type ListName } from "./text.js";

/** How a command turns a successful run's `Result` into a table or CSV cell. */
export type ResultText = (result: unknown) => string;

const sortKey = (r: PlainRecord) =>
  `${cellText(r.Name ?? r.Id)}\u0000${cellText(r.Id)}\u0000${cellText(r.Region)}`;

function byAccountAndRegion(a: PlainRecord, b: PlainRecord): number {
  const ka = sortKey(a);
  const kb = sortKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** One list's section: its title and its records, sorted by account name (or id) and region. */
function listSection(
  list: ListName,
  records: PlainRecord[],
  withOu: boolean,
  width: number,
  resultText: ResultText,
): string {
  const title = `${list} (${records.length})\n`;
  if (records.length === 0) return `${title}  none\n\n`;
  const sorted = [...records].sort(byAccountAndRegion);
  const last = list === "Results" ? "Result" : "Error";
  const headers = ["Id", "Name", ...(withOu ? ["OU path"] : []), "Region", last];
  const rows = sorted.map((r) => [
    cellText(r.Id),
    cellText(r.Name),
    ...(withOu ? [cellText(r.OuPath)] : []),
    cellText(r.Region),
    list === "Results" ? resultText(r.Result) : errorText(r.ExceptionDetails),
  ]);
  return `${title}${renderTable(headers, rows, width)}\n`;
}

/** Table of the three lists (json and ndjson keep finishing order; the table sorts to read). */
export function renderRunTable(
  output: Record<ListName, PlainRecord[]>,
  width: number,
  resultText: ResultText = cellText,
): string {
  const withOu = LISTS.some((l) => output[l].some((r) => r.OuPath !== undefined));
  const sections = LISTS.map((l) => listSection(l, output[l], withOu, width, resultText));
  const counts = { Results: 0, Exceptions: 0, FailedAssumeRole: 0 };
  for (const l of LISTS) counts[l] = output[l].length;
  return `${sections.join("")}${listSummary(counts)}\n`;
}
