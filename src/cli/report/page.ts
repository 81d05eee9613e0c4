/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The report page's script. These functions run in the browser, not in Node: the page
 * template inlines their source (`Function.prototype.toString`), so each one may use only
 * its parameters, the DOM and the other functions listed in {@link PAGE_FUNCTIONS} — no
 * imports (type imports only) and no module-level values.
 *
 * Every value from the records is untrusted: it reaches the page as text only (`append` of
 * strings, `textContent`, `setAttribute`), never as markup.
 */
import type { Detail, ErrorDetail, ResultDetail } from "./detail.js";
import type { PageData } from "./model.js";
import {
  CHANGE_FUNCTIONS,
  coveChangeControls,
  coveChangeIndex,
  coveChanges,
  coveChangeView,
  coveMarkCell,
  coveRowChanged,
} from "./page-changes.js";

/** What the page computes once from the data, and the view's state. */
interface PageState {
  data: PageData;
  /** Regions per row. */
  width: number;
  /** Each cell's index among the filled cells (its detail), or -1. */
  rank: Int32Array;
  /** Each failed cell's index in `data.fail`, or -1. */
  failRank: Int32Array;
  /** Lower-case `id, name, OU path` per account, for the text filter. */
  hay: string[];
  /** Account indices per group. */
  members: number[][];
  /** Outcome counts per group. */
  tallies: Record<string, number>[];
  /** Accounts per group that pass the filters. */
  visible: number[][];
  expanded: boolean[];
  /** The open groups before a filter was set, restored when it is cleared. */
  unfiltered: boolean[] | null;
  /** Rows shown per group. */
  shown: number[];
  query: string;
  outcome: string;
  chunks: Map<number, Detail[]>;
  bodies: HTMLTableSectionElement[];
  grid: HTMLTableElement;
  /** The element focused before the detail panel opened. */
  opener: HTMLElement | null;
  /** Panels opened so far (a late detail of an earlier one is dropped). */
  opened: number;
  /** With a baseline: the item index of each changed cell (see page-changes.ts). */
  changeAt: Map<number, number>;
  /** "Changed only" is on. */
  changedOnly: boolean;
}

/** Accounts rendered per group at a time ("Show more" adds as many). */
function coveRowsPerBatch(): number {
  return 200;
}

/** Accounts "Expand all" shows in all, shared among the groups. */
function coveRowsOnExpandAll(): number {
  return 1000;
}

/** Most accounts a filter may match and still open every matching group. */
function coveAutoExpand(): number {
  return 300;
}

/** Symbol, label and class of an outcome letter. */
function coveOutcome(code: string): { symbol: string; label: string; cls: string } {
  if (code === "R") return { symbol: "✓", label: "Result", cls: "o-R" };
  if (code === "E") return { symbol: "✗", label: "Exception", cls: "o-E" };
  if (code === "F") return { symbol: "⊘", label: "FailedAssumeRole", cls: "o-F" };
  return { symbol: "·", label: "not in the files", cls: "o-N" };
}

