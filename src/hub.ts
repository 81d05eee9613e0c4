import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { AdaptiveRetryStrategy } from "@smithy/core/retry";
import type { NodeHttpHandler } from "@smithy/node-http-handler";
import { CoveError, describeError } from "./errors.js";
import { silentLogger } from "./http.js";
import { FleetRateLimiter } from "./rate-limiter.js";
import { partitionFromArn } from "./ids.js";
import type { ResolvedOptions } from "./options.js";

/** The calling ("hub") account and the clients that act for it. */
export interface Hub {
  accountId: string;
  /** The caller identity ARN (`…:assumed-role/…` when the hub itself runs on a role). */
  arn: string;
  partition: string;
  region: string;
  /** One STS client for every AssumeRole, on the hub region's regional endpoint. */
  sts: STSClient;
  organizations: OrganizationsClient;
  destroy(): void;
}

/** Attempts per hub call (the SDK default of 3 gives up too soon in a throttling storm). */
const HUB_MAX_ATTEMPTS = 10;

/**
 * The SDK's adaptive retry strategy: its client-side rate limiter learns the service's rate
 * from throttling answers. One STS client carries every AssumeRole of a call, so this one
 * limiter paces them all.
 */
function adaptiveRetry(): AdaptiveRetryStrategy {
  return new AdaptiveRetryStrategy(HUB_MAX_ATTEMPTS, {
    rateLimiter: new FleetRateLimiter(),
    backoff: pacedBackoff(),
  });
}

/** Largest base delay between attempts: the rate limiter already spaces retried requests. */
const MAX_BASE_DELAY_MS = 100;

/**
 * Exponential backoff with full jitter, like the SDK's, but with the base delay capped: the
 * SDK waits a 1 s base after a throttle, which the limiter makes redundant (it paces every
 * attempt) and which would stretch the tail of a large run by seconds.
 */
function pacedBackoff() {
  let base = MAX_BASE_DELAY_MS;
  return {
    setDelayBase(delay: number) {
      base = Math.min(delay, MAX_BASE_DELAY_MS);
    },
    computeNextBackoffDelay(attempts: number) {
      return Math.floor(Math.random() * Math.min(20_000, base * 2 ** attempts));
    },
  };
}

/** Client config shared by the hub's clients, from the user's options. */
function hubClientConfig(options: ResolvedOptions, handler: NodeHttpHandler) {
  return {
    ...(options.region === undefined ? {} : { region: options.region }),
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
    ...(options.profile === undefined ? {} : { profile: options.profile }),
    requestHandler: handler,
    logger: silentLogger,
  };
}

/** Finds the hub region the way the SDK would (option, env, profile), or fails clearly. */
async function resolveRegion(sts: STSClient): Promise<string> {
  let region: string | undefined;
  try {
    region = await sts.config.region();
  } catch {
    region = undefined;
  }
  if (!region) {
    throw new CoveError(
      "NO_REGION",
      'No region: pass the "region" option, or set AWS_REGION (or a region in the AWS profile).',
      { option: "region" },
    );
  }
  return region;
}

/** Resolves the hub: region, caller identity and partition, and its shared clients. */
export async function resolveHub(options: ResolvedOptions, handler: NodeHttpHandler): Promise<Hub> {
  const base = hubClientConfig(options, handler);
  // Each client learns its own service's rate: Organizations throttling must not slow STS.
  const sts = new STSClient({ ...base, retryStrategy: adaptiveRetry() });
  let region: string;
  try {
    region = await resolveRegion(sts);
  } catch (error) {
    sts.destroy();
    throw error;
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
  try {
    let identity;
    try {
      identity = await sts.send(new GetCallerIdentityCommand({}), { abortSignal: options.signal });
    } catch (error) {
      throw new CoveError(
        "HUB_IDENTITY_FAILED",
        `Could not read the calling account's identity (sts:GetCallerIdentity in ${region}): ${describeError(error)}`,
        { cause: error },
      );
    }
    const accountId = identity.Account;
    const arn = identity.Arn ?? "";
    if (!accountId) {
      throw new CoveError("HUB_IDENTITY_FAILED", "sts:GetCallerIdentity returned no account id.");
    }
    const partition = options.partition ?? partitionFromArn(arn) ?? "aws";
    if (
      options.durationSeconds !== undefined &&
      options.durationSeconds > 3600 &&
      arn.includes(":assumed-role/")
    ) {
      throw new CoveError(
        "INVALID_OPTION",
        `Option "durationSeconds" must be at most 3600 here: the calling identity is itself an assumed role (${arn}), and AWS limits chained role sessions to one hour; received number ${options.durationSeconds}.`,
        { option: "durationSeconds" },
      );
    }
    return { accountId, arn, partition, region, sts, organizations, destroy };
  } catch (error) {
    destroy();
    throw error;
  }
}
