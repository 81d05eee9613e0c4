import { visibleText } from "./escape.js";

/** Widest a column other than the last one gets. */
const MAX_COLUMN = 40;
/** Narrowest the last column gets, however little room is left. */
const MIN_LAST_COLUMN = 20;

/** Cuts text to `width` characters with an ellipsis. */
function fit(text: string, width: number): string {
  if (text.length <= width) return text;
  return width <= 1 ? text.slice(0, width) : `${text.slice(0, width - 1)}…`;
}

/** The longest cell of column `i` (headers included), by a loop: rows may be very many. */
function longestCell(headers: string[], rows: string[][], i: number): number {
  let longest = headers[i]?.length ?? 0;
  for (const row of rows) {
    const length = row[i]?.length ?? 0;
    if (length > longest) longest = length;
  }
  return longest;
}

/** Column widths: at most `maxColumn` each, the last one taking what is left of `width`. */
function columnWidths(headers: string[], rows: string[][], width: number, maxColumn: number) {
  const last = headers.length - 1;
  const widths = headers.map((_, i) => Math.min(maxColumn, longestCell(headers, rows, i)));
  let used = 0;
  for (let i = 0; i < last; i++) used += (widths[i] ?? 0) + 2;
  const room = Math.max(MIN_LAST_COLUMN, width - used - 2);
  widths[last] = Math.max(
    headers[last]?.length ?? 0,
    Math.min(longestCell(headers, rows, last), room),
  );
  return widths;
}

/**
 * A plain-text table fitted to `width` columns: the last column takes what is left, the
 * others at most `maxColumn` characters. Cells are shown on one line, with control and
 * bidirectional characters escaped (see {@link visibleText}), then cut to their column.
 */
export function renderTable(
  headers: string[],
  cells: string[][],
  width = 120,
  maxColumn = MAX_COLUMN,
): string {
  const rows = cells.map((row) => row.map(visibleText));
  const widths = columnWidths(headers, rows, width, maxColumn);
  const last = headers.length - 1;
  const line = (cells: string[]) =>
    `  ${cells
      .map((c, i) =>
        i === last ? fit(c, widths[i] ?? 0) : fit(c, widths[i] ?? 0).padEnd(widths[i] ?? 0),
      )
      .join("  ")}`.trimEnd();
  const lines = [line(headers), line(widths.map((w) => "-".repeat(w)))];
  for (const row of rows) lines.push(line(row));
  return lines.join("\n") + "\n";
}
