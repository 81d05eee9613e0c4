/**
 * The report page's script (the entry of its bundle): reads the page's data block, renders
 * each section, and marks the page ready (`<html data-ready="1">`), or shows what failed.
 *
 * Each section is a module with one render function over the shared {@link PageState}; a new
 * section is a new module listed in {@link SECTIONS} (and its markup in `../html.ts`).
 */
import type { PageData } from "../page-data.js";
import { renderCauses } from "./causes.js";
import { renderChanges } from "./changes.js";
import { wireDetailPanel } from "./detail.js";
import { byId } from "./dom.js";
import { renderGrid } from "./grid.js";
import { createState, type PageState } from "./state.js";
import { renderSummary } from "./summary.js";

/** The page's sections, in the order they render. */
const SECTIONS: readonly ((s: PageState) => void)[] = [
  renderSummary,
  renderCauses,
  renderChanges,
  renderGrid,
  wireDetailPanel,
];

function main(): void {
  const root = document.documentElement;
  try {
    const data = JSON.parse(byId("cove-data").textContent ?? "null") as PageData;
    const s = createState(data, byId<HTMLTableElement>("grid"));
    for (const render of SECTIONS) render(s);
    root.dataset.ready = "1";
    performance.mark("cove-ready");
  } catch (error) {
    const box = byId("fatal");
    box.textContent = `This report could not be shown: ${String(error)}`;
    box.hidden = false;
    root.dataset.ready = "error";
    throw error;
  }
}

main();
