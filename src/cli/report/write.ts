import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { once } from "node:events";
import { writeText } from "../output/write.js";

/** Writes `parts` to a stream, waiting for each to be taken; returns the bytes written. */
async function writeParts(stream: NodeJS.WritableStream, parts: Iterable<string>): Promise<number> {
  let bytes = 0;
  for (const part of parts) {
    await writeText(stream, part);
    bytes += Buffer.byteLength(part);
  }
  return bytes;
}

/**
 * Writes the page to `path` through a temporary file beside it, renamed at the end: a
 * reader (or a killed process) never sees half a page. Returns the bytes written.
 */
export async function writePageFile(path: string, parts: Iterable<string>): Promise<number> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const stream = createWriteStream(temp, { mode: 0o644 });
  try {
    await once(stream, "open");
    const bytes = await writeParts(stream, parts);
    stream.end();
    await once(stream, "close");
    await rename(temp, path);
    return bytes;
  } catch (error) {
    stream.destroy();
    await rm(temp, { force: true });
    throw error;
  }
}

/** Writes the page to stdout (`-o -`); returns the bytes written. */
export function writePageStdout(
  parts: Iterable<string>,
  stdout: NodeJS.WritableStream,
): Promise<number> {
  return writeParts(stdout, parts);
}
