/** A module whose exports the worker tests run on worker threads (and in-process, to compare). */
import { BroadcastChannel } from "node:worker_threads";
import type { CoveSession } from "../../../src/index.js";

/**
 * STS, loaded by the first run that calls it: a worker of a test that makes no AWS call from
 * its runs (failures, crashes, hangs) does not pay for loading the client (~0.3 s CPU each).
 */
const sts = () => import("@aws-sdk/client-sts");

/** Asks STS who the run is, with the session's credentials. */
export async function whoAmI(session: CoveSession, tag: string) {
  const { GetCallerIdentityCommand, STSClient } = await sts();
  const out = await session.client(STSClient).send(new GetCallerIdentityCommand({}));
  return { arn: out.Arn, region: session.region, tag, name: session.sessionInformation.Name };
}

/** Throws an AWS-like error in `account`; returns the region elsewhere. */
export function failIn(session: CoveSession, account: string) {
  if (session.accountId !== account) return session.region;
  const error = new Error(`no access in ${account}`) as Error & Record<string, unknown>;
  error.name = "AccessDeniedException";
  error.code = "AccessDenied";
  error.$metadata = { httpStatusCode: 403, requestId: "req-1" };
  throw error;
}

class Holder {
  readonly #secret = 1;
  get value() {
    return this.#secret;
  }
}

/** Returns what cannot cross threads in `account`: a function, or a class instance. */
export function unclonable(session: CoveSession, account: string, kind: "function" | "class") {
  if (session.accountId !== account) return { region: session.region, when: new Date(0) };
  return kind === "function" ? { run: () => 1 } : { holder: new Holder() };
}

/** Kills its worker in `account`: process.exit, an uncaught exception, or running out of memory. */
export async function crashIn(session: CoveSession, account: string, how: string) {
  if (session.accountId !== account) return session.region;
  if (how === "exit") process.exit(7);
  if (how === "throw") {
    setTimeout(() => {
      throw new Error("uncaught in a timer");
    });
    return new Promise(() => {});
  }
  const hog: number[][] = [];
  for (;;) hog.push(Array.from({ length: 1e6 }, (_, i) => i));
}

const channel = new BroadcastChannel("cove-workers-test");
channel.unref();

/**
 * Says "started ACCOUNT/REGION" on the test channel, then waits for its signal (never
 * finishing on its own), except in `failAccount` where it throws once started.
 */
export async function hang(session: CoveSession, failAccount?: string) {
  channel.postMessage(`started ${session.accountId}/${session.region}`);
  if (session.accountId === failAccount) throw new Error(`failed in ${failAccount}`);
  await new Promise((_, reject) =>
    session.signal.addEventListener("abort", () => reject(session.signal.reason as Error)),
  );
}

/** Waits until the run's credentials are refreshed, then asks STS who it is with them. */
export async function outliveCredentials(session: CoveSession) {
  const first = (await session.credentials()).accessKeyId;
  for (;;) {
    const now = await session.credentials();
    if (now.accessKeyId !== first) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const { GetCallerIdentityCommand, STSClient } = await sts();
  const out = await session.client(STSClient).send(new GetCallerIdentityCommand({}));
  return { changed: true, arn: out.Arn };
}
