import { closeSync, fstatSync, openSync, readSync, constants } from "node:fs";

/** Longest token file read (a container authorization token or a web identity JWT is a few kB). */
const MAX_TOKEN_FILE_BYTES = 64 * 1024;

/**
 * The text of a token file, or `undefined` when it is not a readable regular file of at most
 * {@link MAX_TOKEN_FILE_BYTES} (never waits on a FIFO or a device: opened non-blocking).
 */
export function readTokenFile(path: string | undefined): string | undefined {
  if (path === undefined || path === "") return undefined;
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const st = fstatSync(fd);
    if (!st.isFile() || st.size > MAX_TOKEN_FILE_BYTES) return undefined;
    const buffer = Buffer.alloc(st.size);
    const bytes = readSync(fd, buffer, 0, st.size, 0);
    return buffer.subarray(0, bytes).toString("utf8");
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The credentials the caller's environment hands this process, to redact: the hub's keys,
 * the container credential endpoint's authorization token (as a value, and the text of its
 * file) and the web identity token (the text of its file). A file's text is also taken
 * without its surrounding white space (how the SDK sends it).
 */
export function environmentSecrets(env: NodeJS.ProcessEnv = process.env): string[] {
  const files = [env.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE, env.AWS_WEB_IDENTITY_TOKEN_FILE].map(
    readTokenFile,
  );
  const values = [
    env.AWS_SECRET_ACCESS_KEY,
    env.AWS_SESSION_TOKEN,
    env.AWS_SECURITY_TOKEN,
    env.AWS_CONTAINER_AUTHORIZATION_TOKEN,
    ...files,
    ...files.map((text) => text?.trim()),
  ];
  return values.filter((v): v is string => v !== undefined && v !== "");
}
