import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireBuild, ROOT } from "../cli/helpers.js";
import { run, type Ran } from "./consumer.js";

/**
 * `npm publish --dry-run`, as the release workflow would publish, against a local stand-in
 * registry that records every request (so the test needs no network and proves nothing is
 * uploaded): what the package would carry, and that npm has nothing to correct in it.
 */

interface PublishedFile {
  path: string;
  size: number;
}

let registry: Server;
const requests: string[] = [];
let published: Ran;
let files: PublishedFile[];

beforeAll(async () => {
  requireBuild();
  registry = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(404, { "content-type": "application/json" }).end("{}");
  });
  await new Promise<void>((resolve) => registry.listen(0, "127.0.0.1", resolve));
  const { port } = registry.address() as AddressInfo;
  // --ignore-scripts: dist/ is built already; prepare would rebuild it under other tests' feet.
  published = await run(
    "npm",
    [
      "publish",
      ".",
      "--dry-run",
      "--json",
      "--ignore-scripts",
      "--access",
      "public",
      "--registry",
      `http://127.0.0.1:${port}/`,
    ],
    ROOT,
  );
  const out = JSON.parse(published.stdout) as Record<string, { files: PublishedFile[] }>;
  files = out.botocove!.files;
}, 120_000);

afterAll(async () => {
  if (registry) await new Promise((resolve) => registry.close(resolve));
});

describe("npm publish --dry-run", () => {
  it("succeeds without uploading anything and without npm correcting package.json", () => {
    expect(published.status).toBe(0);
    expect(requests.filter((r) => !r.startsWith("GET "))).toEqual([]);
    expect(published.stderr).not.toMatch(/auto-corrected|errors corrected/);
    expect(published.stderr).toMatch(/\(dry-run\)/);
  });

  it("ships what users need: dist (JavaScript, types, maps), the sources the maps name, README, CHANGELOG, docs", () => {
    const paths = files.map((f) => f.path);
    for (const path of [
      "package.json",
      "README.md",
      "CHANGELOG.md",
      "docs/cli.md",
      "docs/library.md",
      "dist/index.js",
      "dist/index.d.ts",
      "dist/index.js.map",
      "dist/cli/main.js",
      "src/index.ts",
    ]) {
      expect(paths).toContain(path);
    }
  });

  it("ships no tests, benchmarks, scripts, CI files or images", () => {
    const unwanted = files
      .map((f) => f.path)
      .filter(
        (p) =>
          /^(test|bench|scripts|\.ci|\.github|node_modules)\//.test(p) ||
          /\.(png|jpe?g|gif|webp|tgz)$/i.test(p) ||
          /\.test(-d)?\.ts$/.test(p),
      );
    expect(unwanted).toEqual([]);
  });
});

describe("the release workflow", () => {
  const workflow = readFileSync(join(ROOT, ".github/workflows/release.yml"), "utf8");

  it("runs on version tags, tests, then publishes with provenance", () => {
    expect(workflow).toMatch(/tags:\s*\n\s*-\s*["']?v\*["']?/);
    expect(workflow).toMatch(/id-token:\s*write/);
    expect(workflow).toMatch(/contents:\s*read/);
    const ci = workflow.indexOf("npm ci");
    const test = workflow.indexOf("npm test");
    const publish = workflow.indexOf("npm publish --provenance --access public");
    expect([ci, test, publish].every((i) => i > 0)).toBe(true);
    expect(ci < test && test < publish).toBe(true);
  });
});
