/**
 * A 64-bit digest of a JSON value, computed while the value is walked (no text is built): two
 * 32-bit lanes, one FNV-1a-like and one Murmur-like, each finished by Murmur3's finalizer.
 * Leaves are hashed from their type and content; an array chains its items in order (two
 * arrays that differ in one item always differ); an object or an unordered array sums its
 * members' digests, so order does not count. Not a cryptographic hash: it tells values apart
 * (two different values share a digest with a chance of about 2^-64), it does not resist
 * crafted collisions (whoever writes the files could write the same value anyway).
 *
 * Each hashing step leaves its digest in {@link last}; a caller reads it right away.
 */

/** The digest of the value hashed last. */
export const last = { h1: 0, h2: 0 };

/** What kind of value a digest is of (so that `"1"`, `1` and `[1]` differ). */
export const Tag = {
  Null: 1,
  True: 2,
  False: 3,
  Number: 4,
  String: 5,
  Key: 6,
  Array: 7,
  Bag: 8,
  Object: 9,
} as const;

/** One of {@link Tag}'s values. */
export type Tag = (typeof Tag)[keyof typeof Tag];

/** Murmur3's 32-bit finalizer: a bijection that spreads every input bit over the output. */
export function fmix(x: number): number {
  let h = x ^ (x >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Hashes a string's UTF-16 code units (with its tag and length). */
export function hashString(s: string, tag: Tag): void {
  let a = 0x811c9dc5 ^ tag;
  let b = 0x9747b28c ^ Math.imul(tag, 0x1b873593);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  last.h1 = fmix(a ^ s.length);
  last.h2 = fmix(b + Math.imul(s.length, 0xcc9e2d51));
}

const float = new Float64Array(1);
const words = new Uint32Array(float.buffer);

/** Hashes a tag alone, or with two words of content. */
function hashWords(tag: Tag, w1: number, w2: number): void {
  last.h1 = fmix(Math.imul(tag, 0x9e3779b1) ^ fmix(w1 ^ 0x27d4eb2f));
  last.h2 = fmix(Math.imul(tag, 0x85ebca77) + fmix(w2 ^ 0x165667b1));
}

/**
 * Hashes a JSON leaf as `JSON.stringify` writes it: a number that is not finite is `null`,
 * `-0` is `0`, a non-JSON value (undefined, a function, a symbol) is `null`.
 */
export function hashLeaf(value: unknown): void {
  switch (typeof value) {
    case "string":
      return hashString(value, Tag.String);
    case "number":
      if (!Number.isFinite(value)) return hashWords(Tag.Null, 0, 0);
      float[0] = value === 0 ? 0 : value;
      return hashWords(Tag.Number, words[0] as number, words[1] as number);
    case "boolean":
      return hashWords(value ? Tag.True : Tag.False, 0, 0);
    case "bigint":
      return hashString(value.toString(), Tag.String);
    default:
      return hashWords(Tag.Null, 0, 0);
  }
}

/**
 * The running digest of an array or object: {@link Sum.chain} items in order, or
 * {@link Sum.add} members in any order; {@link Sum.finish} leaves the digest in {@link last}.
 */
export class Sum {
  #a: number;
  #b: number;
  #n = 0;

  constructor(private readonly tag: Tag) {
    this.#a = Math.imul(tag, 0x9e3779b1);
    this.#b = Math.imul(tag, 0x85ebca77);
  }

  /** Adds the digest in {@link last} after the others (order counts). */
  chain(): void {
    this.#a = fmix(this.#a ^ last.h1) + 0x6b43a9b5;
    this.#b = fmix(this.#b ^ last.h2) + 0x3c6ef372;
    this.#n++;
  }

  /** Adds the digest in {@link last} to the others (order does not count). */
  add(): void {
    this.#a = (this.#a + fmix(last.h1 ^ 0x7f4a7c15)) | 0;
    this.#b = (this.#b + fmix(last.h2 ^ 0x2545f491)) | 0;
    this.#n++;
  }

  /** Adds a member whose value's digest is in {@link last}: its key and value as one. */
  member(key: string): void {
    const v1 = last.h1;
    const v2 = last.h2;
    hashString(key, Tag.Key);
    last.h1 = fmix(last.h1 ^ Math.imul(v1, 0x9e3779b1));
    last.h2 = fmix(last.h2 + Math.imul(v2, 0x85ebca77));
    this.add();
  }

  /** Leaves the digest of the whole in {@link last}. */
  finish(): void {
    last.h1 = fmix(this.#a ^ Math.imul(this.#n, 0xcc9e2d51) ^ this.tag);
    last.h2 = fmix(this.#b + Math.imul(this.#n, 0x1b873593) + this.tag);
  }
}

/** The digest in {@link last} as a string of four UTF-16 code units (compared, never shown). */
export function digestText(): string {
  const { h1, h2 } = last;
  return String.fromCharCode(h1 >>> 16, h1 & 0xffff, h2 >>> 16, h2 & 0xffff);
}
