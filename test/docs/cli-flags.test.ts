import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createProgram } from "../../src/cli/program.js";
import { testContext } from "../support/cli-context.js";
import { ROOT } from "../cli/helpers.js";

/**
 * docs/cli.md against the `cove` program itself: every flag table lists a flag once, names only
 * flags that exist, and every flag of every command is documented.
 */

const DOC = readFileSync(join(ROOT, "docs/cli.md"), "utf8");

/** A flag table of the document: the section it is in, and its rows' flags with their lines. */
interface FlagTable {
  section: string;
  line: number;
  rows: { line: number; flags: string[] }[];
}

/** The flags a table row's first cell names: `-t, --target IDS`, `--shard I/N`, `--shard auto` → --target, -t, --shard. */
function cellFlags(cell: string): string[] {
  const flags = new Set<string>();
  for (const code of cell.match(/`[^`]*`/g) ?? [])
    for (const flag of code.match(/(?<![\w-])--?[a-zA-Z][\w-]*/g) ?? []) flags.add(flag);
  return [...flags];
}

/** Every table whose first column is headed `flag`, with the `##` section it belongs to. */
function flagTables(text: string): FlagTable[] {
  const lines = text.split("\n");
  const tables: FlagTable[] = [];
  let section = "";
  let table: FlagTable | undefined;
  lines.forEach((line, i) => {
    if (/^## /.test(line)) section = line.slice(3);
    if (/^\| flag \|/.test(line)) {
      table = { section, line: i + 1, rows: [] };
      tables.push(table);
      return;
    }
    if (!table) return;
    if (!line.startsWith("|")) table = undefined;
    else if (!/^\| ---/.test(line))
      table.rows.push({ line: i + 1, flags: cellFlags(line.split("|")[1] ?? "") });
  });
  return tables;
}

/** Every command of the program, and the long and short spellings of its flags. */
function programFlags(): Map<string, string[]> {
  const program = createProgram(testContext().ctx);
  const flags = new Map<string, string[]>();
  for (const command of program.commands)
    flags.set(
      command.name(),
      command.options.flatMap((o) => [o.long, o.short].filter((f) => f !== undefined)),
    );
  return flags;
}

describe("docs/cli.md's flags", () => {
  const tables = flagTables(DOC);
  const commands = programFlags();

  it("finds the flag tables (selection, roles, long runs, output, report, merge)", () => {
    expect(tables.length).toBeGreaterThanOrEqual(6);
    for (const t of tables) expect(t.rows.length, `table at line ${t.line}`).toBeGreaterThan(0);
  });

  it("lists each flag once per section", () => {
    const bySection = new Map<string, Map<string, number[]>>();
    for (const t of tables) {
      const seen = bySection.get(t.section) ?? new Map<string, number[]>();
      bySection.set(t.section, seen);
      for (const row of t.rows)
        for (const flag of row.flags) seen.set(flag, [...(seen.get(flag) ?? []), row.line]);
    }
    const repeated = [...bySection].flatMap(([section, seen]) =>
      [...seen]
        .filter(([, at]) => at.length > 1)
        .map(([flag, at]) => `${flag} in "${section}" (lines ${at.join(", ")})`),
    );
    expect(repeated).toEqual([]);
  });

  it("names only flags that some command has", () => {
    const known = new Set([...commands.values()].flat());
    const unknown = tables.flatMap((t) =>
      t.rows.flatMap((row) =>
        row.flags.filter((f) => !known.has(f)).map((f) => `${f} (line ${row.line})`),
      ),
    );
    expect(unknown).toEqual([]);
  });

  it("documents every flag of every command", () => {
    const escape = (flag: string) => flag.replace(/[-]/g, "\\-");
    const missing = [...commands].flatMap(([command, flags]) =>
      flags
        .filter((f) => f.startsWith("--"))
        // In code: `--flag`, `-x, --flag`, or a usage line's [--flag].
        .filter((f) => !new RegExp(`(\`|\`-\\w, |\\[)${escape(f)}(?![\\w-])`).test(DOC))
        .map((f) => `${command} ${f}`),
    );
    expect(missing).toEqual([]);
  });
});
