import type { CoveTargets } from "../../index.js";
import type { Format } from "../common-flags.js";
import { PLAIN, type Palette } from "./colour.js";
import { csvLine } from "./csv.js";
import { toJson } from "./serialize.js";
import { renderTable } from "./table.js";
import { cellText, count } from "./text.js";

/** One account × region that would run. */
export interface TargetRow {
  Id: string;
  Name?: string;
  Email?: string;
  Status?: string;
  OuPath?: string;
  /** Absent when regions are found per account. */
  Region?: string;
}

const COLUMNS = ["Id", "Name", "Email", "Status", "OuPath", "Region"] as const;

/** An OU path's names, root first: `/A/B` → `["A", "B"]`, `/` → `[]`. */
const segments = (path: string) => path.split("/").filter((s) => s !== "");

/** Code-unit order (the same on every machine and locale). */
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The order of the rows: by OU path as a tree (the root first, an OU before the OUs inside
 * it, sibling OUs by name), accounts without a known path last; then by account id.
 */
export function byOuPathThenId(
  a: { Id: string; OuPath?: string },
  b: { Id: string; OuPath?: string },
): number {
  if (a.OuPath !== b.OuPath) {
    if (a.OuPath === undefined) return 1;
    if (b.OuPath === undefined) return -1;
    const [x, y] = [segments(a.OuPath), segments(b.OuPath)];
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      const order = compare(x[i] as string, y[i] as string);
      if (order !== 0) return order;
    }
    if (x.length !== y.length) return x.length - y.length;
  }
  return compare(a.Id, b.Id);
}

/**
 * One row per account × region, sorted (the listing comes in whatever order Organizations
 * answers): accounts by {@link byOuPathThenId}, each account's regions in the plan's order.
 * With per-account regions (e.g. `--regions enabled`) the regions are only known once each
 * role is assumed: one row per account, without a Region.
 */
export function targetRows(plan: CoveTargets): TargetRow[] {
  const regions: (string | undefined)[] = plan.perAccountRegions ? [undefined] : plan.regions;
  const rows: TargetRow[] = [];
  for (const account of [...plan.accounts].sort(byOuPathThenId)) {
    for (const region of regions) {
      const row: Record<string, unknown> = {};
      for (const key of COLUMNS) {
        const value = key === "Region" ? region : account[key];
        if (value !== undefined) row[key] = value;
      }
      rows.push(row as unknown as TargetRow);
    }
  }
  return rows;
}

/** `7 accounts × 2 regions = 14 runs (hub … in …; no role was assumed)`. */
export function targetsSummary(plan: CoveTargets): string {
  const runs = plan.accounts.length * plan.regions.length;
  const accounts = count(plan.accounts.length, "account");
  const size = plan.perAccountRegions
    ? `${accounts} × each account's own regions (found once its role is assumed)`
    : `${accounts} × ${count(plan.regions.length, "region")} = ${count(runs, "run")}`;
  const sso = plan.identityCenter;
  const who = sso
    ? `IAM Identity Center login "${sso.profile}", permission set ${sso.permissionSet}; ${count(sso.withoutPermissionSet.length, "account")} it reaches left out without it`
    : `hub ${plan.hub.accountId} in ${plan.hub.region}`;
  return `${size} (${who}; no role was assumed)`;
}

function targetsTable(rows: TargetRow[], width: number, scrub: Scrub, colours: Palette): string {
  const withOu = rows.some((r) => r.OuPath !== undefined);
  const headers = ["Id", "Name", "Email", "Status", ...(withOu ? ["OU path"] : []), "Region"];
  const cells = rows.map((r) =>
    [
      r.Id,
      r.Name ?? "",
      r.Email ?? "",
      r.Status ?? "",
      ...(withOu ? [r.OuPath ?? ""] : []),
      r.Region ?? "(per account)",
    ].map(scrub),
  );
  return renderTable(headers, cells, width, { header: colours.bold, rule: colours.dim });
}

/** Redaction applied to what is printed (table cells before they are cut to their column). */
type Scrub = (text: string) => string;

/** The text `cove targets` prints in `format` (a table's headers styled with `colours`). */
export function renderTargets(
  plan: CoveTargets,
  format: Format,
  width: number,
  scrub: Scrub = (text) => text,
  colours: Palette = PLAIN,
): string {
  if (format === "table") {
    const table = targetsTable(targetRows(plan), width, scrub, colours);
    return `${table}\n${targetsSummary(plan)}\n`;
  }
  return scrub(renderData(plan, format, targetRows(plan)));
}

/** json, ndjson or csv. */
function renderData(plan: CoveTargets, format: Exclude<Format, "table">, rows: TargetRow[]) {
  switch (format) {
    case "json": {
      const { hub, regions, perAccountRegions, identityCenter } = plan;
      const sso = identityCenter ? { identityCenter } : {};
      return toJson({ hub, regions, perAccountRegions, ...sso, targets: rows }, 2) + "\n";
    }
    case "ndjson":
      return rows.map((r) => toJson(r) + "\n").join("");
    case "csv":
      return (
        csvLine([...COLUMNS]) +
        rows.map((r) => csvLine(COLUMNS.map((c) => cellText(r[c])))).join("")
      );
  }
}
