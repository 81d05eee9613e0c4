import {
  chmodSync,
  chownSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  parseEntry,
  readEntry,
  saveEntry,
  unsafeFolderReason,
} from "../../../src/cli/cache-file.js";
import { tempDir } from "../../support/temp-dir.js";

const NOW = 1_800_000_000_000;
const TTL = 300_000;
const entry = (o: Record<string, unknown> = {}) =>
  JSON.stringify({ version: 1, savedAt: NOW - 1000, accounts: [{ Id: "111111111111" }], ...o });

describe("parseEntry (the cache file is untrusted input)", () => {
  it("gives the accounts of a fresh, well-formed entry, rebuilt from known keys only", () => {
    const text = entry({
      accounts: [
        {
          Id: "111111111111",
          Name: "prod",
          OuPath: "/Prod",
          Tags: { Env: "prod" },
          Injected: { toString: "x" },
        },
      ],
    });
    expect(parseEntry(text, TTL, NOW)).toEqual([
      { Id: "111111111111", Name: "prod", OuPath: "/Prod", Tags: { Env: "prod" } },
    ]);
  });

  it.each([
    ["stale", entry({ savedAt: NOW - TTL - 1 })],
    ["saved in the future", entry({ savedAt: NOW + 1 })],
    ["without a number savedAt", entry({ savedAt: "now" })],
    ["of another version", entry({ version: 2 })],
    ["with no accounts", entry({ accounts: [] })],
    ["with accounts that are not a list", entry({ accounts: { Id: "111111111111" } })],
    ["with a malformed id", entry({ accounts: [{ Id: "1111" }] })],
    ["with a name that is not text", entry({ accounts: [{ Id: "111111111111", Name: 7 }] })],
    ["with tags that are not text", entry({ accounts: [{ Id: "111111111111", Tags: { a: 1 } }] })],
    ["that is not JSON", "{"],
    ["that is JSON but not an object", "[1]"],
  ])("refuses an entry %s", (_, text) => {
    expect(parseEntry(text, TTL, NOW)).toBeUndefined();
  });
});

describe("cache files on disk", () => {
  it("saves with mode 0600 through a temporary file of an unpredictable name", async () => {
    const dir = tempDir("cove-cache-unit-");
    const file = join(dir, "k.json");
    // Where the previous implementation wrote its temporary file (predictable: the pid).
    const victim = join(tempDir("cove-victim-"), "victim");
    writeFileSync(victim, "untouched");
    symlinkSync(victim, `${file}.${process.pid}.tmp`);
    await saveEntry(file, [{ Id: "111111111111" }], NOW);
    expect(readFileSync(victim, "utf8")).toBe("untouched");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({
      version: 1,
      savedAt: NOW,
      accounts: [{ Id: "111111111111" }],
    });
    expect(readdirSync(dir).sort()).toEqual([`k.json`, `k.json.${process.pid}.tmp`]);
  });

  it("reads a file of this user back, but not one others can write or through a link", async () => {
    const dir = tempDir("cove-cache-unit-");
    const file = join(dir, "k.json");
    writeFileSync(file, entry(), { mode: 0o600 });
    expect(await readEntry(file, TTL, NOW)).toEqual([{ Id: "111111111111" }]);
    chmodSync(file, 0o666);
    expect(await readEntry(file, TTL, NOW)).toBeUndefined();
    chmodSync(file, 0o600);
    symlinkSync(file, join(dir, "link.json"));
    expect(await readEntry(join(dir, "link.json"), TTL, NOW)).toBeUndefined();
    expect(await readEntry(join(dir, "missing.json"), TTL, NOW)).toBeUndefined();
  });

  it("accepts a private folder (creating it 0700) and refuses a shared one or a link", async () => {
    const base = tempDir("cove-cache-unit-");
    const created = join(base, "new", "botocove");
    expect(await unsafeFolderReason(created)).toBeUndefined();
    expect(statSync(created).mode & 0o777).toBe(0o700);
    const shared = join(base, "shared");
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    expect(await unsafeFolderReason(shared)).toBe("other users can write to it");
    symlinkSync(created, join(base, "link"));
    expect(await unsafeFolderReason(join(base, "link"))).toBe("it is a symbolic link");
    writeFileSync(join(base, "file"), "");
    expect(await unsafeFolderReason(join(base, "file"))).toMatch(/cannot be used|not a folder/);
  });

  it.runIf(process.getuid?.() === 0)("refuses a folder of another user", async () => {
    const base = tempDir("cove-cache-unit-");
    const theirs = join(base, "theirs");
    mkdirSync(theirs, { mode: 0o700 });
    chownSync(theirs, 65534, 65534);
    expect(await unsafeFolderReason(theirs)).toBe("it belongs to another user (uid 65534)");
  });
});
