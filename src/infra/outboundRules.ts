import type { Config, OutboundRule } from "../config";
import type { PrivateLinkGroup } from "./dnsZones";

/** A private endpoint rule the stack adds for one of its own data stores. */
export interface StoreRule<Id> {
  readonly name: "datalake" | "blobstore" | "sqlserver";
  readonly target: Id;
  readonly subresource: PrivateLinkGroup;
  readonly spark: boolean;
}

/**
 * Managed VNet rules secure-aml adds so the managed compute reaches the data stores privately (the original's
 * manual step 4): dfs with Spark for the lake, blob for the blob account, sqlServer for SQL. None when the
 * workspace has no managed VNet. Pure: targets are whatever id type the caller uses.
 */
export function storeRules<Id>(c: Config, targets: { lake?: Id; blob?: Id; sql?: Id }): StoreRule<Id>[] {
  if (c.workspace.isolationMode === "Disabled") return [];
  const rules: StoreRule<Id>[] = [];
  if (targets.lake !== undefined)
    rules.push({ name: "datalake", target: targets.lake, subresource: "dfs", spark: true });
  if (targets.blob !== undefined)
    rules.push({ name: "blobstore", target: targets.blob, subresource: "blob", spark: false });
  if (targets.sql !== undefined)
    rules.push({ name: "sqlserver", target: targets.sql, subresource: "sqlServer", spark: false });
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
