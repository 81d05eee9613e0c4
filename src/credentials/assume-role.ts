import { AssumeRoleCommand, type STSClient } from "@aws-sdk/client-sts";
import { isThrottlingError } from "@smithy/core/retry";
import { memoize } from "@smithy/property-provider";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import type { PolicyArn } from "../types.js";

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

/**
 * Rounds of the SDK's own retries an AssumeRole gets when STS keeps throttling. The SDK gives
 * up when its shared retry capacity runs dry (a storm over thousands of accounts drains it);
 * throttling is a reason to wait, not to lose an account, so the call is tried again after a
 * pause, paced by the same rate limiter.
 */
const THROTTLED_ROUNDS = 6;
const THROTTLED_PAUSE_MS = 1_000;

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
    const obtained = Date.now();
    const send = () =>
      sts.send(
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
    let out: Awaited<ReturnType<typeof send>>;
    for (let round = 1; ; round++) {
      try {
        out = await send();
        break;
      } catch (error) {
        if (round >= THROTTLED_ROUNDS || signal?.aborted || !isThrottlingError(error as never))
          throw error;
        await new Promise((r) => setTimeout(r, THROTTLED_PAUSE_MS * round * (0.5 + Math.random())));
      }
    }
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
