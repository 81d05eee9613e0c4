import { Option, type Command } from "commander";
import type { MergeFlags } from "../actions/merge.js";
import { sortOption } from "../common-flags.js";
import type { CliContext } from "../context.js";
import { checkReportPath } from "../report/flags.js";
import { examples } from "./help.js";

/** `cove merge FILE... [-o FORMAT] [--out FILE] [--allow-partial]`. */
export function registerMergeCommand(program: Command, ctx: CliContext): void {
  program
    .command("merge")
    .summary("merge the shards of one job into one output, after checking that none is missing")
    .description(
      "Read the journals or -o ndjson outputs of the shards of one job (cove exec/run --shard) and write the whole job's " +
        "records: the latest record per account × region wins. First checks that the files are of one job (else exit 2), " +
        "and that every shard is there, of the same count and target set, with a record for every account × region of " +
        "the target set: if not, the list of what is missing goes to stderr, nothing is written (unless --allow-partial) " +
        "and the exit code is 1. Otherwise it exits like exec and run: 0 when every record is a Result, 1 when any failed.",
    )
    .argument("<files...>", "the shards' journals or -o ndjson outputs")
    .addOption(
      new Option("-o, --output <format>", "table, json, ndjson or csv")
        .choices(["table", "json", "ndjson", "csv"])
        .default("ndjson"),
    )
    .addOption(
      new Option(
        "--out <file>",
        "write to FILE (replaced when complete) instead of stdout",
      ).argParser((path: string) => checkReportPath(path)),
    )
    .addOption(
      new Option(
        "--targets <file>",
        "check against this target list (cove targets -o json, as a Step Functions Distributed Map read it) instead of shard manifests",
      ),
    )
    .addOption(
      new Option(
        "--allow-partial",
        "write what there is even when the job is incomplete (still exit 1)",
      ),
    )
    .addOption(sortOption())
    .addOption(new Option("-q, --quiet", "no summary line on stderr"))
    .addOption(new Option("--debug", "print stack traces of errors"))
    .addHelpText(
      "after",
      examples([
        "cove merge shard-*.ndjson --out all.ndjson && cove report all.ndjson -o all.html",
        "cove merge journals/*.ndjson -o csv --out all.csv --allow-partial",
        "cove merge --targets targets.json results/*/SUCCEEDED_*.jsonl --out all.ndjson   # Step Functions",
      ]),
    )
    .action(async (files: string[], flags: MergeFlags) => {
      const { mergeAction } = await import("../actions/merge.js");
      ctx.setCode(await mergeAction(ctx, files, flags));
    });
}
