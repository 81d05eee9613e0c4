import { listTargets, type CoveOptions } from "../../index.js";
import { commandLogin, commandOptions } from "../command-options.js";
import { resolveFormat, type CommonFlags, type Format } from "../common-flags.js";
import type { CliContext } from "../context.js";
import { EXIT } from "../errors.js";
import { colourWanted, palette } from "../output/colour.js";
import { renderTargets, targetsSummary } from "../output/targets.js";
import { writeText } from "../output/write.js";

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

/** `cove targets`: the dry run, printed. */
export async function targetsAction(
  ctx: CliContext,
  flags: Record<string, unknown> & CommonFlags,
): Promise<void> {
  await commandLogin(ctx, flags);
  const options = await commandOptions(ctx, flags, "select", {
    ouPaths: flags.ssoRole === undefined,
  });
  const format = resolveFormat(flags, ctx.stdout.isTTY === true);
  ctx.setCode(await printTargets(ctx, options, format, flags.quiet === true));
}
