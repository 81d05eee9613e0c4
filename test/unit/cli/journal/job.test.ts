import { describe, expect, it } from "vitest";
import { resumeCommandLine, shellWord } from "../../../../src/cli/journal/hint.js";
import {
  execIdentity,
  hubDifference,
  jobDifferences,
  jobHeader,
  journalHub,
  runIdentity,
} from "../../../../src/cli/journal/job.js";

describe("jobDifferences", () => {
  const exec = jobHeader(execIdentity(["./fix.sh", "--apply"]), "./fix.sh --apply", {});

  it("is empty for the same command and role, whatever the selection and regions", () => {
    const again = jobHeader(execIdentity(["./fix.sh", "--apply"]), "x", {
      targetIds: ["ou-abcd-12345678"],
      regions: ["eu-west-1"],
    });
    expect(jobDifferences(exec, again)).toEqual([]);
  });

  it("names each difference: arguments, role, module, export, command", () => {
    const other = jobHeader(execIdentity(["./fix.sh"]), "./fix.sh", { roleName: "Auditor" });
    expect(jobDifferences(exec, other)).toEqual([
      'the arguments: the journal\'s is "./fix.sh" "--apply", this job\'s is "./fix.sh"',
      'the role: the journal\'s is "OrganizationAccountAccessRole", this job\'s is "Auditor"',
    ]);
    const run = (module: string, name?: string) =>
      jobHeader(runIdentity(module, name, ["a"]), "m", {});
    expect(jobDifferences(run("audit.ts"), run("audit.ts", "listUsers"))).toEqual([
      "the export: the journal's is (none), this job's is \"listUsers\"",
    ]);
    expect(jobDifferences(run("audit.ts"), run("other.ts"))[0]).toMatch(/^the module: /);
    expect(jobDifferences(exec, run("audit.ts"))).toEqual([
      'the cove command: the journal\'s is "exec", this job\'s is "run"',
    ]);
  });

  it("a header without the identity fields (not from --journal) differs", () => {
    expect(jobDifferences({ command: "exec" }, exec)).toEqual([
      'the arguments: the journal\'s is (none), this job\'s is "./fix.sh" "--apply"',
      "the role: the journal's is (none), this job's is \"OrganizationAccountAccessRole\"",
    ]);
  });
});

describe("resumeCommandLine", () => {
  it("puts --resume FILE in place of --journal FILE, right after the command, and quotes for a shell", () => {
    expect(
      resumeCommandLine(
        [
          "exec",
          "-t",
          "ou-1",
          "--journal",
          "j.ndjson",
          "--yes",
          "--",
          "sh",
          "-c",
          "echo '$x' --journal",
        ],
        "j.ndjson",
      ),
    ).toBe(`cove exec --resume j.ndjson -t ou-1 --yes -- sh -c 'echo '\\''$x'\\'' --journal'`);
    expect(
      resumeCommandLine(["run", "a b.ts", "--journal=j", "--resume", "old", "--retry-failed"], "j"),
    ).toBe("cove run --resume j 'a b.ts' --retry-failed");
  });

  it("shellWord leaves safe words alone and single-quotes the rest", () => {
    expect(shellWord("eu-west-1,us-east-1")).toBe("eu-west-1,us-east-1");
    expect(shellWord("$(rm -rf /)")).toBe("'$(rm -rf /)'");
    expect(shellWord("")).toBe("''");
  });
});

describe("an IAM Identity Center job and its hub", () => {
  const login = { profile: "dev", startUrl: "https://d-1.awsapps.com/start", cacheFile: undefined };
  const sso = (roleName: string, startUrl = login.startUrl) =>
    jobHeader(
      execIdentity(["true"]),
      "true",
      { identityCenter: { roleName } },
      { ...login, startUrl },
    );

  it("the permission set and the portal are part of the job; the profile name is not", () => {
    expect(sso("ReadOnly")).toMatchObject({
      ssoRole: "ReadOnly",
      ssoProfile: "dev",
      ssoStartUrl: login.startUrl,
    });
    expect(sso("ReadOnly").role).toBeUndefined();
    expect(jobDifferences(sso("ReadOnly"), { ...sso("ReadOnly"), ssoProfile: "other" })).toEqual(
      [],
    );
    expect(jobDifferences(sso("ReadOnly"), sso("Admin"))).toEqual([
      'the IAM Identity Center permission set (--sso-role): the journal\'s is "ReadOnly", this job\'s is "Admin"',
    ]);
    expect(
      jobDifferences(sso("ReadOnly"), sso("ReadOnly", "https://d-2.awsapps.com/start")),
    ).toEqual([
      'the IAM Identity Center portal (sso_start_url): the journal\'s is "https://d-1.awsapps.com/start", this job\'s is "https://d-2.awsapps.com/start"',
    ]);
    const plain = jobHeader(execIdentity(["true"]), "true", {});
    expect(jobDifferences(sso("ReadOnly"), plain)).toContain(
      "the IAM Identity Center permission set (--sso-role): the journal's is \"ReadOnly\", this job's is (none)",
    );
  });

  it("hubs differ by account, or by organization where both are known", () => {
    const hub = { account: "111111111111", organization: "o-aaaaaaaaaa" };
    expect(hubDifference(hub, { ...hub })).toBeUndefined();
    expect(hubDifference(hub, { ...hub, organization: null })).toBeUndefined();
    expect(hubDifference(hub, { ...hub, organization: "o-bbbbbbbbbb" })).toMatch(/^the hub: /);
    expect(hubDifference(hub, { account: "222222222222", organization: null })).toBe(
      'the hub: the journal\'s is account "111111111111" in organization "o-aaaaaaaaaa", this job\'s is account "222222222222"',
    );
    expect(journalHub({ hub: { account: 5 } })).toBeUndefined();
    expect(journalHub({})).toBeUndefined();
  });
});
