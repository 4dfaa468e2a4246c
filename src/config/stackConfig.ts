import type { ConfigSource } from "./load";
import { configSchema } from "./schema";

/**
 * Maps Pulumi stack config onto the config schema (pure: `get` reads one key of the `secure-aml` namespace).
 * Every top-level key of the schema may be set, objects and arrays as JSON (what `pulumi config set --path`
 * stores). `configFile` points at a YAML file; stack keys set beside it are merged over the file (objects
 * key by key, like the file over its preset), so a stack can keep one shared file and override a field.
 */
export function readStackConfig(get: (key: string) => string | undefined): ConfigSource {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(configSchema.shape)) {
    const value = get(key);
    if (value === undefined) continue;
    raw[key] = /^\s*[[{]/.test(value) ? parseJson(key, value) : value;
  }
  const file = get("configFile");
  if (file) {
    return Object.keys(raw).length > 0
      ? { file, overrides: raw, flag: "secure-aml:configFile" }
      : { file, flag: "secure-aml:configFile" };
  }
  return { raw };
}

function parseJson(key: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Leave it as a string: the schema then reports "secure-aml:<key>" with the expected type. Only the
    // key is named: the text may hold anything, and messages do not echo it.
    return `${key}: not valid JSON`;
  }
}
