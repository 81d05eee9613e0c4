import { describe, expect, it } from "vitest";
import { resumeCommandLine } from "../../../../src/cli/journal/hint.js";
import { shellWord } from "../../../../src/cli/shell.js";
import {
  execIdentity,
  jobDifferences,
  jobHeader,
  runIdentity,
} from "../../../../src/cli/job/header.js";

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
