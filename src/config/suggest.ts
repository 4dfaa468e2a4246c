import type { z } from "zod";

/** Levenshtein edit distance between two strings. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = prev[j]!;
      prev[j] = Math.min(above + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = above;
    }
  }
  return prev[b.length]!;
}

/** The candidate closest to `word` (case-insensitive), if it is close enough to be a plausible typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: { c: string; d: number } | undefined;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (!best || d < best.d) best = { c, d };
  }
  if (!best) return undefined;
  const limit = Math.max(2, Math.floor(best.c.length / 3));
  return best.d <= limit || best.c.toLowerCase().includes(word.toLowerCase()) ? best.c : undefined;
}

type AnySchema = z.core.$ZodType;

/** Unwraps defaults, optionals and prefaults to the schema underneath. */
function unwrap(schema: AnySchema): AnySchema {
  let s = schema;
  for (;;) {
    const def = s._zod.def as { innerType?: AnySchema };
    if (!def.innerType) return s;
    s = def.innerType;
  }
}

/** Keys an object schema accepts at a path (records and unions are walked through where unambiguous). */
export function knownKeysAt(schema: AnySchema, path: readonly PropertyKey[]): string[] {
  let s = unwrap(schema);
  for (const seg of path) {
    const def = s._zod.def as { type: string; shape?: Record<string, AnySchema>; valueType?: AnySchema };
    if (def.type === "object" && def.shape && typeof seg === "string" && def.shape[seg])
      s = unwrap(def.shape[seg]);
    else if (def.type === "record" && def.valueType) s = unwrap(def.valueType);
    else return [];
  }
  const def = s._zod.def as { type: string; shape?: Record<string, unknown>; options?: AnySchema[] };
  if (def.type === "object" && def.shape) return Object.keys(def.shape);
  if (def.type === "union" && def.options) {
    return [...new Set(def.options.flatMap((o) => knownKeysAt(o, [])))];
  }
  return [];
}
