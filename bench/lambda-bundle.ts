/**
 * The Step Functions handler (docs/engines/step-functions/handler.ts) bundled with esbuild as
 * a Lambda function would ship it, and its cold import time: each bundle imported by a fresh
 * `node` process, 7 times, the median reported.
 *
 *   npm run build && npx tsx bench/lambda-bundle.ts
 *
 * Two bundles: everything inside (AWS SDK included), and the SDK left out (`@aws-sdk/*`,
 * `@smithy/*` external: what the Lambda Node.js runtime provides). Written to bench/results/.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(ROOT, "bench/results/lambda");
const HANDLER = join(ROOT, "docs/engines/step-functions/handler.ts");
/** ESM bundles of CommonJS packages need `require` (the SDK's `require("node:https")`). */
const BANNER =
  'import { createRequire } from "node:module"; const require = createRequire(import.meta.url);';

function bundle(name: string, extra: string[]): string {
  const file = join(OUT, `${name}.mjs`);
  execFileSync(
    join(ROOT, "node_modules/.bin/esbuild"),
    [
      HANDLER,
      "--bundle",
      "--minify",
      "--platform=node",
      "--format=esm",
      "--target=node20",
      `--banner:js=${BANNER}`,
      `--outfile=${file}`,
      "--log-level=warning",
      ...extra,
    ],
    { stdio: "inherit" },
  );
  return file;
}

/** Milliseconds a fresh node process takes to import `file` (the handler exported). */
function coldImport(file: string): number {
  const script = `const t = performance.now(); const m = await import(${JSON.stringify(file)}); if (typeof m.handler !== "function") process.exit(3); console.log(performance.now() - t);`;
  return Number(execFileSync(process.execPath, ["--input-type=module", "-e", script]).toString());
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

mkdirSync(OUT, { recursive: true });
for (const [name, extra] of [
  ["handler-all", []],
  ["handler-sdk-external", ["--external:@aws-sdk/*", "--external:@smithy/*"]],
] as const) {
  const file = bundle(name, [...extra]);
  const times = Array.from({ length: 7 }, () => coldImport(file));
  console.log(
    `${name}: ${(statSync(file).size / 1024).toFixed(0)} KiB, cold import median ${median(times).toFixed(0)} ms (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)})`,
  );
}
