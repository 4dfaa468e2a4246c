import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { type LoadedConfig, mergeConfig, resolveConfig } from "./load";
import { DEFAULT_PRESET, PRESETS } from "./presets";
import { configSchema, PRESET_NAMES } from "./schema";

/** The warnings each preset documents, by code (the README and preset summaries rely on these). */
const DOCUMENTED_WARNINGS: Record<(typeof PRESET_NAMES)[number], string[]> = {
  // No preset sets a workload name: the default one is worth a warning until the user picks their own.
  private: ["default-name"],
  starter: ["default-name", "public-stores-no-ip"],
  "locked-down": ["default-name", "firewall-cost"],
};

const codes = (l: LoadedConfig) => l.warnings.map((w) => w.code);

describe("every preset", () => {
  for (const name of PRESET_NAMES) {
    test(`${name} resolves, by name and from a file naming it, to the same config`, () => {
      const byName = resolveConfig({}, name);
      const byFile = resolveConfig({ preset: name });
      assert.equal(byName.preset, name);
      assert.equal(byName.config.preset, name);
      assert.deepEqual(byFile, byName);
      assert.ok(PRESETS[name].summary.length > 20);
    });

    test(`${name} produces exactly the documented warnings`, () => {
      const loaded = resolveConfig({}, name);
      assert.deepEqual(codes(loaded), DOCUMENTED_WARNINGS[name]);
      assert.ok(loaded.warnings.every((w) => w.severity === "warning"));
    });
  }

  test("private is the default and is exactly the schema defaults", () => {
    assert.equal(DEFAULT_PRESET, "private");
    assert.deepEqual(PRESETS.private.config, {});
    assert.deepEqual(resolveConfig({}), resolveConfig({}, "private"));
    assert.deepEqual(resolveConfig({}).config, { ...configSchema.parse({}), preset: "private" });
  });

  test("an explicit preset argument wins over the file's preset", () => {
    const loaded = resolveConfig({ preset: "starter" }, "locked-down");
    assert.equal(loaded.preset, "locked-down");
    assert.equal(loaded.config.preset, "locked-down");
    assert.equal(loaded.config.workspace.isolationMode, "AllowOnlyApprovedOutbound");
  });
});

describe("private", () => {
  test("everything is private, with a jump box behind Bastion Developer and internet outbound", () => {
    const { config } = resolveConfig({}, "private");
    assert.equal(config.workspace.publicNetworkAccess, "Disabled");
    assert.equal(config.workspace.privateEndpoint, true);
    assert.equal(config.workspace.isolationMode, "AllowInternetOutbound");
    assert.equal(config.workspace.dependencies.publicNetworkAccess, "Disabled");
    assert.equal(config.data.publicNetworkAccess, "Disabled");
    assert.equal(config.jumpbox.enabled, true);
    assert.equal(config.jumpbox.bastionSku, "Developer");
    assert.deepEqual(config.workspace.outboundRules, {});
  });
});

describe("starter", () => {
  test("public workspace without PE, public firewalled stores, no SQL, no jump box", () => {
    const { config } = resolveConfig({}, "starter");
    assert.equal(config.workspace.publicNetworkAccess, "Enabled");
    assert.equal(config.workspace.privateEndpoint, false);
    assert.equal(config.workspace.isolationMode, "AllowInternetOutbound");
    assert.equal(config.workspace.dependencies.publicNetworkAccess, "Enabled");
    assert.equal(config.data.publicNetworkAccess, "Enabled");
    assert.equal(config.data.sql.enabled, false);
    assert.equal(config.jumpbox.enabled, false);
  });

  test("adding an allowed IP silences its only warning", () => {
    assert.deepEqual(
      codes(resolveConfig({ preset: "starter", name: "demo", allowedIpAddresses: ["203.0.113.7"] })),
      [],
    );
  });

  test("a file overrides the preset deeply and keeps the preset's other fields", () => {
    const loaded = resolveConfig({
      preset: "starter",
      workspace: { publicNetworkAccess: "Disabled", privateEndpoint: true },
    });
    const ws = loaded.config.workspace;
    // overridden by the file
    assert.equal(ws.publicNetworkAccess, "Disabled");
    assert.equal(ws.privateEndpoint, true);
    // kept from the preset, next to the overridden keys and elsewhere
    assert.equal(ws.isolationMode, "AllowInternetOutbound");
    assert.equal(ws.dependencies.publicNetworkAccess, "Enabled");
    assert.equal(loaded.config.data.publicNetworkAccess, "Enabled");
    assert.equal(loaded.config.jumpbox.enabled, false);
    assert.equal(loaded.preset, "starter");
    // a private workspace without a jump box, stores still public without an IP
    assert.deepEqual(codes(loaded).sort(), [
      "default-name",
      "private-workspace-no-jumpbox",
      "public-stores-no-ip",
    ]);
  });
});

