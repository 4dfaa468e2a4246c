import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { planInvariantViolations } from "../../test/support/invariants";
import { synthesizeInWorker } from "../../test/support/isolatedSynth";
import { ConfigError } from "./issues";
import { type LoadedConfig, resolveConfig } from "./load";
import { RESERVED_RULE_NAMES } from "./naming";
import { privateEndpointCount } from "./rules";
import type { Config } from "./schema";
import { CLOUDS, ISOLATION_MODES, PRESET_NAMES } from "./schema";

/**
 * Property tests of the whole loader: random, structurally plausible configs (valid values mixed with wrong
 * types, unknown keys, nulls, lists where mappings belong, random CIDRs/IPs/rules) either resolve or fail with
 * a ConfigError whose every issue is actionable; and whatever resolves synthesizes on the mock runtime.
 *
 * Values are JSON/YAML-shaped (what a config file can contain). Every generated config that resolves (about one
 * in eight) is synthesized too, and every plan must keep the security invariants of `test/support/invariants.ts`
 * (private stores reachable privately, rule targets approvable, nothing public the config did not ask for). The
 * second property draws only valid configs and checks their plans in more depth; synthesis takes about a
 * quarter of a second, so it runs SECURE_AML_SYNTH_RUNS times (default 40, at least 10), in a worker thread.
 */

/**
 * How many valid configs the second property synthesizes. A value that would let it pass without checking
 * anything (0, negative, not a number) is refused rather than obeyed.
 */
const SYNTH_RUNS = synthRuns(process.env.SECURE_AML_SYNTH_RUNS);

function synthRuns(raw: string | undefined): number {
  const n = Number(raw ?? 40);
  if (!Number.isInteger(n) || n < 10)
    throw new Error(`SECURE_AML_SYNTH_RUNS=${raw}: give an integer of at least 10 (default 40)`);
  return n;
}

// ---------------------------------------------------------------------------------------------------------
// Building blocks
// ---------------------------------------------------------------------------------------------------------

/** Any JSON value: what a wrong type in a YAML or JSON file can be. */
const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -5, max: 100_000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 12 }),
  fc.constant([]),
  fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }),
  fc.constant({}),
  fc.jsonValue({ maxDepth: 2 }),
);

/** Mostly `valid`, sometimes a wrong type or null. */
const often = <T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: 8, arbitrary: valid }, { weight: 1, arbitrary: junk });

/** Keys that look like typos of real ones, and a few that are nothing like them. */
const strayKey = fc.constantFrom(
  "nmae",
  "isolationMod",
  "enabeld",
  "publicNetworkAcess",
  "subnet",
  "extra",
  "Name",
  "x",
);

/**
 * An object from optional fields, sometimes with a stray (unknown) key, and sometimes replaced wholesale by a
 * wrong type (a list, a string, null).
 */
function obj(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<unknown> {
  const record = fc
    .tuple(fc.record(fields, { requiredKeys: [] }), fc.option(fc.tuple(strayKey, junk), { freq: 6 }))
    .map(([r, stray]) => (stray ? { ...r, [stray[0]]: stray[1] } : r));
  return often(record);
}

const octet = fc.integer({ min: 0, max: 255 });
/** An IPv4 address, public or private, now and then out of range. */
const ip = fc.oneof(
  { weight: 6, arbitrary: fc.ipV4() },
  { weight: 2, arbitrary: fc.constantFrom("203.0.113.7", "198.51.100.20", "8.8.8.8") },
  {
    weight: 1,
    arbitrary: fc.tuple(octet, octet, octet, fc.integer({ min: 0, max: 999 })).map((p) => p.join(".")),
  },
);
/** A CIDR: often host bits set, now and then an impossible prefix. */
const cidr = fc.oneof(
  fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 34 })).map(([a, p]) => `${a}/${p}`),
  fc.tuple(octet, octet, fc.integer({ min: 16, max: 30 })).map(([b, c, p]) => `10.${b}.${c}.0/${p}`),
);
/** CIDRs laid out like the defaults, so subnets sometimes fit the address space. */
const subnetCidr = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom("10.0.0.0/24", "10.0.1.0/27", "10.0.2.0/24", "10.0.3.0/26", "10.0.4.0/28"),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.integer({ min: 0, max: 15 }), fc.integer({ min: 24, max: 29 }))
      .map(([third, p]) => `10.0.${third}.0/${p}`),
  },
  { weight: 1, arbitrary: cidr },
);

