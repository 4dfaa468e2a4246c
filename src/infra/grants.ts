import type { Config } from "../config";
import { type PrivateLinkGroup, privateEndpointGroups } from "./dnsZones";
import { jumpboxUserRoles } from "./jumpboxAccess";
import type { RoleName } from "./roles";
import { sampleUpload } from "./sampleData";

/**
 * Every role assignment of the stack, as one declarative table computed from the config (pure). The
 * components resolve each entry's symbolic principal and scope to ids and create it with `grantRole`; the
 * deploy-time checks read the same table to verify that what must exist before the workspace (or the sample
 * upload) does. Nothing else in the stack creates a role assignment.
 */

/**
 * Who receives a grant:
 * - `workspaceIdentity`: the workspace's user-assigned managed identity (a service principal);
 * - `computeUser`: the person the compute instance is for, `compute.instance.assignedUserObjectId`, or the
 *   deploying identity when that is unset (Azure then creates the instance for the caller);
 * - `dataScientists`: the optional Entra group `workspace.dataScientists`;
 * - `jumpboxIdentity`: the jump box VM's system-assigned identity, which uploads the sample data.
 */
export type GrantPrincipal = "workspaceIdentity" | "computeUser" | "dataScientists" | "jumpboxIdentity";

/** The stores whose customer-VNet private endpoints the workspace identity reads (Studio data preview). */
export type EndpointStore = "storage" | "dataLake" | "blob";

/**
 * Where a grant applies, symbolically: a resource of the stack, the resource group, one customer-VNet private
 * endpoint (`pe:<store>:<group id>`), or the target of a user-defined private endpoint rule
 * (`userRule:<rule name>`, a resource outside the stack).
 */
export type GrantScope =
  | "resourceGroup"
  | "workspace"
  | "storage"
  | "keyVault"
  | "registry"
  | "appInsights"
  | "dataLake"
  | "blob"
  | "jumpboxVm"
  | "jumpboxNic"
  | "bastion"
  | `pe:${EndpointStore}:${PrivateLinkGroup}`
  | `userRule:${string}`;

/**
 * What must wait for a grant: `workspace` — the workspace is created only after it (Azure checks the user-assigned
 * identity's access while creating the workspace and its managed network); `seed` — the jump box's sample upload.
 */
export type GrantBefore = "workspace" | "seed";

/** One row of the grants table. */
export interface GrantSpec {
  /**
   * Unique key; the role assignment's Pulumi name is `<component>-ra-<key>`. Keys of grants that existed before
   * the table are kept, so upgrading a stack does not re-create (and collide with) its own assignments.
   */
  readonly key: string;
  readonly principal: GrantPrincipal;
  readonly role: RoleName;
  readonly scope: GrantScope;
  /** One line: why this principal needs this role here, with the public source. Sent to Azure as the description. */
  readonly why: string;
  /** What must not be created before this grant exists, if anything. */
  readonly before?: GrantBefore;
}

/** Learn pages the grants cite. */
export const GRANT_SOURCES = {
  uaiWorkspace:
    "https://learn.microsoft.com/azure/machine-learning/how-to-identity-based-service-authentication",
  managedNetwork: "https://learn.microsoft.com/azure/machine-learning/how-to-managed-network",
  identityStorage: "https://learn.microsoft.com/azure/machine-learning/how-to-disable-local-auth-storage",
  studioVnet: "https://learn.microsoft.com/azure/machine-learning/how-to-enable-studio-virtual-network",
  roles: "https://learn.microsoft.com/azure/machine-learning/how-to-assign-roles",
  bastionEntra: "https://learn.microsoft.com/azure/bastion/bastion-entra-id-authentication#assign-roles",
  bastionRoles: "https://learn.microsoft.com/azure/bastion/bastion-connect-vm-ssh-linux#required-roles",
  blobDataAccess: "https://learn.microsoft.com/azure/storage/blobs/assign-azure-role-data-access",
} as const;

/**
 * Whether the stack has a compute user: the compute instance's owner, or an explicitly assigned user even
 * without an instance (they still use Studio and the jump box).
 */
export function hasComputeUser(c: Config): boolean {
  return c.compute.instance.enabled || c.compute.instance.assignedUserObjectId !== undefined;
}

/**
 * The principal type sent with a grant. ARM needs it for an identity created moments before (no PrincipalNotFound
 * while it replicates) and rejects a wrong one (`UnmatchedPrincipalType`); azure-native sends "User" when none is
 * given. The compute user is a person: the deployer by default, so a pipeline that deploys as a service principal
 * must set `compute.instance.assignedUserObjectId` (the README says so).
 */
export function principalTypeOf(principal: GrantPrincipal): "ServicePrincipal" | "User" | "Group" {
  switch (principal) {
    case "workspaceIdentity":
    case "jumpboxIdentity":
      return "ServicePrincipal";
    case "dataScientists":
      return "Group";
    case "computeUser":
      return "User";
  }
}

