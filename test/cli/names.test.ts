import { CreateAccountCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HUB_CREDENTIALS, useTestAws } from "../support/env.js";
import { cliEnv, parseCsv } from "./helpers.js";
import { runCli } from "./in-process.js";

/** Account names an organization member could pick (moto takes any name). */
const HOSTILE = {
  traversal: "../../evil",
  option: "-rf",
  terminal: "red\u001b[31mX\u202eevil",
  formula: '=HYPERLINK("http://attacker.example","x")',
  dots: "..",
};

const aws = useTestAws({ name: "Root", accounts: 1 });
let env: NodeJS.ProcessEnv;
let tmp: string;
/** Account id by hostile name. */
const ids = new Map<string, string>();

beforeAll(async () => {
  env = cliEnv(aws.proxy.url);
  tmp = mkdtempSync(join(tmpdir(), "cove-cli-names-"));
  const client = new OrganizationsClient({
    region: "us-east-1",
    endpoint: aws.moto.url,
    credentials: HUB_CREDENTIALS,
  });
  try {
    for (const name of Object.values(HOSTILE)) {
      const created = await client.send(
        new CreateAccountCommand({ AccountName: name, Email: `${ids.size}@example.com` }),
      );
      ids.set(name, created.CreateAccountStatus!.AccountId!);
    }
  } finally {
    client.destroy();
  }
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Every file and folder under `dir`, relative to it. */
function tree(dir: string, prefix = ""): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? [`${prefix}${e.name}/`, ...tree(join(dir, e.name), `${prefix}${e.name}/`)]
      : [`${prefix}${e.name}`],
  );
}

describe("untrusted account names", () => {
  it("{name} cannot leave the folder it is used in", async () => {
    const work = join(tmp, "work", "sub");
    mkdirSync(join(work, "dl"), { recursive: true });
    const r = await runCli(
      [
        "exec",
        "-t",
        [...ids.values()].join(","),
        "-o",
        "json",
        "--",
        "touch",
        "./dl/{name}-{region}.csv",
      ],
      { env, cwd: work },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(tree(join(tmp, "work"))).toEqual([
      "sub/",
      "sub/dl/",
      ...tree(join(work, "dl")).map((f) => `sub/dl/${f}`),
    ]);
    expect(tree(join(work, "dl")).sort()).toEqual(
      [
        ".._.._evil-eu-west-1.csv",
        "_rf-eu-west-1.csv",
        "red_[31mX_evil-eu-west-1.csv",
        '=HYPERLINK("http:__attacker.example","x")-eu-west-1.csv',
        "__-eu-west-1.csv",
      ].sort(),
    );
    expect(existsSync(join(tmp, "work", "evil-eu-west-1.csv"))).toBe(false);
  });

  it("{name} never becomes an option of the command", async () => {
    // `sh -c script arg…`: its arguments are `$0 $@`, printed as a JSON array.
    const script = `a=""; for x in "$0" "$@"; do a="$a\${a:+,}\\"$x\\""; done; echo "[$a]"`;
    const r = await runCli(
      ["exec", "-t", ids.get(HOSTILE.option)!, "-o", "json", "--", "sh", "-c", script, "{name}"],
      { env },
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { Results: { Result: { stdout: string } }[] };
    expect(JSON.parse(out.Results[0]!.Result.stdout)).toEqual(["_rf"]);
  });

  it("tables show control, escape and bidirectional characters as visible escapes", async () => {
    for (const args of [
      ["targets", "-o", "table"],
      ["exec", "-o", "table", "--", "true"],
    ]) {
      const r = await runCli(args, { env });
      expect(r.stdout).toContain("red\\x1b[31mX\\u202eevil");
      expect(r.stdout).not.toContain("\u001b");
      expect(r.stdout).not.toContain("\u202e");
    }
  });

  it("CSV cells that start like a formula get a leading quote", async () => {
    for (const args of [
      ["targets", "-o", "csv"],
      ["exec", "-o", "csv", "--", "true"],
    ]) {
      const r = await runCli(args, { env });
      const names = parseCsv(r.stdout).map((row) => row[args[0] === "targets" ? 1 : 2]);
      expect(names).toContain(`'${HOSTILE.formula}`);
      expect(names).toContain(`'${HOSTILE.option}`);
      expect(names).not.toContain(HOSTILE.formula);
    }
  });
});
