import { existsSync, readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import { ConfigError, type ConfigIssue, formatPath, showValue, valueAt } from "./issues";
import { DEFAULT_PRESET, PRESETS } from "./presets";
import { checkConfig } from "./rules";
import { type Config, type ConfigInput, configSchema, PRESET_NAMES, type PresetName } from "./schema";
import { closest, knownKeysAt } from "./suggest";

/** A validated configuration with the warnings it produced. */
export interface LoadedConfig {
  readonly config: Config;
  readonly preset: PresetName;
  readonly warnings: readonly ConfigIssue[];
}

/** Where a configuration comes from: a preset name, a YAML/JSON file, or an object already in memory. */
export type ConfigSource = { preset: string } | { file: string } | { raw: unknown };

/** Facts behind schema-level constraints, keyed by the last path segment. */
const SCHEMA_FACTS: Record<string, string> = {
  firewallSku: "facts §1.5: managed VNet supports Basic or Standard; Premium is not supported",
  isolationMode: "facts §1.1",
  idleShutdownMinutes: "facts §6: idle shutdown is 15 minutes to 3 days",
};

/**
 * Deep-merges `over` onto `base`: objects merge key by key, anything else in `over` replaces, and `null`
 * over an existing key removes it (so a file can drop, say, one of its preset's outbound rules).
 */
export function mergeConfig(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const inherited = Object.hasOwn(base, k) ? base[k] : undefined;
    if (v === null && inherited !== undefined) {
      delete out[k];
      continue;
    }
    // defineProperty, not assignment: a `__proto__` key in a file must stay a key (and be rejected as
    // unknown), never become the object's prototype.
    Object.defineProperty(out, k, {
      value: mergeConfig(inherited, v),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Turns a zod issue into a ConfigIssue with a path, the value as written, a reason and a fix. */
function fromZodIssue(issue: z.core.$ZodIssue, raw: unknown): ConfigIssue[] {
  const path = issue.path;
  const last = String(path[path.length - 1] ?? "");
  const fact = SCHEMA_FACTS[last];
  const base = { severity: "error" as const, ...(fact ? { fact } : {}) };
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((key) => {
        const known = knownKeysAt(configSchema, path);
        const guess = closest(key, known);
        return {
          ...base,
          code: "unknown-key",
          path: formatPath([...path, key]),
          value: valueAt(raw, [...path, key]),
          message: `"${key}" is not a known key here`,
          fix: guess
            ? `did you mean "${guess}"? Known keys: ${known.join(", ")}`
            : `known keys: ${known.join(", ")}`,
        };
      });
    case "invalid_value":
      return [
        {
          ...base,
          code: "invalid-value",
          path: formatPath(path),
          value: valueAt(raw, path),
          message: `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`,
          fix: `use one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`,
        },
      ];
    case "invalid_union": {
      const isRule = path.includes("outboundRules");
      const rulePath = isRule && path[path.length - 1] !== "type" ? [...path, "type"] : path;
      return [
        {
          ...base,
          code: "invalid-value",
          path: formatPath(rulePath),
          value: valueAt(raw, rulePath),
          message: isRule
            ? 'an outbound rule needs type "PrivateEndpoint", "ServiceTag" or "FQDN"'
            : issue.message,
          fix: isRule
            ? 'set type to "PrivateEndpoint" (serviceResourceId, subresourceTarget), "ServiceTag" (serviceTag, portRanges) or "FQDN" (destination)'
            : "see the config reference in the README",
        },
      ];
    }
    case "invalid_type": {
      const value = valueAt(raw, path);
      const missing = value === undefined;
      return [
        {
          ...base,
          code: missing ? "missing" : "invalid-type",
          path: formatPath(path),
          value,
          message: missing
            ? `is required (${issue.expected})`
            : `must be ${article(issue.expected)}, not ${describe(value)}`,
          fix: missing ? `add ${formatPath(path)}` : `write ${article(issue.expected)} here`,
        },
      ];
    }
    default:
      return [
        {
          ...base,
          code: "invalid-value",
          path: formatPath(path),
          value: valueAt(raw, path),
          message: issue.message,
          fix: fixFor(issue),
        },
      ];
  }
}

function fixFor(issue: z.core.$ZodIssue): string {
  if (issue.code === "too_small") return `use a value of at least ${String(issue.minimum)}`;
  if (issue.code === "too_big") return `use a value of at most ${String(issue.maximum)}`;
  const wanted = issue.message.replace(/^must be\s+/, "");
  return wanted === issue.message ? "see the config reference in the README" : `change it to ${wanted}`;
}

function article(t: string): string {
  return /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`;
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "number" && !Number.isFinite(v)) return `the number ${String(v)}`;
  return `${typeof v} ${showValue(v)}`;
}

/**
 * Validates a raw configuration: applies its preset (or the default), the schema, then the semantic rules.
 * Throws ConfigError carrying every issue when any error is found; otherwise returns the config and warnings.
 * Pure: reads no file and creates nothing.
 */
export function resolveConfig(raw: unknown, presetOverride?: string): LoadedConfig {
  if (raw !== undefined && raw !== null && !isPlainObject(raw)) {
    throw new ConfigError([
      {
        severity: "error",
        code: "invalid-type",
        path: "(root)",
        value: raw,
        message: "a configuration must be a mapping of keys to values",
        fix: "start the file with `name: <workload>` or `preset: private`",
      },
    ]);
  }
  const input = (raw ?? {}) as Record<string, unknown>;
  const presetName = presetOverride ?? (typeof input.preset === "string" ? input.preset : DEFAULT_PRESET);
  if (!(PRESET_NAMES as readonly string[]).includes(presetName)) {
    const guess = closest(presetName, PRESET_NAMES);
    throw new ConfigError([
      {
        severity: "error",
        code: "unknown-preset",
        path: "preset",
        value: presetName,
        message: "is not a preset",
        fix: `use one of ${PRESET_NAMES.join(", ")}${guess ? ` (did you mean "${guess}"?)` : ""}`,
      },
    ]);
  }
  const preset = presetName as PresetName;
  const merged = mergeConfig(PRESETS[preset].config, input) as ConfigInput;
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.flatMap((i) => fromZodIssue(i, merged)));
  }
  const issues = checkConfig(parsed.data);
  if (issues.some((i) => i.severity === "error")) throw new ConfigError(issues);
  return { config: { ...parsed.data, preset }, preset, warnings: issues };
}

/** Reads a YAML (or JSON) file; a syntax error becomes a ConfigError naming the line. */
export function readConfigFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new ConfigError([
      {
        severity: "error",
        code: "file-unreadable",
        path: "(file)",
        value: file,
        message: `cannot read the file: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
        fix: "check the path given to --config",
      },
    ]);
  }
  try {
    return parseYaml(text, { prettyErrors: true, uniqueKeys: true });
  } catch (e) {
    throw new ConfigError([
      {
        severity: "error",
        code: "yaml-syntax",
        path: "(file)",
        value: file,
        message: `not valid YAML: ${(e as Error).message.split("\n")[0]}`,
        fix: "fix the YAML syntax at the line named",
      },
    ]);
  }
}

/** Loads and validates a configuration from a preset, a file, or an in-memory object. */
export function loadConfig(source: ConfigSource): LoadedConfig {
  if ("preset" in source) return resolveConfig({}, source.preset);
  if ("file" in source) return resolveConfig(readConfigFile(source.file));
  return resolveConfig(source.raw);
}

/**
 * Resolves a command-line spec that names either a preset or a config file (`plan --compare private x.yaml`).
 * A spec that is neither gets one error naming both possibilities and the closest preset.
 */
export function loadConfigSpec(spec: string): LoadedConfig {
  if ((PRESET_NAMES as readonly string[]).includes(spec)) return loadConfig({ preset: spec });
  if (existsSync(spec)) return loadConfig({ file: spec });
  const guess = closest(spec, PRESET_NAMES);
  throw new ConfigError([
    {
      severity: "error",
      code: "unknown-spec",
      path: "(argument)",
      value: spec,
      message: "is neither a preset nor an existing config file",
      fix: `use a preset (${PRESET_NAMES.join(", ")})${guess ? `, e.g. "${guess}"` : ""}, or the path of a YAML file`,
    },
  ]);
}
