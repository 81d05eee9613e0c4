/** The organization the simulator serves, and the seeded generator of one from the flags. */
import type { SimulatorConfig } from "./args.js";
import { pick, prng } from "./prng.js";

export const MANAGEMENT_ACCOUNT = "123456789012";
export const ORG_ID = "o-exampleorg1";
export const ROOT_ID = "r-ex01";
export const ARN_PREFIX = `arn:aws:organizations::${MANAGEMENT_ACCOUNT}`;
/** 2020-01-01T00:00:00Z, in seconds: when the first account joined (one more each hour). */
export const BASE_TIME = 1_577_836_800;

export interface Account {
  Id: string;
  Arn: string;
  Email: string;
  Name: string;
  Status: "ACTIVE" | "SUSPENDED";
  State: "ACTIVE" | "SUSPENDED";
  JoinedMethod: "INVITED" | "CREATED";
  JoinedTimestamp: number;
}

export interface OrgUnit {
  Id: string;
  Arn: string;
  Name: string;
}

export interface Tag {
  Key: string;
  Value: string;
}

export interface Org {
  accounts: Account[];
  accountById: Map<string, Account>;
  accountParent: Map<string, string>;
  ous: OrgUnit[];
  ouById: Map<string, OrgUnit>;
  ouParent: Map<string, string>;
  /** parent id (root or OU) -> child account ids / child OU ids, in creation order */
  childAccounts: Map<string, string[]>;
  childOus: Map<string, string[]>;
  tags: Map<string, Tag[]>;
  denied: Set<string>;
  depthCounts: number[];
  /**
   * Account id -> the IAM roles that exist in it: AssumeRole of any other role there answers
   * AccessDenied, as AWS does. An account not in the map (or no map) has every role.
   */
  roles?: Map<string, ReadonlySet<string>>;
  /** Account id -> roles that exist there but whose AssumeRole is refused (AccessDenied). */
  refusedRoles?: Map<string, ReadonlySet<string>>;
  /**
   * Account id -> the IAM Identity Center permission sets of the portal's login there, instead
   * of the ones drawn from the `sso` settings (the login reaches exactly these accounts).
   */
  ssoRoles?: Map<string, string[]>;
}

