import { toCoveOptions } from "../args.js";
import { commandLogin, commandOptions, withJournalHub } from "../command-options.js";
import { resolveFormat, type CommonFlags } from "../common-flags.js";
import type { CliContext } from "../context.js";
import { drive } from "../drive/drive.js";
import { UsageError } from "../errors.js";
import { checkCommand, execResultText } from "../exec/command.js";
import { execTask } from "../exec/task.js";
import { ChildTracker } from "../exec/tracker.js";
import { WriteFailures } from "../output/failures.js";
import { shellLine } from "../shell.js";
import { openJournal } from "../journal/flags.js";
import { execIdentity, jobHeader } from "../job/header.js";
import type { JournalFlags } from "../journal/journal.js";
import { planShard } from "../journal/manifest.js";
import { checkDistinctFiles } from "../same-file.js";

/** Flags of `cove exec`. */
export type ExecFlags = Record<string, unknown> &
  CommonFlags &
  JournalFlags & { stdoutJson?: boolean };

/** `cove exec -- COMMAND …`: runs the command in every account × region. */
export async function execAction(ctx: CliContext, argv: string[], flags: ExecFlags): Promise<void> {
  const [command] = argv;
  if (command === undefined)
    throw new UsageError(
      "exec needs a command after --, e.g. cove exec -- aws sts get-caller-identity",
    );
  checkDistinctFiles(flags);
  checkCommand(command, ctx.env);
  const { secrets } = ctx;
  const what = shellLine(argv);
  const stdoutJson = flags.stdoutJson === true;
  const login = await commandLogin(ctx, flags);
  const header = jobHeader(
    execIdentity(argv, stdoutJson),
    what,
    toCoveOptions(flags, "run"),
    login,
  );
  const journal = await openJournal(flags, header, ctx.writer, ctx.onExit);
  const options = withJournalHub(await commandOptions(ctx, flags, "run"), journal);
  const tracker = new ChildTracker(ctx.onExit);
  const failures = new WriteFailures(ctx.writer);
  const onFileError = (path: string, error: unknown) => failures.file(path, error);
  const sharded = await planShard(options, flags, header, journal);
  try {
    ctx.setCode(
      await drive({
        command: "exec",
        what,
        task: execTask({
          argv,
          outDir: flags.outDir,
          stdoutJson,
          secrets,
          tracker,
          env: ctx.env,
          onFileError,
        }),
        options: sharded.options,
        header,
        manifest: sharded.manifest,
        flags,
        format: resolveFormat(flags, ctx.stdout.isTTY === true),
        ctx,
        resultText: execResultText,
        settle: () => tracker.drain(5000),
        kill: () => tracker.killNow(),
        failures,
        journal,
      }),
    );
  } finally {
    tracker.dispose();
  }
}
