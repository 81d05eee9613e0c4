import { CoveError } from "./errors.js";
import { classifyIds, idKind, type ClassifiedIds } from "./ids.js";
import { checkRegionEntry, partitionOfRegion, unknownRegion } from "./regions.js";
import type {
  AccountInfo,
  CoveEvent,
  HubCredentials,
  PolicyArn,
  ProgressEvent,
  RegionsForAccount,
  Shard,
} from "./types.js";

/** Options after validation, with defaults applied. */
export interface ResolvedOptions {
  /** `undefined`: the whole organization. */
  targets: ClassifiedIds | undefined;
  ignores: ClassifiedIds;
  roleName: string;
  roleSessionName: string;
  policy: string | undefined;
  policyArns: PolicyArn[] | undefined;
  externalId: string | undefined;
  credentials: HubCredentials | undefined;
  profile: string | undefined;
  region: string | undefined;
  /** `undefined`: the hub region. Entries may be names, globs or `"enabled"`. */
  regions: string[] | RegionsForAccount | undefined;
  ignoreRegions: string[];
  /** Tag key → accepted values. */
  tags: Map<string, Set<string>> | undefined;
  filter: ((account: AccountInfo) => boolean | Promise<boolean>) | undefined;
  durationSeconds: number | undefined;
  /** A pre-resolved account list: skip discovery. */
  accounts: AccountInfo[] | undefined;
  ouPaths: boolean;
  partition: string | undefined;
  raiseException: boolean;
  concurrency: number;
  signal: AbortSignal | undefined;
  progress: boolean | ((event: ProgressEvent) => void) | undefined;
  onRecord: ((event: CoveEvent<unknown>) => void) | undefined;
  taskTimeout: number | undefined;
  shard: Shard | undefined;
}

/** Default role assumed in target accounts. */
export const DEFAULT_ROLE_NAME = "OrganizationAccountAccessRole";
/** Default number of account × region runs in flight. */
export const DEFAULT_CONCURRENCY = 20;

const KNOWN_KEYS = new Set<string>([
  "targetIds",
  "ignoreIds",
  "roleName",
  "roleSessionName",
  "policy",
  "policyArns",
  "externalId",
  "credentials",
  "profile",
  "region",
  "regions",
  "partition",
  "raiseException",
  "concurrency",
  "signal",
  "progress",
  "onRecord",
  "taskTimeout",
  "shard",
  "ignoreRegions",
  "tags",
  "filter",
  "durationSeconds",
  "accounts",
  "ouPaths",
]);

/** The Python original's keyword names, to point users at the TypeScript one. */
const PYTHON_NAMES: Record<string, string> = {
  target_ids: "targetIds",
  ignore_ids: "ignoreIds",
  rolename: "roleName",
  role_name: "roleName",
  role_session_name: "roleSessionName",
  policy_arns: "policyArns",
  external_id: "externalId",
  assuming_session: "credentials",
  raise_exception: "raiseException",
  thread_workers: "concurrency",
};

const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const ROLE_PATH_SEGMENT = /^[\x21-\x7e]+$/;
const PARTITION = /^aws(-[a-z]+)*$/;

/** Short description of a received value for error messages (never dumps objects). */
export function received(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return `an array of ${value.length}`;
  switch (typeof value) {
    case "string":
      return `the string ${JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value)}`;
    case "number":
    case "bigint":
    case "boolean":
      return `${typeof value} ${String(value)}`;
    case "undefined":
      return "undefined";
    case "function":
      return "a function";
    default:
      return `an object (${Object.prototype.toString.call(value).slice(8, -1)})`;
  }
}

function typeError(option: string, expected: string, value: unknown): TypeError {
  return new TypeError(`Option "${option}" must be ${expected}; received ${received(value)}.`);
}

function badValue(option: string, expected: string, value: unknown): CoveError {
  return new CoveError(
    "INVALID_OPTION",
    `Option "${option}" must be ${expected}; received ${received(value)}.`,
    { option },
  );
}

