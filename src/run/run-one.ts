import type { NodeHttpHandler } from "@smithy/node-http-handler";
import type { AccountCredentials } from "../credentials/source.js";
import { CoveError } from "../errors/cove-error.js";
import type { RoleOptions } from "../options/index.js";
import { failureEvent, sessionInformation, toEvent } from "../records/records.js";
import type { AccountInfo, CoveEvent, SessionInformation } from "../types.js";
import type { SharedClientSettings } from "./client-settings.js";
import { CoveSession, endSession } from "./session.js";
import type { Stopper } from "./stopper.js";

/** The user's function and how it is called, the same for every run of a call. */
export interface RunTask {
  fn: (session: CoveSession, ...args: unknown[]) => unknown;
  thisArg: unknown;
  args: unknown[];
}

/** What every run of a call shares. */
export interface RunContext {
  task: RunTask;
  role: RoleOptions;
  partition: string;
  /** The request handler of the clients a run makes (the call's connection pool). */
  handler: NodeHttpHandler;
  /** The environment settings of the first client of each class the runs make (one per call). */
  clientSettings: SharedClientSettings;
  /** Milliseconds; `undefined`: no limit. */
  taskTimeout: number | undefined;
  /** Aborts the runs in flight when the call stops. */
  stopper: Stopper;
  /** Hands a finished run's record on; the run (its slot, signal, clients) lasts until it settles. */
  deliver(event: CoveEvent<unknown>): Promise<void>;
}

/**
 * Runs the user's function once in `account` × `region` and delivers its record: a Result,
 * an Exception (it threw, or outlived `taskTimeout`) or FailedAssumeRole. The run's signal
 * stays live, and its clients usable, until the record is delivered. Never rejects unless
 * delivery does.
 */
export async function runOne(
  ctx: RunContext,
  account: AccountInfo,
  region: string,
  credentials: AccountCredentials,
): Promise<void> {
  const info = sessionInformation(account, region, ctx.partition, ctx.role);
  try {
    await credentials.first;
  } catch (error) {
    return ctx.deliver(failureEvent(info, error));
  }
  info.AssumeRoleSuccess = true;
  const controller = ctx.stopper.track();
  const session = new CoveSession(
    info,
    credentials.provider,
    controller.signal,
    ctx.handler,
    ctx.clientSettings,
  );
  try {
    let event: CoveEvent<unknown>;
    try {
      info.Result = await callUserFunction(ctx, session, controller);
      event = toEvent(info, "result");
    } catch (error) {
      event = failureEvent(info, error);
    }
    await ctx.deliver(event);
  } finally {
    ctx.stopper.release(controller);
    endSession(session);
  }
}

/** The user's function with its session, limited to `taskTimeout` when there is one. */
function callUserFunction(
  ctx: RunContext,
  session: CoveSession,
  controller: AbortController,
): Promise<unknown> {
  const { fn, thisArg, args } = ctx.task;
  const work = Promise.resolve().then(() => fn.apply(thisArg, [session, ...args]));
  if (ctx.taskTimeout === undefined) return work;
  return withTimeout(work, ctx.taskTimeout, session.sessionInformation, controller);
}

/** Rejects after `ms` with TASK_TIMEOUT, aborting the run's signal. */
function withTimeout<T>(
  work: Promise<T>,
  ms: number,
  info: SessionInformation,
  controller: AbortController,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new CoveError(
        "TASK_TIMEOUT",
        `The run in account ${info.Id}, region ${info.Region} took longer than taskTimeout (${ms} ms).`,
        { ids: [info.Id], option: "taskTimeout" },
      );
      controller.abort(error);
      reject(error);
    }, ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
