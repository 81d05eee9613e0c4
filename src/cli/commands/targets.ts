import type { Command } from "commander";
import { addOptionFlags } from "../args.js";
import { addCommonFlags, type CommonFlags } from "../common-flags.js";
import type { CliContext } from "../context.js";
import { examples } from "./help.js";

/** `cove targets`: the dry run. */
export function registerTargetsCommand(program: Command, ctx: CliContext): void {
  const command = program
    .command("targets")
    .summary("the dry run: the accounts × regions a run would use (no role assumed)")
    .description(
      "Print the accounts × regions a run would use (Id, Name, Email, Status, OU path where known, Region), assuming no role: the dry run.",
    );
  addCommonFlags(addOptionFlags(command, "select", ctx.env), false)
    .addHelpText(
      "after",
      examples([
        "cove targets                                       # every ACTIVE account of the organization",
        "cove targets -t ou-ab12-34cd5678 -i 111122223333   # an OU without one account",
        "cove targets -t /Workloads -i /Workloads/Sandbox   # the same by OU paths",
        "cove targets -t r-ab12 --regions eu-west-1,us-east-1 -o csv > targets.csv",
      ]),
    )
    .action(async (flags: Record<string, unknown> & CommonFlags) => {
      const { targetsAction } = await import("../actions/targets.js");
      await targetsAction(ctx, flags);
    });
}
