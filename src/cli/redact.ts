/** What replaces a credential found in any text the CLI writes. */
export const REDACTED = "[REDACTED]";

/**
 * Shorter strings are not treated as secrets (they would match ordinary text). It is also the
 * window of the rolling hash that finds secrets: every secret is at least this long.
 */
const MIN_SECRET_LENGTH = 16;
const WINDOW = MIN_SECRET_LENGTH;
/** Base of the polynomial rolling hash (mod 2^32), and BASE^(WINDOW-1). */
const BASE = 0x01000193;
let power = 1;
for (let k = 1; k < WINDOW; k++) power = Math.imul(power, BASE);
const TOP_POWER = power >>> 0;
/** Bits of the prefilter: most windows of ordinary text are rejected without a map lookup. */
const FILTER_BITS = 20;

/** Hash of `text[start, start + WINDOW)`. */
function windowHash(text: string, start: number): number {
  let h = 0;
  for (let k = start; k < start + WINDOW; k++) h = (Math.imul(h, BASE) + text.charCodeAt(k)) >>> 0;
  return h;
}

/** `%2f` for `%2F`: some encoders write lower-case hex. */
const lowerHex = (text: string) => text.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase());

/** A secret as it may appear in text: as is, and URL-encoded (secret keys hold `/` and `+`). */
function formsOf(secret: string): string[] {
  const encoded = encodeURIComponent(secret);
  return [...new Set([secret, encoded, lowerHex(encoded)])];
}

/**
 * Credentials this process has seen (the hub's and every assumed role's secret key and
 * session token). Every text the CLI writes goes through {@link Secrets.scrub}, whose cost
 * is linear in the text whatever the number of secrets: secrets are indexed by a hash of
 * their first characters, and the text is scanned once with a rolling hash of that length.
 */
export class Secrets {
  readonly #values = new Set<string>();
  /** Secret forms by the hash of their first WINDOW characters, longest first. */
  readonly #byHash = new Map<number, string[]>();
  readonly #filter = new Uint32Array((1 << FILTER_BITS) / 32);
  #longest = 0;
  readonly #sources: (() => Iterable<string | undefined>)[] = [];

  /**
   * Adds the secrets `source` yields now, and again at each {@link refresh} (a file the SDK
   * rewrites with refreshed credentials, such as an SSO token cache).
   */
  watch(source: () => Iterable<string | undefined>): void {
    this.#sources.push(source);
    this.add(...source());
  }

  /** Adds what the watched sources yield now. */
  refresh(): void {
    for (const source of this.#sources) this.add(...source());
  }

  /** Adds secret values (undefined and short values are ignored). */
  add(...values: (string | undefined)[]): void {
    for (const v of values) {
      if (v === undefined || v.length < MIN_SECRET_LENGTH || this.#values.has(v)) continue;
      this.#values.add(v);
      for (const form of formsOf(v)) this.#index(form);
    }
  }

  /** Length of the longest form of a known secret. */
  get longest(): number {
    return this.#longest;
  }

  /** `text` with every known secret (and its URL-encoded forms) replaced by {@link REDACTED}. */
  scrub(text: string): string {
    if (this.#values.size === 0 || text.length < WINDOW) return text;
    const parts: string[] = [];
    let copied = 0;
    let at = this.#nextSecret(text, 0);
    while (at.index >= 0) {
      parts.push(text.slice(copied, at.index), REDACTED);
      copied = at.index + at.length;
      at = this.#nextSecret(text, copied);
    }
    if (copied === 0) return text;
    parts.push(text.slice(copied));
    return parts.join("");
  }

  /**
   * Where the next secret form starts at or after `from` (the longest form there), by a
   * rolling hash of the WINDOW characters from each position; `index` -1 when there is none.
   */
  #nextSecret(text: string, from: number): { index: number; length: number } {
    const end = text.length - WINDOW;
    if (from > end) return { index: -1, length: 0 };
    const filter = this.#filter;
    const shift = 32 - FILTER_BITS;
    let h = windowHash(text, from);
    for (let at = from; ; at++) {
      const bit = h >>> shift;
      if ((filter[bit >>> 5]! & (1 << (bit & 31))) !== 0) {
        const found = this.#secretAt(text, at, h);
        if (found !== undefined) return { index: at, length: found.length };
      }
      if (at === end) return { index: -1, length: 0 };
      h =
        (Math.imul((h - Math.imul(text.charCodeAt(at), TOP_POWER)) >>> 0, BASE) +
          text.charCodeAt(at + WINDOW)) >>>
        0;
    }
  }

  #index(form: string): void {
    const h = windowHash(form, 0);
    const list = this.#byHash.get(h);
    if (list === undefined) this.#byHash.set(h, [form]);
    else if (!list.includes(form)) {
      list.push(form);
      list.sort((a, b) => b.length - a.length);
    }
    const bit = h >>> (32 - FILTER_BITS);
    this.#filter[bit >>> 5]! |= 1 << (bit & 31);
    this.#longest = Math.max(this.#longest, form.length);
  }

  /** The longest known secret form starting at `at`, if any. */
  #secretAt(text: string, at: number, h: number): string | undefined {
    const candidates = this.#byHash.get(h);
    if (candidates === undefined) return undefined;
    for (const form of candidates) if (text.startsWith(form, at)) return form;
    return undefined;
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
