import type { Command } from "commander";
import { listTargets, type CoveOptions } from "../../index.js";
import { addOptionFlags } from "../args.js";
import { commandLogin, commandOptions } from "../command-options.js";
import { addCommonFlags, resolveFormat, type CommonFlags, type Format } from "../common-flags.js";
import type { CliContext } from "../context.js";
import { EXIT } from "../errors.js";
import { colourWanted, palette } from "../output/colour.js";
import { renderTargets, targetsSummary } from "../output/targets.js";
import { writeText } from "../output/write.js";
import { examples } from "./help.js";

/** Resolves the targets (no role assumed) and prints one row per account × region. */
async function printTargets(
  ctx: CliContext,
  options: CoveOptions,
  format: Format,
  quiet: boolean,
): Promise<number> {
  // OU paths come from Organizations, which an Identity Center login may not read.
  const withPaths = !options.accounts && !options.identityCenter;
  const plan = await listTargets({ ...options, ...(withPaths ? { ouPaths: true } : {}) });
  const scrub = (text: string) => ctx.writer.text(text);
  await writeText(
    ctx.stdout,
    renderTargets(
      plan,
      format,
      ctx.stdout.columns || 120,
      scrub,
      palette(colourWanted(ctx.stdout, ctx.env)),
    ),
  );
  if (!quiet && format !== "table" && ctx.stderr.isTTY)
    ctx.writer.say(`cove: ${targetsSummary(plan)}`);
  return EXIT.OK;
}

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
      await commandLogin(ctx, flags);
      const options = await commandOptions(ctx, flags, "select", {
        ouPaths: flags.ssoRole === undefined,
      });
      const format = resolveFormat(flags, ctx.stdout.isTTY === true);
      ctx.setCode(await printTargets(ctx, options, format, flags.quiet === true));
    });
}
