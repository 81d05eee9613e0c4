import { Console } from "node:console";
import { Writable } from "node:stream";
import type { CliContext } from "./context.js";
import { errorLine } from "./errors.js";

/**
 * `console.log` / `console.error` of a `cove run` module go to stderr, redacted: stdout carries
 * the records (ndjson must stay one record per line) and a logged credential must not leak.
 * Returns what puts the console back.
 */
export function routeConsoleToStderr(ctx: CliContext): () => void {
  const stderr = new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, done) {
      ctx.stderr.write(ctx.writer.text(String(chunk)));
      done();
    },
  });
  return ctx.replaceConsole(
    new Console({ stdout: stderr, stderr, colorMode: ctx.stderr.isTTY === true }),
  );
}

/**
 * A promise of the module's code rejected with nothing to handle it, or an exception thrown
 * where nothing catches it (a timer, an event): Node would end the process and print the
 * value as is (a credential in its message included). Each is reported on stderr, redacted,
 * and the runs go on; the run it came from, if any, ends on its own terms. Returns what stops
 * listening.
 */
export function reportStrayErrors(ctx: CliContext, modulePath: string): () => void {
  return ctx.onStrayError((kind, value) =>
    ctx.writer.say(
      kind === "rejection"
        ? `cove: warning: a promise of ${modulePath} was rejected and nothing handled it (ignored): ${errorLine(value)}`
        : `cove: warning: ${modulePath} threw where nothing catches it (ignored): ${errorLine(value)}`,
    ),
  );
}
