import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import type { NodeHttpHandler } from "@smithy/node-http-handler";
import { CoveError, describeError } from "./errors.js";
import { silentLogger } from "./http.js";
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

/** Retries for the hub's control-plane calls: adaptive mode rate-limits after throttling. */
const HUB_RETRY = { retryMode: "adaptive", maxAttempts: 10 } as const;

/** Client config shared by the hub's clients, from the user's options. */
function hubClientConfig(options: ResolvedOptions, handler: NodeHttpHandler) {
  return {
    ...(options.region === undefined ? {} : { region: options.region }),
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
    ...(options.profile === undefined ? {} : { profile: options.profile }),
    requestHandler: handler,
    logger: silentLogger,
    ...HUB_RETRY,
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
  const probe = new STSClient(hubClientConfig(options, handler));
  let region: string;
  try {
    region = await resolveRegion(probe);
  } finally {
    probe.destroy();
  }
  const config = { ...hubClientConfig(options, handler), region };
  const sts = new STSClient(config);
  const organizations = new OrganizationsClient(config);
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
    return { accountId, arn, partition, region, sts, organizations, destroy };
  } catch (error) {
    destroy();
    throw error;
  }
}