/** An element with attributes and children; strings become text nodes, never markup. */
function coveEl(
  tag: string,
  attrs: Record<string, string> | null,
  ...children: (Node | string | null | undefined)[]
): HTMLElement {
  const e = document.createElement(tag);
  if (attrs) for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

/** The element with this id (the template has them all). */
function coveById<T extends HTMLElement>(id: string): T {
  const e = document.getElementById(id);
  if (!e) throw new Error(`the page lacks #${id}`);
  return e as T;
}

/** `1 account`, `2 accounts`. */
function covePlural(n: number, word: string): string {
  return `${n.toLocaleString("en")} ${word}${n === 1 ? "" : "s"}`;
}

/** Derives indexes and counts from the data, for filtering and lookups. */
function coveState(data: PageData, grid: HTMLTableElement): PageState {
  const width = data.regions.length;
  const rank = new Int32Array(data.cells.length);
  const failRank = new Int32Array(data.cells.length);
  let filled = 0;
  let failed = 0;
  for (let i = 0; i < data.cells.length; i++) {
    const c = data.cells[i];
    rank[i] = c === "-" ? -1 : filled++;
    failRank[i] = c === "E" || c === "F" ? failed++ : -1;
  }
  const members: number[][] = data.groups.map(() => []);
  const tallies: Record<string, number>[] = data.groups.map(() => ({ R: 0, E: 0, F: 0, "-": 0 }));
  const hay = data.accounts.map(([id, name, g], a) => {
    members[g]?.push(a);
    const tally = tallies[g] ?? {};
    for (let j = 0; j < width; j++) {
      const c = data.cells[a * width + j] ?? "-";
      tally[c] = (tally[c] ?? 0) + 1;
    }
    return `${id}\n${name}\n${data.groups[g] ?? ""}`.toLowerCase();
  });
  const few = data.accounts.length <= coveAutoExpand();
  return {
    data,
    width,
    rank,
    failRank,
    hay,
    members,
    tallies,
    visible: members.map((m) => m.slice()),
    expanded: data.groups.map(() => few),
    unfiltered: null,
    shown: data.groups.map(() => coveRowsPerBatch()),
    query: "",
    outcome: "",
    chunks: new Map(),
    bodies: [],
    grid,
    opener: null,
    opened: 0,
    changeAt: coveChangeIndex(data),
    changedOnly: false,
  };
}

/** Counts of the whole page: runs per outcome. */
function coveTotals(s: PageState): Record<string, number> {
  const totals: Record<string, number> = { R: 0, E: 0, F: 0, "-": 0 };
  for (const t of s.tallies) for (const k of Object.keys(totals)) totals[k]! += t[k] ?? 0;
  return totals;
}

/** Header: title, sources, counts with the failure rate, and the job. */
function coveSummary(s: PageState): void {
  const d = s.data;
  document.title = d.title;
  coveById("title").textContent = d.title;
  coveById("sources").textContent =
    `From ${d.sources.join(", ")} · report written ${d.generatedAt.replace("T", " ").slice(0, 19)} UTC`;
  const t = coveTotals(s);
  const runs = (t.R ?? 0) + (t.E ?? 0) + (t.F ?? 0);
  const failures = (t.E ?? 0) + (t.F ?? 0);
  const rate = runs === 0 ? "–" : `${((100 * failures) / runs).toFixed(1)} %`;
  const card = (cls: string, value: string, label: string, note?: string) =>
    coveEl(
      "div",
      { class: `card ${cls}` },
      coveEl("span", { class: "value" }, value),
      coveEl("span", { class: "label" }, label),
      note === undefined ? null : coveEl("span", { class: "note" }, note),
    );
  const counts = coveById("counts");
  counts.append(
    card(
      "total",
      runs.toLocaleString("en"),
      "runs",
      `${covePlural(d.accounts.length, "account")} × ${covePlural(d.regions.length, "region")}`,
    ),
  );
  for (const code of ["R", "E", "F"]) {
    const o = coveOutcome(code);
    counts.append(card(o.cls, `${o.symbol} ${(t[code] ?? 0).toLocaleString("en")}`, o.label));
  }
  counts.append(card("rate", rate, "failure rate", `${failures.toLocaleString("en")} failed`));
  if ((t["-"] ?? 0) > 0)
    counts.append(
      card(
        "o-N",
        `· ${(t["-"] ?? 0).toLocaleString("en")}`,
        "not in the files",
        "account × region without a record",
      ),
    );
  const job = coveById("job");
  for (const [label, value] of d.job)
    job.append(coveEl("dt", null, label), coveEl("dd", null, value));
  job.hidden = d.job.length === 0;
}

/** Failures grouped by cause, most runs first; each opens to its accounts × regions. */
function coveCauses(s: PageState): void {
  const box = coveById("causes");
  const d = s.data;
  if (d.causes.length === 0) {
    box.append(coveEl("p", { class: "none" }, "No failures: every run in the files returned."));
    return;
  }
  d.causes.forEach((cause, ci) => {
    const o = coveOutcome(cause.list);
    const [first] = cause.messages;
    const summary = coveEl(
      "summary",
      null,
      coveEl("span", { class: `badge ${o.cls}` }, `${o.symbol} ${o.label}`),
      " ",
      coveEl("strong", { class: "cause-label" }, cause.label),
      ` — ${covePlural(cause.accounts, "account")}, ${covePlural(cause.runs, "run")}`,
      first ? coveEl("span", { class: "message" }, first[0]) : null,
    );
    const messages = coveEl("ul", { class: "messages" });
    for (const [text, n] of cause.messages)
      messages.append(coveEl("li", null, coveEl("span", { class: "n" }, `${n}×`), " ", text));
    if (cause.otherMessages > 0)
      messages.append(
        coveEl(
          "li",
          { class: "more" },
          `… and ${covePlural(cause.otherMessages, "other message")}`,
        ),
      );
    const runs = coveEl("div", { class: "cause-runs" });
    const details = coveEl("details", { class: "cause", "data-cause": String(ci) }, summary);
    details.append(messages, runs);
    details.addEventListener("toggle", () => {
      if ((details as HTMLDetailsElement).open && runs.childElementCount === 0)
        coveCauseRuns(s, ci, runs);
    });
    box.append(details);
  });
  box.addEventListener("click", (event) => {
    const button = (event.target as Element).closest<HTMLElement>("button[data-i]");
    if (button) coveOpen(s, Number(button.dataset.i), button);
  });
}

/** The accounts × regions of one cause, 100 accounts at a time. */
function coveCauseRuns(s: PageState, cause: number, box: HTMLElement): void {
  const d = s.data;
  const byAccount = new Map<number, number[]>();
  for (let i = 0; i < d.cells.length; i++) {
    const f = s.failRank[i] ?? -1;
    if (f < 0 || d.fail[f] !== cause) continue;
    const a = Math.floor(i / s.width);
    const cells = byAccount.get(a) ?? [];
    cells.push(i);
    byAccount.set(a, cells);
  }
  const accounts = [...byAccount.keys()];
  const list = coveEl("ul", { class: "runs" });
  const more = coveEl("button", { type: "button", class: "more" });
  let shown = 0;
  const showMore = () => {
    for (const a of accounts.slice(shown, shown + 100)) {
      const [id, name, g] = d.accounts[a] ?? ["", "", 0];
      const item = coveEl("li", null, coveEl("span", { class: "id" }, id), " ");
      if (name) item.append(coveEl("span", { class: "name" }, name), " ");
      if (d.groups[g]) item.append(coveEl("span", { class: "ou" }, d.groups[g]), " ");
      for (const i of byAccount.get(a) ?? []) {
        const o = coveOutcome(d.cells[i] ?? "-");
        const region = d.regions[i % s.width] ?? "";
        item.append(
          coveEl(
            "button",
            {
              type: "button",
              class: `run ${o.cls}`,
              "data-i": String(i),
              "aria-label": `${o.label} in ${id} ${region}: show the record`,
            },
            `${o.symbol} ${region}`,
          ),
          " ",
        );
      }
      list.append(item);
    }
    shown = Math.min(accounts.length, shown + 100);
    more.textContent = `Show more (${(accounts.length - shown).toLocaleString("en")} accounts not shown)`;
    more.hidden = shown >= accounts.length;
  };
  more.addEventListener("click", showMore);
  showMore();
  box.append(list, more);
}

/** The legend: colour, symbol and name of each outcome. */
function coveLegend(): void {
  const legend = coveById("legend");
  for (const code of ["R", "E", "F", "-"]) {
    const o = coveOutcome(code);
    legend.append(
      coveEl(
        "li",
        null,
        coveEl("span", { class: `swatch ${o.cls}`, "aria-hidden": "true" }, o.symbol),
        ` ${o.label}`,
      ),
    );
  }
}

/** The grid's head row (regions) and one body per OU group, wired for filters and keys. */
function coveGrid(s: PageState): void {
  const d = s.data;
  coveLegend();
  const head = coveEl("tr", null, coveEl("th", { scope: "col", class: "acct-h" }, "Account"));
  for (const region of d.regions)
    head.append(coveEl("th", { scope: "col", class: "region" }, coveEl("span", null, region)));
  s.grid.append(coveEl("thead", null, head));
  s.bodies = d.groups.map((_, g) => {
    const body = coveEl("tbody", { "data-g": String(g) }) as HTMLTableSectionElement;
    s.grid.append(body);
    return body;
  });
  s.grid.addEventListener("click", (event) => coveGridClick(s, event));
  s.grid.addEventListener("keydown", (event) => coveGridKey(s, event));
  s.grid.addEventListener("focusin", (event) => {
    const cell = (event.target as Element).closest<HTMLElement>("td.c");
    if (cell) coveActivate(s, cell);
  });
  coveToolbar(s);
  coveChangeControls(s, () => coveFilter(s));
  coveFilter(s);
}

/** The text filter, the outcome filter, and expand/collapse all. */
function coveToolbar(s: PageState): void {
  const query = coveById<HTMLInputElement>("q");
  const outcome = coveById<HTMLSelectElement>("outcome");
  let timer: ReturnType<typeof setTimeout> | undefined;
  query.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      s.query = query.value;
      coveFilter(s);
    }, 120);
  });
  outcome.addEventListener("change", () => {
    clearTimeout(timer);
    s.query = query.value;
    s.outcome = outcome.value;
    coveFilter(s);
  });
  const all = (open: boolean) => {
    s.expanded = s.expanded.map(() => open);
    // Opening every group of a large report shows a few accounts of each ("Show more" adds).
    const groups = s.visible.filter((v) => v.length > 0).length;
    const rows = Math.max(5, Math.floor(coveRowsOnExpandAll() / Math.max(1, groups)));
    s.shown = s.shown.map(() => Math.min(coveRowsPerBatch(), rows));
    s.bodies.forEach((_, g) => coveRenderGroup(s, g));
    coveRoving(s);
  };
  coveById("expand-all").addEventListener("click", () => all(true));
  coveById("collapse-all").addEventListener("click", () => all(false));
}