/** A rule name: valid, reserved, or arbitrary. */
const ruleName = fc.oneof(
  { weight: 5, arbitrary: fc.stringMatching(/^[a-zA-Z0-9][a-zA-Z0-9_-]{2,12}$/) },
  { weight: 1, arbitrary: fc.constantFrom(...RESERVED_RULE_NAMES) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
);

const armId = fc.oneof(
  fc.constantFrom(
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-x/providers/Microsoft.Storage/storageAccounts/stx",
    "/subscriptions/s/resourceGroups/r/providers/Microsoft.KeyVault/vaults/kv",
    "not-an-arm-id",
  ),
  fc.string({ maxLength: 20 }),
);
const host = fc.oneof(
  fc.constantFrom(
    "pypi.org",
    "*.anaconda.org",
    "*.pythonhosted.org",
    "acct.blob.core.windows.net",
    "*.core.windows.net",
  ),
  fc.domain(),
  fc.domain().map((d) => `*.${d}`),
  fc.string({ maxLength: 10 }),
);
const ruleType = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom("PrivateEndpoint", "ServiceTag", "FQDN") },
  { weight: 1, arbitrary: fc.constantFrom("Fqdn", "privateEndpoint", "", "Other") },
  { weight: 1, arbitrary: junk },
);
/** A rule of any of the three types (fields of the right type most of the time), or a mix of fields. */
const outboundRule = fc.oneof(
  obj({
    type: fc.constant("PrivateEndpoint"),
    serviceResourceId: often(armId),
    subresourceTarget: often(fc.constantFrom("blob", "dfs", "vault", "sqlServer", "")),
    sparkEnabled: often(fc.boolean()),
  }),
  obj({
    type: fc.constant("ServiceTag"),
    serviceTag: often(fc.constantFrom("AzureMonitor", "AzureActiveDirectory", "")),
    protocol: often(fc.constantFrom("TCP", "UDP", "ICMP", "*", "tcp")),
    portRanges: often(fc.constantFrom("443", "80, 8080-8089", "*", "443,", "https")),
  }),
  obj({ type: fc.constant("FQDN"), destination: often(host) }),
  obj({ type: ruleType, destination: host, serviceTag: fc.string(), serviceResourceId: armId }),
);

const access = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom("Enabled", "Disabled") },
  { weight: 1, arbitrary: fc.constantFrom("enabled", "Public") },
);
const uuid = fc.oneof(fc.uuid(), fc.constantFrom("not-a-uuid"));

/** Messy configs: every top-level section optional, each sometimes wrong. */
const messyConfig: fc.Arbitrary<unknown> = obj({
  preset: fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...PRESET_NAMES) },
    { weight: 1, arbitrary: fc.constantFrom("privat", "Private", "", "none") },
  ),
  name: fc.oneof(fc.stringMatching(/^[a-z0-9]{2,10}$/), fc.constantFrom("Bad_Name", "a", "waytoolongname1")),
  location: fc.constantFrom("eastus2", "westeurope", "East US", "swedencentral"),
  cloud: fc.constantFrom(...CLOUDS, "AzureGermanCloud"),
  allowedIpAddresses: often(fc.array(fc.oneof(ip, cidr), { maxLength: 3 })),
  workspace: obj({
    publicNetworkAccess: access,
    privateEndpoint: often(fc.boolean()),
    isolationMode: fc.oneof(
      fc.constantFrom(...ISOLATION_MODES),
      fc.constantFrom("Enabled", "allowInternetOutbound"),
    ),
    firewallSku: fc.constantFrom("Basic", "Standard", "Premium", "basic"),
    outboundRules: often(fc.dictionary(ruleName, outboundRule, { maxKeys: 4 })),
    dependencies: obj({ publicNetworkAccess: access }),
  }),
  network: obj({
    addressSpace: fc.oneof(fc.constantFrom("10.0.0.0/16", "10.0.0.0/20", "10.0.0.0/8"), cidr),
    subnets: obj({
      privateEndpoints: subnetCidr,
      jumpbox: subnetCidr,
      compute: subnetCidr,
      bastion: subnetCidr,
    }),
  }),
  data: obj({
    publicNetworkAccess: access,
    dataLake: obj({ enabled: often(fc.boolean()) }),
    blob: obj({ enabled: often(fc.boolean()) }),
    sql: obj({
      enabled: often(fc.boolean()),
      sku: fc.constantFrom("Basic", "S0", "GP_S_Gen5_1", "bad sku"),
      maxSizeGb: fc.oneof(fc.integer({ min: -1, max: 5000 }), fc.constantFrom(1, 2, 0.5)),
      entraAdmin: obj({
        login: fc.string({ maxLength: 8 }),
        objectId: uuid,
        principalType: fc.constantFrom("User", "Group", "Application", "Robot"),
      }),
    }),
    sampleData: often(fc.boolean()),
  }),
  compute: obj({
    instance: obj({
      enabled: often(fc.boolean()),
      size: fc.constantFrom("Standard_D2as_v4", "Standard_DS11_v2", "Standard D2"),
      idleShutdownMinutes: fc.oneof(fc.integer({ min: 0, max: 5000 }), fc.constantFrom(15, 60, 4320, 30.5)),
      assignedUserObjectId: uuid,
    }),
  }),
  jumpbox: obj({
    enabled: often(fc.boolean()),
    os: fc.constantFrom("linux", "windows", "mac"),
    size: fc.constantFrom("Standard_B2as_v2", "Standard_B1s"),
    bastionSku: fc.constantFrom("Developer", "Basic", "Standard", "Premium"),
  }),
  tags: often(
    fc.dictionary(fc.string({ maxLength: 10 }), fc.oneof(fc.string({ maxLength: 10 }), junk), { maxKeys: 3 }),
  ),
});

