/** CSV field quoting (RFC 4180). */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) || value !== value.trim()
    ? `"${value.replace(/"/g, '""')}"`
    : value;
}

/** A CSV line (CRLF-free: rows end with "\n"). */
export function csvLine(fields: string[]): string {
  return `${fields.map(csvField).join(",")}\n`;
}
