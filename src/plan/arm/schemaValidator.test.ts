import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { type TestContext, test } from "node:test";
import { requireFiles, sharedDir } from "../../../test/support/ci";
import {
  type ArmResource,
  type ArmSchemaIssue,
  armSchemaCoverage,
  validateArmResource,
} from "./schemaValidator";

const RG = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-aml";
const id = (type: string, name: string) => `${RG}/providers/${type}/${name}`;

/**
 * Microsoft's REST examples, in the shared oracles folder that sits next to the repository
 * (`<repo>/../shared`, on the dev box and in CI; `$SECURE_AML_SHARED` elsewhere). Where it is missing the tests
 * using it skip visibly, except under CI, where a missing folder fails them: CI must not pass by skipping.
 */
const REST_EXAMPLES = path.join(
  sharedDir(),
  "oracles",
  "azure-rest-api-specs",
  "machinelearningservices",
  "stable",
  "2025-12-01",
  "examples",
);

/** The examples, or undefined after skipping the test (failing it under CI) when any is missing. */
function restExamples(t: TestContext, ...relative: string[]): Record<string, unknown>[] | undefined {
  if (!requireFiles(t, REST_EXAMPLES, relative)) return undefined;
  return relative.map(
    (r) => JSON.parse(readFileSync(path.join(REST_EXAMPLES, r), "utf8")) as Record<string, unknown>,
  );
}

/** The request body (`parameters.parameters` or `parameters.body`) of a REST example. */
function requestBody(example: Record<string, unknown>): Record<string, unknown> {
  const parameters = example.parameters as Record<string, unknown>;
  return (parameters.parameters ?? parameters.body) as Record<string, unknown>;
}

function paths(issues: readonly ArmSchemaIssue[]): string[] {
  return issues.map((i) => i.path);
}

function storageAccount(properties: Record<string, unknown> = {}): ArmResource {
  return {
    type: "Microsoft.Storage/storageAccounts",
    apiVersion: "2024-01-01",
    name: "stamldev01",
    location: "westeurope",
    sku: { name: "Standard_LRS" },
    kind: "StorageV2",
    properties: {
      minimumTlsVersion: "TLS1_2",
      allowBlobPublicAccess: false,
      allowSharedKeyAccess: false,
      supportsHttpsTrafficOnly: true,
      publicNetworkAccess: "Disabled",
      networkAcls: { defaultAction: "Deny", bypass: "AzureServices" },
      ...properties,
    },
  };
}

function privateEndpoint(): ArmResource {
  return {
    type: "Microsoft.Network/privateEndpoints",
    apiVersion: "2024-05-01",
    name: "pe-st-blob",
    location: "westeurope",
    properties: {
      subnet: { id: id("Microsoft.Network/virtualNetworks", "vnet-aml/subnets/snet-pe") },
      privateLinkServiceConnections: [
        {
          name: "blob",
          properties: {
            privateLinkServiceId: id("Microsoft.Storage/storageAccounts", "stamldev01"),
            groupIds: ["blob"],
          },
        },
      ],
    },
  };
}

function privateDnsZoneGroup(name = "pe-st-blob/default"): ArmResource {
  return {
    type: "Microsoft.Network/privateEndpoints/privateDnsZoneGroups",
    apiVersion: "2024-05-01",
    name,
    properties: {
      privateDnsZoneConfigs: [
        {
          name: "privatelink-blob-core-windows-net",
          properties: {
            privateDnsZoneId: id("Microsoft.Network/privateDnsZones", "privatelink.blob.core.windows.net"),
          },
        },
      ],
    },
  };
}

function outboundRules(): Record<string, unknown> {
  return {
    "pe-sql": {
      type: "PrivateEndpoint",
      category: "UserDefined",
      destination: {
        serviceResourceId: id("Microsoft.Sql/servers", "sql-aml"),
        subresourceTarget: "sqlServer",
        sparkEnabled: false,
      },
    },
    pypi: { type: "FQDN", category: "UserDefined", destination: "pypi.org" },
    aad: {
      type: "ServiceTag",
      category: "UserDefined",
      destination: {
        serviceTag: "AzureActiveDirectory",
        protocol: "TCP",
        portRanges: "443",
        action: "Allow",
      },
    },
  };
}