/** A rule with well-typed fields (it may still break a semantic rule: reserved name, mode, storage host). */
const cleanRule = fc.oneof(
  fc.record({
    type: fc.constant("PrivateEndpoint"),
    serviceResourceId: fc.constant(
      "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-x/providers/Microsoft.Storage/storageAccounts/stx",
    ),
    subresourceTarget: fc.constantFrom("blob", "dfs", "file"),
    sparkEnabled: fc.boolean(),
  }),
  fc.record({
    type: fc.constant("ServiceTag"),
    serviceTag: fc.constantFrom("AzureMonitor", "AzureActiveDirectory"),
    protocol: fc.constantFrom("TCP", "UDP", "*"),
    portRanges: fc.constantFrom("443", "80, 8080-8089"),
  }),
  fc.record({
    type: fc.constant("FQDN"),
    destination: fc.constantFrom(
      "pypi.org",
      "*.anaconda.org",
      "*.pytorch.org",
      "docker.io",
      "acct.blob.core.windows.net",
    ),
  }),
);

/**
 * A network layout at 10.<n>.0.0/16 like the defaults; now and then the endpoint subnet is too small, the
 * bastion subnet too small for Basic/Standard, or the compute subnet outside the space or overlapping.
 */
const cleanNetwork = fc
  .tuple(
    fc.integer({ min: 0, max: 254 }),
    fc.constantFrom(26, 26, 27),
    fc.constantFrom(24, 24, 28, 29),
    fc.constantFrom("inside", "inside", "inside", "outside", "overlap"),
  )
  .map(([n, bastionPrefix, pePrefix, compute]) => ({
    addressSpace: `10.${n}.0.0/16`,
    subnets: {
      privateEndpoints: `10.${n}.0.0/${pePrefix}`,
      jumpbox: `10.${n}.1.0/27`,
      compute: { inside: `10.${n}.2.0/24`, outside: `10.${n + 1}.2.0/24`, overlap: `10.${n}.1.0/24` }[
        compute
      ],
      bastion: `10.${n}.3.0/${bastionPrefix}`,
    },
  }));

