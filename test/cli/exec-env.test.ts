/**
 * What a command run by `cove exec` can reach: none of the variables that lead to the hub's
 * own credentials (container endpoint and token, web identity, instance metadata, profiles
 * and their files), and the hub's tokens redacted from every output, even when the command
 * prints them.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestAws } from "../support/env.js";
import { CLI_ORG, cliEnv } from "./helpers.js";
import { runCli } from "./in-process.js";

const aws = useTestAws(CLI_ORG);
let tmp: string;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "cove-cli-exec-env-"));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The page's text with its compressed detail chunks inflated. */
function pageText(path: string): string {
  const html = readFileSync(path, "utf8");
  const details = [...html.matchAll(/id="cove-d-\d+">([^<]*)</g)].map((m) =>
    gunzipSync(Buffer.from(m[1]!, "base64")).toString(),
  );
  return [html, ...details].join("\n");
}

/** Every file under `dir`, as text. */
function filesText(dir: string): string {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => readFileSync(join(e.parentPath, e.name), "utf8"))
    .join("\n");
}

describe("cove exec: what the command can reach", () => {
  it("strips every way to the hub's credentials from the command's environment and redacts the hub's tokens everywhere", async () => {
    const envToken = "container-token-from-env-0123456789";
    const fileToken = "container-token-from-file-abcdefghij";
    const webToken = "eyJhbGciOiJSUzI1NiJ9.web-identity-token.signature0123";
    const tokenFile = join(tmp, "container-token");
    const webFile = join(tmp, "web-identity-token");
    writeFileSync(tokenFile, `${fileToken}\n`);
    writeFileSync(webFile, webToken);
    const hubWays = {
      AWS_CONTAINER_CREDENTIALS_FULL_URI: "http://169.254.170.23/v1/credentials",
      AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: "/v2/credentials/hub-task",
      AWS_CONTAINER_AUTHORIZATION_TOKEN: envToken,
      AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: tokenFile,
      AWS_WEB_IDENTITY_TOKEN_FILE: webFile,
      AWS_ROLE_ARN: "arn:aws:iam::123456789012:role/hub-pod-role",
      AWS_ROLE_SESSION_NAME: "hub-pod-session",
      AWS_EC2_METADATA_SERVICE_ENDPOINT: "http://169.254.169.254",
      AWS_EC2_METADATA_V1_DISABLED: "true",
      AWS_DEFAULT_PROFILE: "hub",
      AWS_SSO_SESSION: "corp",
    };
    const env = cliEnv(aws.proxy.url, { ...hubWays, AWS_EC2_METADATA_DISABLED: undefined });
    const [one] = [...aws.org.accounts.keys()].sort() as [string];
    const journal = join(tmp, "job.ndjson");
    const report = join(tmp, "report.html");
    const outDir = join(tmp, "out");
    // The command prints its environment, then the token files it could find on disk.
    const r = await runCli(
      [
        "exec",
        "-t",
        one,
        "--yes",
        "--journal",
        journal,
        "--report",
        report,
        "--out-dir",
        outDir,
        "-o",
        "json",
        "--",
        "sh",
        "-c",
        'env; cat "$0" "$1"; echo "$0 $1" >&2',
        tokenFile,
        webFile,
      ],
      { env },
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { Results: { Result: { stdout: string } }[] };
    const childEnv = out.Results[0]!.Result.stdout;
    const names = childEnv
      .split("\n")
      .map((line) => line.split("=")[0])
      .filter((name) => name?.startsWith("AWS_"));
    for (const name of [
      ...Object.keys(hubWays),
      "AWS_CONFIG_FILE",
      "AWS_SHARED_CREDENTIALS_FILE",
      "AWS_PROFILE",
    ])
      expect(names).not.toContain(name);
    expect(childEnv).toContain("AWS_EC2_METADATA_DISABLED=true\n");
    expect(childEnv).toContain(`AWS_ACCOUNT_ID=${one}\n`);
    // The files were printed: what they held is redacted.
    expect(childEnv).toContain("[REDACTED]");
    const everything = [
      r.stdout,
      r.stderr,
      readFileSync(journal, "utf8"),
      pageText(report),
      filesText(outDir),
    ].join("\n");
    for (const token of [envToken, fileToken, webToken]) expect(everything).not.toContain(token);
  });
});
