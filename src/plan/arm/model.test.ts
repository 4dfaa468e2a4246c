import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { before, describe, test } from "node:test";
import { plansFor } from "../../../test/support/plans";
import { type ConfigSource, resourceNames } from "../../config";
import { MOCK_CLIENT } from "../mocks";
import { ARM_TYPES } from "../resourceTypes";
import type { Plan, PlanResource } from "../synth";
import { API_VERSIONS, declarationFile, declaredApiVersion } from "./apiVersions";
import {
  type ArmModel,
  type ArmResourceModel,
  Inputs,
  MAPPINGS,
  templateResource,
  toArmModel,
} from "./model";
import { type ArmResource, type ArmSchemaIssue, validateArmResource } from "./schemaValidator";

const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");
const SCHEMA_ROOT = path.join(REPO_ROOT, "data", "arm-schemas");

/** The configurations every resource of which must be valid ARM. Each is synthesized once. */
const VARIANTS: Record<string, ConfigSource> = {
  private: { preset: "private" },
  starter: { preset: "starter" },
  "locked-down (SQL, approved outbound)": { preset: "locked-down" },
  "starter + allowedIpAddresses": {
    raw: { preset: "starter", allowedIpAddresses: ["203.0.113.7", "198.51.100.0/24"] },
  },
  "windows jump box + Bastion Standard": { raw: { jumpbox: { os: "windows", bastionSku: "Standard" } } },
  "isolationMode Disabled (compute subnet)": { raw: { workspace: { isolationMode: "Disabled" } } },
  // Also: SQL with an explicit Entra admin group, and a user assigned to the compute instance and jump box.
  "AzureUSGovernment + SQL Entra admin group + assigned user": {
    raw: {
      cloud: "AzureUSGovernment",
      data: {
        sql: {
          enabled: true,
          entraAdmin: { login: "sql-admins", objectId: "6f1b2c3d-4e5f-4a7b-8c9d-0e1f2a3b4c5d" },
        },
      },
      compute: { instance: { assignedUserObjectId: "0a1b2c3d-4e5f-4a7b-8c9d-0e1f2a3b4c5e" } },
    },
  },
};

const plans = new Map<string, Plan>();
const models = new Map<string, ArmModel>();

before(async () => {
  const fixtures = await plansFor(...Object.values(VARIANTS));
  Object.keys(VARIANTS).forEach((key, i) => {
    const { plan } = fixtures[i]!;
    plans.set(key, plan);
    models.set(key, toArmModel(plan));
  });
});

function model(key: string): ArmModel {
  const m = models.get(key);
  assert.ok(m, `no model for ${key}`);
  return m;
}

function ofType(m: ArmModel, type: string): ArmResourceModel[] {
  return m.resources.filter((r) => r.type === type);
}

