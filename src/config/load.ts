import { existsSync } from "node:fs";
import { isMap, isScalar, LineCounter, parseDocument, visit } from "yaml";
import type { z } from "zod";
import { ConfigError, type ConfigIssue, formatPath, showValue, valueAt } from "./issues";
import { DEFAULT_PRESET, PRESETS } from "./presets";
import { readBoundedFile } from "./readFile";
import { checkConfig, checkLocation } from "./rules";
import { CLOUDS, type Config, type ConfigInput, configSchema, PRESET_NAMES, type PresetName } from "./schema";
import { defaultSubnets, type SubnetRole } from "./subnets";
import { closest, knownKeysAt } from "./suggest";
import { escapeControls, findUnsafeChar } from "./text";

/** A validated configuration with the warnings it produced. */
export interface LoadedConfig {
  readonly config: Config;
  readonly preset: PresetName;
  readonly warnings: readonly ConfigIssue[];
}

/**
 * Where a configuration comes from: a preset name, a YAML/JSON file (with `overrides` merged over it, as
 * Pulumi stack keys are over `secure-aml:configFile`), or an object already in memory.
 */
export type ConfigSource =
  | { preset: string }
  | { file: string; overrides?: Record<string, unknown>; flag?: string }
  | { raw: unknown };

/** Sources behind schema-level constraints, keyed by the last path segment. */
const SCHEMA_FACTS: Record<string, string> = {
  firewallSku:
    "managed VNet supports an Azure Firewall Basic or Standard; Premium is not supported: https://learn.microsoft.com/azure/machine-learning/how-to-managed-network#pricing",
  isolationMode: "https://learn.microsoft.com/azure/machine-learning/how-to-managed-network",
  idleShutdownMinutes:
    "idle shutdown is 15 minutes to 3 days: https://learn.microsoft.com/azure/machine-learning/how-to-create-compute-instance#configure-idle-shutdown",
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
          // The kind, not the content: a credentials file passed by mistake is all unknown keys, and its
          // secrets must not be printed.
          value: kindOf(valueAt(raw, [...path, key])),
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
    case "invalid_key": {
      // A record key (a tag name) that fails its own schema: say why, from the key's issues.
      const why = issue.issues.map((i) => i.message).join("; ") || issue.message;
      return [
        {
          ...base,
          code: "invalid-value",
          path: formatPath(path),
          value: valueAt(raw, path),
          message: `the key ${why.replace(/^Too big: expected string to have <=(\d+) characters$/, "is longer than $1 characters")}`,
          fix: "rename the key",
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

/** A value reduced to what it is (numbers, booleans and null as they are), for messages that must not echo text. */
function kindOf(v: unknown): unknown {
  if (typeof v === "string") return `(text, ${v.length} character${v.length === 1 ? "" : "s"})`;
  if (Array.isArray(v)) return `(a list of ${v.length})`;
  if (typeof v === "object" && v !== null) return "(a mapping)";
  return v;
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
 * Every error of the input is reported at once (an unknown preset is reported and the default preset is
 * used to check the rest). Throws ConfigError carrying every issue when any error is found; otherwise
 * returns the config and warnings. Pure: reads no file and creates nothing.
 */
export function resolveConfig(raw: unknown, presetOverride?: string): LoadedConfig {
  if (raw !== undefined && raw !== null && !isPlainObject(raw)) {
    throw new ConfigError([
      {
        severity: "error",
        code: "invalid-type",
        path: "(root)",
        // Only the kind: a file passed by mistake (a private key, say) is not echoed back.
        value: Array.isArray(raw) ? "(a list)" : `(${typeof raw})`,
        message: "a configuration must be a mapping of keys to values",
        fix: "start the file with `name: <workload>` or `preset: private`",
      },
    ]);
  }
  const input = (raw ?? {}) as Record<string, unknown>;
  const early: ConfigIssue[] = checkRawInput(input);
  const reported = new Set(early.map((i) => i.path));
  const presetName = presetOverride ?? (typeof input.preset === "string" ? input.preset : DEFAULT_PRESET);
  let preset: PresetName = DEFAULT_PRESET;
  if ((PRESET_NAMES as readonly string[]).includes(presetName)) preset = presetName as PresetName;
  else if (!reported.has("preset")) {
    const guess = closest(presetName, PRESET_NAMES);
    early.push({
      severity: "error",
      code: "unknown-preset",
      path: "preset",
      value: presetName,
      message: `is not a preset (the rest of the file was checked against the default preset, ${DEFAULT_PRESET})`,
      fix: `use one of ${PRESET_NAMES.join(", ")}${guess ? ` (did you mean "${guess}"?)` : ""}`,
    });
    reported.add("preset");
  }
  // An unknown preset name was reported above; the schema then sees the default instead of it. Any other
  // wrong `preset` (a number, a list) stays for the schema to report.
  const unknownPreset = early.some((i) => i.code === "unknown-preset");
  const merged = mergeConfig(
    PRESETS[preset].config,
    unknownPreset ? { ...input, preset } : input,
  ) as ConfigInput;
  const defaulted = applySubnetDefaults(merged, input);
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) {
    const around = new Set([...reported].flatMap(prefixes));
    const schemaIssues = parsed.error.issues
      .flatMap((i) => fromZodIssue(i, merged))
      // One message per field: drop schema issues on (or around) a field the raw checks already reported.
      .filter(
        (i) => !reported.has(i.path) && !around.has(i.path) && !prefixes(i.path).some((p) => reported.has(p)),
      );
    // The region check needs only two fields: run it too, so one run shows every error of the file.
    const location = (merged as Record<string, unknown>).location;
    const cloud = (merged as Record<string, unknown>).cloud ?? "AzureCloud";
    const locationIssues =
      typeof location === "string" &&
      (CLOUDS as readonly unknown[]).includes(cloud) &&
      ![...schemaIssues.map((i) => i.path), ...reported].some((p) => p === "location" || p === "cloud")
        ? checkLocation(location, cloud as Config["cloud"])
        : [];
    throw new ConfigError([...early, ...schemaIssues, ...locationIssues]);
  }
  const issues = checkConfig(parsed.data, { defaultedSubnets: defaulted });
  const all = [...early, ...issues];
  if (all.some((i) => i.severity === "error")) throw new ConfigError(all);
  return { config: { ...parsed.data, preset }, preset, warnings: issues };
}

/** The dotted prefixes of a path: `a.b.c` → `a`, `a.b`. Linear in the path's length. */
function prefixes(path: string): string[] {
  const out: string[] = [];
  for (let i = path.indexOf("."); i > 0; i = path.indexOf(".", i + 1)) out.push(path.slice(0, i));
  return out;
}

/**
 * Fills the subnets the user did not write with ranges derived from the address space they did write
 * (`defaultSubnets`), so a new `network.addressSpace` alone never fails on defaults meant for
 * 10.0.0.0/16. Returns the roles left to their default (derived or not), for messages that must not
 * blame the user for a value they did not write.
 */
function applySubnetDefaults(merged: ConfigInput, input: Record<string, unknown>): SubnetRole[] {
  const roles: SubnetRole[] = ["privateEndpoints", "jumpbox", "compute", "bastion"];
  const net = isPlainObject(input.network) ? input.network : {};
  const written = isPlainObject(net.subnets) ? net.subnets : {};
  const defaulted = roles.filter((r) => written[r] === undefined);
  if (typeof net.addressSpace !== "string" || !isPlainObject(merged.network)) return defaulted;
  const derived = defaultSubnets(net.addressSpace);
  const mergedNet = merged.network as Record<string, unknown>;
  const subnets = isPlainObject(mergedNet.subnets) ? { ...mergedNet.subnets } : {};
  if (!isPlainObject(mergedNet.subnets) && mergedNet.subnets !== undefined) return defaulted;
  for (const role of defaulted) if (derived[role]) subnets[role] = derived[role];
  // A copy: `merged.network` may be the caller's own object (mergeConfig reuses what only one side has).
  (merged as Record<string, unknown>).network = { ...mergedNet, subnets };
  return defaulted;
}

/** JavaScript's own property names: as tag names they break the Pulumi SDK's serialization of `tags`. */
const OBJECT_PROTOTYPE_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * Checks every key and string of the raw input in one linear pass: control and bidi characters (they
 * would reach terminals and reports), `__proto__` keys (they vanish when the config is copied), tag names
 * that are JavaScript prototype names (`toString` breaks the Pulumi SDK), and recursive YAML aliases.
 */
function checkRawInput(input: Record<string, unknown>): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const onPath = new Set<object>();
  const walk = (value: unknown, path: PropertyKey[]): void => {
    if (typeof value === "string") {
      const at = findUnsafeChar(value);
      if (at >= 0) issues.push(unsafeIssue(path, value, at, "value"));
      return;
    }
    if (typeof value !== "object" || value === null) return;
    if (onPath.has(value)) {
      issues.push({
        severity: "error",
        code: "recursive-alias",
        path: formatPath(path),
        value: "(recursive)",
        message: "refers to itself (a recursive YAML alias); a config is a tree",
        fix: "replace the alias with the value itself",
      });
      return;
    }
    onPath.add(value);
    if (Array.isArray(value)) {
      value.forEach((v, i) => {
        walk(v, [...path, i]);
      });
    } else {
      for (const key of Object.keys(value)) {
        const keyPath = [...path, key];
        const at = findUnsafeChar(key);
        if (at >= 0) {
          issues.push(unsafeIssue(keyPath, key, at, "key"));
          continue;
        }
        if (key === "__proto__") {
          issues.push({
            severity: "error",
            code: "reserved-key",
            path: formatPath(keyPath),
            value: key,
            message: '"__proto__" cannot be used as a key (JavaScript would drop it silently)',
            fix: "rename or remove it",
          });
          continue;
        }
        if (path.length === 1 && path[0] === "tags" && OBJECT_PROTOTYPE_NAMES.has(key)) {
          issues.push({
            severity: "error",
            code: "tag-name-reserved",
            path: formatPath(keyPath),
            value: key,
            message: `"${key}" cannot be used as a tag name here (the Pulumi SDK treats it as a JavaScript method)`,
            fix: `rename the tag, e.g. "${key}-tag"`,
          });
          continue;
        }
        walk((value as Record<string, unknown>)[key], keyPath);
      }
    }
    onPath.delete(value);
  };
  walk(input, []);
  return issues;
}

function unsafeIssue(path: PropertyKey[], text: string, at: number, what: "key" | "value"): ConfigIssue {
  const ch = escapeControls(text.charAt(at));
  return {
    severity: "error",
    code: "control-character",
    path: formatPath(path),
    value: text,
    message: `the ${what} contains the control or bidirectional character ${ch} at position ${at + 1}; such characters can hide or fake text in terminals and reports`,
    fix: `remove ${ch} from the ${what}`,
  };
}

/**
 * Parses YAML (or JSON) text. A syntax error becomes a ConfigError with the line, column and the parser's
 * message, never the file's content (a private key passed by mistake must not be printed). Duplicate keys
 * are found in one pass over each mapping (the parser's own check compares every pair).
 */
export function parseConfigText(text: string, file: string): unknown {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false, lineCounter });
  const yamlError = (message: string, offset: number | undefined, code: string): ConfigError => {
    const pos = offset === undefined ? undefined : lineCounter.linePos(offset);
    return new ConfigError([
      {
        severity: "error",
        code: "yaml-syntax",
        path: "(file)",
        value: file,
        message: `not valid YAML${pos ? ` at line ${pos.line}, column ${pos.col}` : ""}: ${message} (${code})`,
        fix: "fix the YAML syntax at the line named",
      },
    ]);
  };
  const first = doc.errors[0];
  if (first) throw yamlError(describeYamlError(first.message), first.pos[0], first.code);
  let duplicate: { key: string; offset: number | undefined } | undefined;
  visit(doc, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        const k = pair.key;
        const name = isScalar(k) ? `s:${String(k.value)}` : isMap(k) ? undefined : `n:${String(k)}`;
        if (name === undefined) continue;
        if (seen.has(name)) {
          duplicate = { key: name.slice(2), offset: isScalar(k) ? k.range?.[0] : undefined };
          return visit.BREAK;
        }
        seen.add(name);
      }
      return undefined;
    },
  });
  if (duplicate) {
    throw yamlError(
      `the key "${escapeControls(duplicate.key.slice(0, 60))}" appears twice in one mapping`,
      duplicate.offset,
      "DUPLICATE_KEY",
    );
  }
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    return fail(yamlError(describeYamlError((e as Error).message), undefined, "ALIAS"));
  }
}

