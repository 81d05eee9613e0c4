/* global process */
// Records every module a Node process loads, for tests and benchmarks that check what an
// entry imports (not how long it takes):
//   MODULE_LOG=/tmp/loaded.txt node --import ./scripts/module-log.mjs ENTRY
// One line per module: the file URL of each ES module (from a `load` hook registered with
// `module.register`) and, at exit, each CommonJS file in the require cache (most AWS SDK
// packages load as CommonJS, whose inner `require`s the ES module hooks do not see).
// Worker threads inherit `--import` through execArgv and run this preload again: each
// writes its own file, MODULE_LOG.<threadId>.
import { appendFileSync } from "node:fs";
import { createRequire, register } from "node:module";
import { pathToFileURL } from "node:url";
import { threadId } from "node:worker_threads";

const base = process.env.MODULE_LOG;
if (!base) throw new Error("module-log.mjs: set MODULE_LOG to the file to append to.");
// The main thread's modules in MODULE_LOG, each worker thread's in MODULE_LOG.<threadId>.
const log = threadId === 0 ? base : `${base}.${threadId}`;

const hooks = `
import { appendFileSync } from "node:fs";
let file;
export function initialize(data) { file = data.file; }
export async function load(url, context, nextLoad) {
  if (url.startsWith("file:")) appendFileSync(file, url + "\\n");
  return nextLoad(url, context);
}
`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`, { data: { file: log } });

const cache = createRequire(import.meta.url).cache;
process.on("exit", () => {
  const files = Object.keys(cache).map((f) => pathToFileURL(f).href);
  if (files.length > 0) appendFileSync(log, files.join("\n") + "\n");
});