function one(m: ArmModel, type: string, pulumiName?: RegExp): ArmResourceModel {
  const found = ofType(m, type).filter((r) => pulumiName === undefined || pulumiName.test(r.pulumiName));
  assert.equal(found.length, 1, `expected one ${type} ${pulumiName ?? ""}, found ${found.length}`);
  return found[0]!;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => {
  assert.ok(typeof v === "object" && v !== null && !Array.isArray(v), `not an object: ${JSON.stringify(v)}`);
  return v as Json;
};
const arr = (v: unknown): unknown[] => {
  assert.ok(Array.isArray(v), `not an array: ${JSON.stringify(v)}`);
  return v;
};
const props = (r: ArmResourceModel): Json => obj(r.properties);

// ---------------------------------------------------------------------------------------------------------
// Schema defects we accept, one by one (everything else must validate)
// ---------------------------------------------------------------------------------------------------------

/**
 * `Microsoft.Compute.json` 2024-11-01 still carries the closed `VirtualMachineSizeTypes` enum its own
 * description calls deprecated ("will be removed by December 23rd 2023"); the REST API takes any size
 * string (`x-ms-enum modelAsString`), and the enum lists no size newer than ~2018 (no B-series v2 such as
 * the jump box's default `Standard_B2as_v2`). Accepted only there and only for well-formed size names.
 */
function isKnownSchemaDefect(r: ArmResource, issue: ArmSchemaIssue): boolean {
  if (r.type !== "Microsoft.Compute/virtualMachines" || issue.path !== "/properties/hardwareProfile/vmSize") {
    return false;
  }
  const size = obj(obj(r.properties).hardwareProfile).vmSize;
  return (
    typeof size === "string" &&
    /^(Standard|Basic)_[A-Za-z0-9_-]+$/.test(size) &&
    /must be one of/.test(issue.message)
  );
}

// ---------------------------------------------------------------------------------------------------------
// Strict check: no key anywhere that the ARM schema does not declare
// ---------------------------------------------------------------------------------------------------------

/*
 * The ARM schemas leave most nested objects open (no `additionalProperties: false`), so a field left at the
 * wrong level by a mapping (a subnet's `addressPrefix` next to its `name` instead of under `properties`)
 * passes `validateArmResource`. This walks the data alongside the schema (following $refs, taking the union
 * of all allOf/oneOf/anyOf branches) and reports every key no branch declares. Objects the schema leaves
 * entirely open (`tags`, extension `settings`, ...) are not walked.
 */

const SCHEMA_URL = "https://schema.management.azure.com/schemas/";
const schemaDocs = new Map<string, Json>();

function schemaDoc(file: string): Json {
  let doc = schemaDocs.get(file);
  if (doc === undefined) {
    doc = JSON.parse(readFileSync(path.join(SCHEMA_ROOT, file), "utf8")) as Json;
    schemaDocs.set(file, doc);
  }
  return doc;
}

interface At {
  node: Json;
  file: string;
}

function pointer(doc: Json, fragment: string): unknown {
  let node: unknown = doc;
  for (const seg of fragment.split("/").slice(1))
    node = (node as Json | undefined)?.[seg.replace(/~1/g, "/")];
  return node;
}

/** Leaf schemas of a schema node: $refs followed, allOf/oneOf/anyOf flattened, ARM-expression branches dropped. */
function leaves(node: unknown, file: string, seen = new Set<unknown>()): At[] {
  if (typeof node !== "object" || node === null || seen.has(node)) return [];
  seen.add(node);
  const n = node as Json;
  const out: At[] = [];
  if (typeof n.$ref === "string") {
    if (n.$ref.endsWith("common/definitions.json#/definitions/expression")) return [];
    const [base = "", fragment = ""] = n.$ref.split("#");
    const target = base === "" ? file : base.replace(SCHEMA_URL, "");
    out.push(...leaves(pointer(schemaDoc(target), fragment), target, seen));
  }
  if (
    n.properties !== undefined ||
    n.items !== undefined ||
    n.additionalProperties !== undefined ||
    n.type !== undefined
  ) {
    out.push({ node: n, file });
  }
  for (const keyword of ["allOf", "oneOf", "anyOf"]) {
    for (const member of Array.isArray(n[keyword]) ? (n[keyword] as unknown[]) : [])
      out.push(...leaves(member, file, seen));
  }
  return out;
}

function undeclaredKeys(data: unknown, schemas: At[], at: string, out: string[]): void {
  if (Array.isArray(data)) {
    const items = schemas.flatMap((s) => leaves(s.node.items, s.file));
    for (const [i, d] of data.entries()) undeclaredKeys(d, items, `${at}/${i}`, out);
    return;
  }
  if (typeof data !== "object" || data === null || schemas.length === 0) return;
  const objectSchemas = schemas.filter((s) => s.node.type === "object" || s.node.properties !== undefined);
  const open = objectSchemas.some(
    (s) => s.node.properties === undefined && typeof s.node.additionalProperties !== "object",
  );
  if (objectSchemas.length === 0 || open) return;
  for (const [key, value] of Object.entries(data)) {
    const sub: At[] = [];
    for (const s of objectSchemas) {
      const declared = (s.node.properties as Json | undefined)?.[key];
      if (declared !== undefined) sub.push(...leaves(declared, s.file));
      else if (typeof s.node.additionalProperties === "object")
        sub.push(...leaves(s.node.additionalProperties, s.file));
    }
    const isDeclared = objectSchemas.some(
      (s) =>
        (s.node.properties as Json | undefined)?.[key] !== undefined ||
        typeof s.node.additionalProperties === "object",
    );
    if (!isDeclared) out.push(`${at}/${key}`);
    else undeclaredKeys(value, sub, `${at}/${key}`, out);
  }
}

/** Finds the resource definition of a type in the schema files of its namespace and apiVersion. */
function resourceDefinition(type: string, apiVersion: string): At {
  const dir = path.join(SCHEMA_ROOT, apiVersion);
  const namespace = type.split("/")[0]!.toLowerCase();
  const files = readdirSync(dir).filter((f) => f.toLowerCase().startsWith(`${namespace}.`));
  for (const f of files) {
    const file = `${apiVersion}/${f}`;
    const doc = schemaDoc(file);
    for (const section of [
      "resourceDefinitions",
      "subscription_resourceDefinitions",
      "extension_resourceDefinitions",
    ]) {
      for (const def of Object.values((doc[section] as Json | undefined) ?? {})) {
        const t = obj(obj(obj(def).properties).type);
        const name = (t.enum as string[] | undefined)?.[0] ?? (t.const as string | undefined);
        if (name?.toLowerCase() === type.toLowerCase()) return { node: obj(def), file };
      }
    }
  }
  throw new Error(`no definition of ${type}@${apiVersion}`);
}

function strictIssues(r: ArmResource): string[] {
  const def = resourceDefinition(r.type, r.apiVersion);
  const out: string[] = [];
  for (const [key, value] of Object.entries(JSON.parse(JSON.stringify(r)) as Json)) {
    const declared = obj(def.node.properties)[key];
    if (declared !== undefined) undeclaredKeys(value, leaves(declared, def.file), `/${key}`, out);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// (a) Every resource of every configuration is valid ARM
// ---------------------------------------------------------------------------------------------------------

describe("every resource of every configuration validates against Microsoft's ARM schemas", () => {
  for (const key of Object.keys(VARIANTS)) {
    test(key, () => {
      const m = model(key);
      assert.ok(m.resources.length > 20, `${key}: only ${m.resources.length} resources`);
      const problems: string[] = [];
      for (const r of m.resources) {
        if (r.dataPlane) continue;
        const template = templateResource(r);
        const issues = validateArmResource(template).filter((i) => !isKnownSchemaDefect(template, i));
        for (const i of issues)
          problems.push(`${r.type} ${r.name} (${r.pulumiName}): ${i.path} ${i.message}`);
        for (const p of strictIssues(template)) {
          problems.push(`${r.type} ${r.name} (${r.pulumiName}): ${p} is not declared by the ARM schema`);
        }
      }
      assert.deepEqual(problems, [], `\n${problems.join("\n")}`);
    });
  }

  test("the only schema defect accepted is the deprecated VM size enum, for the jump box size", () => {
    const vm = one(model("private"), "Microsoft.Compute/virtualMachines");
    const issues = validateArmResource(templateResource(vm));
    assert.deepEqual(
      issues.map((i) => i.path),
      ["/properties/hardwareProfile/vmSize"],
    );
    // A misspelt size is not excused.
    const typo = templateResource(vm);
    typo.properties = { ...obj(typo.properties), hardwareProfile: { vmSize: "Standard B2as v2" } };
    assert.equal(validateArmResource(typo).filter((i) => !isKnownSchemaDefect(typo, i)).length, 1);
  });

  test("the strict check catches a flattened field left at the wrong level", () => {
    const vnet = templateResource(one(model("private"), "Microsoft.Network/virtualNetworks"));
    const subnets = arr(obj(vnet.properties).subnets);
    const misplaced = {
      ...vnet,
      properties: {
        ...obj(vnet.properties),
        subnets: [{ ...obj(subnets[0]), addressPrefix: "10.9.0.0/24" }],
      },
    };
    assert.deepEqual(validateArmResource(misplaced), [], "the schema alone does not see it");
    assert.deepEqual(strictIssues(misplaced), ["/properties/subnets/0/addressPrefix"]);

    const nsg = templateResource(
      one(model("private"), "Microsoft.Network/networkSecurityGroups", /jumpbox$/),
    );
    const rule = obj(arr(obj(nsg.properties).securityRules)[0]);
    const flat = { ...nsg, properties: { securityRules: [{ name: rule.name, ...obj(rule.properties) }] } };
    assert.ok(strictIssues(flat).includes("/properties/securityRules/0/access"), strictIssues(flat).join());
  });
});

// ---------------------------------------------------------------------------------------------------------
// (b) Per-type mapping
// ---------------------------------------------------------------------------------------------------------

describe("per-type mapping", () => {
  test("storage account: flattened properties nested, enableHttpsTrafficOnly/networkRuleSet renamed, sku/kind on top", () => {
    const m = model("private");
    for (const st of ofType(m, "Microsoft.Storage/storageAccounts")) {
      const p = props(st);
      assert.equal(p.supportsHttpsTrafficOnly, true);
      assert.equal(p.minimumTlsVersion, "TLS1_2");
      assert.equal(p.allowBlobPublicAccess, false);
      assert.equal(p.publicNetworkAccess, "Disabled");
      assert.equal(obj(p.networkAcls).defaultAction, "Deny");
      assert.equal(obj(p.networkAcls).bypass, "AzureServices");
      assert.ok(!("enableHttpsTrafficOnly" in p) && !("networkRuleSet" in p));
      assert.deepEqual(st.sku, { name: "Standard_LRS" });
      assert.equal(st.kind, "StorageV2");
      for (const k of ["accountName", "resourceGroupName", "minimumTlsVersion", "networkRuleSet"])
        assert.ok(!(k in st), k);
    }
    const lake = one(m, "Microsoft.Storage/storageAccounts", /lake$/);
    assert.equal(props(lake).isHnsEnabled, true);
  });

  test("storage and registry IP rules: iPAddressOrRange becomes ARM `value`", () => {
    const m = model("starter + allowedIpAddresses");
    const lake = one(m, "Microsoft.Storage/storageAccounts", /lake$/);
    assert.deepEqual(obj(props(lake).networkAcls).ipRules, [
      { action: "Allow", value: "203.0.113.7" },
      { action: "Allow", value: "198.51.100.0/24" },
    ]);
    const cr = one(m, "Microsoft.ContainerRegistry/registries");
    assert.deepEqual(arr(obj(props(cr).networkRuleSet).ipRules)[0], {
      action: "Allow",
      value: "203.0.113.7",
    });
    assert.equal(props(cr).networkRuleBypassOptions, "AzureServices");
    assert.deepEqual(cr.sku, { name: "Premium" });
    // Key Vault's args are ARM-shaped already (`value`).
    const kv = one(m, "Microsoft.KeyVault/vaults");
    assert.deepEqual(arr(obj(props(kv).networkAcls).ipRules)[0], { value: "203.0.113.7" });
  });

  test("ML workspace: identity map keyed by the UAI id, managed network with outbound rules under properties", () => {
    const m = model("locked-down (SQL, approved outbound)");
    const ws = one(m, "Microsoft.MachineLearningServices/workspaces");
    const uai = one(m, "Microsoft.ManagedIdentity/userAssignedIdentities");
    assert.deepEqual(ws.identity, { type: "UserAssigned", userAssignedIdentities: { [uai.id]: {} } });
    const p = props(ws);
    assert.equal(p.primaryUserAssignedIdentity, uai.id);
    assert.equal(p.publicNetworkAccess, "Disabled");
    assert.equal(p.systemDatastoresAuthMode, "Identity");
    const managed = obj(p.managedNetwork);
    assert.equal(managed.isolationMode, "AllowOnlyApprovedOutbound");
    const rules = obj(managed.outboundRules);
    assert.deepEqual(rules.pypi, { type: "FQDN", category: "UserDefined", destination: "pypi.org" });
    assert.equal(obj(obj(rules.sqlserver).destination).subresourceTarget, "sqlServer");
    assert.deepEqual(ws.sku, { name: "Basic", tier: "Basic" });
    assert.equal(ws.kind, "Default");
    assert.ok(!("managedNetwork" in ws) && !("workspaceName" in ws));
  });

  test("private endpoint: connection fields nested under properties; subnet reference keeps its id", () => {
    const pe = one(model("private"), "Microsoft.Network/privateEndpoints", /deps-st-blob-pe$/);
    const p = props(pe);
    const connection = obj(arr(p.privateLinkServiceConnections)[0]);
    assert.deepEqual(Object.keys(connection).sort(), ["name", "properties"]);
    assert.deepEqual(obj(connection.properties).groupIds, ["blob"]);
    assert.match(String(obj(connection.properties).privateLinkServiceId), /\/storageAccounts\/stw/);
    assert.match(String(obj(p.subnet).id), /\/subnets\/snet-private-endpoints$/);
    // The SDK's Subnet defaults travel with the reference, nested like any subnet property.
    assert.deepEqual(Object.keys(obj(obj(p.subnet).properties)).sort(), [
      "privateEndpointNetworkPolicies",
      "privateLinkServiceNetworkPolicies",
    ]);
    assert.equal(
      p.customNetworkInterfaceName,
      `pe-${resourceNames({ name: "secureaml" }, MOCK_CLIENT.subscriptionId).storage}-blob-nic`,
    );
  });

  test("private DNS zone group: child type, `pe-…/default` name, zone configs nested", () => {
    const m = model("private");
    const groups = ofType(m, "Microsoft.Network/privateEndpoints/privateDnsZoneGroups");
    assert.equal(groups.length, ofType(m, "Microsoft.Network/privateEndpoints").length);
    for (const g of groups) {
      assert.match(g.name, /^pe-[^/]+\/default$/);
      const config = obj(arr(props(g).privateDnsZoneConfigs)[0]);
      assert.match(String(obj(config.properties).privateDnsZoneId), /\/privateDnsZones\/privatelink\./);
      assert.equal(config.privateDnsZoneId, undefined);
      assert.equal(g.location, undefined);
    }
    const workspaceGroup = one(m, "Microsoft.Network/privateEndpoints/privateDnsZoneGroups", /workspace/);
    assert.equal(arr(props(workspaceGroup).privateDnsZoneConfigs).length, 2, "api.azureml.ms + notebooks");
  });

  test("virtual network: subnet fields and NSG references nested under each subnet's properties", () => {
    const vnet = one(model("isolationMode Disabled (compute subnet)"), "Microsoft.Network/virtualNetworks");
    const p = props(vnet);
    assert.deepEqual(p.addressSpace, { addressPrefixes: ["10.0.0.0/16"] });
    const subnets = arr(p.subnets).map(obj);
    assert.deepEqual(
      subnets.map((s) => s.name),
      ["snet-private-endpoints", "snet-jumpbox", "snet-compute"],
    );
    for (const s of subnets) {
      assert.deepEqual(Object.keys(s).sort(), ["name", "properties"]);
      const sp = obj(s.properties);
      assert.equal(sp.defaultOutboundAccess, false);
      assert.match(String(obj(sp.networkSecurityGroup).id), /\/networkSecurityGroups\/nsg-/);
    }
    assert.equal(obj(subnets[2]!.properties).addressPrefix, "10.0.2.0/24");
    assert.match(String(obj(obj(subnets[1]!.properties).natGateway).id), /\/natGateways\//);
  });

  test("NSG: security rules as {name, properties}", () => {
    const nsg = one(model("private"), "Microsoft.Network/networkSecurityGroups", /privateEndpoints$/);
    const rule = obj(arr(props(nsg).securityRules)[0]);
    assert.deepEqual(Object.keys(rule).sort(), ["name", "properties"]);
    assert.equal(rule.name, "DenyInternetInbound");
    const rp = obj(rule.properties);
    assert.deepEqual([rp.access, rp.direction], ["Deny", "Inbound"]);
    // The rule's priority carried as a number (its value is the stack's choice; stack.test.ts checks its
    // precedence among the subnet's rules).
    assert.equal(typeof rp.priority, "number");
  });

  test("NIC, Bastion (Standard) and VM: ip configurations and NIC references nested", () => {
    const m = model("windows jump box + Bastion Standard");
    const nic = one(m, "Microsoft.Network/networkInterfaces");
    const ipc = obj(arr(props(nic).ipConfigurations)[0]);
    assert.equal(ipc.name, "ipconfig1");
    assert.match(String(obj(obj(ipc.properties).subnet).id), /\/subnets\/snet-jumpbox$/);
    assert.equal(obj(ipc.properties).privateIPAllocationMethod, "Dynamic");

    const bastion = one(m, "Microsoft.Network/bastionHosts");
    assert.deepEqual(bastion.sku, { name: "Standard" });
    assert.equal(props(bastion).enableTunneling, true);
    const bipc = obj(arr(props(bastion).ipConfigurations)[0]);
    assert.match(String(obj(obj(bipc.properties).subnet).id), /\/subnets\/AzureBastionSubnet$/);
    assert.match(String(obj(obj(bipc.properties).publicIPAddress).id), /\/publicIPAddresses\//);

    const vm = one(m, "Microsoft.Compute/virtualMachines");
    assert.deepEqual(vm.identity, { type: "SystemAssigned" });
    const vp = props(vm);
    assert.equal(vp.licenseType, "Windows_Client");
    assert.deepEqual(obj(vp.networkProfile).networkInterfaces, [
      { id: nic.id, properties: { primary: true } },
    ]);
    assert.equal(obj(vp.osProfile).adminPassword, "[secret]");
    assert.equal(obj(vp.securityProfile).securityType, "TrustedLaunch");

    const ext = one(m, "Microsoft.Compute/virtualMachines/extensions", /entra-login$/);
    assert.equal(ext.name, "vm-secureaml-jump/AADLoginForWindows");
    assert.deepEqual(
      [props(ext).publisher, props(ext).type, props(ext).typeHandlerVersion, props(ext).settings],
      ["Microsoft.Azure.ActiveDirectory", "AADLoginForWindows", "2.0", {}],
    );
  });

  test("compute instance: azure-native's properties kept as ARM's (computeType + nested properties)", () => {
    const m = model("isolationMode Disabled (compute subnet)");
    const computes = ofType(m, "Microsoft.MachineLearningServices/workspaces/computes");
    const ci = computes.find((c) => props(c).computeType === "ComputeInstance")!;
    const ws = one(m, "Microsoft.MachineLearningServices/workspaces");
    // The image build cluster (private registry) maps the same way.
    const cluster = computes.find((c) => props(c).computeType === "AmlCompute");
    assert.equal(obj(obj(props(cluster!).properties).scaleSettings).minNodeCount, 0);
    assert.equal(ci.name, `${ws.name}/${ci.id.split("/").pop()}`);
    assert.equal(props(ci).computeType, "ComputeInstance");
    assert.equal(props(ci).disableLocalAuth, true);
    const inner = obj(props(ci).properties);
    assert.equal(inner.enableNodePublicIp, false);
    assert.deepEqual(inner.sshSettings, { sshPublicAccess: "Disabled" });
    assert.match(String(obj(inner.subnet).id), /\/subnets\/snet-compute$/);
  });

  test("role assignment: properties, template-level scope, id under the scope", () => {
    const m = model("locked-down (SQL, approved outbound)");
    const kv = one(m, "Microsoft.KeyVault/vaults");
    const ra = one(m, "Microsoft.Authorization/roleAssignments", /ra-kv-contrib$/);
    assert.equal(ra.scope, kv.id);
    assert.equal(ra.id, `${kv.id}/providers/Microsoft.Authorization/roleAssignments/${ra.name}`);
    assert.match(ra.name, /^[0-9a-f-]{36}$/);
    const p = props(ra);
    assert.match(String(p.roleDefinitionId), /\/roleDefinitions\/b24988ac-6180-42a0-ab88-20f7382dd24c$/);
    assert.match(String(p.principalId), /^[0-9a-f-]{36}$/);
    assert.equal(p.principalType, "ServicePrincipal");
    assert.ok(!("location" in ra) && !("tags" in ra));
    const uai = one(m, "Microsoft.ManagedIdentity/userAssignedIdentities");
    assert.deepEqual(
      new Set(ra.dependsOnIds),
      new Set([kv.id, uai.id]),
      "scope and the principal's identity",
    );
  });

  test("SQL server, database, Log Analytics, App Insights, DNS zone, VNet link, resource group", () => {
    const m = model("AzureUSGovernment + SQL Entra admin group + assigned user");
    const sql = one(m, "Microsoft.Sql/servers");
    assert.deepEqual(props(sql).administrators, {
      administratorType: "ActiveDirectory",
      azureADOnlyAuthentication: true,
      login: "sql-admins",
      principalType: "Group",
      sid: "6f1b2c3d-4e5f-4a7b-8c9d-0e1f2a3b4c5d",
      tenantId: "00000000-0000-0000-0000-00000007e4a7",
    });
    assert.equal(props(sql).minimalTlsVersion, "1.2");
    const db = one(m, "Microsoft.Sql/servers/databases");
    assert.equal(db.name, `${sql.name}/sqldb-secureaml`);
    assert.deepEqual(db.sku, { name: "Basic" });
    assert.equal(props(db).maxSizeBytes, 2147483648);

    const log = one(m, "Microsoft.OperationalInsights/workspaces");
    assert.deepEqual(
      props(log),
      { retentionInDays: 30, sku: { name: "PerGB2018" } },
      "sku is under properties in ARM",
    );
    assert.equal(log.sku, undefined);

    const appi = one(m, "Microsoft.Insights/components");
    assert.equal(appi.kind, "web");
    assert.equal(props(appi).Application_Type, "web");
    assert.equal(props(appi).WorkspaceResourceId, log.id);
    assert.equal(props(appi).DisableLocalAuth, true);
    assert.ok(!("applicationType" in props(appi)));

    const zone = ofType(m, "Microsoft.Network/privateDnsZones")[0]!;
    assert.deepEqual([zone.location, zone.properties], ["global", {}]);
    const link = ofType(m, "Microsoft.Network/privateDnsZones/virtualNetworkLinks")[0]!;
    assert.equal(link.name.split("/").length, 2);
    assert.equal(props(link).registrationEnabled, false);

    const rg = one(m, "Microsoft.Resources/resourceGroups");
    assert.deepEqual([rg.name, rg.location, rg.properties], ["rg-secureaml", "eastus2", {}]);
    assert.equal(rg.tags?.["managed-by"], "secure-aml");
  });

  test("datastore and connection: properties kept; skipValidation (a request option) dropped", () => {
    const m = model("locked-down (SQL, approved outbound)");
    const ds = one(m, "Microsoft.MachineLearningServices/workspaces/datastores", /ds-lake$/);
    assert.equal(props(ds).datastoreType, "AzureDataLakeGen2");
    assert.ok(!("skipValidation" in ds) && !("skipValidation" in props(ds)));
    const conn = one(m, "Microsoft.MachineLearningServices/workspaces/connections");
    assert.equal(props(conn).category, "AzureSqlDb");
  });

  test("blob container is a storage child (account/default/container); blobs are data plane", () => {
    const m = model("starter + allowedIpAddresses");
    const container = ofType(m, "Microsoft.Storage/storageAccounts/blobServices/containers")[0]!;
    assert.match(container.name, /^[a-z0-9]+\/default\/[a-z0-9-]+$/);
    assert.equal(props(container).publicAccess, "None");
    const account = container.id.replace(/\/blobServices\/.*$/, "");
    assert.deepEqual(container.dependsOnIds, [account]);

    const blobs = m.resources.filter((r) => r.dataPlane);
    assert.ok(blobs.length > 0, "the deployer uploads the sample data when the firewall lets it in");
    for (const b of blobs) {
      assert.equal(b.pulumiType, "azure-native:storage:Blob");
      assert.equal(b.apiVersion, "");
      assert.match(b.name, /^[a-z0-9]+\/default\/[a-z0-9-]+\/contacts\.csv$/);
      assert.deepEqual(b.properties, { blobType: "Block", contentType: "text/csv" });
    }
  });
});

// ---------------------------------------------------------------------------------------------------------
// (c) Ids, names, API versions, exclusions, errors
// ---------------------------------------------------------------------------------------------------------

describe("ids, names, API versions", () => {
  test("ids equal the plan's; names have one segment per type segment and end the id", () => {
    for (const [key, plan] of plans) {
      const m = model(key);
      const planIds = new Map(plan.resources.map((r) => [`${r.type}::${r.name}`, r.id]));
      for (const r of m.resources) {
        assert.equal(r.id, planIds.get(`${r.pulumiType}::${r.pulumiName}`), `${key}: ${r.pulumiName}`);
        const segments = r.name.split("/");
        assert.equal(segments.length, r.type.split("/").length - 1, `${r.type} ${r.name}`);
        assert.ok(r.id.endsWith(`/${segments.at(-1)}`), `${r.id} should end with ${r.name}`);
        if (segments.length > 1) {
          // Children: each parent segment appears in the id after its type segment.
          const types = r.type.split("/").slice(1);
          const suffix = types.map((t, i) => `${t}/${segments[i]}`).join("/");
          assert.ok(r.id.toLowerCase().endsWith(suffix.toLowerCase()), `${r.id} vs ${suffix}`);
        }
      }
    }
  });

  test("every model resource's apiVersion is the one the installed azure-native declares", () => {
    for (const [key, m] of models) {
      for (const r of m.resources)
        assert.equal(r.apiVersion, declaredApiVersion(r.pulumiType) ?? "", `${key}: ${r.pulumiType}`);
    }
  });

  test("API_VERSIONS matches the azure-native declarations (fails when an upgrade changes a version)", () => {
    const drift = Object.entries(API_VERSIONS)
      .map(([token, version]) => ({ token, table: version, declared: declaredApiVersion(token) }))
      .filter((d) => d.table !== d.declared);
    assert.deepEqual(drift, [], "update API_VERSIONS (and data/arm-schemas) for these tokens");
  });

  test("every Azure token of the stack has an ARM type, a mapping and an API version", () => {
    assert.deepEqual(Object.keys(MAPPINGS).sort(), Object.keys(ARM_TYPES).sort());
    assert.deepEqual(Object.keys(API_VERSIONS).sort(), Object.keys(ARM_TYPES).sort());
  });

  test("each mapping handles exactly its azure-native args (all of them, nothing else)", () => {
    // `id`/`name`: some args also accept the ARM id or name, which the model takes from the resource itself.
    const ignorable = new Set(["id", "name"]);
    for (const [token, mapping] of Object.entries(MAPPINGS)) {
      const resource = token.split(":")[2]!;
      const source = readFileSync(declarationFile(token), "utf8");
      const body = new RegExp(`export interface ${resource}Args \\{([\\s\\S]*?)\\n\\}`).exec(source)?.[1];
      assert.ok(body, `${token}: ${resource}Args not found`);
      const args = [...body.matchAll(/^ {4}(\w+)\??:/gm)].map((x) => x[1]!);
      const info = ARM_TYPES[token]!;
      const inputs = new Inputs(Object.fromEntries(args.map((a) => [a, "x"])));
      inputs.skip(info.nameKey, ...(info.parentKeys ?? []), "resourceGroupName");
      mapping(inputs);
      assert.deepEqual(
        inputs.unconsumed().filter((k) => !ignorable.has(k)),
        [],
        `${token}: args the mapping does not handle`,
      );
      assert.deepEqual(
        inputs.consumed().filter((k) => !args.includes(k) && k !== "resourceGroupName"),
        [],
        `${token}: the mapping reads inputs that are not args`,
      );
    }
  });

  test("components, random passwords, tls keys and time waits are excluded, with reasons; nothing else is", () => {
    // The private preset's Linux jump box has a generated key, the Windows one a generated password.
    for (const [name, generated] of [
      ["private", "tls:index/privateKey:PrivateKey"],
      ["windows jump box + Bastion Standard", "random:index/randomPassword:RandomPassword"],
    ] as const) {
      const m = model(name);
      const plan = plans.get(name)!;
      const excludedTypes = new Set(m.excluded.map((e) => e.pulumiType));
      assert.ok(excludedTypes.has(generated), name);
      assert.ok(excludedTypes.has("secure-aml:stack:SecureAml"));
      // The role propagation wait before the workspace.
      assert.ok(excludedTypes.has("time:index/sleep:Sleep"), name);
      for (const e of m.excluded) {
        assert.ok(!e.pulumiType.startsWith("azure-native:"), e.pulumiType);
        const reason = e.pulumiType.startsWith("random:")
          ? /random provider/
          : e.pulumiType.startsWith("tls:")
            ? /tls provider/
            : e.pulumiType.startsWith("time:")
              ? /time provider/
              : /component/;
        assert.match(e.reason, reason);
      }
      assert.equal(m.resources.length + m.excluded.length, plan.resources.length);
    }
  });

  test("templateResource strips the model's own fields and turns dependsOnIds into dependsOn", () => {
    const m = model("private");
    const group = ofType(m, "Microsoft.Network/privateEndpoints/privateDnsZoneGroups")[0]!;
    const t = templateResource(group);
    for (const k of ["id", "pulumiType", "pulumiName", "dependsOnIds", "dataPlane"]) assert.ok(!(k in t), k);
    const pe = m.resources.find((r) => r.id === group.id.replace(/\/privateDnsZoneGroups\/default$/, ""));
    assert.ok(
      pe && t.dependsOn && (t.dependsOn as string[]).includes(pe.id),
      "a zone group depends on its endpoint",
    );
    const zones = arr(props(group).privateDnsZoneConfigs).map((c) =>
      String(obj(obj(c).properties).privateDnsZoneId),
    );
    for (const z of zones) assert.ok((t.dependsOn as string[]).includes(z), `and on its zone ${z}`);
  });

  test("the subnet reference of a resource makes it depend on the VNet (not on the resource group)", () => {
    const m = model("private");
    const vnet = one(m, "Microsoft.Network/virtualNetworks");
    const rg = one(m, "Microsoft.Resources/resourceGroups");
    const nic = one(m, "Microsoft.Network/networkInterfaces");
    assert.ok(nic.dependsOnIds?.includes(vnet.id));
    assert.ok(!nic.dependsOnIds?.includes(rg.id));
  });

  const fake = (
    type: string,
    inputs: Json,
    id = "/subscriptions/0/resourceGroups/rg/providers/X/y/z",
  ): Plan => ({
    resources: [{ type, name: "fake", parent: null, id, inputs, dependsOn: [] } satisfies PlanResource],
    warnings: [],
    outputs: {},
  });

  test("a token without a mapping makes toArmModel throw, naming it", () => {
    assert.throws(
      () =>
        toArmModel(
          fake("azure-native:network:RouteTable", { routeTableName: "rt", resourceGroupName: "rg" }),
        ),
      /no ARM mapping for azure-native:network:RouteTable \(resource "fake"\).*MAPPINGS/,
    );
    assert.throws(() => toArmModel(fake("aws:s3:Bucket", {}, "bucket")), /no ARM mapping for aws:s3:Bucket/);
  });

  test("an input the mapping does not know makes toArmModel throw, naming it", () => {
    const inputs = { resourceGroupName: "rg", resourceName: "id-x", location: "eastus2", fooBar: 1 };
    assert.throws(
      () => toArmModel(fake("azure-native:managedidentity:UserAssignedIdentity", inputs)),
      /UserAssignedIdentity \(resource "fake"\): input\(s\) fooBar have no ARM mapping/,
    );
  });
});
