import type { Command } from "commander";
import { addOptionFlags, toCoveOptions } from "../args.js";
import { checkJournalHub, commandLogin, commandOptions } from "../command-options.js";
import { addCommonFlags, resolveFormat, sortOption, type CommonFlags } from "../common-flags.js";
import type { CliContext } from "../context.js";
import { drive } from "../drive/drive.js";
import { reportStrayErrors, routeConsoleToStderr } from "../run-guards.js";
import { importModule, pickExport } from "../run-module.js";
import { parseWorkers, startModuleWorkers, WORKERS_HELP } from "../run-workers.js";
import { defaultWorkers } from "../../workers/cove-module.js";
import type { CoveSession } from "../../index.js";
import { reportBaselineOption } from "../report/baseline.js";
import { reportOption } from "../report/hook.js";
import { addJournalFlags } from "../journal/flags.js";
import { jobHeader, runIdentity } from "../job/header.js";
import { RunJournal, type JournalFlags } from "../journal/journal.js";
import { planShard } from "../journal/manifest.js";
import { checkDistinctFiles } from "../same-file.js";
import { examples } from "./help.js";

type RunFlags = Record<string, unknown> &
  CommonFlags &
  JournalFlags & { export?: string; workers?: number };

/** The module's function: on worker threads (`--workers` > 1), else imported here. */
async function moduleTask(
  ctx: CliContext,
  modulePath: string,
  args: string[],
  flags: RunFlags,
): Promise<{ task: (session: CoveSession) => unknown; close(): Promise<void> }> {
  const workers = flags.workers ?? defaultWorkers();
  if (workers > 1) {
    return startModuleWorkers(modulePath, flags.export, args, workers, ctx);
  }
  const fn = pickExport(await importModule(modulePath, ctx.cwd), modulePath, flags.export);
  return { task: (session) => fn(session, ...args), close: async () => undefined };
}

/** Runs the module's function in every account × region. */
async function runAction(
  ctx: CliContext,
  modulePath: string,
  args: string[],
  flags: RunFlags,
): Promise<void> {
  checkDistinctFiles(flags);
  const what = `${flags.export ?? "the default export"} of ${modulePath}`;
  const job = runIdentity(modulePath, flags.export, args);
  const login = await commandLogin(ctx, flags);
  const header = jobHeader(job, what, toCoveOptions(flags, "run"), login);
  const journal = await RunJournal.fromFlags(flags, header, ctx.writer);
  const options = await commandOptions(ctx, flags, "run");
  await checkJournalHub(journal, options);
  const sharded = await planShard(options, flags, header, journal);
  const format = resolveFormat(flags, ctx.stdout.isTTY === true);
  const restoreConsole = routeConsoleToStderr(ctx);
  const unwatch = reportStrayErrors(ctx, modulePath);
  const { task, close } = await moduleTask(ctx, modulePath, args, flags);
  try {
    ctx.setCode(
      await drive({
        command: "run",
        what,
        task,
        options: sharded.options,
        header,
        manifest: sharded.manifest,
        flags,
        format,
        ctx,
        journal,
      }),
    );
  } finally {
    await close();
    unwatch();
    restoreConsole();
  }
}

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
    .action((modulePath: string, args: string[], flags: RunFlags) =>
      runAction(ctx, modulePath, args, flags),
    );
}