function mlWorkspace(managedNetwork: Record<string, unknown> = {}): ArmResource {
  return {
    type: "Microsoft.MachineLearningServices/workspaces",
    apiVersion: "2025-12-01",
    name: "mlw-aml",
    location: "westeurope",
    identity: { type: "SystemAssigned" },
    sku: { name: "Basic", tier: "Basic" },
    properties: {
      storageAccount: id("Microsoft.Storage/storageAccounts", "stamldev01"),
      keyVault: id("Microsoft.KeyVault/vaults", "kv-aml-dev"),
      applicationInsights: id("Microsoft.Insights/components", "appi-aml"),
      containerRegistry: id("Microsoft.ContainerRegistry/registries", "cramldev01"),
      publicNetworkAccess: "Disabled",
      allowPublicAccessWhenBehindVnet: false,
      managedNetwork: {
        isolationMode: "AllowOnlyApprovedOutbound",
        outboundRules: outboundRules(),
        ...managedNetwork,
      },
    },
  };
}

function computeInstance(name: string, properties: Record<string, unknown> = {}): ArmResource {
  return {
    type: "Microsoft.MachineLearningServices/workspaces/computes",
    apiVersion: "2025-12-01",
    name,
    location: "westeurope",
    properties: {
      computeType: "ComputeInstance",
      disableLocalAuth: true,
      properties: {
        vmSize: "Standard_DS3_v2",
        enableNodePublicIp: false,
        subnet: { id: id("Microsoft.Network/virtualNetworks", "vnet-aml/subnets/snet-compute") },
        sshSettings: { sshPublicAccess: "Disabled" },
        ...properties,
      },
    },
  };
}

test("a locked-down storage account is valid", () => {
  assert.deepEqual(validateArmResource(storageAccount()), []);
});

test("an unknown minimumTlsVersion fails at its path, listing the allowed values", () => {
  const issues = validateArmResource(storageAccount({ minimumTlsVersion: "TLS9" }));
  assert.deepEqual(paths(issues), ["/properties/minimumTlsVersion"]);
  assert.match(issues[0]?.message ?? "", /TLS1_2/);
  assert.match(issues[0]?.message ?? "", /"TLS9"/);
});

test("the storage account name rule of the schema applies (lower-case letters and digits only)", () => {
  assert.deepEqual(paths(validateArmResource({ ...storageAccount(), name: "StAml-Dev" })), ["/name"]);
});

test("a private endpoint and its privateDnsZoneGroups child (top-level form) are valid", () => {
  assert.deepEqual(validateArmResource(privateEndpoint()), []);
  assert.deepEqual(validateArmResource(privateDnsZoneGroup()), []);
});

test("a top-level child whose name lacks the parent segment fails (ARM segment-length rule)", () => {
  const issues = validateArmResource(privateDnsZoneGroup("default"));
  assert.deepEqual(paths(issues), ["/name"]);
  assert.match(issues[0]?.message ?? "", /needs 2/);
});

test("a private DNS zone group entry with a wrong property type fails at the nested path", () => {
  const group = privateDnsZoneGroup();
  group.properties = { privateDnsZoneConfigs: [{ name: "x", properties: { privateDnsZoneId: 42 } }] };
  assert.deepEqual(paths(validateArmResource(group)), [
    "/properties/privateDnsZoneConfigs/0/properties/privateDnsZoneId",
  ]);
});

test("an ML workspace with PrivateEndpoint, FQDN and ServiceTag outbound rules is valid (allOf quirk handled)", () => {
  assert.deepEqual(validateArmResource(mlWorkspace()), []);
});

test("isolationMode 'Open' is rejected at its path", () => {
  const issues = validateArmResource(mlWorkspace({ isolationMode: "Open" }));
  assert.deepEqual(paths(issues), ["/properties/managedNetwork/isolationMode"]);
  assert.match(issues[0]?.message ?? "", /AllowOnlyApprovedOutbound/);
});

