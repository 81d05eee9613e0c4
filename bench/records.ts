/**
 * CPU per record of `toEvent` (a finished run's session information → its record), the one
 * step of the library that runs once per account × region besides the AWS calls:
 *
 *   npx tsx bench/records.ts                       # this checkout's src/records/records.ts
 *   npx tsx bench/records.ts --dist /other/dist    # a build (another worktree's dist/)
 *
 * 200,000 Results of a typical shape (Organizations fields, no tags or OU path, no session
 * policy), 5 rounds; prints microseconds of CPU per record for each round (the first ones
 * include the compiler's warm-up; read the last).
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import type { CoveEvent, SessionInformation } from "../src/types.js";

type ToEvent = (info: SessionInformation, outcome: "result" | "exception") => CoveEvent<unknown>;

const { values } = parseArgs({ options: { dist: { type: "string" } } });
const url = values.dist
  ? pathToFileURL(path.resolve(values.dist, "records", "records.js")).href
  : new URL("../src/records/records.ts", import.meta.url).href;
const { toEvent } = (await import(url)) as { toEvent: ToEvent };

function info(i: number): SessionInformation {
  const id = String(100_000_000_000 + i);
  return {
    Id: id,
    Name: `account-${i}`,
    Email: `a${i}@example.com`,
    Arn: `arn:aws:organizations::999999999999:account/o-example/${id}`,
    Status: "ACTIVE",
    State: "ACTIVE",
    OrganizationId: "o-example",
    OuPath: undefined,
    Tags: undefined,
    Region: "us-east-1",
    Partition: "aws",
    RoleName: "OrganizationAccountAccessRole",
    RoleSessionName: "botocove",
    Policy: undefined,
    PolicyArns: undefined,
    ExternalId: undefined,
    AssumeRoleSuccess: true,
    Result: id,
    ExceptionDetails: undefined,
  };
}

const N = 200_000;
let checksum = 0;
for (let round = 1; round <= 5; round++) {
  const infos = Array.from({ length: N }, (_, i) => info(i));
  const t0 = process.cpuUsage();
  for (const one of infos) checksum += toEvent(one, "result").record.Id.length;
  const d = process.cpuUsage(t0);
  console.log(`round ${round}: ${((d.user + d.system) / N).toFixed(2)} µs per record`);
}
const keys = Object.keys(toEvent(info(0), "result").record);
if (checksum !== 5 * N * 12 || keys.length !== 13)
  throw new Error(`unexpected records: ${keys.join(", ")} (checksum ${checksum})`);
