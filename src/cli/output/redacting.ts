import type { OutStream } from "../context.js";
import { REDACTED, type Secrets } from "../redact.js";
import { ndjsonLine } from "../ndjson.js";
import { EncodedRecord } from "./encode.js";
import { writeText } from "./write.js";

/**
 * The one place the CLI redacts: every text it writes (stdout, stderr, files, the journal,
 * the report) and every record goes through it, scrubbed of every secret known then.
 */
export class RedactingWriter {
  constructor(
    readonly secrets: Secrets,
    private readonly stderr: OutStream,
  ) {}

  /** `text` without any known secret. */
  text(text: string): string {
    return this.secrets.scrub(text);
  }

  /**
   * The record without any known secret: the same record when it holds none (most do: one
   * scan of its JSON), else one encoded from its scrubbed `-o ndjson` line. The sink asks once
   * per record; stdout, the files, the journal and the report all take what it returns.
   */
  record(encoded: EncodedRecord): EncodedRecord {
    const scrubbed = this.secrets.scrub(encoded.json);
    if (scrubbed === encoded.json) return encoded;
    // The line is scrubbed as a whole: a secret next to the list name is caught too.
    let record: Record<string, unknown>;
    try {
      const { List: _list, ...rest } = JSON.parse(
        this.secrets.scrub(ndjsonLine(encoded.list, encoded.json)),
      ) as Record<string, unknown>;
      record = rest;
    } catch {
      // A secret that took JSON syntax with it: only what cannot hold one is kept.
      record = { ExceptionDetails: REDACTED };
    }
    return new EncodedRecord(encoded.list, JSON.stringify(record));
  }

  /** Writes `text`, scrubbed, to `stream` (resolves once it is written or buffered). */
  write(stream: NodeJS.WritableStream, text: string): Promise<void> {
    return writeText(stream, this.secrets.scrub(text));
  }

  /** Writes one line, scrubbed, to stderr. */
  say(line: string): void {
    this.stderr.write(this.secrets.scrub(line) + "\n");
  }
}
