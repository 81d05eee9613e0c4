/**
 * Who calls, and the credentials the simulator hands out. Signatures are not checked: the access
 * key id in the Authorization header's `Credential=` tells the calling account. Keys made here are
 * `ASIA` + 12-digit account id + 4 random characters; the role and session names travel in the
 * session token, so the server keeps no per-credential state.
 */
import { randomBytes } from "node:crypto";
import type http from "node:http";
import { MANAGEMENT_ACCOUNT } from "./org-model.js";

const CREDENTIAL_RE = /Credential=([^/,\s]+)\//;
const TOKEN_PREFIX = "FwoGZXIvYXdzEBench";
const KEY_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** Calling account from the SigV4 Authorization header's access key id. */
export interface Caller {
  account: string;
  /** true for credentials made by this simulator's AssumeRole */
  assumed: boolean;
}

/** The calling account: the one in a key made here, else the management account. */
export function callerOf(req: http.IncomingMessage): Caller {
  const auth = req.headers.authorization;
  const m = auth ? CREDENTIAL_RE.exec(auth) : null;
  const accessKeyId = m?.[1] ?? "";
  if (accessKeyId.startsWith("ASIA") && accessKeyId.length >= 16) {
    const account = accessKeyId.slice(4, 16);
    if (/^\d{12}$/.test(account)) return { account, assumed: true };
  }
  return { account: MANAGEMENT_ACCOUNT, assumed: false };
}

/** The role and session names in the request's session token, when it is one made here. */
export function sessionOf(req: http.IncomingMessage): { role: string; session: string } | null {
  const header = req.headers["x-amz-security-token"];
  const token = Array.isArray(header) ? header[0] : header;
  if (!token || !token.startsWith(TOKEN_PREFIX)) return null;
  const parts = Buffer.from(token.slice(TOKEN_PREFIX.length), "base64url").toString().split("|");
  if (parts.length !== 3) return null;
  return { role: parts[1] as string, session: parts[2] as string };
}

function encodeSessionToken(account: string, role: string, session: string): string {
  return TOKEN_PREFIX + Buffer.from(`${account}|${role}|${session}`).toString("base64url");
}

function randomKeySuffix(n: number): string {
  const bytes = randomBytes(n);
  let s = "";
  for (let i = 0; i < n; i++) s += KEY_CHARS[(bytes[i] as number) & 31];
  return s;
}

/** Credentials of a role session in `account` (the access key id tells the account). */
export function issueCredentials(account: string, role: string, session: string) {
  return {
    accessKeyId: `ASIA${account}${randomKeySuffix(4)}`,
    secretAccessKey: randomBytes(30).toString("base64"),
    sessionToken: encodeSessionToken(account, role, session),
  };
}
