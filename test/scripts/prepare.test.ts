import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { prepare } from "../../scripts/prepare.js";

/**
 * scripts/prepare.ts (the `prepare` script) on a stand-in package: a fake build writes dist/
 * and the generated page module; what matters is when prepare calls it.
 */

let root: string;
let builds: number;
let said: string[];

function write(path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

/** A build that writes its outputs from the sources (or fails with `status`). */
function fakeBuild(status = 0, files = ["dist/index.js", "dist/cli/main.js"]) {
  return () => {
    builds++;
    rmSync(join(root, "dist"), { recursive: true, force: true });
    for (const file of files) write(file, `built ${builds}`);
    write("src/cli/report/generated/page-assets.ts", `export const n = ${builds};`);
    return status;
  };
}

const run = (build = fakeBuild()) => prepare({ root, build, log: (l) => said.push(l) });

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "cove-prepare-"));
  builds = 0;
  said = [];
  write("package.json", "{}");
  write("tsconfig.json", "{}");
  write("src/index.ts", "export const a = 1;");
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("scripts/prepare.ts", () => {
  it("builds once, then skips while sources and outputs are as the build left them (npm runs prepare twice for a git install)", () => {
    expect([run(), builds]).toEqual([0, 1]);
    expect(said).toEqual([]);
    expect([run(), builds]).toEqual([0, 1]);
    expect(said).toEqual([
      "prepare: dist/ is already the build of these sources; not building again",
    ]);
  });

  it("builds again when a source changes (the generated page module is not a source)", () => {
    run();
    write("src/index.ts", "export const a = 2;");
    expect([run(), builds]).toEqual([0, 2]);
    write("src/cli/new.ts", "export {};");
    expect([run(), builds]).toEqual([0, 3]);
    expect([run(), builds]).toEqual([0, 3]);
  });

  it("builds again when the tsconfig or package.json changes", () => {
    run();
    write("tsconfig.json", '{"compilerOptions":{}}');
    expect([run(), builds]).toEqual([0, 2]);
    write("package.json", '{"name":"x"}');
    expect([run(), builds]).toEqual([0, 3]);
  });

  it("builds again when dist/ was removed, touched or is missing a file", () => {
    run();
    rmSync(join(root, "dist"), { recursive: true });
    expect([run(), builds]).toEqual([0, 2]);
    utimesSync(join(root, "dist/index.js"), new Date(0), new Date(0));
    expect([run(), builds]).toEqual([0, 3]);
    rmSync(join(root, "dist/cli/main.js"));
    expect([run(), builds]).toEqual([0, 4]);
  });

  it("a failed build passes its exit code on and the next prepare builds again", () => {
    expect(run(fakeBuild(2))).toBe(2);
    expect([run(), builds]).toEqual([0, 2]);
    expect([run(), builds]).toEqual([0, 2]);
  });

  it("an `npm run build` since, failed half-way, is not taken for the recorded build", () => {
    run();
    expect(fakeBuild(1, ["dist/index.js"])()).toBe(1);
    expect([run(), builds]).toEqual([0, 3]);
  });

  it("an unreadable stamp means build", () => {
    run();
    write("node_modules/.cache/botocove-prepare.json", "{not json");
    expect([run(), builds]).toEqual([0, 2]);
  });
});
