import type { Worker } from "node:worker_threads";
import type { AwsCredentialIdentity } from "@smithy/types";
import { CoveError } from "../errors/cove-error.js";
import type { CoveSession } from "../run/session.js";
import type { SessionInformation } from "../types.js";
import { defer } from "../util/defer.js";
import {
  fromThrown,
  runName,
  toThrown,
  type FromWorker,
  type PlainCredentials,
  type ToWorker,
} from "./protocol.js";
import { spawnWorker, tsxFor, type SpawnSettings } from "./spawn.js";

/** A run handed to a worker, waiting for its answer. */
interface PendingRun {
  session: CoveSession;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** One worker thread and the runs it holds. */
interface Slot {
  worker: Worker;
  runs: Map<number, PendingRun>;
  /** Why the worker failed (its uncaught error), once it has. */
  failure: unknown;
  /** Whether it imported the module (a worker that never did is not replaced). */
  imported: boolean;
}

/** How a {@link WorkerPool} starts. */
export type PoolSettings = Omit<SpawnSettings, "tsx"> & { workers: number };

/** Only the plain fields of credentials cross threads (a provider's extras stay behind). */
function plain(c: AwsCredentialIdentity): PlainCredentials {
  return {
    accessKeyId: c.accessKeyId,
    secretAccessKey: c.secretAccessKey,
    ...(c.sessionToken === undefined ? {} : { sessionToken: c.sessionToken }),
    ...(c.expiration === undefined ? {} : { expiration: c.expiration }),
    ...(c.credentialScope === undefined ? {} : { credentialScope: c.credentialScope }),
    ...(c.accountId === undefined ? {} : { accountId: c.accountId }),
  };
}

function workerFailed(info: SessionInformation, cause: unknown): CoveError {
  return new CoveError(
    "WORKER_FAILED",
    `The worker thread running ${runName(info)} failed: ${(cause as Error)?.message ?? String(cause)}`,
    { ids: [info.Id], cause },
  );
}

/**
 * Worker threads that run one module's function for the main thread's runs. The main thread
 * keeps credentials, scheduling and records; a run goes to the worker holding the fewest runs,
 * with its account's plain credentials; a refresh is asked of the main thread. A worker that
 * dies fails only the runs it held (`WORKER_FAILED`) and is replaced.
 */
export class WorkerPool {
  readonly #settings: SpawnSettings;
  readonly #slots: Slot[] = [];
  #nextId = 0;
  #closed = false;

  private constructor(settings: SpawnSettings) {
    this.#settings = settings;
  }

  /**
   * Starts `settings.workers` workers and waits until each has imported the module. A module
   * that fails to import (or lacks the export) rejects with a `CoveError`
   * MODULE_IMPORT_FAILED whose `cause` is the import error; no worker is left running.
   */
  static async start(settings: PoolSettings): Promise<WorkerPool> {
    const pool = new WorkerPool({ ...settings, tsx: tsxFor(settings.setup.module) });
    const ready = Array.from({ length: settings.workers }, () => pool.#add());
    try {
      await Promise.all(ready);
    } catch (error) {
      await pool.close();
      throw new CoveError(
        "MODULE_IMPORT_FAILED",
        `Could not load ${settings.setup.module} in a worker thread: ${(error as Error)?.message ?? String(error)}`,
        { cause: error },
      );
    }
    return pool;
  }

  /** Starts a worker; resolves once it has imported the module, rejects with the import error. */
  #add(): Promise<void> {
    const worker = spawnWorker(this.#settings);
    const slot: Slot = { worker, runs: new Map(), failure: undefined, imported: false };
    this.#slots.push(slot);
    const ready = defer<void>();
    worker.on("message", (message: FromWorker) => {
      if (message.type === "ready") {
        slot.imported = true;
        return ready.resolve();
      }
      if (message.type === "importFailed") {
        const error = fromThrown(message.error);
        ready.reject(error);
        slot.failure = error;
        void worker.terminate();
        return;
      }
      this.#answer(slot, message);
    });
    worker.on("error", (error) => {
      slot.failure ??= error;
      ready.reject(error);
    });
    worker.on("exit", (code) => {
      ready.reject(slot.failure ?? new Error(`the worker exited with code ${code}`));
      this.#replace(slot, code);
    });
    return ready.promise;
  }

  /** A worker is gone: its runs fail with WORKER_FAILED and, unless the import failed, a new one starts. */
  #replace(slot: Slot, code: number): void {
    const index = this.#slots.indexOf(slot);
    if (index >= 0) this.#slots.splice(index, 1);
    const cause = slot.failure ?? new Error(`the worker exited with code ${code}`);
    for (const run of slot.runs.values()) {
      run.reject(workerFailed(run.session.sessionInformation as SessionInformation, cause));
    }
    slot.runs.clear();
    if (this.#closed || !slot.imported) return;
    this.#add().catch(() => undefined);
  }

  /** A worker's answer about one of its runs. */
  #answer(slot: Slot, message: Exclude<FromWorker, { type: "ready" | "importFailed" }>): void {
    const run = slot.runs.get(message.id);
    if (!run) return;
    if (message.type === "refresh") return this.#refresh(slot, message.id, run);
    slot.runs.delete(message.id);
    if (message.type === "result") return run.resolve(message.value);
    if (message.type === "threw") return run.reject(fromThrown(message.error));
    const info = run.session.sessionInformation;
    run.reject(
      new CoveError(
        "RESULT_NOT_SERIALIZABLE",
        `The result of the run in ${runName(info)} cannot cross threads: it holds ${message.reason}. Return plain data (objects, arrays, strings, numbers, Dates, Maps, Sets).`,
        { ids: [info.Id] },
      ),
    );
  }

