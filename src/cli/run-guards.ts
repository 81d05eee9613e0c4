import { Console } from "node:console";
import { Writable } from "node:stream";
import { errorLine } from "./errors.js";
import type { Secrets } from "./redact.js";
import { say } from "./say.js";

/**
 * `console.log` / `console.error` of a `cove run` module go to stderr, redacted: stdout carries
 * the records (ndjson must stay one record per line) and a logged credential must not leak.
 */
export function routeConsoleToStderr(secrets: Secrets): void {
  const stderr = new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, done) {
      process.stderr.write(secrets.scrub(String(chunk)));
      done();
    },
  });
  const console = new Console({ stdout: stderr, stderr, colorMode: process.stderr.isTTY === true });
  Object.defineProperty(globalThis, "console", {
    value: console,
    writable: true,
    configurable: true,
  });
}

/**
 * A promise of the module's code rejected with nothing to handle it, or an exception thrown
 * where nothing catches it (a timer, an event): Node would end the process and print the
 * value as is (a credential in its message included). Each is reported on stderr, redacted,
 * and the runs go on; the run it came from, if any, ends on its own terms.
 */
export function reportStrayErrors(secrets: Secrets, modulePath: string): void {
  process.on("unhandledRejection", (reason) =>
    say(
      secrets,
      `cove: warning: a promise of ${modulePath} was rejected and nothing handled it (ignored): ${errorLine(reason)}`,
    ),
  );
  process.on("uncaughtException", (error) =>
    say(
      secrets,
      `cove: warning: ${modulePath} threw where nothing catches it (ignored): ${errorLine(error)}`,
    ),
  );
}