function optionalString(o: Record<string, unknown>, key: string): string | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== "string") throw typeError(key, "a string", v);
  return v;
}

function stringList(o: Record<string, unknown>, key: string): string[] | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) throw typeError(key, "an array of strings", v);
  v.forEach((item: unknown, i) => {
    if (typeof item !== "string") throw typeError(`${key}[${i}]`, "a string", item);
  });
  return [...(v as string[])];
}

function nonEmpty(list: string[] | undefined, key: string): string[] | undefined {
  if (list !== undefined && list.length === 0) {
    throw badValue(key, "a non-empty array (leave it out for the default)", list);
  }
  return list;
}

function isCredentials(v: unknown): v is HubCredentials {
  if (typeof v === "function") return true;
  if (typeof v !== "object" || v === null) return false;
  const c = v as Record<string, unknown>;
  return typeof c.accessKeyId === "string" && typeof c.secretAccessKey === "string";
}

function isAbortSignal(v: unknown): v is AbortSignal {
  if (v instanceof AbortSignal) return true;
  return (
    typeof v === "object" &&
    v !== null &&
    typeof (v as AbortSignal).aborted === "boolean" &&
    typeof (v as AbortSignal).addEventListener === "function"
  );
}

/**
 * Validates user options and applies defaults. Throws a `TypeError` for a wrong type or
 * shape and a `CoveError` for a bad value; makes no AWS call.
 */
