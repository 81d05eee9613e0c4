import http from "node:http";
import { STSClient, GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { startSimulator } from "./simulator-process.js";
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
const sim = await startSimulator({ accounts: 10, suspended: 0 });
const requestHandler = new NodeHttpHandler({ httpAgent: new http.Agent({ keepAlive: true, maxSockets: 50 }) });
const creds = { accessKeyId: "AKIAFAKE", secretAccessKey: "fake" };
for (let round = 0; round < 3; round++) {
  let t = performance.now();
  const clients = [];
  for (let i = 0; i < 2000; i++) clients.push(new STSClient({ region: "eu-west-1", endpoint: sim.url, credentials: creds, requestHandler }));
  console.log("construct 2000:", (performance.now() - t).toFixed(0), "ms");
  t = performance.now();
  const c = clients[0]!;
  for (let i = 0; i < 40; i++) await Promise.all(Array.from({ length: 50 }, () => c.send(new GetCallerIdentityCommand({}))));
  console.log("2000 sends, one client:", (performance.now() - t).toFixed(0), "ms");
  t = performance.now();
  for (let i = 0; i < 40; i++) await Promise.all(Array.from({ length: 50 }, (_, j) => clients[i * 50 + j]!.send(new GetCallerIdentityCommand({}))));
  console.log("2000 sends, fresh clients:", (performance.now() - t).toFixed(0), "ms", "rss", (process.memoryUsage().rss / 1e6).toFixed(0));
}
await sim.stop();
