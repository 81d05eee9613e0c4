/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The report page's baseline part (`--baseline`): the "Changes since" section, the marks on
 * changed cells, the "changed only" filter and the before → after block of the detail panel.
 * Like page.ts, these functions run in the browser: the template inlines their source, so each
 * uses only its parameters, the DOM and the other page functions (by name) — no imports but
 * types, no module-level values. Record content reaches the page as text only.
 */
import type { PageChange } from "./changes.js";
import type { PageData } from "./model.js";

/** The part of the page state these functions use. */
interface ChangeState {
  data: PageData;
  width: number;
  /** The item index of each changed cell. */
  changeAt: Map<number, number>;
  /** "Changed only" is on. */
  changedOnly: boolean;
}

/** Mark, label and class of a change kind letter. */
function coveChangeKind(kind: string): { mark: string; label: string; cls: string } {
  if (kind === "c") return { mark: "Δ", label: "changed", cls: "x-c" };
  if (kind === "o") return { mark: "↻", label: "outcome changed", cls: "x-o" };
  if (kind === "n") return { mark: "+", label: "new", cls: "x-n" };
  return { mark: "−", label: "gone", cls: "x-g" };
}

/** The changed cells' index (built once; empty without a baseline). */
export function coveChangeIndex(data: PageData): Map<number, number> {
  const at = new Map<number, number>();
  data.changes?.items.forEach((item, k) => at.set(item[0], k));
  return at;
}

/** The change of cell `i`, if it changed. */
function coveChangeOf(s: ChangeState, i: number): PageChange | undefined {
  const k = s.changeAt.get(i);
  return k === undefined ? undefined : s.data.changes?.items[k];
}

/** Marks a grid cell that changed: its class, a mark after the outcome symbol, its label. */
export function coveMarkCell(s: ChangeState, i: number, cell: HTMLElement): void {
  const change = coveChangeOf(s, i);
  if (!change) {
    if (s.changedOnly) cell.classList.add("dim");
    return;
  }
  const k = coveChangeKind(change[1]);
  cell.classList.add("chg", k.cls);
  cell.append(coveEl("span", { class: "mark", "aria-hidden": "true" }, k.mark));
  cell.setAttribute(
    "aria-label",
    `${cell.getAttribute("aria-label") ?? ""}; ${k.label} since the baseline`,
  );
}

/** Whether account `a` has a changed cell (the "changed only" filter). */
export function coveRowChanged(s: ChangeState, a: number): boolean {
  if (!s.changedOnly) return true;
  for (let j = 0; j < s.width; j++) if (s.changeAt.has(a * s.width + j)) return true;
  return false;
}

/** The legend's change marks and the "changed only" switch (shown with a baseline only). */
export function coveChangeControls(s: ChangeState, refilter: () => void): void {
  if (!s.data.changes) return;
  const legend = coveById("legend");
  for (const kind of ["c", "o", "n", "g"]) {
    const k = coveChangeKind(kind);
    legend.append(
      coveEl(
        "li",
        null,
        coveEl("span", { class: `swatch chg ${k.cls}`, "aria-hidden": "true" }, k.mark),
        ` ${k.label} since the baseline`,
      ),
    );
  }
  const box = coveById<HTMLInputElement>("changed-only");
  box.parentElement?.removeAttribute("hidden");
  box.addEventListener("change", () => {
    s.changedOnly = box.checked;
    refilter();
  });
}

/** `2026-12-01 09:00 UTC`. */
function coveTime(iso: string): string {
  const t = new Date(iso);
  return Number.isFinite(t.getTime())
    ? `${t.toISOString().replace("T", " ").slice(0, 16)} UTC`
    : iso;
}

/** The "Changes since <time>" section: counts, then the changes by kind and cause. */
export function coveChanges(s: ChangeState, open: (i: number, opener: HTMLElement) => void): void {
  const c = s.data.changes;
  const section = coveById("changes-sec");
  if (!c) return;
  section.hidden = false;
  coveById("changes-h").textContent = `Changes since ${coveTime(c.since)}`;
  coveById("changes-from").textContent = `Baseline: ${c.sources.join(", ")}`;
  const counts = coveById("changes-counts");
  for (const kind of ["c", "o", "n", "g"]) {
    const k = coveChangeKind(kind);
    const key = ({ c: "changed", o: "outcome-changed", n: "new", g: "gone" } as const)[kind as "c"];
    counts.append(
      coveEl(
        "li",
        { class: k.cls },
        `${k.mark} ${k.label}: ${(c.counts[key] ?? 0).toLocaleString("en")}`,
      ),
    );
  }
  counts.append(coveEl("li", null, `unchanged: ${c.counts.unchanged.toLocaleString("en")}`));
  const box = coveById("changes");
  if (c.items.length === 0 && c.accounts.length === 0)
    box.append(coveEl("p", { class: "none" }, "Nothing changed since the baseline."));
  for (const [kind, cause, items] of c.groups) box.append(coveChangeGroup(s, kind, cause, items));
  if (c.accounts.length > 0) box.append(coveAccountChanges(c.accounts));
  box.addEventListener("click", (event) => {
    const button = (event.target as Element).closest<HTMLElement>("button[data-i]");
    if (button) open(Number(button.dataset.i), button);
  });
}

