import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { type TestContext, test } from "node:test";
import { BUILTIN_DIR, builtinDefinitions, builtinFiles, builtinSourceUrl } from "./builtin";
import { evaluatePolicies } from "./evaluate";
import type { ArmLike, PolicyDefinition, PolicyStatus } from "./types";

const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");

/**
 * Microsoft's definitions in the shared oracles folder (`<repo>/../shared`, or two levels up from a git
 * worktree). Missing: the tests using it skip visibly — except under `CI=true`, where they fail.
 */
function oracleDir(t: TestContext): string | undefined {
  const candidates = [
    path.join(REPO_ROOT, "..", "shared", "oracles", "azure-policy", "policyDefinitions"),
    path.join(REPO_ROOT, "..", "..", "shared", "oracles", "azure-policy", "policyDefinitions"),
  ];
  const found = candidates.find((c) => existsSync(c));
  if (found) return found;
  const message = `Azure Policy oracles not found (looked in ${candidates.join(", ")})`;
  if (process.env.CI === "true") assert.fail(`${message} (CI=true: the shared oracles must be present)`);
  t.skip(message);
  return undefined;
}

const RG = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-test";
const LOC = "eastus2";

/** A top-level resource. */
function top(
  type: string,
  name: string,
  body: Record<string, unknown> = {},
  apiVersion = "2024-01-01",
): ArmLike {
  return { id: `${RG}/providers/${type}/${name}`, type, name, apiVersion, location: LOC, ...body };
}

/** A child resource of `parent` (`segment` is the child type's last segment). */
function child(parent: ArmLike, segment: string, name: string, body: Record<string, unknown> = {}): ArmLike {
  return {
    id: `${parent.id}/${segment}/${name}`,
    type: `${parent.type}/${segment}`,
    name: `${parent.name}/${name}`,
    apiVersion: parent.apiVersion,
    ...body,
  };
}

const rg: ArmLike = {
  id: RG,
  type: "Microsoft.Resources/resourceGroups",
  name: "rg-test",
  location: LOC,
  apiVersion: "2024-03-01",
};

const conns = (status: string) => [
  { name: "c1", properties: { privateLinkServiceConnectionState: { status } } },
];

function pe(group: string): ArmLike {
  return top("Microsoft.Network/privateEndpoints", `pe-${group}`, {
    properties: {
      privateLinkServiceConnections: [
        { name: "c", properties: { groupIds: [group], privateLinkServiceId: `${RG}/providers/X/y/z` } },
      ],
    },
  });
}

function peWithZone(group: string): ArmLike[] {
  const p = pe(group);
  return [
    p,
    child(p, "privateDnsZoneGroups", "default", {
      properties: { privateDnsZoneConfigs: [{ name: "z", properties: { privateDnsZoneId: `${RG}/zone` } }] },
    }),
  ];
}

const reg = (properties: Record<string, unknown>, sku = "Premium") =>
  top("Microsoft.ContainerRegistry/registries", "cr", { sku: { name: sku }, properties });
const kv = (properties: Record<string, unknown>) =>
  top("Microsoft.KeyVault/vaults", "kv", { properties }, "2024-11-01");
const st = (properties: Record<string, unknown>) =>
  top("Microsoft.Storage/storageAccounts", "st", { kind: "StorageV2", properties });
const ws = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  top(
    "Microsoft.MachineLearningServices/workspaces",
    "mlw",
    { kind: "Default", properties, ...extra },
    "2025-12-01",
  );
const sql = (properties: Record<string, unknown>) =>
  top("Microsoft.Sql/servers", "sql", { properties }, "2023-08-01");
const compute = (properties: Record<string, unknown>) =>
  child(ws({}), "computes", "ci", { location: LOC, properties });
const nsgRule = (properties: Record<string, unknown>) =>
  child(top("Microsoft.Network/networkSecurityGroups", "nsg"), "securityRules", "r", {
    properties: { access: "Allow", direction: "Inbound", protocol: "Tcp", ...properties },
  });
const assessment = (target: ArmLike, name: string, code: string): ArmLike => ({
  id: `${target.id}/providers/Microsoft.Security/assessments/${name}`,
  type: "Microsoft.Security/assessments",
  name,
  properties: { status: { code } },
});
const subnet = child(top("Microsoft.Network/virtualNetworks", "vnet"), "subnets", "s", {
  properties: { addressPrefix: "10.0.0.0/24" },
});
const vm = top("Microsoft.Compute/virtualMachines", "vm", { properties: {} });
const diag = (target: ArmLike, logs: unknown[]): ArmLike => ({
  id: `${target.id}/providers/Microsoft.Insights/diagnosticSettings/d`,
  type: "Microsoft.Insights/diagnosticSettings",
  name: "d",
  properties: { workspaceId: `${RG}/law`, logs },
});

