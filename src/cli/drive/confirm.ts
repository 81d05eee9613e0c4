import { listTargets, type CoveOptions } from "../../index.js";
import { DEFAULT_ROLE_NAME } from "../../options/role.js";
import { EXIT } from "../errors.js";
import { count } from "../output/text.js";
import { confirm } from "../prompt.js";
import type { Secrets } from "../redact.js";
import { say } from "../say.js";

/** What the question names: the command and what it runs. */
export interface PlanQuestion {
  command: string;
  what: string;
  options: CoveOptions;
  secrets: Secrets;
}

/** `29 accounts × 2 regions (eu-west-1, us-east-1) = 58 runs`, or per-account regions. */
async function planText(options: CoveOptions): Promise<string> {
  const plan = await listTargets(options);
  const where = plan.perAccountRegions
    ? "each account's own regions (found once its role is assumed)"
    : `${count(plan.regions.length, "region")} (${plan.regions.join(", ")}) = ` +
      count(plan.accounts.length * plan.regions.length, "run");
  return `${count(plan.accounts.length, "account")} × ${where}`;
}

/**
 * Resolves the targets and asks whether to run. Returns `undefined` to go on, else the exit
 * code of a declined (1) or interrupted (130) question.
 */
export async function confirmRun(q: PlanQuestion): Promise<number | undefined> {
  const sso = q.options.identityCenter?.roleName;
  const role = sso ? `permission set ${sso}` : `role ${q.options.roleName ?? DEFAULT_ROLE_NAME}`;
  const answer = await confirm(
    `cove ${q.command} will run ${q.what} in ${await planText(q.options)}, ` +
      `as ${role}. Continue? [y/N] `,
  );
  if (answer === "yes") return undefined;
  say(q.secrets, "cove: cancelled; nothing ran.");
  return answer === "interrupted" ? EXIT.INTERRUPTED : EXIT.FAILED;
}
