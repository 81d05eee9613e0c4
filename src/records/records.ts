import type { CoveEvent, CoveOutput, SessionInformation } from "../types.js";

/** Key order of records (PascalCase, as the AWS SDK and the Python original use). */
const RECORD_KEYS = [
  "Id",
  "Name",
  "Email",
  "Arn",
  "Status",
  "State",
  "OrganizationId",
  "OuPath",
  "Tags",
  "Region",
  "Partition",
  "RoleName",
  "RoleSessionName",
  "Policy",
  "PolicyArns",
  "ExternalId",
  "AssumeRoleSuccess",
  "Result",
  "ExceptionDetails",
] as const satisfies readonly (keyof SessionInformation)[];

/** A record of a finished run: the session information without its undefined keys. */
function toRecord(info: SessionInformation): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const key of RECORD_KEYS) {
    const value = info[key];
    if (value !== undefined) record[key] = value;
  }
  return record;
}

/** The event for a finished run, filed into the list its outcome belongs to. */
export function toEvent(
  info: SessionInformation,
  outcome: "result" | "exception",
): CoveEvent<unknown> {
  const record = toRecord(info);
  if (outcome === "result") {
    delete record.ExceptionDetails;
    return { list: "Results", record } as unknown as CoveEvent<unknown>;
  }
  delete record.Result;
  return (info.AssumeRoleSuccess
    ? { list: "Exceptions", record }
    : { list: "FailedAssumeRole", record }) as unknown as CoveEvent<unknown>;
}

/** An empty output. */
export function emptyOutput<R>(): CoveOutput<R> {
  return { Results: [], Exceptions: [], FailedAssumeRole: [] };
}

/** Files an event into an output. */
export function collect<R>(output: CoveOutput<R>, event: CoveEvent<R>): void {
  (output[event.list] as unknown[]).push(event.record);
}
