import { Option, type Command } from "commander";
import type { DemoFlags } from "../actions/demo.js";
import { outputOption } from "../common-flags.js";
import type { CliContext } from "../context.js";
import { reportOption } from "../report/flags.js";
import { examples } from "./help.js";

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
    .action(async (flags: DemoFlags) => {
      const { demoAction } = await import("../actions/demo.js");
      ctx.setCode(await demoAction(ctx, flags));
    });
}