/** The stores whose private endpoints the workspace identity needs Reader on, with their group ids. */
function endpointStores(c: Config): [EndpointStore, PrivateLinkGroup][] {
  const groups = privateEndpointGroups(c);
  return (["storage", "dataLake", "blob"] as const).flatMap((store) =>
    groups[store].map((g): [EndpointStore, PrivateLinkGroup] => [store, g]),
  );
}

/** Key of a Reader grant on a private endpoint; the default storage's keep their original names. */
function endpointKey(store: EndpointStore, group: PrivateLinkGroup): string {
  const short = { storage: "", dataLake: "lake-", blob: "blobacct-" }[store];
  return `pe-${short}${group.toLowerCase()}`;
}

/** The data stores this config enables, with the short key their grants are named by. */
function dataStores(c: Config): (readonly ["dataLake" | "blob", "lake" | "blob"])[] {
  return (
    [
      ["dataLake", "lake"],
      ["blob", "blob"],
    ] as const
  ).filter(([store]) => c.data[store].enabled);
}

/**
 * The rows a person (the compute user) or the data scientists group gets: the data and Studio roles to work in
 * the workspace, and with Bastion Basic/Standard the jump box sign-in roles. Also what a remaining step gives
 * anyone else.
 */
export function personGrants(c: Config, principal: "computeUser" | "dataScientists"): GrantSpec[] {
  const who = principal === "computeUser" ? "the compute instance's user" : "the data scientists group";
  // The compute user's keys are those the assigned user's grants had before the table.
  const k = (user: string, group: string) => (principal === "computeUser" ? user : group);
  const out: GrantSpec[] = [
    {
      key: k("user-ds", "group-ds"),
      principal,
      role: "azureMlDataScientist",
      scope: "workspace",
      why: `${who} runs notebooks, jobs and data assets in the workspace (${GRANT_SOURCES.roles})`,
    },
    {
      key: k("user-st-blob", "group-st-blob"),
      principal,
      role: "storageBlobDataContributor",
      scope: "storage",
      why: `identity-based system datastores: ${who} reads and writes workspaceblobstore (${GRANT_SOURCES.identityStorage})`,
    },
    {
      key: k("user-file", "group-file"),
      principal,
      role: "storageFileDataPrivilegedContributor",
      scope: "storage",
      why: `identity-based system datastores: ${who}'s notebooks and file explorer use the file share (${GRANT_SOURCES.identityStorage})`,
    },
  ];
  for (const [store, key] of dataStores(c)) {
    out.push({
      key: k(`user-${key}`, `group-${key}`),
      principal,
      role: "storageBlobDataReader",
      scope: store,
      why: `${who} previews and reads the ${store === "dataLake" ? "datalake" : "blobs"} datastore with their own identity (${GRANT_SOURCES.identityStorage})`,
    });
  }
  // The jump box: Reader on its VM, NIC and Bastion with every SKU, and the Entra sign-in role where it exists.
  for (const r of jumpboxUserRoles(c)) {
    const scope = ({ vm: "jumpboxVm", nic: "jumpboxNic", bastion: "bastion" } as const)[r.on];
    const login = r.role === "virtualMachineUserLogin";
    out.push({
      key: login
        ? k("login", "group-login")
        : k(`${scopeShort(scope)}-read`, `group-${scopeShort(scope)}-read`),
      principal,
      role: r.role,
      scope,
      why: `${who}: ${r.why} (${login ? GRANT_SOURCES.bastionEntra : GRANT_SOURCES.bastionRoles})`,
    });
  }
  return out;
}

const scopeShort = (scope: "jumpboxVm" | "jumpboxNic" | "bastion") =>
  ({ jumpboxVm: "vm", jumpboxNic: "nic", bastion: "bas" })[scope];

/**
 * The grants table of a config (pure): every role assignment the stack makes, in creation order within each
 * principal. See {@link GrantSpec}.
 */
