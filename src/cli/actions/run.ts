import { toCoveOptions } from "../args.js";
import { commandLogin, commandOptions, withJournalHub } from "../command-options.js";
import { resolveFormat, type CommonFlags } from "../common-flags.js";
import type { CliContext } from "../context.js";
import { drive } from "../drive/drive.js";
import { reportStrayErrors, routeConsoleToStderr } from "../run-guards.js";
import { importModule, pickExport } from "../run-module.js";
import { startModuleWorkers } from "../run-workers.js";
import { defaultWorkers } from "../../workers/threads.js";
import type { CoveSession } from "../../index.js";
import { openJournal } from "../journal/flags.js";
import { jobHeader, runIdentity } from "../job/header.js";
import type { JournalFlags } from "../journal/journal.js";
import { planShard } from "../journal/manifest.js";
import { checkDistinctFiles } from "../same-file.js";

/** Flags of `cove run`. */
export type RunFlags = Record<string, unknown> &
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

/** `cove run MODULE`: runs the module's function in every account × region. */
export async function runAction(
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
  const journal = await openJournal(flags, header, ctx.writer, ctx.onExit);
  const options = withJournalHub(await commandOptions(ctx, flags, "run"), journal);
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
