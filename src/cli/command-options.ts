import type { CoveOptions } from "../index.js";
import { toCoveOptions, type Scope } from "./args.js";
import { withCachedAccounts } from "./cache.js";
import type { CommonFlags } from "./common-flags.js";
import type { CliContext } from "./context.js";
import { withWatchedHubCredentials } from "./hub-credentials.js";

/**
 * The library options of a command: its flags, the hub's credentials watched for redaction,
 * and with `--cache-ttl` the cached account list.
 */
export async function commandOptions(
  ctx: CliContext,
  flags: Record<string, unknown> & CommonFlags,
  scope: Scope,
  cache: { ouPaths?: boolean } = {},
): Promise<CoveOptions> {
  const given = toCoveOptions(flags, scope);
  const options = await withWatchedHubCredentials(given, ctx.secrets, ctx.env);
  // The cache is keyed by the hub's environment: its profile too.
  const env = given.profile === undefined ? ctx.env : { ...ctx.env, AWS_PROFILE: given.profile };
  return withCachedAccounts(options, flags.cacheTtl, {
    ...cache,
    env,
    warn: (line) => ctx.writer.say(line),
  });
}
