import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setDeadlinesForTests } from "../../src/aws/deadlines.js";
import { cove, listTargets, type CoveOptions } from "../../src/index.js";
import type { Hub } from "../../src/aws/hub.js";
import type { OuSpec } from "../../src/demo/org.js";
import { discoverTargets } from "../../src/discovery/discover.js";
import { organizationsAccess } from "../../src/access/organizations.js";
import { resolveOptions } from "../../src/options/index.js";
import { HUB_CREDENTIALS, useTestAws } from "../support/env.js";

/**
 * An organization with more than one page (moto: 20 per page) of accounts under one OU and of
 * child OUs under another, so that "each page once" is about pages, not only parents.
 */
/** Tags of the hostile-named OUs' accounts (the whole-organization test selects by tags). */
const HOSTILE_TAGS = { Environment: "sandbox" };

const SPEC: OuSpec = {
  name: "Root",
  accounts: 1,
  children: [
    {
      name: "Workloads",
      accounts: 1,
      tags: { Environment: "prod" },
      children: [
        {
          name: "Prod",
          accounts: 22,
          tags: { Environment: "prod" },
          children: [
            { name: "Payments", accounts: 2, tags: { Environment: "prod", Team: "payments" } },
          ],
        },
        { name: "Staging", accounts: 2, tags: { Environment: "staging" } },
      ],
    },
    {
      name: "Teams",
      children: Array.from({ length: 21 }, (_, i) => ({
        name: `Team${String(i).padStart(2, "0")}`,
        accounts: i < 2 ? 1 : 0,
        tags: { Environment: "staging" },
      })),
    },
    { name: "Sandbox", accounts: 2, closed: 1, tags: { Environment: "sandbox" } },
    {
      // Hostile names: anything but `/` is a valid OU name.
      name: "../etc",
      accounts: 1,
      tags: HOSTILE_TAGS,
      children: [
        {
          name: "a\u202Eb\u200F",
          accounts: 1,
          tags: HOSTILE_TAGS,
          children: [{ name: "tab\tand\nnewline", accounts: 1, tags: HOSTILE_TAGS }],
        },
        { name: " spaced ", accounts: 1, tags: HOSTILE_TAGS },
        { name: "ou-ab12-aaaaaaaa", accounts: 1, tags: HOSTILE_TAGS },
        { name: "*?[x]%2F..\\", accounts: 1, tags: HOSTILE_TAGS },
      ],
    },
  ],
};

const aws = useTestAws(SPEC);
const base = { credentials: HUB_CREDENTIALS, region: "eu-west-1", progress: false } as const;

/** Organizations reads whose answers a single call never needs twice. */
const ONCE = [
  "organizations:ListOrganizationalUnitsForParent",
  "organizations:ListAccountsForParent",
  "organizations:ListRoots",
  "organizations:ListTagsForResource",
  "organizations:ListParents",
];

