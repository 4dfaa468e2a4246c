import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { ConfigError } from "./issues";
import { resolveConfig } from "./load";
import {
  nameSuffix,
  RESERVED_RULE_NAMES,
  type ResourceNames,
  resourceGroupName,
  resourceNames,
  suffixFor,
} from "./naming";
import { RULE_NAME_PATTERN } from "./schema";

/** Every workload name the schema accepts. */
const workloadName = fc.stringMatching(/^[a-z0-9]{2,10}$/);

/** Subscription ids: any GUID (the all-zero id of the offline plan included). */
const subscription = fc.oneof(fc.constant("00000000-0000-0000-0000-000000000000"), fc.uuid());
/** A `nameSuffix` override the schema accepts. */
const override = fc.stringMatching(/^[a-z0-9]{3,8}$/);

/**
 * Azure naming limits (learn.microsoft.com "Naming rules and restrictions for Azure resources").
 * Each entry: the regex, and the length range it must fall in.
 */
const LIMITS: Partial<Record<keyof ResourceNames, { pattern: RegExp; min: number; max: number }>> = {
  // Storage accounts: 3-24 lowercase letters and digits, globally unique.
  storage: { pattern: /^[a-z0-9]+$/, min: 3, max: 24 },
  dataLake: { pattern: /^[a-z0-9]+$/, min: 3, max: 24 },
  blob: { pattern: /^[a-z0-9]+$/, min: 3, max: 24 },
  // Key Vault: 3-24, starts with a letter, ends with a letter or digit, letters/digits/hyphens.
  keyVault: { pattern: /^[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/, min: 3, max: 24 },
  // Container registry: 5-50 alphanumerics.
  registry: { pattern: /^[a-zA-Z0-9]+$/, min: 5, max: 50 },
  // Workspace (facts §1.4: same pattern as rule names).
  workspace: { pattern: /^[a-zA-Z0-9][a-zA-Z0-9_-]{2,32}$/, min: 3, max: 33 },
  // Compute instance: 3-24, starts with a letter, letters/digits/hyphens (facts §6, CI naming).
  computeInstance: { pattern: /^[a-zA-Z][a-zA-Z0-9-]*$/, min: 3, max: 24 },
  // SQL server: lowercase letters, digits, hyphens; not starting or ending with a hyphen; 1-63.
  sqlServer: { pattern: /^[a-z0-9][a-z0-9-]*[a-z0-9]$/, min: 1, max: 63 },
  // Resource group: up to 90.
  resourceGroup: { pattern: /^[-\w.()]*[-\w()]$/, min: 1, max: 90 },
  // Linux VM computer names: up to 64; Windows 15 (the jump box name is not the computer name).
  jumpbox: { pattern: /^[a-zA-Z0-9][a-zA-Z0-9-]*$/, min: 1, max: 64 },
};

const SUB_A = "11111111-2222-4333-8444-555555555555";
const SUB_B = "99999999-8888-4777-8666-555555555555";

describe("resourceNames", () => {
  test("an example: the suffix is derived from the subscription and the resource group", () => {
    const n = resourceNames({ name: "demo" }, SUB_A);
    const s = nameSuffix(SUB_A, "rg-demo");
    assert.match(s, /^[0-9a-f]{6}$/);
    assert.equal(suffixFor({ name: "demo" }, SUB_A), s);
    assert.equal(n.storage, `stwdemo${s}`);
    assert.equal(n.keyVault, `kv-demo-${s}`);
    assert.equal(n.workspace, `mlw-demo-${s}`);
    assert.equal(n.computeInstance, `ci-demo-${s}`);
    assert.equal(n.resourceGroup, resourceGroupName("demo"));
  });

  test("every name stays within Azure's limits for any valid workload name, subscription and override", () => {
    fc.assert(
      fc.property(
        workloadName,
        subscription,
        fc.option(override, { nil: undefined }),
        (name, sub, suffix) => {
          const names = resourceNames({ name, nameSuffix: suffix }, sub);
          for (const [key, limit] of Object.entries(LIMITS)) {
            const value = names[key as keyof ResourceNames];
            assert.ok(
              value.length >= limit.min && value.length <= limit.max,
              `${key} ${value} has length ${value.length}, outside ${limit.min}-${limit.max}`,
            );
            assert.match(value, limit.pattern, `${key} ${value}`);
          }
          assert.ok(!names.keyVault.includes("--"), "Key Vault names cannot contain consecutive hyphens");
        },
      ),
      { numRuns: 500 },
    );
  });

  test("the longest workload name with the longest override still fits the tightest limits", () => {
    const n = resourceNames({ name: "a".repeat(10), nameSuffix: "b".repeat(8) }, SUB_A);
    assert.ok(n.storage.length <= 24 && n.keyVault.length <= 24 && n.computeInstance.length <= 24);
  });

  test("names accepted by the schema are exactly what resourceNames is safe for", () => {
    // The property above proves resourceNames safe on `workloadName` (with any accepted override); the schema
    // must accept exactly that set: everything in it and nothing outside it (too short or long, upper case,
    // symbols).
    fc.assert(
      fc.property(workloadName, fc.option(override, { nil: undefined }), (name, nameSuffix) => {
        const c = resolveConfig(nameSuffix === undefined ? { name } : { name, nameSuffix });
        assert.equal(c.config.name, name);
        assert.equal(c.config.nameSuffix, nameSuffix);
      }),
      { numRuns: 50 },
    );
    const near = fc.oneof(
      workloadName,
      fc.stringMatching(/^[a-zA-Z0-9_.-]{0,12}$/),
      fc.string({ maxLength: 12 }),
      fc.constantFrom("a", "a".repeat(11), "Demo", "de-mo", "de_mo", " demo", "demo\n", ""),
    );
    let accepted = 0;
    fc.assert(
      fc.property(near, (name) => {
        const safe = /^[a-z0-9]{2,10}$/.test(name);
        try {
          assert.equal(resolveConfig({ name }).config.name, name);
          assert.ok(
            safe,
            `the schema accepts ${JSON.stringify(name)}, which resourceNames is not proven safe for`,
          );
          accepted++;
        } catch (e) {
          if (!(e instanceof ConfigError)) throw e;
          assert.ok(!safe, `the schema rejects ${JSON.stringify(name)}: ${e.message}`);
          assert.deepEqual(
            e.issues.filter((i) => i.severity === "error").map((i) => i.path),
            ["name"],
          );
        }
      }),
      { numRuns: 300 },
    );
    assert.ok(accepted >= 30, `only ${accepted} accepted names were drawn`);
  });

  test("deterministic within a subscription: the same input always yields the same names", () => {
    fc.assert(
      fc.property(workloadName, subscription, (name, sub) => {
        assert.deepEqual(resourceNames({ name }, sub), resourceNames({ name }, sub.toUpperCase()));
      }),
    );
  });

  test("the same config in two subscriptions gets different global names (no cross-tenant collisions)", () => {
    fc.assert(
      fc.property(workloadName, subscription, subscription, (name, a, b) => {
        fc.pre(a.toLowerCase() !== b.toLowerCase());
        const na = resourceNames({ name }, a);
        const nb = resourceNames({ name }, b);
        for (const key of GLOBAL_KEYS) assert.notEqual(na[key], nb[key], `${key} collides for ${a} and ${b}`);
      }),
      { numRuns: 300 },
    );
    // The default config is what most people deploy first.
    assert.notEqual(
      resourceNames({ name: "secureaml" }, SUB_A).storage,
      resourceNames({ name: "secureaml" }, SUB_B).storage,
    );
  });

  test("different workload names get different global names in one subscription", () => {
    fc.assert(
      fc.property(workloadName, workloadName, subscription, (a, b, sub) => {
        fc.pre(a !== b);
        const na = resourceNames({ name: a }, sub);
        const nb = resourceNames({ name: b }, sub);
        for (const key of GLOBAL_KEYS) assert.notEqual(na[key], nb[key], `${key} collides for ${a} and ${b}`);
      }),
      { numRuns: 500 },
    );
  });

  test("an override replaces the derived suffix everywhere, whatever the subscription", () => {
    const a = resourceNames({ name: "demo", nameSuffix: "x1y2" }, SUB_A);
    assert.deepEqual(a, resourceNames({ name: "demo", nameSuffix: "x1y2" }, SUB_B));
    assert.equal(a.storage, "stwdemox1y2");
    assert.equal(a.sqlServer, "sql-demo-x1y2");
  });

  test("the storage, lake and blob accounts of one workload are distinct", () => {
    fc.assert(
      fc.property(workloadName, subscription, (name, sub) => {
        const n = resourceNames({ name }, sub);
        assert.equal(new Set([n.storage, n.dataLake, n.blob]).size, 3);
      }),
    );
  });
});

/** Names that are global DNS names (or, for the workspace, soft-deleted for 14 days after a delete). */
const GLOBAL_KEYS = [
  "storage",
  "dataLake",
  "blob",
  "keyVault",
  "registry",
  "workspace",
  "sqlServer",
] as const;

describe("RESERVED_RULE_NAMES", () => {
  test("are valid rule names themselves", () => {
    for (const name of RESERVED_RULE_NAMES) assert.match(name, RULE_NAME_PATTERN);
  });
});
