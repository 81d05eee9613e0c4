import { pairKey } from "../journal/read.js";
import type { JobHeader } from "../job/header.js";
import { checkShards, manifestOf, type ShardFile, type ShardVerdict } from "./check.js";

/**
 * What `cove report` keeps to check shards as `cove merge` does: each input's first-line
 * header and the pairs (and accounts) that have a record.
 */
export class ShardTracker {
  readonly #files: ShardFile[] = [];
  readonly #pairs = new Set<string>();
  readonly #accounts = new Set<string>();

  /** One input's first-line header (`undefined`: it has none). */
  file(source: string, header: JobHeader | undefined): void {
    this.#files.push({ source, header });
  }

  /** A record of any input. */
  record(record: Record<string, unknown>): void {
    this.#pairs.add(pairKey(record.Id, record.Region));
    this.#accounts.add(String(record.Id));
  }

  /** The verdict, when any input is a shard (its header has a manifest); else `undefined`. */
  verdict(): ShardVerdict | undefined {
    if (!this.#files.some((f) => manifestOf(f.header) !== undefined)) return undefined;
    return checkShards(this.#files, (key) =>
      key.includes("\t") ? this.#pairs.has(key) : this.#accounts.has(key),
    );
  }
}
