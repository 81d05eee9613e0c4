import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import type { AutoShard } from "./domain/shard.js";

/** A managed session policy, as STS `PolicyArns` takes it. */
export interface PolicyArn {
  /** ARN of an IAM managed policy. */
  arn: string;
}

/** Account metadata as Organizations reports it (all fields but `Id` may be unknown). */
export interface AccountInfo {
  /** 12-digit account id. */
  Id: string;
  /** Account name. */
  Name?: string;
  /** Root user e-mail. */
  Email?: string;
  /** Organizations account ARN (`arn:aws:organizations::<mgmt>:account/o-…/<id>`). */
  Arn?: string;
  /** `ACTIVE`, `SUSPENDED`, `PENDING_CLOSURE`… (from `State`, else the legacy `Status`). */
  Status?: string;
  /**
   * The account's `State` as AWS Organizations sends it now (`PENDING_ACTIVATION`, `ACTIVE`,
   * `SUSPENDED`, `PENDING_CLOSURE`, `CLOSED`); the legacy `Status` field was retired on
   * 2026-09-09. Absent when Organizations did not send it.
   */
  State?: string;
  /** The organization id (`o-…`). */
  OrganizationId?: string;
  /** Organizations tags of the account, when they were read. */
  Tags?: Record<string, string>;
  /** Path of OU names from the root, e.g. `/Workloads/Prod`, when it was read. */
  OuPath?: string;
}

/** The keys of {@link AccountInfo} that every record carries. */
type RecordAccountKey =
  "Id" | "Name" | "Email" | "Arn" | "Status" | "State" | "OrganizationId" | "Tags" | "OuPath";

/** How a run assumed its role (optional keys were not set). */
interface RunRoleKeys {
  /** The region of this run. */
  Region: string;
  /** e.g. `aws`, `aws-cn`, `aws-us-gov`. */
  Partition: string;
  /** The role assumed. */
  RoleName: string;
  /** The `RoleSessionName` of the AssumeRole call. */
  RoleSessionName: string;
  /** The inline session policy, when set. */
  Policy?: string;
  /** The managed session policies, when set. */
  PolicyArns?: PolicyArn[];
  /** The `ExternalId` of the AssumeRole call, when set. */
  ExternalId?: string;
}

/** Every key of `T` present: an optional key becomes a required one that may be `undefined`. */
type AllPresent<T> = { [K in keyof Required<T>]: T[K] };

/** Keys every record shares. Optional keys are absent when unknown. */
export interface CoveRecordBase extends Pick<AccountInfo, RecordAccountKey>, RunRoleKeys {}

/**
 * What a run knows about itself: the record keys, all present (`undefined` where unknown);
 * in output records undefined keys are left out.
 */
export interface SessionInformation extends AllPresent<CoveRecordBase> {
  /** `true` once the role was assumed (always `true` while the function runs). */
  AssumeRoleSuccess: boolean;
  Result: unknown;
  ExceptionDetails: unknown;
}

/**
 * A run that succeeded. The `Result` key is absent when the function returned `undefined`
 * (reading it then gives `undefined`, as its type says); `null` is kept.
 */
export interface CoveResult<out R> extends CoveRecordBase {
  AssumeRoleSuccess: true;
  /** What the function returned. */
  Result: R;
}

/** A run whose role was assumed but whose function threw. */
export interface CoveException extends CoveRecordBase {
  AssumeRoleSuccess: true;
  /** The thrown value itself. */
  ExceptionDetails: unknown;
}

/** A run whose role could not be assumed (the function never ran). */
export interface CoveFailedAssumeRole extends CoveRecordBase {
  AssumeRoleSuccess: false;
  /** The error STS (or the credential chain) raised. */
  ExceptionDetails: unknown;
}

/** What a wrapped function resolves to: every account × region in exactly one list. */
export interface CoveOutput<out R> {
  /** Runs that returned. */
  Results: CoveResult<R>[];
  /** Runs that threw after the role was assumed. */
  Exceptions: CoveException[];
  /** Runs whose role could not be assumed. */
  FailedAssumeRole: CoveFailedAssumeRole[];
}

/**
 * One finished run, tagged with the output list it belongs to: `{ list: "Results"; record:
 * CoveResult<R> }`, `{ list: "Exceptions"; record: CoveException }` or `{ list:
 * "FailedAssumeRole"; record: CoveFailedAssumeRole }` (one per key of {@link CoveOutput}).
 */
export type CoveEvent<R> = {
  [L in keyof CoveOutput<R>]: { list: L; record: CoveOutput<R>[L][number] };
}[keyof CoveOutput<R>];

