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
 * The process's end, however it comes: its `exit` event, or a stop signal that nothing else
 * handles (Node would die by it without an `exit` event). Then the listeners run (a journal's
 * lock is removed) and the process dies by that signal as it would have, so its parent sees
 * the same end. While the run's own handler listens (`onSignal`), the run decides: it exits,
 * and the `exit` event runs the listeners.
 */
function processExits(): Subscribe<() => void> {
  const listeners = new Set<() => void>();
  const runAll = () => {
    for (const listener of [...listeners]) listener();
  };
  const onStopSignal = (signal: NodeJS.Signals) => {
    if (process.listenerCount(signal) > 1) return;
    runAll();
    stopListening();
    process.kill(process.pid, signal); // the default action, now that no listener is left
  };
  const stopListening = () => {
    process.off("exit", runAll);
    for (const signal of STOP_SIGNALS) process.off(signal, onStopSignal);
  };
  return (listener) => {
    if (listeners.size === 0) {
      process.on("exit", runAll);
      for (const signal of STOP_SIGNALS) process.on(signal, onStopSignal);
    }
    listeners.add(listener);
    return () => {
      if (!listeners.delete(listener) || listeners.size > 0) return;
      stopListening();
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
    onExit: processExits(),
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
