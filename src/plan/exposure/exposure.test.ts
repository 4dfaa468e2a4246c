import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { PRESET, planFor, plansFor } from "../../../test/support/plans";
import { ROLES } from "../../infra/roles";
import { type ArmModel, type ArmResourceModel, toArmModel } from "../arm/model";
import type { Plan } from "../synth";
import { analyzeExposure, exposureOfPlan } from "./analyze";
import { type Endpoint, type ExposureReport, REQUIRED_CATEGORY } from "./types";

/** ARM types the mutations edit: the analysis reads the ARM model, so the tests edit it too. */
const T = {
  rg: "Microsoft.Resources/resourceGroups",
  role: "Microsoft.Authorization/roleAssignments",
  zoneGroup: "Microsoft.Network/privateEndpoints/privateDnsZoneGroups",
  link: "Microsoft.Network/privateDnsZones/virtualNetworkLinks",
  nic: "Microsoft.Network/networkInterfaces",
  nsg: "Microsoft.Network/networkSecurityGroups",
  pip: "Microsoft.Network/publicIPAddresses",
  storage: "Microsoft.Storage/storageAccounts",
  sql: "Microsoft.Sql/servers",
  sqlFirewall: "Microsoft.Sql/servers/firewallRules",
  uai: "Microsoft.ManagedIdentity/userAssignedIdentities",
  workspace: "Microsoft.MachineLearningServices/workspaces",
} as const;

type Json = Record<string, unknown>;

const NO_MANAGED_VNET = {
  raw: { workspace: { isolationMode: "Disabled" }, jumpbox: { bastionSku: "Standard" } },
};

const plans: Record<string, Plan> = {};
const models: Record<string, ArmModel> = {};

/** A deep copy of a preset's ARM model that a test may edit freely. */
function copyOf(key: string): ArmModel {
  return structuredClone(models[key]!);
}

/** The report of an (edited) ARM model of a preset, with the preset plan's principals. */
const analyze = (key: string, model: ArmModel): ExposureReport =>
  analyzeExposure(model, plans[key]!.principals);

/** A resource's ARM `properties` (for editing). */
const props = (r: ArmResourceModel): Json => r.properties as Json;

const one = (
  model: ArmModel,
  type: string,
  pred: (r: ArmResourceModel) => boolean = () => true,
): ArmResourceModel => {
  const found = model.resources.filter((r) => r.type === type && pred(r));
  assert.equal(found.length, 1, `expected one ${type}, found ${found.length}`);
  return found[0]!;
};
const endpoint = (report: ExposureReport, service: Endpoint["service"], resource?: string): Endpoint => {
  const found = report.endpoints.filter(
    (e) => e.service === service && (!resource || e.resource === resource),
  );
  assert.equal(found.length, 1, `expected one ${service} endpoint${resource ? ` for ${resource}` : ""}`);
  return found[0]!;
};
const rule = (report: ExposureReport, name: string) => {
  const r = report.outboundRules.find((x) => x.name === name);
  assert.ok(r, `no outbound rule ${name}`);
  return r;
};
const isApprover = (r: ArmResourceModel) =>
  r.type === T.role && String(props(r).roleDefinitionId).endsWith(`/${ROLES.networkConnectionApprover}`);

