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
