import type { Detail, Outcome, PageData } from "../page-data.js";
import { changeIndex } from "./change-marks.js";
import { AUTO_EXPAND_LIMIT, ROWS_PER_BATCH } from "./constants.js";

/** Runs per outcome. */
export type Tally = Record<Outcome, number>;

/** What the page computes once from the data, and the view's state, shared by the sections. */
export interface PageState {
  data: PageData;
  /** Regions per row. */
  width: number;
  /** Each cell's index among the filled cells (its detail), or -1. */
  detailIndex: Int32Array;
  /** Each failed cell's index in `data.causeOfFailure`, or -1. */
  failureIndex: Int32Array;
  /** Lower-case `id, name, OU path` per account, for the text filter. */
  searchText: string[];
  /** Account indices per group. */
  members: number[][];
  /** Outcome counts per group. */
  tallies: Tally[];
  /** Accounts per group that pass the filters. */
  visible: number[][];
  expanded: boolean[];
  /** The open groups before a filter was set, restored when it is cleared. */
  unfiltered: boolean[] | null;
  /** Rows shown per group. */
  shown: number[];
  query: string;
  /** The outcome filter: `""` (all), `"fail"` or an outcome letter. */
  outcome: string;
  /** Inflated detail chunks by index. */
  chunks: Map<number, Detail[]>;
  /** The grid's body of each group. */
  bodies: HTMLTableSectionElement[];
  grid: HTMLTableElement;
  /** The element focused before the detail panel opened. */
  opener: HTMLElement | null;
  /** Panels opened so far (a late detail of an earlier one is dropped). */
  opened: number;
  /** With a baseline: the index in `data.changes.items` of each changed cell. */
  changeAt: Map<number, number>;
  /** "Changed only" is on. */
  changedOnly: boolean;
}

/** An empty tally. */
export function emptyTally(): Tally {
  return { R: 0, E: 0, F: 0, "-": 0 };
}

/** Each cell's index among the filled cells and among the failed ones (-1 where none). */
function cellIndexes(cells: string): { detailIndex: Int32Array; failureIndex: Int32Array } {
  const detailIndex = new Int32Array(cells.length);
  const failureIndex = new Int32Array(cells.length);
  let filled = 0;
  let failed = 0;
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    detailIndex[i] = c === "-" ? -1 : filled++;
    failureIndex[i] = c === "E" || c === "F" ? failed++ : -1;
  }
  return { detailIndex, failureIndex };
}

/** Derives indexes and counts from the data, for filtering and lookups. */
export function createState(data: PageData, grid: HTMLTableElement): PageState {
  const width = data.regions.length;
  const { ids, names, groups } = data.accounts;
  const members: number[][] = data.groups.map(() => []);
  const tallies: Tally[] = data.groups.map(() => emptyTally());
  const searchText = ids.map((id, a) => {
    const g = groups[a] ?? 0;
    members[g]?.push(a);
    const tally = tallies[g];
    for (let j = 0; tally && j < width; j++) tally[(data.cells[a * width + j] ?? "-") as Outcome]++;
    return `${id}\n${names[a] ?? ""}\n${data.groups[g] ?? ""}`.toLowerCase();
  });
  const few = ids.length <= AUTO_EXPAND_LIMIT;
  return {
    data,
    width,
    ...cellIndexes(data.cells),
    searchText,
    members,
    tallies,
    visible: members.map((m) => m.slice()),
    expanded: data.groups.map(() => few),
    unfiltered: null,
    shown: data.groups.map(() => ROWS_PER_BATCH),
    query: "",
    outcome: "",
    chunks: new Map(),
    bodies: [],
    grid,
    opener: null,
    opened: 0,
    changeAt: changeIndex(data.changes?.items),
    changedOnly: false,
  };
}

/** Runs per outcome of the whole page. */
export function totals(s: PageState): Tally {
  const sum = emptyTally();
  for (const t of s.tallies) for (const k of Object.keys(sum) as Outcome[]) sum[k] += t[k];
  return sum;
}

/** Whether a cell of outcome `code` passes the outcome filter `outcome` (`""` passes all). */
export function passesOutcome(outcome: string, code: string): boolean {
  if (outcome === "") return true;
  return outcome === "fail" ? code === "E" || code === "F" : code === outcome;
}

/** What account `a` is: id, name, email and OU path (`""` where unknown). */
export function accountOf(
  s: PageState,
  a: number,
): { id: string; name: string; email: string; ouPath: string } {
  const { ids, names, emails, groups } = s.data.accounts;
  return {
    id: ids[a] ?? "",
    name: names[a] ?? "",
    email: emails[a] ?? "",
    ouPath: s.data.groups[groups[a] ?? 0] ?? "",
  };
}
