import { received } from "../options/checks.js";
import type { ExecutionOptions } from "../options/execution.js";
import type { AccountInfo } from "../types.js";
import { defer } from "../util/defer.js";
import { AsyncQueue } from "../util/queue.js";
import { callbackFailed } from "./deliver.js";

/** The `skip` option: `true` leaves an account × region out of the call. */
export type SkipPair = NonNullable<ExecutionOptions["skip"]>;

/** An account the scheduler pulls, with its regions when they are known before its role is. */
export interface PlannedAccount {
  account: AccountInfo;
  /** The regions it runs in (`skip` applied); `undefined`: found per account. */
  regions?: readonly string[];
}

/**
 * Whether `skip` leaves `Id` × `Region` out. A `skip` that throws or answers anything but a
 * boolean (a promise: it must be synchronous) is a `CoveError` `CALLBACK_FAILED`.
 */
export function skips(skip: SkipPair, Id: string, Region: string): boolean {
  let answer: unknown;
  try {
    answer = skip({ Id, Region });
  } catch (error) {
    throw callbackFailed("skip", error);
  }
  if (typeof answer === "boolean") return answer;
  throw callbackFailed(
    "skip",
    new TypeError(
      `skip must return a boolean, synchronously; it returned ${received(answer)} for ${Id} ${Region}.`,
    ),
  );
}

/** The regions of `account` that `skip` keeps (all of them without a `skip`), in order. */
export function keptRegions(
  account: AccountInfo,
  regions: readonly string[],
  skip: SkipPair | undefined,
): string[] {
  if (!skip) return [...regions];
  return regions.filter((region) => !skips(skip, account.Id, region));
}

/** Accounts paired with the regions every one of them runs in (none: found per account). */
export async function* withRegions(
  accounts: AsyncIterable<AccountInfo>,
  regions: readonly string[] | undefined,
): AsyncGenerator<PlannedAccount> {
  for await (const account of accounts) yield regions ? { account, regions } : { account };
}

/** Accounts with the regions `skip` kept, and how many pairs they make once listing ends. */
export interface SkippedAhead {
  accounts: AsyncIterable<PlannedAccount>;
  /** Account × region pairs left to run; rejects like the listing (or with `skip`'s failure). */
  pairs: Promise<number>;
}

/**
 * Asks `skip` about every account × region of a plan whose regions are the same for all, as
 * fast as discovery lists the accounts (not as the runs pull them), so the number of pairs
 * left — the progress total — is known when the listing ends. Accounts with no region left
 * are dropped (they cost no AssumeRole). A failing `skip` is passed to `onSkipFailed` at once
 * (it stops the call) and ends the stream with its error; so does a failing listing.
 */
export function skipAhead(
  accounts: AsyncIterable<AccountInfo>,
  regions: readonly string[],
  skip: SkipPair,
  onSkipFailed: (error: unknown) => void,
): SkippedAhead {
  const kept = new AsyncQueue<PlannedAccount>();
  const pairs = defer<number>();
  pairs.promise.catch(() => undefined); // the stream reports the same failure
  void (async () => {
    let count = 0;
    try {
      for await (const account of accounts) {
        let left: string[];
        try {
          left = keptRegions(account, regions, skip);
        } catch (error) {
          onSkipFailed(error);
          throw error;
        }
        if (left.length === 0) continue;
        count += left.length;
        void kept.push({ account, regions: left });
      }
    } catch (error) {
      kept.fail(error);
      pairs.reject(error);
      return;
    }
    kept.close();
    pairs.resolve(count);
  })();
  return { accounts: kept, pairs: pairs.promise };
}
