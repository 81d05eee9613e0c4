/**
 * The hub is part of a journaled job: the header records the calling account and its
 * organization, and a resume from another hub is refused before any role is assumed (moto).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HUB_CREDENTIALS, useTestAws } from "../support/env.js";
import { CLI_ORG, cliEnv } from "./helpers.js";
import { runCli } from "./in-process.js";

const aws = useTestAws(CLI_ORG);
let tmp: string;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "cove-cli-journal-hub-"));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const members = () => [...aws.org.accounts.keys()].sort();
const exec = (flags: string[]) =>
  runCli(
    ["exec", "-t", members().slice(0, 2).join(","), ...flags, "--yes", "-o", "json", "--", "true"],
    {
      env: cliEnv(aws.proxy.url),
    },
  );

/** The hub's own reads the proxy saw: `sts:GetCallerIdentity` with the hub's key, `DescribeOrganization`. */
const hubReads = () => ({
  identity: aws.proxy.requests.filter(
    (q) => q.action === "sts:GetCallerIdentity" && q.accessKeyId === HUB_CREDENTIALS.accessKeyId,
  ).length,
  organization: aws.proxy.count("organizations:DescribeOrganization"),
});

/** The journal with its first line replaced by `edit(header)`. */
function editHeader(path: string, edit: (header: Record<string, unknown>) => void): string {
  const [first, ...rest] = readFileSync(path, "utf8").split("\n");
  const header = JSON.parse(first!) as Record<string, unknown>;
  edit(header);
  const text = [JSON.stringify(header), ...rest].join("\n");
  writeFileSync(path, text, { mode: 0o600 });
  return text;
}

describe("the hub of a journaled job", () => {
  it("is recorded in the header, and a resume from another hub or organization is refused before any role is assumed", async () => {
    const journal = join(tmp, "job.ndjson");
    const first = await exec(["--journal", journal]);
    expect(first.code).toBe(0);
    const header = JSON.parse(readFileSync(journal, "utf8").split("\n")[0]!) as {
      hub?: unknown;
    };
    expect(header.hub).toEqual({
      account: aws.org.managementAccountId,
      organization: aws.org.organizationId,
    });

    const text = editHeader(journal, (h) => {
      h.hub = { account: "999999999999", organization: "o-otherorg123" };
    });
    aws.proxy.clear();
    const other = await exec(["--resume", journal, "--retry-failed"]);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain(
      `the hub: the journal's is account "999999999999" in organization "o-otherorg123", this job's is account "${aws.org.managementAccountId}" in organization "${aws.org.organizationId}"`,
    );
    // (the proxy names actions service:Action: "AssumeRole" alone matched nothing)
    expect(aws.proxy.count("sts:AssumeRole")).toBe(0);
    expect(readFileSync(journal, "utf8")).toBe(text);

    // Same account, another organization (the account moved): refused too.
    editHeader(journal, (h) => {
      h.hub = { account: aws.org.managementAccountId, organization: "o-otherorg123" };
    });
    const moved = await exec(["--resume", journal]);
    expect(moved.code).toBe(2);
    expect(moved.stderr).toContain('in organization "o-otherorg123"');
  });

  it("a journal written before hubs were recorded is resumed without the check", async () => {
    const journal = join(tmp, "old.ndjson");
    expect((await exec(["--journal", journal])).code).toBe(0);
    editHeader(journal, (h) => {
      delete h.hub;
    });
    const resumed = await exec(["--resume", journal]);
    expect(resumed.stderr).toMatch(
      /^cove: resuming the job of .*: 2 runs journaled; running the rest\.\n$/,
    );
    expect(resumed.code).toBe(0);
  });

  it("is read once per journaled run, by the run itself: one GetCallerIdentity, one DescribeOrganization", async () => {
    const once = { identity: 1, organization: 1 };
    const journal = join(tmp, "once.ndjson");
    aws.proxy.clear();
    expect((await exec(["--journal", journal])).code).toBe(0);
    expect(hubReads()).toEqual(once);
    const header = JSON.parse(readFileSync(journal, "utf8").split("\n")[0]!) as { hub?: unknown };
    expect(header.hub).toEqual({
      account: aws.org.managementAccountId,
      organization: aws.org.organizationId,
    });
    aws.proxy.clear();
    const resumed = await exec(["--resume", journal, "--retry-failed"]);
    expect(resumed.code).toBe(0);
    expect(hubReads()).toEqual(once);

    // cove run too (in this thread: --workers 1; test/cli/run-workers.test.ts counts on threads).
    const module = join(tmp, "task.mjs");
    writeFileSync(module, "export default (session) => session.accountId;\n");
    aws.proxy.clear();
    const run = await runCli(
      [
        "run",
        module,
        "-t",
        members()[0]!,
        "-w",
        "1",
        "--yes",
        "--journal",
        join(tmp, "run.ndjson"),
      ],
      { env: cliEnv(aws.proxy.url) },
    );
    expect(run.code).toBe(0);
    expect(hubReads()).toEqual(once);
  });
});
