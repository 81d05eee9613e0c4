import { Option, type Command } from "commander";
import { demoResultText, runDemo } from "../../demo/run.js";
import { reportOption } from "../report/hook.js";
import { outputOption, type CommonFlags } from "../common-flags.js";
import type { CliContext } from "../context.js";
import { drive } from "../drive/drive.js";
import { EXIT } from "../errors.js";
import { listSummary } from "../output/text.js";
import { examples } from "./help.js";

type DemoFlags = CommonFlags & { report?: string };

/**
 * Runs the demo's function like `cove run` does (`drive`: records, report, Ctrl-C), without
 * a question; ends with its one-line summary and exit code 0: its failures are deliberate.
 */
function demoAction(ctx: CliContext, flags: DemoFlags): Promise<number> {
  const quiet = flags.quiet === true;
  const started = Date.now();
  return runDemo({
    quiet,
    stderr: ctx.stderr,
    run: (task, options) =>
      drive({
        command: "demo",
        what: "the demo function",
        task,
        options,
        flags: { ...flags, yes: true },
        // The demo is for reading: a table unless another format is asked for.
        format: flags.output ?? "table",
        ctx,
        resultText: demoResultText,
        summary: (counts) => {
          const seconds = ((Date.now() - started) / 1000).toFixed(1);
          return { line: `cove demo: ${listSummary(counts)} (${seconds} s).`, code: EXIT.OK };
        },
      }),
  });
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
    .action(async (flags: DemoFlags) => ctx.setCode(await demoAction(ctx, flags)));
}
