import assert from "node:assert/strict";
import { before, test } from "node:test";
import { PRESET, planFor } from "../../../test/support/plans";
import { type ArmModel, toArmModel } from "../../plan/arm/model";
import { literalSecrets, OWN_RULES, runOwnRules } from "./rules";

/** The private preset's real plan (synthesized once); each test breaks a deep copy of it. */
let base: ArmModel;
let principals: Readonly<Record<string, string>>;

before(async () => {
  const { plan } = await planFor(PRESET.private);
  base = toArmModel(plan);
  principals = plan.principals ?? {};
});

/** A resource's ARM properties, to edit. */
const P = (r: { properties?: unknown }) => (r.properties ?? {}) as Record<string, unknown>;
const copy = (): ArmModel => structuredClone(base);
const ofType = (m: ArmModel, type: string) => m.resources.filter((r) => r.type === type);
const result = (m: ArmModel, id: string) => runOwnRules(m, principals).find((r) => r.id === id)!;

test("the private preset passes every own rule", () => {
  for (const r of runOwnRules(base, principals))
    assert.equal(r.status, "pass", `${r.id}: ${r.findings.map((f) => f.title).join("; ")}`);
});

test("compute-no-public-ip: a compute instance with a public IP fails", () => {
  const m = copy();
  const ci = ofType(m, "Microsoft.MachineLearningServices/workspaces/computes")[0]!;
  (P(ci).properties as Record<string, unknown>).enableNodePublicIp = true;
  const r = result(m, "rules/compute-no-public-ip");
  assert.equal(r.status, "fail");
  assert.equal(r.findings[0]!.resource, ci.id);
  delete (P(ci).properties as Record<string, unknown>).enableNodePublicIp;
  assert.equal(
    result(m, "rules/compute-no-public-ip").status,
    "fail",
    "absent means Azure's default, a public IP",
  );
});

test("workspace-pe-dns-zones: a zone group without the notebooks zone fails", () => {
  const m = copy();
  const group = ofType(m, "Microsoft.Network/privateEndpoints/privateDnsZoneGroups").find((g) =>
    g.name.includes("amlworkspace"),
  )!;
  const configs = P(group).privateDnsZoneConfigs as { properties: { privateDnsZoneId: string } }[];
  P(group).privateDnsZoneConfigs = configs.filter(
    (c) => !c.properties.privateDnsZoneId.includes("notebooks"),
  );
  const r = result(m, "rules/workspace-pe-dns-zones");
  assert.equal(r.status, "fail");
  assert.match(r.findings[0]!.title, /privatelink\.notebooks\.azure\.net/);
});

test("private-store-outbound-rule and approver-role-on-targets: a store without its rule, a rule without the role", () => {
  const m = copy();
  const ws = ofType(m, "Microsoft.MachineLearningServices/workspaces")[0]!;
  const rules = (P(ws).managedNetwork as { outboundRules: Record<string, unknown> }).outboundRules;
  const [first] = Object.keys(rules);
  delete rules[first!];
  assert.equal(result(m, "rules/private-store-outbound-rule").status, "fail");

  const m2 = copy();
  const ws2 = ofType(m2, "Microsoft.MachineLearningServices/workspaces")[0]!;
  const targets = Object.values(
    (
      P(ws2).managedNetwork as {
        outboundRules: Record<string, { destination: { serviceResourceId: string } }>;
      }
    ).outboundRules,
  ).map((r) => r.destination.serviceResourceId.toLowerCase());
  m2.resources = m2.resources.filter(
    (r) =>
      r.type !== "Microsoft.Authorization/roleAssignments" ||
      !String(P(r).roleDefinitionId).endsWith("b556d68e-0be0-4f35-a333-ad7ee1ce17ea"),
  );
  const r = result(m2, "rules/approver-role-on-targets");
  assert.equal(r.status, "fail");
  assert.deepEqual(r.findings.map((f) => f.resource.toLowerCase()).sort(), [...targets].sort());
});

test("nsg-no-internet-inbound: an inbound allow from the internet fails, except on AzureBastionSubnet", () => {
  const m = copy();
  const nsg = ofType(m, "Microsoft.Network/networkSecurityGroups")[0]!;
  const rule = {
    name: "AllowSsh",
    properties: {
      access: "Allow",
      direction: "Inbound",
      sourceAddressPrefix: "Internet",
      destinationPortRange: "22",
      protocol: "Tcp",
      priority: 100,
    },
  };
  (P(nsg).securityRules as unknown[]).push(rule);
  const r = result(m, "rules/nsg-no-internet-inbound");
  assert.equal(r.status, "fail");
  assert.equal(r.findings[0]!.resource, nsg.id);
  // The same rule on an NSG attached only to the Bastion subnet is what Bastion needs.
  const vnet = ofType(m, "Microsoft.Network/virtualNetworks")[0]!;
  for (const s of P(vnet).subnets as {
    name: string;
    properties: { networkSecurityGroup?: { id: string } };
  }[])
    if (s.properties.networkSecurityGroup?.id === nsg.id) s.name = "AzureBastionSubnet";
  assert.equal(result(m, "rules/nsg-no-internet-inbound").status, "pass");
});

test("no-broad-roles-on-data: Contributor on a data store fails; on the workspace's default storage it is needed", () => {
  const m = copy();
  const ra = ofType(m, "Microsoft.Authorization/roleAssignments").find((r) =>
    String(P(r).roleDefinitionId).endsWith("b24988ac-6180-42a0-ab88-20f7382dd24c"),
  )!;
  assert.equal(result(m, "rules/no-broad-roles-on-data").status, "pass");
  const store = ofType(m, "Microsoft.Storage/storageAccounts").find((s) => s.name.startsWith("dls"))!;
  ra.scope = store.id;
  const r = result(m, "rules/no-broad-roles-on-data");
  assert.equal(r.status, "fail");
  assert.equal(r.findings[0]!.resource, ra.id);
});

test("no-literal-secrets: a literal password fails without printing it; the plan's [secret] passes", () => {
  const m = copy();
  const vm = ofType(m, "Microsoft.Compute/virtualMachines")[0]!;
  (P(vm).osProfile as Record<string, unknown>).adminPassword = "Hunter2-literal!";
  const r = result(m, "rules/no-literal-secrets");
  assert.equal(r.status, "fail");
  assert.equal(r.findings[0]!.path, "properties.osProfile.adminPassword");
  assert.ok(!JSON.stringify(r.findings).includes("Hunter2"));
  assert.deepEqual(
    literalSecrets({ sshPublicKey: "ssh-rsa AAA", password: "[secret]", a: [{ clientSecret: "x" }] }),
    [{ path: "a[0].clientSecret", value: "x" }],
  );
});

test("every own rule has a unique id under rules/, a title and a Microsoft Learn source", () => {
  assert.equal(new Set(OWN_RULES.map((r) => r.id)).size, OWN_RULES.length);
  for (const r of OWN_RULES) {
    assert.match(r.id, /^rules\/[a-z-]+$/);
    assert.match(r.source, /^https:\/\/learn\.microsoft\.com\//);
  }
});
