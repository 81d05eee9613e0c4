#!/usr/bin/env node
import "./sdk-env.js";
import { CommanderError } from "commander";
import { debugRequested } from "./common-flags.js";
import { environmentSecrets } from "./env-secrets.js";
import { debugText, errorLine, EXIT } from "./errors.js";
import { onStdoutError } from "./output/stdout.js";
import { createProgram } from "./program.js";
import { Secrets } from "./redact.js";

/** Credentials seen by this process; every text the CLI writes is scrubbed of them. */
const secrets = new Secrets();
secrets.add(...environmentSecrets());

function isCommanderError(error: unknown): error is CommanderError {
  try {
    return error instanceof CommanderError;
  } catch {
    return false;
  }
}

/** Runs the CLI with `argv` (without node and the script) and returns the exit code. */
async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.OK;
  const program = createProgram({ secrets, setCode: (c) => (code = c) });
  try {
    await program.parseAsync(argv, { from: "user" });
    return code;
  } catch (error) {
    if (isCommanderError(error)) return error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    process.stderr.write(secrets.scrub(`cove: error: ${errorLine(error)}\n`));
    if (debugRequested(argv)) process.stderr.write(secrets.scrub(`${debugText(error)}\n`));
    return EXIT.USAGE;
  }
}

process.stdout.on("error", (error: NodeJS.ErrnoException) => onStdoutError(error, secrets));
// stderr is where the CLI reports; when it cannot be written (a closed terminal after SIGHUP,
// a closed pipe), there is nowhere left to say so, and the run goes on to its end.
process.stderr.on("error", () => undefined);

const code = await main(process.argv.slice(2));
process.exit(code);