  /** Fresh credentials for a run, from the main thread's provider (which refreshes once for all). */
  #refresh(slot: Slot, id: number, run: PendingRun): void {
    run.session.credentials().then(
      (c) => this.#post(slot, { type: "credentials", id, credentials: plain(c) }),
      (error: unknown) =>
        this.#post(slot, { type: "credentialsFailed", id, error: toThrown(error) }),
    );
  }

  #post(slot: Slot, message: ToWorker): void {
    if (this.#slots.includes(slot)) slot.worker.postMessage(message);
  }

  /** The worker holding the fewest runs. */
  #pick(): Slot | undefined {
    let best: Slot | undefined;
    for (const slot of this.#slots) if (!best || slot.runs.size < best.runs.size) best = slot;
    return best;
  }

  /**
   * The main thread's stand-in for the module's function: runs it in a worker with this
   * session's credentials and arguments, and settles as the run there does.
   */
  readonly task = async (session: CoveSession, ...args: unknown[]): Promise<unknown> => {
    const credentials = plain(await session.credentials());
    const info = session.sessionInformation as SessionInformation;
    const slot = this.#pick();
    if (!slot || this.#closed) throw workerFailed(info, new Error("no worker thread is left"));
    const id = this.#nextId++;
    const answer = defer<unknown>();
    slot.runs.set(id, { session, resolve: answer.resolve, reject: answer.reject });
    const onAbort = () =>
      this.#post(slot, { type: "abort", id, reason: toThrown(session.signal.reason) });
    session.signal.addEventListener("abort", onAbort, { once: true });
    this.#post(slot, { type: "run", id, info: { ...info }, credentials, args });
    try {
      return await answer.promise;
    } finally {
      session.signal.removeEventListener("abort", onAbort);
    }
  };

  /** Ends every worker; runs still held end with `ABORTED` (the call has stopped). */
  async close(): Promise<void> {
    this.#closed = true;
    const slots = this.#slots.splice(0);
    for (const slot of slots) {
      for (const run of slot.runs.values()) {
        run.reject(new CoveError("ABORTED", "The call ended before this run did."));
      }
      slot.runs.clear();
    }
    await Promise.all(slots.map((slot) => endWorker(slot.worker)));
  }
}

/** How long a closing worker has to hand over its output and end before it is terminated. */
const CLOSE_GRACE_MS = 2000;

/**
 * Ends a worker so that nothing it printed is lost: asked to close, it flushes its stdout and
 * stderr and exits; one that does not within {@link CLOSE_GRACE_MS} is terminated. Resolves
 * once its output streams have ended too.
 */
async function endWorker(worker: Worker): Promise<void> {
  // A thread that has stopped already (threadId -1) has nothing left to hand over.
  if (worker.threadId < 0) return;
  const ended = (stream: NodeJS.ReadableStream | null) =>
    stream === null || (stream as { readableEnded?: boolean }).readableEnded === true
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          stream.once("end", resolve);
          stream.once("close", resolve);
        });
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  const timer = setTimeout(() => void worker.terminate(), CLOSE_GRACE_MS);
  try {
    worker.postMessage({ type: "close" } satisfies ToWorker);
  } catch {
    void worker.terminate();
  }
  await exited;
  clearTimeout(timer);
  await Promise.race([
    Promise.all([ended(worker.stdout), ended(worker.stderr)]),
    new Promise((resolve) => setTimeout(resolve, CLOSE_GRACE_MS).unref()),
  ]);
}
