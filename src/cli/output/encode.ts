import type { CoveEvent } from "../../index.js";
import { plainRecord, toJson, type PlainRecord } from "./serialize.js";
import type { RecordList } from "../../records/lists.js";
import { errorText } from "./text.js";

/** A finished run as the CLI receives it. */
export type RunEvent = CoveEvent<unknown> | { list: RecordList; record: object };

/** A run's record as JSON, in the list it is written to. */
export class EncodedRecord {
  #record: PlainRecord | undefined;

  constructor(
    readonly list: RecordList,
    /** The record's JSON text (errors serialized, bigints as text, cycles cut). */
    readonly json: string,
  ) {}

  /** The record as plain data (parsed from its JSON once, when asked): nothing can throw. */
  get record(): PlainRecord {
    return (this.#record ??= JSON.parse(this.json) as PlainRecord);
  }
}

/** What a record whose Result cannot be written becomes: an Exception with this error. */
export const RESULT_NOT_SERIALIZABLE = "RESULT_NOT_SERIALIZABLE";

/** The keys of a record a run's own value cannot spoil, each checked to be plain data. */
function metadataOf(record: object): PlainRecord {
  const out: PlainRecord = {};
  for (const [key, value] of Object.entries(record)) {
    if (key === "Result" || key === "ExceptionDetails") continue;
    try {
      out[key] = JSON.parse(JSON.stringify(value) ?? "null") as unknown;
    } catch {
      // Not plain data: left out.
    }
  }
  return out;
}

/** An Exception saying why the run's Result could not be written. */
function unserializable(record: object, why: unknown): EncodedRecord {
  const exception = {
    ...metadataOf(record),
    ExceptionDetails: {
      name: "ResultNotSerializable",
      message: `The run's Result cannot be written as JSON (${errorText(why)}).`,
      code: RESULT_NOT_SERIALIZABLE,
    },
  };
  return new EncodedRecord("Exceptions", JSON.stringify(exception));
}

/**
 * A record as plain data, each on its own: a Result whose getters or `toJSON` throw, or that
 * is nested too deep, makes this one record an Exception (code `RESULT_NOT_SERIALIZABLE`)
 * and spoils no other.
 */
export function encodeRecord(event: RunEvent): EncodedRecord {
  try {
    return new EncodedRecord(event.list, toJson(plainRecord(event.record)));
  } catch (why) {
    return unserializable(event.record, why);
  }
}
