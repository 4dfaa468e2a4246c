import type { ArmResourceModel } from "./model";

/**
 * Readers of the ARM-shaped model, shared by the exposure analysis, the cost estimate and the diagram. Every reader tolerates missing or mistyped fields:
 * a plan edited by hand or a model read back from Azure Resource Manager may lack any of them.
 */

/** ARM types the analysis reads (compared case-insensitively, as ARM does). */
export const T = {
  workspace: "Microsoft.MachineLearningServices/workspaces",
  compute: "Microsoft.MachineLearningServices/workspaces/computes",
  storage: "Microsoft.Storage/storageAccounts",
  vault: "Microsoft.KeyVault/vaults",
  registry: "Microsoft.ContainerRegistry/registries",
  sqlServer: "Microsoft.Sql/servers",
  sqlFirewall: "Microsoft.Sql/servers/firewallRules",
  pe: "Microsoft.Network/privateEndpoints",
  zoneGroup: "Microsoft.Network/privateEndpoints/privateDnsZoneGroups",
  zone: "Microsoft.Network/privateDnsZones",
  link: "Microsoft.Network/privateDnsZones/virtualNetworkLinks",
  vnet: "Microsoft.Network/virtualNetworks",
  bastion: "Microsoft.Network/bastionHosts",
  vm: "Microsoft.Compute/virtualMachines",
  vmExt: "Microsoft.Compute/virtualMachines/extensions",
  uai: "Microsoft.ManagedIdentity/userAssignedIdentities",
  role: "Microsoft.Authorization/roleAssignments",
} as const;

/** One resource of the ARM model. */
export type Res = ArmResourceModel;
/** An ARM object (`properties` or a part of it). */
export type Obj = Record<string, unknown>;
/** `v` if it is an object, else an empty one. */
export const obj = (v: unknown): Obj => (v && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {});
/** `v` if it is an array, else an empty one. */
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
/** `v` if it is a non-empty string. */
export const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
/** `v` lower-cased if it is a string, else `""` (ARM ids and names compare case-insensitively). */
export const lc = (v: unknown): string => (typeof v === "string" ? v.toLowerCase() : "");
/** The last segment of an ARM id or name. */
export const last = (id: string): string => id.split("/").pop() ?? id;
/** A scope covers a resource when it is the resource or one of its ARM ancestors. */
export const covers = (scope: string, id: string): boolean => {
  const [s, i] = [scope.toLowerCase(), id.toLowerCase()];
  return s !== "" && (i === s || i.startsWith(`${s}/`));
};

/** A resource's ARM `properties`. */
export const props = (r: Res | undefined): Obj => obj(r?.properties);
/** The `properties` of an ARM sub-resource (`{id, name, properties: {...}}`: subnets, rules, connections). */
export const subProps = (v: unknown): Obj => obj(obj(v).properties);

/** The resource's own Azure name: the last segment of its ARM name (`pe-x/default` -> `default`). */
export function azureNameOf(r: Res): string {
  return last(r.name) || last(r.id);
}

/** ARM id of a child resource's parent (`.../privateEndpoints/pe/privateDnsZoneGroups/default` -> the PE). */
export const parentIdOf = (id: string): string => id.split("/").slice(0, -2).join("/");
/** `child`'s ARM id sits directly under `parent`'s. */
export const isChildOf = (child: Res, parent: Res): boolean =>
  parent.id !== "" && lc(parentIdOf(child.id)) === parent.id.toLowerCase();

/** ARM id of the VNet a subnet id belongs to. */
export function vnetOfSubnet(subnetId: string): string {
  return subnetId.replace(/\/subnets\/[^/]+$/i, "");
}

/**
 * Scope of a role assignment: the template-level `scope` (the plan's model), `properties.scope` (read back
 * from ARM), or else the id it sits under.
 */
export function scopeOf(ra: Res): string {
  return (
    str(ra.scope) ??
    str(props(ra).scope) ??
    ra.id.replace(/\/providers\/Microsoft\.Authorization\/roleAssignments\/[^/]+$/i, "")
  );
}

/** A managed VNet private endpoint outbound rule of a workspace: its name, target id and sub-resource. */
export interface PrivateEndpointRule {
  readonly name: string;
  readonly target: string;
  readonly sub: string;
}

/** The workspace's managed VNet private endpoint outbound rules that name a target (rule type compared case-insensitively). */
export function privateEndpointRules(ws: Res): PrivateEndpointRule[] {
  return Object.entries(obj(obj(props(ws).managedNetwork).outboundRules))
    .filter(([, r]) => lc(obj(r).type) === "privateendpoint")
    .map(([name, r]) => ({
      name,
      target: str(obj(obj(r).destination).serviceResourceId) ?? "",
      sub: str(obj(obj(r).destination).subresourceTarget) ?? "",
    }))
    .filter((r) => r.target !== "");
}
