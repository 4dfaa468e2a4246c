import { createHash } from "node:crypto";
import * as authorization from "@pulumi/azure-native/authorization";
import * as pulumi from "@pulumi/pulumi";
import { ROLES, type RoleName } from "../model/roles";
import type { StackContext } from "./context";
import { type GrantPrincipal, type GrantScope, type GrantSpec, principalTypeOf } from "./grants";

export { ROLE_DISPLAY_NAMES, ROLES, type RoleName } from "../model/roles";

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

/**
 * The people of the grants table as principal ids: the compute user (the assigned user, else the deploying
 * identity) and, when configured, the data scientists group.
 */
export function peopleIds(ctx: StackContext): Partial<Record<GrantPrincipal, pulumi.Input<string>>> {
  const c = ctx.config;
  return {
    computeUser: c.compute.instance.assignedUserObjectId ?? ctx.deployerObjectId,
    ...(c.workspace.dataScientists ? { dataScientists: c.workspace.dataScientists } : {}),
  };
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
