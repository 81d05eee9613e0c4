import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ssoHome,
  startSsoSimulator,
  validToken,
  type SsoHome,
  type SsoSimulator,
} from "../support/sso.js";
import { cliEnv } from "./helpers.js";
import { runCli } from "./in-process.js";

let sim: SsoSimulator;
let home: SsoHome;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  sim = await startSsoSimulator([
    "--accounts",
    "9",
    "--page-size",
    "3",
    "--sso-partial",
    "0.3",
    "--sso-roles",
    "ReadOnly,Admin",
  ]);
  home = ssoHome({ profile: "dev", ssoRegion: "eu-central-1", token: validToken() });
  // No hub keys and no region: everything comes from the login's profile.
  env = cliEnv(sim.url, {
    ...home.env,
    AWS_ACCESS_KEY_ID: undefined,
    AWS_SECRET_ACCESS_KEY: undefined,
    AWS_REGION: undefined,
  });
});
afterAll(async () => {
  home.remove();
  await sim.close();
});

const runnable = () => {
  const { reached, lacking } = sim.login();
  return reached.filter((id) => !lacking.includes(id)).sort();
};

/** Asks the simulated STS who the child's credentials are (from the child's environment). */
const WHO_AM_I = `const { STSClient, GetCallerIdentityCommand } = require("@aws-sdk/client-sts");
new STSClient({}).send(new GetCallerIdentityCommand({})).then((r) => console.log(r.Arn));`;

describe("cove --sso-role (IAM Identity Center)", () => {
  it("targets lists what the login reaches with the permission set and says how many were left out", async () => {
    const { lacking } = sim.login();
    expect(lacking.length).toBeGreaterThan(0);
    const json = await runCli(
      ["targets", "--sso-role", "ReadOnly", "--profile", "dev", "-o", "json"],
      { env },
    );
    expect(json.stderr).toBe("");
    expect(json.code).toBe(0);
    const out = JSON.parse(json.stdout) as {
      identityCenter: { permissionSet: string; withoutPermissionSet: string[] };
      targets: { Id: string; Name: string; Region: string }[];
    };
    expect(out.targets.map((t) => t.Id).sort()).toEqual(runnable());
    expect(
      out.targets.every((t) => t.Region === "eu-central-1" && t.Name.startsWith("account-")),
    ).toBe(true);
    expect(out.identityCenter.permissionSet).toBe("ReadOnly");
    expect(out.identityCenter.withoutPermissionSet.sort()).toEqual([...lacking].sort());

    const table = await runCli(
      ["targets", "--sso-role", "ReadOnly", "--profile", "dev", "-o", "table"],
      { env },
    );
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(
      `IAM Identity Center login "dev", permission set ReadOnly; ${lacking.length} account${lacking.length === 1 ? "" : "s"} it reaches left out without it`,
    );
  });

  it("exec runs with the portal's credentials of each account", async () => {
    const ids = runnable().slice(0, 2);
    const r = await runCli(
      [
        "exec",
        "--sso-role",
        "ReadOnly",
        "--profile",
        "dev",
        "-t",
        ids.join(","),
        "--yes",
        "-o",
        "json",
        "--",
        "node",
        "-e",
        WHO_AM_I,
      ],
      { env },
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      Results: { Id: string; RoleName: string; Result: { stdout: string } }[];
    };
    expect(out.Results.map((x) => x.Id).sort()).toEqual(ids);
    for (const x of out.Results) {
      expect(x.RoleName).toBe("ReadOnly");
      expect(x.Result.stdout).toMatch(
        new RegExp(`^arn:aws:sts::${x.Id}:assumed-role/AWSReservedSSO_ReadOnly_`),
      );
    }
  });

  it("without a login: exit 2, naming the command to log in", async () => {
    const r = await runCli(["targets", "--sso-role", "ReadOnly", "--profile", "other"], {
      env: { ...env, AWS_CONFIG_FILE: home.env.AWS_CONFIG_FILE },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("aws configure sso --profile other");
    home.writeToken({ accessToken: "x", expiresAt: new Date(Date.now() - 1000) });
    try {
      const expired = await runCli(["targets", "--sso-role", "ReadOnly", "--profile", "dev"], {
        env,
      });
      expect(expired.code).toBe(2);
      expect(expired.stderr).toContain("aws sso login --profile dev");
    } finally {
      home.writeToken(validToken());
    }
  });
});
