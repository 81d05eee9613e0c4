import type { CoveOptions } from "../index.js";
import { toCoveOptions, type Scope } from "./args.js";
import { withCachedAccounts } from "./cache.js";
import { readHubIdentity } from "./journal/hub.js";
import type { RunJournal } from "./journal/journal.js";
import type { CommonFlags } from "./common-flags.js";
import type { CliContext } from "./context.js";
import { withWatchedHubCredentials } from "./hub-credentials.js";
import { say } from "./say.js";
import { loginInfo, watchLoginTokens, type LoginInfo } from "./sso-login.js";

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

/**
 * With `--sso-role`: the login as the config files describe it (for the job header), its
 * cached tokens added to the secrets (an access token, a refresh token and a client secret
 * are credentials like keys). No AWS call.
 */
export async function commandLogin(
  ctx: CliContext,
  flags: Record<string, unknown>,
): Promise<LoginInfo | undefined> {
  if (flags.ssoRole === undefined) return undefined;
  const login = await loginInfo(typeof flags.profile === "string" ? flags.profile : undefined);
  watchLoginTokens(login, ctx.secrets);
  return login;
}

/** Checks the hub of a journaled job (see {@link RunJournal.checkHub}) with the command's options. */
export async function checkJournalHub(
  journal: RunJournal | undefined,
  options: CoveOptions,
): Promise<void> {
  await journal?.checkHub(() => readHubIdentity(options));
}
