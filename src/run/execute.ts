import type { AccountCredentials } from "../credentials/source.js";
import type { ResolvedOptions } from "../options/index.js";
import type { AccountInfo, CoveEvent } from "../types.js";
import { openCall, type Call } from "./call.js";
import { callbackFailed, createDelivery, type EventSink } from "./deliver.js";
import { createProgress } from "./progress.js";
import { accountPreparer, accountSource, type PlannedAccount } from "./prepare.js";
import { SharedClientSettings } from "./client-settings.js";
import { runOne, type RunContext, type RunTask } from "./run-one.js";
import { Scheduler, type Task } from "./scheduler.js";
import { abortedError, Stopper } from "./stopper.js";
import { Tallies } from "./tallies.js";

export type { EventSink } from "./deliver.js";

/** One call of a wrapped function. */
export interface RunSpec extends RunTask {
  options: ResolvedOptions;
}

/** The parts of a running call that the runs report to. */
interface CallState {
  stopper: Stopper;
  tallies: Tallies;
  deliver: (event: CoveEvent<unknown>) => Promise<void>;
}

const ignore = () => undefined;

/**
 * Runs `spec.fn` in every target account × region, at most `concurrency` at a time, and
 * hands each finished run to `sink`. Resolves when every run has finished. Rejects with the
 * first failure (`raiseException`), a `CoveError` ABORTED (`signal`), CALLBACK_FAILED (a
 * `progress` or `onRecord` callback failed), or a `CoveError` from opening the call — the
 * last always before any role is assumed.
 *
 * When the call stops, it rejects at once: runs in flight see their signal aborted and are
 * abandoned (their records dropped). The call's connections close once they have ended.
 */
export async function execute(spec: RunSpec, sink: EventSink): Promise<void> {
  const options = spec.options.execution;
  if (options.signal?.aborted) throw abortedError(options.signal);
  const stopper = new Stopper(options.signal);
  const onProgressError = (error: unknown) => stopper.stop(callbackFailed("progress", error));
  const tallies = new Tallies(createProgress(options.progress, onProgressError));
  const state: CallState = {
    stopper,
    tallies,
    deliver: createDelivery(options, sink, tallies, stopper),
  };
  let call: Call | undefined;
  let scheduler: Scheduler<PlannedAccount> | undefined;
  const running = (async () => {
    call = await openCall(spec.options, stopper.signal);
    const scheduled = scheduleRuns(spec, call, state);
    scheduler = scheduled.scheduler;
    await scheduler.run(scheduled.source[Symbol.asyncIterator]());
  })();

  try {
    await Promise.race([running, stopper.stopped]);
    if (stopper.isStopped) throw stopper.error;
  } catch (error) {
    stopper.stop(error);
    stopper.detach();
    tallies.end();
    // Close once the runs still in flight have seen their aborted signal and ended.
    void running
      .catch(ignore)
      .then(() => scheduler?.whenIdle())
      .then(() => call?.close());
    throw error;
  }
  stopper.detach();
  tallies.end();
  call?.close();
}

/** A call's scheduler and the accounts it pulls. */
interface ScheduledRuns {
  scheduler: Scheduler<PlannedAccount>;
  source: AsyncIterable<PlannedAccount>;
}

/**
 * The scheduler of a call's runs. Roles are assumed ahead of the runs, and an account's runs
 * join the ready queue once its credentials (and, per account, its regions) are settled.
 */
function scheduleRuns(spec: RunSpec, call: Call, state: CallState): ScheduledRuns {
  const { hub, plan, discovery, pool, credentials: source } = call;
  const { stopper, tallies, deliver } = state;
  const { execution, role } = spec.options;
  const { skip } = execution;
  const ctx: RunContext = {
    task: spec,
    role,
    partition: hub.partition,
    handler: pool.runs,
    clientSettings: new SharedClientSettings(),
    taskTimeout: execution.taskTimeout,
    stopper,
    deliver,
  };

  /** The first credentials of an account (AssumeRole, or the portal's); aborted on stop, like a run. */
  const assume = (account: AccountInfo): AccountCredentials => {
    const controller = stopper.track();
    const credentials = source.forAccount(account.Id, controller.signal);
    const release = () => stopper.release(controller);
    void credentials.first.then(release, release);
    return credentials;
  };

  const queueRun = (
    ready: (task: Task) => void,
    account: AccountInfo,
    region: string,
    credentials: AccountCredentials,
  ) => {
    tallies.plan();
    ready(() => {
      tallies.start();
      return runOne(ctx, account, region, credentials);
    });
  };

  const prepare = accountPreparer({ plan, hub, role, skip, tallies, deliver, assume, queueRun });
  const scheduler = new Scheduler<PlannedAccount>({
    concurrency: execution.concurrency,
    signal: stopper.signal,
    prepare,
    onPrepared: plan.kind === "perAccount" ? () => tallies.planComplete() : undefined,
  });
  return { scheduler, source: accountSource(plan, discovery, skip, stopper, tallies) };
}
