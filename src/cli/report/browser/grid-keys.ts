/**
 * Keyboard use of the grid: one tab stop (a roving `tabindex`), arrow keys, Home/End and
 * PageUp/PageDown between cells, Enter or Space to open one.
 */
import { openDetail } from "./detail.js";
import type { PageState } from "./state.js";

/** Makes `cell` the grid's one tab stop. */
export function activate(s: PageState, cell: HTMLElement): void {
  for (const other of s.grid.querySelectorAll<HTMLElement>('td.c[tabindex="0"]'))
    if (other !== cell) other.tabIndex = -1;
  cell.tabIndex = 0;
}

/** Keeps one tab stop in the grid after a render. */
export function keepOneTabStop(s: PageState): void {
  const current = s.grid.querySelector<HTMLElement>('td.c[tabindex="0"]');
  const first = current ?? s.grid.querySelector<HTMLElement>("td.c");
  if (first) activate(s, first);
}

/** The account row `steps` rows after (or, negative, before) `row`, across groups; the last one reached. */
function rowStep(row: HTMLTableRowElement, steps: number): HTMLTableRowElement {
  const forward = steps > 0;
  const sibling = (e: Element | null | undefined) =>
    forward ? e?.nextElementSibling : e?.previousElementSibling;
  let current = row;
  for (let k = 0; k < Math.abs(steps); k++) {
    let body: Element | null | undefined = current.parentElement;
    let next = sibling(current);
    for (;;) {
      while (next && !next.matches("tr[data-a]")) next = sibling(next);
      if (next) break;
      body = sibling(body);
      if (!body) break;
      next = forward ? body.firstElementChild : body.lastElementChild;
    }
    if (!next) break;
    current = next as HTMLTableRowElement;
  }
  return current;
}

/** Where each key moves: rows to step, and the column to land in. */
function moves(event: KeyboardEvent, col: number, last: number): Record<string, [number, number]> {
  const far = event.ctrlKey ? Number.MAX_SAFE_INTEGER : 0;
  return {
    ArrowRight: [0, Math.min(last, col + 1)],
    ArrowLeft: [0, Math.max(1, col - 1)],
    ArrowDown: [1, col],
    ArrowUp: [-1, col],
    PageDown: [10, col],
    PageUp: [-10, col],
    Home: [-far, 1],
    End: [far, last],
  };
}

/** A key pressed in the grid. */
export function gridKey(s: PageState, event: KeyboardEvent): void {
  const cell = (event.target as Element).closest<HTMLTableCellElement>("td.c");
  if (!cell) return;
  if (event.key === "Enter" || event.key === " ") {
    event.preventDefault();
    openDetail(s, Number(cell.dataset.i), cell);
    return;
  }
  const move = moves(event, cell.cellIndex, s.width)[event.key];
  if (!move) return;
  event.preventDefault();
  const row = cell.parentElement as HTMLTableRowElement;
  const next = rowStep(row, move[0]).cells[move[1]] as HTMLElement | undefined;
  if (next) {
    activate(s, next);
    next.focus();
  }
}
