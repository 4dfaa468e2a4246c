import { escapeControls } from "../../config/text";

/**
 * Escapes text for a Markdown table cell: control and bidi characters become visible escapes, `<` `>` `&`
 * become entities (no raw HTML), backslashes and pipes would end or break the cell, a backtick would open
 * a code span, and a newline (CRLF, LF or a lone CR) becomes `<br>` instead of ending the row.
 */
export function mdCell(text: string): string {
  return escapeControls(String(text).replace(/\r\n?/g, "\n"), { keepNewlines: true })
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\\/g, "\\\\")
    .replace(/\|/g, "\\|")
    .replace(/`/g, "\\`")
    .replace(/\n/g, "<br>");
}

/**
 * A Markdown code span holding `text` verbatim, safe in a table cell: the fence is one backtick longer
 * than the longest run of backticks inside (CommonMark), padded with a space when the text starts or ends
 * with a backtick; pipes are escaped (GFM splits cells before it parses code spans), line breaks become
 * spaces (a code span cannot end a row), and control and bidi characters become visible escapes.
 */
export function mdCode(text: string): string {
  const body = escapeControls(String(text).replace(/\r\n?|\n/g, " ")).replace(/\|/g, "\\|");
  let longest = 0;
  for (const run of body.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = "`".repeat(longest + 1);
  const pad = body.startsWith("`") || body.endsWith("`") || body === "" ? " " : "";
  return `${fence}${pad}${body}${pad}${fence}`;
}
