import type { STSClient } from "@aws-sdk/client-sts";
import type { Hub } from "../aws/hub.js";
import type { CredentialSource } from "../credentials/source.js";
import type { ExplicitAccounts } from "../discovery/explicit.js";
import type { Organizations } from "../discovery/organizations.js";
import type { OuTree } from "../discovery/ou-tree.js";
import type { SelectionCounts } from "../discovery/selector.js";
import type { CoveError } from "../errors/cove-error.js";
import type { RoleOptions, SelectionOptions } from "../options/index.js";
import type { CoveTargets } from "../run/list-targets.js";
import type { AccountInfo, Shard, WaitEvent } from "../types.js";
import type { CredentialsRequest } from "../aws/credentials-help.js";

/** Who the hub is. */
export interface HubIdentity {
  /** The calling account; `undefined` with Identity Center (there is none). */
  accountId: string | undefined;
  /** The caller identity ARN; `undefined` with Identity Center. */
  arn: string | undefined;
  /** The partition of every run's credentials. */
  partition: string;
}

/** What reading the hub's identity needs from the options. */
export interface IdentitySettings {
  /**
   * The `partition` option.
   * @default undefined: from the caller identity ARN, or the Identity Center region
   */
  partition: string | undefined;
  /** The role's `durationSeconds` (a chained role session lasts at most an hour). */
  durationSeconds: number | undefined;
  /** The call's signal. */
  signal: AbortSignal | undefined;
  /**
   * The `onWait` option: told when the identity call goes 3 s without an answer.
   * @default undefined
   */
  onWait?: ((event: WaitEvent) => void) | undefined;
  /**
   * How the SDK's credential chain was asked (the `profile` option or `AWS_PROFILE`), to say
   * what it lacked; `undefined` when the caller gave its own `credentials`.
   * @default undefined
   */
  credentialsRequest?: CredentialsRequest | undefined;
}

/** Reads an account's tags. */
export type TagReader = (accountId: string) => Promise<Record<string, string>>;

/** What one discovery asks of the {@link Access} (its requests stop with the discovery). */
export interface AccessDiscovery {
  /**
   * Whether the user's `filter` sees each account's OU path (so a filter makes discovery read
   * the OU tree). Identity Center: `false`, the filter sees what the portal lists.
   */
  filterSeesOuPath: boolean;
  /**
   * What must hold before the gate opens (e.g. Identity Center: Organizations readable when
   * the selection needs it, the login's token accepted); rejects with the `CoveError`.
   */
  check(tree: OuTree, selection: SelectionOptions): Promise<void>;
  /** The metadata of explicitly targeted account ids (`undefined`: run without metadata). */
  lookup(ids: readonly string[]): Promise<ExplicitAccounts>;
  /**
   * Whether the caller may run in a listed account, asked by the selector after the ignores
   * and the shard (Identity Center: the login has the permission set there); `undefined`:
   * every listed account.
   */
  mayRun: ((accountId: string) => Promise<boolean>) | undefined;
  /** The tag reader of a selection; `undefined` when tags are never read. */
  tagReader(selection: SelectionOptions): TagReader | undefined;
  /**
   * The whole selection listed by the access itself, page by page, every account offered
   * (failures are `CoveError`s); `undefined` when Organizations lists it (the default).
   */
  ownListing(selection: SelectionOptions): AsyncIterator<AccountInfo[], void> | undefined;
}

/**
 * Where a call's accounts and credentials come from: AWS Organizations and an AssumeRole
 * per account, or an Identity Center login's portal. Chosen once per call (`openAccess` in
 * `src/access/open.ts`) and asked by the hub, discovery, the scheduler and the dry run.
 */
export interface Access {
  /**
   * The hub's region when the options, environment and profile name none.
   * @default undefined (Identity Center: the portal's region)
   */
  defaultRegion: string | undefined;
  /** Reads who the hub is, once its region is known. */
  identify(sts: STSClient, region: string, settings: IdentitySettings): Promise<HubIdentity>;
  /** The reads of one discovery, on its Organizations reads and signal. */
  discovery(org: Organizations, signal: AbortSignal): AccessDiscovery;
  /** `NO_ELIGIBLE_ACCOUNTS` when nothing is left to run, else `undefined`. */
  emptySelection(counts: SelectionCounts, shard: Shard | undefined): CoveError | undefined;
  /** Where each account's credentials come from, once the hub is resolved. */
  credentials(hub: Hub, role: RoleOptions): CredentialSource;
  /** What the dry run adds to its answer (the accounts the access rule left out). */
  targets(withoutAccess: string[]): Pick<CoveTargets, "identityCenter">;
  /** Releases what the access holds (its clients); later calls do nothing. */
  close(): void;
}
