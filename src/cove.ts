import { CoveError } from "./errors/cove-error.js";
import { resolveOptions, type ResolvedOptions } from "./options/index.js";
import { collect, emptyOutput } from "./records/records.js";
import { execute, type RunSpec } from "./run/execute.js";
import { streamRun } from "./stream.js";
import type { CoveSession } from "./run/session.js";
import type { CoveEvent, CoveOptions, CoveOutput } from "./types.js";

/** A function cove can run: the session first, then the caller's own arguments. */
export type CoveTask<A extends unknown[], R> = (session: CoveSession, ...args: A) => R;

/**
 * The wrapped function: call it with your own arguments (no session) to run in every
 * target account × region.
 */
export interface CoveFunction<A extends unknown[], R> {
  /** Runs everywhere and resolves with every run filed into one of the three lists. */
  (...args: A): Promise<CoveOutput<R>>;
  /**
   * Runs everywhere and yields each run's record as it ends. Memory stays bounded: when the
   * consumer is slow, new runs wait. Breaking out of the loop cancels the remaining runs.
   */
  stream(...args: A): AsyncIterableIterator<CoveEvent<R>>;
}

/** What `cove(options)` returns: a wrapper for a function, usable as a method decorator. */
export interface CoveWrapper {
  /**
   * TypeScript 5 method decorator form (`@cove({...})`). The method keeps its declared type
   * for the type checker; see {@link Covered} to call it with the wrapped signature.
   */
  <This, A extends unknown[], R>(
    method: (this: This, session: CoveSession, ...args: A) => R,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    context: ClassMethodDecoratorContext<This, any>,
  ): // eslint-disable-next-line @typescript-eslint/no-explicit-any
  (this: This, ...args: any[]) => any;
  /** Wraps a function. */
  <A extends unknown[], R>(fn: CoveTask<A, R>): CoveFunction<A, Awaited<R>>;
}

/**
 * The wrapped type of a method decorated with `@cove(...)`: decorators cannot change a
 * method's declared type, so cast through this to call it. It keeps the declared type in an
 * intersection (so TypeScript accepts the cast); the wrapped signature comes first and is
 * the one a call without a session picks.
 *
 * @example
 * const out = await (audit.listUsers as Covered<Audit["listUsers"]>)("/");
 */
export type Covered<M> = M extends (session: CoveSession, ...args: infer A) => infer R
  ? CoveFunction<A, Awaited<R>> & M
  : never;

function wrap<A extends unknown[], R>(
  fn: CoveTask<A, R>,
  options: CoveOptions<Awaited<R>> | undefined,
): CoveFunction<A, Awaited<R>> {
  if (typeof fn !== "function") {
    throw new TypeError(`cove() expects a function to wrap; received ${typeof fn}.`);
  }
  const spec = (thisArg: unknown, args: unknown[], resolved: ResolvedOptions): RunSpec => ({
    fn: fn as RunSpec["fn"],
    thisArg,
    args,
    options: resolved,
  });

  const wrapped = async function (this: unknown, ...args: A): Promise<CoveOutput<Awaited<R>>> {
    const resolved = resolveOptions(options);
    const output = emptyOutput<unknown>();
    try {
      await execute(spec(this, args, resolved), (event) => collect(output, event));
    } catch (error) {
      if (error instanceof CoveError && error.code === "ABORTED") error.output = output;
      throw error;
    }
    return output as CoveOutput<Awaited<R>>;
  };

  const stream = function (
    this: unknown,
    ...args: A
  ): AsyncIterableIterator<CoveEvent<Awaited<R>>> {
    return streamRun<Awaited<R>>(
      (resolved, sink) => execute(spec(this, args, resolved), sink),
      options,
    );
  };

  Object.defineProperty(wrapped, "name", { value: fn.name || "covered" });
  return Object.assign(wrapped, { stream }) as CoveFunction<A, Awaited<R>>;
}

/**
 * Runs `fn` once per target account × region with a {@link CoveSession} for each run.
 *
 * - `cove(fn)` / `cove(fn, options)` return the wrapped function.
 * - `cove(options)` returns a wrapper taking `fn`; it also works as a method decorator.
 *
 * The wrapped function takes `fn`'s arguments after the session (passed unchanged to every
 * run) and resolves with a {@link CoveOutput}. Options are validated when it is called,
 * before any AWS call.
 *
 * @example
 * const listUsers = cove(async (session, prefix: string) => {
 *   const iam = session.client(IAMClient);
 *   return (await iam.send(new ListUsersCommand({ PathPrefix: prefix }))).Users ?? [];
 * }, { targetIds: ["ou-abcd-12345678"], regions: ["eu-west-1"] });
 * const { Results, Exceptions, FailedAssumeRole } = await listUsers("/");
 */
export function cove<A extends unknown[], R>(
  fn: CoveTask<A, R>,
  options?: CoveOptions<Awaited<R>>,
): CoveFunction<A, Awaited<R>>;
export function cove(options?: CoveOptions): CoveWrapper;
export function cove(
  fnOrOptions?: CoveTask<unknown[], unknown> | CoveOptions,
  options?: CoveOptions,
): CoveFunction<unknown[], unknown> | CoveWrapper {
  if (typeof fnOrOptions === "function") return wrap(fnOrOptions, options);
  if (options !== undefined) {
    throw new TypeError(
      "cove(options) takes one argument; to wrap a function use cove(fn, options).",
    );
  }
  const wrapper = (fn: CoveTask<unknown[], unknown>, _context?: ClassMethodDecoratorContext) =>
    wrap(fn, fnOrOptions);
  return wrapper as CoveWrapper;
}