export function plannedGrants(c: Config): GrantSpec[] {
  const uai = "workspaceIdentity" as const;
  const managed = c.workspace.isolationMode !== "Disabled";
  const grants: GrantSpec[] = [];
  const add = (g: GrantSpec) => grants.push(g);

  // The workspace identity: the roles Microsoft lists for a user-assigned identity workspace, before the workspace.
  const ws = GRANT_SOURCES.uaiWorkspace;
  if (managed) {
    // With provisionNetworkNow Azure creates the required private endpoint to the workspace itself while creating
    // it, before any grant on the workspace can exist. Microsoft's template for UAI workspaces grants at resource
    // group scope first (https://github.com/Azure/azure-quickstart-templates/tree/master/quickstarts/microsoft.machinelearningservices/machine-learning-dependencies-role-assignment,
    // Contributor there); the approver role is the narrow one, and it also covers the stack's own data stores.
    add({
      key: "rg-approve",
      principal: uai,
      role: "networkConnectionApprover",
      scope: "resourceGroup",
      why: `auto-approve the managed VNet's private endpoints to the workspace and every store of the resource group (${GRANT_SOURCES.managedNetwork})`,
      before: "workspace",
    });
  }
  add({
    key: "st-contrib",
    principal: uai,
    role: "contributor",
    scope: "storage",
    why: `UAI workspace: manage the default storage (${ws})`,
    before: "workspace",
  });
  add({
    key: "st-blob",
    principal: uai,
    role: "storageBlobDataContributor",
    scope: "storage",
    why: `identity-based system datastores: read and write the default storage (${GRANT_SOURCES.identityStorage})`,
    before: "workspace",
  });
  add({
    key: "st-file",
    principal: uai,
    role: "storageFileDataPrivilegedContributor",
    scope: "storage",
    why: `identity-based access to the notebooks file share (${GRANT_SOURCES.identityStorage})`,
    before: "workspace",
  });
  add({
    key: "kv-contrib",
    principal: uai,
    role: "contributor",
    scope: "keyVault",
    why: `UAI workspace: manage the Key Vault (${ws})`,
    before: "workspace",
  });
  add({
    key: "kv-admin",
    principal: uai,
    role: "keyVaultAdministrator",
    scope: "keyVault",
    why: `UAI workspace on an RBAC vault: store connection secrets (${ws})`,
    before: "workspace",
  });
  add({
    key: "cr",
    principal: uai,
    role: "contributor",
    scope: "registry",
    why: `UAI workspace: push and pull environment images (${ws})`,
    before: "workspace",
  });
  add({
    key: "appi",
    principal: uai,
    role: "contributor",
    scope: "appInsights",
    why: `UAI workspace: write to Application Insights (${ws})`,
    before: "workspace",
  });
  for (const [store, key] of dataStores(c)) {
    add({
      key: `${key}-read`,
      principal: uai,
      role: "storageBlobDataReader",
      scope: store,
      why: `the identity-based ${store === "dataLake" ? "datalake" : "blobs"} datastore reads the data as the workspace identity (${GRANT_SOURCES.studioVnet})`,
      before: "workspace",
    });
  }
  // A user rule's target is outside this stack (and outside the resource group grant), so it gets its own
  // approver grant; the deployer needs the right to assign roles there (the README says so).
  for (const [ruleName, rule] of Object.entries(c.workspace.outboundRules)) {
    if (rule.type !== "PrivateEndpoint") continue;
    add({
      key: `approve-user-${ruleName}`,
      principal: uai,
      role: "networkConnectionApprover",
      scope: `userRule:${ruleName}`,
      why: `auto-approve the managed VNet private endpoint of user rule "${ruleName}" (${GRANT_SOURCES.managedNetwork})`,
      before: "workspace",
    });
  }
  add({
    key: "mlw",
    principal: uai,
    role: "contributor",
    scope: "workspace",
    why: `UAI workspace: Microsoft lists Contributor on the workspace itself for its identity (${ws})`,
  });
  // Studio reads every storage account behind the VNet through its private endpoints as the workspace identity.
  for (const [store, group] of endpointStores(c)) {
    add({
      key: endpointKey(store, group),
      principal: uai,
      role: "reader",
      scope: `pe:${store}:${group}`,
      why: `Studio data preview reaches the ${store === "storage" ? "default storage" : store === "dataLake" ? "data lake" : "blob account"} through its ${group} private endpoint (${GRANT_SOURCES.studioVnet})`,
    });
  }

  if (hasComputeUser(c)) grants.push(...personGrants(c, "computeUser"));
  if (c.workspace.dataScientists) grants.push(...personGrants(c, "dataScientists"));

  if (sampleUpload(c) === "jumpbox") {
    for (const [store, key] of dataStores(c)) {
      add({
        key: `seed-${key}`,
        principal: "jumpboxIdentity",
        role: "storageBlobDataContributor",
        scope: store,
        why: `the jump box uploads the sample contacts.csv through the private endpoint (${GRANT_SOURCES.blobDataAccess})`,
        before: "seed",
      });
    }
  }
  return grants;
}

/** The scopes a jump box resolves: its VM, NIC and Bastion host. */
const JUMPBOX_SCOPES: ReadonlySet<GrantScope> = new Set(["jumpboxVm", "jumpboxNic", "bastion"]);

/** Which component creates a grant: the jump box for its own resources and identity, the workspace otherwise. */
export function grantOwner(g: GrantSpec): "workspace" | "jumpbox" {
  return g.principal === "jumpboxIdentity" || JUMPBOX_SCOPES.has(g.scope) ? "jumpbox" : "workspace";
}

/**
 * The Pulumi logical name of a grant's role assignment in the stack named `stackName` (the root component's
 * name, the config's `name`): `<stack>-workspace-ra-<key>` or `<stack>-jumpbox-ra-<key>`. The deploy-time checks
 * use it to find each table row in a plan.
 */
export function grantResourceName(stackName: string, g: GrantSpec): string {
  return `${stackName}-${grantOwner(g)}-ra-${g.key}`;
}
