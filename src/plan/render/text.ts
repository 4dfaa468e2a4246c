/**
 * Word-wraps `text` to `width` columns. The first line starts with `indent`, the following ones with `hang`
 * (a hanging indent for list items and notes). A word longer than the line stays whole.
 */
export function wrapLines(text: string, width: number, indent: string, hang = indent): string[] {
  const out: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const prefix = out.length === 0 ? indent : hang;
    if (line && prefix.length + line.length + 1 + word.length > width) {
      out.push(prefix + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line || out.length === 0) out.push((out.length === 0 ? indent : hang) + line);
  return out;
}
