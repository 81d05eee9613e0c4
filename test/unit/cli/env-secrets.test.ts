import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { environmentSecrets, readTokenFile } from "../../../src/cli/env-secrets.js";

const tmp = mkdtempSync(join(tmpdir(), "cove-env-secrets-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("environmentSecrets", () => {
  it("holds the hub's keys, the container token (value and file) and the web identity token", () => {
    const tokenFile = join(tmp, "token");
    const webFile = join(tmp, "web");
    writeFileSync(tokenFile, "container-token-from-file\n");
    writeFileSync(webFile, "web-identity-jwt-0123456789");
    const secrets = environmentSecrets({
      AWS_SECRET_ACCESS_KEY: "hub-secret",
      AWS_CONTAINER_AUTHORIZATION_TOKEN: "container-token-from-env",
      AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: tokenFile,
      AWS_WEB_IDENTITY_TOKEN_FILE: webFile,
    });
    expect(secrets).toEqual(
      expect.arrayContaining([
        "hub-secret",
        "container-token-from-env",
        "container-token-from-file",
        "web-identity-jwt-0123456789",
      ]),
    );
  });

  it("reads only regular files: a FIFO is not waited on, a missing file is nothing", () => {
    const fifo = join(tmp, "fifo");
    execFileSync("mkfifo", [fifo]);
    expect(readTokenFile(fifo)).toBeUndefined();
    expect(readTokenFile(join(tmp, "missing"))).toBeUndefined();
    expect(readTokenFile(tmp)).toBeUndefined();
  });
});
