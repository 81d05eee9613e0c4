import { linkedController } from "../util/abort.js";
import { assumeRoleCredentials, type AccountCredentials } from "../credentials/assume-role.js";
import { CoveError } from "../errors/cove-error.js";
import { createConnectionPool } from "../aws/pool.js";
import { resolveHub } from "../aws/hub.js";
import { planRegions } from "./region-plan.js";
import type { ResolvedOptions, RoleOptions } from "../options/index.js";
import { toEvent } from "../records/records.js";
import { createProgress } from "./progress.js";
import { CoveSession, endSession } from "./session.js";
import { discoverTargets } from "../discovery/discover.js";
import type { AccountInfo, CoveEvent, ProgressEvent, SessionInformation } from "../types.js";

/** One call of a wrapped function. */
export interface RunSpec {
  fn: (session: CoveSession, ...args: unknown[]) => unknown;
  thisArg: unknown;
  args: unknown[];
  options: ResolvedOptions;
}

/**
 * Receives each finished run. A returned promise holds back new runs until it settles,
 * which is how the streaming form bounds memory.
 */
export type EventSink = (event: CoveEvent<unknown>) => void | Promise<void>;

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

/** The session information of one account × region run, before the role is assumed. */
function sessionInformation(
  account: AccountInfo,
  region: string,
  partition: string,
  o: RoleOptions,
): SessionInformation {
  return {
    Id: account.Id,
    Name: account.Name,
    Email: account.Email,
    Arn: account.Arn,
    Status: account.Status,
    State: account.State,
    OrganizationId: account.OrganizationId,
    Region: region,
    Partition: partition,
    RoleName: o.roleName,
    RoleSessionName: o.roleSessionName,
    Policy: o.policy,
    PolicyArns: o.policyArns,
    ExternalId: o.externalId,
    AssumeRoleSuccess: false,
    Result: undefined,
    ExceptionDetails: undefined,
    Tags: account.Tags,
    OuPath: account.OuPath,
  };
}

/**
 * Runs `spec.fn` in every target account × region, at most `concurrency` at a time, and
 * hands each finished run to `sink`. Resolves when every run has finished. Rejects with the
 * first failure (`raiseException`), a `CoveError` ABORTED (`signal`), or a `CoveError` from
 * target resolution — the last always before any role is assumed.
 */