/** A case: the resources (the first is the one judged), and its expected status. */
type Case = readonly [resources: ArmLike[], expected: PolicyStatus];

/**
 * For every shipped definition (by file), a non-compliant and a compliant model, each built from what the
 * definition's own `if` (and existence condition) reads.
 */
const CASES: Readonly<Record<string, { bad: Case; good: Case; more?: Case[] }>> = {
  "Container_Registry/ACR_AdminAccountDisabled_AuditDeny.json": {
    bad: [[reg({ adminUserEnabled: true })], "non-compliant"],
    good: [[reg({ adminUserEnabled: false })], "compliant"],
  },
  "Container_Registry/ACR_AnonymousPullDisabled_AuditDeny.json": {
    bad: [[reg({ anonymousPullEnabled: true })], "non-compliant"],
    good: [[reg({ anonymousPullEnabled: false })], "compliant"],
  },
  "Container_Registry/ACR_NetworkRulesExist_AuditDeny.json": {
    bad: [
      [reg({ publicNetworkAccess: "Enabled", networkRuleSet: { defaultAction: "Allow" } })],
      "non-compliant",
    ],
    good: [
      [reg({ publicNetworkAccess: "Disabled", networkRuleSet: { defaultAction: "Allow" } })],
      "compliant",
    ],
    more: [[[reg({})], "non-compliant"]],
  },
  "Container_Registry/ACR_PrivateDNSZone_DINE.json": {
    bad: [[pe("registry")], "non-compliant"],
    good: [peWithZone("registry"), "compliant"],
  },
  "Container_Registry/ACR_PrivateEndpointEnabled_Audit.json": {
    bad: [[reg({ privateEndpointConnections: conns("Pending") })], "non-compliant"],
    good: [[reg({ privateEndpointConnections: conns("Approved") })], "compliant"],
  },
  "Container_Registry/ACR_PublicNetworkAccess_AuditDeny.json": {
    bad: [[reg({ publicNetworkAccess: "Enabled" })], "non-compliant"],
    good: [[reg({ publicNetworkAccess: "disabled" })], "compliant"],
  },
  "Container_Registry/ACR_SkuSupportsPrivateEndpoints_AuditDeny.json": {
    bad: [[reg({}, "Standard")], "non-compliant"],
    good: [[reg({}, "premium")], "compliant"],
  },
  "Key_Vault/AutoConfigure_PrivateDNSZone_DINE.json": {
    bad: [[pe("vault")], "non-compliant"],
    good: [peWithZone("vault"), "compliant"],
    more: [[[pe("blob")], "compliant"]],
  },
  "Key_Vault/FirewallEnabled_Audit.json": {
    bad: [[kv({ networkAcls: { defaultAction: "Allow" }, publicNetworkAccess: "Enabled" })], "non-compliant"],
    good: [[kv({ networkAcls: { defaultAction: "Deny" }, publicNetworkAccess: "Enabled" })], "compliant"],
  },
  "Key_Vault/PublicNetworkAccess_Audit.json": {
    bad: [[kv({ publicNetworkAccess: "Enabled" })], "non-compliant"],
    good: [[kv({ publicNetworkAccess: "Disabled" })], "compliant"],
  },
  "Key_Vault/Recoverable_Audit.json": {
    bad: [[kv({ enableSoftDelete: true })], "non-compliant"],
    good: [[kv({ enableSoftDelete: true, enablePurgeProtection: true })], "compliant"],
  },
  "Key_Vault/Should_Use_PrivateEndpoint_Audit.json": {
    bad: [[kv({})], "non-compliant"],
    good: [[kv({ privateEndpointConnections: conns("Approved") })], "compliant"],
  },
  "Key_Vault/Should_Use_RBAC.json": {
    bad: [[kv({ enableRbacAuthorization: false })], "non-compliant"],
    good: [[kv({ enableRbacAuthorization: true })], "compliant"],
    more: [[[kv({ createMode: "recover" })], "compliant"]],
  },
  "Key_Vault/SoftDeleteMustBeEnabled_Audit.json": {
    bad: [[kv({ enableSoftDelete: false })], "non-compliant"],
    good: [[kv({ enableSoftDelete: true })], "compliant"],
  },
  "Machine_Learning/AuditDiagnosticLog_Audit.json": {
    bad: [[ws({})], "non-compliant"],
    good: [[ws({}), diag(ws({}), [{ categoryGroup: "allLogs", enabled: true }])], "compliant"],
    more: [[[ws({}), diag(ws({}), [{ categoryGroup: "allLogs", enabled: false }])], "non-compliant"]],
  },
  "Machine_Learning/DisableLocalAuth_Audit.json": {
    bad: [[compute({ computeType: "ComputeInstance", disableLocalAuth: false })], "non-compliant"],
    good: [[compute({ computeType: "ComputeInstance", disableLocalAuth: true })], "compliant"],
    more: [[[compute({ computeType: "Kubernetes" })], "compliant"]],
  },
  "Machine_Learning/DisableLocalAuth_Modify.json": {
    bad: [[compute({ computeType: "AmlCompute" })], "non-compliant"],
    good: [[compute({ computeType: "AmlCompute", disableLocalAuth: true })], "compliant"],
  },
  "Machine_Learning/ManagedNetworkIsolationMode_Audit.json": {
    bad: [[ws({ managedNetwork: { isolationMode: "AllowInternetOutbound" } })], "non-compliant"],
    good: [[ws({ managedNetwork: { isolationMode: "AllowOnlyApprovedOutbound" } })], "compliant"],
  },
  "Machine_Learning/Vnet_Audit.json": {
    bad: [[compute({ computeType: "AmlCompute", properties: {} })], "non-compliant"],
    good: [[compute({ computeType: "AmlCompute", properties: { subnet: { id: `${RG}/s` } } })], "compliant"],
    more: [
      [[compute({ computeType: "AmlCompute", properties: { subnet: { id: "" } } })], "non-compliant"],
      [
        [
          compute({ computeType: "ComputeInstance" }),
          ws({ managedNetwork: { isolationMode: "AllowInternetOutbound" } }),
        ],
        "premise-differs",
      ],
    ],
  },
  "Machine_Learning/Workspace_CMKEnabled_Audit_V2.json": {
    bad: [[ws({ encryption: { status: "Disabled" } })], "non-compliant"],
    good: [[ws({ encryption: { status: "Enabled" } })], "compliant"],
    more: [[[ws({}, { kind: "Project" })], "not-applicable"]],
  },
  "Machine_Learning/Workspace_PrivateDnsZones_DINE.json": {
    bad: [[pe("amlworkspace")], "non-compliant"],
    good: [peWithZone("amlworkspace"), "compliant"],
  },
  "Machine_Learning/Workspace_PrivateEndpoint_Audit_V2.json": {
    bad: [[ws({ privateEndpointConnections: conns("Rejected") })], "non-compliant"],
    good: [[ws({ privateEndpointConnections: conns("Approved") })], "compliant"],
  },
  "Machine_Learning/Workspace_PrivateEndpoint_DINE.json": {
    bad: [[ws({})], "non-compliant"],
    good: [
      [
        ws({}),
        child(ws({}), "privateEndpointConnections", "c", {
          properties: { privateLinkServiceConnectionState: { status: "Approved" } },
        }),
      ],
      "compliant",
    ],
  },
  "Machine_Learning/Workspace_PublicNetworkAccessDisabled_Audit.json": {
    bad: [[ws({})], "non-compliant"],
    good: [[ws({ publicNetworkAccess: "Disabled" })], "compliant"],
  },
  "Machine_Learning/Workspace_PublicNetworkAccessDisabled_Modify.json": {
    bad: [[ws({ publicNetworkAccess: "Enabled" })], "non-compliant"],
    good: [[ws({ publicNetworkAccess: "Disabled" })], "compliant"],
  },
  "Machine_Learning/Workspace_UAIEnabled_Audit.json": {
    bad: [[ws({ primaryUserAssignedIdentity: "" })], "non-compliant"],
    good: [
      [
        ws({
          primaryUserAssignedIdentity: `${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id`,
        }),
      ],
      "compliant",
    ],
  },
  "Network/NetworkPublicIPNic_Deny.json": {
    bad: [
      [
        top("Microsoft.Network/networkInterfaces", "nic", {
          properties: {
            ipConfigurations: [
              { name: "a", properties: {} },
              { name: "b", properties: { publicIPAddress: { id: `${RG}/pip` } } },
            ],
          },
        }),
      ],
      "non-compliant",
    ],
    good: [
      [
        top("Microsoft.Network/networkInterfaces", "nic", {
          properties: { ipConfigurations: [{ name: "a", properties: {} }] },
        }),
      ],
      "compliant",
    ],
  },
  "Network/NetworkSecurityGroup_RDPAccess_Audit.json": {
    bad: [[nsgRule({ destinationPortRange: "3389", sourceAddressPrefix: "*" })], "non-compliant"],
    good: [[nsgRule({ destinationPortRange: "3389", sourceAddressPrefix: "10.0.0.0/8" })], "compliant"],
    more: [
      [[nsgRule({ destinationPortRange: "3000-4000", sourceAddressPrefix: "Internet" })], "non-compliant"],
      [
        [nsgRule({ destinationPortRanges: ["22", "3380-3390"], sourceAddressPrefixes: ["Internet"] })],
        "non-compliant",
      ],
      [[nsgRule({ destinationPortRanges: ["22", "443"], sourceAddressPrefix: "*" })], "compliant"],
    ],
  },
  "Network/NetworkSecurityGroup_SSHAccess_Audit.json": {
    bad: [[nsgRule({ destinationPortRange: "22", sourceAddressPrefix: "Internet" })], "non-compliant"],
    good: [[nsgRule({ destinationPortRange: "22", sourceAddressPrefix: "VirtualNetwork" })], "compliant"],
    more: [
      [[nsgRule({ destinationPortRange: "22", sourceAddressPrefix: "*", access: "Deny" })], "compliant"],
    ],
  },
  "Network/PrivateSubnetOnly_Audit.json": {
    bad: [
      [
        top("Microsoft.Network/virtualNetworks", "vnet", {
          properties: {
            subnets: [
              { name: "a", properties: { defaultOutboundAccess: false } },
              { name: "b", properties: {} },
            ],
          },
        }),
      ],
      "non-compliant",
    ],
    good: [
      [
        top("Microsoft.Network/virtualNetworks", "vnet", {
          properties: { subnets: [{ name: "a", properties: { defaultOutboundAccess: false } }] },
        }),
      ],
      "compliant",
    ],
  },
  "SQL/SQL_DB_AuditServerADAdmins_Audit.json": {
    bad: [[sql({})], "non-compliant"],
    good: [
      [sql({}), child(sql({}), "administrators", "ActiveDirectory", { properties: { login: "admins" } })],
      "compliant",
    ],
  },
  "SQL/SqlServer_ADOnlyEnabled_Audit.json": {
    bad: [[sql({ administrators: { azureADOnlyAuthentication: false } }), rg], "non-compliant"],
    good: [[sql({ administrators: { azureADOnlyAuthentication: true } }), rg], "compliant"],
    more: [[[sql({})], "not-evaluable-offline"]],
  },
  "SQL/SqlServer_ADOnlyEnabled_DisableADAuth_Deny.json": {
    bad: [
      [
        child(sql({}), "azureADOnlyAuthentications", "Default", {
          properties: { azureADOnlyAuthentication: false },
        }),
        rg,
      ],
      "non-compliant",
    ],
    good: [
      [
        child(sql({}), "azureADOnlyAuthentications", "Default", {
          properties: { azureADOnlyAuthentication: true },
        }),
        rg,
      ],
      "compliant",
    ],
  },
  "SQL/SqlServer_MiniumTLSVersion_Audit.json": {
    bad: [[sql({ minimalTlsVersion: "1.0" })], "non-compliant"],
    good: [[sql({ minimalTlsVersion: "1.2" })], "compliant"],
    more: [[[sql({})], "non-compliant"]],
  },
  "SQL/SqlServer_PrivateEndpoint_Audit.json": {
    bad: [[sql({})], "non-compliant"],
    good: [[sql({ privateEndpointConnections: conns("Approved") })], "compliant"],
  },
  "SQL/SqlServer_PublicNetworkAccess_Audit.json": {
    bad: [[sql({ publicNetworkAccess: "Enabled" })], "non-compliant"],
    good: [[sql({ publicNetworkAccess: "Disabled" })], "compliant"],
  },
  "Security_Center/ASC_NetworkSecurityGroupsOnSubnets_Audit.json": {
    bad: [[subnet, assessment(subnet, "eade5b56-eefd-444f-95c8-23f29e5d93cb", "Unhealthy")], "non-compliant"],
    good: [[subnet, assessment(subnet, "eade5b56-eefd-444f-95c8-23f29e5d93cb", "Healthy")], "compliant"],
    more: [[[subnet], "not-evaluable-offline"]],
  },
  "Security_Center/ASC_OpenManagementPortsOnVirtualMachines_Audit.json": {
    bad: [[vm, assessment(vm, "bc303248-3d14-44c2-96a0-55f5c326b5fe", "Unhealthy")], "non-compliant"],
    good: [[vm, assessment(vm, "bc303248-3d14-44c2-96a0-55f5c326b5fe", "NotApplicable")], "compliant"],
    more: [[[vm], "not-evaluable-offline"]],
  },
  "Storage/ASC_Storage_DisallowPublicBlobAccess_Audit.json": {
    bad: [[st({ allowBlobPublicAccess: true })], "non-compliant"],
    good: [[st({ allowBlobPublicAccess: false })], "compliant"],
  },
  "Storage/StorageAccess_TrustedMicrosoftServices_Audit.json": {
    bad: [[st({ networkAcls: { bypass: "Logging, Metrics" } })], "non-compliant"],
    good: [[st({ networkAcls: { bypass: "Logging, AzureServices" } })], "compliant"],
  },
  "Storage/StorageAccountAllowSharedKeyAccess_Audit.json": {
    bad: [[st({})], "non-compliant"],
    good: [[st({ allowSharedKeyAccess: false })], "compliant"],
  },
  "Storage/StorageAccountMinimumTLSVersion_Audit.json": {
    bad: [[st({ minimumTlsVersion: "TLS1_0" })], "non-compliant"],
    good: [[st({ minimumTlsVersion: "TLS1_2" })], "compliant"],
  },
  "Storage/StorageAccountPrivateEndpointEnabled_Audit.json": {
    bad: [[st({})], "non-compliant"],
    good: [
      [
        st({}),
        child(st({}), "privateEndpointConnections", "c", {
          properties: { privateLinkServiceConnectionState: { status: "Approved" } },
        }),
      ],
      "compliant",
    ],
  },
  "Storage/StoragePrivateDnsZoneGroup_Blob.json": {
    bad: [[pe("blob")], "non-compliant"],
    good: [peWithZone("blob"), "compliant"],
  },
  "Storage/StoragePrivateDnsZoneGroup_DFS.json": {
    bad: [[pe("dfs")], "non-compliant"],
    good: [peWithZone("dfs"), "compliant"],
  },
  "Storage/StoragePrivateDnsZoneGroup_File.json": {
    bad: [[pe("file")], "non-compliant"],
    good: [peWithZone("file"), "compliant"],
  },
  "Storage/StoragePublicNetworkAccess_AuditDeny.json": {
    bad: [[st({})], "non-compliant"],
    good: [[st({ publicNetworkAccess: "Disabled" })], "compliant"],
  },
  "Storage/StoragePublicNetworkAccess_Modify.json": {
    bad: [[st({ publicNetworkAccess: "Enabled" })], "non-compliant"],
    good: [[st({ publicNetworkAccess: "Disabled" })], "compliant"],
  },
  "Storage/Storage_AuditForHTTPSEnabled_Audit.json": {
    bad: [[st({ supportsHttpsTrafficOnly: false })], "non-compliant"],
    good: [[st({ supportsHttpsTrafficOnly: true })], "compliant"],
  },
  "Storage/Storage_NetworkAcls_Audit.json": {
    bad: [[st({ networkAcls: { defaultAction: "Allow" } })], "non-compliant"],
    good: [[st({ networkAcls: { defaultAction: "Deny" } })], "compliant"],
  },
};

