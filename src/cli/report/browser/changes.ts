/**
 * The "Changes since <time>" section of a report with a baseline (`--baseline`): counts per
 * kind, then the changed runs by kind and cause (each opening to its accounts × regions, whose
 * buttons open the detail panel), then the accounts renamed, moved or retagged.
 */
import type { KindLetter, PagePath } from "../page-data.js";
import { CHANGE_KINDS, changeLook } from "./change-marks.js";
import { openDetail } from "./detail.js";
import { byId, el, number, plural } from "./dom.js";
import { accountOf, type PageState } from "./state.js";

/** Runs listed per group of changes when it opens. */
const RUNS_PER_GROUP = 500;

/** The count key of each change kind. */
const COUNT_KEY = { c: "changed", o: "outcome-changed", n: "new", g: "gone" } as const;

/** `2026-12-01 09:00 UTC` (the text itself when it is not a time). */
function timeText(iso: string): string {
  const t = new Date(iso);
  return Number.isFinite(t.getTime())
    ? `${t.toISOString().replace("T", " ").slice(0, 16)} UTC`
    : iso;
}

/** Renders the changes section (hidden without a baseline). */
export function renderChanges(s: PageState): void {
  const c = s.data.changes;
  if (!c) return;
  byId("changes-sec").hidden = false;
  byId("changes-h").textContent = `Changes since ${timeText(c.since)}`;
  byId("changes-from").textContent = `Baseline: ${c.sources.join(", ")}`;
  const counts = byId("changes-counts");
  for (const kind of CHANGE_KINDS) {
    const k = changeLook(kind);
    const n = number(c.counts[COUNT_KEY[kind]] ?? 0);
    counts.append(el("li", { class: k.cls }, `${k.mark} ${k.label}: ${n}`));
  }
  counts.append(el("li", null, `unchanged: ${number(c.counts.unchanged)}`));
  const box = byId("changes");
  if (c.items.length === 0 && c.accounts.length === 0)
    box.append(el("p", { class: "none" }, "Nothing changed since the baseline."));
  for (const [kind, cause, items] of c.groups) box.append(changeGroup(s, kind, cause, items));
  if (c.accounts.length > 0) box.append(accountChanges(c.accounts));
  box.addEventListener("click", (event) => {
    const button = (event.target as Element).closest<HTMLElement>("button[data-i]");
    if (button) openDetail(s, Number(button.dataset.i), button);
  });
}

/** The button of one changed run (opens its detail panel). */
function runItem(s: PageState, kind: KindLetter, cell: number, outcomes: string): HTMLElement {
  const k = changeLook(kind);
  const { id, name } = accountOf(s, Math.floor(cell / s.width));
  const region = s.data.regions[cell % s.width] ?? "";
  const button = el(
    "button",
    {
      type: "button",
      class: `run chg ${k.cls}`,
      "data-i": String(cell),
      "aria-label": `${k.label}: ${id} ${name} ${region}, show before and after`,
    },
    `${k.mark} ${id} ${name} · ${region}`,
  );
  return el("li", null, button, " ", el("span", { class: "message" }, outcomes));
}

/** One group of changes (a kind and a cause); its runs render when it first opens. */
function changeGroup(s: PageState, kind: KindLetter, cause: string, items: number[]): HTMLElement {
  const k = changeLook(kind);
  const summary = el(
    "summary",
    null,
    el("span", { class: `badge chg ${k.cls}` }, `${k.mark} ${k.label}`),
    " ",
    el("strong", { class: "cause-label" }, cause),
    ` — ${plural(items.length, "run")}`,
  );
  const list = el("ul", { class: "runs" });
  const details = el("details", { class: "cause change-group" }, summary, list);
  details.addEventListener("toggle", () => {
    if (!(details as HTMLDetailsElement).open || list.childElementCount > 0) return;
    for (const index of items.slice(0, RUNS_PER_GROUP)) {
      const item = s.data.changes?.items[index];
      if (item) list.append(runItem(s, kind, item[0], item[2]));
    }
    const rest = items.length - RUNS_PER_GROUP;
    if (rest > 0) list.append(el("li", { class: "more" }, `… and ${plural(rest, "other run")}`));
  });
  return details;
}

/** Accounts renamed, moved or retagged, with before → after. */
function accountChanges(accounts: [string, string, PagePath[]][]): HTMLElement {
  const list = el("ul", { class: "runs" });
  for (const [id, name, paths] of accounts) {
    const item = el(
      "li",
      null,
      el("span", { class: "id" }, id),
      " ",
      el("span", { class: "name" }, name),
    );
    for (const [path, , before, after] of paths)
      item.append(" ", el("mark", null, path), ` ${before} → ${after}`);
    list.append(item);
  }
  const title = `Accounts renamed, moved or retagged — ${number(accounts.length)}`;
  return el("details", { class: "cause" }, el("summary", null, el("strong", null, title)), list);
}
