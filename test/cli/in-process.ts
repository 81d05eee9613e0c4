import { runCli as runCove } from "../../src/cli/cli.js";
import type { StopSignal } from "../../src/cli/context.js";
import { setSdkDefaults } from "../../src/cli/sdk-env.js";
import { testWorld, type TestTty } from "../support/cli-context.js";
import { ROOT, type CliRun } from "./helpers.js";

/** How an in-process `cove` is run. */
export interface InProcessOptions {
  /** The environment it runs in (the SDK sees it as `process.env` while it runs). */
  env: NodeJS.ProcessEnv;
  /** What stdin holds (default: nothing). */
  input?: string;
  /** Its folder (default: the repository); the process's while it runs. */
  cwd?: string;
  /** Which streams are terminals (default: none), and their width. */
  tty?: TestTty;
}

/** A `cove` running in this process. */
export interface InProcessCli {
  /** stdout so far. */
  stdout(): string;
  stderr(): string;
  /** Sends a signal as the terminal would (Ctrl-C: SIGINT). */
  signal(signal: StopSignal): void;
  /**
   * Resolves when stderr (or stdout) holds `text` — or, given a function, when it holds for
   * the text; rejects when the run ends first.
   */
  shows(text: string | ((output: string) => boolean), stream?: "stderr" | "stdout"): Promise<void>;
  /**
   * Resolves with the exit code when the command has returned, before what runs as the
   * process exits (killing what it started): what is left then, the binary would leave too.
   */
  returned: Promise<number>;
  done: Promise<CliRun>;
}

/** Runs one at a time: `process.env` and the folder are the running command's. */
let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs `fn` with `process.env` as `env` (plus the CLI's SDK defaults, as `main.ts` sets them)
 * and the process in `cwd`, then puts both back. `fn` gets the user's environment.
 */
async function inProcessEnv<T>(
  env: NodeJS.ProcessEnv,
  cwd: string,
  fn: (user: NodeJS.ProcessEnv) => Promise<T>,
): Promise<T> {
  const saved = { ...process.env };
  const savedCwd = process.cwd();
  const replace = (next: NodeJS.ProcessEnv) => {
    for (const key of Object.keys(process.env)) delete process.env[key];
    Object.assign(process.env, next);
  };
  replace(env);
  process.chdir(cwd);
  try {
    return await fn(setSdkDefaults(process.env));
  } finally {
    replace(saved);
    process.chdir(savedCwd);
  }
}

/**
 * Starts `cove <argv…>` in this process, on in-memory streams: the same program as the
 * binary (`runCli`), with a context built from `options` instead of `process`. Signals come
 * from {@link InProcessCli.signal}; an `exit` (a second Ctrl-C) ends `done` at once with its
 * code. Runs queue: one at a time per test file.
 */
export function startInProcess(argv: string[], options: InProcessOptions): InProcessCli {
  const cwd = options.cwd ?? ROOT;
  const t = testWorld({ input: options.input, cwd, argv, tty: options.tty });
  const run = (): Promise<number> =>
    inProcessEnv(options.env, cwd, (env) =>
      Promise.race([runCove(argv, { ...t.world, env }), t.exited]),
    );
  const ran = queue.then(run, run);
  queue = ran.catch(() => undefined);
  const done = ran.then(async (code) => {
    // As when the process exits: what it started is killed.
    t.exitProcess();
    await new Promise((resolve) => setImmediate(resolve));
    return { code, signal: null, stdout: t.stdout(), stderr: t.stderr() };
  });
  return {
    stdout: t.stdout,
    stderr: t.stderr,
    signal: t.signal,
    shows: (text, stream = "stderr") =>
      new Promise<void>((resolve, reject) => {
        const [read, seen] =
          stream === "stderr" ? [t.stderr, t.stderrSeen] : [t.stdout, t.stdoutSeen];
        const holds = () => (typeof text === "string" ? read().includes(text) : text(read()));
        const check = () => {
          if (!holds()) return;
          seen.off("data", check);
          resolve();
        };
        seen.on("data", check);
        check();
        void done.then(() => {
          if (!holds())
            reject(
              new Error(
                `the run ended before ${stream} showed ${typeof text === "string" ? JSON.stringify(text) : String(text)}:\n${t.stderr()}`,
              ),
            );
        });
      }),
    returned: ran,
    done,
  };
}

/** Runs `cove <argv…>` in this process to the end: its exit code, stdout and stderr. */
export function runCli(argv: string[], options: InProcessOptions): Promise<CliRun> {
  return startInProcess(argv, options).done;
}