const defs = builtinDefinitions();
const byFile = new Map(builtinFiles().map((f, i) => [f, defs[i]!] as const));

function statusOf(def: PolicyDefinition, [resources]: Case) {
  const ev = evaluatePolicies(resources, [def], { complete: true });
  const r = ev.results.find((x) => x.resource === resources[0]!.id)!;
  return { r, ev };
}

test("every shipped definition has a compliant and a non-compliant case", () => {
  assert.deepEqual(Object.keys(CASES).sort(), builtinFiles());
});

for (const [file, c] of Object.entries(CASES)) {
  test(`${file}: non-compliant, compliant and edge cases`, () => {
    const def = byFile.get(file)!;
    for (const kase of [c.bad, c.good, ...(c.more ?? [])]) {
      const { r, ev } = statusOf(def, kase);
      assert.equal(r.status, kase[1], `${file} on ${JSON.stringify(kase[0][0])}: ${r.reason ?? ""}`);
      assert.equal(
        ev.findings.filter((f) => f.resource === r.resource).length,
        r.status === "non-compliant" ? 1 : 0,
      );
    }
  });
}

test("a modify definition says what Azure would change", () => {
  const def = byFile.get("Machine_Learning/Workspace_PublicNetworkAccessDisabled_Modify.json")!;
  const { r, ev } = statusOf(
    def,
    CASES["Machine_Learning/Workspace_PublicNetworkAccessDisabled_Modify.json"]!.bad,
  );
  assert.deepEqual(r.changes, [
    {
      operation: "addOrReplace",
      field: "Microsoft.MachineLearningServices/workspaces/publicNetworkAccess",
      path: "properties.publicNetworkAccess",
      value: "Disabled",
      current: "Enabled",
    },
  ]);
  assert.match(ev.findings[0]!.fix, /properties\.publicNetworkAccess to "Disabled"/);
  // The operation's condition reads the request's API version: before 2021-10-01 Azure changes nothing.
  const old = { ...ws({ publicNetworkAccess: "Enabled" }), apiVersion: "2021-07-01" };
  assert.deepEqual(evaluatePolicies([old], [def]).results[0]!.changes, []);
});

