import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";

/** The credentials of one target account, shared by all its regions. */
export interface AccountCredentials {
  /** The first fetch: settles once, its failure is the account's failure in every region. */
  first: Promise<AwsCredentialIdentity>;
  /** Auto-refreshing provider: fetches new credentials shortly before these expire. */
  provider: AwsCredentialIdentityProvider;
}

/**
 * Where the runs of a call get their credentials: STS AssumeRole from the hub, or the
 * Identity Center portal's role credentials. The scheduler asks once per account.
 */
export interface CredentialSource {
  /** Starts fetching the account's credentials now; `signal` ends the fetch when the call stops. */
  forAccount(accountId: string, signal: AbortSignal): AccountCredentials;
}
