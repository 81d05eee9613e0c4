/* global process, console */
// What starting botocove costs, each case in fresh processes (median of --runs):
//   node bench/import-cost.mjs                            # every case on ./dist, 7 runs each
//   node bench/import-cost.mjs --case index --runs 11     # one case (repeatable)
//   node bench/import-cost.mjs --dist OLD --dist dist     # two builds, alternating, one sitting
// Cases:
//   index         import("botocove") (dist/index.js)
//   worker        what a worker thread's entry loads (dist/workers/worker.js and its imports)
//   cli-version   `cove --version`, a whole process
//   cli-run-help  `cove run --help`, a whole process
//   node          `node` doing nothing: the floor every process pays
// Per case: the import's own time (index, worker), the time from the process's start to its
// exit, its peak RSS, and the AWS SDK packages (and commander) it loaded. Times are wall
// time: on a busy machine they move with the load; the package lists do not.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

const CASES = ["index", "worker", "cli-version", "cli-run-help", "node"];

function parseArgs(argv) {
  const args = { dists: [], cases: [], runs: 7, json: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "--dist") args.dists.push(path.resolve(value()));
    else if (a === "--case") args.cases.push(value());
    else if (a === "--runs") args.runs = Number(value());
    else if (a === "--json") args.json = value();
    // The earlier form: `import-cost.mjs index|worker [DIST]`.
    else if (CASES.includes(a)) args.cases.push(a);
    else if (!a.startsWith("-")) args.dists.push(path.resolve(a));
    else throw new Error(`unknown argument ${a}`);
  }
  if (args.dists.length === 0) args.dists.push(path.resolve("dist"));
  if (args.cases.length === 0) args.cases.push(...CASES);
  for (const c of args.cases) if (!CASES.includes(c)) throw new Error(`unknown case ${c}`);
  if (!Number.isInteger(args.runs) || args.runs < 1) throw new Error("--runs: a positive integer");
  return args;
}

// Loaded first in each measured process; at exit writes what the process cost and loaded
// (CommonJS packages from the require cache: most of the AWS SDK loads as CommonJS).
const PROBE = `
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
const cache = createRequire(import.meta.url).cache;
process.on("exit", () => {
  const packages = new Set();
  for (const file of Object.keys(cache)) {
    const m = /\\/node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(file);
    if (m && (m[1].startsWith("@aws-sdk/") || m[1] === "commander")) packages.add(m[1]);
  }
  writeFileSync(process.env.IMPORT_COST_OUT, JSON.stringify({
    importMs: globalThis.__importMs,
    totalMs: performance.now(),
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    packages: [...packages].sort(),
  }));
});
`;

/** The script that imports `file` and times it (a worker entry refuses to run in the main thread after its imports are loaded). */
function importer(file) {
  return `
const t0 = performance.now();
try { await import(${JSON.stringify(pathToFileURL(file).href)}); } catch (e) {
  if (!String(e?.message).includes("only in a worker thread")) throw e;
}
globalThis.__importMs = performance.now() - t0;
`;
}

function argsFor(kase, dist, dir) {
  const script = (name, text) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return [file];
  };
  switch (kase) {
    case "index":
      return script("index.mjs", importer(path.join(dist, "index.js")));
    case "worker":
      return script("worker.mjs", importer(path.join(dist, "workers/worker.js")));
    case "cli-version":
      return [path.join(dist, "cli/main.js"), "--version"];
    case "cli-run-help":
      return [path.join(dist, "cli/main.js"), "run", "--help"];
    case "node":
      return script("node.mjs", "");
  }
}

function measureOnce(kase, dist, dir) {
  const out = path.join(dir, "out.json");
  const probe = path.join(dir, "probe.mjs");
  writeFileSync(probe, PROBE);
  rmSync(out, { force: true });
  const child = spawnSync(
    process.execPath,
    ["--import", pathToFileURL(probe).href, ...argsFor(kase, dist, dir)],
    {
      env: { ...process.env, IMPORT_COST_OUT: out },
      encoding: "utf8",
      // Inside the dist's repository, so that its node_modules are found.
      cwd: path.dirname(dist),
    },
  );
  if (child.status !== 0) throw new Error(`${kase} on ${dist} failed:\n${child.stderr}`);
  return JSON.parse(readFileSync(out, "utf8"));
}

const median = (xs) => {
  const s = xs.filter((x) => typeof x === "number").sort((a, b) => a - b);
  if (s.length === 0) return undefined;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const fmt = (x) => (x === undefined ? "–" : x.toFixed(0));

function main() {
  const args = parseArgs(process.argv.slice(2));
  const dir = mkdtempSync(path.join(tmpdir(), "cove-import-cost-"));
  const samples = new Map();
  try {
    // One round = every case on every dist, in turn: builds alternate within a sitting.
    for (let round = 0; round < args.runs; round++)
      for (const kase of args.cases)
        for (const dist of args.dists) {
          const key = `${kase}\t${dist}`;
          if (!samples.has(key)) samples.set(key, []);
          samples.get(key).push(measureOnce(kase, dist, dir));
        }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const rows = [];
  for (const [key, runs] of samples) {
    const [kase, dist] = key.split("\t");
    rows.push({
      case: kase,
      dist: path.relative(process.cwd(), dist) || ".",
      runs: runs.length,
      importMs: median(runs.map((r) => r.importMs)),
      totalMs: median(runs.map((r) => r.totalMs)),
      maxRssMb: median(runs.map((r) => r.maxRssMb)),
      packages: runs[0].packages,
    });
  }
  console.log(`median of ${args.runs} fresh processes each (ms, MB)`);
  console.log(["case", "dist", "import ms", "start→exit ms", "peak RSS MB", "packages"].join("\t"));
  for (const r of rows)
    console.log(
      [
        r.case,
        r.dist,
        fmt(r.importMs),
        fmt(r.totalMs),
        r.maxRssMb.toFixed(1),
        r.packages.join(" ") || "–",
      ].join("\t"),
    );
  if (args.json) writeFileSync(args.json, JSON.stringify(rows, null, 2) + "\n");
}

main();
