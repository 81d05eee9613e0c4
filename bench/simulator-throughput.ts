/**
 * How fast is the simulator on its own? Drives it with plain keep-alive node:http requests (no
 * SDK: the SDK costs far more CPU per call than the simulator) and reports requests/s and the
 * simulator's CPU seconds per 1,000 requests.
 *
 *   npx tsx bench/simulator-throughput.ts [--requests 30000] [--concurrency 200]
 *
 * The request mix mirrors a botocove run: 1 AssumeRole per 4 GetCallerIdentity calls (with
 * assumed-role access keys), plus a ListAccounts page every 100 calls. Bounded in count and time,
 * loopback only.
 */
import http from "node:http";
import { readFileSync } from "node:fs";
import { startSimulator } from "./simulator-process.js";

function flag(name: string, dflt: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

function procCpuS(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(f[11]) + Number(f[12])) / 100;
}

async function main(): Promise<void> {
  const total = flag("--requests", 30_000);
  const concurrency = flag("--concurrency", 200);
  const sim = await startSimulator({ accounts: 10_000, ous: 50, depth: 3, suspended: 0 });
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const { port } = sim;
  const accountIds: string[] = [];
  {
    const res = await fetch(`${sim.url}/`, {
      method: "POST",
      headers: {
        "x-amz-target": "AWSOrganizationsV20161128.ListAccounts",
        "content-type": "application/x-amz-json-1.1",
      },
      body: "{}",
    });
    const page = (await res.json()) as { Accounts: { Id: string }[] };
    for (const a of page.Accounts) accountIds.push(a.Id);
  }

  const request = (i: number): Promise<number> =>
    new Promise((resolve, reject) => {
      const account = accountIds[i % accountIds.length] as string;
      let body: string;
      const headers: http.OutgoingHttpHeaders = {};
      if (i % 100 === 99) {
        body = "{}";
        headers["x-amz-target"] = "AWSOrganizationsV20161128.ListAccounts";
        headers["content-type"] = "application/x-amz-json-1.1";
        headers.authorization =
          "AWS4-HMAC-SHA256 Credential=AKIAFAKE/20250101/us-east-1/organizations/aws4_request, SignedHeaders=host, Signature=00";
      } else if (i % 5 === 0) {
        body = `Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A${account}%3Arole%2FOrganizationAccountAccessRole&RoleSessionName=load`;
        headers["content-type"] = "application/x-www-form-urlencoded";
        headers.authorization =
          "AWS4-HMAC-SHA256 Credential=AKIAFAKE/20250101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=00";
      } else {
        body = "Action=GetCallerIdentity&Version=2011-06-15";
        headers["content-type"] = "application/x-www-form-urlencoded";
        headers.authorization = `AWS4-HMAC-SHA256 Credential=ASIA${account}ABCD/20250101/eu-west-1/sts/aws4_request, SignedHeaders=host, Signature=00`;
      }
      headers["content-length"] = Buffer.byteLength(body);
      const req = http.request(
        { host: "127.0.0.1", port, method: "POST", path: "/", agent, headers },
        (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        },
      );
      req.on("error", reject);
      req.setTimeout(30_000, () => req.destroy(new Error("timeout")));
      req.end(body);
    });

  let next = 0;
  let failures = 0;
  const worker = async (): Promise<void> => {
    while (next < total) {
      const status = await request(next++);
      if (status !== 200) failures++;
    }
  };
  const cpu0 = procCpuS(sim.pid);
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - t0) / 1000;
  const simCpu = procCpuS(sim.pid) - cpu0;
  const stats = await sim.stats();
  agent.destroy();
  await sim.stop();
  console.log(
    JSON.stringify({
      requests: total,
      failures,
      seconds: Number(seconds.toFixed(2)),
      requestsPerSecond: Math.round(total / seconds),
      simulatorCpuSeconds: simCpu,
      simulatorCpuMsPer1000: Number(((simCpu / total) * 1e6).toFixed(0)),
      simulatorCoreBusy: Number((simCpu / seconds).toFixed(2)),
      calls: stats.calls,
    }),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