/** Whether account `a` has a cell of the outcome filter's kind (`""` passes all). */
function coveRowHas(s: PageState, a: number, outcome: string): boolean {
  if (outcome === "") return true;
  for (let j = 0; j < s.width; j++) {
    const c = s.data.cells[a * s.width + j];
    if (outcome === "fail" ? c === "E" || c === "F" : c === outcome) return true;
  }
  return false;
}

/** Applies both filters, opens the groups of a small match, and renders every group. */
function coveFilter(s: PageState): void {
  const q = s.query.trim().toLowerCase();
  let total = 0;
  s.visible = s.members.map((m) =>
    m.filter(
      (a) =>
        (q === "" || (s.hay[a] ?? "").includes(q)) &&
        coveRowHas(s, a, s.outcome) &&
        coveRowChanged(s, a),
    ),
  );
  for (const v of s.visible) total += v.length;
  const filtered = q !== "" || s.outcome !== "" || s.changedOnly;
  // Filtering may open groups; clearing the filters brings back the groups as they were.
  if (filtered && !s.unfiltered) s.unfiltered = s.expanded.slice();
  if (!filtered && s.unfiltered) [s.expanded, s.unfiltered] = [s.unfiltered, null];
  if (filtered && total <= coveAutoExpand()) s.expanded = s.visible.map((v) => v.length > 0);
  s.shown = s.shown.map(() => coveRowsPerBatch());
  s.bodies.forEach((_, g) => coveRenderGroup(s, g));
  coveById("matches").textContent = filtered
    ? `${total.toLocaleString("en")} of ${covePlural(s.data.accounts.length, "account")} match`
    : covePlural(s.data.accounts.length, "account");
  const empty = coveById("empty");
  empty.hidden = total > 0;
  empty.textContent =
    s.data.accounts.length === 0 ? "No records in the files." : "No account matches the filters.";
  coveRoving(s);
}

