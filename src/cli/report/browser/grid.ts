/**
 * The grid section: accounts × regions in OU groups, with a text filter, an outcome filter
 * and expand/collapse all. Groups render only their shown rows.
 */
import {
  AUTO_EXPAND_LIMIT,
  FILTER_DELAY_MS,
  ROWS_ON_EXPAND_ALL,
  ROWS_PER_BATCH,
} from "./constants.js";
import { markChangedCell, rowChanged, wireChangeFilter } from "./change-marks.js";
import { openDetail } from "./detail.js";
import { byId, el, look, number, OUTCOMES, plural } from "./dom.js";
import { activate, gridKey, keepOneTabStop } from "./grid-keys.js";
import { accountOf, passesOutcome, type PageState } from "./state.js";

/** The legend: colour, symbol and name of each outcome. */
function renderLegend(): void {
  const legend = byId("legend");
  for (const code of OUTCOMES) {
    const o = look(code);
    const swatch = el("span", { class: `swatch ${o.cls}`, "aria-hidden": "true" }, o.symbol);
    legend.append(el("li", null, swatch, ` ${o.label}`));
  }
}

/** Renders the grid section: its head row (regions), one body per OU group, the toolbar. */
export function renderGrid(s: PageState): void {
  renderLegend();
  const head = el("tr", null, el("th", { scope: "col", class: "acct-h" }, "Account"));
  for (const region of s.data.regions)
    head.append(el("th", { scope: "col", class: "region" }, el("span", null, region)));
  s.grid.append(el("thead", null, head));
  s.bodies = s.data.groups.map((_, g) => {
    const body = el("tbody", { "data-g": String(g) }) as HTMLTableSectionElement;
    s.grid.append(body);
    return body;
  });
  s.grid.addEventListener("click", (event) => gridClick(s, event));
  s.grid.addEventListener("keydown", (event) => gridKey(s, event));
  s.grid.addEventListener("focusin", (event) => {
    const cell = (event.target as Element).closest<HTMLElement>("td.c");
    if (cell) activate(s, cell);
  });
  wireToolbar(s);
  wireChangeFilter(s, () => applyFilters(s));
  applyFilters(s);
}

/** The text filter (applied a moment after the last key), the outcome filter, expand/collapse all. */
function wireToolbar(s: PageState): void {
  const query = byId<HTMLInputElement>("q");
  const outcome = byId<HTMLSelectElement>("outcome");
  let timer: ReturnType<typeof setTimeout> | undefined;
  query.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      s.query = query.value;
      applyFilters(s);
    }, FILTER_DELAY_MS);
  });
  outcome.addEventListener("change", () => {
    clearTimeout(timer);
    s.query = query.value;
    s.outcome = outcome.value;
    applyFilters(s);
  });
  byId("expand-all").addEventListener("click", () => setAllOpen(s, true));
  byId("collapse-all").addEventListener("click", () => setAllOpen(s, false));
}

/**
 * Opens or closes every group; opening all of a large report shows a few accounts of each
 * group it opens, while a group already open keeps the rows it shows.
 */
function setAllOpen(s: PageState, open: boolean): void {
  const groups = s.visible.filter((v) => v.length > 0).length;
  const rows = Math.max(5, Math.floor(ROWS_ON_EXPAND_ALL / Math.max(1, groups)));
  const share = Math.min(ROWS_PER_BATCH, rows);
  s.shown = s.shown.map((n, g) => (open && s.expanded[g] === true ? n : share));
  s.expanded = s.expanded.map(() => open);
  s.bodies.forEach((_, g) => renderGroup(s, g));
  keepOneTabStop(s);
}

/** Whether account `a` has a cell that passes the outcome filter (`""` passes all). */
function rowPasses(s: PageState, a: number, outcome: string): boolean {
  if (outcome === "") return true;
  for (let j = 0; j < s.width; j++)
    if (passesOutcome(outcome, s.data.cells[a * s.width + j] ?? "-")) return true;
  return false;
}

/** Applies the filters (text, outcome, changed only), opens the groups of a small match, and renders every group. */
function applyFilters(s: PageState): void {
  const q = s.query.trim().toLowerCase();
  s.visible = s.members.map((m) =>
    m.filter(
      (a) =>
        (q === "" || (s.searchText[a] ?? "").includes(q)) &&
        rowPasses(s, a, s.outcome) &&
        rowChanged(s, a),
    ),
  );
  const total = s.visible.reduce((n, v) => n + v.length, 0);
  const filtered = q !== "" || s.outcome !== "" || s.changedOnly;
  // Filtering may open groups; clearing the filters brings back the groups as they were.
  if (filtered && !s.unfiltered) s.unfiltered = s.expanded.slice();
  if (!filtered && s.unfiltered) [s.expanded, s.unfiltered] = [s.unfiltered, null];
  if (filtered && total <= AUTO_EXPAND_LIMIT) s.expanded = s.visible.map((v) => v.length > 0);
  s.shown = s.shown.map(() => ROWS_PER_BATCH);
  s.bodies.forEach((_, g) => renderGroup(s, g));
  const accounts = s.data.accounts.ids.length;
  byId("matches").textContent = filtered
    ? `${number(total)} of ${plural(accounts, "account")} match`
    : plural(accounts, "account");
  const empty = byId("empty");
  empty.hidden = total > 0;
  empty.textContent =
    accounts === 0 ? "No records in the files." : "No account matches the filters.";
  keepOneTabStop(s);
}

