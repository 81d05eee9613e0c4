import type { JobHeader } from "../job/header.js";

/* The job header as the report page shows it: label and text rows. */

/** Longest text of one header value on the page. */
const VALUE_LENGTH = 500;

/** Labels of times, shown as `2024-05-01 12:00:03 UTC`. */
const TIMES = new Set(["Started", "Resumed", "Finished"]);

/** Header keys the page shows under their own label, in this order (first key found wins). */
const KNOWN: [label: string, keys: string[]][] = [
  ["Command", ["command"]],
  ["Runs", ["what", "args"]],
  ["Module", ["module"]],
  ["Export", ["export"]],
  ["Role", ["ssoRole", "role", "roleName"]],
  ["Login", ["ssoStartUrl", "ssoProfile"]],
  ["Hub", ["hub"]],
  ["Regions", ["regions"]],
  ["Targets", ["targets", "targetIds"]],
  ["Ignored", ["ignore", "ignoreIds"]],
  ["Tags", ["tags"]],
  ["Shard", ["shard"]],
  ["Target set", ["targetSet"]],
  ["Started", ["startedAt"]],
  ["Resumed", ["resumedAt"]],
  ["Finished", ["finishedAt", "endedAt"]],
  ["Stopped by", ["interrupted", "stoppedBy"]],
  ["botocove", ["botocove", "botocoveVersion", "version"]],
];

/**
 * The text of a known row: the permission set of an IAM Identity Center login, its portal and
 * profile, the hub's account and organization; other values as they are.
 */
function knownText(header: JobHeader, key: string): string {
  const value = header[key];
  if (key === "ssoRole")
    return valueText(`permission set ${valueText(value)} via IAM Identity Center`);
  if (key === "ssoStartUrl" || key === "ssoProfile") {
    const url = header.ssoStartUrl ?? "(portal unknown)";
    const profile = header.ssoProfile;
    return valueText(
      `${valueText(url)}${profile == null ? "" : ` (profile ${valueText(profile)})`}`,
    );
  }
  if (key === "hub" && typeof value === "object" && value !== null) {
    const { account, organization } = value as Record<string, unknown>;
    const org = organization == null ? "" : `, organization ${valueText(organization)}`;
    return valueText(`account ${valueText(account)}${org}`);
  }
  return valueText(value);
}

/** One header value as one line of text. */
function valueText(value: unknown): string {
  let text: string;
  if (typeof value === "string") text = value;
  else if (Array.isArray(value) && value.every((v) => typeof v !== "object" || v === null))
    text = value.map(String).join(" ");
  else if (isShard(value)) text = `${value.index}/${value.count}`;
  else if (isTargetSet(value))
    text = `${value.size} account × region pairs (${value.accounts} accounts), sha256 ${value.sha256.slice(0, 16)}…`;
  else text = JSON.stringify(value) ?? String(value);
  return text.length > VALUE_LENGTH ? `${text.slice(0, VALUE_LENGTH)}…` : text;
}

function isTargetSet(value: unknown): value is { size: number; accounts: unknown; sha256: string } {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.size === "number" && typeof v.sha256 === "string";
}

function isShard(value: unknown): value is { index: number; count: number } {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.index === "number" && typeof v.count === "number";
}

/** `1 h 2 min 3 s`, `4.2 s`. */
export function durationText(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  const parts = [
    [Math.floor(s / 3600), "h"],
    [Math.floor((s % 3600) / 60), "min"],
    [s % 60, "s"],
  ] as const;
  return parts
    .filter(([n], i) => n > 0 || (i === 2 && s % 60 > 0))
    .map(([n, unit]) => `${n} ${unit}`)
    .join(" ");
}

/** `2024-05-01 12:00:03 UTC`. */
function timeText(ms: number): string {
  return `${new Date(ms).toISOString().replace("T", " ").slice(0, 19)} UTC`;
}

function timeOf(value: unknown): number | undefined {
  if (typeof value !== "string" && typeof value !== "number") return undefined;
  const t = new Date(value).getTime();
  return Number.isFinite(t) ? t : undefined;
}

/**
 * The job as label/text rows: known fields under their labels, the duration when start and
 * end are known, what the records show where the header says nothing (roles, regions), and
 * every other field under its own key.
 */
export function jobRows(
  header: JobHeader,
  seen: { roles: string[]; regions: string[] },
): [string, string][] {
  const rows: [string, string][] = [];
  const used = new Set<string>();
  const started = timeOf(header.startedAt);
  const finished = timeOf(header.finishedAt ?? header.endedAt);
  for (const [label, keys] of KNOWN) {
    const key = keys.find((k) => header[k] !== undefined && header[k] !== null);
    if (key === undefined) continue;
    keys.forEach((k) => used.add(k));
    const time = TIMES.has(label) ? timeOf(header[key]) : undefined;
    rows.push([label, time === undefined ? knownText(header, key) : timeText(time)]);
    if (
      label === "Finished" &&
      started !== undefined &&
      finished !== undefined &&
      finished >= started
    )
      rows.push(["Duration", durationText(finished - started)]);
  }
  const has = (label: string) => rows.some(([l]) => l === label);
  if (!has("Role") && seen.roles.length > 0) rows.push(["Role", seen.roles.join(", ")]);
  if (!has("Regions") && seen.regions.length > 0) rows.push(["Regions", seen.regions.join(" ")]);
  for (const [key, value] of Object.entries(header)) {
    // A shard's own account list (for cove merge) is not for people.
    if (used.has(key) || value === undefined || value === null || key === "shardAccounts") continue;
    rows.push([key.slice(0, 60), valueText(value)]);
  }
  return rows;
}
