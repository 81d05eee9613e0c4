import { readFileSync } from "node:fs";
import { InvalidArgumentError, Option, type Command } from "commander";
import { shardFromEnvironment, shardRangeProblem, type AutoShard } from "../domain/shard.js";
import type { CoveOptions } from "../types.js";
import { registerFlag } from "./errors.js";

/** Where a flag applies: `select` flags also shape the dry run (`cove targets`). */
export type Scope = "select" | "run";

/** One command-line flag that sets one library option. */
interface FlagSpec {
  /** Commander flags, e.g. `-t, --target <ids>`. */
  flags: string;
  help: string;
  /** The `CoveOptions` key it sets (only when the flag is given). */
  option: string;
  scope: Scope;
  /**
   * Parses one occurrence; `previous` is what earlier occurrences gave, `env` the command's
   * environment (its context's).
   */
  parse?: (value: string, previous: unknown, env: NodeJS.ProcessEnv) => unknown;
  /** Turns what was collected into the option value. */
  finish?: (collected: unknown) => unknown;
}

const splitList = (value: string): string[] =>
  value
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");

/** A repeatable flag whose values may also be comma lists. */
const list = (flags: string, help: string, option: string, scope: Scope): FlagSpec => ({
  flags,
  help: `${help} (repeatable, or comma-separated)`,
  option,
  scope,
  parse: (value, previous) => {
    const items = splitList(value);
    if (items.length === 0) throw new InvalidArgumentError("expected at least one value.");
    return [...((previous as string[] | undefined) ?? []), ...items];
  },
});

/** A repeatable flag, one value per occurrence (for values that may hold commas). */
const repeat = (
  flags: string,
  help: string,
  option: string,
  scope: Scope,
  finish?: (v: string[]) => unknown,
): FlagSpec => ({
  flags,
  help: `${help} (repeatable)`,
  option,
  scope,
  parse: (value, previous) => [...((previous as string[] | undefined) ?? []), value],
  ...(finish === undefined ? {} : { finish: (v: unknown) => finish(v as string[]) }),
});

const text = (flags: string, help: string, option: string, scope: Scope): FlagSpec => ({
  flags,
  help,
  option,
  scope,
});

const integer = (flags: string, help: string, option: string, scope: Scope): FlagSpec => ({
  flags,
  help,
  option,
  scope,
  parse: (value) => {
    if (!/^\s*-?\d+\s*$/.test(value)) throw new InvalidArgumentError("expected an integer.");
    return Number(value);
  },
});

const seconds = (flags: string, help: string, option: string, scope: Scope): FlagSpec => ({
  flags,
  help,
  option,
  scope,
  parse: (value) => {
    const n = Number(value);
    if (value.trim() === "" || !Number.isFinite(n) || n <= 0)
      throw new InvalidArgumentError("expected a positive number of seconds.");
    return Math.round(n * 1000);
  },
});

const boolean = (flags: string, help: string, option: string, scope: Scope): FlagSpec => ({
  flags,
  help,
  option,
  scope,
});

/** `--tag KEY=V1,V2`, repeatable: `{ KEY: "V1" }` or `{ KEY: ["V1", "V2"] }`. */
const tags = (flags: string, help: string, option: string, scope: Scope): FlagSpec => ({
  flags,
  help: `${help} (repeatable)`,
  option,
  scope,
  parse: (value, previous) => {
    const eq = value.indexOf("=");
    const key = eq < 0 ? "" : value.slice(0, eq).trim();
    const values = eq < 0 ? [] : splitList(value.slice(eq + 1));
    if (key === "" || values.length === 0)
      throw new InvalidArgumentError("expected KEY=VALUE or KEY=VALUE1,VALUE2.");
    // A Map: a key such as `constructor` or `__proto__` is a tag key like any other.
    const out = new Map((previous as Map<string, string[]> | undefined) ?? []);
    out.set(key, [...(out.get(key) ?? []), ...values]);
    return out;
  },
  finish: (collected) =>
    Object.fromEntries(
      [...(collected as Map<string, string[]>)].map(([k, v]) => [k, v.length === 1 ? v[0] : v]),
    ),
});

/** Whether `text` parses as a JSON object (the parser's message is not kept: it quotes the text). */
function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

/**
 * A flag whose value is a JSON document file (the option gets the file's text). The file is
 * checked here, and its content is never repeated in an error: it may be sensitive.
 */
const jsonFile = (flags: string, help: string, option: string, scope: Scope): FlagSpec => ({
  flags,
  help,
  option,
  scope,
  parse: (value) => {
    let text: string;
    try {
      text = readFileSync(value, "utf8");
    } catch (error) {
      throw new InvalidArgumentError(`cannot read ${value}: ${(error as Error).message}`);
    }
    if (!isJsonObject(text))
      throw new InvalidArgumentError(`${value} does not hold a JSON document (an object).`);
    return text;
  },
});

/** A text flag that may not be empty. */
const name = (flags: string, help: string, option: string, scope: Scope): FlagSpec => ({
  flags,
  help,
  option,
  scope,
  parse: (value) => {
    if (value.trim() === "") throw new InvalidArgumentError("expected a name, not an empty text.");
    return value;
  },
});

/** `--shard I/N`. */
const shard = (flags: string, help: string, option: string, scope: Scope): FlagSpec => ({
  flags,
  help,
  option,
  scope,
  parse: (value, _previous, env) => {
    // auto, auto/N: from the engine's variables (AWS Batch, Kubernetes), checked now.
    if (/^\s*auto\b/.test(value)) {
      try {
        return shardFromEnvironment(value as AutoShard, env);
      } catch (error) {
        throw new InvalidArgumentError((error as Error).message.replace(/^Option "shard" /, ""));
      }
    }
    const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
    if (!m) throw new InvalidArgumentError("expected INDEX/COUNT (e.g. 0/4), auto or auto/COUNT.");
    const [index, count] = [Number(m[1]), Number(m[2])];
    const why = shardRangeProblem(index, count);
    if (why !== undefined) throw new InvalidArgumentError(why);
    return { index, count };
  },
});

