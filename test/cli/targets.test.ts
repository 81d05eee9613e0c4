import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestAws } from "../support/env.js";
import { CLI_ORG, cliEnv, cove, oneLineNoStack, parseCsv, requireBuild } from "./helpers.js";
import { runCli } from "./in-process.js";
import { tempDir } from "../support/temp-dir.js";

const aws = useTestAws(CLI_ORG);
let env: NodeJS.ProcessEnv;

beforeAll(() => {
  env = cliEnv(aws.proxy.url);
});

const members = () => [...aws.org.accounts.keys()].sort();
const ou = (path: string) => aws.org.ous.get(path) as string;
const inOu = (path: string) =>
  [...aws.org.accounts]
    .filter(([, a]) => a.ouPath === path || a.ouPath.startsWith(`${path}/`))
    .map(([id]) => id);

describe("cove targets", () => {
  it("lists every ACTIVE member once with its name (json), assuming no role", async () => {
    aws.proxy.clear();
    const r = await runCli(["targets", "-o", "json"], { env });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      hub: { accountId: string };
      regions: string[];
      targets: { Id: string; Name: string; Region: string }[];
    };
    expect(out.hub.accountId).toBe(aws.org.managementAccountId);
    expect(out.regions).toEqual(["eu-west-1"]);
    expect(out.targets.map((t) => t.Id).sort()).toEqual(members());
    for (const t of out.targets) {
      expect(t.Name).toBe(aws.org.accounts.get(t.Id)!.name);
      expect(t.Region).toBe("eu-west-1");
    }
    // not the management account, not the closed one
    expect(out.targets.map((t) => t.Id)).not.toContain(aws.org.managementAccountId);
    expect(out.targets.map((t) => t.Id)).not.toContain(aws.org.closed[0]);
    expect(aws.proxy.count("sts:AssumeRole")).toBe(0);
  });

  it("targets an OU recursively, ignores an account and crosses accounts with regions", async () => {
    const apps = inOu("/Apps");
    expect(apps).toHaveLength(4);
    const ignored = aws.org.byOu.get("/Apps/Prod")![0]!;
    const r = await runCli(
      [
        "targets",
        "--target",
        ou("/Apps"),
        "-i",
        ignored,
        "--regions",
        "eu-west-1,us-east-1",
        "-o",
        "ndjson",
      ],
      { env },
    );
    expect(r.code).toBe(0);
    const rows = r.stdout
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as { Id: string; Region: string });
    const expected = apps
      .filter((id) => id !== ignored)
      .flatMap((id) => [`${id} eu-west-1`, `${id} us-east-1`]);
    expect(rows.map((x) => `${x.Id} ${x.Region}`).sort()).toEqual(expected.sort());
  });

  it("prints the rows sorted by OU path (root first, an OU before those inside it), then account id", async () => {
    const expected = [...aws.org.accounts]
      .map(([id, a]) => ({ id, path: a.ouPath }))
      .filter(({ id }) => members().includes(id))
      .sort((a, b) =>
        a.path === b.path
          ? a.id < b.id
            ? -1
            : 1
          : a.path.replace(/\//g, "\0") < b.path.replace(/\//g, "\0")
            ? -1
            : 1,
      )
      .flatMap(({ id, path }) => [`${id} ${path} us-east-1`, `${id} ${path} eu-west-1`]);
    for (const format of ["ndjson", "table"]) {
      const r = await runCli(["targets", "--regions", "us-east-1,eu-west-1", "-o", format], {
        env,
      });
      expect(r.code).toBe(0);
      const rows =
        format === "ndjson"
          ? r.stdout
              .trimEnd()
              .split("\n")
              .map((l) => JSON.parse(l) as { Id: string; OuPath: string; Region: string })
              .map((t) => `${t.Id} ${t.OuPath} ${t.Region}`)
          : r.stdout
              .split("\n")
              .filter((l) => /^\s+\d{12}\s/.test(l))
              .map((l) => l.trim().split(/\s{2,}/))
              .map((cells) => `${cells[0]} ${cells[4]} ${cells[5]}`);
      expect(rows).toEqual(expected);
    }
  });

  it("takes OU paths as -t and -i, as the help says", async () => {
    const r = await runCli(["targets", "-t", "/Apps", "-i", "/Apps/Prod", "-o", "json"], { env });
    expect(r.code).toBe(0);
    const ids = (JSON.parse(r.stdout) as { targets: { Id: string }[] }).targets.map((t) => t.Id);
    expect(ids.sort()).toEqual([...aws.org.byOu.get("/Apps")!].sort());
  });

  it("accepts repeated and comma-separated ids alike", async () => {
    const [a, b, c] = members() as [string, string, string];
    const r = await runCli(["targets", "-t", `${a},${b}`, "-t", c, "-o", "json"], { env });
    expect(r.code).toBe(0);
    const ids = (JSON.parse(r.stdout) as { targets: { Id: string }[] }).targets
      .map((t) => t.Id)
      .sort();
    expect(ids).toEqual([a, b, c].sort());
  });

  it("writes csv with a header row and one row per account × region", async () => {
    const r = await runCli(["targets", "-o", "csv", "--regions", "eu-west-1,eu-central-1"], {
      env,
    });
    expect(r.code).toBe(0);
    const [header, ...rows] = parseCsv(r.stdout);
    expect(header).toEqual(["Id", "Name", "Email", "Status", "OuPath", "Region"]);
    expect(rows).toHaveLength(members().length * 2);
    for (const row of rows) {
      const [id, name, email, status, , region] = row as string[];
      expect(aws.org.accounts.get(id!)?.name).toBe(name);
      expect(aws.org.accounts.get(id!)?.email).toBe(email);
      expect(status).toBe("ACTIVE");
      expect(["eu-west-1", "eu-central-1"]).toContain(region);
    }
  });

  it("writes a readable table with every account and a summary", async () => {
    const r = await runCli(["targets", "-o", "table"], { env });
    expect(r.code).toBe(0);
    for (const [id, a] of aws.org.accounts)
      expect(r.stdout).toMatch(
        new RegExp(`${id}\\s+${a.name}\\s+${a.email}\\s+ACTIVE\\s+${a.ouPath}\\s+eu-west-1`),
      );
    expect(r.stdout).toMatch(/^\s+Id\s+Name\s+Email\s+Status\s+OU path\s+Region\n/);
    expect(r.stdout).toContain(
      `${members().length} accounts × 1 region = ${members().length} runs`,
    );
  });

  // The warning is once per process: the built binary's.
  it("keeps the SDK's Node version warning off, unless the user turns it on", async () => {
    requireBuild();
    const quiet = await cove(["targets", "-o", "json"], { env });
    expect(quiet.stderr).toBe("");
    const wanted = await cove(["targets", "-o", "json"], {
      env: { ...env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "false" },
    });
    expect(wanted.code).toBe(0);
    if (Number(process.versions.node.split(".")[0]) < 22)
      expect(wanted.stderr).toContain("NodeVersionSupportWarning");
  });

  it("defaults to json when stdout is not a terminal", async () => {
    const r = await runCli(["targets"], { env });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toHaveProperty("targets");
  });
});

