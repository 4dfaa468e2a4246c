import type { Config, OutboundRule } from "../config";
import type { PrivateLinkGroup } from "./dnsZones";

/** A private endpoint rule the stack adds for one of its own stores. */
export interface StoreRule<Id> {
  readonly name: StoreRuleName;
  readonly target: Id;
  readonly subresource: PrivateLinkGroup;
  readonly spark: boolean;
  /**
   * Who approves the managed private endpoint: the approver role the stack grants on a data store, or the
   * roles a user-assigned-identity workspace already holds on its default resources (facts §2).
   */
  readonly approval: "approver-role" | "workspace-roles";
}

/** Names of the rules secure-aml adds (reserved: a user rule may not reuse them). */
export type StoreRuleName =
  | "datalake"
  | "blobstore"
  | "sqlserver"
  | "storage-blob"
  | "storage-file"
  | "keyvault"
  | "registry";

/** Targets of the rules, by role; any id type the caller uses. */
export interface StoreTargets<Id> {
  readonly lake?: Id;
  readonly blob?: Id;
  readonly sql?: Id;
  readonly storage?: Id;
  readonly keyVault?: Id;
  readonly registry?: Id;
}

/**
 * Managed VNet rules secure-aml adds so managed compute reaches every store privately (the original's manual
 * step 4): dfs with Spark for the lake, blob for the blob account, sqlServer for SQL. When the workspace's own
 * storage, Key Vault and registry are public-but-firewalled under AllowInternetOutbound, Azure creates no
 * rule for them (facts §1.3) and compute egress is not on their allow-list, so rules to them are added too.
 * None without a managed VNet. Pure.
 */
export function storeRules<Id>(c: Config, t: StoreTargets<Id>): StoreRule<Id>[] {
  if (c.workspace.isolationMode === "Disabled") return [];
  const rules: StoreRule<Id>[] = [];
  const add = (
    name: StoreRuleName,
    target: Id | undefined,
    subresource: PrivateLinkGroup,
    approval: StoreRule<Id>["approval"],
    spark = false,
  ) => {
    if (target !== undefined) rules.push({ name, target, subresource, spark, approval });
  };
  add("datalake", t.lake, "dfs", "approver-role", true);
  add("blobstore", t.blob, "blob", "approver-role");
  add("sqlserver", t.sql, "sqlServer", "approver-role");
  const depsNeedRules =
    c.workspace.isolationMode === "AllowInternetOutbound" &&
    c.workspace.dependencies.publicNetworkAccess === "Enabled";
  if (depsNeedRules) {
    add("storage-blob", t.storage, "blob", "workspace-roles");
    add("storage-file", t.storage, "file", "workspace-roles");
    add("keyvault", t.keyVault, "vault", "workspace-roles");
    add("registry", t.registry, "registry", "workspace-roles");
  }
  return rules;
}

/** Converts a user rule from the config shape to the ARM/azure-native shape. */
export function toArmRule(rule: OutboundRule) {
  switch (rule.type) {
    case "PrivateEndpoint":
      return {
        type: "PrivateEndpoint" as const,
        category: "UserDefined",
        destination: {
          serviceResourceId: rule.serviceResourceId,
          subresourceTarget: rule.subresourceTarget,
          sparkEnabled: rule.sparkEnabled,
        },
      };
    case "ServiceTag":
      return {
        type: "ServiceTag" as const,
        category: "UserDefined",
        destination: {
          serviceTag: rule.serviceTag,
          protocol: rule.protocol,
          portRanges: rule.portRanges,
          action: "Allow",
        },
      };
    case "FQDN":
      return { type: "FQDN" as const, category: "UserDefined", destination: rule.destination };
  }
}
