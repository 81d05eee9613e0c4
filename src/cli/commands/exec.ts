import type { Command } from "commander";
import type { ExecFlags } from "../actions/exec.js";
import { addOptionFlags } from "../args.js";
import { addCommonFlags, sortOption } from "../common-flags.js";
import type { CliContext } from "../context.js";
import { addJournalFlags } from "../journal/flags.js";
import { reportBaselineOption, reportOption } from "../report/flags.js";
import { examples } from "./help.js";

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
    .action(async (argv: string[], flags: ExecFlags) => {
      const { execAction } = await import("../actions/exec.js");
      await execAction(ctx, argv, flags);
    });
}
