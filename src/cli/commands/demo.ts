import { Option, type Command } from "commander";
import { DEMO_REGIONS, demoResultText, runDemo, type DemoResult } from "../../demo/run.js";
import { RunReport, reportOption } from "../report/hook.js";
import type { CoveEvent } from "../../index.js";
import { outputOption, type CommonFlags, type Format } from "../common-flags.js";
import type { CliContext } from "../context.js";
import { colourWanted } from "../output/colour.js";
import { RecordSink } from "../output/sink.js";
import { listSummary } from "../output/text.js";
import { examples } from "./help.js";

/** Writes the demo's records like `cove run` does, then its one-line summary. */
function demoWriter(ctx: CliContext, format: Format, quiet: boolean, reportPath?: string) {
  return async (events: AsyncIterable<CoveEvent<DemoResult>>) => {
    const started = Date.now();
    const report = RunReport.start({
      command: "demo",
      what: "the demo function",
      options: { regions: [...DEMO_REGIONS] },
      secrets: ctx.secrets,
      flags: { report: reportPath, quiet },
    });
    const sink = new RecordSink({
      format,
      secrets: ctx.secrets,
      stdout: process.stdout,
      width: process.stdout.columns,
      colour: colourWanted(process.stdout),
      resultText: demoResultText,
      ...(report ? { taps: [report] } : {}),
    });
    for await (const event of events) await sink.add(event);
    await sink.finish();
    if (!quiet) {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      process.stderr.write(`cove demo: ${listSummary(sink.counts)} (${seconds} s).\n`);
    }
  };
}

/** `cove demo`: the embedded default, against moto_server or cove's own simulator. */
export function registerDemoCommand(program: Command, ctx: CliContext): void {
  program
    .command("demo")
    .summary("see it all work against a local AWS and an example organization")
    .description(
      "Start a local AWS stand-in holding an example organization of 30 accounts in nested OUs, and run a cove " +
        "function across it in two regions. The stand-in is moto_server when it is on PATH, else cove's own AWS " +
        "simulator (STS and Organizations): nothing to install, nothing leaves the machine.",
    )
    .addOption(outputOption())
    .addOption(
      new Option("-q, --quiet", "no progress bar or narration on stderr").helpGroup("Output:"),
    )
    .addOption(new Option("--debug", "print stack traces of errors").helpGroup("Output:"))
    .addOption(reportOption())
    .addHelpText(
      "after",
      examples([
        "cove demo",
        "npm run demo",
        "cove demo -o json | jq '.Results | length'",
        "cove demo --report demo.html   # and open demo.html in a browser",
      ]),
    )
    .action(async (flags: CommonFlags & { report?: string }) => {
      const quiet = flags.quiet === true;
      // The demo is for reading: a table unless another format is asked for.
      const consume = demoWriter(ctx, flags.output ?? "table", quiet, flags.report);
      // The report groups accounts by OU path.
      ctx.setCode(await runDemo({ quiet, consume, ouPaths: flags.report !== undefined }));
    });
}
