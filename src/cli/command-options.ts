import type { CoveOptions } from "../index.js";
import { toCoveOptions, type Scope } from "./args.js";
import { withCachedAccounts } from "./cache.js";
import type { CommonFlags } from "./common-flags.js";
import type { CliContext } from "./context.js";
import { withWatchedHubCredentials } from "./hub-credentials.js";
import { say } from "./say.js";

/**
 * The library options of a command: its flags, the hub's credentials watched for redaction,
 * and with `--cache-ttl` the cached account list.
 */
export function commandOptions(
  ctx: CliContext,
  flags: Record<string, unknown> & CommonFlags,
  scope: Scope,
  cache: { ouPaths?: boolean } = {},
): Promise<CoveOptions> {
  const options = withWatchedHubCredentials(toCoveOptions(flags, scope), ctx.secrets);
  return withCachedAccounts(options, flags.cacheTtl, {
    ...cache,
    warn: (line) => say(ctx.secrets, line),
  });
}