/** One group of changes (a kind and a cause), opening to its accounts × regions. */
function coveChangeGroup(
  s: ChangeState,
  kind: string,
  cause: string,
  items: number[],
): HTMLElement {
  const k = coveChangeKind(kind);
  const summary = coveEl(
    "summary",
    null,
    coveEl("span", { class: `badge chg ${k.cls}` }, `${k.mark} ${k.label}`),
    " ",
    coveEl("strong", { class: "cause-label" }, cause),
    ` — ${covePlural(items.length, "run")}`,
  );
  const list = coveEl("ul", { class: "runs" });
  const details = coveEl("details", { class: "cause change-group" }, summary, list);
  details.addEventListener("toggle", () => {
    if (!(details as HTMLDetailsElement).open || list.childElementCount > 0) return;
    for (const k2 of items.slice(0, 500)) {
      const item = s.data.changes?.items[k2];
      if (!item) continue;
      const a = Math.floor(item[0] / s.width);
      const [id, name] = s.data.accounts[a] ?? ["", ""];
      const region = s.data.regions[item[0] % s.width] ?? "";
      list.append(
        coveEl(
          "li",
          null,
          coveEl(
            "button",
            {
              type: "button",
              class: `run chg ${k.cls}`,
              "data-i": String(item[0]),
              "aria-label": `${k.label}: ${id} ${name} ${region}, show before and after`,
            },
            `${k.mark} ${id} ${name} · ${region}`,
          ),
          " ",
          coveEl("span", { class: "message" }, item[2]),
        ),
      );
    }
    if (items.length > 500)
      list.append(
        coveEl("li", { class: "more" }, `… and ${covePlural(items.length - 500, "other run")}`),
      );
  });
  return details;
}

/** Accounts renamed, moved or retagged, with before → after. */
function coveAccountChanges(
  accounts: [string, string, [string, string, string, string][]][],
): HTMLElement {
  const list = coveEl("ul", { class: "runs" });
  for (const [id, name, paths] of accounts) {
    const item = coveEl(
      "li",
      null,
      coveEl("span", { class: "id" }, id),
      " ",
      coveEl("span", { class: "name" }, name),
    );
    for (const [path, , before, after] of paths)
      item.append(" ", coveEl("mark", null, path), ` ${before} → ${after}`);
    list.append(item);
  }
  return coveEl(
    "details",
    { class: "cause" },
    coveEl(
      "summary",
      null,
      coveEl("strong", null, `Accounts renamed, moved or retagged — ${accounts.length}`),
    ),
    list,
  );
}

/** The detail panel's block of a changed cell: the kind, outcomes, and the paths before → after. */
export function coveChangeView(s: ChangeState, i: number): HTMLElement | null {
  const change = coveChangeOf(s, i);
  if (!change) return null;
  const k = coveChangeKind(change[1]);
  const block = coveEl(
    "section",
    { class: "change-view", "aria-label": "Changes since the baseline" },
    coveEl(
      "h3",
      null,
      coveEl("span", { class: `badge chg ${k.cls}` }, `${k.mark} ${k.label}`),
      " since the baseline",
    ),
    coveEl("p", { class: "outcomes" }, change[2]),
  );
  if (change[3].length === 0) return block;
  const body = coveEl("tbody", null);
  for (const [path, what, before, after] of change[3])
    body.append(
      coveEl(
        "tr",
        { class: `p-${what}` },
        coveEl("th", { scope: "row" }, coveEl("mark", null, path), ` (${what})`),
        coveEl("td", { class: "before" }, what === "added" ? "—" : before),
        coveEl("td", { class: "after" }, what === "removed" ? "—" : after),
      ),
    );
  const head = coveEl(
    "tr",
    null,
    coveEl("th", { scope: "col" }, "Path"),
    coveEl("th", { scope: "col" }, "Before"),
    coveEl("th", { scope: "col" }, "After"),
  );
  block.append(coveEl("table", { class: "paths" }, coveEl("thead", null, head), body));
  if (change[4] > 0)
    block.append(
      coveEl(
        "p",
        { class: "cut" },
        `… and ${covePlural(change[4], "other path")} (cove diff lists them all).`,
      ),
    );
  return block;
}

/** The functions above, in the order the page script defines them. */
export const CHANGE_FUNCTIONS: readonly ((...args: never[]) => unknown)[] = [
  coveChangeKind,
  coveChangeIndex,
  coveChangeOf,
  coveMarkCell,
  coveRowChanged,
  coveChangeControls,
  coveTime,
  coveChanges,
  coveChangeGroup,
  coveAccountChanges,
  coveChangeView,
];

/* Declarations of the page.ts functions these call (defined in the same script). */
declare function coveEl(
  tag: string,
  attrs: Record<string, string> | null,
  ...children: (Node | string | null | undefined)[]
): HTMLElement;
declare function coveById<T extends HTMLElement>(id: string): T;
declare function covePlural(n: number, word: string): string;
