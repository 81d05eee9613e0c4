import type { RecordList } from "../../records/lists.js";
import type { JobHeader } from "../job/header.js";
import { groupFailures, type FailedRun } from "./causes.js";
import { capDetail, detailSize, errorDetail, resultDetail } from "./detail.js";
import { jobRows } from "./job-rows.js";
import type { Detail, ErrorDetail, Outcome, PageData } from "./page-data.js";
import { bidiVisible } from "../output/escape.js";
import type { RunDiff } from "../../index.js";
import { changeData } from "./changes.js";

/** The outcome letter of each list, as the page's grid shows it. */
export const OUTCOME_OF_LIST = {
  Results: "R",
  Exceptions: "E",
  FailedAssumeRole: "F",
} as const satisfies Record<RecordList, Outcome>;

interface Run {
  outcome: Exclude<Outcome, "-">;
  detail: Detail;
}

interface Account {
  id: string;
  name: string;
  email: string;
  ouPath: string;
  runs: Map<string, Run>;
}

/** Most characters kept per long field of a record (result text, message, stderr). */
export const DETAIL_CAP = 2000;
/** Fewest characters per long field, however large the report. */
export const MIN_DETAIL_CAP = 200;
/** Characters of detail the report aims to hold in all; past it the per-field cap halves. */
export const DETAIL_BUDGET = 24_000_000;
/** Details per lazily parsed chunk of the page. */
export const CHUNK = 1000;

/** The compact report of many records: latest record per account × region wins. */
export class ReportModel {
  readonly #accounts = new Map<string, Account>();
  readonly #regions = new Set<string>();
  readonly #roles = new Set<string>();
  #header: JobHeader | undefined;
  #verdict: string | undefined;
  readonly #differing = new Map<string, Set<string>>();
  #chars = 0;
  #cap = DETAIL_CAP;
  #records = 0;
  #baseline: { diff: RunDiff; since: string; sources: string[] } | undefined;

  /** Records taken (a later record of the same account × region counts again). */
  get records(): number {
    return this.#records;
  }

  /** Account × region runs kept. */
  get runs(): number {
    let n = 0;
    for (const a of this.#accounts.values()) n += a.runs.size;
    return n;
  }

  /** Characters kept per long field now. */
  get cap(): number {
    return this.#cap;
  }

  /** Whether a header was seen. */
  get hasHeader(): boolean {
    return this.#header !== undefined;
  }

  /**
   * The verdict on the inputs as shards of one job (see `cove merge`): the first row of the
   * job at the top of the page.
   */
  setVerdict(text: string): void {
    this.#verdict = text;
  }

  /**
   * The job header (the first seen; later ones fill only what it lacks). A later header of
   * another job (a field that says what the job is, with another value) is remembered: see
   * {@link differingFields}.
   */
  addHeader(header: JobHeader): void {
    const first = this.#header;
    if (first !== undefined)
      for (const key of JOB_FIELDS) {
        const [a, b] = [first[key], header[key]];
        if (a == null || b == null || JSON.stringify(a) === JSON.stringify(b)) continue;
        const values = this.#differing.get(key) ?? new Set([headerValueText(a)]);
        values.add(headerValueText(b));
        this.#differing.set(key, values);
      }
    this.#header = { ...header, ...first };
  }

  /**
   * The header fields in which the inputs' jobs differ (first value first): the page shows the
   * first input's and warns. Empty when every header is of the same job.
   */
  get differingFields(): { field: string; values: string[] }[] {
    return [...this.#differing].map(([field, values]) => ({ field, values: [...values] }));
  }

  /** Takes one record of `list` (a plain object as the CLI writes it, with `Id` and `Region`). */
  add(list: RecordList, record: Record<string, unknown>): void {
    this.#records++;
    const id = String(record.Id);
    const region = String(record.Region);
    const account = this.#account(id);
    const text = (v: unknown, old: string) => (typeof v === "string" ? v : old);
    account.name = text(record.Name, account.name);
    account.email = text(record.Email, account.email);
    account.ouPath = text(record.OuPath, account.ouPath);
    if (typeof record.RoleName === "string") this.#roles.add(record.RoleName);
    this.#regions.add(region);
    const outcome = OUTCOME_OF_LIST[list];
    const detail =
      outcome === "R"
        ? resultDetail(record.Result, this.#cap)
        : errorDetail(record.ExceptionDetails, this.#cap);
    const previous = account.runs.get(region);
    if (previous) this.#chars -= detailSize(previous.detail);
    account.runs.set(region, { outcome, detail });
    this.#chars += detailSize(detail);
    this.#keepWithinBudget();
  }

  /**
   * Compares the page with a baseline: `diff` is `diffRuns(baseline, these records)`. The
   * accounts and regions only the baseline has get rows and columns (their cells are `gone`).
   */
  setBaseline(diff: RunDiff, since: string, sources: string[]): void {
    this.#baseline = { diff, since, sources };
    for (const c of diff.changes) {
      if (c.kind !== "gone") continue;
      const account = this.#account(c.Id);
      if (account.name === "" && c.Name !== undefined) account.name = c.Name;
      if (account.ouPath === "" && c.OuPath !== undefined) account.ouPath = c.OuPath;
      this.#regions.add(c.Region);
    }
  }

  #account(id: string): Account {
    let account = this.#accounts.get(id);
    if (!account) {
      account = { id, name: "", email: "", ouPath: "", runs: new Map() };
      this.#accounts.set(id, account);
    }
    return account;
  }

  /** Halves the per-field cap (and cuts what is kept) while the details exceed the budget. */
  #keepWithinBudget(): void {
    while (this.#chars > DETAIL_BUDGET && this.#cap > MIN_DETAIL_CAP) {
      this.#cap = Math.max(MIN_DETAIL_CAP, Math.floor(this.#cap / 2));
      this.#chars = 0;
      for (const account of this.#accounts.values()) {
        for (const run of account.runs.values()) {
          run.detail = capDetail(run.detail, this.#cap);
          this.#chars += detailSize(run.detail);
        }
      }
    }
  }

  /** Accounts in page order: by OU path (none last), then name, then id. */
  #sortedAccounts(): Account[] {
    const key = (a: Account) => [a.ouPath === "" ? "\uffff" : a.ouPath, a.name, a.id];
    return [...this.#accounts.values()].sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      for (let i = 0; i < ka.length; i++) {
        const x = ka[i] as string;
        const y = kb[i] as string;
        if (x !== y) return x < y ? -1 : 1;
      }
      return 0;
    });
  }

