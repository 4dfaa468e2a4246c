/**
 * Security invariants of a plan, read from its ARM model (`toArmModel`, what Azure Resource Manager would get)
 * rather than from the stack's code, so they hold whichever way the stack builds a resource (a role assignment
 * from a declarative table or written out, a rule inline or as a child resource). Each returns the violations
 * it finds, one sentence each; the property tests assert that every list is empty for every config.
 */
import type { Config } from "../../src/config";
import { type ArmModel, type ArmResourceModel, toArmModel } from "../../src/plan/arm/model";
import type { Plan } from "../../src/plan/synth";

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const lc = (v: unknown): string => (typeof v === "string" ? v.toLowerCase() : "");
const props = (r: ArmResourceModel): Json => obj(r.properties);

/** Built-in role "Azure AI Enterprise Network Connection Approver" (learn.microsoft.com/azure/role-based-access-control/built-in-roles). */
export const NETWORK_CONNECTION_APPROVER = "b556d68e-0be0-4f35-a333-ad7ee1ce17ea";

const T = {
  workspace: "microsoft.machinelearningservices/workspaces",
  compute: "microsoft.machinelearningservices/workspaces/computes",
  storage: "microsoft.storage/storageaccounts",
  vault: "microsoft.keyvault/vaults",
  registry: "microsoft.containerregistry/registries",
  sql: "microsoft.sql/servers",
  pe: "microsoft.network/privateendpoints",
  pip: "microsoft.network/publicipaddresses",
  nat: "microsoft.network/natgateways",
  bastion: "microsoft.network/bastionhosts",
  nic: "microsoft.network/networkinterfaces",
  nsg: "microsoft.network/networksecuritygroups",
  vnet: "microsoft.network/virtualnetworks",
  role: "microsoft.authorization/roleassignments",
  uai: "microsoft.managedidentity/userassignedidentities",
} as const;

const ofType = (m: ArmModel, type: string) => m.resources.filter((r) => lc(r.type) === type);
/** A scope covers a resource when it is the resource or one of its ARM ancestors. */
const covers = (scope: string, id: string) => lc(id) === lc(scope) || lc(id).startsWith(`${lc(scope)}/`);

/** The model's workspace (the stack creates exactly one). */
function workspaceOf(m: ArmModel): ArmResourceModel {
  const [ws, ...more] = ofType(m, T.workspace);
  if (!ws || more.length > 0) throw new Error(`expected one workspace, found ${more.length + (ws ? 1 : 0)}`);
  return ws;
}

/** The managed VNet outbound rules of the workspace, by name. */
function outboundRules(ws: ArmResourceModel): [string, Json][] {
  return Object.entries(obj(obj(props(ws).managedNetwork).outboundRules)).map(([k, v]) => [k, obj(v)]);
}

/** Ids of the resources the workspace uses as its own storage, Key Vault and registry. */
function dependencyIds(ws: ArmResourceModel): Set<string> {
  const p = props(ws);
  return new Set([p.storageAccount, p.keyVault, p.containerRegistry].map(lc).filter(Boolean));
}

/** Storage accounts, Key Vaults, registries and SQL servers of the model. */
function stores(m: ArmModel): ArmResourceModel[] {
  return m.resources.filter((r) => [T.storage, T.vault, T.registry, T.sql].includes(lc(r.type) as never));
}

/** The targets of the customer VNet's private endpoints. */
function privateEndpointTargets(m: ArmModel): Set<string> {
  return new Set(
    ofType(m, T.pe).flatMap((pe) =>
      [
        ...arr(props(pe).privateLinkServiceConnections),
        ...arr(props(pe).manualPrivateLinkServiceConnections),
      ].map((c) => lc(obj(obj(c).properties).privateLinkServiceId)),
    ),
  );
}

/**
 * Every private store (public network access Disabled) has a private endpoint in the customer VNet; with a
 * managed VNet, every data store (one the workspace does not use as its own) has a private endpoint rule, and
 * so does every private one of the workspace's own when Azure would not add it (it adds them for private
 * dependencies by itself: learn.microsoft.com/azure/machine-learning/how-to-managed-network#list-of-required-rules).
 */
