import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import Ajv2020 from "ajv/dist/2020";
import { parse } from "yaml";
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
