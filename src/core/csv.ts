/**
 * CSV writing shared by the exports that are not the reply table (which `sweep.ts` writes itself): RFC 4180
 * quoting and CRLF line ends, plus a guard against spreadsheet formulas in text that came from elsewhere.
 */

/** RFC 4180: a field with a comma, quote or line break is quoted, and its quotes doubled. */
export function csvField(value: string | number | boolean | null | undefined): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A text field that a spreadsheet must not run: one starting with `=`, `+`, `-`, `@`, a tab or a carriage
 * return is read as a formula by Excel and LibreOffice, so it is prefixed with `'` (OWASP's advice).
 */
export function csvText(value: string | null | undefined): string {
  const text = value ?? '';
  return csvField(/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);
}

/** Lines of already-encoded fields, CRLF-terminated. */
export function csvLines(rows: string[][]): string {
  return rows.map((r) => r.join(',')).join('\r\n') + '\r\n';
}