  /** The warning row of inputs of different jobs (none when they are of one job). */
  #differingRows(): [string, string][] {
    const fields = this.differingFields;
    if (fields.length === 0) return [];
    const list = fields.map(({ field, values }) => `${field} (${values.join(" / ")})`).join("; ");
    return [
      [
        "Warning",
        `these inputs are of different jobs: ${list}. The rows below are the first input's.`,
      ],
    ];
  }

  /**
   * The page's data and its details in chunks (details in cell order, every filled cell's).
   * `sources` are the input names, `title` the page title.
   */
  build(options: { title?: string; sources: string[]; now?: Date }): {
    data: PageData;
    details: Detail[][];
  } {
    const accounts = this.#sortedAccounts();
    const regions = [...this.#regions].sort();
    const groups = [...new Set(accounts.map((a) => a.ouPath))];
    const groupIndex = new Map(groups.map((g, i) => [g, i]));
    const cells: string[] = [];
    const failed: FailedRun[] = [];
    const details: Detail[][] = [];
    let filled = 0;
    for (const account of accounts) {
      for (const region of regions) {
        const run = account.runs.get(region);
        cells.push(run?.outcome ?? "-");
        if (!run) continue;
        const detail = capDetail(run.detail, this.#cap);
        if (filled % CHUNK === 0) details.push([]);
        details[details.length - 1]?.push(detail);
        filled++;
        if (run.outcome !== "R")
          failed.push({ outcome: run.outcome, account: account.id, detail: detail as ErrorDetail });
      }
    }
    const causeOfFailure: number[] = [];
    const causes = groupFailures(failed, causeOfFailure);
    const header = this.#header ?? {};
    const data: PageData = {
      title: options.title ?? defaultTitle(header),
      job: [
        ...(this.#verdict === undefined ? [] : [["Shards", this.#verdict] as [string, string]]),
        ...this.#differingRows(),
        ...jobRows(header, { roles: [...this.#roles], regions }),
      ],
      sources: options.sources,
      generatedAt: (options.now ?? new Date()).toISOString(),
      regions,
      groups,
      accounts: {
        ids: accounts.map((a) => a.id),
        names: accounts.map((a) => a.name),
        emails: accounts.map((a) => a.email),
        groups: accounts.map((a) => groupIndex.get(a.ouPath) ?? 0),
      },
      cells: cells.join(""),
      causes,
      causeOfFailure,
      detailsPerChunk: CHUNK,
      fieldCap: this.#cap,
    };
    if (this.#baseline) {
      const row = new Map(accounts.map((a, i) => [a.id, i]));
      const column = new Map(regions.map((r, j) => [r, j]));
      const { diff, since, sources } = this.#baseline;
      data.changes = changeData(diff, { since, sources }, (id, region) => {
        const a = row.get(id);
        const j = column.get(region);
        return a === undefined || j === undefined ? undefined : a * regions.length + j;
      });
    }
    // The page shows every text as text; bidirectional marks would still reorder it.
    return { data: bidiShown(data), details: bidiShown(details) };
  }
}

/**
 * `value` with the bidirectional formatting marks of every string in it shown as escapes
 * (`\u202e`), done here rather than by the page so that any page shows them the same.
 */
function bidiShown<T>(value: T): T {
  if (typeof value === "string") return bidiVisible(value) as T;
  if (typeof value !== "object" || value === null) return value;
  // Copied only where something changed (most reports have no such mark).
  let copy: object | undefined;
  for (const [key, v] of Object.entries(value)) {
    const shown = bidiShown(v);
    if (shown === v) continue;
    copy ??= Array.isArray(value) ? [...(value as unknown[])] : { ...(value as object) };
    (copy as Record<string, unknown>)[key] = shown;
  }
  return (copy ?? value) as T;
}

/** Header fields that say what a job is (not when it ran, nor which shard of it). */
const JOB_FIELDS = [
  "command",
  "what",
  "args",
  "module",
  "export",
  "role",
  "roleName",
  "ssoRole",
  "ssoStartUrl",
  "hub",
  "regions",
  "targets",
  "ignore",
  "tags",
];

/** A header value in a warning: short, on one line. */
function headerValueText(value: unknown): string {
  const text = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

/** `cove exec report`, `cove run report`, or `cove report`. */
function defaultTitle(header: JobHeader): string {
  const command = typeof header.command === "string" ? header.command : undefined;
  return command ? `cove ${command} report` : "cove report";
}