/** Renders one group: its header row (toggle and counts) and, when open, its rows. */
function coveRenderGroup(s: PageState, g: number): void {
  const body = s.bodies[g];
  if (!body) return;
  const visible = s.visible[g] ?? [];
  body.hidden = visible.length === 0;
  const rows: HTMLElement[] = body.hidden ? [] : [coveGroupHeader(s, g)];
  if (!body.hidden && s.expanded[g] === true) {
    const limit = s.shown[g] ?? coveRowsPerBatch();
    for (const a of visible.slice(0, limit)) rows.push(coveRow(s, a));
    if (visible.length > limit) rows.push(coveMoreRow(s, g, visible.length - limit));
  }
  body.replaceChildren(...rows);
}

/** A group's header row: the open/close button with the OU path, its size and outcome counts. */
function coveGroupHeader(s: PageState, g: number): HTMLElement {
  const open = s.expanded[g] === true;
  const group = s.data.groups[g];
  const path = group === "/" ? "/ (root)" : group || "(no OU path)";
  const counts = coveEl("span", { class: "tally" });
  for (const code of ["R", "E", "F", "-"]) {
    const n = s.tallies[g]?.[code] ?? 0;
    if (n === 0) continue;
    const o = coveOutcome(code);
    const text = `${o.symbol} ${n.toLocaleString("en")}`;
    counts.append(coveEl("span", { class: `t ${o.cls}`, title: o.label }, text), " ");
  }
  const toggle = coveEl(
    "button",
    { type: "button", class: "toggle", "aria-expanded": String(open), "data-g": String(g) },
    coveEl("span", { class: "chev", "aria-hidden": "true" }, open ? "▾" : "▸"),
    " ",
    coveEl("span", { class: "path" }, path),
  );
  const shown = s.visible[g]?.length ?? 0;
  const all = s.members[g]?.length ?? 0;
  const size =
    shown === all
      ? covePlural(all, "account")
      : `${shown.toLocaleString("en")} of ${covePlural(all, "account")}`;
  const cell = coveEl("th", { colspan: String(s.width + 1), scope: "rowgroup" }, toggle, " ");
  cell.append(coveEl("span", { class: "size" }, size), " ", counts);
  return coveEl("tr", { class: "group" }, cell);
}

