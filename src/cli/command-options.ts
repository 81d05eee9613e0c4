import type { CoveOptions } from "../index.js";
import { toCoveOptions, type Scope } from "./args.js";
import { withCachedAccounts } from "./cache.js";
import type { RunJournal } from "./journal/journal.js";
import type { CommonFlags } from "./common-flags.js";
import type { CliContext } from "./context.js";
import { withWatchedHubCredentials } from "./hub-credentials.js";
import {
  identityCenterLoginInfo,
  watchIdentityCenterTokens,
  type IdentityCenterLoginInfo,
} from "./identity-center.js";
import { waitLine } from "./wait-line.js";

/**
 * The library options of a command: its flags, the hub's credentials watched for redaction,
 * `onWait` printing what a slow hub waits for, and with `--cache-ttl` the cached account list.
 */
export async function commandOptions(
  ctx: CliContext,
  flags: Record<string, unknown> & CommonFlags,
  scope: Scope,
  cache: { ouPaths?: boolean } = {},
): Promise<CoveOptions> {
  const given = toCoveOptions(flags, scope);
  const watched = await withWatchedHubCredentials(given, ctx.secrets, ctx.env);
  // A hub that does not answer: one line on stderr after a few seconds, not a minute of silence.
  const options: CoveOptions = { ...watched, onWait: (event) => ctx.writer.say(waitLine(event)) };
  // The cache is keyed by the hub's environment: its profile too.
  const env = given.profile === undefined ? ctx.env : { ...ctx.env, AWS_PROFILE: given.profile };
  return withCachedAccounts(options, flags.cacheTtl, {
    ...cache,
    env,
    warn: (line) => ctx.writer.say(line),
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
): Promise<IdentityCenterLoginInfo | undefined> {
  if (flags.ssoRole === undefined) return undefined;
  const login = await identityCenterLoginInfo(
    typeof flags.profile === "string" ? flags.profile : undefined,
  );
  watchIdentityCenterTokens(login, ctx.secrets);
  return login;
}

/**
 * With a journal: the options whose `onHub` checks the hub against the journal's (see
 * {@link RunJournal.checkHub}) as the library reads it, once, before any role is assumed.
 */
export function withJournalHub(options: CoveOptions, journal: RunJournal | undefined): CoveOptions {
  if (!journal) return options;
  return { ...options, onHub: (hub) => journal.checkHub(hub) };
}
