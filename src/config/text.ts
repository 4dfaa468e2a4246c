/**
 * Characters that must never reach a terminal, a Markdown or HTML viewer, or a diagram as they are: C0
 * controls (NUL, BEL, ESC…), DEL, C1 controls (CSI U+009B starts an escape sequence on many terminals) and
 * the bidirectional controls that reorder what is displayed (Trojan Source, CVE-2021-42574): U+202A-202E,
 * U+2066-2069, U+200E/U+200F and U+061C. Config validation rejects them; the renderers show them escaped.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNSAFE_ALL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Index of the first control or bidi character in `text`, or -1 when there is none. Linear. */
export function findUnsafeChar(text: string): number {
  const m = UNSAFE.exec(text);
  return m ? m.index : -1;
}

/** A character as a visible escape: `\x1b` below U+0100, `\u202e` above. */
export function visibleEscape(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  return cp < 0x100 ? `\\x${cp.toString(16).padStart(2, "0")}` : `\\u${cp.toString(16).padStart(4, "0")}`;
}

/**
 * Replaces every control and bidi character with its visible escape (`\x1b`, `\u202e`). With
 * `keepNewlines`, `\n` stays (multi-line text); a lone `\r` is always escaped, since it returns the
 * cursor and lets the rest of the line overwrite what came before.
 */
export function escapeControls(text: string, opts: { keepNewlines?: boolean } = {}): string {
  return text.replace(UNSAFE_ALL, (ch) => (opts.keepNewlines && ch === "\n" ? ch : visibleEscape(ch)));
}

const JSON_UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

/**
 * JSON text with the characters JSON.stringify leaves raw (DEL, C1, bidi, line/paragraph separators)
 * written as `\uXXXX` escapes: the same data for a parser, inert on a terminal.
 */
export function safeJson(value: unknown, space = 2): string {
  return (stringifyAnything(value, space) ?? "null").replace(
    JSON_UNSAFE,
    (ch) => `\\u${(ch.codePointAt(0) ?? 0).toString(16).padStart(4, "0")}`,
  );
}

/**
 * JSON.stringify that never throws: a BigInt is shown as text, and a value reached again from inside itself
 * (a cycle a YAML alias can make) as "[circular]". The cycle-safe pass runs only when the plain one fails,
 * so a shared (non-cyclic) object in a plan is printed in full.
 */
function stringifyAnything(value: unknown, space: number): string | undefined {
  try {
    return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? `${v}n` : v), space);
  } catch {
    const seen = new WeakSet<object>();
    return JSON.stringify(
      value,
      (_key, v: unknown) => {
        if (typeof v === "bigint") return `${v}n`;
        if (typeof v === "object" && v !== null) {
          if (seen.has(v)) return "[circular]";
          seen.add(v);
        }
        return v;
      },
      space,
    );
  }
}