/** Progress of a run, as given to a `progress` callback. */
export interface ProgressEvent {
  /** Account × region runs finished so far. */
  finished: number;
  /** All runs of this call; `undefined` while the organization is still being listed. */
  total: number | undefined;
  /** Runs started so far. */
  started: number;
  results: number;
  exceptions: number;
  failedAssumeRole: number;
}

/**
 * botocove has waited a while for an answer to a call of its own: given to the `onWait`
 * option. Today that call is the hub's identity (`sts:GetCallerIdentity`), the first call of
 * every run; an endpoint that does not answer would otherwise mean a minute of silence.
 */
export interface WaitEvent {
  /** The call waited for, as `service:Operation`: `"sts:GetCallerIdentity"`. */
  operation: string;
  /**
   * Where it is sent, as `host:port` (`sts.eu-west-1.amazonaws.com:443`); `undefined` while
   * no attempt was sent yet (the hub's credentials are still being loaded).
   */
  endpoint: string | undefined;
  /** Milliseconds since the call started. */
  waitedMs: number;
  /**
   * Milliseconds from the start after which no new attempt starts: the call then fails with
   * a `CoveError` `HUB_IDENTITY_FAILED` naming the endpoint.
   */
  deadlineMs: number;
  /** Attempts sent so far. */
  attempts: number;
  /**
   * The last failed attempt, described (`TimeoutError: …`, `Error: connect ETIMEDOUT …`);
   * `undefined` when no attempt has failed yet (the first one is still waiting).
   */
  lastError: string | undefined;
  /** That failure's code: a Node code (`ETIMEDOUT`, `ENOTFOUND`) or an AWS error name. */
  lastErrorCode: string | undefined;
}

/**
 * Who the calling ("hub") account is, as the `onHub` option hears it: read once per call,
 * before any discovery and before any role is assumed.
 */
export interface HubEvent {
  /** The calling account's id; `undefined` with `identityCenter` (there is no calling account). */
  accountId: string | undefined;
  /** The caller identity ARN; `undefined` with `identityCenter`. */
  arn: string | undefined;
  /** The partition of every run's credentials (`aws`, `aws-cn`, `aws-us-gov`, …). */
  partition: string;
  /** The hub's region. */
  region: string;
  /**
   * The organization the calling account belongs to (`o-…`): that of the `accounts` option's
   * records when they carry one, else read with one `organizations:DescribeOrganization`;
   * `undefined` when it cannot be read (no access, no organization) and with `identityCenter`.
   */
  organizationId: string | undefined;
}

/** Credentials of the hub account: fixed credentials or an SDK credential provider. */
export type HubCredentials = AwsCredentialIdentity | AwsCredentialIdentityProvider;

/** Gives the regions one account should run in. */
export type RegionsForAccount = (
  account: AccountInfo,
) => readonly string[] | Promise<readonly string[]>;

/** One account × region of a call, as {@link CoveOptions.skip} is asked about it. */
export interface AccountRegion {
  /** The account id. */
  readonly Id: string;
  /** The region. */
  readonly Region: string;
}

/** Splits the targets over several machines; see {@link CoveOptions.shard}. */
export interface Shard {
  /** This machine's index, `0 <= index < count`. */
  index: number;
  /** How many machines share the targets. */
  count: number;
}