/** Well-typed configs: every value from its valid domain, so mostly the semantic rules decide. */
const cleanConfig = fc.record(
  {
    preset: fc.constantFrom(...PRESET_NAMES),
    name: fc.stringMatching(/^[a-z0-9]{2,10}$/),
    location: fc.constantFrom("eastus2", "westeurope", "swedencentral"),
    cloud: fc.constantFrom(...CLOUDS),
    allowedIpAddresses: fc.array(
      fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom("203.0.113.7", "198.51.100.0/24") },
        { weight: 4, arbitrary: fc.ipV4() },
        { weight: 1, arbitrary: fc.constantFrom("10.1.2.3", "192.168.0.0/24") },
      ),
      { maxLength: 2 },
    ),
    workspace: fc.record(
      {
        publicNetworkAccess: fc.constantFrom("Enabled", "Disabled"),
        privateEndpoint: fc.boolean(),
        isolationMode: fc.constantFrom(...ISOLATION_MODES),
        firewallSku: fc.constantFrom("Basic", "Standard"),
        outboundRules: fc.dictionary(
          fc.oneof(
            { weight: 8, arbitrary: fc.stringMatching(/^[a-z][a-z0-9-]{2,12}$/) },
            { weight: 1, arbitrary: fc.constantFrom(...RESERVED_RULE_NAMES) },
            { weight: 1, arbitrary: fc.constantFrom("ab", "_pypi", "py.pi", "a".repeat(34)) },
          ),
          cleanRule,
          { maxKeys: 3 },
        ),
        dependencies: fc.record({ publicNetworkAccess: fc.constantFrom("Enabled", "Disabled") }),
      },
      { requiredKeys: [] },
    ),
    network: cleanNetwork,
    data: fc.record(
      {
        publicNetworkAccess: fc.constantFrom("Enabled", "Disabled"),
        dataLake: fc.record({ enabled: fc.boolean() }),
        blob: fc.record({ enabled: fc.boolean() }),
        sql: fc.record(
          {
            enabled: fc.boolean(),
            sku: fc.constantFrom("Basic", "S0"),
            maxSizeGb: fc.constantFrom(1, 2, 250),
            entraAdmin: fc.record({
              login: fc.constantFrom("sql-admins"),
              objectId: fc.uuid(),
              principalType: fc.constantFrom("User", "Group"),
            }),
          },
          { requiredKeys: [] },
        ),
        sampleData: fc.boolean(),
      },
      { requiredKeys: [] },
    ),
    compute: fc.record({
      instance: fc.record(
        {
          enabled: fc.boolean(),
          idleShutdownMinutes: fc.integer({ min: 15, max: 4320 }),
          assignedUserObjectId: fc.uuid(),
        },
        { requiredKeys: [] },
      ),
    }),
    jumpbox: fc.record(
      {
        enabled: fc.boolean(),
        os: fc.constantFrom("linux", "windows"),
        bastionSku: fc.constantFrom("Developer", "Basic", "Standard"),
      },
      { requiredKeys: [] },
    ),
    tags: fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), fc.string({ maxLength: 10 }), { maxKeys: 2 }),
  },
  { requiredKeys: [] },
);

/** The generator of the first property: junk, messy and clean configs. */
const rawConfig: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 1, arbitrary: junk },
  { weight: 10, arbitrary: messyConfig },
  { weight: 10, arbitrary: cleanConfig },
);

const SEVERITIES = new Set(["error", "warning"]);

/** Every code rules.ts produces; the generator should reach nearly all of them. */
const RULE_CODES = [
  "outbound-rule-name",
  "outbound-rule-reserved",
  "outbound-rule-no-managed-vnet",
  "outbound-rule-type-mode",
  "outbound-rule-fqdn-storage",
  "firewall-cost",
  "firewall-standard",
  "workspace-unreachable",
  "private-workspace-no-jumpbox",
  "public-workspace-private-data",
  "public-stores-no-ip",
  "subnet-outside-address-space",
  "subnet-overlap",
  "bastion-subnet-size",
  "pe-subnet-too-small",
  "allowed-ip-private",
  "sql-basic-size",
];

