import { CommanderError } from "commander";
import { debugRequested } from "./common-flags.js";
import type { CliContext } from "./context.js";
import { environmentSecrets } from "./env-secrets.js";
import { debugText, errorLine, EXIT } from "./errors.js";
import { createProgram } from "./program.js";

/** What a `cove` command is run in: everything of its context but the exit code. */
export type CliWorld = Omit<CliContext, "setCode">;

function isCommanderError(error: unknown): error is CommanderError {
  try {
    return error instanceof CommanderError;
  } catch {
    return false;
  }
}

/**
 * Runs `cove` with `argv` (without node and the script) in `world` and returns the exit code.
 * The credentials the environment hands the process are secrets from the start.
 */
export async function runCli(argv: readonly string[], world: CliWorld): Promise<number> {
  let code: number = EXIT.OK;
  const ctx: CliContext = { ...world, setCode: (c) => (code = c) };
  ctx.secrets.add(...environmentSecrets(ctx.env));
  const program = createProgram(ctx);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return code;
  } catch (error) {
    if (isCommanderError(error)) return error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    ctx.writer.say(`cove: error: ${errorLine(error)}`);
    if (debugRequested([...argv])) ctx.writer.say(debugText(error));
    return EXIT.USAGE;
  }
}
