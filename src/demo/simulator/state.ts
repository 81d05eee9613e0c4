/** What a running simulator keeps: its settings, organization, counters, rate limits and draws. */
import { buildSsoDirectory, SsoPortal } from "../simulator-sso.js";
import type { SimulatorConfig } from "./args.js";
import { issueCredentials } from "./credentials.js";
import { FaultInjector } from "./faults.js";
import { LatencyDraw } from "./latency.js";
import { makeOrgHandlers, type OrgHandlers } from "./organizations.js";
import type { Org } from "./org-model.js";
import { PageCache } from "./pages.js";
import { prng } from "./prng.js";
import { TokenBuckets } from "./rate.js";
import { Stats } from "./stats.js";

export interface SimulatorState {
  cfg: SimulatorConfig;
  org: Org;
  stats: Stats;
  orgHandlers: OrgHandlers;
  /** The IAM Identity Center portal. */
  portal: SsoPortal;
  /** The rate limit of each API family. */
  buckets: { sts: TokenBuckets; org: TokenBuckets; sso: TokenBuckets };
  latency: LatencyDraw;
  faults: FaultInjector;
}

/** A fresh simulator over `org`, its hot pages rendered up front. */
export function createState(cfg: SimulatorConfig, org: Org): SimulatorState {
  const orgHandlers = makeOrgHandlers(org, new PageCache(cfg.pageSize));
  // Render the hot pages up front so that the first ListAccounts is as cheap as the others.
  orgHandlers.ListAccounts?.({});
  const directory = org.ssoRoles
    ? {
        accounts: org.accounts.filter((a) => a.State === "ACTIVE" && org.ssoRoles?.has(a.Id)),
        roles: org.ssoRoles,
      }
    : buildSsoDirectory(org.accounts, cfg.sso, prng(cfg.seed ^ 0x1b873593));
  return {
    cfg,
    org,
    stats: new Stats(),
    orgHandlers,
    portal: new SsoPortal(directory, cfg.sso, issueCredentials, cfg.pageSize),
    buckets: {
      sts: new TokenBuckets(cfg.stsRate, cfg.stsBurst),
      org: new TokenBuckets(cfg.orgRate, cfg.orgBurst),
      sso: new TokenBuckets(cfg.sso.rate, cfg.sso.burst),
    },
    latency: new LatencyDraw(cfg.seed),
    faults: new FaultInjector(cfg.faultRate, cfg.faultMode, cfg.seed),
  };
}