/** The row under a group's shown accounts that shows more of them. */
function coveMoreRow(s: PageState, g: number, hidden: number): HTMLElement {
  const text = `Show ${Math.min(coveRowsPerBatch(), hidden)} more (${hidden.toLocaleString("en")} not shown)`;
  const button = coveEl("button", { type: "button", "data-more": String(g) }, text);
  return coveEl("tr", { class: "more" }, coveEl("td", { colspan: String(s.width + 1) }, button));
}

/** One account's row: its id and name, then a focusable cell per region. */
function coveRow(s: PageState, a: number): HTMLElement {
  const d = s.data;
  const [id, name] = d.accounts[a] ?? ["", ""];
  const row = coveEl(
    "tr",
    { "data-a": String(a) },
    coveEl(
      "th",
      { scope: "row", class: "acct" },
      coveEl("span", { class: "id" }, id),
      name ? coveEl("span", { class: "name" }, name) : null,
    ),
  );
  for (let j = 0; j < s.width; j++) {
    const i = a * s.width + j;
    const code = d.cells[i] ?? "-";
    const o = coveOutcome(code);
    const dim = s.outcome !== "" && !coveRowHasCell(s.outcome, code);
    const cell = coveEl(
      "td",
      {
        role: "gridcell",
        class: `c ${o.cls}${dim ? " dim" : ""}`,
        tabindex: "-1",
        "data-i": String(i),
        "aria-label": `${id}${name ? ` ${name}` : ""}, ${d.regions[j] ?? ""}: ${o.label}`,
      },
      o.symbol,
    );
    coveMarkCell(s, i, cell);
    row.append(cell);
  }
  return row;
}

