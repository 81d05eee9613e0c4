import { listTargets, type CoveOptions } from "../index.js";
import type { Format } from "./args.js";
import { cellText, count, csvLine, renderTable, toJson, writeText } from "./output.js";

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

/** `cove targets`: resolves the targets (no role assumed) and prints account × region rows. */
export async function targetsCommand(
  options: CoveOptions,
  format: Format,
  quiet: boolean,
): Promise<number> {
  // OU paths come from Organizations, which an Identity Center login may not read.
  const withPaths = !options.accounts && !options.identityCenter;
  const plan = await listTargets({ ...options, ...(withPaths ? { ouPaths: true } : {}) });
  // With per-account regions (e.g. --regions enabled) the regions are only known once each
  // role is assumed: one row per account, without a Region.
  const regions: (string | undefined)[] = plan.perAccountRegions ? [undefined] : plan.regions;
  const rows: TargetRow[] = [];
  for (const account of plan.accounts) {
    for (const region of regions) {
      const row: Record<string, unknown> = {};
      for (const key of COLUMNS) {
        const value = key === "Region" ? region : account[key];
        if (value !== undefined) row[key] = value;
      }
      rows.push(row as unknown as TargetRow);
    }
  }
  const sso = plan.identityCenter;
  const who = sso
    ? `IAM Identity Center login "${sso.profile}", permission set ${sso.permissionSet}; ${count(sso.withoutPermissionSet.length, "account")} it reaches left out without it`
    : `hub ${plan.hub.accountId} in ${plan.hub.region}`;
  const summary =
    (plan.perAccountRegions
      ? `${count(plan.accounts.length, "account")} × each account's own regions (found once its role is assumed)`
      : `${count(plan.accounts.length, "account")} × ${count(plan.regions.length, "region")} = ${count(rows.length, "run")}`) +
    ` (${who}; no role was assumed)`;
  let text: string;
  switch (format) {
    case "json":
      text =
        toJson(
          {
            hub: plan.hub,
            regions: plan.regions,
            perAccountRegions: plan.perAccountRegions,
            ...(sso ? { identityCenter: sso } : {}),
            targets: rows,
          },
          2,
        ) + "\n";
      break;
    case "ndjson":
      text = rows.map((r) => toJson(r) + "\n").join("");
      break;
    case "csv":
      text =
        csvLine([...COLUMNS]) +
        rows.map((r) => csvLine(COLUMNS.map((c) => cellText(r[c])))).join("");
      break;
    case "table": {
      const withOu = rows.some((r) => r.OuPath !== undefined);
      const headers = ["Id", "Name", ...(withOu ? ["OU path"] : []), "Region"];
      text =
        renderTable(
          headers,
          rows.map((r) => [
            r.Id,
            r.Name ?? "",
            ...(withOu ? [r.OuPath ?? ""] : []),
            r.Region ?? "(per account)",
          ]),
          process.stdout.columns || 120,
        ) + `\n${summary}\n`;
      break;
    }
  }
  await writeText(process.stdout, text);
  if (!quiet && format !== "table" && process.stderr.isTTY)
    process.stderr.write(`cove: ${summary}\n`);
  return 0;
}
