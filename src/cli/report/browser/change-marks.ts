/**
 * What a baseline (`--baseline`) adds to the grid and the detail panel: marks on the changed
 * cells, their legend, the "Changed only" filter, and a changed cell's before → after block.
 */
import type { KindLetter, PageChange } from "../page-data.js";
import { byId, el, plural } from "./dom.js";
import type { PageState } from "./state.js";

/** How a change kind looks: its mark, label and CSS class. */
export interface ChangeLook {
  mark: string;
  label: string;
  cls: string;
}

const CHANGE_LOOKS: Record<KindLetter, ChangeLook> = {
  c: { mark: "Δ", label: "changed", cls: "x-c" },
  o: { mark: "↻", label: "outcome changed", cls: "x-o" },
  n: { mark: "+", label: "new", cls: "x-n" },
  g: { mark: "−", label: "gone", cls: "x-g" },
};

/** Every change kind, in the order the page lists them. */
export const CHANGE_KINDS: readonly KindLetter[] = ["c", "o", "n", "g"];

/** How the change kind `kind` looks. */
export function changeLook(kind: KindLetter): ChangeLook {
  return CHANGE_LOOKS[kind];
}

/** The item index of each changed cell (empty without a baseline). */
export function changeIndex(items: readonly PageChange[] | undefined): Map<number, number> {
  const at = new Map<number, number>();
  items?.forEach((item, k) => at.set(item[0], k));
  return at;
}

/** The change of cell `i`, if it changed. */
function changeOf(s: PageState, i: number): PageChange | undefined {
  const k = s.changeAt.get(i);
  return k === undefined ? undefined : s.data.changes?.items[k];
}

/** Marks a grid cell that changed: its class, a mark after the outcome symbol, its label. */
export function markChangedCell(s: PageState, i: number, cell: HTMLElement): void {
  const change = changeOf(s, i);
  if (!change) {
    if (s.changedOnly) cell.classList.add("dim");
    return;
  }
  const k = changeLook(change[1]);
  cell.classList.add("chg", k.cls);
  cell.append(el("span", { class: "mark", "aria-hidden": "true" }, k.mark));
  cell.setAttribute(
    "aria-label",
    `${cell.getAttribute("aria-label") ?? ""}; ${k.label} since the baseline`,
  );
}

/** Whether account `a` passes the "Changed only" filter (every row does when it is off). */
export function rowChanged(s: PageState, a: number): boolean {
  if (!s.changedOnly) return true;
  for (let j = 0; j < s.width; j++) if (s.changeAt.has(a * s.width + j)) return true;
  return false;
}

/** The legend's change marks and the "Changed only" switch (shown with a baseline only). */
export function wireChangeFilter(s: PageState, refilter: () => void): void {
  if (!s.data.changes) return;
  const legend = byId("legend");
  for (const kind of CHANGE_KINDS) {
    const k = changeLook(kind);
    const swatch = el("span", { class: `swatch chg ${k.cls}`, "aria-hidden": "true" }, k.mark);
    legend.append(el("li", null, swatch, ` ${k.label} since the baseline`));
  }
  const box = byId<HTMLInputElement>("changed-only");
  box.parentElement?.removeAttribute("hidden");
  box.addEventListener("change", () => {
    s.changedOnly = box.checked;
    refilter();
  });
}

/** The table of a change's paths: path (highlighted), before, after. */
function pathTable(paths: PageChange[3]): HTMLElement {
  const body = el("tbody", null);
  for (const [path, what, before, after] of paths)
    body.append(
      el(
        "tr",
        { class: `p-${what}` },
        el("th", { scope: "row" }, el("mark", null, path), ` (${what})`),
        el("td", { class: "before" }, what === "added" ? "—" : before),
        el("td", { class: "after" }, what === "removed" ? "—" : after),
      ),
    );
  const head = el(
    "tr",
    null,
    el("th", { scope: "col" }, "Path"),
    el("th", { scope: "col" }, "Before"),
    el("th", { scope: "col" }, "After"),
  );
  return el("table", { class: "paths" }, el("thead", null, head), body);
}

/** The detail panel's block of a changed cell: the kind, outcomes, and the paths before → after. */
export function changeView(s: PageState, i: number): HTMLElement | null {
  const change = changeOf(s, i);
  if (!change) return null;
  const k = changeLook(change[1]);
  const block = el(
    "section",
    { class: "change-view", "aria-label": "Changes since the baseline" },
    el(
      "h3",
      null,
      el("span", { class: `badge chg ${k.cls}` }, `${k.mark} ${k.label}`),
      " since the baseline",
    ),
    el("p", { class: "outcomes" }, change[2]),
  );
  if (change[3].length === 0) return block;
  block.append(pathTable(change[3]));
  if (change[4] > 0) {
    const more = `… and ${plural(change[4], "other path")} (cove diff lists them all).`;
    block.append(el("p", { class: "cut" }, more));
  }
  return block;
}