test("outbound rules: a misspelt field, a wrong variant shape and an unknown type are each one issue", () => {
  const rules = outboundRules();
  const base = "/properties/managedNetwork/outboundRules";
  const misspelt = { ...rules, aad: { type: "ServiceTag", category: "UserDefined", destinaton: {} } };
  assert.deepEqual(paths(validateArmResource(mlWorkspace({ outboundRules: misspelt }))), [
    `${base}/aad/destinaton`,
  ]);

  const wrongShape = {
    ...rules,
    pypi: { type: "FQDN", category: "UserDefined", destination: { host: "pypi.org" } },
  };
  assert.deepEqual(paths(validateArmResource(mlWorkspace({ outboundRules: wrongShape }))), [
    `${base}/pypi/destination`,
  ]);

  const unknownType = { ...rules, pypi: { type: "Fqdn", destination: "pypi.org" } };
  const issues = validateArmResource(mlWorkspace({ outboundRules: unknownType }));
  assert.deepEqual(paths(issues), [`${base}/pypi/type`]);
  assert.match(issues[0]?.message ?? "", /"FQDN","PrivateEndpoint","ServiceTag"/);
});

test("an unknown resource type or apiVersion yields exactly one issue instead of passing", () => {
  const unknownType = validateArmResource({
    type: "Microsoft.Foo/bars",
    apiVersion: "2024-01-01",
    name: "x",
  });
  assert.equal(unknownType.length, 1);
  assert.equal(unknownType[0]?.path, "/type");
  assert.match(unknownType[0]?.message ?? "", /no ARM schema for Microsoft\.Foo\/bars@2024-01-01/);

  const unknownChild = validateArmResource({
    type: "Microsoft.Network/fooBars",
    apiVersion: "2024-05-01",
    name: "x",
  });
  assert.match(unknownChild[0]?.message ?? "", /not defined in 2024-05-01\/Microsoft\.Network\.NRP\.json/);

  const unknownVersion = validateArmResource({ ...storageAccount(), apiVersion: "2023-05-01" });
  assert.equal(unknownVersion.length, 1);
  assert.match(unknownVersion[0]?.message ?? "", /2023-05-01/);
});

test("a compute instance (workspaces/computes, top-level child form) validates", () => {
  assert.deepEqual(validateArmResource(computeInstance("mlw-aml/ci-dev")), []);
});

test("a compute instance named 'ws/ci' is rejected: the schema wants 3-24 characters in the last segment", () => {
  const issues = validateArmResource(computeInstance("ws/ci"));
  assert.deepEqual(paths(issues), ["/name"]);
  assert.match(issues[0]?.message ?? "", /"ci".*last name segment/);
});

test("compute instance variant fields are checked and an unknown computeType lists the known ones", () => {
  const badSize = validateArmResource(computeInstance("mlw-aml/ci-dev", { vmSize: 4 }));
  assert.deepEqual(paths(badSize), ["/properties/properties/vmSize"]);

  const unknown = computeInstance("mlw-aml/ci-dev");
  unknown.properties = { computeType: "Notebook" };
  const issues = validateArmResource(unknown);
  assert.deepEqual(paths(issues), ["/properties/computeType"]);
  assert.match(issues[0]?.message ?? "", /"ComputeInstance"/);
});

test("ARM expressions are accepted where the schema allows them", () => {
  assert.deepEqual(
    validateArmResource({ ...storageAccount(), properties: "[parameters('storageProps')]" }),
    [],
  );
});

test("resource types match case-insensitively, like ARM", () => {
  const resource: ArmResource = {
    type: "microsoft.insights/components",
    apiVersion: "2020-02-02",
    name: "appi-aml",
    location: "westeurope",
    kind: "web",
    properties: {
      Application_Type: "web",
      WorkspaceResourceId: id("Microsoft.OperationalInsights/workspaces", "log"),
    },
  };
  assert.deepEqual(validateArmResource(resource), []);
});

test("unknown top-level keys are reported; template keywords and undefined values are not", () => {
  const typo = validateArmResource({ ...privateEndpoint(), proprties: {} });
  assert.deepEqual(paths(typo), ["/proprties"]);
  const withTemplateKeys = { ...privateEndpoint(), dependsOn: ["x"], condition: true, zones: undefined };
  assert.deepEqual(validateArmResource(withTemplateKeys), []);
});

