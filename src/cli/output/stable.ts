import { EncodedRecord } from "./encode.js";

/** A value with the keys of every object in it sorted (code-unit order), at every depth. */
function sortedKeys(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map(sortedKeys);
  const out = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(value).sort())
    out[key] = sortedKeys((value as Record<string, unknown>)[key]);
  return out;
}

/**
 * A record written in a stable form (`--sort`): its own keys keep their fixed order (`Id`,
 * `Name`, …, `Result`), and every object inside a value has its keys sorted, so two runs that
 * found the same things write the same bytes.
 */
export function stableRecord(encoded: EncodedRecord): EncodedRecord {
  const out = Object.create(null) as Record<string, unknown>;
  for (const [key, value] of Object.entries(encoded.record)) out[key] = sortedKeys(value);
  return new EncodedRecord(encoded.list, JSON.stringify(out));
}

const text = (v: unknown) => (typeof v === "string" ? v : String(v));

/** `--sort` order: by account id, then region (code-unit order, as `sort` of the ids would). */
export function byAccountThenRegion(a: EncodedRecord, b: EncodedRecord): number {
  const ka = [text(a.record.Id), text(a.record.Region)];
  const kb = [text(b.record.Id), text(b.record.Region)];
  for (let i = 0; i < 2; i++) {
    const x = ka[i] as string;
    const y = kb[i] as string;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}
