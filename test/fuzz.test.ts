import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, test } from "node:test";
import fc from "fast-check";
import { configJsonSchema, runCli } from "../src/cli/program";
import { findUnsafeChar } from "../src/config/text";

/**
 * Issue 7's fuzz test: random bytes, control characters and huge values in every field of the schema (the
 * fields are read from the JSON Schema the CLI publishes, so a new field is fuzzed without editing this
 * file), run through the real entry point (`runCli`, in-process, stdout/stderr captured) for `validate`
 * and `plan`. Every run must exit 0 or 2, print no stack trace, print no raw control or bidi character,
 * and stay within a memory bound. The run counts are constants: the test cannot be configured to zero.
 */

const VALIDATE_RUNS = 80;
const PLAN_RUNS = 8;
const BYTES_RUNS = 40;
/** Resident memory the process may reach (Pulumi's SDK alone is a few hundred MB). */
const MAX_RSS_BYTES = 1.5 * 1024 ** 3;
const STACK_TRACE = /\n\s+at .+:\d+:\d+/;

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  items?: JsonSchema;
};

/** Every leaf field of the schema as a path; `*` stands for a record key (a tag name, a rule name). */
function schemaFields(schema: JsonSchema, at: string[] = []): string[][] {
  const out: string[][] = [];
  for (const option of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])])
    out.push(...schemaFields(option, at));
  if (schema.properties) {
    for (const [k, v] of Object.entries(schema.properties)) out.push(...schemaFields(v, [...at, k]));
  }
  if (typeof schema.additionalProperties === "object") {
    out.push(...schemaFields(schema.additionalProperties, [...at, "*"]));
  }
  if (schema.items) out.push(...schemaFields(schema.items, [...at, "0"]));
  if (!schema.properties && !schema.anyOf && !schema.oneOf && typeof schema.additionalProperties !== "object")
    out.push(at);
  return out;
}

const FIELDS = schemaFields(configJsonSchema() as JsonSchema).filter((p) => p.length > 0);
/** Fields plus an unknown key at the root (its name is printed in the "did you mean" message). */
const TARGETS = [...FIELDS, ["*"]];

const controlChar = fc.constantFrom(
  ..."\u0000\u0007\u0008\u000b\u000c\r\n\u001b\u007f\u0085\u009b\u061c\u200e\u200f\u202a\u202e\u2066\u2069",
);
/** Text with control and bidi characters mixed in. */
const controlText = fc
  .array(fc.oneof(controlChar, fc.string({ maxLength: 6 })), { maxLength: 8 })
  .map((parts) => parts.join(""));
/** Random bytes read as text (invalid UTF-8 becomes U+FFFD, as a file read would). */
const byteText = fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b).toString("utf8"));
const hugeString = fc.constantFrom(200_000, 600_000).map((n) => "A".repeat(n));
const hugeNumber = fc.constantFrom(1e308, -1e308, 2 ** 53 + 1, -0, 1e-320, 4097, -1);
const nested = fc.integer({ min: 50, max: 300 }).map((depth) => {
  let v: unknown = "deep";
  for (let i = 0; i < depth; i++) v = i % 2 ? { a: v } : [v];
  return v;
});

/** A hostile value for one field. */
const hostile: fc.Arbitrary<unknown> = fc.oneof(
  controlText,
  byteText,
  hugeString,
  hugeNumber,
  nested,
  fc.array(fc.constant("x"), { minLength: 5000, maxLength: 20_000 }),
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom("eastus2", "10.0.0.0/24", "Standard_D2as_v4", "blob", true, false, null, "Basic"),
);
const hostileKey = fc.oneof(
  controlText,
  fc.constantFrom("__proto__", "toString", "constructor", "a/b", "x".repeat(600), "", "pypi"),
);

/** A config with one to four fields set to hostile values (record keys hostile too). */
const hostileConfig = fc
  .array(fc.tuple(fc.constantFrom(...TARGETS), hostile, hostileKey), { minLength: 1, maxLength: 4 })
  .map((entries) => {
    const root: Record<string, unknown> = {};
    for (const [field, value, key] of entries) {
      let cur = root;
      field.forEach((seg, i) => {
        const k = seg === "*" ? key : seg;
        if (i === field.length - 1) {
          Object.defineProperty(cur, k, { value, enumerable: true, writable: true, configurable: true });
          return;
        }
        const next = Object.hasOwn(cur, k) ? cur[k] : undefined;
        const child = typeof next === "object" && next !== null && !Array.isArray(next) ? next : {};
        Object.defineProperty(cur, k, { value: child, enumerable: true, writable: true, configurable: true });
        cur = child as Record<string, unknown>;
      });
    }
    return root;
  });