export async function execute(spec: RunSpec, sink: EventSink): Promise<void> {
  const { execution: options, role } = spec.options;
  const userSignal = options.signal;
  const { controller } = linkedController();
  const abortedError = () =>
    new CoveError("ABORTED", "The cove run was aborted through its signal.", {
      cause: userSignal?.reason,
    });
  if (userSignal?.aborted) throw abortedError();

  const pool = createConnectionPool();
  const progress = createProgress(options.progress);
  const counts: ProgressEvent = {
    finished: 0,
    total: undefined,
    started: 0,
    results: 0,
    exceptions: 0,
    failedAssumeRole: 0,
  };

  let stopError: { error: unknown } | undefined;
  let rejectStop!: (e: unknown) => void;
  const stopped = new Promise<never>((_, reject) => (rejectStop = reject));
  stopped.catch(() => {});
  /** Controllers of the runs in flight: aborted one by one on stop (O(1) to add and remove). */
  const runControllers = new Set<AbortController>();
  const stop = (error: unknown) => {
    if (stopError) return;
    stopError = { error };
    controller.abort(error);
    for (const c of runControllers) c.abort(error);
    wake?.();
    rejectStop(error);
  };
  const onUserAbort = () => stop(abortedError());
  userSignal?.addEventListener("abort", onUserAbort, { once: true });

  let inFlight = 0;
  let wake: (() => void) | undefined;
  let drained: (() => void) | undefined;

  const finish = async (info: SessionInformation, outcome: "result" | "exception") => {
    if (stopError) return;
    const event = toEvent(info, outcome);
    counts.finished++;
    if (event.list === "Results") counts.results++;
    else if (event.list === "Exceptions") counts.exceptions++;
    else counts.failedAssumeRole++;
    // With raiseException a failure stops the call, but it is still a record: hand it on
    // (without waiting for the consumer), then stop with the failure itself.
    const failing = options.raiseException && event.list !== "Results";
    try {
      options.onRecord?.(event);
      const delivered = Promise.resolve(sink(event));
      if (failing) delivered.catch(() => undefined);
      else await delivered;
    } catch (error) {
      if (!failing) {
        stop(error);
        return;
      }
    }
    if (failing) {
      stop(info.ExceptionDetails);
      return;
    }
    progress.update(counts);
  };

  const runOne = async (
    account: AccountInfo,
    region: string,
    creds: AccountCredentials,
    partition: string,
  ) => {
    const info = sessionInformation(account, region, partition, role);
    try {
      await creds.first;
    } catch (error) {
      info.ExceptionDetails = error;
      return finish(info, "exception");
    }
    info.AssumeRoleSuccess = true;
    const runController = new AbortController();
    runControllers.add(runController);
    const session = new CoveSession(info, creds.provider, runController.signal, pool.runs);
    try {
      const work = Promise.resolve().then(() =>
        spec.fn.apply(spec.thisArg, [session, ...spec.args]),
      );
      info.Result =
        options.taskTimeout === undefined
          ? await work
          : await withTimeout(work, options.taskTimeout, info, runController);
      await finish(info, "result");
    } catch (error) {
      info.Result = undefined;
      info.ExceptionDetails = error;
      await finish(info, "exception");
    } finally {
      runControllers.delete(runController);
      endSession(session);
    }
  };

  let hubToDestroy: { destroy(): void } | undefined;
  const cleanup = () => {
    userSignal?.removeEventListener("abort", onUserAbort);
    hubToDestroy?.destroy();
    pool.close();
    progress.end();
  };

  const wakeUp = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  /** Starts a task in a slot; the slot frees when it settles. */
  const start = (task: () => Promise<void>) => {
    inFlight++;
    void task().finally(() => {
      inFlight--;
      wakeUp();
      if (inFlight === 0) drained?.();
    });
  };

  const main = async () => {
    const hub = await resolveHub(
      { ...spec.options.hub, durationSeconds: role.durationSeconds, signal: controller.signal },
      pool.hub,
    );
    hubToDestroy = hub;
    const plan = planRegions(spec.options.regions, hub, pool.hub);
    const settings = { ...role, partition: hub.partition };
    /** The first AssumeRole of an account can be aborted on stop, like a run. */
    const assume = (account: AccountInfo) => {
      const c = new AbortController();
      runControllers.add(c);
      const creds = assumeRoleCredentials(hub.sts, account.Id, settings, c.signal);
      void creds.first.then(
        () => runControllers.delete(c),
        () => runControllers.delete(c),
      );
      return creds;
    };
    const discovery = discoverTargets(hub, spec.options.selection, controller.signal);
    await discovery.ready;

    // Runs whose inputs are known wait here; they go before new accounts are pulled.
    const ready: (() => Promise<void>)[] = [];
    let accountsDone = false;
    let planned = 0;
    /** Accounts whose role (and, per account, regions) is being resolved. */
    let assuming = 0;
    const run = (account: AccountInfo, region: string, creds: AccountCredentials) => {
      planned++;
      ready.push(() => {
        counts.started++;
        return runOne(account, region, creds, hub.partition);
      });
    };
    if (plan.kind === "static") {
      discovery.size.then(
        (n) => {
          counts.total = n * plan.regions.length;
          progress.update(counts);
        },
        () => {},
      );
    }
    const settleTotal = () => {
      if (plan.kind === "perAccount" && accountsDone && assuming === 0) {
        counts.total = planned;
        progress.update(counts);
      }
    };

    /**
     * Roles are assumed ahead of the runs, for up to `concurrency` accounts at a time, and an
     * account's runs join the ready queue once its credentials are settled: slots hold only
     * real work, never a run waiting for STS (which would cap the AssumeRole rate).
     */
    const enqueue = (account: AccountInfo) => {
      assuming++;
      const creds = assume(account);
      void (async () => {
        try {
          if (plan.kind === "static") {
            // A failed assumption is filed per region by each run.
            await creds.first.catch(() => undefined);
            for (const region of plan.regions) run(account, region, creds);
            return;
          }
          const info = sessionInformation(account, hub.region, hub.partition, role);
          try {
            await creds.first;
          } catch (error) {
            planned++;
            info.ExceptionDetails = error;
            return await finish(info, "exception");
          }
          let regions: string[];
          try {
            regions = await plan.resolve(account, creds);
          } catch (error) {
            planned++;
            info.AssumeRoleSuccess = true;
            info.ExceptionDetails = error;
            return await finish(info, "exception");
          }
          for (const region of regions) run(account, region, creds);
        } finally {
          assuming--;
          settleTotal();
          wakeUp();
        }
      })();
    };

    const accounts = discovery.accounts[Symbol.asyncIterator]();
    let pendingNext: Promise<IteratorResult<AccountInfo>> | undefined;
    for (;;) {
      if (stopError) return;
      if (inFlight < options.concurrency && ready.length > 0) {
        start(ready.shift()!);
        continue;
      }
      // Pull another account while fewer than `concurrency` are being assumed and the ready
      // queue is short: memory stays bounded by `concurrency`, not by the organization.
      if (!accountsDone && assuming < options.concurrency && ready.length < options.concurrency) {
        // Wait for the next account, but let runs that became ready meanwhile start.
        if (!pendingNext) {
          pendingNext = accounts.next();
          pendingNext.catch(() => undefined); // observed below, when raced or awaited
        }
        const next = await Promise.race([
          pendingNext,
          new Promise<"woken">((resolve) => (wake = () => resolve("woken"))),
        ]);
        if (next === "woken") continue;
        pendingNext = undefined;
        if (next.done) {
          accountsDone = true;
          settleTotal();
        } else {
          enqueue(next.value);
        }
        continue;
      }
      if (accountsDone && inFlight === 0 && assuming === 0 && ready.length === 0) break;
      // Wait for a run to end or an account's credentials (and regions) to settle.
      await new Promise<void>((resolve) => (wake = resolve));
    }
  };

  const running = main();
  try {
    await Promise.race([running, stopped]);
    if (stopError) throw stopError.error;
  } catch (error) {
    if (!stopError) stop(error);
    // Clean up once the runs still in flight have seen their aborted signal and ended.
    void running
      .catch(() => {})
      .finally(() => {
        const settle = inFlight === 0 ? Promise.resolve() : new Promise<void>((r) => (drained = r));
        void settle.then(cleanup);
      });
    throw error;
  }
  cleanup();
}