function fail(e: Error): never {
  throw e;
}

/** The parser's message without any quoted source text (error messages show positions, not content). */
function describeYamlError(message: string): string {
  return escapeControls(
    message
      .split("\n")[0]!
      .replace(/\s+at line \d+, column \d+.*$/, "")
      .replace(/"[^"]*"|'[^']*'|`[^`]*`/g, "…")
      .replace(/:\s*\S.*$/, "")
      .slice(0, 160),
  );
}

/** Reads a YAML (or JSON) file through the bounded reader; a syntax error names the line, not the content. */
export function readConfigFile(file: string, what = "--config"): unknown {
  return parseConfigText(readBoundedFile(file, what), file);
}

/** Loads and validates a configuration from a preset, a file, or an in-memory object. */
export function loadConfig(source: ConfigSource): LoadedConfig {
  if ("preset" in source) return resolveConfig({}, source.preset);
  if ("file" in source) {
    const fromFile = readConfigFile(source.file, source.flag);
    const empty = fromFile === null || fromFile === undefined;
    const raw =
      source.overrides && Object.keys(source.overrides).length > 0
        ? mergeConfig(empty ? {} : fromFile, source.overrides)
        : fromFile;
    const loaded = resolveConfig(raw);
    if (!empty) return loaded;
    const note: ConfigIssue = {
      severity: "warning",
      code: "empty-config",
      path: "(file)",
      value: source.file,
      message: `the file is empty: the defaults of the ${loaded.preset} preset were used`,
      fix: "write the fields you want to change, e.g. `name: <workload>`, or use --preset",
    };
    return { ...loaded, warnings: [note, ...loaded.warnings] };
  }
  return resolveConfig(source.raw);
}

/**
 * Resolves a command-line spec that names either a preset or a config file (`plan --compare private x.yaml`).
 * A spec that is neither gets one error naming both possibilities and the closest preset.
 */
export function loadConfigSpec(spec: string): LoadedConfig {
  if ((PRESET_NAMES as readonly string[]).includes(spec)) return loadConfig({ preset: spec });
  if (existsSync(spec)) return loadConfig({ file: spec, flag: "--compare" });
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
