import { AssumeRoleCommand, type STSClient } from "@aws-sdk/client-sts";
import { memoize } from "@smithy/property-provider";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import type { PolicyArn } from "../types.js";
import { deadlines } from "../aws/deadlines.js";
import { breakerFor, retryTransient } from "../aws/transient.js";

/** What every AssumeRole of a call sends, besides the account. */
export interface AssumeRoleSettings {
  partition: string;
  roleName: string;
  roleSessionName: string;
  policy: string | undefined;
  policyArns: PolicyArn[] | undefined;
  externalId: string | undefined;
  durationSeconds: number | undefined;
}

/** The assumed-role credentials of one account, shared by all its regions. */
export interface AccountCredentials {
  /** The first AssumeRole: settles once, its failure is the account's failure in every region. */
  first: Promise<AwsCredentialIdentity>;
  /** Auto-refreshing provider: re-assumes the role shortly before the credentials expire. */
  provider: AwsCredentialIdentityProvider;
}

/** Longest time before expiry at which credentials are refreshed. */
const REFRESH_WINDOW_MS = 5 * 60_000;

/** Role ARN of `roleName` (which may carry a path) in an account. */
export function roleArn(partition: string, accountId: string, roleName: string): string {
  return `arn:${partition}:iam::${accountId}:role/${roleName}`;
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
  const assume = async (): Promise<AwsCredentialIdentity & { obtained: number }> => {
    let obtained = Date.now();
    const send = () => {
      obtained = Date.now(); // the lifetime counts from the attempt that succeeds
      return sts.send(
        new AssumeRoleCommand({
          RoleArn: roleArn(settings.partition, accountId, settings.roleName),
          RoleSessionName: settings.roleSessionName,
          ...(settings.policy === undefined ? {} : { Policy: settings.policy }),
          ...(settings.policyArns === undefined ? {} : { PolicyArns: settings.policyArns }),
          ...(settings.externalId === undefined ? {} : { ExternalId: settings.externalId }),
          ...(settings.durationSeconds === undefined
            ? {}
            : { DurationSeconds: settings.durationSeconds }),
        }),
        // The account's own signal (one listener), not the call's: thousands of AssumeRoles
        // listening on one signal would make every add and remove cost O(listeners).
        signal === undefined ? undefined : { abortSignal: signal },
      );
    };
    // What the SDK's retries give up on (attempts spent, or its shared retry capacity drained
    // in a storm) is tried again until the account's deadline: a transient fault delays an
    // account, it does not lose it. Permanent errors end at once, and so does everything once
    // STS has failed every account for a whole deadline (an outage).
    const out = await retryTransient(send, {
      deadlineMs: deadlines().retryMs,
      signal,
      breaker: breakerFor(sts),
    });
    const c = out.Credentials;
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

  const first = assume();
  let seed: typeof first | undefined = first;
  const provider = memoize(
    () => {
      const next = seed ?? assume();
      seed = undefined;
      return next;
    },
    (creds) => {
      if (creds.expiration === undefined) return false;
      const expires = creds.expiration.getTime();
      const window = Math.min(REFRESH_WINDOW_MS, (expires - creds.obtained) / 2);
      return expires - Date.now() <= window;
    },
    (creds) => creds.expiration !== undefined,
  );
  // Strip the bookkeeping field from what users see.
  const publicProvider: AwsCredentialIdentityProvider = async () => {
    const { obtained: _obtained, ...creds } = await provider();
    return creds;
  };
  first.catch(() => {});
  return { first, provider: publicProvider };
}
