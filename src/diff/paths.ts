/** One step into a value: an object key or an array index. */
export type Segment = string | number;

/** A parsed path pattern: literal segments, `*` (any one) and `**` (any number). */
type Pattern = readonly string[];

/** Where each pattern stands while a value is walked: `[pattern, position]` pairs. */
export type MatchState = readonly (readonly [number, number])[];

const NONE: MatchState = [];

/**
 * Parses a dotted path pattern (`Result.*.LastUsed`, `Result.Users[*].Name`, `Result.**.Arn`)
 * into its segments; returns the reason when it is not one.
 */
export function parsePattern(text: string): Pattern | string {
  if (text.trim() === "") return "an empty path";
  const segments = text.replace(/\[([^\]]*)\]/g, ".$1").split(".");
  if (segments.some((s) => s === "")) return "an empty segment (two dots, or a dot at an end)";
  return segments;
}

/**
 * A set of path patterns, matched while a value is walked: {@link PathMatcher.start} at the
 * record's root, {@link PathMatcher.step} into each key or index, {@link PathMatcher.matches}
 * when a pattern ends at the current path.
 */
export class PathMatcher {
  readonly #globstar: boolean;

  constructor(private readonly patterns: readonly Pattern[]) {
    this.#globstar = patterns.some((p) => p.includes("**"));
  }

  /** Whether there is any pattern (walks skip the matching when not). */
  get empty(): boolean {
    return this.patterns.length === 0;
  }

  /** The state at the root. */
  start(): MatchState {
    if (this.empty) return NONE;
    return this.#close(this.patterns.map((_, p) => [p, 0] as const));
  }

  /** The state one step further, into `segment`. */
  step(state: MatchState, segment: Segment): MatchState {
    if (state.length === 0) return NONE;
    const text = String(segment);
    const next: (readonly [number, number])[] = [];
    for (const [p, i] of state) {
      const part = this.patterns[p]?.[i];
      if (part === undefined) continue;
      if (part === "**") next.push([p, i]);
      else if (part === "*" || part === text) next.push([p, i + 1]);
    }
    return next.length === 0 ? NONE : this.#close(next);
  }

  /** Whether a pattern ends at the current path. */
  matches(state: MatchState): boolean {
    return state.some(([p, i]) => i === this.patterns[p]?.length);
  }

  /** Adds, for each `**`, the state that has matched it with nothing (no duplicates). */
  #close(states: (readonly [number, number])[]): MatchState {
    if (!this.#globstar) return states;
    const seen = new Set<string>();
    const out: (readonly [number, number])[] = [];
    const add = (p: number, i: number) => {
      const key = `${p}:${i}`;
      if (seen.has(key)) return;
      seen.add(key);
      out.push([p, i]);
      if (this.patterns[p]?.[i] === "**") add(p, i + 1);
    };
    for (const [p, i] of states) add(p, i);
    return out;
  }
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * A path as people read it: `Result.Users[2].Name`, `Tags["cost center"]`; with `lines`, the
 * index after `Result.stdout` is a 1-based line number: `Result.stdout:3`.
 */
export function pathText(path: readonly Segment[], lines = false): string {
  let text = "";
  for (const [i, segment] of path.entries()) {
    if (lines && i === 2 && typeof segment === "number") text += `:${segment + 1}`;
    else if (typeof segment === "number") text += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) text += i === 0 ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}
