import { resolve } from "node:path";
import type { CoveOptions } from "../../index.js";
import { DEFAULT_ROLE_NAME } from "../../options/role.js";
import type { HeaderFields } from "../ndjson.js";
import type { IdentityCenterLoginInfo } from "../identity-center.js";
import { botocoveVersion } from "../version.js";

/**
 * A job header: what a job runs, with its role, selection and regions, when it started and
 * with which botocove. It is the first line of a journal (`--journal`: an object without `Id`,
 * which `--resume` checks against the job it resumes) and the job part of a report. Every
 * field is optional and untrusted when read back; the report shows what exists.
 */
export type JobHeader = HeaderFields;

/** The job header of a run as `--report` and `--journal` know it. */
export function runHeader(spec: {
  command: string;
  what: string;
  options: CoveOptions;
}): JobHeader {
  const o = spec.options;
  // With an IAM Identity Center login, the permission set is the role of every run.
  const role = o.identityCenter
    ? { ssoRole: o.identityCenter.roleName }
    : { role: o.roleName ?? DEFAULT_ROLE_NAME };
  return {
    command: spec.command,
    what: spec.what,
    ...role,
    regions: o.regions,
    targets: o.targetIds,
    ignore: o.ignoreIds,
    tags: o.tags,
    shard: o.shard,
    startedAt: new Date().toISOString(),
    botocove: botocoveVersion(),
  };
}

/** What runs in a job (with its role, which the header carries: what makes two runs the same job). */
export type JobIdentity =
  | {
      command: "exec";
      argv: readonly string[];
      /** `--stdout-json`: records hold the parsed stdout (only present when set). */
      stdoutJson?: true;
    }
  | {
      command: "run";
      /** The module's absolute path. */
      module: string;
      /** `--export`, or `null` for the default. */
      export: string | null;
      args: readonly string[];
    };

/** The identity of `cove exec [--stdout-json] -- ARGV…`. */
export function execIdentity(argv: readonly string[], stdoutJson = false): JobIdentity {
  return { command: "exec", argv: [...argv], ...(stdoutJson ? { stdoutJson: true } : {}) };
}

/** The identity of `cove run MODULE [--export NAME] -- ARGS…` (the module path made absolute). */
export function runIdentity(
  modulePath: string,
  exportName: string | undefined,
  args: readonly string[],
): JobIdentity {
  return {
    command: "run",
    module: resolve(modulePath),
    export: exportName ?? null,
    args: [...args],
  };
}

/** The header fields that say what runs (the report shows them under their labels). */
export function identityFields(job: JobIdentity): JobHeader {
  if (job.command === "exec")
    return { command: "exec", args: job.argv, ...(job.stdoutJson ? { stdoutJson: true } : {}) };
  return { command: "run", module: job.module, export: job.export, args: job.args };
}

/**
 * The header of a job: what runs (`what` for people, the identity fields for the resume
 * check), the role — or with an IAM Identity Center login its permission set, profile and
 * start URL (`ssoRole`, `ssoProfile`, `ssoStartUrl`: no secret) —, the selection and regions
 * as the flags give them, the time, the version.
 */
export function jobHeader(
  job: JobIdentity,
  what: string,
  options: CoveOptions,
  login?: IdentityCenterLoginInfo,
): JobHeader {
  const sso =
    options.identityCenter && login
      ? { ssoProfile: login.profile, ssoStartUrl: login.startUrl ?? null }
      : {};
  return { ...runHeader({ command: job.command, what, options }), ...sso, ...identityFields(job) };
}

/**
 * The header keys two runs of the same job agree on: what runs, the role, and with an IAM
 * Identity Center login its permission set and portal (not the profile: its name is local).
 */
const ROLE_KEYS = ["role", "ssoRole", "ssoStartUrl"];
const IDENTITY_KEYS: Record<string, readonly string[]> = {
  exec: ["command", "args", "stdoutJson", ...ROLE_KEYS],
  run: ["command", "module", "export", "args", ...ROLE_KEYS],
};

/** `a b "c d"`-like text of a value, for messages. */
function shown(value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => JSON.stringify(v)).join(" ") || "(none)";
  if (value === null || value === undefined) return "(none)";
  return JSON.stringify(value);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Labels of the identity fields, for messages. */
const LABELS: Record<string, string> = {
  command: "the cove command",
  args: "the arguments",
  module: "the module",
  export: "the export",
  stdoutJson: "--stdout-json",
  role: "the role",
  ssoRole: "the IAM Identity Center permission set (--sso-role)",
  ssoStartUrl: "the IAM Identity Center portal (sso_start_url)",
};

/**
 * What differs between a journal's header and this job's, one phrase per field (`the role:
 * the journal's is "A", this job's is "B"`); empty when they are the same job.
 */
export function jobDifferences(journal: JobHeader, job: JobHeader): string[] {
  const keys =
    journal.command !== job.command ? ["command"] : (IDENTITY_KEYS[String(job.command)] ?? []);
  const differences: string[] = [];
  for (const key of keys) {
    if (same(journal[key] ?? null, job[key] ?? null)) continue;
    differences.push(
      `${LABELS[key] ?? key}: the journal's is ${shown(journal[key])}, this job's is ${shown(job[key])}`,
    );
  }
  return differences;
}

/** A manifest's shard and target set as one comparable text. */
function shardText(header: JobHeader): string | undefined {
  const shard = header.shard as { index?: unknown; count?: unknown } | undefined;
  const set = header.targetSet as { sha256?: unknown; size?: unknown } | undefined;
  if (shard === undefined && set === undefined) return undefined;
  return `shard ${String(shard?.index)}/${String(shard?.count)} of the target set ${String(set?.sha256).slice(0, 12)} (${String(set?.size)} pairs)`;
}

/** What differs between a journal header's shard manifest and this job's (empty: the same). */
export function manifestDifferences(journal: JobHeader, manifest: JobHeader): string[] {
  const theirs = shardText(journal);
  const ours = shardText(manifest);
  if (theirs === ours) return [];
  return [`the journal's is ${theirs ?? "not a shard"}, this job's is ${ours ?? "not a shard"}`];
}

/** The hub a job runs from: its account and organization (`null` where it could not be read). */
export interface HubIdentity {
  account: string;
  organization: string | null;
}

/** The hub of a journal's header, or `undefined` when it has none (written before hubs were). */
export function journalHub(header: JobHeader): HubIdentity | undefined {
  const hub = header.hub;
  if (typeof hub !== "object" || hub === null) return undefined;
  const { account, organization } = hub as Record<string, unknown>;
  if (typeof account !== "string") return undefined;
  return { account, organization: typeof organization === "string" ? organization : null };
}

const hubText = (hub: HubIdentity) =>
  `account ${JSON.stringify(hub.account)}${hub.organization === null ? "" : ` in organization ${JSON.stringify(hub.organization)}`}`;

/**
 * What differs between a journal's hub and this job's (`the hub: the journal's is account
 * "1…" in organization "o-…", this job's is …`), or `undefined` when they agree. An
 * organization id unknown on either side is not compared.
 */
export function hubDifference(journal: HubIdentity, job: HubIdentity): string | undefined {
  const orgs = journal.organization !== null && job.organization !== null;
  if (journal.account === job.account && (!orgs || journal.organization === job.organization))
    return undefined;
  return `the hub: the journal's is ${hubText(journal)}, this job's is ${hubText(job)}`;
}