/** Renders one group: its header row (toggle and counts) and, when open, its rows. */
function renderGroup(s: PageState, g: number): void {
  const body = s.bodies[g];
  if (!body) return;
  const visible = s.visible[g] ?? [];
  body.hidden = visible.length === 0;
  const rows: HTMLElement[] = body.hidden ? [] : [groupHeader(s, g)];
  if (!body.hidden && s.expanded[g] === true) {
    const limit = s.shown[g] ?? ROWS_PER_BATCH;
    for (const a of visible.slice(0, limit)) rows.push(accountRow(s, a));
    if (visible.length > limit) rows.push(moreRow(s, g, visible.length - limit));
  }
  body.replaceChildren(...rows);
}

/** A group's outcome counts. */
function groupTally(s: PageState, g: number): HTMLElement {
  const counts = el("span", { class: "tally" });
  for (const code of OUTCOMES) {
    const n = s.tallies[g]?.[code] ?? 0;
    if (n === 0) continue;
    const o = look(code);
    counts.append(
      el("span", { class: `t ${o.cls}`, title: o.label }, `${o.symbol} ${number(n)}`),
      " ",
    );
  }
  return counts;
}

/** A group's header row: the open/close button with the OU path, its size and outcome counts. */
function groupHeader(s: PageState, g: number): HTMLElement {
  const open = s.expanded[g] === true;
  const group = s.data.groups[g];
  const path = group === "/" ? "/ (root)" : group || "(no OU path)";
  const toggle = el(
    "button",
    { type: "button", class: "toggle", "aria-expanded": String(open), "data-g": String(g) },
    el("span", { class: "chev", "aria-hidden": "true" }, open ? "▾" : "▸"),
    " ",
    el("span", { class: "path" }, path),
  );
  const shown = s.visible[g]?.length ?? 0;
  const all = s.members[g]?.length ?? 0;
  const size =
    shown === all ? plural(all, "account") : `${number(shown)} of ${plural(all, "account")}`;
  const cell = el("th", { colspan: String(s.width + 1), scope: "rowgroup" }, toggle, " ");
  cell.append(el("span", { class: "size" }, size), " ", groupTally(s, g));
  return el("tr", { class: "group" }, cell);
}

/** The row under a group's shown accounts that shows more of them. */
function moreRow(s: PageState, g: number, hidden: number): HTMLElement {
  const text = `Show ${Math.min(ROWS_PER_BATCH, hidden)} more (${number(hidden)} not shown)`;
  const button = el("button", { type: "button", "data-more": String(g) }, text);
  return el("tr", { class: "more" }, el("td", { colspan: String(s.width + 1) }, button));
}

/** One account's row: its id and name, then a focusable cell per region. */
function accountRow(s: PageState, a: number): HTMLElement {
  const { id, name } = accountOf(s, a);
  const heading = el(
    "th",
    { scope: "row", class: "acct" },
    el("span", { class: "id" }, id),
    name ? el("span", { class: "name" }, name) : null,
  );
  const row = el("tr", { "data-a": String(a) }, heading);
  for (let j = 0; j < s.width; j++) {
    const i = a * s.width + j;
    const code = s.data.cells[i] ?? "-";
    const o = look(code);
    const dim = s.outcome !== "" && !passesOutcome(s.outcome, code);
    const attrs = {
      role: "gridcell",
      class: `c ${o.cls}${dim ? " dim" : ""}`,
      tabindex: "-1",
      "data-i": String(i),
      "aria-label": `${id}${name ? ` ${name}` : ""}, ${s.data.regions[j] ?? ""}: ${o.label}`,
    };
    const cell = el("td", attrs, o.symbol);
    markChangedCell(s, i, cell);
    row.append(cell);
  }
  return row;
}

/** Clicks in the grid: group toggles, "show more", cells. */
function gridClick(s: PageState, event: Event): void {
  const target = event.target as Element;
  const toggle = target.closest<HTMLElement>("button[data-g]");
  if (toggle) {
    const g = Number(toggle.dataset.g);
    s.expanded[g] = !s.expanded[g];
    renderGroup(s, g);
    s.bodies[g]?.querySelector<HTMLElement>("button[data-g]")?.focus();
    keepOneTabStop(s);
    return;
  }
  const more = target.closest<HTMLElement>("button[data-more]");
  if (more) {
    const g = Number(more.dataset.more);
    const before = s.shown[g] ?? 0;
    s.shown[g] = before + ROWS_PER_BATCH;
    renderGroup(s, g);
    const rows = s.bodies[g]?.querySelectorAll<HTMLElement>("tr[data-a]");
    rows?.[before]?.querySelector<HTMLElement>("td.c")?.focus();
    keepOneTabStop(s);
    return;
  }
  const cell = target.closest<HTMLElement>("td.c");
  if (cell) openDetail(s, Number(cell.dataset.i), cell);
}
