import type { CliWorld } from "./cli.js";
import type { CliContext, StopSignal, Subscribe } from "./context.js";
import { EXIT } from "./errors.js";
import { ioReason } from "./output/failures.js";
import { RedactingWriter } from "./output/redacting.js";
import type { Secrets } from "./redact.js";

const STOP_SIGNALS: readonly StopSignal[] = ["SIGINT", "SIGTERM", "SIGHUP"];

/** Listens to `events` of the process while subscribed. */
function processEvents<Listener extends (...args: never[]) => void>(
  events: readonly string[],
): Subscribe<Listener> {
  return (listener) => {
    const handler = listener as unknown as (...args: unknown[]) => void;
    for (const event of events) process.on(event, handler);
    return () => {
      for (const event of events) process.off(event, handler);
    };
  };
}

/**
 * stdout's `error` events: during a run the run takes them; else a closed pipe
 * (`cove targets | head`) ends the process silently as a broken pipe (141), and any other
 * failure says one line and exits 1.
 */
function stdoutErrors(writer: RedactingWriter): CliContext["routeStdoutErrors"] {
  let route: ((error: NodeJS.ErrnoException) => void) | undefined;
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (route) return route(error);
    if (error.code === "EPIPE") process.exit(EXIT.BROKEN_PIPE);
    writer.say(`cove: error: could not write to stdout: ${ioReason(error)}`);
    process.exit(EXIT.FAILED);
  });
  return (handler) => {
    route = handler;
    return () => {
      if (route === handler) route = undefined;
    };
  };
}

/**
 * The context of the `cove` process: its streams, `env` (the environment as the user gave
 * it), folder, arguments and signals.
 */
export function processContext(secrets: Secrets, env: NodeJS.ProcessEnv): CliWorld {
  const writer = new RedactingWriter(secrets, process.stderr);
  // stderr is where the CLI reports; when it cannot be written (a closed terminal after SIGHUP,
  // a closed pipe), there is nowhere left to say so, and the run goes on to its end.
  process.stderr.on("error", () => undefined);
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env,
    cwd: process.cwd(),
    argv: process.argv.slice(2),
    secrets,
    writer,
    exit: (code) => process.exit(code),
    onSignal: processEvents(STOP_SIGNALS),
    onIdle: processEvents(["beforeExit"]),
    onExit: processEvents(["exit"]),
    onStrayError: (listener) => {
      const rejection = (reason: unknown) => listener("rejection", reason);
      const exception = (error: unknown) => listener("exception", error);
      process.on("unhandledRejection", rejection);
      process.on("uncaughtException", exception);
      return () => {
        process.off("unhandledRejection", rejection);
        process.off("uncaughtException", exception);
      };
    },
    routeStdoutErrors: stdoutErrors(writer),
    replaceConsole: (console) => {
      const previous = globalThis.console;
      const set = (value: Console) =>
        Object.defineProperty(globalThis, "console", { value, writable: true, configurable: true });
      set(console);
      return () => set(previous);
    },
  };
}
