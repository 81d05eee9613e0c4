import { resolve } from "node:path";
import type { CoveOptions } from "../../index.js";
import type { JobHeader } from "../report/header.js";
import { runHeader } from "../report/hook.js";

/** What runs in a job (with its role, which the header carries: what makes two runs the same job). */
export type JobIdentity =
  | { command: "exec"; argv: readonly string[] }
  | {
      command: "run";
      /** The module's absolute path. */
      module: string;
      /** `--export`, or `null` for the default. */
      export: string | null;
      args: readonly string[];
    };

/** The identity of `cove exec -- ARGV…`. */
export function execIdentity(argv: readonly string[]): JobIdentity {
  return { command: "exec", argv: [...argv] };
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
  if (job.command === "exec") return { command: "exec", args: job.argv };
  return { command: "run", module: job.module, export: job.export, args: job.args };
}

/**
 * The header of a job: what runs (`what` for people, the identity fields for the resume
 * check), the role, the selection and regions as the flags give them, the time, the version.
 */
export function jobHeader(job: JobIdentity, what: string, options: CoveOptions): JobHeader {
  return { ...runHeader({ command: job.command, what, options }), ...identityFields(job) };
}

/** The header keys two runs of the same job agree on. */
const IDENTITY_KEYS: Record<string, readonly string[]> = {
  exec: ["command", "args", "role"],
  run: ["command", "module", "export", "args", "role"],
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
  role: "the role",
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
