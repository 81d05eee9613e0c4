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

/** What hub resolution needs: the hub options, the role's duration (chaining check), a signal. */
export interface HubSettings extends HubOptions {
  durationSeconds: number | undefined;
  signal: AbortSignal | undefined;
}

/** Resolves the hub: region, caller identity and partition, and its shared clients. */
export async function resolveHub(options: HubSettings, handler: NodeHttpHandler): Promise<Hub> {
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
      identity = await retryTransient(
        () => sts.send(new GetCallerIdentityCommand({}), { abortSignal: options.signal }),
        { deadlineMs: deadlines().hubRetryMs, signal: options.signal },
      );
    } catch (error) {
      if (error instanceof CoveError) throw error; // aborted, or out of file descriptors
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