describe("usage errors exit 2 with one line on stderr", () => {
  it("a malformed id (INVALID_ID), naming the id and the flag", async () => {
    const r = await runCli(["targets", "-t", "12345"], { env });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    const line = oneLineNoStack(r.stderr);
    expect(line).toMatch(/^cove: error: /);
    expect(line).toContain('"12345"');
    expect(line).toContain("--target");
    expect(line).toContain("INVALID_ID");
  });

  it("an OU name without its leading slash: suggests the OU path", async () => {
    aws.proxy.clear();
    for (const [flag, name] of [
      ["-t", "Workloads"],
      ["--target", "Apps/Prod"],
      ["-i", "Sandbox"],
    ] as const) {
      const r = await runCli(["targets", flag, name], { env });
      expect(r.code).toBe(2);
      const line = oneLineNoStack(r.stderr);
      expect(line).toContain(`did you mean "/${name}"?`);
      expect(line).toContain(flag === "-i" ? "(flag -i/--ignore)" : "(flag -t/--target)");
      expect(line).toContain("INVALID_ID");
    }
    // Refused before any AWS call.
    expect(aws.proxy.requests).toHaveLength(0);
  });

  it.each([
    ["-t", "ou-zzzz-zzzzzzzz", "OU ou-zzzz-zzzzzzzz", "-t/--target"],
    ["-i", "ou-zzzz-zzzzzzzz", "OU ou-zzzz-zzzzzzzz", "-i/--ignore"],
    ["-t", "r-zzzz", "root r-zzzz", "-t/--target"],
    ["-i", "r-zzzz", "root r-zzzz", "-i/--ignore"],
    ["--target", "/Nope", "OU path /Nope", "-t/--target"],
  ])(
    "%s %s that does not exist (TARGET_NOT_FOUND) names the flag and the id",
    async (flag, id, what, named) => {
      const r = await runCli(["targets", flag, id], { env });
      expect(r.code).toBe(2);
      expect(oneLineNoStack(r.stderr)).toMatch(
        new RegExp(
          `^cove: error: (targetIds|ignoreIds): ${what} does not exist in the organization\\. \\(flag ${named}\\) \\[TARGET_NOT_FOUND\\]$`,
        ),
      );
    },
  );

  it.each([
    ["4/4", "the index must be below the count: 0…3 (it is 4)."],
    ["1/1", "the index must be below the count: 0 (it is 1)."],
    ["0/0", "the count must be a whole number >= 1 (it is 0)."],
  ])("--shard %s says what is wrong with it, before any AWS call", async (value, why) => {
    aws.proxy.clear();
    const r = await runCli(["targets", "--shard", value], { env });
    expect(r.code).toBe(2);
    const line = oneLineNoStack(r.stderr);
    expect(line).toContain("--shard");
    expect(line).toContain(`'${value}'`);
    expect(line).toContain(why);
    expect(line).not.toMatch(/received|\(Object\)/);
    expect(aws.proxy.requests).toHaveLength(0);
  });

  it("an unknown flag, with a suggestion on the same line", async () => {
    const r = await runCli(["targets", "--targett", "x"], { env });
    expect(r.code).toBe(2);
    expect(oneLineNoStack(r.stderr)).toMatch(/unknown option '--targett'.*--target/);
  });

  it("a bad flag value is refused before any AWS call", async () => {
    aws.proxy.clear();
    for (const args of [
      ["exec", "--concurrency", "many", "--", "true"],
      ["exec", "--concurrency", "0", "--", "true"],
      ["exec", "-o", "yaml", "--", "true"],
      ["exec", "--shard", "3", "--", "true"],
      ["exec", "--policy", "/nonexistent/policy.json", "--", "true"],
      ["targets", "--tag", "novalue"],
    ]) {
      const r = await runCli(args, { env });
      expect(r.code, args.join(" ")).toBe(2);
      oneLineNoStack(r.stderr);
    }
    expect(aws.proxy.count("sts:AssumeRole")).toBe(0);
  });

  it("exec without a command, and a command that does not exist", async () => {
    const none = await runCli(["exec", "--"], { env });
    expect(none.code).toBe(2);
    oneLineNoStack(none.stderr);
    const missing = await runCli(["exec", "--", "no-such-command-cove-test"], { env });
    expect(missing.code).toBe(2);
    expect(oneLineNoStack(missing.stderr)).toContain("no-such-command-cove-test");
  });

  it("a --policy file that is not a policy document, without repeating its content", async () => {
    const dir = tempDir("cove-cli-policy-");
    const policy = join(dir, "policy.json");
    writeFileSync(policy, "SENSITIVE-POLICY-TEXT-42 is not JSON");
    const r = await runCli(["exec", "--policy", policy, "--", "true"], { env });
    expect(r.code).toBe(2);
    const line = oneLineNoStack(r.stderr);
    expect(line).toContain("--policy");
    expect(line).not.toContain("SENSITIVE");
  });

  it("an empty --out-dir or an empty command, before anything runs or is written", async () => {
    const cwd = tempDir("cove-cli-empty-");
    aws.proxy.clear();
    for (const args of [
      ["exec", "--out-dir", "", "--", "true"],
      ["exec", "--", ""],
    ]) {
      const r = await runCli(args, { env, cwd });
      expect(r.code, args.join(" ")).toBe(2);
      oneLineNoStack(r.stderr);
    }
    expect(readdirSync(cwd)).toEqual([]);
    expect(aws.proxy.count("sts:AssumeRole")).toBe(0);
  });

  it("a tag key such as constructor is a key like any other", async () => {
    const r = await runCli(["targets", "--tag", "constructor=x"], { env });
    expect(r.code).toBe(2);
    expect(oneLineNoStack(r.stderr)).toContain("NO_ELIGIBLE_ACCOUNTS");
  });

  it("prints the stack only with --debug", async () => {
    const r = await runCli(["targets", "-t", "ou-zzzz-zzzzzzzz", "--debug"], { env });
    expect(r.code).toBe(2);
    expect(r.stderr.split("\n")[0]).toContain("TARGET_NOT_FOUND");
    expect(r.stderr).toMatch(/\n\s+at /);
  });
});

