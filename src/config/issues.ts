import { inspect } from "node:util";
import { escapeControls } from "./text";

/**
 * A problem found in a configuration. Errors stop the run before any resource exists; warnings are printed
 * with the plan. Each names the field, the value, why, and how to fix it.
 */
export interface ConfigIssue {
  readonly severity: "error" | "warning";
  /** Dotted path of the field, e.g. `workspace.outboundRules.pypi.type`; `(root)` for the whole file. */
  readonly path: string;
  /** The offending value as written (undefined when the field is missing). */
  readonly value: unknown;
  /** Why it is a problem. */
  readonly message: string;
  /** What to change. */
  readonly fix: string;
  /** The documented fact the rule rests on, when there is one. */
  readonly fact?: string;
  /** A stable identifier, so tests and suppressions can refer to a rule. */
  readonly code: string;
}

/** Thrown when a configuration has errors; carries every issue found (errors and warnings). */
export class ConfigError extends Error {
  readonly issues: readonly ConfigIssue[];
  constructor(issues: readonly ConfigIssue[]) {
    const errors = issues.filter((i) => i.severity === "error");
    super(`configuration has ${errors.length} error(s):\n${errors.map(formatIssue).join("\n")}`);
    this.name = "ConfigError";
    this.issues = issues;
  }
}

/**
 * Renders an issue as one readable block: `path: value — message. Fix: …`. Control and bidi characters
 * (from keys or values of the file) are shown escaped, so the block cannot rewrite the terminal.
 */
export function formatIssue(issue: ConfigIssue): string {
  const value = issue.value === undefined ? "(missing)" : showValue(issue.value);
  const fact = issue.fact ? `\n    source: ${escapeControls(issue.fact)}` : "";
  return `  ${issue.severity} ${escapeControls(issue.path)} = ${value}\n    ${escapeControls(issue.message)}\n    fix: ${escapeControls(issue.fix)}${fact}`;
}

/**
 * A value as it would be written in the config, safe for anything a YAML file can produce (recursive
 * aliases, very long values) and for in-memory configs (BigInt): never throws.
 */
export function showValue(value: unknown, max = 200): string {
  let text: string;
  try {
    text = JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? `${v}n` : v)) ?? String(value);
  } catch {
    text = inspect(value, { depth: 2, breakLength: Number.POSITIVE_INFINITY });
  }
  // JSON.stringify escapes C0 controls only; DEL, C1 and bidi controls are escaped here.
  const shown = text.length > max ? `${text.slice(0, max)}…` : text;
  return escapeControls(shown);
}

/** Formats a dotted path from path segments (numbers become `[n]`, an empty key `[""]`). */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "(root)";
  return path
    .map((seg, i) =>
      typeof seg === "number" ? `[${seg}]` : seg === "" ? '[""]' : i === 0 ? String(seg) : `.${String(seg)}`,
    )
    .join("");
}

/** Reads the value at a path in a raw (unvalidated) object. */
export function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = raw;
  for (const seg of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[seg];
  }
  return cur;
}
