import type { Config, ConfigIssue } from "../config";
import { jumpboxCredential, jumpboxEntraLogin } from "../infra/jumpboxAccess";
import type { RemainingStep } from "../infra/remaining";
import { ROLE_DISPLAY_NAMES, ROLES } from "../model/roles";
import { last } from "./arm/read";
import { wrapLines } from "./render/text";
import type { Plan, PlanResource } from "./synth";

/** A short, human-readable view of the resource inventory, grouped by component. */
export interface InventoryGroup {
  readonly component: string;
  readonly componentType: string;
  readonly resources: { type: string; name: string }[];
}

const ROLE_BY_GUID = new Map<string, string>(
  Object.entries(ROLES).map(([k, guid]) => [guid, ROLE_DISPLAY_NAMES[k as keyof typeof ROLES]]),
);

const ROLE_ASSIGNMENT = "azure-native:authorization:RoleAssignment";

/** A role assignment as a person reads it: which role, held by whom, on what. */
export interface RoleAssignmentView {
  /** The role's display name (its GUID when the table does not know it). */
  readonly role: string;
  /** Who holds it: the workspace identity, the jump box, the deployer, or a user/group/app object id. */
  readonly principal: string;
  /** The name of the resource (or resource group) it is scoped to. */
  readonly scope: string;
  /** The principal's object id, as Azure shows it. */
  readonly principalId: string;
  /** Why the stack grants it (the assignment's description). */
  readonly why: string;
}

/**
 * Names the principal of a role assignment from the plan: the identity owner whose principal it is (a VM's
 * system identity is the jump box; a user-assigned identity the workspace uses is the workspace identity), the
 * deploying identity, else the principal type and object id (users and groups from the config).
 */
