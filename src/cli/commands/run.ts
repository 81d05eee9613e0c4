import type { Command } from "commander";
import type { RunFlags } from "../actions/run.js";
import { addOptionFlags } from "../args.js";
import { addCommonFlags, sortOption } from "../common-flags.js";
import type { CliContext } from "../context.js";
import { addJournalFlags } from "../journal/flags.js";
import { reportBaselineOption, reportOption } from "../report/flags.js";
import { parseWorkers, WORKERS_HELP } from "../workers-flag.js";
import { examples } from "./help.js";

/** `cove run MODULE`. */
export function registerRunCommand(program: Command, ctx: CliContext): void {
  const command = program
    .command("run")
    .summary("run an exported function of a .js or .ts module in every account × region")
    .description(
      "Run an exported function (session, ...args) of a .js, .mjs or .ts module (TypeScript without a build step) in every account × region; ARGS are passed as strings.",
    )
    .argument("<module>", "path of the module")
    .argument("[args...]", "arguments after the session, as strings (after --)")
    .usage("MODULE [--export NAME] [options] [-- ARGS...]")
    .option(
      "--export <name>",
      "the exported function to run [default: the default export, or the only exported function]",
    )
    .option("-w, --workers <n>", WORKERS_HELP, parseWorkers);
  addJournalFlags(addCommonFlags(addOptionFlags(command, "run", ctx.env), true))
    .addOption(reportOption())
    .addOption(reportBaselineOption())
    .addOption(sortOption())
    .addHelpText(
      "after",
      examples([
        "cove run audit.ts -t ou-ab12-34cd5678                   # the default export",
        "cove run audit.ts --export listUsers -o json -- /admins/",
        "cove run dist/check.js --regions eu-west-1,us-east-1 --out-dir results",
        "cove run inventory.ts --workers 4                       # on 4 threads (see docs/cli.md)",
        "",
        "audit.ts:",
        '  import type { CoveSession } from "botocove";',
        '  import { IAMClient, ListUsersCommand } from "@aws-sdk/client-iam";',
        "  export async function listUsers(session: CoveSession, prefix: string) {",
        "    const out = await session.client(IAMClient).send(new ListUsersCommand({ PathPrefix: prefix }));",
        "    return (out.Users ?? []).map((u) => u.UserName);",
        "  }",
      ]),
    )
    .action(async (modulePath: string, args: string[], flags: RunFlags) => {
      const { runAction } = await import("../actions/run.js");
      await runAction(ctx, modulePath, args, flags);
    });
}
