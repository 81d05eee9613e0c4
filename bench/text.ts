/** What the benchmark scripts print: targets met or not, numbers and plain text tables. */

/** One target of a scenario, judged after it ran. */
export interface Check {
  name: string;
  status: "PASS" | "FAIL" | "pending";
  detail: string;
}

/** A check from a condition: undefined (not measured) is "pending". */
export function check(name: string, ok: boolean | undefined, detail: string): Check {
  return { name, status: ok === undefined ? "pending" : ok ? "PASS" : "FAIL", detail };
}

/** A number with `digits` decimals, or "-" when there is none. */
export function fmt(v: number | undefined, digits = 2): string {
  return v === undefined || !Number.isFinite(v) ? "-" : v.toFixed(digits);
}

/** A text table: the first column left-aligned, the others right-aligned. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number)))
      .join("  ")
      .trimEnd();
  return [line(headers), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}
