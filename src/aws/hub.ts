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

/**
 * The caller identity through the hub's STS client (Organizations + AssumeRole access): its
 * account and ARN, the partition (the option, else the ARN's) and the chaining check.
 */
export async function readCallerIdentity(
  sts: STSClient,
  region: string,
  settings: IdentitySettings,
): Promise<HubIdentity> {
  const { accountId, arn } = await readIdentity(sts, region, settings.signal);
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
  const sts = new STSClient({ ...base, retryStrategy: adaptiveRetry() });
  let region: string;
  try {
    region = await resolveRegion(sts, access.defaultRegion);
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
  const { partition, durationSeconds, signal } = options;
  try {
    const identity = await access.identify(sts, region, { partition, durationSeconds, signal });
    return { ...identity, region, sts, organizations, destroy };
  } catch (error) {
    destroy();
    throw error;
  }
}