/** An organization with nothing but its root. */
export function emptyOrg(): Org {
  return {
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
}

/** The ARN of a member account. */
export function accountArn(id: string): string {
  return `${ARN_PREFIX}:account/${ORG_ID}/${id}`;
}

/** An OU record. */
export function orgUnit(id: string, name: string): OrgUnit {
  return { Id: id, Arn: `${ARN_PREFIX}:ou/${ORG_ID}/${id}`, Name: name };
}

/** Adds `ou` under `parentId` (the root or an OU already added), with no children yet. */
export function attachOu(org: Org, ou: OrgUnit, parentId: string): void {
  org.ous.push(ou);
  org.ouById.set(ou.Id, ou);
  org.ouParent.set(ou.Id, parentId);
  org.childOus.get(parentId)?.push(ou.Id);
  org.childOus.set(ou.Id, []);
  org.childAccounts.set(ou.Id, []);
}

/** Adds `account` under `parentId`, with its tags. */
export function attachAccount(org: Org, account: Account, parentId: string, tags: Tag[]): void {
  org.accounts.push(account);
  org.accountById.set(account.Id, account);
  org.accountParent.set(account.Id, parentId);
  org.childAccounts.get(parentId)?.push(account.Id);
  org.tags.set(account.Id, tags);
}

/** A 12-digit account id drawn with `rand`, not in `used` (and now in it). */
export function newAccountId(rand: () => number, used: Set<string>): string {
  let id: string;
  do id = String(100_000_000_000 + Math.floor(rand() * 899_999_999_999));
  while (used.has(id));
  used.add(id);
  return id;
}

const ALPHANUMERIC = [..."abcdefghijklmnopqrstuvwxyz0123456789"];

/** `length` lowercase letters and digits drawn with `rand`. */
export function randomText(rand: () => number, length: number): string {
  let text = "";
  for (let i = 0; i < length; i++) text += pick(ALPHANUMERIC, rand);
  return text;
}

/** What {@link buildOrg} reads of the settings. */
export type OrgShape = Pick<
  SimulatorConfig,
  "seed" | "accounts" | "ous" | "depth" | "rootFraction" | "suspended" | "denyFraction"
> &
  Partial<Pick<SimulatorConfig, "withManagement">>;

/** The organization the settings describe, the same for the same seed. */
export function buildOrg(cfg: OrgShape): Org {
  const rand = prng(cfg.seed);
  const org = emptyOrg();
  addOuTree(org, cfg, rand);
  addAccounts(org, cfg, rand);
  for (const ou of org.ous) org.tags.set(ou.Id, [{ Key: "kind", Value: "ou" }]);
  return org;
}

const OU_NAMES = ["Workloads", "Platform", "Sandbox", "Security", "Data"];

/**
 * The OUs, split evenly over the depth levels: each OU below level 1 hangs under a random OU of
 * the level above, so every level is reachable and the tree has exactly `depth` levels.
 */
function addOuTree(org: Org, cfg: OrgShape, rand: () => number): void {
  const depth = Math.min(cfg.depth, Math.max(1, cfg.ous));
  const usedIds = new Set<string>();
  let levelAbove = [ROOT_ID];
  for (let level = 1; level <= depth && cfg.ous > 0; level++) {
    const count = Math.floor((cfg.ous - org.ous.length) / (depth - level + 1));
    const levelIds: string[] = [];
    for (let i = 0; i < count; i++) {
      let id: string;
      do id = `ou-ex01-${randomText(rand, 8)}`;
      while (usedIds.has(id));
      usedIds.add(id);
      const parent = level === 1 ? ROOT_ID : pick(levelAbove, rand);
      const made = org.ous.length;
      attachOu(org, orgUnit(id, `${OU_NAMES[made % 5]}-L${level}-${made}`), parent);
      levelIds.push(id);
    }
    org.depthCounts.push(count);
    levelAbove = levelIds;
  }
}

/** The accounts: the management account first if asked, then members placed at random. */
function addAccounts(org: Org, cfg: OrgShape, rand: () => number): void {
  if (cfg.withManagement) addAccount(org, MANAGEMENT_ACCOUNT, ROOT_ID, false);
  const used = new Set<string>([MANAGEMENT_ACCOUNT]);
  while (org.accounts.length < cfg.accounts) {
    const id = newAccountId(rand, used);
    const parent =
      org.ous.length === 0 || rand() < cfg.rootFraction ? ROOT_ID : pick(org.ous, rand).Id;
    const suspended = rand() < cfg.suspended;
    if (!suspended && rand() < cfg.denyFraction) org.denied.add(id);
    addAccount(org, id, parent, suspended);
  }
}

const ENVS = ["prod", "staging", "dev", "sandbox"];

/** One generated account, numbered by its position (`account-00042`), with `env` and `team` tags. */
function addAccount(org: Org, id: string, parent: string, suspended: boolean): void {
  const index = org.accounts.length;
  const n = String(index).padStart(5, "0");
  const state = suspended ? "SUSPENDED" : "ACTIVE";
  const account: Account = {
    Id: id,
    Arn: accountArn(id),
    Email: `aws+${n}@example.com`,
    Name: id === MANAGEMENT_ACCOUNT ? "management" : `account-${n}`,
    Status: state,
    State: state,
    JoinedMethod: id === MANAGEMENT_ACCOUNT || index % 7 === 0 ? "INVITED" : "CREATED",
    JoinedTimestamp: BASE_TIME + index * 3600,
  };
  attachAccount(org, account, parent, [
    { Key: "env", Value: ENVS[index % ENVS.length] as string },
    { Key: "team", Value: `team-${index % 13}` },
  ]);
}
