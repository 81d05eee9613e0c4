import { writeFileAtomic } from "../atomic-write.js";
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
 * Writes the page to `path` atomically (see `writeFileAtomic`: a temporary file of an
 * unpredictable name, created exclusively and never through a link, renamed at the end): a
 * reader (or a killed process) never sees half a page. Returns the bytes written.
 */
export function writePageFile(path: string, parts: Iterable<string>): Promise<number> {
  return writeFileAtomic(path, parts, { mode: 0o644 });
}

/** Writes the page to stdout; returns the bytes written. */
export function writePageStdout(parts: Iterable<string>): Promise<number> {
  return writeParts(process.stdout, parts);
}
