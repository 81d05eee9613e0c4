import { describe, expect, it } from "vitest";
import { errorCell, resultCell } from "../../../../src/cli/output/cells.js";

/** What `aws sts get-caller-identity` prints. */
const CALLER_IDENTITY = `{
    "UserId": "AROAEXAMPLE:cove",
    "Account": "111111111111",
    "Arn": "arn:aws:sts::111111111111:assumed-role/OrganizationAccountAccessRole/cove"
}
`;

describe("resultCell", () => {
  it("keeps one line as it is (a trailing newline and blank lines around it dropped)", () => {
    expect(resultCell("ok")).toBe("ok");
    expect(resultCell("\n\nok\n\n")).toBe("ok");
    expect(resultCell("")).toBe("");
  });

  it("shows a JSON document (an AWS CLI's output) compacted onto one line", () => {
    expect(resultCell(CALLER_IDENTITY)).toBe(
      '{"UserId":"AROAEXAMPLE:cove","Account":"111111111111","Arn":"arn:aws:sts::111111111111:assumed-role/OrganizationAccountAccessRole/cove"}',
    );
    expect(resultCell('[\n  "a",\n  "b"\n]\n')).toBe('["a","b"]');
  });

  it("shows other text as its first line and how many lines follow", () => {
    expect(resultCell("bucket-a\nbucket-b\nbucket-c\n")).toBe("bucket-a …(+2 lines)");
    expect(resultCell("\nfirst\r\nsecond\n")).toBe("first …(+1 line)");
    // Not JSON after all: read as text.
    expect(resultCell("{ not json\nreally\n")).toBe("{ not json …(+1 line)");
  });
});

const DENIED =
  "User: arn:aws:iam::123456789012:user/demo is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111111111111:role/OrganizationAccountAccessRole";

describe("errorCell", () => {
  it("AccessDenied: drops the caller and keeps the action and the role (the row names the account)", () => {
    const error = { name: "AccessDenied", message: DENIED, code: "AccessDenied" };
    expect(errorCell(error, "111111111111")).toBe(
      "AccessDenied: sts:AssumeRole on role/OrganizationAccountAccessRole",
    );
    // Another row's account: its ARN stays whole.
    expect(errorCell(error, "222222222222")).toBe(
      "AccessDenied: sts:AssumeRole on arn:aws:iam::111111111111:role/OrganizationAccountAccessRole",
    );
  });

  it("keeps why access was denied", () => {
    const error = {
      name: "AccessDenied",
      code: "AccessDenied",
      message:
        "User: arn:aws:sts::111111111111:assumed-role/Hub/cove is not authorized to perform: ec2:DescribeVpcs with an explicit deny in a service control policy",
    };
    expect(errorCell(error, "111111111111")).toBe(
      "AccessDenied: ec2:DescribeVpcs with an explicit deny in a service control policy",
    );
  });

  it("a failed command: its code, exit code and last line of stderr", () => {
    const failed = {
      name: "CommandFailed",
      code: "COMMAND_FAILED",
      message: "Command exited with code 3: disk on fire",
      exitCode: 3,
      stderr: "checking…\ndisk on fire\n\n",
    };
    expect(errorCell(failed)).toBe("COMMAND_FAILED exit 3: disk on fire");
    expect(errorCell({ ...failed, stderr: "" })).toBe("COMMAND_FAILED exit 3");
    const killed = { ...failed, exitCode: undefined, signal: "SIGTERM", stderr: "stopping" };
    expect(errorCell(killed)).toBe("COMMAND_FAILED SIGTERM: stopping");
  });

  it("other errors: the code (else a name that says something) and the message", () => {
    expect(errorCell(Object.assign(new Error("no"), { code: "E_NO" }))).toBe("E_NO: no");
    expect(errorCell(new TypeError("x is not a function"))).toBe("TypeError: x is not a function");
    expect(errorCell(new Error("Deliberate failure"))).toBe("Deliberate failure");
    expect(errorCell("a string")).toBe("a string");
  });
});