/** Requests of the last call that asked for the same thing (same action, parent and page). */
function repeatedRequests(): string[] {
  const seen = new Map<string, number>();
  for (const r of aws.proxy.requests) {
    if (!ONCE.includes(r.action)) continue;
    const key = `${r.action} ${r.body}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return [...seen].filter(([, n]) => n > 1).map(([key, n]) => `${n}x ${key}`);
}

/** How many requests asked for a page after the first (a NextToken was sent). */
const laterPages = (action: string) =>
  aws.proxy.requests.filter((r) => r.action === action && r.body.includes("NextToken")).length;

const below = (path: string) =>
  [...aws.org.accounts]
    .filter(([, a]) => a.ouPath === path || a.ouPath.startsWith(`${path}/`))
    .map(([id]) => id)
    .sort();
const ids = (accounts: { Id: string }[]) => accounts.map((a) => a.Id).sort();

describe("discovery reads each Organizations page once per call", () => {
  it("OU paths + tags + a filter: every parent's OUs and accounts listed once, page by page", async () => {
    const options: CoveOptions = {
      ...base,
      targetIds: ["/Workloads", "/Workloads/Prod", "/Teams"],
      ignoreIds: ["/Workloads/Prod/Payments"],
      tags: { Environment: ["prod", "staging"] },
      filter: (a) => a.OuPath !== "/Workloads/Staging",
    };
    const out = await cove((s) => s.accountId, options)();
    expect(out.Exceptions).toEqual([]);
    const expected = [...below("/Workloads/Prod"), ...below("/Workloads"), ...below("/Teams")]
      .filter((id) => !below("/Workloads/Prod/Payments").includes(id))
      .filter((id) => !below("/Workloads/Staging").includes(id));
    expect(ids(out.Results)).toEqual([...new Set(expected)].sort());
    expect(laterPages("organizations:ListAccountsForParent")).toBeGreaterThan(0);
    expect(laterPages("organizations:ListOrganizationalUnitsForParent")).toBeGreaterThan(0);
    expect(repeatedRequests()).toEqual([]);
  });

  it("the whole organization with a filter and tags: the OU tree is read once for paths and accounts", async () => {
    const plan = await listTargets({
      ...base,
      tags: { Environment: ["prod", "staging", "sandbox"] },
      filter: (a) => a.OuPath !== undefined,
    });
    expect(ids(plan.accounts)).toEqual(
      [...aws.org.accounts.keys()].filter((id) => !aws.org.byOu.get("/")!.includes(id)).sort(),
    );
    // root + 3 top OUs + Prod, Payments, Staging + 21 teams: one listing of child OUs each
    expect(aws.proxy.count("organizations:ListOrganizationalUnitsForParent")).toBe(
      aws.org.ous.size + laterPages("organizations:ListOrganizationalUnitsForParent"),
    );
    expect(repeatedRequests()).toEqual([]);
  });

  it("a target OU inside an ignored OU, a root and OU ids: nothing listed twice", async () => {
    const plan = await listTargets({
      ...base,
      targetIds: [aws.org.rootId, aws.org.ous.get("/Workloads/Prod")!, "/Teams"],
      ignoreIds: [aws.org.ous.get("/Workloads")!, "/Sandbox"],
      ouPaths: true,
    });
    const ignored = [...below("/Workloads"), ...below("/Sandbox")];
    expect(ids(plan.accounts)).toEqual(
      [...aws.org.accounts.keys()].filter((id) => !ignored.includes(id)).sort(),
    );
    for (const a of plan.accounts) expect(a.OuPath).toBe(aws.org.accounts.get(a.Id)!.ouPath);
    expect(repeatedRequests()).toEqual([]);
  });
});

describe("account State", () => {
  it("the filter sees State (the field Organizations sends now) beside Status; records carry it", async () => {
    const states = new Set<string | undefined>();
    const out = await cove(() => 1, {
      ...base,
      targetIds: ["/Sandbox"],
      filter: (a) => {
        states.add(`${a.State}/${a.Status}`);
        return a.State === "ACTIVE";
      },
    })();
    expect([...states]).toEqual(["ACTIVE/ACTIVE"]);
    expect(ids(out.Results)).toEqual(below("/Sandbox"));
    for (const r of out.Results) expect(r).toMatchObject({ State: "ACTIVE", Status: "ACTIVE" });
  });
});

describe("hostile OU names", () => {
  const hostile = "/../etc";
  const rtl = `${hostile}/a\u202Eb\u200F`;

  it("target, ignore and label accounts by OU paths of any characters but `/`", async () => {
    expect(aws.org.ous.get(`${rtl}/tab\tand\nnewline`)).toBeDefined();
    const plan = await listTargets({
      ...base,
      targetIds: [`${hostile}/`, "/../etc/ou-ab12-aaaaaaaa"],
      ignoreIds: [`${hostile}/ spaced `, `${rtl}/tab\tand\nnewline`],
    });
    const ignored = [...below(`${hostile}/ spaced `), ...below(`${rtl}/tab\tand\nnewline`)];
    expect(ignored).toHaveLength(2);
    expect(ids(plan.accounts)).toEqual(below(hostile).filter((id) => !ignored.includes(id)));
    for (const a of plan.accounts) expect(a.OuPath).toBe(aws.org.accounts.get(a.Id)!.ouPath);
    const labelled = await listTargets({
      ...base,
      ouPaths: true,
      targetIds: [aws.org.ous.get(hostile)!],
    });
    expect(new Set(labelled.accounts.map((a) => a.OuPath))).toEqual(
      new Set([...aws.org.ous.keys()].filter((p) => p.startsWith(hostile))),
    );
  });

  it("a filter matches the exact path; a look-alike path is TARGET_NOT_FOUND", async () => {
    const plan = await listTargets({ ...base, filter: (a) => a.OuPath === rtl });
    expect(ids(plan.accounts)).toEqual(aws.org.byOu.get(rtl)!.slice().sort());
    const e = await listTargets({ ...base, targetIds: ["/../etc/ab"] }).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: "TARGET_NOT_FOUND", ids: ["/../etc/ab"] });
  });
});

describe("a page that never answers", () => {
  // A timeout is transient: retried until the deadline (shortened here), then DISCOVERY_FAILED.
  let restore: () => void;
  beforeEach(() => (restore = setDeadlinesForTests({ retryMs: 1_000 })));
  afterEach(() => restore());
  it("fails discovery with DISCOVERY_FAILED once the request handler times out: at the gate and after it", async () => {
    const teams = aws.org.ous.get("/Teams")!;
    const team05 = aws.org.ous.get("/Teams/Team05")!;
    const stuck = new Set([teams]);
    aws.proxy.faults.push((r) =>
      r.action === "organizations:ListAccountsForParent" &&
      stuck.has((JSON.parse(r.body) as { ParentId: string }).ParentId)
        ? { delayMs: 3000 }
        : undefined,
    );
    const organizations = new OrganizationsClient({
      region: "us-east-1",
      endpoint: aws.proxy.url,
      credentials: HUB_CREDENTIALS,
      maxAttempts: 2,
      requestHandler: new NodeHttpHandler({ requestTimeout: 300, throwOnRequestTimeout: true }),
    });
    const hub = { accountId: aws.org.managementAccountId, organizations } as unknown as Hub;
    const discover = () =>
      discoverTargets(
        hub,
        resolveOptions({ targetIds: [teams] }).selection,
        undefined,
        organizationsAccess,
      );
    try {
      const atGate = await discover().ready.catch((e: unknown) => e);
      expect(atGate).toMatchObject({ code: "DISCOVERY_FAILED", ids: [teams] });
      expect((atGate as Error).message).toContain("TimeoutError");

      stuck.clear();
      stuck.add(team05);
      const d = discover();
      await d.ready;
      const got: string[] = [];
      const later = await (async () => {
        for await (const a of d.accounts) got.push(a.Id);
      })().catch((e: unknown) => e);
      expect(later).toMatchObject({ code: "DISCOVERY_FAILED", ids: [teams] });
      expect(((later as Error).cause as Error).name).toBe("TimeoutError");
      await expect(d.size).rejects.toBe(later);
    } finally {
      organizations.destroy();
    }
  });
});