test("a VM extension missing a required field gets one issue, not one per known extension publisher", () => {
  const extension: ArmResource = {
    type: "Microsoft.Compute/virtualMachines/extensions",
    apiVersion: "2024-11-01",
    name: "vm-jump/AADSSHLoginForLinux",
    location: "westeurope",
    properties: {
      publisher: "Microsoft.Azure.ActiveDirectory",
      type: "AADSSHLoginForLinux",
      typeHandlerVersion: "1.0",
    },
  };
  assert.deepEqual(paths(validateArmResource(extension)), ["/properties/settings"]);
  assert.deepEqual(
    validateArmResource({ ...extension, properties: { ...(extension.properties as object), settings: {} } }),
    [],
  );
});

test("Microsoft's Workspace create example (2025-12-01) validates as an ARM resource", (t) => {
  const [example] = restExamples(t, "Workspace/create.json") ?? [];
  if (example === undefined) return;
  const resource: ArmResource = {
    type: "Microsoft.MachineLearningServices/workspaces",
    apiVersion: "2025-12-01",
    name: String((example.parameters as Record<string, unknown>).workspaceName),
    ...requestBody(example),
  };
  assert.deepEqual(validateArmResource(resource), []);
});

test("Microsoft's ComputeInstance and outbound-rule create examples validate as child resources", (t) => {
  const [compute, rule] =
    restExamples(
      t,
      "Compute/createOrUpdate/ComputeInstance.json",
      "ManagedNetwork/createOrUpdateRule.json",
    ) ?? [];
  if (compute === undefined || rule === undefined) return;
  const p = compute.parameters as Record<string, unknown>;
  const computeResource: ArmResource = {
    type: "Microsoft.MachineLearningServices/workspaces/computes",
    apiVersion: "2025-12-01",
    name: `${String(p.workspaceName)}/${String(p.computeName)}`,
    ...requestBody(compute),
  };
  assert.deepEqual(validateArmResource(computeResource), []);
  const r = rule.parameters as Record<string, unknown>;
  const ruleResource: ArmResource = {
    type: "Microsoft.MachineLearningServices/workspaces/outboundRules",
    apiVersion: "2025-12-01",
    name: `${String(r.workspaceName)}/${String(r.ruleName)}`,
    ...requestBody(rule),
  };
  assert.deepEqual(validateArmResource(ruleResource), []);
});

test("coverage lists every resource type this project deploys, at the Pulumi API versions", () => {
  const covered = new Set(armSchemaCoverage().map((c) => `${c.type}@${c.apiVersion}`));
  for (const expected of [
    "Microsoft.Resources/resourceGroups@2024-03-01",
    "Microsoft.Storage/storageAccounts@2024-01-01",
    "Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01",
    "Microsoft.Network/virtualNetworks@2024-05-01",
    "Microsoft.Network/virtualNetworks/subnets@2024-05-01",
    "Microsoft.Network/networkSecurityGroups@2024-05-01",
    "Microsoft.Network/privateEndpoints@2024-05-01",
    "Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2024-05-01",
    "Microsoft.Network/bastionHosts@2024-05-01",
    "Microsoft.Network/privateDnsZones@2024-06-01",
    "Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01",
    "Microsoft.KeyVault/vaults@2024-11-01",
    "Microsoft.ContainerRegistry/registries@2023-01-01-preview",
    "Microsoft.Sql/servers@2023-08-01",
    "Microsoft.Authorization/roleAssignments@2022-04-01",
    "Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31",
    "Microsoft.Insights/components@2020-02-02",
    "Microsoft.OperationalInsights/workspaces@2023-09-01",
    "Microsoft.Compute/virtualMachines@2024-11-01",
    "Microsoft.Compute/virtualMachines/extensions@2024-11-01",
    "Microsoft.MachineLearningServices/workspaces@2025-12-01",
    "Microsoft.MachineLearningServices/workspaces/computes@2025-12-01",
    "Microsoft.MachineLearningServices/workspaces/outboundRules@2025-12-01",
  ]) {
    assert.ok(covered.has(expected), `${expected} should be covered`);
  }
});

test("validation is cached: 80 validations of already-seen types take well under a second", () => {
  const resources = [storageAccount(), privateEndpoint(), privateDnsZoneGroup(), mlWorkspace()];
  for (const r of resources) validateArmResource(r);
  const started = performance.now();
  for (let i = 0; i < 20; i++) for (const r of resources) assert.deepEqual(validateArmResource(r), []);
  assert.ok(performance.now() - started < 1000, "cached validation should not reload or recompile schemas");
});
