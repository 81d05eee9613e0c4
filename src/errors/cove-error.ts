/**
 * Stable codes carried by {@link CoveError}. New codes may be added in minor releases;
 * existing ones never change meaning.
 */
export type CoveErrorCode =
  /** An option has a bad value (its type was right). */
  | "INVALID_OPTION"
  /** A target or ignore id is neither an account id, an OU id, a root id nor an OU path. */
  | "INVALID_ID"
  /** An explicitly targeted account is not an ACTIVE member of the organization. */
  | "ACCOUNT_NOT_ACTIVE"
  /** Targets minus ignores (and the calling account) left nothing to run. */
  | "NO_ELIGIBLE_ACCOUNTS"
  /** Organizations could not be read and no explicit account ids were given. */
  | "ORGANIZATIONS_UNAVAILABLE"
  /** A well-formed OU id, root id or OU path does not exist in the organization. */
  | "TARGET_NOT_FOUND"
  /** No region was given and the SDK found none in the environment or profile. */
  | "NO_REGION"
  /** A region name is not a region of the partition. */
  | "INVALID_REGION"
  /** The hub's own identity (sts:GetCallerIdentity) could not be read. */
  | "HUB_IDENTITY_FAILED"
  /** Listing the organization failed part-way through a run. */
  | "DISCOVERY_FAILED"
  /** The run was cancelled through `signal`. */
  | "ABORTED"
  /** One account × region run took longer than `taskTimeout`. */
  | "TASK_TIMEOUT"
  /** An account's regions could not be determined (`regions: ["enabled"]` or a function). */
  | "REGIONS_UNAVAILABLE"
  /** An optional package an option needs is not installed. */
  | "MISSING_DEPENDENCY"
  /**
   * A callback of the caller (`progress`, `onRecord`, `skip`) threw or returned a rejected promise
   * (`skip`: returned anything but a boolean):
   * the call stopped (runs in flight aborted). `option` names the callback, `cause` holds
   * what it threw.
   */
  | "CALLBACK_FAILED"
  /** The process ran out of file descriptors (EMFILE/ENFILE): raise `ulimit -n` or lower `concurrency`. */
  | "TOO_MANY_OPEN_FILES"
  /**
   * `identityCenter`: the IAM Identity Center login has no access token, or its token expired
   * (or the portal refused it, 401): the message names the command to run,
   * `aws sso login --profile NAME`. botocove never starts a login itself.
   */
  | "SSO_LOGIN_REQUIRED"
  /**
   * The CLI read a line it cannot use from a file (a journal on `--resume`, an input of
   * `cove report`): a record whose `Id` is not an account id, whose `Region` is not a region
   * name or whose `List` is not one of the three lists, or a line too long to read. The
   * message names the file and the line.
   */
  | "INVALID_RECORD"
  /**
   * Worker threads (`coveModule`, `cove run --workers`): the module could not be imported
   * in a worker, or lacks the export; `cause` holds the import error. Raised before any AWS call.
   */
  | "MODULE_IMPORT_FAILED"
  /**
   * Worker threads: the value a run returned cannot cross threads by structured clone (a
   * function, a class instance); that run is an Exception, `ids` names its account.
   */
  | "RESULT_NOT_SERIALIZABLE"
  /**
   * Worker threads: the worker holding this run died (an uncaught exception, `process.exit`,
   * out of memory); `cause` says why. Only the runs it held fail; a new worker takes its place.
   */
  | "WORKER_FAILED";

/** Extra facts attached to a {@link CoveError}. */
export interface CoveErrorDetails {
  /** The error this one wraps (usually an AWS SDK error). */
  cause?: unknown;
  /** The account, OU or root ids (or region names) the error is about. */
  ids?: readonly string[];
  /** The option the error is about, e.g. `"concurrency"`. */
  option?: string;
  /** The AWS profile whose credentials or login were asked for. */
  profile?: string;
  /** The endpoint that failed to answer, as `host:port`. */
  endpoint?: string;
  /** How many attempts were made before giving up. */
  attempts?: number;
  /** What to do about it (a command to run, a setting to change). */
  hint?: string;
}

/**
 * The one error class botocove throws for bad values and run-level failures.
 * Branch on {@link CoveError.code}, never on the message.
 *
 * @example
 * try { await run(); } catch (e) { if (e instanceof CoveError && e.code === "TARGET_NOT_FOUND") … }
 */
export class CoveError extends Error {
  override readonly name = "CoveError";
  /** Stable machine-readable code. */
  readonly code: CoveErrorCode;
  /** The offending ids, when there are some. */
  readonly ids: readonly string[] | undefined;
  /** The offending option, when there is one. */
  readonly option: string | undefined;
  /**
   * `HUB_IDENTITY_FAILED`, `SSO_LOGIN_REQUIRED`: the AWS profile whose credentials or login
   * were asked for (the `profile` option, else `AWS_PROFILE`), when one was named.
   * @default undefined
   */
  readonly profile: string | undefined;
  /**
   * `HUB_IDENTITY_FAILED`: the endpoint that did not answer or refused the connection, as
   * `host:port` (e.g. `sts.us-east-1.amazonaws.com:443`).
   * @default undefined
   */
  readonly endpoint: string | undefined;
  /**
   * `HUB_IDENTITY_FAILED`: how many attempts the call made before giving up.
   * @default undefined
   */
  readonly attempts: number | undefined;
  /**
   * What to do about it, when botocove knows: a command to run (`aws configure --profile
   * dev`, `aws sso login --profile dev`) or a setting to check. Also the message's last
   * sentence.
   * @default undefined
   */
  readonly hint: string | undefined;
  /**
   * For `ABORTED`: what had finished before the run was cancelled, as a `CoveOutput`.
   */
  output: { Results: unknown[]; Exceptions: unknown[]; FailedAssumeRole: unknown[] } | undefined;

  constructor(code: CoveErrorCode, message: string, details: CoveErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.ids = details.ids;
    this.option = details.option;
    this.profile = details.profile;
    this.endpoint = details.endpoint;
    this.attempts = details.attempts;
    this.hint = details.hint;
    this.output = undefined;
  }
}