/** Whether one cell passes the outcome filter. */
function coveRowHasCell(outcome: string, code: string): boolean {
  return outcome === "fail" ? code === "E" || code === "F" : code === outcome;
}

/** Clicks in the grid: group toggles, "show more", cells. */
function coveGridClick(s: PageState, event: Event): void {
  const target = event.target as Element;
  const toggle = target.closest<HTMLElement>("button[data-g]");
  if (toggle) {
    const g = Number(toggle.dataset.g);
    s.expanded[g] = !s.expanded[g];
    coveRenderGroup(s, g);
    s.bodies[g]?.querySelector<HTMLElement>("button[data-g]")?.focus();
    coveRoving(s);
    return;
  }
  const more = target.closest<HTMLElement>("button[data-more]");
  if (more) {
    const g = Number(more.dataset.more);
    const before = s.shown[g] ?? 0;
    s.shown[g] = before + coveRowsPerBatch();
    coveRenderGroup(s, g);
    const rows = s.bodies[g]?.querySelectorAll<HTMLElement>("tr[data-a]");
    rows?.[before]?.querySelector<HTMLElement>("td.c")?.focus();
    coveRoving(s);
    return;
  }
  const cell = target.closest<HTMLElement>("td.c");
  if (cell) coveOpen(s, Number(cell.dataset.i), cell);
}

/** Makes `cell` the grid's one tab stop. */
function coveActivate(s: PageState, cell: HTMLElement): void {
  for (const other of s.grid.querySelectorAll<HTMLElement>('td.c[tabindex="0"]'))
    if (other !== cell) other.tabIndex = -1;
  cell.tabIndex = 0;
}

/** Keeps one tab stop in the grid after a render. */
function coveRoving(s: PageState): void {
  const current = s.grid.querySelector<HTMLElement>('td.c[tabindex="0"]');
  const first = current ?? s.grid.querySelector<HTMLElement>("td.c");
  if (first) coveActivate(s, first);
}

