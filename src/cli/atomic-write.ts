import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { open, rename, rm, type FileHandle } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** How {@link writeFileAtomic} creates the file. */
export interface AtomicWriteOptions {
  /** The new file's mode (before the umask). @default 0o600 */
  mode?: number;
}

/** Flags of the temporary file: created here and now, never through a link. */
const TEMP_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

/**
 * The temporary file beside `path`: `.NAME.<32 random hex digits>.tmp`, a name no one can
 * guess and plant a link at beforehand.
 */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(16).toString("hex")}.tmp`);
}

/**
 * Writes `content` (a text, or its parts in order) to `path` atomically, the one way cove
 * writes a whole file: into a new temporary file beside it, created exclusively (`O_EXCL`,
 * `O_NOFOLLOW`: never an existing file, never through a symbolic link, even in a folder others
 * can write) with an unpredictable name and `mode`, then renamed over `path` (which replaces a
 * link there rather than writing through it). A reader, or a killed process, never sees half a
 * file; on failure the temporary file is removed and `path` is as it was. Returns the bytes
 * written.
 */
export async function writeFileAtomic(
  path: string,
  content: string | Iterable<string>,
  options: AtomicWriteOptions = {},
): Promise<number> {
  const temp = tempPathFor(path);
  const handle = await open(temp, TEMP_FLAGS, options.mode ?? 0o600);
  let bytes = 0;
  try {
    try {
      bytes = await writeParts(handle, typeof content === "string" ? [content] : content);
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return bytes;
}

/** Parts gathered into one write. */
const BATCH = 64 * 1024;

/** Writes the parts in order, small ones gathered into writes of about 64 KB; returns the bytes. */
async function writeParts(handle: FileHandle, parts: Iterable<string>): Promise<number> {
  let bytes = 0;
  let batch: string[] = [];
  let batched = 0;
  const flush = async () => {
    const buffer = Buffer.from(batch.join(""), "utf8");
    batch = [];
    batched = 0;
    for (let at = 0; at < buffer.length;)
      at += (await handle.write(buffer, at, buffer.length - at)).bytesWritten;
    bytes += buffer.length;
  };
  for (const part of parts) {
    batch.push(part);
    batched += part.length;
    if (batched >= BATCH) await flush();
  }
  await flush();
  return bytes;
}