describe("--help", () => {
  it.each([[[]], [["targets"]], [["exec"]], [["run"]], [["demo"]]])(
    "cove %j --help shows usage and examples",
    async (cmd) => {
      const r = await runCli([...cmd, "--help"], { env });
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Usage: cove/);
      expect(r.stdout).toContain("Examples:");
    },
  );

  it("says that -t and -i take OU paths, and which columns targets prints", async () => {
    const r = await runCli(["targets", "--help"], { env });
    const help = r.stdout.replace(/\s+/g, " ");
    expect(help).toContain(
      "-t, --target <ids> account ids, OU ids (ou-…), root ids (r-…) or OU paths (/Workloads/Prod; / is the root) to run in",
    );
    expect(help).toContain(
      "-i, --ignore <ids> account ids, OU ids, root ids or OU paths to leave out",
    );
    expect(help).toContain("(Id, Name, Email, Status, OU path where known, Region)");
  });

  it("lists every selection flag on exec", async () => {
    const r = await runCli(["exec", "--help"], { env });
    for (const flag of [
      "--target",
      "--ignore",
      "--role",
      "--role-session-name",
      "--external-id",
      "--policy",
      "--policy-arn",
      "--profile",
      "--region",
      "--regions",
      "--partition",
      "--concurrency",
      "--fail-fast",
      "--tag",
      "--ignore-regions",
      "--output",
      "--out-dir",
      "--overwrite",
      "--quiet",
      "--yes",
    ]) {
      expect(r.stdout).toContain(flag);
    }
  });
});
