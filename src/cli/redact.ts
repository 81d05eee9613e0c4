/** What replaces a credential found in any text the CLI writes. */
export const REDACTED = "[REDACTED]";

/** Shorter strings are not treated as secrets (they would match ordinary text). */
const MIN_SECRET_LENGTH = 16;

/**
 * Credentials this process has seen (the hub's and every assumed role's secret key and
 * session token). Every text the CLI writes goes through {@link Secrets.scrub}.
 */
export class Secrets {
  readonly #values = new Set<string>();
  #longest = 0;

  /** Adds secret values (undefined and short values are ignored). */
  add(...values: (string | undefined)[]): void {
    for (const v of values) {
      if (v === undefined || v.length < MIN_SECRET_LENGTH || this.#values.has(v)) continue;
      this.#values.add(v);
      this.#longest = Math.max(this.#longest, v.length);
    }
  }

  /** Length of the longest known secret. */
  get longest(): number {
    return this.#longest;
  }

  /** `text` with every known secret replaced by {@link REDACTED}. */
  scrub(text: string): string {
    if (this.#values.size === 0) return text;
    let out = text;
    for (const v of this.#values) if (out.includes(v)) out = out.split(v).join(REDACTED);
    return out;
  }
}

/**
 * Scrubs secrets from a byte stream written in chunks, including secrets split across
 * chunks: it holds back the last `longest - 1` characters until more data or the end.
 * Bytes are handled as latin1, so non-ASCII output passes through unchanged.
 */
export class StreamScrubber {
  #pending = "";
  constructor(private readonly secrets: Secrets) {}

  /** Scrubbed bytes that can be written now. */
  push(chunk: Buffer): Buffer {
    const text = this.secrets.scrub(this.#pending + chunk.toString("latin1"));
    const hold = Math.max(0, this.secrets.longest - 1);
    const cut = Math.max(0, text.length - hold);
    this.#pending = text.slice(cut);
    return Buffer.from(text.slice(0, cut), "latin1");
  }

  /** The rest, at the end of the stream. */
  end(): Buffer {
    const rest = this.secrets.scrub(this.#pending);
    this.#pending = "";
    return Buffer.from(rest, "latin1");
  }
}
