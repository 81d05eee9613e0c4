import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import type { NodeHttpHandler } from "@smithy/node-http-handler";
import { CoveError } from "../errors/cove-error.js";
import { describeError } from "../errors/describe.js";
import { silentLogger } from "./pool.js";
import { adaptiveRetry, FirstContactRetryStrategy, isConnectionRefused } from "./retry.js";
import { CallWatch } from "./call-watch.js";
import {
  credentialsError,
  isCredentialsFailure,
  type CredentialsRequest,
} from "./credentials-help.js";
import { linkedController } from "../util/abort.js";
import { deadlines } from "./deadlines.js";
import { retryTransient } from "./transient.js";
import { partitionFromArn } from "../domain/ids.js";
import type { HubOptions } from "../options/index.js";
import type { Access, HubIdentity, IdentitySettings } from "../access/access.js";

/**
 * The calling ("hub") account and the clients that act for it: `accountId` and `arn` are
 * `undefined` with Identity Center (there is no calling account), `arn` is `…:assumed-role/…`
 * when the hub itself runs on a role.
 */
export interface Hub extends HubIdentity {
  region: string;
  /** One STS client for every AssumeRole, on the hub region's regional endpoint. */
  sts: STSClient;
  organizations: OrganizationsClient;
  destroy(): void;
}

/** Client config shared by the hub's clients, from the user's options. */
function hubClientConfig(options: HubOptions, handler: NodeHttpHandler) {
  return {
    ...(options.region === undefined ? {} : { region: options.region }),
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
    ...(options.profile === undefined ? {} : { profile: options.profile }),
    requestHandler: handler,
    logger: silentLogger,
  };
}

/**
 * Finds the hub region the way the SDK would (option, env, profile), else `fallback` (the
 * access's default: Identity Center's portal region), or fails clearly.
 */
async function resolveRegion(sts: STSClient, fallback: string | undefined): Promise<string> {
  let region: string | undefined;
  try {
    region = await sts.config.region();
  } catch {
    region = undefined;
  }
  region ||= fallback;
  if (!region) {
    throw new CoveError(
      "NO_REGION",
      'No region: pass the "region" option, or set AWS_REGION (or a region in the AWS profile).',
      { option: "region" },
    );
  }
  return region;
}

/** What hub resolution needs: the hub options, the role's duration (chaining check), a signal. */
export interface HubSettings extends HubOptions {
  durationSeconds: number | undefined;
  signal: AbortSignal | undefined;
}

/** What the hub asks of the call's {@link Access}: its default region and who the hub is. */
export type HubAccess = Pick<Access, "defaultRegion" | "identify">;

/** What the hub's identity call is given: the settings and its region. */
interface IdentityCall {
  settings: IdentitySettings;
  region: string;
}

/**
 * The caller identity: one GetCallerIdentity, transient faults retried, the whole call (the
 * SDK's attempts too) ended at `hubRetryMs` (a minute); a connection refused before the
 * endpoint ever answered is tried twice only. Watched attempt by attempt: `onWait` hears what
 * is waited for after 3 s, and a failure names the endpoint and the attempts.
 */
async function readIdentity(sts: STSClient, call: IdentityCall) {
  const { settings } = call;
  const { controller, unlink } = linkedController(settings.signal);
  const deadlineMs = deadlines().hubRetryMs;
  const watch = new CallWatch({
    operation: "sts:GetCallerIdentity",
    deadlineMs,
    onWait: settings.onWait,
    onCallbackError: (error) => controller.abort(error),
  });
  const signal = controller.signal;
  const deadline = setTimeout(() => controller.abort(noAnswer(watch, call.region)), deadlineMs);
  const stopped = new Promise<never>((_, reject) => {
    signal.addEventListener("abort", () => reject(signal.reason as Error), { once: true });
  });
  stopped.catch(() => undefined);
  let identity;
  try {
    const attempts = retryTransient(
      () => {
        const command = new GetCallerIdentityCommand({});
        watch.watch(command.middlewareStack);
        return sts.send(command, { abortSignal: signal });
      },
      {
        deadlineMs,
        signal,
        permanent: (error) => isConnectionRefused(error) && !watch.answered,
      },
    );
    attempts.catch(() => undefined);
    // Loading the credentials does not see the signal: the race ends the wait all the same.
    identity = await Promise.race([attempts, stopped]);
  } catch (error) {
    throw await identityError(error, call, watch);
  } finally {
    clearTimeout(deadline);
    watch.stop();
    unlink();
  }
  if (!identity.Account) {
    throw new CoveError("HUB_IDENTITY_FAILED", "sts:GetCallerIdentity returned no account id.");
  }
  return { accountId: identity.Account, arn: identity.Arn ?? "" };
}

/** `HUB_IDENTITY_FAILED` for an identity call that had no answer by its deadline. */
function noAnswer(watch: CallWatch, region: string): CoveError {
  const e = watch.event();
  const seconds = `${Math.round(e.deadlineMs / 1000)} s`;
  if (e.endpoint === undefined) {
    return new CoveError(
      "HUB_IDENTITY_FAILED",
      `Could not load the calling account's credentials in ${seconds} (the AWS SDK's credential chain: profile, SSO, credential_process, container or instance role), so sts:GetCallerIdentity was never sent.`,
    );
  }
  const last = e.lastError === undefined ? "none answered" : `the last failed with ${e.lastError}`;
  const hint =
    "Check the network (proxy, VPN, firewall) and the endpoint (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_STS or the profile's endpoint_url).";
  return new CoveError(
    "HUB_IDENTITY_FAILED",
    `Could not read the calling account's identity: ${e.endpoint} did not answer sts:GetCallerIdentity (in ${region}) within ${seconds} (${count(e.attempts, "attempt")}, ${last}). ${hint}`,
    { endpoint: e.endpoint, attempts: e.attempts, hint },
  );
}

