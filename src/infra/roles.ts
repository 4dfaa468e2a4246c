import { createHash } from "node:crypto";
import * as authorization from "@pulumi/azure-native/authorization";
import * as pulumi from "@pulumi/pulumi";
import { ROLES, type RoleName } from "../model/roles";

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
 * `principalType` is always set so a freshly created identity does not fail with PrincipalNotFound
 * (pulumi-notes §6.6). The justification is stored as the assignment's description.
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
