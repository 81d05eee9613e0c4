/** The simulator's counters: per action, and of connections and requests in flight (GET /_stats). */

export interface ActionCounters {
  requests: number;
  ok: number;
  throttled: number;
  faults: number;
  errors: number;
}

export interface StatsSnapshot {
  /** Successful (HTTP 200) answers per action. */
  calls: Record<string, number>;
  /** Requests refused by the rate limit, per action. */
  throttled: Record<string, number>;
  /** Injected faults (500 or connection reset), per action. */
  faults: Record<string, number>;
  /** Other error answers (validation, not found, access denied), per action. */
  errors: Record<string, number>;
  /** Everything received, per action. */
  requests: Record<string, number>;
  /** Role ARN -> AssumeRole calls that got credentials for it. */
  assumed: Record<string, number>;
  /** Role ARN -> AssumeRole calls refused (AccessDenied: a missing, refused or closed account's role). */
  refused: Record<string, number>;
  totals: { requests: number; ok: number; throttled: number; faults: number; errors: number };
  maxInFlight: number;
  connections: number;
  sinceMs: number;
}

export class Stats {
  private byAction = new Map<string, ActionCounters>();
  /** AssumeRole outcomes by role ARN. */
  private roles = { assumed: new Map<string, number>(), refused: new Map<string, number>() };
  inFlight = 0;
  maxInFlight = 0;
  connections = 0;
  since = Date.now();

  counters(action: string): ActionCounters {
    let c = this.byAction.get(action);
    if (!c) {
      c = { requests: 0, ok: 0, throttled: 0, faults: 0, errors: 0 };
      this.byAction.set(action, c);
    }
    return c;
  }

  /** Counts one answered AssumeRole of `roleArn`. */
  assumeRole(roleArn: string, outcome: "assumed" | "refused"): void {
    const counts = this.roles[outcome];
    counts.set(roleArn, (counts.get(roleArn) ?? 0) + 1);
  }

  reset(): void {
    this.byAction.clear();
    this.roles.assumed.clear();
    this.roles.refused.clear();
    this.maxInFlight = this.inFlight;
    this.connections = 0;
    this.since = Date.now();
  }

  snapshot(): StatsSnapshot {
    const pick = (k: keyof ActionCounters): Record<string, number> => {
      const out: Record<string, number> = {};
      for (const [action, c] of this.byAction) if (c[k] > 0) out[action] = c[k];
      return out;
    };
    const totals = { requests: 0, ok: 0, throttled: 0, faults: 0, errors: 0 };
    for (const c of this.byAction.values()) {
      totals.requests += c.requests;
      totals.ok += c.ok;
      totals.throttled += c.throttled;
      totals.faults += c.faults;
      totals.errors += c.errors;
    }
    return {
      calls: pick("ok"),
      throttled: pick("throttled"),
      faults: pick("faults"),
      errors: pick("errors"),
      requests: pick("requests"),
      assumed: Object.fromEntries(this.roles.assumed),
      refused: Object.fromEntries(this.roles.refused),
      totals,
      maxInFlight: this.maxInFlight,
      connections: this.connections,
      sinceMs: Date.now() - this.since,
    };
  }
}
