import type { Command } from "commander";
import { addOptionFlags, toCoveOptions } from "../args.js";
import { checkJournalHub, commandLogin, commandOptions } from "../command-options.js";
import { addCommonFlags, resolveFormat, sortOption, type CommonFlags } from "../common-flags.js";
import type { CliContext } from "../context.js";
import { drive } from "../drive/drive.js";
import { UsageError } from "../errors.js";
import { checkCommand, execResultText } from "../exec/command.js";
import { execTask } from "../exec/task.js";
import { ChildTracker } from "../exec/tracker.js";
import { WriteFailures } from "../output/failures.js";
import { shellLine } from "../shell.js";
import { reportBaselineOption } from "../report/baseline.js";
import { reportOption } from "../report/hook.js";
import { addJournalFlags } from "../journal/flags.js";
import { execIdentity, jobHeader } from "../job/header.js";
import { RunJournal, type JournalFlags } from "../journal/journal.js";
import { planShard } from "../journal/manifest.js";
import { checkDistinctFiles } from "../same-file.js";
import { examples } from "./help.js";

/** Runs the command in every account × region. */
async function execAction(
  ctx: CliContext,
  argv: string[],
  flags: Record<string, unknown> & CommonFlags & JournalFlags & { stdoutJson?: boolean },
): Promise<void> {
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
  const journal = await RunJournal.fromFlags(flags, header, ctx.writer);
  const options = await commandOptions(ctx, flags, "run");
  await checkJournalHub(journal, options);
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

/** `cove exec -- COMMAND …`. */
export function registerExecCommand(program: Command, ctx: CliContext): void {
  const command = program
    .command("exec")
    .summary("run a command in every account × region, as the assumed role")
    .description(
      "Run a command once per account × region with the assumed role's credentials in its environment " +
        "(AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_REGION, AWS_DEFAULT_REGION, AWS_ACCOUNT_ID, COVE_ACCOUNT_NAME; " +
        "never in argv; AWS_PROFILE and every other way to the hub's credentials removed, AWS_EC2_METADATA_DISABLED=true). {account}, {region} and {name} in the command are replaced. A non-zero exit is an Exception. " +
        "The commands run in child processes, so exec needs no --workers (that is for cove run).",
    )
    .argument("<command...>", "the command and its arguments, after --")
    .usage("[options] -- COMMAND [ARGS...]")
    .passThroughOptions();
  addJournalFlags(addCommonFlags(addOptionFlags(command, "run", ctx.env), true))
    .addOption(reportOption())
    .addOption(reportBaselineOption())
    .addOption(sortOption())
    .option(
      "--stdout-json",
      "when a command's stdout is one JSON document, keep it parsed in the record (Result.stdout), in every output format, the journal and the report; other output stays text",
    )
    .addHelpText(
      "after",
      examples([
        "cove exec -t ou-ab12-34cd5678 -- aws sts get-caller-identity",
        "cove exec --regions eu-west-1,us-east-1 -o ndjson -- aws ec2 describe-vpcs --output json",
        "cove exec -o json --stdout-json -- aws sts get-caller-identity | jq '.Results[].Result.stdout.Arn'",
        "cove exec --out-dir out -- sh -c 'aws s3 ls > /dev/null && echo ok'",
        "cove exec -- aws s3 cp s3://my-bucket-{account}-{region}/report.csv ./{name}-{region}.csv",
        "cove exec --yes --fail-fast -t 111122223333,444455556666 -- ./check.sh",
        "cove exec --journal fix.ndjson -- ./fix.sh   # stopped part-way? cove exec --resume fix.ndjson -- ./fix.sh",
      ]),
    )
    .action((argv: string[], flags: Record<string, unknown> & CommonFlags & JournalFlags) =>
      execAction(ctx, argv, flags),
    );
}
