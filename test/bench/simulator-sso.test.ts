import {
  GetRoleCredentialsCommand,
  ListAccountRolesCommand,
  paginateListAccountRoles,
  paginateListAccounts,
  SSOClient,
} from "@aws-sdk/client-sso";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseArgs, serve, type RunningSimulator } from "../../src/demo/simulator.js";
import { DEFAULT_SSO_TOKEN } from "../../src/demo/simulator-sso.js";

/** The simulator's Identity Center portal must speak the real protocol: the SDK's own client proves it. */
describe("simulator: IAM Identity Center portal", () => {
  let sim: RunningSimulator;
  let url: string;
  let portal: SSOClient;
  const info = async () =>
    (
      (await (await fetch(`${url}/_info`)).json()) as {
        sso: { reached: string[]; lacking: string[] };
      }
    ).sso;

  beforeAll(async () => {
    sim = await serve(
      parseArgs([
        "--accounts",
        "12",
        "--ous",
        "0",
        "--suspended",
        "0",
        "--page-size",
        "4",
        "--sso-reach",
        "0.75",
        "--sso-partial",
        "0.4",
        "--sso-roles",
        "ReadOnly,Admin",
        "--sso-lifetime",
        "900",
      ]),
    );
    url = `http://127.0.0.1:${sim.port}`;
    portal = new SSOClient({ region: "eu-west-1", endpoint: url, maxAttempts: 1 });
  });
  afterAll(async () => {
    portal.destroy();
    await sim.close();
  });

  it("lists the login's accounts page by page, with names and e-mails", async () => {
    const { reached } = await info();
    expect(reached.length).toBeGreaterThan(4); // several pages of 4
    expect(reached.length).toBeLessThan(12); // --sso-reach left some out
    const pages: string[][] = [];
    for await (const page of paginateListAccounts(
      { client: portal },
      { accessToken: DEFAULT_SSO_TOKEN },
    ))
      pages.push(
        (page.accountList ?? []).map((a) => `${a.accountId}/${a.accountName}/${a.emailAddress}`),
      );
    expect(pages.length).toBe(Math.ceil(reached.length / 4));
    expect(pages.flat().map((s) => s.split("/")[0])).toEqual(reached);
    expect(pages.flat()[0]).toMatch(/^\d{12}\/account-\d+\/aws\+\d+@example\.com$/);
  });

  it("lists each account's permission sets; an account lacking the first one has only the others", async () => {
    const { reached, lacking } = await info();
    expect(lacking.length).toBeGreaterThan(0);
    for (const accountId of reached) {
      const roles: string[] = [];
      for await (const page of paginateListAccountRoles(
        { client: portal, pageSize: 1 },
        { accessToken: DEFAULT_SSO_TOKEN, accountId },
      ))
        roles.push(...(page.roleList ?? []).map((r) => r.roleName!));
      expect(roles).toEqual(lacking.includes(accountId) ? ["Admin"] : ["ReadOnly", "Admin"]);
    }
  });

  it("hands out role credentials that the simulated STS maps to the account", async () => {
    const { reached, lacking } = await info();
    const accountId = reached.find((id) => !lacking.includes(id))!;
    const before = Date.now();
    const out = await portal.send(
      new GetRoleCredentialsCommand({
        accessToken: DEFAULT_SSO_TOKEN,
        accountId,
        roleName: "ReadOnly",
      }),
    );
    const c = out.roleCredentials!;
    expect(c.expiration).toBeGreaterThanOrEqual(before + 899_000);
    const sts = new STSClient({
      region: "eu-west-1",
      endpoint: url,
      credentials: {
        accessKeyId: c.accessKeyId!,
        secretAccessKey: c.secretAccessKey!,
        sessionToken: c.sessionToken!,
      },
    });
    const who = await sts.send(new GetCallerIdentityCommand({}));
    sts.destroy();
    expect(who.Account).toBe(accountId);
    expect(who.Arn).toMatch(
      new RegExp(
        `^arn:aws:sts::${accountId}:assumed-role/AWSReservedSSO_ReadOnly_[0-9a-f]{16}/sso-user$`,
      ),
    );
  });

  it("answers errors as the service does: 403 without the permission set, 401 for a bad or revoked token", async () => {
    const { lacking, reached } = await info();
    const denied = await portal
      .send(
        new GetRoleCredentialsCommand({
          accessToken: DEFAULT_SSO_TOKEN,
          accountId: lacking[0]!,
          roleName: "ReadOnly",
        }),
      )
      .catch((e: unknown) => e as { name: string; $metadata: { httpStatusCode: number } });
    expect(denied).toMatchObject({
      name: "ForbiddenException",
      $metadata: { httpStatusCode: 403 },
    });
    const unknown = await portal
      .send(new ListAccountRolesCommand({ accessToken: "not-a-token", accountId: reached[0]! }))
      .catch((e: unknown) => e);
    expect(unknown).toMatchObject({ name: "UnauthorizedException" });
    await fetch(`${url}/_sso/revoke`, { method: "POST" });
    const revoked = await portal
      .send(new ListAccountRolesCommand({ accessToken: DEFAULT_SSO_TOKEN, accountId: reached[0]! }))
      .catch((e: unknown) => e);
    await fetch(`${url}/_sso/restore`, { method: "POST" });
    expect(revoked).toMatchObject({
      name: "UnauthorizedException",
      $metadata: { httpStatusCode: 401 },
    });
  });
});

describe("simulator: portal throttling", () => {
  it("answers 429 TooManyRequestsException over --sso-rate, counted per action", async () => {
    const sim = await serve(
      parseArgs([
        "--accounts",
        "3",
        "--ous",
        "0",
        "--suspended",
        "0",
        "--sso-rate",
        "1",
        "--sso-burst",
        "1",
      ]),
    );
    const url = `http://127.0.0.1:${sim.port}`;
    const portal = new SSOClient({ region: "eu-west-1", endpoint: url, maxAttempts: 1 });
    try {
      const accountId = sim.sso.directory.accounts[0]!.Id;
      const send = () =>
        portal
          .send(new ListAccountRolesCommand({ accessToken: DEFAULT_SSO_TOKEN, accountId }))
          .then(
            () => "ok",
            (e: { name: string; $metadata: { httpStatusCode?: number } }) =>
              `${e.name} ${e.$metadata.httpStatusCode}`,
          );
      expect([await send(), await send()]).toEqual(["ok", "TooManyRequestsException 429"]);
      const stats = (await (await fetch(`${url}/_stats`)).json()) as {
        calls: Record<string, number>;
        throttled: Record<string, number>;
      };
      expect(stats.calls["sso:ListAccountRoles"]).toBe(1);
      expect(stats.throttled["sso:ListAccountRoles"]).toBe(1);
    } finally {
      portal.destroy();
      await sim.close();
    }
  });
});
