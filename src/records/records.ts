import type { RoleOptions } from "../options/index.js";
import type {
  AccountInfo,
  CoveEvent,
  CoveOutput,
  CoveRecordBase,
  SessionInformation,
} from "../types.js";

/**
 * The session information of one account × region run, before the role is assumed: every
 * record key, in the order records carry them (PascalCase, as the AWS SDK and the Python
 * original use), `undefined` where unknown.
 */
export function sessionInformation(
  account: AccountInfo,
  region: string,
  partition: string,
  o: RoleOptions,
): SessionInformation {
  return {
    Id: account.Id,
    Name: account.Name,
    Email: account.Email,
    Arn: account.Arn,
    Status: account.Status,
    State: account.State,
    OrganizationId: account.OrganizationId,
    OuPath: account.OuPath,
    Tags: account.Tags,
    Region: region,
    Partition: partition,
    RoleName: o.roleName,
    RoleSessionName: o.roleSessionName,
    Policy: o.policy,
    PolicyArns: o.policyArns,
    ExternalId: o.externalId,
    AssumeRoleSuccess: false,
    Result: undefined,
    ExceptionDetails: undefined,
  };
}

/** `value` without its keys whose value is `undefined` (optional keys of `T` left out). */
function withoutUndefined<T extends object>(value: T): T {
  const out = { ...value };
  for (const key of Object.keys(out) as (keyof T)[]) if (out[key] === undefined) delete out[key];
  return out;
}

/** The keys every record shares, in record order, the unknown ones left out. */
function recordBase(info: SessionInformation): CoveRecordBase {
  const { AssumeRoleSuccess: _assumed, Result: _result, ExceptionDetails: _error, ...base } = info;
  return withoutUndefined<CoveRecordBase>(base);
}

/** The event for a finished run, filed into the list its outcome belongs to. */
export function toEvent(
  info: SessionInformation,
  outcome: "result" | "exception",
): CoveEvent<unknown> {
  const base = recordBase(info);
  if (outcome === "result") {
    const record = { ...base, AssumeRoleSuccess: true as const, Result: info.Result };
    // A function that returned `undefined` has no `Result` key (`null` is kept).
    if (record.Result === undefined) delete record.Result;
    return { list: "Results", record };
  }
  const ExceptionDetails = info.ExceptionDetails;
  return info.AssumeRoleSuccess
    ? { list: "Exceptions", record: { ...base, AssumeRoleSuccess: true, ExceptionDetails } }
    : { list: "FailedAssumeRole", record: { ...base, AssumeRoleSuccess: false, ExceptionDetails } };
}

/** The record of a run (or account) that failed with `error`. */
export function failureEvent(info: SessionInformation, error: unknown): CoveEvent<unknown> {
  info.Result = undefined;
  info.ExceptionDetails = error;
  return toEvent(info, "exception");
}

/** An empty output. */
export function emptyOutput<R>(): CoveOutput<R> {
  return { Results: [], Exceptions: [], FailedAssumeRole: [] };
}

/** Files an event into an output. */
export function collect<R>(output: CoveOutput<R>, event: CoveEvent<R>): void {
  (output[event.list] as unknown[]).push(event.record);
}
