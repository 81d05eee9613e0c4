import { Command } from "commander";
import { registerDemoCommand } from "./commands/demo.js";
import { registerDiffCommand } from "./commands/diff.js";
import { registerExecCommand } from "./commands/exec.js";
import { registerMergeCommand } from "./commands/merge.js";
import { addReportCommand } from "./commands/report.js";
import { examples } from "./commands/help.js";
import { registerRunCommand } from "./commands/run.js";
import { registerTargetsCommand } from "./commands/targets.js";
import type { CliContext } from "./context.js";
import { colourWanted } from "./output/colour.js";
import { botocoveVersion } from "./version.js";

/** Commander's error text as one `cove: error: …` line. */
function oneLineError(text: string, write: (text: string) => void): void {
  write(`cove: ${text.replace(/\s*\n\s*/g, " ").trim()}\n`);
}

/** The `cove` program with its commands; each command's exit code goes to `ctx.setCode`. */
export function createProgram(ctx: CliContext): Command {
  const program = new Command("cove")
    .description(
      "Run a command or a function in many AWS accounts (by account id, OU, root or whole organization) and regions at once.",
    )
    .version(botocoveVersion(), "-V, --version")
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => ctx.stdout.write(text),
      writeErr: (text) => ctx.stderr.write(text),
      outputError: oneLineError,
      // Commander's own default off a terminal: 80 columns.
      getOutHelpWidth: () => (ctx.stdout.isTTY && ctx.stdout.columns) || 80,
      getErrHelpWidth: () => (ctx.stderr.isTTY && ctx.stderr.columns) || 80,
      getOutHasColors: () => colourWanted(ctx.stdout, ctx.env),
      getErrHasColors: () => colourWanted(ctx.stderr, ctx.env),
    })
    .showSuggestionAfterError(true)
    .addHelpText(
      "after",
      examples([
        "cove targets -t ou-ab12-34cd5678 --regions eu-west-1,us-east-1   # what would run (no role assumed)",
        "cove exec -t ou-ab12-34cd5678 -- aws s3 ls                        # a command in every account",
        "cove run audit.ts --export listUsers -o ndjson -- /admins/        # a function of a module",
        "cove demo                                                         # everything against a local AWS (no setup)",
        "cove report run.ndjson -o report.html                              # a page of a run's records",
        "cove diff last-week.ndjson this-week.ndjson                        # what changed between two runs",
        "",
        "Exit codes: 0 every run succeeded, 1 some run failed or output could not be written,",
        "2 bad usage or setup, 130 interrupted (143 SIGTERM, 129 SIGHUP), 141 stdout closed (| head).",
      ]),
    );
  registerTargetsCommand(program, ctx);
  registerExecCommand(program, ctx);
  registerRunCommand(program, ctx);
  registerDemoCommand(program, ctx);
  addReportCommand(program, ctx);
  registerMergeCommand(program, ctx);
  registerDiffCommand(program, ctx);
  return program;
}