describe("network exposure", () => {
  before(async () => {
    const [priv, starter, locked] = await plansFor(
      PRESET.private,
      PRESET.starterIp,
      PRESET.lockedDown,
      NO_MANAGED_VNET,
    );
    Object.assign(plans, { private: priv.plan, starter: starter.plan, locked: locked.plan });
    for (const [key, plan] of Object.entries(plans)) models[key] = toArmModel(plan);
  });

  test("exposureOfPlan analyses the plan's own resources, with the principals the plan recorded", () => {
    for (const key of Object.keys(plans)) {
      const plan = plans[key]!;
      const report = exposureOfPlan(plan);
      // The workspace identity comes from the plan's principals (not inferred from role assignments) ...
      const uai = one(models[key]!, T.uai);
      assert.equal(report.workspacePrincipal?.id, plan.principals?.[uai.id], key);
      assert.doesNotMatch(report.workspacePrincipal?.source ?? "", /^inferred/, key);
      // ... and every endpoint is a resource of the plan, under its Azure name and ARM type.
      const azure = new Set(models[key]!.resources.map((r) => `${r.type}|${r.name.split("/").pop()}`));
      assert.ok(report.endpoints.length > 5, key);
      for (const e of report.endpoints)
        assert.ok(azure.has(`${e.resourceType}|${e.resource}`), `${key}: ${e.id}`);
      assert.equal(report.workspace, one(models[key]!, T.workspace).name, key);
    }
  });

  describe("private preset", () => {
    let report: ExposureReport;
    before(() => {
      report = analyze("private", models.private!);
    });

    test("nothing is reachable from the internet", () => {
      const open = report.endpoints.filter((e) => e.internet.reachable);
      assert.deepEqual(
        open.map((e) => e.id),
        [],
      );
      for (const e of report.endpoints) assert.deepEqual(e.internet.from, [], e.id);
    });

    test("the workspace is reached through its private endpoint with both zones, linked to the VNet", () => {
      const api = endpoint(report, "workspace-api");
      assert.equal(api.customerVnet.reachable, true);
      assert.match(
        api.customerVnet.path,
        /^private endpoint pe-mlw-.*amlworkspace \+ DNS privatelink\.api\.azureml\.ms$/,
      );
      assert.deepEqual(api.customerVnet.dnsZones, ["privatelink.api.azureml.ms"]);
      const nb = endpoint(report, "notebooks");
      assert.equal(nb.customerVnet.reachable, true);
      assert.deepEqual(nb.customerVnet.dnsZones, ["privatelink.notebooks.azure.net"]);
      const pe = report.privateEndpoints.find((p) => p.group === "amlworkspace");
      assert.ok(pe);
      assert.deepEqual(pe.zones, ["privatelink.api.azureml.ms", "privatelink.notebooks.azure.net"]);
      assert.equal(pe.zonesLinked, true);
      assert.deepEqual(pe.missingZones, []);
      assert.equal(pe.target, report.workspace);
    });

    test("Studio is reached from the VNet: UI over the NAT gateway, API through the private endpoint", () => {
      const studio = endpoint(report, "studio");
      assert.equal(studio.customerVnet.reachable, true);
      assert.match(studio.customerVnet.path, /UI from ml\.azure\.com over NAT gateway .*private endpoint/);
      assert.equal(studio.managedVnet.reachable, false);
    });

    test("every storage endpoint is reached through a private endpoint with its zone", () => {
      const storage = report.endpoints.filter((e) => ["blob", "dfs", "file"].includes(e.service));
      // default storage blob+file, lake blob+dfs, blob account blob
      assert.equal(storage.length, 5);
      for (const e of storage) {
        assert.equal(e.customerVnet.reachable, true, e.id);
        assert.match(e.customerVnet.privateEndpoint ?? "", new RegExp(`^pe-${e.resource}-${e.service}$`));
        assert.deepEqual(e.customerVnet.dnsZones, [`privatelink.${e.service}.core.windows.net`], e.id);
      }
      assert.ok(report.privateEndpoints.every((p) => p.zonesLinked && p.approval === "automatic"));
    });

    test("managed VNet: store rules, and Azure's required rules for the private default dependencies", () => {
      assert.equal(report.isolationMode, "AllowInternetOutbound");
      assert.match(endpoint(report, "dfs").managedVnet.path, /^outbound rule datalake/);
      // The lake's blob API is reached from managed compute too (tools that use blob on a lake).
      const lake = endpoint(report, "dfs").resource;
      const lakeBlob = endpoint(report, "blob", lake).managedVnet;
      assert.deepEqual(
        [lakeBlob.reachable, /^outbound rule datalake-blob/.test(lakeBlob.path)],
        [true, true],
      );
      const st = report.endpoints.find((e) => e.service === "file")!;
      assert.deepEqual(
        { reachable: st.managedVnet.reachable, path: st.managedVnet.path },
        { reachable: true, path: "required rule (created by Azure)" },
      );
      const required = report.outboundRules.filter((r) => r.category === REQUIRED_CATEGORY);
      assert.deepEqual(required.map((r) => r.subresource).sort(), [
        "amlworkspace",
        "blob",
        "file",
        "registry",
        "vault",
      ]);
      // AllowInternetOutbound: no service tag rules are needed.
      assert.ok(required.every((r) => r.type === "PrivateEndpoint"));
    });

    test("compute instance and jump box have no public IP; the jump box is reached through Bastion", () => {
      const ci = endpoint(report, "compute-instance");
      assert.match(ci.internet.path, /no public IP.*SSH disabled/);
      assert.equal(ci.managedVnet.reachable, true);
      const jb = endpoint(report, "jumpbox");
      assert.equal(jb.internet.reachable, false);
      // Bastion Developer has no Entra ID sign-in: the way in is the local account with the generated key.
      assert.match(jb.internet.path, /Bastion Developer \(Azure portal, local account with SSH key\)/);
      assert.match(jb.customerVnet.path, /in subnet snet-jumpbox; reached through Bastion Developer/);
    });

    test("the workspace identity is the user-assigned identity, and there are no issues", () => {
      assert.match(report.workspacePrincipal?.source ?? "", /^user-assigned identity id-/);
      assert.deepEqual(report.issues, []);
    });
  });

  describe("starter preset with allowedIpAddresses", () => {
    let report: ExposureReport;
    before(() => {
      report = analyze("starter", models.starter!);
    });

    test("the workspace (API, Studio, notebooks) is reachable from any address", () => {
      for (const s of ["workspace-api", "studio", "notebooks"] as const) {
        const e = endpoint(report, s);
        assert.equal(e.internet.reachable, true, s);
        assert.deepEqual(e.internet.from, ["any"], s);
      }
      assert.ok(report.issues.some((i) => /Workspace mlw-.* reachable from any internet address/.test(i)));
    });

    test("every storage endpoint is reachable from the internet only from the allowed IP", () => {
      const storage = report.endpoints.filter((e) => ["blob", "dfs", "file"].includes(e.service));
      assert.ok(storage.length >= 3);
      for (const e of storage) {
        assert.deepEqual(e.internet.from, ["203.0.113.7"], e.id);
        assert.match(e.internet.path, /firewall default Deny \+ IP rules/);
        assert.equal(e.trustedServices, true);
        assert.equal(e.customerVnet.reachable, false);
      }
      assert.deepEqual(endpoint(report, "vault").internet.from, ["203.0.113.7"]);
      assert.deepEqual(endpoint(report, "registry").internet.from, ["203.0.113.7"]);
    });

    test("no private endpoints; rules to the data stores and to the firewalled defaults are auto-approved", () => {
      assert.deepEqual(report.privateEndpoints, []);
      assert.deepEqual(
        report.outboundRules.map((r) => [r.name, r.approval]),
        [
          ["blobstore", "automatic"],
          ["datalake", "automatic"],
          ["datalake-blob", "automatic"],
          ["keyvault", "automatic"],
          ["registry", "automatic"],
          ["storage-blob", "automatic"],
          ["storage-file", "automatic"],
        ],
      );
      // The managed compute reaches the public-but-firewalled default storage through its rule.
      assert.equal(endpoint(report, "file").managedVnet.reachable, true);
      // AllowInternetOutbound with public dependencies: Azure adds no required rule (facts §1.3).
      assert.ok(report.outboundRules.every((r) => r.category !== REQUIRED_CATEGORY));
    });

    test("no jump box in the plan, so no jump box endpoint", () => {
      assert.ok(report.endpoints.every((e) => e.service !== "jumpbox"));
    });
  });

  describe("locked-down preset", () => {
    let report: ExposureReport;
    before(() => {
      report = analyze("locked", models.locked!);
    });

    test("private endpoint rules to the data stores are approved automatically", () => {
      for (const name of ["datalake", "blobstore", "sqlserver"]) {
        const r = rule(report, name);
        assert.equal(r.type, "PrivateEndpoint");
        assert.equal(r.approval, "automatic", name);
        assert.match(r.why, /Network Connection Approver/);
      }
      assert.equal(rule(report, "datalake").destination.endsWith("/dfs (Spark)"), true);
      assert.equal(rule(report, "sqlserver").subresource, "sqlServer");
    });

    test("FQDN rules need no approval", () => {
      const pypi = rule(report, "pypi");
      assert.deepEqual([pypi.type, pypi.destination, pypi.approval], ["FQDN", "pypi.org", "not-needed"]);
      assert.match(pypi.why, /Azure Firewall \(Basic\)/);
    });

    test("Azure's required rules are listed: private endpoints to the defaults and service tags", () => {
      const required = report.outboundRules.filter((r) => r.category === REQUIRED_CATEGORY);
      const pe = required.filter((r) => r.type === "PrivateEndpoint");
      assert.deepEqual(pe.map((r) => r.subresource).sort(), [
        "amlworkspace",
        "blob",
        "file",
        "registry",
        "vault",
      ]);
      assert.ok(pe.every((r) => r.approval === "automatic"));
      const tags = required.filter((r) => r.type === "ServiceTag").map((r) => r.destination);
      assert.ok(tags.includes("AzureActiveDirectory"));
      assert.ok(tags.includes("BatchNodeManagement.eastus2"));
    });

    test("SQL is private: reached through its private endpoint and the sqlserver rule", () => {
      const sql = endpoint(report, "sql");
      assert.equal(sql.internet.reachable, false);
      assert.deepEqual(sql.customerVnet.dnsZones, ["privatelink.database.windows.net"]);
      assert.equal(sql.managedVnet.rule, "sqlserver");
      assert.deepEqual(report.issues, []);
    });
  });

  describe("mutations of the ARM model: the report follows the resources, not the preset", () => {
    test("without the resource-group approver role, the data store rules wait for a person", () => {
      const model = copyOf("locked");
      const rgId = one(model, T.rg).id;
      const before = model.resources.length;
      model.resources = model.resources.filter((r) => !(isApprover(r) && r.scope === rgId));
      assert.equal(model.resources.length, before - 1);
      const report = analyze("locked", model);
      for (const name of ["sqlserver", "datalake", "datalake-blob", "blobstore"]) {
        const r = rule(report, name);
        assert.equal(r.approval, "manual", name);
        assert.match(r.why, /stays Pending/);
      }
      assert.ok(report.issues.some((i) => i.startsWith('Outbound rule "sqlserver"')));
      const sql = endpoint(report, "sql");
      assert.equal(sql.managedVnet.reachable, false);
      assert.match(sql.managedVnet.path, /Pending until a person approves it/);
    });

    test("the approver role counts only for the workspace identity, at the target or an ancestor scope", () => {
      const other = copyOf("locked");
      for (const r of other.resources)
        if (isApprover(r)) props(r).principalId = "11111111-1111-4111-a111-111111111111";
      assert.equal(rule(analyze("locked", other), "sqlserver").approval, "manual");

      // Narrowed from the resource group to the SQL server: only the SQL rule is still approved.
      const narrow = copyOf("locked");
      const sqlId = one(narrow, T.sql).id;
      for (const r of narrow.resources) if (isApprover(r)) r.scope = sqlId;
      const report = analyze("locked", narrow);
      assert.equal(rule(report, "sqlserver").approval, "automatic");
      assert.equal(rule(report, "datalake").approval, "manual");
    });

    test("a plan read back from JSON (no principals) still finds the workspace identity", () => {
      const { principals: _, ...json } = JSON.parse(JSON.stringify(plans.locked)) as Plan;
      const report = exposureOfPlan(json);
      assert.match(report.workspacePrincipal?.source ?? "", /^inferred/);
      assert.deepEqual(report.workspacePrincipal?.id, exposureOfPlan(plans.locked!).workspacePrincipal?.id);
      assert.equal(rule(report, "sqlserver").approval, "automatic");
      // The model alone, without principals, gives the same.
      assert.deepEqual(analyzeExposure(models.locked!), report);
    });

    test("without the notebooks zone in the workspace zone group, notebooks do not resolve privately", () => {
      const model = copyOf("private");
      const group = one(model, T.zoneGroup, (r) => r.name.split("/")[0]!.endsWith("-amlworkspace"));
      const configs = props(group).privateDnsZoneConfigs as { properties: { privateDnsZoneId: string } }[];
      props(group).privateDnsZoneConfigs = configs.filter(
        (c) => !c.properties.privateDnsZoneId.endsWith("/privatelink.notebooks.azure.net"),
      );
      assert.equal((props(group).privateDnsZoneConfigs as unknown[]).length, configs.length - 1);
      const report = analyze("private", model);
      const nb = endpoint(report, "notebooks");
      assert.equal(nb.customerVnet.reachable, false);
      assert.match(nb.customerVnet.path, /privatelink\.notebooks\.azure\.net is not in its DNS zone group/);
      assert.equal(endpoint(report, "workspace-api").customerVnet.reachable, true);
      const pe = report.privateEndpoints.find((p) => p.group === "amlworkspace")!;
      assert.deepEqual(pe.missingZones, ["privatelink.notebooks.azure.net"]);
      assert.ok(report.issues.some((i) => /notebook hosts do not resolve privately/.test(i)));
    });

    test("a zone without a link to the VNet makes its endpoints unreachable and is reported", () => {
      const model = copyOf("private");
      const before = model.resources.length;
      model.resources = model.resources.filter(
        (r) => !(r.type === T.link && r.name.startsWith("privatelink.blob.core.windows.net/")),
      );
      assert.equal(model.resources.length, before - 1);
      const report = analyze("private", model);
      const blobs = report.endpoints.filter((e) => e.service === "blob");
      assert.equal(blobs.length, 3);
      for (const e of blobs) assert.match(e.customerVnet.path, /not linked to vnet-/);
      assert.ok(blobs.every((e) => !e.customerVnet.reachable));
      assert.equal(report.issues.filter((i) => /has no virtual network link/.test(i)).length, 3);
      // Studio loses line of sight to the default storage (learn.microsoft.com/azure/machine-learning/how-to-enable-studio-virtual-network).
      assert.ok(report.issues.some((i) => /no line of sight to the default storage/.test(i)));
    });

    test("a public IP on the jump box NIC is reported; the NSG decides who gets in", () => {
      const model = copyOf("private");
      const nic = one(model, T.nic);
      const pipId = nic.id.replace(/networkInterfaces\/.*$/, "publicIPAddresses/pip-jump");
      model.resources.push({
        type: T.pip,
        apiVersion: "2024-05-01",
        name: "pip-jump",
        id: pipId,
        pulumiType: "azure-native:network:PublicIPAddress",
        pulumiName: "pip-jump",
        sku: { name: "Standard" },
        properties: {},
      });
      const cfg = (props(nic).ipConfigurations as { properties: Json }[])[0]!;
      cfg.properties.publicIPAddress = { id: pipId };

      let report = analyze("private", model);
      let jb = endpoint(report, "jumpbox");
      assert.ok(report.issues.some((i) => /NIC nic-.* has a public IP \(pip-jump\)/.test(i)));
      assert.match(jb.internet.path, /public IP pip-jump, but NSG denies port 22/);
      assert.equal(jb.internet.reachable, false);

      // Open SSH from the internet on the jump box subnet's NSG: now anyone can reach it.
      const nsg = one(model, T.nsg, (r) => r.name.endsWith("snet-jumpbox"));
      const rules = props(nsg).securityRules as { name: string; properties: Json }[];
      rules.push({
        name: "AllowSsh",
        properties: {
          priority: 100,
          direction: "Inbound",
          access: "Allow",
          protocol: "Tcp",
          sourceAddressPrefix: "Internet",
          destinationAddressPrefix: "*",
          destinationPortRanges: ["22"],
        },
      });
      report = analyze("private", model);
      jb = endpoint(report, "jumpbox");
      assert.equal(jb.internet.reachable, true);
      assert.deepEqual(jb.internet.from, ["any"]);

      // Narrow it to one range: only that range gets in.
      rules.at(-1)!.properties.sourceAddressPrefix = "198.51.100.0/24";
      jb = endpoint(analyze("private", model), "jumpbox");
      assert.deepEqual(jb.internet.from, ["198.51.100.0/24"]);
    });

    test("the Bastion Developer allow from 168.63.129.16 (and private ranges) lets no internet client in", () => {
      const model = copyOf("private");
      const nsg = one(model, T.nsg, (r) => r.name.endsWith("snet-jumpbox"));
      const rules = props(nsg).securityRules as { name: string; properties: Json }[];
      // The preset's own allow: Azure's platform address, port 22, ahead of the internet deny.
      const developer = rules.find((r) => r.properties.sourceAddressPrefix === "168.63.129.16");
      assert.ok(developer, "no allow from 168.63.129.16 on the jump box NSG");
      assert.ok(Number(developer.properties.priority) < 4000);
      assert.deepEqual(developer.properties.destinationPortRanges, ["22"]);
      // A private range or a /32 platform address: still no internet source, even with a public IP on the NIC.
      rules.push({
        name: "AllowFromOnPrem",
        properties: {
          priority: 110,
          direction: "Inbound",
          access: "Allow",
          protocol: "Tcp",
          sourceAddressPrefix: "192.168.0.0/16",
          destinationAddressPrefix: "*",
          destinationPortRanges: ["22"],
        },
      });
      const nic = one(model, T.nic);
      const pipId = nic.id.replace(/networkInterfaces\/.*$/, "publicIPAddresses/pip-jump");
      model.resources.push({
        type: T.pip,
        apiVersion: "2024-05-01",
        name: "pip-jump",
        id: pipId,
        pulumiType: "azure-native:network:PublicIPAddress",
        pulumiName: "pip-jump",
        sku: { name: "Standard" },
        properties: {},
      });
      (props(nic).ipConfigurations as { properties: Json }[])[0]!.properties.publicIPAddress = { id: pipId };
      let jb = endpoint(analyze("private", model), "jumpbox");
      assert.deepEqual([jb.internet.reachable, jb.internet.from], [false, []]);
      assert.match(jb.internet.path, /NSG denies port 22 from the internet/);
      // A public range next to it is an internet source, and only it is.
      developer.properties.sourceAddressPrefix = "168.63.0.0/16";
      jb = endpoint(analyze("private", model), "jumpbox");
      assert.deepEqual(jb.internet.from, ["168.63.0.0/16"]);
    });

    test("without the allow from 168.63.129.16, Bastion Developer cannot reach the jump box: reported", () => {
      const model = copyOf("private");
      const nsg = one(model, T.nsg, (r) => r.name.endsWith("snet-jumpbox"));
      const rules = props(nsg).securityRules as { name: string; properties: Json }[];
      const withoutAllow = rules.filter((r) => r.properties.sourceAddressPrefix !== "168.63.129.16");
      assert.equal(withoutAllow.length, rules.length - 1);
      props(nsg).securityRules = withoutAllow;
      // The internet deny comes first: the Internet tag may cover the platform address, so it counts as blocking.
      let report = analyze("private", model);
      assert.ok(
        report.issues.some((i) => /NSG denies port 22 from 168\.63\.129\.16 before allowing it/.test(i)),
      );
      assert.match(
        endpoint(report, "jumpbox").customerVnet.path,
        /port 22 not allowed from 168\.63\.129\.16/,
      );
      // No rule at all: only Azure's defaults decide, which the quickstart does not rely on.
      props(nsg).securityRules = [];
      report = analyze("private", model);
      assert.ok(report.issues.some((i) => /no NSG rule allows port 22 from 168\.63\.129\.16/.test(i)));
      // An explicit AzureLoadBalancer allow (the tag is 168.63.129.16) ahead of the deny is enough.
      props(nsg).securityRules = [
        {
          name: "AllowLb",
          properties: {
            priority: 100,
            direction: "Inbound",
            access: "Allow",
            protocol: "Tcp",
            sourceAddressPrefix: "AzureLoadBalancer",
            destinationAddressPrefix: "*",
            destinationPortRanges: ["22"],
          },
        },
        ...withoutAllow,
      ];
      report = analyze("private", model);
      assert.ok(!report.issues.some((i) => /168\.63\.129\.16/.test(i)), report.issues.join("\n"));
    });

    test("an Entra login extension behind Bastion Developer is reported: Developer has no Entra ID sign-in", () => {
      const model = copyOf("private");
      const vm = one(model, "Microsoft.Compute/virtualMachines");
      model.resources.push({
        type: "Microsoft.Compute/virtualMachines/extensions",
        apiVersion: "2024-07-01",
        name: `${vm.name}/AADSSHLoginForLinux`,
        id: `${vm.id}/extensions/AADSSHLoginForLinux`,
        pulumiType: "azure-native:compute:VirtualMachineExtension",
        pulumiName: "entra-login",
        properties: { publisher: "Microsoft.Azure.ActiveDirectory", type: "AADSSHLoginForLinux" },
      });
      const report = analyze("private", model);
      assert.ok(report.issues.some((i) => /Bastion Developer has no Entra ID sign-in/.test(i)));
      assert.match(endpoint(report, "jumpbox").internet.path, /local account with SSH key/);
    });

    test("a storage firewall with default Allow is reachable from any address and reported", () => {
      const model = copyOf("private");
      const lake = one(model, T.storage, (r) => props(r).isHnsEnabled === true);
      props(lake).publicNetworkAccess = "Enabled";
      (props(lake).networkAcls as Json).defaultAction = "Allow";
      const report = analyze("private", model);
      for (const s of ["blob", "dfs"] as const) {
        const e = endpoint(report, s, lake.name);
        assert.deepEqual(e.internet.from, ["any"]);
      }
      assert.ok(
        report.issues.some((i) => /^dfs \(ADLS Gen2\) dls.* reachable from any internet address/.test(i)),
      );
    });

    test("SQL with public access and the 0.0.0.0 rule admits every Azure IP and is reported", () => {
      const model = copyOf("locked");
      const sql = one(model, T.sql);
      props(sql).publicNetworkAccess = "Enabled";
      model.resources.push({
        type: T.sqlFirewall,
        apiVersion: sql.apiVersion,
        name: `${sql.name}/AllowAllWindowsAzureIps`,
        id: `${sql.id}/firewallRules/AllowAllWindowsAzureIps`,
        pulumiType: "azure-native:sql:FirewallRule",
        pulumiName: "allow-azure",
        properties: { startIpAddress: "0.0.0.0", endIpAddress: "0.0.0.0" },
      });
      const report = analyze("locked", model);
      const e = endpoint(report, "sql");
      assert.equal(e.trustedServices, true);
      assert.match(e.internet.path, /0\.0\.0\.0: all Azure services/);
      assert.ok(
        report.issues.some((i) =>
          /AllowAllWindowsAzureIps \(0\.0\.0\.0\) lets every Azure IP through/.test(i),
        ),
      );
    });

    test("a public workspace in front of private stores is reported, with its Learn source", () => {
      const model = copyOf("private");
      props(one(model, T.workspace)).publicNetworkAccess = "Enabled";
      const report = analyze("private", model);
      assert.deepEqual(endpoint(report, "workspace-api").internet.from, ["any"]);
      assert.ok(report.issues.some((i) => /how-to-network-security-overview\)\.$/.test(i)));
    });
  });

  describe("a model read back from Azure Resource Manager (live audit)", () => {
    /** The locked-down model as ARM returns it: read-only principal ids, no Pulumi names. */
    function live(): ArmModel {
      const model = copyOf("locked");
      for (const r of model.resources) r.pulumiName = "";
      return model;
    }
    const principalOf = (model: ArmModel) => plans.locked!.principals![one(model, T.uai).id]!;

    test("the user-assigned identity's principal comes from its properties.principalId", () => {
      const model = live();
      const uai = one(model, T.uai);
      uai.properties = { principalId: principalOf(model), tenantId: "00000000-0000-0000-0000-000000000000" };
      const report = analyzeExposure(model);
      assert.deepEqual(report.workspacePrincipal, {
        id: principalOf(model),
        source: `user-assigned identity ${uai.name}`,
      });
      assert.equal(rule(report, "sqlserver").approval, "automatic");
      // The model wins over `principals`.
      const other = "22222222-2222-4222-a222-222222222222";
      uai.properties = { principalId: other };
      assert.equal(analyzeExposure(model, plans.locked!.principals).workspacePrincipal?.id, other);
      assert.equal(rule(analyzeExposure(model), "sqlserver").approval, "manual");
    });

    test("or from the workspace's identity.userAssignedIdentities entry", () => {
      const model = live();
      const ws = one(model, T.workspace);
      const identity = ws.identity as { userAssignedIdentities: Record<string, Json> };
      const [uaiId] = Object.keys(identity.userAssignedIdentities);
      identity.userAssignedIdentities[uaiId!] = { principalId: principalOf(model), clientId: "x" };
      assert.match(analyzeExposure(model).workspacePrincipal?.source ?? "", /^user-assigned identity id-/);
    });

    test("a system-assigned workspace identity's principal comes from identity.principalId", () => {
      const model = live();
      const ws = one(model, T.workspace);
      delete props(ws).primaryUserAssignedIdentity;
      ws.identity = { type: "SystemAssigned", principalId: principalOf(model) };
      assert.deepEqual(analyzeExposure(model).workspacePrincipal, {
        id: principalOf(model),
        source: "system-assigned identity",
      });
    });

    test("child names without their parent and role assignment scopes in properties read the same", () => {
      const model = live();
      for (const r of model.resources) {
        r.name = r.name.split("/").at(-1)!;
        if (r.type === T.role) {
          props(r).scope = r.scope;
          delete r.scope;
        }
      }
      const report = analyzeExposure(model, plans.locked!.principals);
      const expected = analyze("locked", models.locked!);
      assert.deepEqual(report.endpoints, expected.endpoints);
      assert.deepEqual(report.privateEndpoints, expected.privateEndpoints);
      assert.deepEqual(report.issues, expected.issues);
      assert.deepEqual(
        report.outboundRules.map((r) => [r.name, r.approval, r.destination]),
        expected.outboundRules.map((r) => [r.name, r.approval, r.destination]),
      );
      // Without a Pulumi name, the approver role assignment is named by its ARM name (a GUID).
      assert.match(rule(report, "sqlserver").why, /Network Connection Approver on rg-.* \([0-9a-f-]{36}\)$/);
    });
  });

  describe("models no preset produces", () => {
    /** The private model with a public IP of the given SKU on the jump box NIC. */
    function withJumpboxPip(sku: "Standard" | "Basic"): ArmModel {
      const model = copyOf("private");
      const nic = one(model, T.nic);
      const pipId = nic.id.replace(/networkInterfaces\/.*$/, "publicIPAddresses/pip-jump");
      model.resources.push({
        type: T.pip,
        apiVersion: "2024-05-01",
        name: "pip-jump",
        id: pipId,
        pulumiType: "azure-native:network:PublicIPAddress",
        pulumiName: "pip-jump",
        sku: { name: sku },
        properties: {},
      });
      (props(nic).ipConfigurations as { properties: Json }[])[0]!.properties.publicIPAddress = { id: pipId };
      return model;
    }

    /** Drops every NSG and every reference to one (subnets and NICs). */
    function withoutNsgs(model: ArmModel): ArmModel {
      model.resources = model.resources.filter((r) => r.type !== T.nsg);
      for (const r of model.resources) {
        const p = (r.properties ?? {}) as Json;
        for (const sn of (p.subnets as { properties?: Json }[] | undefined) ?? [])
          delete sn.properties?.networkSecurityGroup;
        delete p.networkSecurityGroup;
      }
      assert.doesNotMatch(JSON.stringify(model), /"networkSecurityGroup":/);
      return model;
    }

    test("without any NSG, a Standard public IP stays closed and a Basic one is open to any address", () => {
      const standard = analyze("private", withoutNsgs(withJumpboxPip("Standard")));
      assert.equal(endpoint(standard, "jumpbox").internet.reachable, false);
      assert.deepEqual(endpoint(standard, "jumpbox").internet.from, []);
      const basic = analyze("private", withoutNsgs(withJumpboxPip("Basic")));
      const jb = endpoint(basic, "jumpbox");
      assert.equal(jb.internet.reachable, true);
      assert.deepEqual(jb.internet.from, ["any"]);
      assert.ok(basic.issues.some((i) => /has a public IP \(pip-jump\)/.test(i)));
      // The NSGs are gone, nothing else changed: every other endpoint reads as before.
      const before = analyze("private", copyOf("private"));
      const others = (r: ExposureReport) => r.endpoints.filter((e) => e.service !== "jumpbox");
      assert.deepEqual(others(standard), others(before));
    });

    test("an unknown workspace principal: rules to data stores wait for a person, the defaults do not", () => {
      const model = copyOf("locked");
      // No principals from the plan, none in the identity's properties, no role assignment to infer it from.
      model.resources = model.resources.filter((r) => r.type !== T.role);
      const report = analyzeExposure(model);
      assert.equal(report.workspacePrincipal, undefined);
      for (const name of ["datalake", "blobstore", "sqlserver"]) {
        const r = rule(report, name);
        assert.equal(r.approval, "manual", name);
        assert.match(r.why, /principal is not known/);
      }
      const required = report.outboundRules.filter(
        (x) => x.category === REQUIRED_CATEGORY && x.type === "PrivateEndpoint",
      );
      assert.ok(required.length >= 4);
      for (const r of required) assert.equal(r.approval, "automatic", r.name);
      assert.ok(
        report.issues.some((i) => /datalake/.test(i)),
        report.issues.join("\n"),
      );
    });
  });

  describe("managed VNet reach without a rule of the stack's own (managedVnet.ts)", () => {
    /** A copy of a preset's model whose workspace has no user-defined outbound rules (optionally edited). */
    function withoutUserRules(key: string, edit: (m: ArmModel) => void = () => {}): ArmModel {
      const model = copyOf(key);
      (props(one(model, T.workspace)).managedNetwork as Json).outboundRules = {};
      edit(model);
      return model;
    }
    const storeNamed = (m: ArmModel, prefix: string) => one(m, T.storage, (r) => r.name.startsWith(prefix));
    const reachOf = (r: ExposureReport, service: Endpoint["service"], prefix: string) =>
      endpoint(
        r,
        service,
        r.endpoints.find((e) => e.service === service && e.resource.startsWith(prefix))?.resource,
      ).managedVnet;

    test("AllowInternetOutbound, private store: no path; the workspace's own private stores keep Azure's rules", () => {
      const report = analyze("private", withoutUserRules("private"));
      assert.deepEqual(reachOf(report, "dfs", "dls"), {
        reachable: false,
        path: "no private endpoint rule, and public access is Disabled",
      });
      const own = reachOf(report, "blob", "stw");
      assert.deepEqual([own.reachable, own.path], [true, "required rule (created by Azure)"]);
    });

    test("AllowInternetOutbound, public store: reached over the internet only when its firewall admits everyone", () => {
      const firewalled = analyze("starter", withoutUserRules("starter"));
      const fw = reachOf(firewalled, "blob", "stb");
      assert.equal(fw.reachable, false);
      assert.match(
        fw.path,
        /^no private endpoint rule; the firewall admits 203\.0\.113\.7 and trusted services, not/,
      );
      const open = analyze(
        "starter",
        withoutUserRules("starter", (m) => {
          ((props(storeNamed(m, "stb")).networkAcls as Json) ?? {}).defaultAction = "Allow";
        }),
      );
      assert.deepEqual(reachOf(open, "blob", "stb"), {
        reachable: true,
        path: "internet outbound to the public endpoint",
      });
    });

    test("AllowOnlyApprovedOutbound: no rule means no path, even to a store open to everyone", () => {
      const report = analyze(
        "locked",
        withoutUserRules("locked", (m) => {
          const lake = props(storeNamed(m, "dls"));
          lake.publicNetworkAccess = "Enabled";
          (lake.networkAcls as Json).defaultAction = "Allow";
        }),
      );
      assert.deepEqual(reachOf(report, "dfs", "dls"), {
        reachable: false,
        path: "no outbound rule (AllowOnlyApprovedOutbound)",
      });
    });

    test("a rule reaches only its own sub-resource: without datalake-blob, the dfs rule gives the lake's blob no path", () => {
      assert.equal(reachOf(analyze("private", copyOf("private")), "blob", "dls").rule, "datalake-blob");
      const noLakeBlob = copyOf("private");
      delete (
        (props(one(noLakeBlob, T.workspace)).managedNetwork as Json).outboundRules as Record<string, Json>
      )["datalake-blob"];
      const report = analyze("private", noLakeBlob);
      assert.equal(reachOf(report, "dfs", "dls").rule, "datalake");
      assert.deepEqual(reachOf(report, "blob", "dls"), {
        reachable: false,
        path: "no private endpoint rule, and public access is Disabled",
      });
      // The Spark flag shows on the lake's rule only, and rules without a category are user-defined.
      assert.equal(rule(report, "datalake").destination.endsWith("/dfs (Spark)"), true);
      assert.equal(rule(report, "blobstore").destination.endsWith("/blob"), true);
      const uncategorized = copyOf("private");
      const rules = (props(one(uncategorized, T.workspace)).managedNetwork as Json).outboundRules as Record<
        string,
        Json
      >;
      delete rules.blobstore!.category;
      assert.equal(rule(analyze("private", uncategorized), "blobstore").category, "UserDefined");
    });

    test("FQDN and service tag rules outside AllowOnlyApprovedOutbound are reported and change nothing", () => {
      const model = copyOf("private");
      const rules = (props(one(model, T.workspace)).managedNetwork as Json).outboundRules as Record<
        string,
        Json
      >;
      rules.pypi = { type: "FQDN", destination: "pypi.org", category: "UserDefined" };
      rules.monitor = {
        type: "ServiceTag",
        destination: { serviceTag: "AzureMonitor", protocol: "TCP", portRanges: "443" },
        category: "UserDefined",
      };
      const report = analyze("private", model);
      assert.equal(rule(report, "pypi").destination, "pypi.org");
      assert.equal(rule(report, "monitor").destination, "AzureMonitor TCP/443");
      for (const name of ["pypi", "monitor"]) {
        assert.equal(rule(report, name).approval, "not-needed");
        assert.match(rule(report, name).why, /valid only in AllowOnlyApprovedOutbound/);
        assert.ok(
          report.issues.some((i) => i.startsWith(`Outbound rule "${name}"`)),
          name,
        );
      }
      // In AllowOnlyApprovedOutbound the same rules are fine, and say what lets them through.
      const locked = analyze("locked", copyOf("locked"));
      assert.match(rule(locked, "pypi").why, /managed Azure Firewall \(Basic\)/);
      assert.ok(!locked.issues.some((i) => i.startsWith('Outbound rule "pypi"')));
    });

    test("without a managed VNet, no endpoint has a managed VNet path", async () => {
      const report = exposureOfPlan((await planFor(NO_MANAGED_VNET)).plan);
      assert.ok(report.endpoints.length > 5);
      for (const e of report.endpoints.filter((x) => x.service !== "studio"))
        assert.deepEqual(e.managedVnet, { reachable: false, path: "no managed VNet" }, e.id);
    });
  });

  describe("variants", () => {
    test("no managed VNet: no outbound rules, the compute instance sits in the compute subnet", async () => {
      const report = exposureOfPlan((await planFor(NO_MANAGED_VNET)).plan);
      assert.equal(report.isolationMode, "Disabled");
      assert.deepEqual(report.outboundRules, []);
      const ci = endpoint(report, "compute-instance");
      assert.match(ci.customerVnet.path, /^in subnet snet-compute/);
      assert.equal(ci.managedVnet.path, "no managed VNet");
      assert.ok(report.endpoints.every((e) => !e.managedVnet.reachable));
      assert.match(
        endpoint(report, "jumpbox").customerVnet.path,
        /Bastion Standard \(Azure portal or native client, Entra ID\)/,
      );
    });
  });
});
