import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { gunzipSync } from "node:zlib";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HUB_CREDENTIALS, useTestAws } from "../support/env.js";
import { CLI_ORG, cliEnv, cove, parseCsv, requireBuild } from "./helpers.js";
import { runCli, startInProcess } from "./in-process.js";

const aws = useTestAws(CLI_ORG);
let env: NodeJS.ProcessEnv;
let tmp: string;

beforeAll(() => {
  requireBuild();
  env = cliEnv(aws.proxy.url);
  tmp = mkdtempSync(join(tmpdir(), "cove-cli-exec-"));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const members = () => [...aws.org.accounts.keys()].sort();
const REGIONS = ["eu-west-1", "us-east-1"];

interface Rec {
  List?: string;
  Id: string;
  Name?: string;
  Region: string;
  Result?: { exitCode: number; stdout: string; stderr: string };
  ExceptionDetails?: {
    name: string;
    message: string;
    code?: string;
    requestId?: string;
    exitCode?: number;
    stderr?: string;
  };
}
interface Out {
  Results: Rec[];
  Exceptions: Rec[];
  FailedAssumeRole: Rec[];
}

/**
 * A shell script (`sh -c PRINT_ENV arg…`: its arguments are `$0 $@`) that prints what the
 * child sees, as JSON. A shell, not `node -e`: a command is a command, and a shell starts in
 * a millisecond where node takes a tenth of a second of CPU, once per account × region.
 */
const PRINT_ENV = `
  keys=false; [ -n "$AWS_ACCESS_KEY_ID" ] && [ -n "$AWS_SECRET_ACCESS_KEY" ] && [ -n "$AWS_SESSION_TOKEN" ] && keys=true
  if [ -n "\${AWS_PROFILE+set}" ]; then profile="\\"$AWS_PROFILE\\""; else profile=null; fi
  argv=""; for a in "$0" "$@"; do argv="$argv\${argv:+,}\\"$a\\""; done
  printf '{"account":"%s","region":"%s","defaultRegion":"%s","name":"%s","profile":%s,"argv":[%s],"hasKeys":%s}\\n' \\
    "$AWS_ACCOUNT_ID" "$AWS_REGION" "$AWS_DEFAULT_REGION" "$COVE_ACCOUNT_NAME" "$profile" "$argv" "$keys"`;

describe("cove exec", () => {
  it("runs the command once per account × region with that target's account and region, placeholders filled", async () => {
    const r = await runCli(
      [
        "exec",
        "--regions",
        REGIONS.join(","),
        "-o",
        "json",
        "--",
        "sh",
        "-c",
        PRINT_ENV,
        "{account}",
        "{region}",
        "{name}",
        "x{account}y",
      ],
      { env },
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Out;
    expect(out.Exceptions).toEqual([]);
    expect(out.FailedAssumeRole).toEqual([]);
    expect(out.Results.map((x) => `${x.Id} ${x.Region}`).sort()).toEqual(
      members()
        .flatMap((id) => REGIONS.map((g) => `${id} ${g}`))
        .sort(),
    );
    for (const rec of out.Results) {
      expect(rec.Result!.exitCode).toBe(0);
      const seen = JSON.parse(rec.Result!.stdout) as Record<string, unknown>;
      const name = aws.org.accounts.get(rec.Id)!.name;
      expect(seen).toEqual({
        account: rec.Id,
        region: rec.Region,
        defaultRegion: rec.Region,
        name,
        profile: null,
        argv: [rec.Id, rec.Region, name, `x${rec.Id}y`],
        hasKeys: true,
      });
    }
  });

  it("passes the user's environment to the command, not the variables cove set for itself", async () => {
    const [one] = members() as [string];
    const script = `echo "\${AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED-unset}"`;
    const args = ["exec", "-t", one, "-o", "json", "--", "sh", "-c", script];
    const unset = JSON.parse((await runCli(args, { env })).stdout) as Out;
    expect(unset.Results[0]!.Result!.stdout).toBe("unset\n");
    const userSet = await runCli(args, {
      env: { ...env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    });
    expect((JSON.parse(userSet.stdout) as Out).Results[0]!.Result!.stdout).toBe("true\n");
  });

  it("gives the child working assumed-role credentials: its own GetCallerIdentity is the target", async () => {
    const script = `
      import { STSClient, GetCallerIdentityCommand } from "@aws-sdk/client-sts";
      const id = await new STSClient({}).send(new GetCallerIdentityCommand({}));
      console.log(JSON.stringify({ account: id.Account, arn: id.Arn, key: process.env.AWS_ACCESS_KEY_ID }));`;
    const r = await runCli(
      [
        "exec",
        "--role-session-name",
        "cliExec",
        "-o",
        "ndjson",
        "--",
        "node",
        "--input-type=module",
        "-e",
        script,
      ],
      { env },
    );
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as Rec);
    expect(lines.map((l) => l.Id).sort()).toEqual(members());
    for (const rec of lines) {
      expect(rec.List).toBe("Results");
      const id = JSON.parse(rec.Result!.stdout) as { account: string; arn: string; key: string };
      expect(id.account).toBe(rec.Id);
      expect(id.arn).toBe(
        `arn:aws:sts::${rec.Id}:assumed-role/OrganizationAccountAccessRole/cliExec`,
      );
      expect(id.key).not.toBe(HUB_CREDENTIALS.accessKeyId);
    }
  });

  it("files a non-zero exit as an Exception with the exit code and the tail of stderr, and exits 1", async () => {
    const [bad] = members() as [string];
    const script = `if [ "$AWS_ACCOUNT_ID" = "${bad}" ]; then echo "first line" >&2; echo "disk on fire in $AWS_ACCOUNT_ID" >&2; exit 3; fi; echo fine`;
    const r = await runCli(["exec", "-o", "json", "--", "sh", "-c", script], { env });
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as Out;
    expect(out.Results).toHaveLength(members().length - 1);
    expect(out.Exceptions).toHaveLength(1);
    const e = out.Exceptions[0]!;
    expect(e.Id).toBe(bad);
    expect(e.ExceptionDetails).toMatchObject({
      name: "CommandFailed",
      code: "COMMAND_FAILED",
      exitCode: 3,
    });
    expect(e.ExceptionDetails!.message).toBe(`Command exited with code 3: disk on fire in ${bad}`);
    expect(e.ExceptionDetails!.stderr).toBe(`first line\ndisk on fire in ${bad}\n`);
    expect(r.stdout).not.toContain("[object Object]");
    expect(r.stderr).toContain(`1 of ${members().length} runs failed`);
  });

  it("keeps only the tail of a long stderr", async () => {
    const [one] = members() as [string];
    const script = `i=0; while [ $i -lt 2000 ]; do echo "noise line $i" >&2; i=$((i + 1)); done; echo "the last word" >&2; exit 2`;
    const r = await runCli(["exec", "-t", one, "-o", "json", "--", "sh", "-c", script], { env });
    expect(r.code).toBe(1);
    const details = (JSON.parse(r.stdout) as Out).Exceptions[0]!.ExceptionDetails!;
    expect(details.stderr!.length).toBeLessThanOrEqual(4096);
    expect(details.stderr).toMatch(/the last word\n$/);
    expect(details.stderr).not.toContain("noise line 0\n");
  });

  it("writes every output format so it parses back", async () => {
    const [bad] = members() as [string];
    const script = `if [ "$AWS_ACCOUNT_ID" = "${bad}" ]; then exit 5; fi; echo "hello, \\"$AWS_ACCOUNT_ID\\""`;
    const args = ["exec", "--", "sh", "-c", script];

    const nd = await runCli([...args.slice(0, 1), "-o", "ndjson", ...args.slice(1)], { env });
    expect(nd.code).toBe(1);
    const lines = nd.stdout
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as Rec);
    expect(lines).toHaveLength(members().length);
    expect(lines.filter((l) => l.List === "Exceptions").map((l) => l.Id)).toEqual([bad]);
    expect(
      lines
        .filter((l) => l.List === "Results")
        .every((l) => l.Result!.stdout === `hello, "${l.Id}"\n`),
    ).toBe(true);

    const csv = await runCli([...args.slice(0, 1), "-o", "csv", ...args.slice(1)], { env });
    expect(csv.code).toBe(1);
    const [header, ...rows] = parseCsv(csv.stdout);
    expect(header).toEqual(["List", "Id", "Name", "Email", "OuPath", "Region", "Result", "Error"]);
    expect(rows).toHaveLength(members().length);
    for (const [list, id, name, , , region, result, error] of rows as string[][]) {
      expect(name).toBe(aws.org.accounts.get(id!)!.name);
      expect(region).toBe("eu-west-1");
      if (id === bad) {
        expect(list).toBe("Exceptions");
        expect(error).toBe("CommandFailed: Command exited with code 5 (exit code 5)");
      } else {
        expect(list).toBe("Results");
        expect(result).toBe(`hello, "${id}"`);
      }
    }

    const table = await runCli([...args.slice(0, 1), "-o", "table", ...args.slice(1)], { env });
    expect(table.code).toBe(1);
    expect(table.stdout).toMatch(new RegExp(`Results \\(${members().length - 1}\\)`));
    expect(table.stdout).toContain("Exceptions (1)");
    expect(table.stdout).toContain("FailedAssumeRole (0)");
    expect(table.stdout).toMatch(
      new RegExp(`${bad}\\s+\\S+\\s+eu-west-1\\s+COMMAND_FAILED exit 5\n`),
    );
    for (const id of members().filter((m) => m !== bad))
      expect(table.stdout).toContain(`hello, "${id}"`);
  });

  it("writes DIR/<account>/<region>.json, .stdout and .stderr with --out-dir", async () => {
    const dir = join(tmp, "out");
    const script = `echo "out $AWS_ACCOUNT_ID"; echo "err $AWS_REGION" >&2`;
    const r = await runCli(
      [
        "exec",
        "--regions",
        REGIONS.join(","),
        "--out-dir",
        dir,
        "-o",
        "ndjson",
        "--",
        "sh",
        "-c",
        script,
      ],
      { env },
    );
    expect(r.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(members());
    for (const id of members()) {
      expect(readdirSync(join(dir, id)).sort()).toEqual(
        REGIONS.flatMap((g) => [`${g}.json`, `${g}.stderr`, `${g}.stdout`]).sort(),
      );
      for (const region of REGIONS) {
        expect(readFileSync(join(dir, id, `${region}.stdout`), "utf8")).toBe(`out ${id}\n`);
        expect(readFileSync(join(dir, id, `${region}.stderr`), "utf8")).toBe(`err ${region}\n`);
        const rec = JSON.parse(readFileSync(join(dir, id, `${region}.json`), "utf8")) as Rec;
        expect(rec).toMatchObject({
          List: "Results",
          Id: id,
          Region: region,
          Result: { exitCode: 0, stdout: `out ${id}\n` },
        });
      }
    }
  });

  it("refuses a non-empty --out-dir before anything runs, unless --overwrite", async () => {
    const dir = join(tmp, "reused");
    const [one] = members() as [string];
    const run = (extra: string[]) =>
      runCli(["exec", "-t", one, "--out-dir", dir, ...extra, "-o", "json", "--", "true"], { env });
    expect((await run([])).code).toBe(0);
    expect(readdirSync(dir)).toEqual([one]);

    aws.proxy.clear();
    const again = await run([]);
    expect(again.code).toBe(2);
    expect(again.stdout).toBe("");
    expect(again.stderr).toBe(
      `cove: error: --out-dir ${dir} is not empty (1 entry): this run's files would mix with what is there. ` +
        "Choose a new or empty folder, or pass --overwrite to write into it anyway.\n",
    );
    expect(aws.proxy.count("sts:AssumeRole")).toBe(0);

    const written = join(dir, one, "eu-west-1.json");
    writeFileSync(written, "old");
    const overwrite = await run(["--overwrite"]);
    expect(overwrite.code).toBe(0);
    expect(JSON.parse(readFileSync(written, "utf8"))).toMatchObject({ List: "Results", Id: one });
  });

  it("keeps credentials out of argv and out of every output; removes AWS_PROFILE from the child", async () => {
    const dir = join(tmp, "secrets");
    const leaks = join(tmp, "leaks");
    writeFileSync(
      join(tmp, "creds"),
      `[cove-cli-hub]\naws_access_key_id = ${HUB_CREDENTIALS.accessKeyId}\naws_secret_access_key = ${HUB_CREDENTIALS.secretAccessKey}\n`,
    );
    // The child (`sh -c script leaks`: $0 is the folder) records, out of band, its own secret
    // and what argv it and its parent (cove) had, one file each in leaks/<account>-<region>/
    // (profile only when AWS_PROFILE is set), then prints the secret on stdout and stderr as a
    // careless command would.
    const script = `
      d="$0/$AWS_ACCOUNT_ID-$AWS_REGION"; mkdir -p "$d"
      cat /proc/$$/cmdline > "$d/self"; cat /proc/$PPID/cmdline > "$d/parent"
      printf %s "$AWS_SECRET_ACCESS_KEY" > "$d/secret"; printf %s "$AWS_SESSION_TOKEN" > "$d/token"
      if [ -n "\${AWS_PROFILE+set}" ]; then printf %s "$AWS_PROFILE" > "$d/profile"; fi
      echo "key $AWS_SECRET_ACCESS_KEY"
      echo "token $AWS_SESSION_TOKEN" >&2
      [ "$AWS_ACCOUNT_ID" != "${members()[0]}" ]`;
    const recorded = (folder: string, name: string) =>
      existsSync(join(folder, name)) ? readFileSync(join(folder, name), "utf8") : null;
    const profileEnv = cliEnv(aws.proxy.url, {
      AWS_PROFILE: "cove-cli-hub",
      AWS_SHARED_CREDENTIALS_FILE: join(tmp, "creds"),
      AWS_ACCESS_KEY_ID: undefined,
      AWS_SECRET_ACCESS_KEY: undefined,
    });
    // The parent's argv (/proc) is the built binary's.
    const r = await cove(
      [
        "exec",
        "--regions",
        REGIONS.join(","),
        "--out-dir",
        dir,
        "-o",
        "json",
        "--",
        "sh",
        "-c",
        script,
        leaks,
      ],
      { env: profileEnv },
    );
    expect(r.code).toBe(1);
    const seen = readdirSync(leaks).map((f) =>
      Object.fromEntries(
        ["secret", "token", "self", "parent", "profile"].map((name) => [
          name,
          recorded(join(leaks, f), name),
        ]),
      ),
    );
    expect(seen).toHaveLength(members().length * REGIONS.length);
    const secrets = new Set<string>();
    for (const s of seen) {
      expect(s.secret!.length).toBeGreaterThanOrEqual(16);
      expect(s.token!.length).toBeGreaterThanOrEqual(16);
      expect(s.secret).not.toBe(HUB_CREDENTIALS.secretAccessKey);
      expect(s.profile).toBeNull();
      for (const cmdline of [s.self!, s.parent!]) {
        expect(cmdline).not.toContain(s.secret);
        expect(cmdline).not.toContain(s.token);
      }
      expect(s.parent).toContain("dist/cli/main.js");
      secrets.add(s.secret!).add(s.token!);
    }
    expect(secrets.size).toBe(members().length * 2); // one assumed role per account, shared by its regions
    const outputs = [r.stdout, r.stderr];
    for (const id of readdirSync(dir))
      for (const f of readdirSync(join(dir, id)))
        outputs.push(readFileSync(join(dir, id, f), "utf8"));
    expect(outputs.length).toBe(2 + members().length * REGIONS.length * 3);
    for (const text of outputs) {
      for (const secret of secrets) expect(text.includes(secret)).toBe(false);
      expect(text).not.toContain(HUB_CREDENTIALS.secretAccessKey);
    }
    const out = JSON.parse(r.stdout) as Out;
    expect(out.Results[0]!.Result!.stdout).toBe("key [REDACTED]\n");
    expect(out.Exceptions[0]!.ExceptionDetails!.stderr).toBe("token [REDACTED]\n");
  });

  it("files a refused AssumeRole as FailedAssumeRole with the AWS error's name, code and request id", async () => {
    const [denied] = members() as [string];
    aws.proxy.faults.push((q) =>
      q.action === "sts:AssumeRole" && q.body.includes(denied)
        ? { status: 403, code: "AccessDenied", message: "not allowed in this test" }
        : undefined,
    );
    try {
      const r = await runCli(["exec", "-o", "json", "--", "sh", "-c", "echo 1"], { env });
      expect(r.code).toBe(1);
      const out = JSON.parse(r.stdout) as Out;
      expect(out.Results).toHaveLength(members().length - 1);
      expect(out.FailedAssumeRole.map((f) => f.Id)).toEqual([denied]);
      expect(out.FailedAssumeRole[0]!.ExceptionDetails).toEqual({
        name: "AccessDenied",
        message: "not allowed in this test",
        code: "AccessDenied",
        requestId: "proxy-fault",
      });
    } finally {
      aws.proxy.clear();
    }
  });

  it("stops at the first failure with --fail-fast, writing the failing run, and exits 1", async () => {
    const [bad] = members() as [string];
    const marks = join(tmp, "failfast");
    const script = `mkdir -p "$0"; if [ "$AWS_ACCOUNT_ID" = "${bad}" ]; then echo "bad account" >&2; exit 7; fi; : > "$0/$AWS_ACCOUNT_ID"`;
    const r = await runCli(
      [
        "exec",
        "-t",
        bad,
        "-t",
        members().slice(1).join(","),
        "--concurrency",
        "1",
        "--fail-fast",
        "-o",
        "json",
        "--",
        "sh",
        "-c",
        script,
        marks,
      ],
      { env },
    );
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as Out;
    expect(out.Exceptions.map((e) => e.Id)).toEqual([bad]);
    expect(out.Exceptions[0]!.ExceptionDetails).toMatchObject({
      exitCode: 7,
      stderr: "bad account\n",
    });
    // Accounts after the failing one never ran.
    expect(out.Results.length).toBeLessThan(members().length - 1);
    expect(existsSync(marks) ? readdirSync(marks).length : 0).toBe(out.Results.length);
    expect(r.stderr).toContain("--fail-fast");
  });

  it("turns a run slower than --task-timeout into an Exception and stops the command's whole process tree", async () => {
    const [one] = members() as [string];
    const pidFile = join(tmp, "background.pid");
    const r = await runCli(
      [
        "exec",
        "-t",
        one,
        "--task-timeout",
        "1",
        "-o",
        "json",
        "--",
        "sh",
        "-c",
        // Longer than the test may take: cove ends it, it does not wait for it.
        `sleep 3000 & echo $! > ${pidFile}; wait`,
      ],
      { env },
    );
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as Out;
    expect(out.Exceptions[0]!.ExceptionDetails).toMatchObject({
      name: "CoveError",
      code: "TASK_TIMEOUT",
    });
    const pid = Number(readFileSync(pidFile, "utf8"));
    expect(pid).toBeGreaterThan(0);
    // Gone, or a zombie nobody reaped yet (state Z in /proc/<pid>/stat).
    let state = "gone";
    try {
      state = readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\) /s, "")[0] ?? "?";
    } catch {
      // no such process
    }
    const alive = state !== "gone" && state !== "Z";
    expect(alive).toBe(false);
  });

  it("with the confirmation, lists the organization once: the question's listing is the run's", async () => {
    const organizationsCalls = () =>
      aws.proxy.requests.filter((r) => r.action.startsWith("organizations:")).length;
    aws.proxy.clear();
    const unasked = await runCli(["exec", "--yes", "-o", "json", "--", "true"], { env });
    expect(unasked.code).toBe(0);
    const listing = organizationsCalls();
    expect(listing).toBeGreaterThan(0);
    aws.proxy.clear();
    const asked = await runCli(["exec", "-o", "json", "--", "true"], {
      env,
      input: "y\n",
      tty: { stdin: true, stderr: true },
    });
    expect(asked.stderr).toContain(`in ${members().length} accounts × 1 region (eu-west-1)`);
    expect(asked.code).toBe(0);
    const out = JSON.parse(asked.stdout) as { Results: { Id: string }[] };
    expect(out.Results.map((x) => x.Id).sort()).toEqual(members());
    expect(organizationsCalls()).toBe(listing);
  });
});

describe("cove exec, interrupted", () => {
  /** A command that ends at once in `quick` and waits (until it is stopped) elsewhere. */
  const waitingBut = (quick: string[]) =>
    `case "$AWS_ACCOUNT_ID" in ${quick.join("|")}) exit 0;; *) exec sleep 600;; esac`;

  it("says how many runs finished of how many were planned: interrupted: 2 of 7 runs", async () => {
    const quick = members().slice(0, 2);
    const cli = startInProcess(["exec", "-o", "ndjson", "--", "sh", "-c", waitingBut(quick)], {
      env,
    });
    for (const id of quick) await cli.shows(id, "stdout");
    cli.signal("SIGINT");
    const r = await cli.done;
    expect(r.code).toBe(130);
    expect(r.stdout.trimEnd().split("\n")).toHaveLength(2);
    expect(r.stderr).toContain(
      `cove: interrupted: 2 of ${members().length} runs finished (Results 2, Exceptions 0, FailedAssumeRole 0).`,
    );
    // Not the failure count of an ended run.
    expect(r.stderr).not.toMatch(/failed \(Exceptions/);
  });

  it("counts a resumed job's records from the journal on both sides", async () => {
    const journal = join(tmp, "interrupted-resume.ndjson");
    const quick = mkdtempSync(join(tmp, "quick-"));
    // The same command in both parts (a resume runs the same job): it ends at once in the
    // accounts named by a file in `quick`, and waits elsewhere.
    const script = `if [ -e "${quick}/$AWS_ACCOUNT_ID" ]; then exit 0; else exec sleep 600; fi`;
    const [first, second] = members() as [string, string];
    const part = async (flags: string[], id: string) => {
      writeFileSync(join(quick, id), "");
      const cli = startInProcess(["exec", ...flags, "-o", "ndjson", "--", "sh", "-c", script], {
        env,
      });
      await cli.shows(id, "stdout");
      return cli;
    };
    const one = await part(["--journal", journal], first);
    one.signal("SIGINT");
    const r1 = await one.done;
    expect(r1.code).toBe(130);
    expect(r1.stderr).toContain(`cove: interrupted: 1 of ${members().length} runs finished`);
    const two = await part(["--resume", journal], second);
    two.signal("SIGTERM");
    const r2 = await two.done;
    expect(r2.code).toBe(143);
    expect(r2.stderr).toContain(
      `cove: stopped by SIGTERM: 2 of ${members().length} runs finished (Results 2, Exceptions 0, FailedAssumeRole 0).`,
    );
  });
});

describe("cove exec --stdout-json", () => {
  /** Pretty JSON like the AWS CLI prints, except in one account, which prints plain text. */
  const printer = (plain: string) =>
    `id="$AWS_ACCOUNT_ID"
     if [ "$id" = "${plain}" ]; then echo "plain $id"
     else printf '{\\n  "Account": "%s",\\n  "Arn": "arn:aws:sts::%s:assumed-role/R/s"\\n}\\n' "$id" "$id"; fi`;
  const identity = (id: string) => ({ Account: id, Arn: `arn:aws:sts::${id}:assumed-role/R/s` });
  const run = (plain: string, format: string, ...extra: string[]) =>
    runCli(
      [
        "exec",
        "--regions",
        "eu-west-1",
        "-o",
        format,
        "--stdout-json",
        ...extra,
        "--",
        "sh",
        "-c",
        printer(plain),
      ],
      { env },
    );

  it("keeps one JSON document parsed in json output, and plain text as text", async () => {
    const plain = members()[0]!;
    const r = await run(plain, "json");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { Results: { Id: string; Result: unknown }[] };
    expect(out.Results).toHaveLength(members().length);
    for (const rec of out.Results) {
      const stdout = rec.Id === plain ? `plain ${plain}\n` : identity(rec.Id);
      expect(rec.Result).toEqual({ exitCode: 0, stdout, stderr: "" });
    }
  });

  it("does the same in ndjson, the journal and the report; a resume without the flag is another job", async () => {
    const plain = members()[1]!;
    const journal = join(tmp, "stdout-json.ndjson");
    const report = join(tmp, "stdout-json.html");
    const r = await run(plain, "ndjson", "--journal", journal, "--report", report);
    expect(r.code).toBe(0);
    const printed = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Rec & { Result: unknown });
    const [header, ...journaled] = readFileSync(journal, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(header).toMatchObject({ command: "exec", stdoutJson: true });
    for (const records of [printed, journaled]) {
      expect(records).toHaveLength(members().length);
      for (const rec of records as { Id: string; Result: { stdout: unknown } }[])
        expect(rec.Result.stdout).toEqual(rec.Id === plain ? `plain ${plain}\n` : identity(rec.Id));
    }
    // The report shows the parsed stdout as formatted JSON, not the record's Result around it.
    const details = [...readFileSync(report, "utf8").matchAll(/id="cove-d-\d+">([^<]*)</g)]
      .map((m) => gunzipSync(Buffer.from(m[1]!, "base64")).toString())
      .join("\n");
    const other = members()[0]!;
    expect(details).toContain(`\\"Account\\": \\"${other}\\"`);
    expect(details).toContain(`plain ${plain}`);
    expect(details).not.toContain("exitCode");

    const resumed = await runCli(
      ["exec", "--regions", "eu-west-1", "--resume", journal, "--", "sh", "-c", printer(plain)],
      { env },
    );
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toContain("--stdout-json");
  });

  it("prints the parsed stdout as compact JSON in csv and table cells", async () => {
    const plain = members()[2]!;
    const csv = await run(plain, "csv");
    expect(csv.code).toBe(0);
    const [head, ...rows] = parseCsv(csv.stdout);
    const at = head!.indexOf("Result");
    for (const row of rows) {
      const id = row[1]!;
      expect(row[at]).toBe(id === plain ? `plain ${plain}` : JSON.stringify(identity(id)));
    }
    const table = await run(plain, "table");
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(`{"Account":"${members()[0]!}"`);
    expect(table.stdout).toContain(`plain ${plain}`);
  });

  it("leaves stdout as text without the flag", async () => {
    const r = await runCli(
      ["exec", "--regions", "eu-west-1", "-o", "json", "--", "sh", "-c", printer("none")],
      { env },
    );
    const out = JSON.parse(r.stdout) as { Results: { Id: string; Result: { stdout: unknown } }[] };
    for (const rec of out.Results)
      expect(rec.Result.stdout).toBe(`${JSON.stringify(identity(rec.Id), null, 2)}\n`);
  });
});
