import type { OuSpec, SeededOrg } from "./org.js";
import {
  accountArn,
  attachAccount,
  attachOu,
  BASE_TIME,
  emptyOrg,
  MANAGEMENT_ACCOUNT,
  newAccountId,
  ORG_ID,
  orgUnit,
  randomText,
  ROOT_ID,
  type Account,
  type Org,
  type Tag,
} from "./simulator/org-model.js";
import { prng } from "./simulator/prng.js";

/** An organization for the simulator, and the same organization as the demo reads it. */
export interface SpecOrg {
  org: Org;
  seeded: SeededOrg;
}

/** Builds the simulator's organization shaped like an {@link OuSpec}, one account at a time. */
class SpecBuilder {
  readonly org: Org = emptyOrg();
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
    const id = `ou-ex01-${randomText(this.#rand, 8)}`;
    const { org } = this;
    attachOu(org, orgUnit(id, name), parentId);
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
      const id = newAccountId(this.#rand, this.#used);
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
    tags: Tag[],
  ): Account {
    const { org } = this;
    const account: Account = {
      Id: id,
      Arn: accountArn(id),
      Email: `${name}@example.com`,
      Name: name,
      Status: state,
      State: state,
      JoinedMethod: id === MANAGEMENT_ACCOUNT ? "INVITED" : "CREATED",
      JoinedTimestamp: BASE_TIME + org.accounts.length * 3600,
    };
    attachAccount(org, account, parentId, tags);
    return account;
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
