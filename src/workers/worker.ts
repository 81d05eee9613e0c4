/**
 * The entry of a cove worker thread: imports the user's module once, then runs its function
 * for each run the main thread sends, with a {@link CoveSession} built from the run's plain
 * credentials, and sends back what it returned or threw.
 */
import { parentPort, workerData } from "node:worker_threads";
import { createConnectionPool } from "../aws/pool.js";
import { SharedClientSettings } from "../run/client-settings.js";
import { CoveSession, endSession } from "../run/session.js";
import type { SessionInformation } from "../types.js";
import { chooseExport } from "./choose-export.js";
import {
  fromThrown,
  plainProblem,
  toThrown,
  type FromWorker,
  type PlainCredentials,
  type ToWorker,
  type WorkerSetup,
} from "./protocol.js";
import { workerCredentials, type CredentialAnswer } from "./worker-credentials.js";

type Task = (session: CoveSession, ...args: unknown[]) => unknown;

const port = parentPort;
if (!port) throw new Error("botocove's worker entry runs only in a worker thread.");
const setup = workerData as WorkerSetup;
const pool = createConnectionPool();
const shared = new SharedClientSettings();
const controllers = new Map<number, AbortController>();
const refreshes = new Map<number, CredentialAnswer>();
const send = (message: FromWorker) => port.postMessage(message);

/** The module, through tsx's `tsImport` when it is TypeScript (as `cove run` loads it). */
async function load(): Promise<Record<string, unknown>> {
  if (setup.tsx === undefined) return (await import(setup.module)) as Record<string, unknown>;
  const api = (await import(setup.tsx)) as {
    tsImport: (url: string, parent: string) => Promise<Record<string, unknown>>;
  };
  return api.tsImport(setup.module, import.meta.url);
}

const task: Promise<Task> = load().then((mod) => chooseExport(mod, setup.exportName));
task.then(
  () => send({ type: "ready" }),
  (error: unknown) => send({ type: "importFailed", error: toThrown(error) }),
);

/** Asks the main thread for the run's credentials again (it refreshes them once for all). */
function askMain(id: number): Promise<PlainCredentials> {
  return new Promise((resolve, reject) => {
    refreshes.set(id, { resolve, reject });
    send({ type: "refresh", id });
  });
}

/** Sends a run's value back, or says why it cannot cross threads. */
function sendResult(id: number, value: unknown): void {
  let problem: string | undefined;
  try {
    problem = plainProblem(value);
  } catch (error) {
    // A getter that throws, or nesting too deep to walk.
    problem = `a value that cannot be read (${(error as Error)?.message ?? String(error)})`;
  }
  if (problem !== undefined) return send({ type: "notCloneable", id, reason: problem });
  try {
    send({ type: "result", id, value });
  } catch (error) {
    send({ type: "notCloneable", id, reason: (error as Error).message });
  }
}

async function run(
  id: number,
  info: SessionInformation,
  credentials: PlainCredentials,
  args: unknown[],
) {
  const controller = new AbortController();
  controllers.set(id, controller);
  const provider = workerCredentials(credentials, () => askMain(id));
  // The thread's runs share the environment settings of each client class (its environment
  // is its own copy, taken when it started), as a call's runs do in-process.
  const session = new CoveSession(info, provider, controller.signal, pool.runs, shared);
  try {
    const fn = await task;
    sendResult(id, await fn(session, ...args));
  } catch (error) {
    send({ type: "threw", id, error: toThrown(error) });
  } finally {
    controllers.delete(id);
    refreshes.delete(id);
    endSession(session);
  }
}

port.on("message", (message: ToWorker) => {
  switch (message.type) {
    case "run":
      void run(message.id, message.info, message.credentials, message.args);
      return;
    case "abort":
      controllers.get(message.id)?.abort(fromThrown(message.reason));
      return;
    case "credentials":
      refreshes.get(message.id)?.resolve(message.credentials);
      refreshes.delete(message.id);
      return;
    case "credentialsFailed":
      refreshes.get(message.id)?.reject(fromThrown(message.error));
      refreshes.delete(message.id);
      return;
    case "close":
      // What the module printed is handed to the main thread before the thread ends.
      process.stdout.write("", () => process.stderr.write("", () => process.exit(0)));
      return;
  }
});
