import { DescribeOrganizationCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { CallWatch } from "../../aws/call-watch.js";
import { deadlines } from "../../aws/deadlines.js";
import type { CoveOptions } from "../../index.js";
import { errorLine, isCoveError } from "../errors.js";
import type { HubIdentity } from "../job/header.js";

const silent = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/** Attempts of each call (the SDK's standard retries). */
const MAX_ATTEMPTS = 4;

/**
 * Each call of the hub's identity has the deadlines of cove's own calls (5 s to connect, 20 s
 * for an answer: an attempt not answered by then fails, and is retried).
 */
const config = (options: CoveOptions) => {
  const { connectMs, requestMs } = deadlines();
  return {
    ...(options.region === undefined ? {} : { region: options.region }),
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
    requestHandler: new NodeHttpHandler({
      connectionTimeout: connectMs,
      requestTimeout: requestMs,
      throwOnRequestTimeout: true,
      socketTimeout: requestMs,
    }),
    maxAttempts: MAX_ATTEMPTS,
    logger: silent,
  };
};

/**
 * The organization id the hub belongs to: that of the accounts a resolved list (`--cache-ttl`)
 * holds, else read (`null` when it cannot be: no access, no organization).
 */
async function organizationId(options: CoveOptions): Promise<string | null> {
  const listed = options.accounts?.find((a) => typeof a.OrganizationId === "string");
  if (listed?.OrganizationId !== undefined) return listed.OrganizationId;
  const client = new OrganizationsClient(config(options));
  try {
    const out = await client.send(new DescribeOrganizationCommand({}));
    return out.Organization?.Id ?? null;
  } catch {
    return null;
  } finally {
    client.destroy();
  }
}

/**
 * The hub of a journaled job (one `sts:GetCallerIdentity`, and one
 * `organizations:DescribeOrganization` unless the account list is already resolved), read before any role is assumed so that a journal
 * is never resumed from another hub. Not used with an IAM Identity Center login (there is no
 * calling account; the portal's start URL is the job's). A hub that cannot be read is an error.
 */
export async function readHubIdentity(options: CoveOptions): Promise<HubIdentity> {
  const sts = new STSClient(config(options));
  // `onWait` hears of an endpoint that does not answer, as for the run's own first call.
  const watch = new CallWatch({
    operation: "sts:GetCallerIdentity",
    deadlineMs: MAX_ATTEMPTS * (deadlines().connectMs + deadlines().requestMs),
    onWait: options.onWait,
    onCallbackError: () => undefined,
  });
  let account: string | undefined;
  try {
    const command = new GetCallerIdentityCommand({});
    watch.watch(command.middlewareStack);
    account = (await sts.send(command)).Account;
  } catch (error) {
    if (isCoveError(error)) throw error; // the hub's credentials, said as the run would say them
    const at =
      watch.endpoint === undefined ? "" : ` at ${watch.endpoint}, ${watch.attempts} attempts`;
    throw new Error(
      `could not read the calling account for the journal (sts:GetCallerIdentity${at}): ${errorLine(error)}`,
      { cause: error },
    );
  } finally {
    watch.stop();
    sts.destroy();
  }
  if (!account) throw new Error("sts:GetCallerIdentity returned no account id.");
  return { account, organization: await organizationId(options) };
}