/** How the SDK's chain was asked for the hub's credentials: the `profile` option, else AWS_PROFILE. */
function chainRequest(settings: HubOptions): CredentialsRequest {
  return {
    profile: settings.profile ?? (settings.env.AWS_PROFILE || undefined),
    namedBy: settings.profile !== undefined ? 'the "profile" option' : "AWS_PROFILE",
    setting: 'the "profile" option',
    env: settings.env,
  };
}

/** The hub's credentials failure, said as {@link identityError} says it, if they cannot be loaded. */
async function credentialsProblem(
  sts: STSClient,
  settings: HubOptions,
): Promise<CoveError | undefined> {
  try {
    await sts.config.credentials();
    return undefined;
  } catch (error) {
    if (error instanceof CoveError) return error;
    if (!isCredentialsFailure(error) || settings.credentials !== undefined) return undefined;
    return credentialsError(error, chainRequest(settings));
  }
}

/**
 * The error of a failed identity call, saying what to do where botocove knows: credentials
 * the SDK's chain could not find (which profile, whether it exists, what to run), a refused
 * connection (which endpoint), anything else with the endpoint and the attempts made.
 */
async function identityError(error: unknown, call: IdentityCall, watch: CallWatch) {
  if (error instanceof CoveError) return error; // aborted, out of file descriptors, a callback
  const { settings, region } = call;
  if (isCredentialsFailure(error) && settings.credentialsRequest !== undefined) {
    return credentialsError(error, settings.credentialsRequest);
  }
  const endpoint = watch.endpoint;
  const where = endpoint === undefined ? {} : { endpoint, attempts: watch.attempts };
  if (isConnectionRefused(error) && endpoint !== undefined) {
    const hint =
      "Check the endpoint (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_STS or the profile's endpoint_url) and that the service there is running.";
    return new CoveError(
      "HUB_IDENTITY_FAILED",
      `Could not reach STS at ${endpoint} (sts:GetCallerIdentity in ${region}): connection refused, ${count(watch.attempts, "attempt")}: nothing listens there. ${hint}`,
      { cause: error, hint, ...where },
    );
  }
  const at = endpoint === undefined ? "" : ` at ${endpoint}, ${count(watch.attempts, "attempt")}`;
  return new CoveError(
    "HUB_IDENTITY_FAILED",
    `Could not read the calling account's identity (sts:GetCallerIdentity in ${region}${at}): ${describeError(error)}`,
    { cause: error, ...where },
  );
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

/** `INVALID_OPTION` when `durationSeconds` asks more than a chained role session may last. */
function checkChaining(durationSeconds: number | undefined, arn: string): void {
  if (durationSeconds === undefined || durationSeconds <= 3600) return;
  if (!arn.includes(":assumed-role/")) return;
  throw new CoveError(
    "INVALID_OPTION",
    `Option "durationSeconds" must be at most 3600 here: the calling identity is itself an assumed role (${arn}), and AWS limits chained role sessions to one hour; received number ${durationSeconds}.`,
    { option: "durationSeconds" },
  );
}

/**
 * The caller identity through the hub's STS client (Organizations + AssumeRole access): its
 * account and ARN, the partition (the option, else the ARN's) and the chaining check.
 */
export async function readCallerIdentity(
  sts: STSClient,
  region: string,
  settings: IdentitySettings,
): Promise<HubIdentity> {
  const { accountId, arn } = await readIdentity(sts, { settings, region });
  const partition = settings.partition ?? partitionFromArn(arn) ?? "aws";
  checkChaining(settings.durationSeconds, arn);
  return { accountId, arn, partition };
}

/**
 * Resolves the hub: its region (else the access's default), its shared clients, and who it
 * is (asked of the access).
 */
export async function resolveHub(
  options: HubSettings,
  access: HubAccess,
  handler: NodeHttpHandler,
): Promise<Hub> {
  const base = hubClientConfig(options, handler);
  // Each client learns its own service's rate: Organizations throttling must not slow STS.
  // A refused connection before STS ever answered is said at once (two attempts).
  const sts = new STSClient({ ...base, retryStrategy: new FirstContactRetryStrategy() });
  let region: string;
  try {
    region = await resolveRegion(sts, access.defaultRegion);
  } catch (error) {
    // No region and no credentials (a new machine): the credentials' advice (`aws configure`) covers both.
    const credentials =
      access.defaultRegion === undefined ? await credentialsProblem(sts, options) : undefined;
    sts.destroy();
    throw credentials ?? error;
  }
  const organizations = new OrganizationsClient({
    ...base,
    region,
    retryStrategy: adaptiveRetry(),
  });
  const destroy = () => {
    sts.destroy();
    organizations.destroy();
  };
  const { partition, durationSeconds, signal, onWait } = options;
  const credentialsRequest = options.credentials === undefined ? chainRequest(options) : undefined;
  try {
    const identity = await access.identify(sts, region, {
      partition,
      durationSeconds,
      signal,
      onWait,
      credentialsRequest,
    });
    return { ...identity, region, sts, organizations, destroy };
  } catch (error) {
    destroy();
    throw error;
  }
}
