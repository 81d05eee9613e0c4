import type { Paint } from "./colour.js";
import { visibleText } from "./escape.js";
import { displayWidth, fitWidth, padToWidth } from "./width.js";

/** Widest a column other than the last one gets. */
const MAX_COLUMN = 40;
/** Narrowest the last column gets, however little room is left. */
const MIN_LAST_COLUMN = 20;

/** The widest cell of column `i` in terminal columns (headers included), by a loop: rows may be very many. */
function longestCell(headers: string[], rows: string[][], i: number): number {
  let longest = displayWidth(headers[i] ?? "");
  for (const row of rows) {
    const length = displayWidth(row[i] ?? "");
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
    displayWidth(headers[last] ?? ""),
    Math.min(longestCell(headers, rows, last), room),
  );
  return widths;
}

/** How a table is styled: widest inner column, and paints applied after cells are fitted. */
export interface TableStyle {
  /** Widest a column other than the last one gets (default 40). */
  maxColumn?: number;
  /** The header line. */
  header?: Paint;
  /** The rule under the headers. */
  rule?: Paint;
  /** The last column's cells (e.g. errors in the colour of their list). */
  lastColumn?: Paint;
}

const plain: Paint = (text) => text;

/**
 * A plain-text table fitted to `width` columns: the last column takes what is left, the
 * others at most `maxColumn` characters. Cells are shown on one line, with control and
 * bidirectional characters escaped (see {@link visibleText}), then cut to their column.
 * Styles are applied to fitted, padded text, so they never change a width.
 */
export function renderTable(
  headers: string[],
  cells: string[][],
  width = 120,
  style: TableStyle = {},
): string {
  const rows = cells.map((row) => row.map(visibleText));
  const widths = columnWidths(headers, rows, width, style.maxColumn ?? MAX_COLUMN);
  const last = headers.length - 1;
  const line = (cells: string[], paintLast: Paint = plain) => {
    const fitted = cells.map((c, i) => fitWidth(c, widths[i] ?? 0));
    const inner = fitted.slice(0, last).map((c, i) => padToWidth(c, widths[i] ?? 0));
    const lastCell = (fitted[last] ?? "").trimEnd();
    const text = `  ${[...inner, lastCell].join("  ")}`.trimEnd();
    // A last cell with text ends the line: paint just that.
    if (lastCell === "" || paintLast === plain) return text;
    return `${text.slice(0, text.length - lastCell.length)}${paintLast(lastCell)}`;
  };
  const lines = [
    (style.header ?? plain)(line(headers)),
    (style.rule ?? plain)(line(widths.map((w) => "-".repeat(w)))),
  ];
  for (const row of rows) lines.push(line(row, style.lastColumn));
  return lines.join("\n") + "\n";
}