export function resolveOptions(input: unknown): ResolvedOptions {
  if (input === undefined) input = {};
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new TypeError(`cove options must be an object; received ${received(input)}.`);
  }
  const o = input as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (KNOWN_KEYS.has(key)) continue;
    const hint = PYTHON_NAMES[key];
    throw new TypeError(
      `Unknown option "${key}"${hint ? ` (did you mean "${hint}"?)` : ""}; known options: ${[...KNOWN_KEYS].join(", ")}.`,
    );
  }

  const targetList = nonEmpty(stringList(o, "targetIds"), "targetIds");
  const ignoreList = stringList(o, "ignoreIds") ?? [];

  const roleName = optionalString(o, "roleName") ?? DEFAULT_ROLE_NAME;
  const roleSegments = roleName.split("/");
  const roleBase = roleSegments[roleSegments.length - 1] ?? "";
  if (
    !ROLE_NAME.test(roleBase) ||
    !roleSegments.slice(0, -1).every((s) => ROLE_PATH_SEGMENT.test(s))
  ) {
    throw badValue(
      "roleName",
      "an IAM role name of 1-64 characters of [A-Za-z0-9+=,.@_-], optionally after a path",
      roleName,
    );
  }
  const roleSessionName = optionalString(o, "roleSessionName") ?? roleBase.slice(0, 64);
  if (!SESSION_NAME.test(roleSessionName)) {
    throw badValue("roleSessionName", "2-64 characters of [A-Za-z0-9+=,.@_-]", roleSessionName);
  }

  const policy = optionalString(o, "policy");
  if (policy !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(policy);
    } catch {
      throw badValue("policy", "a JSON policy document (text)", policy);
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw badValue("policy", "a JSON policy document (an object)", policy);
    }
  }

  let policyArns: PolicyArn[] | undefined;
  if (o.policyArns !== undefined) {
    if (!Array.isArray(o.policyArns))
      throw typeError("policyArns", "an array of { arn: string }", o.policyArns);
    policyArns = o.policyArns.map((p: unknown, i) => {
      if (typeof p !== "object" || p === null || typeof (p as PolicyArn).arn !== "string") {
        throw typeError(`policyArns[${i}]`, "an object { arn: string }", p);
      }
      const arn = (p as PolicyArn).arn;
      if (!arn.startsWith("arn:")) throw badValue(`policyArns[${i}].arn`, "an IAM policy ARN", arn);
      return { arn };
    });
  }

  const externalId = optionalString(o, "externalId");
  if (externalId !== undefined && (externalId.length < 2 || externalId.length > 1224)) {
    throw badValue("externalId", "2-1224 characters", externalId);
  }

  if (o.credentials !== undefined && !isCredentials(o.credentials)) {
    throw typeError(
      "credentials",
      "{ accessKeyId, secretAccessKey, sessionToken? } or a credential provider function",
      o.credentials,
    );
  }
  const profile = optionalString(o, "profile");
  if (profile !== undefined && o.credentials !== undefined) {
    throw new CoveError(
      "INVALID_OPTION",
      'Options "credentials" and "profile" cannot be used together; pick one.',
      { option: "profile" },
    );
  }
  if (profile === "") throw badValue("profile", "a profile name", profile);

  const region = optionalString(o, "region");
  if (region !== undefined && partitionOfRegion(region) === undefined)
    throw unknownRegion(region, "region");
  let regions: string[] | RegionsForAccount | undefined;
  if (typeof o.regions === "function") {
    regions = o.regions as RegionsForAccount;
  } else {
    const list = nonEmpty(stringList(o, "regions"), "regions");
    list?.forEach((r, i) => checkRegionEntry(r, `regions[${i}]`, true));
    regions = list === undefined ? undefined : [...new Set(list)];
  }
  const ignoreRegions = stringList(o, "ignoreRegions") ?? [];
  ignoreRegions.forEach((r, i) => checkRegionEntry(r, `ignoreRegions[${i}]`, false));

  let tags: Map<string, Set<string>> | undefined;
  if (o.tags !== undefined) {
    if (typeof o.tags !== "object" || o.tags === null || Array.isArray(o.tags)) {
      throw typeError("tags", "an object of tag key to a value or an array of values", o.tags);
    }
    tags = new Map();
    for (const [key, value] of Object.entries(o.tags as Record<string, unknown>)) {
      const values = typeof value === "string" ? [value] : value;
      if (!Array.isArray(values) || values.some((v) => typeof v !== "string")) {
        throw typeError(`tags.${key}`, "a string or an array of strings", value);
      }
      if (values.length === 0) throw badValue(`tags.${key}`, "at least one value", values);
      tags.set(key, new Set(values as string[]));
    }
    if (tags.size === 0)
      throw badValue("tags", "at least one tag key (leave it out to select no tags)", o.tags);
  }
  if (o.filter !== undefined && typeof o.filter !== "function")
    throw typeError("filter", "a function", o.filter);

  let durationSeconds: number | undefined;
  if (o.durationSeconds !== undefined) {
    if (typeof o.durationSeconds !== "number")
      throw typeError("durationSeconds", "a number of seconds", o.durationSeconds);
    if (
      !Number.isInteger(o.durationSeconds) ||
      o.durationSeconds < 900 ||
      o.durationSeconds > 43200
    ) {
      throw badValue("durationSeconds", "an integer from 900 to 43200", o.durationSeconds);
    }
    durationSeconds = o.durationSeconds;
  }

  const partition = optionalString(o, "partition");
  if (partition !== undefined && !PARTITION.test(partition)) {
    throw badValue("partition", "a partition name such as aws, aws-cn or aws-us-gov", partition);
  }

  if (o.raiseException !== undefined && typeof o.raiseException !== "boolean") {
    throw typeError("raiseException", "a boolean", o.raiseException);
  }

  let concurrency = DEFAULT_CONCURRENCY;
  if (o.concurrency !== undefined) {
    if (typeof o.concurrency !== "number")
      throw typeError("concurrency", "a positive integer", o.concurrency);
    if (!Number.isInteger(o.concurrency) || o.concurrency < 1) {
      throw badValue("concurrency", "a positive integer", o.concurrency);
    }
    concurrency = o.concurrency;
  }

  if (o.signal !== undefined && !isAbortSignal(o.signal))
    throw typeError("signal", "an AbortSignal", o.signal);

  const progress = o.progress;
  if (progress !== undefined && typeof progress !== "boolean" && typeof progress !== "function") {
    throw typeError("progress", "a boolean or a function", progress);
  }
  if (o.ouPaths !== undefined && typeof o.ouPaths !== "boolean")
    throw typeError("ouPaths", "a boolean", o.ouPaths);
  if (o.onRecord !== undefined && typeof o.onRecord !== "function") {
    throw typeError("onRecord", "a function", o.onRecord);
  }

  let taskTimeout: number | undefined;
  if (o.taskTimeout !== undefined) {
    if (typeof o.taskTimeout !== "number")
      throw typeError("taskTimeout", "a number of milliseconds", o.taskTimeout);
    if (!(o.taskTimeout > 0) || !Number.isFinite(o.taskTimeout)) {
      throw badValue("taskTimeout", "a positive number of milliseconds", o.taskTimeout);
    }
    taskTimeout = o.taskTimeout;
  }

  let shard: Shard | undefined;
  if (o.shard !== undefined) {
    const s = o.shard as Partial<Shard>;
    if (
      typeof s !== "object" ||
      s === null ||
      typeof s.index !== "number" ||
      typeof s.count !== "number"
    ) {
      throw typeError("shard", "an object { index: number, count: number }", o.shard);
    }
    if (
      !Number.isInteger(s.count) ||
      s.count < 1 ||
      !Number.isInteger(s.index) ||
      s.index < 0 ||
      s.index >= s.count
    ) {
      throw badValue(
        "shard",
        `integers with 0 <= index < count (got index ${s.index}, count ${s.count})`,
        o.shard,
      );
    }
    shard = { index: s.index, count: s.count };
  }

  let accounts: AccountInfo[] | undefined;
  if (o.accounts !== undefined) {
    if (!Array.isArray(o.accounts))
      throw typeError("accounts", "an array of account records { Id, … }", o.accounts);
    accounts = o.accounts.map((a: unknown, i) => {
      if (typeof a !== "object" || a === null || typeof (a as AccountInfo).Id !== "string") {
        throw typeError(`accounts[${i}]`, "an account record with a string Id", a);
      }
      if (idKind((a as AccountInfo).Id) !== "account") {
        throw new CoveError(
          "INVALID_ID",
          `accounts[${i}].Id: "${(a as AccountInfo).Id}" is not an account id (12 digits)`,
          {
            ids: [(a as AccountInfo).Id],
            option: "accounts",
          },
        );
      }
      return { ...(a as AccountInfo) };
    });
    if (accounts.length === 0) throw badValue("accounts", "a non-empty array", o.accounts);
    const clash = ["targetIds", "ignoreIds", "tags", "filter"].filter((k) => o[k] !== undefined);
    if (clash.length > 0) {
      throw new CoveError(
        "INVALID_OPTION",
        `Option "accounts" is a resolved list; it cannot be combined with ${clash.join(", ")}.`,
        {
          option: "accounts",
        },
      );
    }
  }

  // Ids last: their type errors come before, their value errors are CoveError INVALID_ID.
  const ignores = classifyIds(ignoreList, "ignoreIds");
  const targets = targetList === undefined ? undefined : classifyIds(targetList, "targetIds");

  return {
    targets,
    ignores,
    roleName,
    roleSessionName,
    policy,
    policyArns,
    externalId,
    credentials: o.credentials as HubCredentials | undefined,
    profile,
    region,
    regions,
    ignoreRegions,
    tags,
    filter: o.filter as ResolvedOptions["filter"],
    durationSeconds,
    accounts,
    ouPaths: o.ouPaths === true,
    partition,
    raiseException: o.raiseException === true,
    concurrency,
    signal: o.signal as AbortSignal | undefined,
    progress: progress as ResolvedOptions["progress"],
    onRecord: o.onRecord as ResolvedOptions["onRecord"],
    taskTimeout,
    shard,
  };
}
