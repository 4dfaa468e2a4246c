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
   * roles a user-assigned-identity workspace already holds on its default resources
   * (https://learn.microsoft.com/azure/machine-learning/how-to-managed-network).
   */
  readonly approval: "approver-role" | "workspace-roles";
}

/** Names of the rules secure-aml adds (reserved: a user rule may not reuse them). */
export type StoreRuleName =
  | "datalake"
  | "datalake-blob"
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
 * step 4): dfs with Spark for the lake plus blob for tools that use the blob API on it (multi-protocol access),
 * blob for the blob account, sqlServer for SQL. When the workspace's own storage, Key Vault and registry are
 * public-but-firewalled under AllowInternetOutbound, Azure creates no rule for them
 * (https://learn.microsoft.com/azure/machine-learning/how-to-managed-network) and compute egress is not on
 * their allow-list, so rules to them are added too.
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
  add("datalake-blob", t.lake, "blob", "approver-role");
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

/** A private endpoint rule to one of the stack's stores, in the azure-native shape. */
export interface ArmStoreRule<Id> {
  readonly type: "PrivateEndpoint";
  readonly category: "UserDefined";
  readonly destination: {
    readonly serviceResourceId: Id;
    readonly subresourceTarget: PrivateLinkGroup;
    readonly sparkEnabled: boolean;
  };
}

/**
 * The workspace's `managedNetwork.outboundRules`: the stack's store rules, then the user's rules as written
 * (pure). Only user-defined rules: Azure adds its required ones itself.
 */
export function armOutboundRules<Id>(
  c: Config,
  rules: readonly StoreRule<Id>[],
): Record<string, ArmStoreRule<Id> | ReturnType<typeof toArmRule>> {
  const out: Record<string, ArmStoreRule<Id> | ReturnType<typeof toArmRule>> = {};
  for (const rule of rules) {
    out[rule.name] = {
      type: "PrivateEndpoint",
      category: "UserDefined",
      destination: {
        serviceResourceId: rule.target,
        subresourceTarget: rule.subresource,
        sparkEnabled: rule.spark,
      },
    };
  }
  for (const [name, rule] of Object.entries(c.workspace.outboundRules)) out[name] = toArmRule(rule);
  return out;
}
