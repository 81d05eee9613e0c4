import { createInterface } from "node:readline";
import type { CliContext } from "./context.js";

/** Whether the command may ask: stdin and stderr are both terminals. */
export function canPrompt(ctx: CliContext): boolean {
  return ctx.stdin.isTTY === true && ctx.stderr.isTTY === true;
}

/**
 * Asks a yes/no question on stderr and reads the answer from stdin. Only `y` or `yes`
 * (any case) is yes; end of input is no; Ctrl-C is `interrupted`.
 */
export function confirm(ctx: CliContext, question: string): Promise<"yes" | "no" | "interrupted"> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: ctx.stdin, output: ctx.stderr, terminal: true });
    let answered = false;
    const done = (answer: "yes" | "no" | "interrupted") => {
      if (answered) return;
      answered = true;
      rl.close();
      resolve(answer);
    };
    rl.on("SIGINT", () => {
      ctx.stderr.write("\n");
      done("interrupted");
    });
    rl.on("close", () => done("no"));
    rl.question(question, (answer) => done(/^\s*y(es)?\s*$/i.test(answer) ? "yes" : "no"));
  });
}
