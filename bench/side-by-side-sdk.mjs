/* global process, console */
// The floor of the side-by-side with Python botocove (bench/python-side-by-side.ts, `--sdk`):
// the same work written directly on the AWS SDK, in a fresh plain `node` process — the hub's
// GetCallerIdentity and ListAccounts, one AssumeRole per account (shared by its regions), and
// per account × region a new STS client and one GetCallerIdentity, 20 at a time on one
// keep-alive connection pool. No options, no records, no errors kept: what any library on
// this SDK pays at least. Prints `@@RESULT {json}` as the other sides do.
//
//   node bench/side-by-side-sdk.mjs REGION[,REGION...]
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { OrganizationsClient, paginateListAccounts } from "@aws-sdk/client-organizations";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { NodeHttpHandler } from "@smithy/node-http-handler";

const regions = (process.argv[2] ?? "").split(",").filter(Boolean);
const t0 = performance.now();
const requestHandler = new NodeHttpHandler({ httpAgent: { keepAlive: true, maxSockets: 50 } });
const sts = new STSClient({ requestHandler });
const organizations = new OrganizationsClient({ requestHandler });
const hub = (await sts.send(new GetCallerIdentityCommand({}))).Account;
const accounts = [];
for await (const page of paginateListAccounts({ client: organizations }, {}))
  for (const a of page.Accounts ?? [])
    if (a.Status === "ACTIVE" && a.Id !== hub) accounts.push(a.Id);

const roles = new Map();
async function assume(id) {
  const out = await sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${id}:role/OrganizationAccountAccessRole`,
      RoleSessionName: "OrganizationAccountAccessRole",
    }),
  );
  const c = out.Credentials;
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    sessionToken: c.SessionToken,
  };
}
const credentialsOf = (id) => {
  if (!roles.has(id)) roles.set(id, assume(id));
  return roles.get(id);
};

const units = regions.flatMap((region) => accounts.map((id) => ({ id, region })));
const results = [];
let next = 0;
async function lane() {
  while (next < units.length) {
    const { id, region } = units[next++];
    const client = new STSClient({
      region,
      credentials: await credentialsOf(id),
      requestHandler,
    });
    // Not destroyed: that would destroy the shared handler's sockets under the other lanes.
    const out = await client.send(new GetCallerIdentityCommand({}));
    results.push({ id, region, result: out.Account });
  }
}
await Promise.all(Array.from({ length: 20 }, lane));
const wallS = (performance.now() - t0) / 1000;
const hwm = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync("/proc/self/status", "utf8"));
console.log(
  "@@RESULT " +
    JSON.stringify({
      side: "sdk",
      wallS,
      results: results.length,
      distinct: new Set(results.map((r) => `${r.id}/${r.region}`)).size,
      right: results.filter((r) => r.result === r.id).length,
      exceptions: 0,
      failedAssumeRole: 0,
      peakRssMb: (hwm ? Number(hwm[1]) : process.resourceUsage().maxRSS) / 1024,
    }),
);
requestHandler.destroy();
