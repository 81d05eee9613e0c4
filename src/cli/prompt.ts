import { createInterface } from "node:readline";

/** Whether the command may ask: stdin and stderr are both terminals. */
export function canPrompt(): boolean {
  return process.stdin.isTTY === true && process.stderr.isTTY === true;
}

/**
 * Asks a yes/no question on stderr and reads the answer from stdin. Only `y` or `yes`
 * (any case) is yes; end of input is no; Ctrl-C is `interrupted`.
 */
export function confirm(question: string): Promise<"yes" | "no" | "interrupted"> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    let answered = false;
    const done = (answer: "yes" | "no" | "interrupted") => {
      if (answered) return;
      answered = true;
      rl.close();
      resolve(answer);
    };
    rl.on("SIGINT", () => {
      process.stderr.write("\n");
      done("interrupted");
    });
    rl.on("close", () => done("no"));
    rl.question(question, (answer) => done(/^\s*y(es)?\s*$/i.test(answer) ? "yes" : "no"));
  });
}