/**
 * Every library option that has a flag. Adding an option is one line here; the flag is
 * passed to the library only when it is given.
 */
const OPTION_FLAGS: readonly FlagSpec[] = [
  list(
    "-t, --target <ids>",
    "account ids, OU ids (ou-…), root ids (r-…) or OU paths (/Workloads/Prod; / is the root) to run in [default: every ACTIVE account]",
    "targetIds",
    "select",
  ),
  list(
    "-i, --ignore <ids>",
    "account ids, OU ids, root ids or OU paths to leave out; ignoring wins over targeting",
    "ignoreIds",
    "select",
  ),
  tags(
    "--tag <KEY=V1,V2>",
    "only accounts whose Organizations tag KEY has one of the values",
    "tags",
    "select",
  ),
  list(
    "--regions <regions>",
    "run every account once in each region [default: the hub region]",
    "regions",
    "select",
  ),
  list("--ignore-regions <regions>", "regions to leave out", "ignoreRegions", "select"),
  boolean(
    "--ou-paths",
    "read each account's OU path (OuPath in records; cove report groups accounts by it)",
    "ouPaths",
    "select",
  ),
  text(
    "--region <region>",
    "the hub's region (STS, Organizations, default target region) [default: AWS_REGION or the profile's]",
    "region",
    "select",
  ),
  name(
    "--profile <name>",
    "shared-config profile of the hub account [default: the SDK's default credential chain]",
    "profile",
    "select",
  ),
  {
    flags: "--sso-role <name>",
    help: "run with your IAM Identity Center login (aws sso login --profile …) instead of a hub role: every account it reaches with this permission set",
    option: "identityCenter",
    scope: "select",
    // The login's profile is --profile (else AWS_PROFILE): the library's default.
    finish: (roleName) => ({ roleName }),
  },
  text(
    "--partition <name>",
    "partition for role ARNs: aws, aws-cn, aws-us-gov… [default: from the caller identity]",
    "partition",
    "select",
  ),
  shard(
    "--shard <I/N|auto|auto/N>",
    "only this machine's share of the accounts: shard I of N (0 <= I < N); auto: from AWS_BATCH_JOB_ARRAY_INDEX + AWS_BATCH_JOB_ARRAY_SIZE (AWS Batch), auto/N: from JOB_COMPLETION_INDEX (Kubernetes Indexed Job)",
    "shard",
    "select",
  ),
  text(
    "--role <name>",
    "role to assume in every account [default: OrganizationAccountAccessRole]",
    "roleName",
    "run",
  ),
  text(
    "--role-session-name <name>",
    "RoleSessionName of every AssumeRole [default: the role name]",
    "roleSessionName",
    "run",
  ),
  text("--external-id <id>", "ExternalId of every AssumeRole", "externalId", "run"),
  jsonFile(
    "--policy <file>",
    "inline session policy: a JSON policy document file",
    "policy",
    "run",
  ),
  repeat("--policy-arn <arn>", "managed session policy ARN", "policyArns", "run", (arns) =>
    arns.map((arn) => ({ arn })),
  ),
  integer(
    "--duration-seconds <n>",
    "DurationSeconds of every AssumeRole (900-43200) [default: one hour]",
    "durationSeconds",
    "run",
  ),
  integer(
    "--concurrency <n>",
    "most account × region runs in flight at once [default: 20]",
    "concurrency",
    "run",
  ),
  seconds(
    "--task-timeout <seconds>",
    "longest one account × region run may take; slower runs become Exceptions",
    "taskTimeout",
    "run",
  ),
  boolean(
    "--fail-fast",
    "stop at the first Exception or FailedAssumeRole (in-flight runs are aborted)",
    "raiseException",
    "run",
  ),
];

/** How a message names a flag: `-t/--target` (both spellings), `--regions`. */
function flagName(flags: string): string {
  const { short, long } = new Option(flags);
  if (long === undefined) return flags;
  return short === undefined ? long : `${short}/${long}`;
}

for (const spec of OPTION_FLAGS) registerFlag(spec.option, flagName(spec.flags));

/**
 * Adds the library option flags of `scope` (and narrower) to a command; `env` is the
 * command's environment (`--shard auto` reads it).
 */
export function addOptionFlags(command: Command, scope: Scope, env: NodeJS.ProcessEnv): Command {
  for (const spec of OPTION_FLAGS) {
    if (scope === "select" && spec.scope !== "select") continue;
    const option = new Option(spec.flags, spec.help);
    const parse = spec.parse;
    if (parse) option.argParser((value: string, previous: unknown) => parse(value, previous, env));
    command.addOption(option.helpGroup(spec.scope === "select" ? "Selection:" : "Roles and runs:"));
  }
  return command;
}

/** Library options from parsed flags: only the flags that were given. */
export function toCoveOptions(parsed: Record<string, unknown>, scope: Scope): CoveOptions {
  const options: Record<string, unknown> = {};
  for (const spec of OPTION_FLAGS) {
    if (scope === "select" && spec.scope !== "select") continue;
    const value = parsed[new Option(spec.flags).attributeName()];
    if (value === undefined) continue;
    options[spec.option] = spec.finish ? spec.finish(value) : value;
  }
  return options as CoveOptions;
}
