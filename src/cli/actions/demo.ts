import { demoResultText, runDemo } from "../../demo/run.js";
import type { CommonFlags } from "../common-flags.js";
import type { CliContext } from "../context.js";
import { drive } from "../drive/drive.js";
import { EXIT } from "../errors.js";
import { listSummary } from "../output/text.js";

/** Flags of `cove demo`. */
export type DemoFlags = CommonFlags & { report?: string };

/**
 * Runs the demo's function like `cove run` does (`drive`: records, report, Ctrl-C), without
 * a question; ends with its one-line summary and exit code 0: its failures are deliberate.
 */
export function demoAction(ctx: CliContext, flags: DemoFlags): Promise<number> {
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
