/* global process, console, performance */
// Time and RSS of importing botocove in a fresh process:
//   node bench/import-cost.mjs [index|worker] [DIST]
// `index`: the library (`import("botocove")`); `worker`: what each worker thread imports
// (the session and the connection pool, not STS, Organizations or the SSO portal).
import path from "node:path";
import { pathToFileURL } from "node:url";
const what = process.argv[2] ?? "index";
const dist = path.resolve(process.argv[3] ?? "dist");
const files =
  what === "worker" ? ["run/session.js", "aws/pool.js", "workers/protocol.js"] : ["index.js"];
const rss0 = process.memoryUsage.rss();
const t0 = performance.now();
for (const f of files) await import(pathToFileURL(path.join(dist, f)).href);
const ms = performance.now() - t0;
const rss = process.memoryUsage.rss();
console.log(
  JSON.stringify({
    what,
    importMs: +ms.toFixed(1),
    rssMb: +(rss / 2 ** 20).toFixed(1),
    rssDeltaMb: +((rss - rss0) / 2 ** 20).toFixed(1),
  }),
);
