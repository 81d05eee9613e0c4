import type { OuSpec, SeededOrg } from "./org.js";
import {
  ARN_PREFIX,
  MANAGEMENT_ACCOUNT,
  ORG_ID,
  prng,
  ROOT_ID,
  type Account,
  type Org,
  type OrgUnit,
} from "./simulator.js";

/** An organization for the simulator, and the same organization as the demo reads it. */
export interface SpecOrg {
  org: Org;
  seeded: SeededOrg;
}

/** 2020-01-01T00:00:00Z, in seconds: when the first account joined. */
const BASE_TIME = 1_577_836_800;

/** Builds the simulator's organization shaped like an {@link OuSpec}, one account at a time. */
class SpecBuilder {
  readonly org: Org = {
    accounts: [],
    accountById: new Map(),
    accountParent: new Map(),
    ous: [],
    ouById: new Map(),
    ouParent: new Map(),
    childAccounts: new Map([[ROOT_ID, []]]),
    childOus: new Map([[ROOT_ID, []]]),
    tags: new Map([[ROOT_ID, []]]),
    denied: new Set(),
    depthCounts: [],
  };
  readonly seeded: SeededOrg = {
    managementAccountId: MANAGEMENT_ACCOUNT,
    organizationId: ORG_ID,
    rootId: ROOT_ID,
    ous: new Map([["/", ROOT_ID]]),
    accounts: new Map(),
    closed: [],
    byOu: new Map(),
  };
  /** Accounts made so far: numbers their names (`prod-03`), as the demo's seeding does. */
  #made = 0;
  readonly #used = new Set<string>([MANAGEMENT_ACCOUNT]);
  readonly #rand: () => number;

  constructor(seed: number) {
    this.#rand = prng(seed);
  }

  /** `ou`'s accounts under `parentId`, then its child OUs, recursively. */
  walk(parentId: string, path: string, ou: OuSpec, depth = 0): void {
    this.#addAccounts(parentId, path, ou);
    for (const child of ou.children ?? []) {
      const childPath = path === "/" ? `/${child.name}` : `${path}/${child.name}`;
      const id = this.#addOu(parentId, child.name, depth + 1);
      this.seeded.ous.set(childPath, id);
      this.walk(id, childPath, child, depth + 1);
    }
  }

  /** The management account, directly under the root (as Organizations lists it). */
  addManagementAccount(): void {
    this.#addAccount(MANAGEMENT_ACCOUNT, "management", ROOT_ID, "ACTIVE", []);
  }

  #addOu(parentId: string, name: string, depth: number): string {
    const id = `ou-ex01-${this.#randomText(8)}`;
    const ou: OrgUnit = { Id: id, Arn: `${ARN_PREFIX}:ou/${ORG_ID}/${id}`, Name: name };
    const { org } = this;
    org.ous.push(ou);
    org.ouById.set(id, ou);
    org.ouParent.set(id, parentId);
    org.childOus.get(parentId)?.push(id);
    org.childOus.set(id, []);
    org.childAccounts.set(id, []);
    org.tags.set(id, []);
    org.depthCounts[depth - 1] = (org.depthCounts[depth - 1] ?? 0) + 1;
    return id;
  }

  /** The accounts directly in `ou`: the last `closed` of them SUSPENDED. */
  #addAccounts(parentId: string, path: string, ou: OuSpec): void {
    const active = ou.accounts ?? 0;
    const tags = Object.entries(ou.tags ?? {}).map(([Key, Value]) => ({ Key, Value }));
    const ids: string[] = [];
    for (let i = 0; i < active + (ou.closed ?? 0); i++) {
      this.#made++;
      const name = `${ou.name.toLowerCase()}-${String(this.#made).padStart(2, "0")}`;
      const id = this.#newAccountId();
      const account = this.#addAccount(
        id,
        name,
        parentId,
        i < active ? "ACTIVE" : "SUSPENDED",
        tags,
      );
      if (i < active) {
        this.seeded.accounts.set(id, { name, email: account.Email, ouPath: path });
        ids.push(id);
      } else {
        this.seeded.closed.push(id);
      }
    }
    this.seeded.byOu.set(path, ids);
  }

  #addAccount(
    id: string,
    name: string,
    parentId: string,
    state: Account["State"],
    tags: { Key: string; Value: string }[],
  ): Account {
    const { org } = this;
    const account: Account = {
      Id: id,
      Arn: `${ARN_PREFIX}:account/${ORG_ID}/${id}`,
      Email: `${name}@example.com`,
      Name: name,
      Status: state,
      State: state,
      JoinedMethod: id === MANAGEMENT_ACCOUNT ? "INVITED" : "CREATED",
      JoinedTimestamp: BASE_TIME + org.accounts.length * 3600,
    };
    org.accounts.push(account);
    org.accountById.set(id, account);
    org.accountParent.set(id, parentId);
    org.childAccounts.get(parentId)?.push(id);
    org.tags.set(id, tags);
    return account;
  }

  #newAccountId(): string {
    let id: string;
    do id = String(100_000_000_000 + Math.floor(this.#rand() * 899_999_999_999));
    while (this.#used.has(id));
    this.#used.add(id);
    return id;
  }

  #randomText(length: number): string {
    const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    let text = "";
    for (let i = 0; i < length; i++) text += alphabet[Math.floor(this.#rand() * alphabet.length)];
    return text;
  }
}

/**
 * The simulator's organization shaped like `spec` (the demo's example organization): the same
 * OU tree, account names (`prod-03`), e-mails, tags and closed accounts as the demo's seeding
 * creates in moto, with account and OU ids drawn from `seed`, and the management account
 * under the root. `seeded` describes it as the seeding would.
 */
export function orgFromSpec(spec: OuSpec, seed = 1): SpecOrg {
  const builder = new SpecBuilder(seed);
  builder.addManagementAccount();
  builder.walk(ROOT_ID, "/", spec);
  return { org: builder.org, seeded: builder.seeded };
}
