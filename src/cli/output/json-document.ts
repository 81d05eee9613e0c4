import type { PlainRecord } from "./serialize.js";
import { RECORD_LISTS, type RecordList } from "../../records/lists.js";

/**
 * The `json` format: `{ "Results": [...], "Exceptions": [...], "FailedAssumeRole": [...] }`
 * written at the end, byte for byte as `JSON.stringify(output, null, 2)` would. It keeps each
 * record's text only (what it prints) and writes the document piece by piece, so its size is
 * not limited by the longest string Node can hold.
 */
export class JsonDocument {
  readonly #texts: Record<RecordList, string[]> = {
    Results: [],
    Exceptions: [],
    FailedAssumeRole: [],
  };

  add(list: RecordList, record: PlainRecord): void {
    // Records sit two levels deep: each of their lines is indented by four more spaces.
    this.#texts[list].push(JSON.stringify(record, null, 2).replace(/\n/g, "\n    "));
  }

  /** Writes the document piece by piece through `put` (which scrubs each piece). */
  async write(put: (text: string) => Promise<void>): Promise<void> {
    await put("{\n");
    for (const [i, list] of RECORD_LISTS.entries()) {
      const texts = this.#texts[list];
      const end = i === RECORD_LISTS.length - 1 ? "\n" : ",\n";
      if (texts.length === 0) {
        await put(`  "${list}": []${end}`);
        continue;
      }
      await put(`  "${list}": [\n`);
      for (const [j, text] of texts.entries())
        await put(`    ${text}${j === texts.length - 1 ? "\n" : ",\n"}`);
      await put(`  ]${end}`);
    }
    await put("}\n");
  }
}
