import { createHash } from "node:crypto";
import * as authorization from "@pulumi/azure-native/authorization";
import * as pulumi from "@pulumi/pulumi";
import { type GrantPrincipal, type GrantScope, type GrantSpec, principalTypeOf } from "./grants";

/**
 * Built-in Azure role definition ids (learn.microsoft.com/azure/role-based-access-control/built-in-roles).
 * A constant map instead of a name lookup keeps plans offline and deterministic.
 */
export const ROLES = {
  contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
  reader: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
  storageBlobDataContributor: "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
  storageBlobDataReader: "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1",
  storageFileDataPrivilegedContributor: "69566ab7-960f-475b-8e7c-b3118f30c6bd",
  keyVaultAdministrator: "00482a5a-887f-4fb3-b363-3b7fe8e74483",
  azureMlDataScientist: "f6c7c914-8db3-469d-8ca1-694a8f32e121",
  /** "Azure AI Enterprise Network Connection Approver" (https://learn.microsoft.com/azure/machine-learning/how-to-managed-network). */
  networkConnectionApprover: "b556d68e-0be0-4f35-a333-ad7ee1ce17ea",
  virtualMachineUserLogin: "fb879df8-f326-4884-b1cf-06f3ad86be52",
} as const;

/** A built-in role key. */
export type RoleName = keyof typeof ROLES;

/** Human-readable names of the roles, for reports. */
export const ROLE_DISPLAY_NAMES: Readonly<Record<RoleName, string>> = {
  contributor: "Contributor",
  reader: "Reader",
  storageBlobDataContributor: "Storage Blob Data Contributor",
  storageBlobDataReader: "Storage Blob Data Reader",
  storageFileDataPrivilegedContributor: "Storage File Data Privileged Contributor",
  keyVaultAdministrator: "Key Vault Administrator",
  azureMlDataScientist: "AzureML Data Scientist",
  networkConnectionApprover: "Azure AI Enterprise Network Connection Approver",
  virtualMachineUserLogin: "Virtual Machine User Login",
};

/** Deterministic GUID (RFC 4122 layout, v5-style) from a string, so role assignment names are stable. */
export function stableGuid(seed: string): string {
  const h = createHash("sha1").update(seed).digest("hex");
  const variant = ((Number.parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}

/** What a role assignment needs; `why` is mandatory so every grant is justified in code and in the plan. */
export interface RoleGrant {
  readonly role: RoleName;
  readonly scope: pulumi.Input<string>;
  readonly principalId: pulumi.Input<string>;
  readonly principalType: "ServicePrincipal" | "User" | "Group";
  /** One line: why this principal needs this role on this scope. */
  readonly why: string;
}

/**
 * Creates a role assignment. The subscription-scoped role definition id is built from the scope, and
 * `principalType` is always set, so a freshly created identity does not fail with PrincipalNotFound (https://learn.microsoft.com/azure/role-based-access-control/role-assignments-template#new-service-principal).
 * The justification is stored as the assignment's description.
 */
export function grantRole(
  name: string,
  grant: RoleGrant,
  opts: pulumi.CustomResourceOptions,
): authorization.RoleAssignment {
  const roleDefinitionId = pulumi
    .output(grant.scope)
    .apply(
      (scope) =>
        `/subscriptions/${scope.split("/")[2]}/providers/Microsoft.Authorization/roleDefinitions/${ROLES[grant.role]}`,
    );
  return new authorization.RoleAssignment(
    name,
    {
      roleAssignmentName: stableGuid(`${pulumi.getProject()}/${pulumi.getStack()}/${name}`),
      scope: grant.scope,
      principalId: grant.principalId,
      principalType: grant.principalType,
      roleDefinitionId,
      description: grant.why,
    },
    opts,
  );
}

/** Ids a component knows for the grants table's symbolic principals and scopes. */
export interface GrantTargets {
  readonly principals: Partial<Record<GrantPrincipal, pulumi.Input<string>>>;
  /** The ARM id of a symbolic scope, or undefined when the component does not know it. */
  readonly scope: (scope: GrantScope) => pulumi.Input<string> | undefined;
}

/**
 * Creates the role assignments of some rows of the grants table, named `<prefix>-ra-<key>`, and returns them by
 * key. A row whose principal or scope the caller cannot resolve is a wiring bug, so it throws.
 */
export function createGrants(
  prefix: string,
  specs: readonly GrantSpec[],
  targets: GrantTargets,
  opts: pulumi.CustomResourceOptions,
): Map<string, authorization.RoleAssignment> {
  const out = new Map<string, authorization.RoleAssignment>();
  for (const g of specs) {
    const principalId = targets.principals[g.principal];
    const scope = targets.scope(g.scope);
    if (principalId === undefined || scope === undefined)
      throw new Error(`grant ${g.key}: ${prefix} cannot resolve ${g.principal} on ${g.scope}`);
    out.set(
      g.key,
      grantRole(
        `${prefix}-ra-${g.key}`,
        { role: g.role, scope, principalId, principalType: principalTypeOf(g.principal), why: g.why },
        opts,
      ),
    );
  }
  return out;
}