export function privateStoresReachable(m: ArmModel): string[] {
  const out: string[] = [];
  const ws = workspaceOf(m);
  const managed = obj(props(ws).managedNetwork).isolationMode !== "Disabled";
  const targets = privateEndpointTargets(m);
  const deps = dependencyIds(ws);
  const ruleTargets = new Set(
    outboundRules(ws)
      .filter(([, r]) => r.type === "PrivateEndpoint")
      .map(([, r]) => lc(obj(r.destination).serviceResourceId)),
  );
  for (const s of stores(m)) {
    const isPrivate = props(s).publicNetworkAccess === "Disabled";
    if (isPrivate && !targets.has(lc(s.id))) out.push(`private ${s.type} ${s.name} has no private endpoint`);
    if (managed && !deps.has(lc(s.id)) && !ruleTargets.has(lc(s.id)))
      out.push(`data store ${s.type} ${s.name} has no managed VNet private endpoint rule`);
  }
  return out;
}

/** The principal id of the workspace's identity: its primary user-assigned identity, per the plan's principals. */
function workspacePrincipal(m: ArmModel, plan: Plan): string | undefined {
  const ws = workspaceOf(m);
  const primary =
    lc(props(ws).primaryUserAssignedIdentity) ||
    lc(Object.keys(obj(obj(ws.identity).userAssignedIdentities))[0]);
  const entry = Object.entries(plan.principals ?? {}).find(([id]) => lc(id) === primary);
  return entry?.[1];
}

/**
 * Every managed VNet private endpoint rule to a resource of the plan but the workspace's own dependencies is
 * approved automatically: the workspace identity holds the network connection approver role on the target or
 * an ancestor
 * (learn.microsoft.com/azure/machine-learning/how-to-managed-network#private-endpoints). A target outside
 * the plan is approved that way or listed among the remaining steps.
 */
export function ruleTargetsApproved(m: ArmModel, plan: Plan): string[] {
  const out: string[] = [];
  const ws = workspaceOf(m);
  const principal = workspacePrincipal(m, plan);
  if (!principal) return ["the workspace identity's principal is unknown"];
  const inPlan = new Set(m.resources.map((r) => lc(r.id)));
  const approverScopes = ofType(m, T.role)
    .filter(
      (r) =>
        lc(props(r).roleDefinitionId).endsWith(`/${NETWORK_CONNECTION_APPROVER}`) &&
        lc(props(r).principalId) === lc(principal),
    )
    .map((r) => String(r.scope ?? props(r).scope ?? ""));
  const remaining = JSON.stringify(plan.outputs.remainingSteps ?? []);
  const deps = dependencyIds(ws);
  for (const [name, rule] of outboundRules(ws)) {
    if (rule.type !== "PrivateEndpoint") continue;
    const target = String(obj(rule.destination).serviceResourceId ?? "");
    // The workspace's own storage, Key Vault and registry: the roles Azure grants when it creates the workspace
    // approve these (learn.microsoft.com/azure/machine-learning/how-to-managed-network#private-endpoints).
    if (deps.has(lc(target))) continue;
    const approved = approverScopes.some((scope) => scope !== "" && covers(scope, target));
    if (approved) continue;
    if (inPlan.has(lc(target))) out.push(`rule ${name}: the workspace identity cannot approve ${target}`);
    else if (!remaining.includes(name))
      out.push(`rule ${name} to ${target} (outside the plan) is neither approved nor a remaining step`);
  }
  return out;
}

const INTERNET = new Set(["internet", "*", "any", "0.0.0.0/0", "0.0.0.0"]);

/**
 * Nothing is public that the config did not ask for: network access of the workspace, its dependencies and the
 * data stores as configured; no store open to every address; firewall entries only from `allowedIpAddresses`;
 * public IPs only on the NAT gateway and a Basic/Standard Bastion; no inbound allow from the internet except
 * Bastion's on AzureBastionSubnet (learn.microsoft.com/azure/bastion/bastion-nsg); no compute instance public IP.
 */