/** The account row `steps` rows after (or, negative, before) `row`, across groups; the last one reached. */
function coveRowStep(row: HTMLTableRowElement, steps: number): HTMLTableRowElement {
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

/** Arrow keys, Home/End and PageUp/PageDown move between cells; Enter or Space opens one. */
function coveGridKey(s: PageState, event: KeyboardEvent): void {
  const cell = (event.target as Element).closest<HTMLTableCellElement>("td.c");
  if (!cell) return;
  if (event.key === "Enter" || event.key === " ") {
    event.preventDefault();
    coveOpen(s, Number(cell.dataset.i), cell);
    return;
  }
  const row = cell.parentElement as HTMLTableRowElement;
  const col = cell.cellIndex;
  const last = s.width;
  const far = event.ctrlKey ? Number.MAX_SAFE_INTEGER : 0;
  const moves: Record<string, [number, number]> = {
    ArrowRight: [0, Math.min(last, col + 1)],
    ArrowLeft: [0, Math.max(1, col - 1)],
    ArrowDown: [1, col],
    ArrowUp: [-1, col],
    PageDown: [10, col],
    PageUp: [-10, col],
    Home: [-far, 1],
    End: [far, last],
  };
  const move = moves[event.key];
  if (!move) return;
  event.preventDefault();
  const next = coveRowStep(row, move[0]).cells[move[1]] as HTMLElement | undefined;
  if (next) {
    coveActivate(s, next);
    next.focus();
  }
}

/** The details of chunk `k` (gzip + base64 in the page), inflated on first use. */
async function coveChunk(s: PageState, k: number): Promise<Detail[] | undefined> {
  const cached = s.chunks.get(k);
  if (cached) return cached;
  const source = document.getElementById(`cove-d-${k}`);
  if (!source) return undefined;
  const binary = atob(source.textContent ?? "");
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  const inflated = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  const chunk = JSON.parse(await new Response(inflated).text()) as Detail[];
  if (s.chunks.size >= 64) s.chunks.clear();
  s.chunks.set(k, chunk);
  return chunk;
}

/** The detail of the filled cell of rank `rank`. */
async function coveDetail(s: PageState, rank: number): Promise<Detail | undefined> {
  const k = Math.floor(rank / s.data.chunk);
  return (await coveChunk(s, k))?.[rank - k * s.data.chunk];
}

/** A definition list of the rows that have a value. */
function coveList(rows: [string, string | number | undefined][]): HTMLElement {
  const dl = coveEl("dl", { class: "kv" });
  for (const [k, v] of rows)
    if (v !== undefined && v !== "")
      dl.append(coveEl("dt", null, k), coveEl("dd", null, String(v)));
  return dl;
}

/** A note that a text was cut. */
function coveCut(
  s: PageState,
  what: string,
  kept: number,
  full: number | undefined,
): HTMLElement | null {
  if (full === undefined) return null;
  return coveEl(
    "p",
    { class: "cut" },
    `${what}: ${kept.toLocaleString("en")} of ${full.toLocaleString("en")} characters shown ` +
      `(the report keeps at most ${s.data.cap.toLocaleString("en")} per field; the input file has the whole record).`,
  );
}

/** The panel content of a run that returned. */
function coveResultView(s: PageState, d: ResultDetail): HTMLElement[] {
  const out: HTMLElement[] = [
    coveEl("h3", null, "Result"),
    coveEl("pre", { class: "result" }, d.r),
  ];
  const note = coveCut(s, "Result cut", d.r.length, d.n);
  if (note) out.push(note);
  return out;
}

/** The panel content of a failed run. */
function coveErrorView(s: PageState, d: ErrorDetail): HTMLElement[] {
  const out: HTMLElement[] = [
    coveEl("h3", null, "Error"),
    coveList([
      ["Name", d.e],
      ["Code", d.c],
      ["Message", d.m],
      ["Request id", d.q],
      ["Exit code", d.x],
      ["Signal", d.s],
    ]),
  ];
  const cut = coveCut(s, "Message cut", d.m.length, d.mn);
  if (cut) out.push(cut);
  if (d.t !== undefined) {
    out.push(coveEl("h3", null, "stderr (the end)"), coveEl("pre", { class: "stderr" }, d.t));
    const note = coveCut(s, "stderr cut to its end", d.t.length, d.tn);
    if (note) out.push(note);
  }
  return out;
}

/** The record part of the panel: the result or the error, or why there is none. */
async function coveRecordView(s: PageState, i: number): Promise<HTMLElement[]> {
  const rank = s.rank[i] ?? -1;
  const none = (text: string) => [coveEl("p", { class: "none" }, text)];
  if (rank < 0)
    return none("No record for this account and region in the files: not run, or not finished.");
  const detail = await coveDetail(s, rank);
  if (!detail) return none("The details are still loading; try again in a moment.");
  return "r" in detail ? coveResultView(s, detail) : coveErrorView(s, detail);
}

/** Opens the detail panel of cell `i`; closing it returns focus to `opener`. */
function coveOpen(s: PageState, i: number, opener: HTMLElement): void {
  const d = s.data;
  const a = Math.floor(i / s.width);
  const [id, name, g, email] = d.accounts[a] ?? ["", "", 0, ""];
  const region = d.regions[i % s.width] ?? "";
  const o = coveOutcome(d.cells[i] ?? "-");
  coveById("detail-h").replaceChildren(
    coveEl("span", { class: `badge ${o.cls}` }, `${o.symbol} ${o.label}`),
    ` ${name || id} · ${region}`,
  );
  const record = coveEl("div", { class: "record", "aria-busy": "true" }, "Loading…");
  const account = coveList([
    ["Account", id],
    ["Name", name],
    ["Email", email],
    ["OU path", d.groups[g] || "(none)"],
    ["Region", region],
  ]);
  const change = coveChangeView(s, i);
  coveById("detail-body").replaceChildren(account, ...(change ? [change] : []), record);
  s.opener = opener;
  const dialog = coveById<HTMLDialogElement>("detail");
  if (!dialog.open) dialog.showModal();
  coveById("detail-close").focus();
  const ticket = ++s.opened;
  void coveRecordView(s, i).then(
    (parts) => {
      if (ticket !== s.opened) return;
      record.replaceChildren(...parts);
      record.setAttribute("aria-busy", "false");
    },
    (error: unknown) => {
      record.replaceChildren(`The details could not be read: ${String(error)}`);
      record.setAttribute("aria-busy", "false");
      throw error;
    },
  );
}

/** The panel's close button, and focus back where it was. */
function coveDialog(s: PageState): void {
  const dialog = coveById<HTMLDialogElement>("detail");
  coveById("detail-close").addEventListener("click", () => dialog.close());
  dialog.addEventListener("click", (event) => {
    if (event.target === dialog) dialog.close();
  });
  dialog.addEventListener("close", () => {
    s.opener?.focus();
    s.opener = null;
  });
}

/** Reads the data, renders the page, and marks it ready (`<html data-ready="1">`). */
function coveMain(): void {
  const root = document.documentElement;
  try {
    const data = JSON.parse(coveById("cove-data").textContent ?? "null") as PageData;
    const s = coveState(data, coveById<HTMLTableElement>("grid"));
    coveSummary(s);
    coveCauses(s);
    coveChanges(s, (i, opener) => coveOpen(s, i, opener));
    coveGrid(s);
    coveDialog(s);
    root.dataset.ready = "1";
    performance.mark("cove-ready");
  } catch (error) {
    const box = coveById("fatal");
    box.textContent = `This report could not be shown: ${String(error)}`;
    box.hidden = false;
    root.dataset.ready = "error";
    throw error;
  }
}

/** The page's functions, in the order the script defines them; `coveMain` runs them. */
export const PAGE_FUNCTIONS: readonly ((...args: never[]) => unknown)[] = [
  coveRowsPerBatch,
  coveRowsOnExpandAll,
  coveAutoExpand,
  coveOutcome,
  coveEl,
  coveById,
  covePlural,
  coveState,
  coveTotals,
  coveSummary,
  coveCauses,
  coveCauseRuns,
  coveLegend,
  coveGrid,
  coveToolbar,
  coveRowHas,
  coveFilter,
  coveRenderGroup,
  coveGroupHeader,
  coveMoreRow,
  coveRow,
  coveRowHasCell,
  coveGridClick,
  coveActivate,
  coveRoving,
  coveRowStep,
  coveGridKey,
  coveChunk,
  coveDetail,
  coveList,
  coveCut,
  coveResultView,
  coveErrorView,
  coveRecordView,
  coveOpen,
  coveDialog,
  coveMain,
];

/** The page script: every function above, then `coveMain()`, in a private scope. */
export function pageScript(): string {
  const functions = [...PAGE_FUNCTIONS, ...CHANGE_FUNCTIONS];
  return `(() => {\n"use strict";\n${functions.map((f) => f.toString()).join("\n")}\ncoveMain();\n})();\n`;
}