describe("locked-down", () => {
  const { config, warnings } = resolveConfig({}, "locked-down");
  const rules = Object.values(config.workspace.outboundRules);
  const destinations = rules.flatMap((r) => (r.type === "FQDN" ? [r.destination] : []));

  test("AllowOnlyApprovedOutbound with a Basic firewall", () => {
    assert.equal(config.workspace.isolationMode, "AllowOnlyApprovedOutbound");
    assert.equal(config.workspace.firewallSku, "Basic");
  });

  test("FQDN rules for the Python package hosts only", () => {
    assert.ok(rules.length > 0);
    assert.ok(
      rules.every((r) => r.type === "FQDN"),
      "every locked-down rule is an FQDN rule",
    );
    for (const host of ["pypi.org", "*.anaconda.org"])
      assert.ok(destinations.includes(host), `missing ${host}`);
    // only package hosts (facts §1.3 PyPI/conda list)
    for (const d of destinations)
      assert.match(d, /(^|\.)(pypi\.org|pythonhosted\.org|anaconda\.com|anaconda\.org)$/);
  });

  test("SQL is on, and the rest of private is kept", () => {
    assert.equal(config.data.sql.enabled, true);
    assert.equal(config.workspace.publicNetworkAccess, "Disabled");
    assert.equal(config.data.publicNetworkAccess, "Disabled");
    assert.equal(config.jumpbox.enabled, true);
  });

  test("its one warning besides the default name is the firewall cost, counting every FQDN rule", () => {
    const cost = warnings.filter((w) => w.code !== "default-name");
    assert.equal(cost.length, 1);
    assert.equal(cost[0]!.value, `${destinations.length} FQDN rule(s)`);
  });

  test("a file adding a rule keeps the preset's rules (objects merge)", () => {
    const loaded = resolveConfig({
      preset: "locked-down",
      workspace: { outboundRules: { pytorch: { type: "FQDN", destination: "pytorch.org" } } },
    });
    const names = Object.keys(loaded.config.workspace.outboundRules);
    assert.deepEqual(names.sort(), [...Object.keys(config.workspace.outboundRules), "pytorch"].sort());
  });
});

describe("mergeConfig", () => {
  test("objects merge key by key, recursively", () => {
    assert.deepEqual(mergeConfig({ a: { b: 1, c: 2 }, d: 3 }, { a: { c: 20, e: 5 } }), {
      a: { b: 1, c: 20, e: 5 },
      d: 3,
    });
  });

  test("arrays replace, never concatenate or merge by index", () => {
    assert.deepEqual(mergeConfig({ ips: ["1.1.1.1", "2.2.2.2"] }, { ips: ["3.3.3.3"] }), {
      ips: ["3.3.3.3"],
    });
    assert.deepEqual(mergeConfig({ ips: ["1.1.1.1"] }, { ips: [] }), { ips: [] });
    assert.deepEqual(mergeConfig({ x: { a: 1 } }, { x: [1] }), { x: [1] });
    assert.deepEqual(mergeConfig({ x: [1] }, { x: { a: 1 } }), { x: { a: 1 } });
  });

  test("scalars replace, null removes an inherited key, undefined keeps the base", () => {
    assert.deepEqual(mergeConfig({ a: 1, b: { c: 1 } }, { a: "x", b: null }), { a: "x" });
    assert.deepEqual(
      mergeConfig({ a: 1 }, { b: null }),
      { a: 1, b: null },
      "null with nothing to remove stays (and fails the schema)",
    );
    assert.deepEqual(mergeConfig({ a: 1 }, { a: undefined }), { a: 1 });
    assert.equal(mergeConfig(1, undefined), 1);
    assert.equal(mergeConfig({ a: 1 }, 5), 5);
  });

  test("does not modify its inputs", () => {
    const base = { a: { b: [1] } };
    const over = { a: { c: 2 } };
    mergeConfig(base, over);
    assert.deepEqual(base, { a: { b: [1] } });
    assert.deepEqual(over, { a: { c: 2 } });
    const before = JSON.stringify(PRESETS);
    resolveConfig({
      preset: "locked-down",
      workspace: { firewallSku: "Standard", outboundRules: { pypi: { type: "FQDN", destination: "x.org" } } },
    });
    const dropped = resolveConfig({ preset: "locked-down", workspace: { outboundRules: { pypi: null } } });
    assert.ok(!("pypi" in dropped.config.workspace.outboundRules), "null removes a preset's rule");
    assert.ok("pythonhosted" in dropped.config.workspace.outboundRules, "the other rules stay");
    assert.equal(JSON.stringify(PRESETS), before, "resolving must not mutate the preset table");
  });
});
