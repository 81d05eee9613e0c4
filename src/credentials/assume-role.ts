import { AssumeRoleCommand, type STSClient } from "@aws-sdk/client-sts";
import type { RoleOptions } from "../options/index.js";
import { deadlines } from "../aws/deadlines.js";
import { breakerFor } from "../aws/transient.js";
import { obtain, refreshing, type Obtained } from "./refreshing.js";
import type { AccountCredentials, CredentialSource } from "./source.js";

/** What every AssumeRole of a call sends, besides the account. */
export interface AssumeRoleSettings extends RoleOptions {
  /** The partition of the role ARN. */
  partition: string;
}

/** Role ARN of `roleName` (which may carry a path) in an account. */
export function roleArn(partition: string, accountId: string, roleName: string): string {
  return `arn:${partition}:iam::${accountId}:role/${roleName}`;
}

/** The AssumeRole request for one account. */
function assumeRoleCommand(accountId: string, settings: AssumeRoleSettings): AssumeRoleCommand {
  return new AssumeRoleCommand({
    RoleArn: roleArn(settings.partition, accountId, settings.roleName),
    RoleSessionName: settings.roleSessionName,
    ...(settings.policy === undefined ? {} : { Policy: settings.policy }),
    ...(settings.policyArns === undefined ? {} : { PolicyArns: settings.policyArns }),
    ...(settings.externalId === undefined ? {} : { ExternalId: settings.externalId }),
    ...(settings.durationSeconds === undefined
      ? {}
      : { DurationSeconds: settings.durationSeconds }),
  });
}

/**
 * Assumes the role in one account through the shared hub STS client (once, now), and returns
 * a provider that hands out those credentials and refreshes them before they expire.
 */
export function assumeRoleCredentials(
  sts: STSClient,
  accountId: string,
  settings: AssumeRoleSettings,
  signal?: AbortSignal,
): AccountCredentials {
  const assume = async (): Promise<Obtained> => {
    // What the SDK's retries give up on (attempts spent, or its shared retry capacity drained
    // in a storm) is tried again until the account's deadline: a transient fault delays an
    // account, it does not lose it. Permanent errors end at once, and so does everything once
    // STS has failed every account for a whole deadline (an outage).
    const { answer, obtained } = await obtain(
      () =>
        sts.send(
          assumeRoleCommand(accountId, settings),
          // The account's own signal (one listener), not the call's: thousands of AssumeRoles
          // listening on one signal would make every add and remove cost O(listeners).
          signal === undefined ? undefined : { abortSignal: signal },
        ),
      { deadlineMs: deadlines().retryMs, signal, breaker: breakerFor(sts) },
    );
    const c = answer.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) {
      throw new Error(`sts:AssumeRole returned no credentials for account ${accountId}`);
    }
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      ...(c.SessionToken === undefined ? {} : { sessionToken: c.SessionToken }),
      ...(c.Expiration === undefined ? {} : { expiration: new Date(c.Expiration) }),
      accountId,
      obtained,
    };
  };
  return refreshing(assume);
}

/** Credentials from AssumeRole in each account, through the hub's one STS client. */
export function assumeRoleSource(sts: STSClient, settings: AssumeRoleSettings): CredentialSource {
  return {
    forAccount: (accountId, signal) => assumeRoleCredentials(sts, accountId, settings, signal),
  };
}