test("a deny finding is an error, an audit finding a warning, with the path and the values", () => {
  const nic = CASES["Network/NetworkPublicIPNic_Deny.json"]!.bad;
  assert.equal(
    statusOf(byFile.get("Network/NetworkPublicIPNic_Deny.json")!, nic).ev.findings[0]!.severity,
    "error",
  );
  const { ev } = statusOf(byFile.get("Storage/StoragePublicNetworkAccess_AuditDeny.json")!, [
    [st({ publicNetworkAccess: "Enabled" })],
    "non-compliant",
  ]);
  const f = ev.findings[0]!;
  assert.equal(f.severity, "warning");
  assert.equal(f.path, "properties.publicNetworkAccess");
  assert.equal(f.actual, 'properties.publicNetworkAccess = "Enabled"');
  assert.equal(f.id, "policy/b2982f36-99f2-4db5-8eff-283140c09693");
  assert.match(f.source, /^https:\/\/github\.com\/Azure\/azure-policy\/blob\/f4a50bac/);
});

test("an existence check on a partial resource set is not evaluable offline, on a complete one it fails", () => {
  const def = byFile.get("Machine_Learning/AuditDiagnosticLog_Audit.json")!;
  const partial = evaluatePolicies([ws({})], [def]).results[0]!;
  assert.equal(partial.status, "not-evaluable-offline");
  assert.match(partial.reason!, /Microsoft\.Insights\/diagnosticSettings/);
  assert.equal(evaluatePolicies([ws({})], [def], { complete: true }).results[0]!.status, "non-compliant");
});