export function nothingUnaskedPublic(m: ArmModel, c: Config): string[] {
  const out: string[] = [];
  const ws = workspaceOf(m);
  if (props(ws).publicNetworkAccess !== c.workspace.publicNetworkAccess)
    out.push(`workspace public network access ${String(props(ws).publicNetworkAccess)}`);
  const deps = dependencyIds(ws);
  const allowed = new Set(c.allowedIpAddresses.map((ip) => ip.replace(/\/32$/, "")));
  for (const s of stores(m)) {
    const p = props(s);
    const asked = deps.has(lc(s.id))
      ? c.workspace.dependencies.publicNetworkAccess
      : c.data.publicNetworkAccess;
    if (p.publicNetworkAccess === "Enabled" && asked !== "Enabled")
      out.push(`${s.name}: public network access Enabled, config says ${asked}`);
    if (p.publicNetworkAccess !== "Enabled" && p.publicNetworkAccess !== "Disabled")
      out.push(
        `${s.name}: public network access ${String(p.publicNetworkAccess)} (Azure's default may be Enabled)`,
      );
    if (lc(s.type) === T.sql) continue;
    const acl = obj(p.networkAcls ?? p.networkRuleSet);
    if (p.publicNetworkAccess === "Enabled" && acl.defaultAction !== "Deny")
      out.push(`${s.name}: open to every address (default action ${String(acl.defaultAction)})`);
    for (const ip of arr(acl.ipRules).map((r) => String(obj(r).value ?? obj(r).iPAddressOrRange ?? "")))
      if (!allowed.has(ip.replace(/\/32$/, ""))) out.push(`${s.name}: firewall lets ${ip} in`);
    if (p.allowBlobPublicAccess === true) out.push(`${s.name}: anonymous blob access`);
  }
  // Public IPs: attached to a NAT gateway or a Bastion host only.
  const pips = new Set(ofType(m, T.pip).map((r) => lc(r.id)));
  const holders = [
    ...ofType(m, T.nat).flatMap((n) => arr(props(n).publicIpAddresses).map((x) => lc(obj(x).id))),
    ...ofType(m, T.bastion).flatMap((b) =>
      arr(props(b).ipConfigurations).map((x) => lc(obj(obj(obj(x).properties).publicIPAddress).id)),
    ),
  ];
  for (const id of pips)
    if (!holders.includes(id)) out.push(`public IP ${id} is not a NAT gateway's or Bastion's`);
  const bastions = ofType(m, T.bastion);
  if (
    bastions.some((b) => obj(b.sku).name !== "Developer") !==
    (c.jumpbox.enabled && c.jumpbox.bastionSku !== "Developer")
  )
    out.push("a Bastion with a public IP that the config did not ask for (or none where it did)");
  for (const nic of ofType(m, T.nic))
    for (const ipc of arr(props(nic).ipConfigurations))
      if (obj(obj(ipc).properties).publicIPAddress !== undefined) out.push(`${nic.name}: public IP on a NIC`);
  // NSGs: no inbound allow from the internet but Bastion's own.
  const vnet = ofType(m, T.vnet)[0];
  const bastionNsgs = new Set(
    arr(props(vnet ?? ({} as ArmResourceModel)).subnets)
      .filter((sn) => obj(sn).name === "AzureBastionSubnet")
      .map((sn) => lc(obj(obj(obj(sn).properties).networkSecurityGroup).id)),
  );
  for (const nsg of ofType(m, T.nsg)) {
    if (bastionNsgs.has(lc(nsg.id))) continue;
    for (const rule of arr(props(nsg).securityRules)) {
      const r = obj(obj(rule).properties);
      if (r.direction === "Inbound" && r.access === "Allow" && INTERNET.has(lc(r.sourceAddressPrefix)))
        out.push(`${nsg.name}: ${String(obj(rule).name)} allows the internet in`);
    }
  }
  for (const ci of ofType(m, T.compute)) {
    const inner = obj(props(ci).properties);
    if (inner.enableNodePublicIp !== false) out.push(`${ci.name}: compute instance with a public IP`);
    if (obj(inner.sshSettings).sshPublicAccess === "Enabled") out.push(`${ci.name}: public SSH`);
  }
  return out;
}

/** Every invariant of a plan synthesized from `config`, as one list of violations. */
export function planInvariantViolations(config: Config, plan: Plan): string[] {
  const model = toArmModel(plan);
  return [
    ...privateStoresReachable(model),
    ...ruleTargetsApproved(model, plan),
    ...nothingUnaskedPublic(model, config),
  ];
}
