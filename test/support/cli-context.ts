import { EventEmitter } from "node:events";
import { PassThrough, Readable } from "node:stream";
import type { CliWorld } from "../../src/cli/cli.js";
import type { CliContext, OutStream, StopSignal, Subscribe } from "../../src/cli/context.js";
import { RedactingWriter } from "../../src/cli/output/redacting.js";
import { Secrets } from "../../src/cli/redact.js";

/** Which streams of a test context are terminals (default: none), and their width. */
export interface TestTty {
  stdin?: boolean;
  stdout?: boolean;
  stderr?: boolean;
  columns?: number;
}

/** How a test context is built. */
export interface TestWorldOptions {
  env?: NodeJS.ProcessEnv;
  /** What stdin holds (default: nothing). */
  input?: string;
  cwd?: string;
  argv?: readonly string[];
  tty?: TestTty;
  secrets?: Secrets;
}

/** A stream captured in memory, `isTTY` as asked; `seen` fires on each chunk. */
function captured(tty: boolean, columns: number | undefined) {
  const stream = new PassThrough() as PassThrough & OutStream;
  if (tty) stream.isTTY = true;
  if (columns !== undefined) stream.columns = columns;
  let text = "";
  const seen = new EventEmitter();
  stream.on("data", (chunk: Buffer) => {
    text += chunk.toString();
    seen.emit("data");
  });
  return { stream, text: () => text, seen };
}

/** An event of the context that the test fires. */
function testEvent<Listener extends (...args: never[]) => void>() {
  const listeners = new Set<Listener>();
  const subscribe: Subscribe<Listener> = (listener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
  return { subscribe, listeners };
}

/** A CLI context on in-memory streams, with handles to what it wrote and to fire its events. */
export interface TestWorld {
  world: CliWorld;
  stdout(): string;
  stderr(): string;
  /** Fire each chunk written to stderr, stdout. */
  stderrSeen: EventEmitter;
  stdoutSeen: EventEmitter;
  /** Sends a stop signal to whoever listens (a run in progress). */
  signal(signal: StopSignal): void;
  /** Calls the process-exit listeners (as the process's end would). */
  exitProcess(): void;
  /** Resolves with the code of the first `exit` call. */
  exited: Promise<number>;
}

/** A CLI context (all but `setCode`) built from memory instead of `process`. */
export function testWorld(options: TestWorldOptions = {}): TestWorld {
  const tty = options.tty ?? {};
  const stdout = captured(tty.stdout === true, tty.columns);
  const stderr = captured(tty.stderr === true, tty.columns);
  const stdin = Readable.from(options.input === undefined ? [] : [options.input]) as Readable & {
    isTTY?: boolean;
  };
  if (tty.stdin) stdin.isTTY = true;
  const signals = testEvent<(signal: StopSignal) => void>();
  const exits = testEvent<() => void>();
  let exitWith: (code: number) => void = () => undefined;
  const exited = new Promise<number>((resolve) => (exitWith = resolve));
  const secrets = options.secrets ?? new Secrets();
  const world: CliWorld = {
    stdin,
    stdout: stdout.stream,
    stderr: stderr.stream,
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    argv: options.argv ?? [],
    secrets,
    writer: new RedactingWriter(secrets, stderr.stream),
    exit: (code) => exitWith(code),
    onSignal: signals.subscribe,
    onIdle: () => () => undefined,
    onExit: exits.subscribe,
    onStrayError: () => () => undefined,
    routeStdoutErrors: () => () => undefined,
    replaceConsole: (console) => {
      const previous = globalThis.console;
      globalThis.console = console;
      return () => (globalThis.console = previous);
    },
  };
  return {
    world,
    stdout: stdout.text,
    stderr: stderr.text,
    stderrSeen: stderr.seen,
    stdoutSeen: stdout.seen,
    signal: (signal) => {
      for (const listener of signals.listeners) listener(signal);
    },
    exitProcess: () => {
      for (const listener of exits.listeners) listener();
    },
    exited,
  };
}

/** A full test context: `setCode` keeps the code in `code()`. */
export function testContext(options: TestWorldOptions = {}): TestWorld & {
  ctx: CliContext;
  code(): number | undefined;
} {
  const t = testWorld(options);
  let code: number | undefined;
  return { ...t, ctx: { ...t.world, setCode: (c) => (code = c) }, code: () => code };
}
