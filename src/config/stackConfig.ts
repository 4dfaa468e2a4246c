import type { ConfigSource } from "./load";
import { configSchema } from "./schema";

/**
 * Maps Pulumi stack config onto the config schema (pure: `get` reads one key of the `secure-aml` namespace).
 * `configFile` points at a YAML file; otherwise every top-level key of the schema may be set, objects and
 * arrays as JSON (what `pulumi config set --path` stores).
 */
export function readStackConfig(get: (key: string) => string | undefined): ConfigSource {
  const file = get("configFile");
  if (file) return { file };
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(configSchema.shape)) {
    const value = get(key);
    if (value === undefined) continue;
    raw[key] = /^\s*[[{]/.test(value) ? parseJson(key, value) : value;
  }
  return { raw };
}

function parseJson(key: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Leave it as a string: the schema then reports "secure-aml:<key>" with the expected type.
    return `${key}: not valid JSON: ${text}`;
  }
}
