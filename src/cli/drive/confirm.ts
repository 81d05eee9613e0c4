import { listTargets, type CoveOptions, type CoveTargets } from "../../index.js";
import { DEFAULT_ROLE_NAME } from "../../options/role.js";
import type { CliContext } from "../context.js";
import { EXIT } from "../errors.js";
import { readsOuPaths } from "../job/ou-paths.js";
import { count } from "../output/text.js";
import { confirm } from "../prompt.js";

/** What the question names: the command and what it runs. */
export interface PlanQuestion {
  command: string;
  what: string;
  options: CoveOptions;
  ctx: CliContext;
  /** Whether the run writes a report (its accounts are then listed with their OU paths). */
  flags: { report?: unknown; quiet?: boolean };
  /** The job's journal, if any (its records keep OU paths too). */
  journal?: unknown;
}

/** `29 accounts × 2 regions (eu-west-1, us-east-1) = 58 runs`, or per-account regions. */
function planText(plan: CoveTargets): string {
  const where = plan.perAccountRegions
    ? "each account's own regions (found once its role is assumed)"
    : `${count(plan.regions.length, "region")} (${plan.regions.join(", ")}) = ` +
      count(plan.accounts.length * plan.regions.length, "run");
  return `${count(plan.accounts.length, "account")} × ${where}`;
}

/**
 * The options of the run once the question listed its accounts: that list (`accounts`), so
 * the organization is listed once. An Identity Center login lists its own (the portal's
 * permission sets decide), and an empty list leaves the run to say there is nothing to run.
 */
function runOnListed(options: CoveOptions, plan: CoveTargets): CoveOptions {
  if (options.identityCenter || plan.accounts.length === 0) return options;
  const { targetIds: _t, ignoreIds: _i, tags: _g, filter: _f, shard: _s, ...rest } = options;
  return { ...rest, accounts: plan.accounts };
}

/**
 * Resolves the targets and asks whether to run. Returns the options to run with (on the
 * accounts it listed), else the exit code of a declined (1) or interrupted (130) question.
 */
export async function confirmRun(q: PlanQuestion): Promise<CoveOptions | number> {
  const sso = q.options.identityCenter?.roleName;
  const role = sso ? `permission set ${sso}` : `role ${q.options.roleName ?? DEFAULT_ROLE_NAME}`;
  // The report and the journal keep OU paths: the listing reads them for the run.
  const withPaths = readsOuPaths(
    { report: q.flags.report !== undefined, journal: q.journal !== undefined },
    q.options,
  );
  const plan = await listTargets({ ...q.options, ...(withPaths ? { ouPaths: true } : {}) });
  const answer = await confirm(
    q.ctx,
    `cove ${q.command} will run ${q.what} in ${planText(plan)}, as ${role}. Continue? [y/N] `,
  );
  if (answer === "yes") return runOnListed(q.options, plan);
  q.ctx.writer.say("cove: cancelled; nothing ran.");
  return answer === "interrupted" ? EXIT.INTERRUPTED : EXIT.FAILED;
}