/** Mostly valid configs whose tag names and values are hostile: they get through to synthesis. */
const hostileTags = fc
  .dictionary(
    fc.oneof(
      {
        weight: 3,
        arbitrary: fc.constantFrom(
          "toString",
          "valueOf",
          "constructor",
          "hasOwnProperty",
          "team",
          "cost-center",
        ),
      },
      { weight: 1, arbitrary: hostileKey },
    ),
    fc.oneof({ weight: 3, arbitrary: fc.string({ maxLength: 20 }) }, { weight: 1, arbitrary: controlText }),
    { minKeys: 1, maxKeys: 2 },
  )
  .map((tags) => ({ tags }));

const dir = mkdtempSync(path.join(tmpdir(), "secure-aml-fuzz-"));
let fileNo = 0;

/** Runs the CLI in-process on a file; checks the contract of every run and returns the exit code. */
async function runOn(command: "validate" | "plan", content: string | Uint8Array, format: string) {
  const file = path.join(dir, `f${fileNo++}.yaml`);
  writeFileSync(file, content);
  let out = "";
  let err = "";
  const io = {
    out: (s: string) => {
      out += s;
    },
    err: (s: string) => {
      err += s;
    },
    isTty: false,
    stdoutTty: false,
  };
  let code: number;
  try {
    code = await runCli(["node", "secure-aml", command, "--config", file, "--format", format], io);
  } catch (e) {
    assert.fail(`${command} threw (exit 1 with a trace): ${(e as Error).stack}`);
  }
  assert.ok(code === 0 || code === 2, `${command} exited ${code}\n${err.slice(0, 2000)}`);
  assert.doesNotMatch(err, STACK_TRACE);
  assert.doesNotMatch(out, STACK_TRACE);
  assert.equal(
    findUnsafeChar((out + err).replace(/\n/g, " ")),
    -1,
    "a raw control or bidi character was printed",
  );
  assert.ok(process.memoryUsage().rss < MAX_RSS_BYTES, `rss ${process.memoryUsage().rss}`);
  return code;
}

describe("fuzz: hostile values in every schema field get exit 0 or 2, never a trace", () => {
  test("the schema walk finds every field, records included", () => {
    const names = FIELDS.map((p) => p.join("."));
    for (const f of [
      "name",
      "location",
      "tags.*",
      "workspace.outboundRules.*.serviceTag",
      "data.sql.entraAdmin.login",
      "compute.instance.size",
      "allowedIpAddresses.0",
    ])
      assert.ok(names.includes(f), `${f} in ${names.join(", ")}`);
  });

  test(`validate: ${VALIDATE_RUNS} hostile configs`, { timeout: 120_000 }, async () => {
    let runs = 0;
    const codes = new Set<number>();
    await fc.assert(
      fc.asyncProperty(hostileConfig, fc.constantFrom("text", "json"), async (config, format) => {
        runs++;
        codes.add(await runOn("validate", JSON.stringify(config), format));
      }),
      { numRuns: VALIDATE_RUNS },
    );
    assert.equal(runs, VALIDATE_RUNS);
    assert.ok(codes.has(2), "hostile input was rejected at least once");
  });

  test(`validate: ${BYTES_RUNS} files of random bytes`, { timeout: 60_000 }, async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), async (bytes) => {
        runs++;
        await runOn("validate", bytes, "text");
      }),
      { numRuns: BYTES_RUNS },
    );
    assert.equal(runs, BYTES_RUNS);
  });

  test(`plan: ${PLAN_RUNS} hostile configs (the valid ones are synthesized)`, {
    timeout: 120_000,
  }, async () => {
    let runs = 0;
    const codes = new Set<number>();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(hostileConfig, hostileTags),
        fc.constantFrom("text", "json", "markdown"),
        async (config, format) => {
          runs++;
          codes.add(await runOn("plan", JSON.stringify(config), format));
        },
      ),
      // The first examples always run: a tag named toString once crashed the SDK's serialization.
      {
        numRuns: PLAN_RUNS,
        examples: [
          [{ tags: { toString: "x" } }, "json"],
          [{ tags: { team: "a" } }, "text"],
        ],
      },
    );
    assert.equal(runs, PLAN_RUNS);
    assert.ok(codes.has(0), "some runs got through validation and were planned");
  });
});
