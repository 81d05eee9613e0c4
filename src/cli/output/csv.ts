/** A leading character that makes a spreadsheet read the cell as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell a spreadsheet shows as text: a formula-like start gets a leading `'`. */
function csvText(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** CSV field quoting (RFC 4180). */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) || value !== value.trim()
    ? `"${value.replace(/"/g, '""')}"`
    : value;
}

/** A CSV line (CRLF-free: rows end with "\n"), every field neutralized and quoted. */
export function csvLine(fields: string[]): string {
  return `${fields.map((f) => csvField(csvText(f))).join(",")}\n`;
}