/** Resolves `raw`: a LoadedConfig, or the ConfigError. Any other exception fails the property. */
function resolveOrConfigError(raw: unknown): LoadedConfig | ConfigError {
  try {
    return resolveConfig(raw);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    assert.fail(
      `resolveConfig threw ${e instanceof Error ? e.stack : String(e)}\nfor ${JSON.stringify(raw)}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------------------

describe("resolveConfig on random configs", () => {
  test("gives a plan or a ConfigError whose every issue is actionable, never another exception (500 configs)", async (t) => {
    const diagnostic = (m: string) => t.diagnostic(m);
    let resolved = 0;
    let failed = 0;
    const seen = new Set<string>();
    const planned = new Map<string, Config>();
    fc.assert(
      fc.property(rawConfig, (raw) => {
        const result = resolveOrConfigError(raw);
        for (const issue of result instanceof ConfigError ? result.issues : result.warnings)
          seen.add(issue.code);
        if (result instanceof ConfigError) {
          failed++;
          assert.ok(result.issues.length > 0, "a ConfigError carries issues");
          assert.ok(
            result.issues.some((i) => i.severity === "error"),
            "a ConfigError carries at least one error",
          );
          for (const issue of result.issues) {
            assert.ok(SEVERITIES.has(issue.severity), `severity ${issue.severity}`);
            assert.ok(
              typeof issue.path === "string" && issue.path.length > 0,
              `path ${JSON.stringify(issue.path)}`,
            );
            assert.ok(
              typeof issue.message === "string" && issue.message.length > 0,
              `message of ${issue.path}`,
            );
            assert.ok(typeof issue.fix === "string" && issue.fix.length > 0, `fix of ${issue.path}`);
            assert.ok(typeof issue.code === "string" && issue.code.length > 0, `code of ${issue.path}`);
          }
          assert.ok(result.message.length > 0);
        } else {
          resolved++;
          assert.ok(result.warnings.every((w) => w.severity === "warning"));
          assert.ok((PRESET_NAMES as readonly string[]).includes(result.preset));
          assert.equal(result.config.preset, result.preset);
          // a resolved config is a fixed point: resolving it again gives the same result
          assert.deepEqual(resolveConfig(result.config), result);
          // ... and it must plan: collected here, synthesized below in one worker (see isolatedSynth.ts).
          // Synthesis is deterministic, so each distinct config is planned once.
          planned.set(JSON.stringify(result.config), result.config);
        }
      }),
      { numRuns: 500 },
    );
    // the generator must exercise both outcomes, not only errors
    assert.ok(resolved >= 25, `only ${resolved} of 500 generated configs resolved`);
    const configs = [...planned.values()];
    const outcomes = await synthesizeInWorker(configs);
    assert.equal(outcomes.length, configs.length);
    outcomes.forEach((o, i) => {
      assert.ok(o.ok, `synthesis threw for ${JSON.stringify(configs[i])}: ${o.ok ? "" : o.error}`);
      assert.ok(o.plan.resources.length > 0, "the plan has resources");
      assert.deepEqual(planInvariantViolations(configs[i]!, o.plan), [], JSON.stringify(configs[i]));
    });
    diagnostic(`${resolved} resolved (${planned.size} distinct, each synthesized), ${failed} rejected`);
    assert.ok(failed >= 100, `only ${failed} of 500 generated configs failed`);
    // ... and reach (nearly) every semantic rule; each fires in >2% of configs, so missing 3 is a generator bug
    const missed = RULE_CODES.filter((c) => !seen.has(c));
    assert.ok(missed.length <= 2, `the generator never triggered ${missed.join(", ")}`);
  });
});

/** Clean configs that resolve (filtering is cheap next to synthesis). */
const resolvableConfig = cleanConfig
  .map((raw) => resolveOrConfigError(raw))
  .filter((r): r is LoadedConfig => !(r instanceof ConfigError));

describe("synthesize on random valid configs", () => {
  test(`every valid config plans with one workspace, the private endpoints it counts and the security invariants (${SYNTH_RUNS} configs)`, async () => {
    const loaded = fc.sample(resolvableConfig, SYNTH_RUNS);
    const outcomes = await synthesizeInWorker(loaded.map((l) => l.config));
    assert.equal(outcomes.length, SYNTH_RUNS, "every drawn config was planned");
    outcomes.forEach((o, i) => {
      const config = loaded[i]!.config;
      assert.ok(o.ok, `synthesis threw for ${JSON.stringify(config)}: ${o.ok ? "" : o.error}`);
      const types: Record<string, number> = {};
      for (const r of o.plan.resources) types[r.type] = (types[r.type] ?? 0) + 1;
      assert.equal(types["azure-native:machinelearningservices:Workspace"], 1, "exactly one workspace");
      // The pe-subnet-too-small rule sizes the endpoint subnet with privateEndpointCount: it must match what
      // the stack actually creates.
      assert.equal(
        types["azure-native:network:PrivateEndpoint"] ?? 0,
        privateEndpointCount(config),
        `private endpoints created vs counted for ${JSON.stringify(config)}`,
      );
      assert.deepEqual(planInvariantViolations(config, o.plan), [], JSON.stringify(config));
    });
  });
});
