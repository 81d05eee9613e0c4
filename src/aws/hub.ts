import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import type { NodeHttpHandler } from "@smithy/node-http-handler";
import { CoveError } from "../errors/cove-error.js";
import { describeError } from "../errors/describe.js";
import { silentLogger } from "./pool.js";
import { adaptiveRetry } from "./retry.js";
import { deadlines } from "./deadlines.js";
import { retryTransient } from "./transient.js";
import { partitionFromArn } from "../domain/ids.js";
import { partitionOfRegion } from "../domain/regions.js";
import type { HubOptions } from "../options/index.js";

/** The calling ("hub") account and the clients that act for it. */
export interface Hub {
  /** The calling account; `undefined` with an IAM Identity Center login (there is none). */
  accountId: string | undefined;
  /** The caller identity ARN (`…:assumed-role/…` when the hub itself runs on a role). */
  arn: string | undefined;
  partition: string;
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
 * Finds the hub region the way the SDK would (option, env, profile), else `fallback` (an
 * Identity Center login's portal region), or fails clearly.
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
  /**
   * With an IAM Identity Center login: its portal region, the region and partition when none
   * is given. There is no calling account, so no caller identity is read.
   */
  portalRegion?: string | undefined;
}

/** The caller identity (one GetCallerIdentity, transient faults retried for a minute). */
async function readIdentity(sts: STSClient, region: string, signal: AbortSignal | undefined) {
  let identity;
  try {
    identity = await retryTransient(
      () => sts.send(new GetCallerIdentityCommand({}), { abortSignal: signal }),
      { deadlineMs: deadlines().hubRetryMs, signal },
    );
  } catch (error) {
    if (error instanceof CoveError) throw error; // aborted, or out of file descriptors
    throw new CoveError(
      "HUB_IDENTITY_FAILED",
      `Could not read the calling account's identity (sts:GetCallerIdentity in ${region}): ${describeError(error)}`,
      { cause: error },
    );
  }
  if (!identity.Account) {
    throw new CoveError("HUB_IDENTITY_FAILED", "sts:GetCallerIdentity returned no account id.");
  }
  return { accountId: identity.Account, arn: identity.Arn ?? "" };
}

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

/** Resolves the hub: region, caller identity and partition, and its shared clients. */
export async function resolveHub(options: HubSettings, handler: NodeHttpHandler): Promise<Hub> {
  const base = hubClientConfig(options, handler);
  // Each client learns its own service's rate: Organizations throttling must not slow STS.
  const sts = new STSClient({ ...base, retryStrategy: adaptiveRetry() });
  let region: string;
  try {
    region = await resolveRegion(sts, options.portalRegion);
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
  const clients = { region, sts, organizations, destroy };
  if (options.portalRegion !== undefined) {
    const partition = options.partition ?? partitionOfRegion(options.portalRegion) ?? "aws";
    return { accountId: undefined, arn: undefined, partition, ...clients };
  }
  try {
    const { accountId, arn } = await readIdentity(sts, region, options.signal);
    const partition = options.partition ?? partitionFromArn(arn) ?? "aws";
    checkChaining(options.durationSeconds, arn);
    return { accountId, arn, partition, ...clients };
  } catch (error) {
    destroy();
    throw error;
  }
}
