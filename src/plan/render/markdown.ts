/** Escapes text for a Markdown table cell: backslashes and pipes would end or break the cell, newlines the row. */
export function mdCell(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, "<br>");
}
