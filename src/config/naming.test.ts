import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { resolveConfig } from "./load";
import { nameSuffix, RESERVED_RULE_NAMES, type ResourceNames, resourceNames } from "./naming";
import { cloudOfRegion } from "./regions";
import { RULE_NAME_PATTERN } from "./schema";

/** Every workload name the schema accepts. */
const workloadName = fc.stringMatching(/^[a-z0-9]{2,10}$/);

/** Real regions, including the longest names, plus any region-shaped word the schema accepts. */
const REGIONS = [
  "eastus2",
  "westeurope",
  "australiasoutheast",
  "southcentralus",
  "germanywestcentral",
  "switzerlandnorth",
  "usgovvirginia",
  "chinanorth3",
  "brazilsoutheast",
];
const region = fc.oneof(fc.constantFrom(...REGIONS), fc.stringMatching(/^[a-z0-9]{1,30}$/));

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

describe("resourceNames", () => {
  test("an example", () => {
    const n = resourceNames("demo", "eastus2");
    const s = nameSuffix("demo", "eastus2");
    assert.match(s, /^[0-9a-f]{6}$/);
    assert.equal(n.storage, `stwdemo${s}`);
    assert.equal(n.keyVault, `kv-demo-${s}`);
    assert.equal(n.workspace, `mlw-demo-${s}`);
    assert.equal(n.resourceGroup, "rg-demo");
  });

  test("every name stays within Azure's limits for any valid workload name and region", () => {
    fc.assert(
      fc.property(workloadName, region, (name, location) => {
        const names = resourceNames(name, location);
        for (const [key, limit] of Object.entries(LIMITS)) {
          const value = names[key as keyof ResourceNames];
          assert.ok(
            value.length >= limit.min && value.length <= limit.max,
            `${key} ${value} has length ${value.length}, outside ${limit.min}-${limit.max}`,
          );
          assert.match(value, limit.pattern, `${key} ${value}`);
        }
        assert.ok(!names.keyVault.includes("--"), "Key Vault names cannot contain consecutive hyphens");
      }),
      { numRuns: 500 },
    );
  });

  test("the longest workload name still fits the tightest limits", () => {
    const n = resourceNames("a".repeat(10), "australiasoutheast");
    assert.ok(n.storage.length <= 24 && n.keyVault.length <= 24 && n.computeInstance.length <= 24);
  });

  test("names accepted by the schema are exactly what resourceNames is safe for", () => {
    // every generated name resolves, so the property above covers real configs
    fc.assert(
      fc.property(workloadName, fc.constantFrom(...REGIONS), (name, location) => {
        // National-cloud regions resolve with their own cloud (and a Bastion SKU that exists there).
        const cloud = cloudOfRegion(location) ?? "AzureCloud";
        resolveConfig({
          name,
          location,
          cloud,
          jumpbox: { bastionSku: cloud === "AzureCloud" ? "Developer" : "Basic" },
        });
      }),
      { numRuns: 50 },
    );
  });

  test("deterministic: the same input always yields the same names", () => {
    fc.assert(
      fc.property(workloadName, region, (name, location) => {
        assert.deepEqual(resourceNames(name, location), resourceNames(name, location));
        assert.equal(nameSuffix(name, location), nameSuffix(name, location));
      }),
    );
  });

  test("different workload names get different global names", () => {
    fc.assert(
      fc.property(workloadName, workloadName, region, (a, b, location) => {
        fc.pre(a !== b);
        const na = resourceNames(a, location);
        const nb = resourceNames(b, location);
        for (const key of [
          "storage",
          "dataLake",
          "blob",
          "keyVault",
          "registry",
          "workspace",
          "sqlServer",
        ] as const) {
          assert.notEqual(na[key], nb[key], `${key} collides for ${a} and ${b}`);
        }
      }),
      { numRuns: 500 },
    );
  });

  test("the same workload name in two regions gets different global names", () => {
    assert.notEqual(resourceNames("demo", "eastus2").storage, resourceNames("demo", "westeurope").storage);
    assert.notEqual(resourceNames("demo", "eastus2").keyVault, resourceNames("demo", "eastus").keyVault);
  });

  test("the storage, lake and blob accounts of one workload are distinct", () => {
    fc.assert(
      fc.property(workloadName, region, (name, location) => {
        const n = resourceNames(name, location);
        assert.equal(new Set([n.storage, n.dataLake, n.blob]).size, 3);
      }),
    );
  });
});

describe("RESERVED_RULE_NAMES", () => {
  test("are valid rule names themselves", () => {
    for (const name of RESERVED_RULE_NAMES) assert.match(name, RULE_NAME_PATTERN);
  });
});