test("Indexed mode skips types without location; the resource group only in mode All", () => {
  const def = byFile.get("Storage/Storage_NetworkAcls_Audit.json")!;
  const noLocation = { ...st({ networkAcls: { defaultAction: "Allow" } }), location: undefined };
  assert.equal(evaluatePolicies([noLocation], [def]).results[0]!.status, "not-applicable");
});

test("every shipped file is listed in PROVENANCE.md with its size and SHA-256", () => {
  const provenance = readFileSync(path.join(BUILTIN_DIR, "PROVENANCE.md"), "utf8");
  for (const f of builtinFiles()) {
    const bytes = readFileSync(path.join(BUILTIN_DIR, f));
    const sha = createHash("sha256").update(bytes).digest("hex");
    assert.ok(provenance.includes(`| \`${f}\` |`), `${f} listed`);
    assert.ok(provenance.includes(`| ${bytes.length} | \`${sha}\` |`), `${f} size and hash`);
  }
  assert.equal(
    builtinSourceUrl("Machine_Learning/Vnet_Audit.json"),
    "https://github.com/Azure/azure-policy/blob/f4a50bacae07ddb096943c597669bcae494a6e29/built-in-policies/policyDefinitions/Machine%20Learning/Vnet_Audit.json",
  );
});

test("the shipped definitions are byte-identical to Microsoft's (the oracles)", (t) => {
  const dir = oracleDir(t);
  if (!dir) return;
  for (const f of builtinFiles())
    assert.ok(
      readFileSync(path.join(BUILTIN_DIR, f)).equals(readFileSync(path.join(dir, f))),
      `${f} differs`,
    );
});