export function principalName(plan: Plan, principalId: string, principalType?: string): string {
  const owner = Object.entries(plan.principals ?? {}).find(([, p]) => p === principalId)?.[0];
  if (owner) {
    const name = last(owner);
    if (/\/virtualMachines\//i.test(owner)) return `jump box ${name}`;
    const usedByWorkspace = plan.resources.some(
      (r) =>
        r.type === "azure-native:machinelearningservices:Workspace" &&
        JSON.stringify(r.inputs).toLowerCase().includes(owner.toLowerCase()),
    );
    return usedByWorkspace ? `workspace identity ${name}` : `identity ${name}`;
  }
  if (plan.deployer && principalId === plan.deployer) return `deployer ${principalId}`;
  return `${(principalType ?? "principal").toLowerCase()} ${principalId}`;
}

/** Every role assignment of the plan, readable (pure). */
export function roleAssignments(plan: Plan): (RoleAssignmentView & { id: string })[] {
  return plan.resources.filter((r) => r.type === ROLE_ASSIGNMENT).map((r) => roleAssignmentView(plan, r));
}

function roleAssignmentView(plan: Plan, r: PlanResource): RoleAssignmentView & { id: string } {
  const guid = last(String(r.inputs.roleDefinitionId ?? ""));
  const principalId = String(r.inputs.principalId ?? "");
  const type = typeof r.inputs.principalType === "string" ? r.inputs.principalType : undefined;
  return {
    id: r.id,
    role: ROLE_BY_GUID.get(guid) ?? guid,
    principal: principalName(plan, principalId, type),
    scope: last(String(r.inputs.scope ?? "")),
    principalId,
    why: String(r.inputs.description ?? ""),
  };
}

/** "role for principal on scope": one line that tells two assignments of the same role apart. */
export const describeRoleAssignment = (v: RoleAssignmentView): string =>
  `${v.role} for ${v.principal} on ${v.scope}`;

/**
 * The name a person recognises: the Azure name for most resources, the parent-qualified name for child
 * resources whose own name repeats (zone groups, VNet links), and "role for principal on scope" for role
 * assignments (`plan` gives the principal a name; without it, the principal type and id).
 */
export function azureName(r: PlanResource, plan?: Plan): string {
  if (r.type === ROLE_ASSIGNMENT)
    return describeRoleAssignment(
      roleAssignmentView(plan ?? { resources: [], warnings: [], outputs: {} }, r),
    );
  if (!r.id) return r.name;
  const parts = r.id.split("/");
  const [parentName, childName] = [parts[parts.length - 3], parts[parts.length - 1]];
  const isChild = /\/(privateEndpoints|privateDnsZones)\/[^/]+\/\w+\/[^/]+$/.test(r.id);
  return isChild ? `${parentName}/${childName}` : childName!;
}

/** Short type label: `storage:StorageAccount` from `azure-native:storage:StorageAccount`. */
export function shortType(token: string): string {
  return token.replace(/^azure-native:/, "").replace(/^(random|tls|time):index\/\w+:/, "$1:");
}

/** Groups custom resources under the top-level component that owns them (pure). */
export function inventory(plan: Plan): InventoryGroup[] {
  const byName = new Map(plan.resources.map((r) => [r.name, r]));
  const root = plan.resources.find((r) => r.parent === null)!;
  const groups = new Map<string, InventoryGroup>();
  for (const r of plan.resources) {
    if (!/^(azure-native|random|tls|time):/.test(r.type)) continue;
    const owner = ownerComponent(r, byName) ?? root;
    const g = groups.get(owner.name) ?? { component: owner.name, componentType: owner.type, resources: [] };
    g.resources.push({ type: shortType(r.type), name: azureName(r, plan) });
    groups.set(owner.name, g);
  }
  return [...groups.values()];
}

/** The top-level component (direct child of the root) that owns a resource. */
function ownerComponent(r: PlanResource, byName: Map<string, PlanResource>): PlanResource | undefined {
  let cur: PlanResource | undefined = r;
  while (cur?.parent) {
    const p = byName.get(cur.parent);
    if (!p) return undefined;
    if (!p.parent) return cur.type.startsWith("secure-aml:") ? cur : p;
    cur = p;
  }
  return undefined;
}

/** Renders warnings as wrapped text lines. */
export function formatWarnings(warnings: readonly ConfigIssue[], width = 100): string {
  if (warnings.length === 0) return "  none";
  return warnings
    .map(
      (w) =>
        `${wrapLines(`! ${w.path}: ${w.message}`, width, "  ", "    ").join("\n")}\n${wrapLines(`fix: ${w.fix}`, width, "    ", "      ").join("\n")}`,
    )
    .join("\n");
}

/** The posture block: one line per concern, from the validated config. */
export function postureLines(c: Config): string[] {
  const ci = c.compute.instance;
  return [
    `  workspace        public network access ${c.workspace.publicNetworkAccess}, private endpoint ${c.workspace.privateEndpoint ? "yes" : "no"}`,
    `  managed VNet     ${c.workspace.isolationMode}${c.workspace.isolationMode === "AllowOnlyApprovedOutbound" ? ` (firewall ${c.workspace.firewallSku})` : ""}`,
    `  dependencies     storage, Key Vault, registry: public network access ${c.workspace.dependencies.publicNetworkAccess}`,
    `  data stores      lake ${c.data.dataLake.enabled ? "on" : "off"}, blob ${c.data.blob.enabled ? "on" : "off"}, SQL ${c.data.sql.enabled ? "on" : "off"}: public network access ${c.data.publicNetworkAccess}`,
    `  compute instance ${ci.enabled ? `${ci.size}, no public IP, SSH off, idle shutdown ${ci.idleShutdownMinutes} min` : "off"}`,
    `  jump box         ${c.jumpbox.enabled ? `${c.jumpbox.os} ${c.jumpbox.size}, no public IP, Bastion ${c.jumpbox.bastionSku}, ${jumpboxSignIn(c)}` : "off"}`,
  ];
}

/** How people sign in to the jump box: Entra ID with Bastion Basic/Standard, else its local credential. */
function jumpboxSignIn(c: Config): string {
  if (jumpboxEntraLogin(c)) return "Entra ID sign-in";
  return jumpboxCredential(c.jumpbox.os) === "sshKey" ? "SSH key sign-in" : "password sign-in";
}

/** The stack's remaining steps, as the plan recorded them. */
export function remainingOf(plan: Plan): RemainingStep[] {
  return (plan.outputs.remainingSteps as RemainingStep[] | undefined) ?? [];
}
