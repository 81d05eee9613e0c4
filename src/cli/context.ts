import type { Secrets } from "./redact.js";
import type { RedactingWriter } from "./output/redacting.js";

/** The signals the CLI stops on. */
export type StopSignal = "SIGINT" | "SIGTERM" | "SIGHUP";

/** A stream the CLI writes to, with what is known of its terminal. */
export interface OutStream extends NodeJS.WritableStream {
  /** Whether it is a terminal. */
  isTTY?: boolean | undefined;
  /** Its width, on a terminal. */
  columns?: number | undefined;
}

/** The stream the CLI reads (answers to its question, `cove report -`). */
export interface InStream extends NodeJS.ReadableStream {
  /** Whether it is a terminal. */
  isTTY?: boolean | undefined;
}

/** Takes an event of the process; the returned function stops listening. */
export type Subscribe<Listener> = (listener: Listener) => () => void;

/**
 * Everything the `cove` command reaches of the world outside it (like `gh`'s IOStreams): its
 * streams, environment, folder, exit code and signals. `main.ts` builds it from `process`
 * (`processContext`), a test from memory (`test/cli/in-process.ts`): no other CLI module
 * touches `process`.
 */
export interface CliContext {
  /** Where answers and `cove report -` come from. */
  stdin: InStream;
  /** Where records go. */
  stdout: OutStream;
  /** Where the CLI talks: progress, warnings, errors. */
  stderr: OutStream;
  /** The environment as the user gave it (what `cove exec` commands inherit). */
  env: NodeJS.ProcessEnv;
  /** The folder relative paths start from. */
  cwd: string;
  /** cove's own arguments (after node and the script), for the hint after Ctrl-C. */
  argv: readonly string[];
  /** Every secret the process holds; each text it writes is scrubbed of them. */
  secrets: Secrets;
  /** The one writer that redacts: every text and record the CLI writes goes through it. */
  writer: RedactingWriter;
  /** Receives the command's exit code. */
  setCode(code: number): void;
  /** Ends the command at once with `code` (a second Ctrl-C, a run that cannot be ended). */
  exit(code: number): void;
  /** Ctrl-C, SIGTERM and SIGHUP while listened to (each stops the run instead of the process). */
  onSignal: Subscribe<(signal: StopSignal) => void>;
  /** Nothing is left to wait for (Node's `beforeExit`): a run whose promise never settles. */
  onIdle: Subscribe<() => void>;
  /**
   * The process exits, however it exits (to kill what it started, to remove a journal's lock):
   * its `exit`, or a stop signal that no `onSignal` listener takes (then the process still
   * dies by that signal, after the listeners).
   */
  onExit: Subscribe<() => void>;
  /** A rejection nothing handled, or an exception nothing caught (from a `cove run` module). */
  onStrayError: Subscribe<(kind: "rejection" | "exception", value: unknown) => void>;
  /** stdout's write errors (a closed pipe) go to `handler` until the returned function is called. */
  routeStdoutErrors: Subscribe<(error: NodeJS.ErrnoException) => void>;
  /** Replaces the global `console` (for a `cove run` module) until the returned function is called. */
  replaceConsole(console: Console): () => void;
}
