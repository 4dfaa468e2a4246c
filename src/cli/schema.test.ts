import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import Ajv2020 from "ajv/dist/2020";
import { parse } from "yaml";
import { ConfigError, resolveConfig } from "../config";
import { configJsonSchema } from "./program";

const ROOT = path.join(__dirname, "..", "..");
const COMMITTED = path.join(ROOT, "schema", "secure-aml.schema.json");

test("the committed JSON Schema is the one the config schema generates (run `npm run schema`)", () => {
  assert.deepEqual(JSON.parse(readFileSync(COMMITTED, "utf8")), configJsonSchema());
});

test("editors validating YAML with the JSON Schema accept the examples and reject what the CLI rejects", () => {
  const validate = new Ajv2020({ strict: false, allErrors: true }).compile(configJsonSchema());
  const examples = readdirSync(path.join(ROOT, "examples")).filter((f) => f.endsWith(".yaml"));
  assert.ok(examples.length >= 2);
  for (const f of examples) {
    const doc = parse(readFileSync(path.join(ROOT, "examples", f), "utf8"));
    assert.ok(validate(doc), `${f}: ${JSON.stringify(validate.errors)}`);
  }
  assert.ok(!validate({ nmae: "x" }), "unknown top-level key");
  assert.ok(!validate({ workspace: { firewallSku: "Premium" } }), "Premium firewall");
  assert.ok(
    !validate({ workspace: { outboundRules: { r1: { type: "FQDN" } } } }),
    "FQDN rule without destination",
  );
  assert.ok(
    !validate({ compute: { instance: { idleShutdownMinutes: 5 } } }),
    "idle shutdown under 15 minutes",
  );
  assert.ok(validate({ preset: "locked-down", name: "contoso" }));
});

// The golden-file test above passes whenever `npm run schema` is re-run, whatever the schema says. These do
// not: they hold the schema to what Azure allows and to what the loader does, field by field.

type Schema = {
  type?: string;
  enum?: unknown[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, Schema>;
  additionalProperties?: unknown;
};

/** Every field of the schema with its own schema, objects included, depth first. */
function* fields(schema: Schema, path: string[] = []): Generator<{ path: string[]; schema: Schema }> {
  for (const [key, sub] of Object.entries(schema.properties ?? {})) {
    yield { path: [...path, key], schema: sub };
    if (sub.properties) yield* fields(sub, [...path, key]);
  }
}

/** Wrong values a field's schema forbids: a wrong type, a value off its enum, pattern or range. */
function wrongValues(s: Schema): unknown[] {
  const out: unknown[] = [];
  if (s.enum) out.push("NotOneOfThem");
  if (s.type === "boolean") out.push("yes");
  if (s.type === "integer") out.push(1.5, "60");
  if (s.minimum !== undefined) out.push(s.minimum - 1);
  if (s.maximum !== undefined) out.push(s.maximum + 1);
  if (s.type === "string") out.push(42);
  if (s.type === "string" && s.pattern && !new RegExp(s.pattern).test("#!")) out.push("#!");
  if (s.type === "array") out.push("not-a-list");
  if (s.type === "object") out.push(["not", "a", "mapping"]);
  return out;
}

function setAt(base: unknown, path: string[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(base) as Record<string, unknown>;
  let at = copy;
  for (const k of path.slice(0, -1)) {
    at[k] ??= {};
    at = at[k] as Record<string, unknown>;
  }
  at[path.at(-1)!] = value;
  return copy;
}

test("the JSON Schema encodes Azure's limits, whatever generated it", () => {
  const schema = configJsonSchema() as Schema;
  const at = (...path: string[]) =>
    path.reduce<Schema>((s, k) => s.properties?.[k] ?? assert.fail(`no ${path.join(".")}`), schema);
  // learn.microsoft.com/azure/machine-learning/how-to-managed-network: Basic or Standard firewall; three modes.
  assert.deepEqual(at("workspace", "firewallSku").enum?.toSorted(), ["Basic", "Standard"]);
  assert.deepEqual(at("workspace", "isolationMode").enum?.toSorted(), [
    "AllowInternetOutbound",
    "AllowOnlyApprovedOutbound",
    "Disabled",
  ]);
  // learn.microsoft.com/azure/machine-learning/how-to-create-compute-instance: idle shutdown 15 minutes to 3 days.
  const idle = at("compute", "instance", "idleShutdownMinutes");
  assert.deepEqual([idle.type, idle.minimum, idle.maximum], ["integer", 15, 3 * 24 * 60]);
  // Every mapping with fixed keys refuses unknown ones, so an editor flags the typos the CLI rejects.
  for (const { path, schema: s } of [{ path: ["(root)"], schema }, ...fields(schema)])
    if (s.properties) assert.equal(s.additionalProperties, false, path.join("."));
});

test("field by field, the JSON Schema and the loader reject the same wrong values", () => {
  const validate = new Ajv2020({ strict: false, allErrors: true }).compile(configJsonSchema());
  const base = resolveConfig({}).config;
  assert.ok(validate(base), `the resolved default config is valid: ${JSON.stringify(validate.errors)}`);
  let checked = 0;
  for (const { path, schema: s } of fields(configJsonSchema() as Schema)) {
    for (const wrong of wrongValues(s)) {
      const raw = setAt(base, path, wrong);
      const where = `${path.join(".")} = ${JSON.stringify(wrong)}`;
      assert.ok(!validate(raw), `the JSON Schema accepts ${where}`);
      try {
        resolveConfig(raw);
        assert.fail(`the loader accepts ${where}`);
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        assert.ok(
          e.issues.some((i) => i.severity === "error" && i.path.startsWith(path.join("."))),
          `${where}: ${e.issues.map((i) => i.path).join(", ")}`,
        );
      }
      checked++;
    }
  }
  assert.ok(checked >= 40, `only ${checked} wrong values tried`);
});