/** Options of {@link cove}. Every field is optional. */
export interface CoveOptions<R = unknown> {
  /**
   * Account ids (12 digits), OU ids (`ou-…`, every account below, recursively), root ids
   * (`r-…`, the whole tree) and OU paths (`/Workloads/Prod`, by OU names from the root) to run in.
   * @default every ACTIVE account of the organization
   */
  targetIds?: readonly string[];
  /**
   * Ids of the same kinds to leave out; ignoring always wins over targeting. The calling
   * account is always left out.
   * @default none
   */
  ignoreIds?: readonly string[];
  /**
   * Role assumed in every target account (a path such as `team/Auditor` is allowed).
   * @default "OrganizationAccountAccessRole"
   */
  roleName?: string;
  /**
   * `RoleSessionName` of every AssumeRole call (2–64 characters of `[\w+=,.@-]`).
   * @default the role name (its last path segment)
   */
  roleSessionName?: string;
  /**
   * Inline session policy, JSON text.
   * @default none
   */
  policy?: string;
  /**
   * Managed session policies.
   * @default none
   */
  policyArns?: readonly PolicyArn[];
  /**
   * `ExternalId` of every AssumeRole call.
   * @default none
   */
  externalId?: string;
  /**
   * Credentials (or a provider) of the calling ("hub") account, used for STS and
   * Organizations. Not together with `profile`.
   * @default the SDK's default Node credential chain
   */
  credentials?: HubCredentials;
  /**
   * A shared-config profile for the hub, instead of `credentials`.
   * @default none (the SDK's default chain, which honours `AWS_PROFILE`)
   */
  profile?: string;
  /**
   * The hub's region: its STS regional endpoint, and the default target region.
   * @default the SDK's default region (`AWS_REGION`, then the profile)
   */
  region?: string;
  /**
   * Where to run every account. Each entry is a region name (checked with the SDK's
   * `partition()` lookup: a typo is a `CoveError` `INVALID_REGION` with a suggestion; opt-in
   * regions too), a glob such as `"eu-*"` (expanded within the calling account's partition to
   * the regions enabled by default: opt-in regions, launched after March 20, 2019, are left out),
   * or `"enabled"`: the regions enabled for each account, discovered with its assumed role (EC2
   * DescribeRegions; needs `@aws-sdk/client-ec2`). With `"enabled"`, other entries filter that
   * list, so `["enabled", "eu-*"]` reaches the opt-in regions each account has enabled. May also
   * be a function of the account giving its own regions.
   * @default [region]
   */
  regions?: readonly string[] | RegionsForAccount;
  /**
   * Region names or globs never to run in (applied after `regions`).
   * @default none
   */
  ignoreRegions?: readonly string[];
  /**
   * Keep accounts whose Organizations tags match: every key must match (AND), any listed
   * value of a key matches (OR). Tags are read once per account and appear in records as `Tags`.
   * @example { Environment: ["prod", "staging"], Team: "payments" }
   * @default none
   */
  tags?: Readonly<Record<string, string | readonly string[]>>;
  /**
   * A resolved account list (for example `listTargets().accounts`, cached) to run in instead
   * of listing the organization: no Organizations call is made. Cannot be combined with
   * `targetIds`, `ignoreIds`, `tags` or `filter`. The calling account is still left out and
   * `shard` still applies.
   * @default none (discover the targets)
   */
  accounts?: readonly AccountInfo[];
  /**
   * Read each account's OU path (`OuPath` in records) even without a `filter`: one
   * ListOrganizationalUnitsForParent and one ListAccountsForParent walk per OU.
   * @default false
   */
  ouPaths?: boolean;
  /**
   * Keep accounts for which this returns true. It sees the account's metadata, its `Tags`
   * and its `OuPath` (both read for this, once per account / once per OU).
   * @default none
   */
  filter?: (account: AccountInfo) => boolean | Promise<boolean>;
  /**
   * `DurationSeconds` of every AssumeRole (900-43200). Above 3600 it is refused when the hub
   * itself runs on an assumed role (role chaining is limited to one hour by AWS).
   * @default the role's default (one hour)
   */
  durationSeconds?: number;
  /**
   * Partition used in the role ARN (`aws`, `aws-cn`, `aws-us-gov`, …).
   * @default read from the caller identity ARN
   */
  partition?: string;
  /**
   * Reject on the first failure (an exception or a failed AssumeRole) instead of
   * collecting it: no new runs start and in-flight runs see `session.signal` aborted.
   * The promise rejects with the thrown value itself; the failing record still reaches
   * `onRecord` and the stream (which then throws).
   * @default false
   */
  raiseException?: boolean;
  /**
   * The most account × region runs in flight at once (a positive integer).
   * @default 20
   */
  concurrency?: number;
  /**
   * Cancels the whole run: no new runs start, in-flight runs see `session.signal`
   * aborted, and the promise rejects with a `CoveError` code `ABORTED` carrying what
   * had finished as `output`.
   * @default none
   */
  signal?: AbortSignal;
  /**
   * `false` silences the progress bar; a function receives {@link ProgressEvent}s instead.
   * @default a bar on stderr when stderr is a TTY
   */
  progress?: boolean | ((event: ProgressEvent) => void);
  /**
   * Called with each record as its run ends (in the promise form too).
   * @default none
   */
  onRecord?: (event: CoveEvent<R>) => void;
  /**
   * Called once when the hub's first call (`sts:GetCallerIdentity`) has gone 3 seconds
   * without an answer, with what is waited for: the endpoint, the last failed attempt, the
   * time left (see {@link WaitEvent}). The library never prints: this is how a caller can
   * say why it waits. If it throws, the call stops with `CALLBACK_FAILED`.
   * @default none
   */
  onWait?: (event: WaitEvent) => void;
  /**
   * Called once the hub's identity is read (see {@link HubEvent}), before any discovery and
   * before any role is assumed; the call waits for a returned promise. A throw (or a rejected
   * promise) stops the call there: it rejects with a `CoveError` `CALLBACK_FAILED` whose
   * `cause` is what was thrown — no account listed, no role assumed. This is how a caller
   * checks the hub (e.g. that a journal is resumed from its own hub) without reading it
   * again. Given this option, a call whose `accounts` carry no `OrganizationId` makes one
   * `organizations:DescribeOrganization` for {@link HubEvent.organizationId} (not with
   * `identityCenter`). `listTargets` calls it too.
   * @default none
   */
  onHub?: (hub: HubEvent) => void | Promise<void>;
  /**
   * Milliseconds one account × region run may take; a run that takes longer becomes an
   * Exception with a `CoveError` code `TASK_TIMEOUT` and its `session.signal` is aborted.
   * @default none
   */
  taskTimeout?: number;
  /**
   * Run with an IAM Identity Center (AWS SSO) login instead of a management-account role: the
   * targets are the accounts the login reaches (the portal's ListAccounts) where it has the
   * permission set `roleName` (ListAccountRoles; the others are left out and counted in
   * `listTargets()`), and each account's credentials are the portal's role credentials for that
   * permission set (GetRoleCredentials, once per account, refreshed before they expire): no
   * AssumeRole, so `roleName`, `roleSessionName`, `policy`, `policyArns`, `externalId` and
   * `durationSeconds` are refused with it.
   *
   * The access token is the one `aws sso login --profile NAME` cached for `profile` (a profile
   * with `sso_session`, or the legacy `sso_start_url` and `sso_region`); botocove never starts a
   * login: without a valid token the call rejects with `CoveError` `SSO_LOGIN_REQUIRED` before
   * any run. Account ids, `filter`, `shard` and `accounts` work as usual; OU ids, roots, OU
   * paths, `tags` and `ouPaths` read AWS Organizations with the hub's credentials (by default
   * the profile's), and fail with `ORGANIZATIONS_UNAVAILABLE` before any run when it cannot be
   * read. Records carry the permission set as `RoleName` and `RoleSessionName`.
   * @example { identityCenter: { roleName: "ReadOnly", profile: "my-sso" } }
   * @default none (AssumeRole from the hub)
   */
  identityCenter?: {
    /** The permission set name (as the portal lists it, e.g. `ReadOnly`). */
    roleName: string;
    /**
     * The shared-config profile of the login.
     * @default the `profile` option, else `AWS_PROFILE`, else `default`
     */
    profile?: string;
  };
  /**
   * Run only this machine's share of the accounts: accounts are assigned to shards by a
   * stable hash of the account id, so `count` machines with `index` 0…count-1 cover every
   * account exactly once. `"auto"` reads them from the engine running this process: an AWS
   * Batch array job's `AWS_BATCH_JOB_ARRAY_INDEX` and `AWS_BATCH_JOB_ARRAY_SIZE`, or a
   * Kubernetes Indexed Job's `JOB_COMPLETION_INDEX` with the count given as `"auto/N"`
   * (Kubernetes does not export it); none found, or an index outside the count, is a
   * `CoveError` `INVALID_OPTION` naming the variables looked for (see
   * `shardFromEnvironment`, which resolves it from an environment you pass).
   * @example shard: "auto/8"
   * @default none (every account)
   */
  shard?: Shard | AutoShard;
  /**
   * Leaves account × region pairs out of the call (for example those a journal already holds).
   * Asked synchronously for each pair before any role is assumed: `true` leaves that pair out —
   * no run, no record in any list, not counted in the progress total — and an account all of
   * whose regions are left out costs no AssumeRole. With per-account regions the pairs are only
   * known once the regions are: a `regions` function is called (and the pairs asked about)
   * before the account's AssumeRole, but `regions: ["enabled"]` reads the regions with the
   * assumed role, so there every account still costs one AssumeRole. An account whose regions
   * cannot be found is filed under its hub-region pair, which `skip` is asked about too. If
   * `skip` throws, or returns something other than a boolean (a promise: it must be
   * synchronous), the call stops with a `CoveError` `CALLBACK_FAILED`. `listTargets` does not
   * ask it: the dry run lists every pair.
   * @example skip: ({ Id, Region }) => done.has(`${Id} ${Region}`)
   * @default none (every pair runs)
   */
  skip?: (run: AccountRegion) => boolean;
}
