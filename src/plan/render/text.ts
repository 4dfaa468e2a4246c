import { escapeControls } from "../../config/text";

/** Breaks a word longer than `max` after `/`, `-` or `.` (or at `max`, as a last resort). */
function splitLong(word: string, max: number): string[] {
  const parts: string[] = [];
  let rest = word;
  while (rest.length > max) {
    const cut = Math.max(
      rest.lastIndexOf("/", max - 1),
      rest.lastIndexOf("-", max - 1),
      rest.lastIndexOf(".", max - 1),
    );
    const at = cut > 0 ? cut + 1 : max;
    parts.push(rest.slice(0, at));
    rest = rest.slice(at);
  }
  return [...parts, rest];
}

/**
 * Word-wraps `text` to `width` columns. The first line starts with `indent`, the following ones with `hang`
 * (a hanging indent for list items and notes). A word longer than a whole line (a URL) is broken after a `/`,
 * `-` or `.` so that no line is wider than `width`: the width is a promise to the terminal.
 */
export function wrapLines(text: string, width: number, indent: string, hang = indent): string[] {
  const out: string[] = [];
  let line = "";
  const room = Math.max(8, width - Math.max(indent.length, hang.length));
  const words = text
    .split(/\s+/)
    .filter(Boolean)
    .flatMap((w) => (w.length > room ? splitLong(w, room) : [w]));
  for (const word of words) {
    const prefix = out.length === 0 ? indent : hang;
    if (line && prefix.length + line.length + 1 + word.length > width) {
      out.push(prefix + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line || out.length === 0) out.push((out.length === 0 ? indent : hang) + line);
  return out;
}

/** The SGR sequences `Style` (src/plan/style.ts) writes: bold, dim, colours and their resets. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching the escape character is the point
const OWN_SGR = /\u001b\[(?:1|2|22|31|32|33|36|39)m/y;

/**
 * Text for a terminal: every control and bidi character is shown as a visible escape (`\x1b`, `\u202e`),
 * newlines stay. With `keepStyle`, the exact colour sequences our own Style emits are kept (and nothing
 * else: an injected `ESC[8m` that would hide the rest of a report is escaped).
 */
export function escapeTerminal(text: string, keepStyle = false): string {
  if (!keepStyle) return escapeControls(text, { keepNewlines: true });
  let out = "";
  let plainStart = 0;
  for (let i = text.indexOf("\u001b"); i >= 0; i = text.indexOf("\u001b", i + 1)) {
    OWN_SGR.lastIndex = i;
    const m = OWN_SGR.exec(text);
    if (!m) continue;
    out += escapeControls(text.slice(plainStart, i), { keepNewlines: true }) + m[0];
    plainStart = i + m[0].length;
    i = plainStart - 1;
  }
  return out + escapeControls(text.slice(plainStart), { keepNewlines: true });
}
