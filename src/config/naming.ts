import { nameSuffix } from "../model/naming";

/**
 * Deterministic Azure resource names. Storage account, Key Vault, registry and SQL server names are global DNS
 * names, so they get a short suffix derived from the subscription id and the resource group name — what ARM
 * templates do with `uniqueString(subscription().subscriptionId, resourceGroup().name)`
 * (https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-string#uniquestring).
 * The same config in the same subscription always yields the same names (stable plans, no state needed);
 * the same config in another subscription or tenant does not collide. The workspace and the compute instance
 * get the suffix too: a deleted workspace name stays soft-deleted for 14 days, and compute names are unique per
 * region (https://learn.microsoft.com/azure/machine-learning/how-to-create-compute-instance).
 */

/** Names of the private endpoint outbound rules secure-aml adds for its own data stores. */
export const RESERVED_RULE_NAMES = [
  "datalake",
  "datalake-blob",
  "blobstore",
  "sqlserver",
  "storage-blob",
  "storage-file",
  "keyvault",
  "registry",
] as const;

export { nameSuffix } from "../model/naming";

/** The resource group of a workload (the scope the suffix is derived from). */
export function resourceGroupName(name: string): string {
  return `rg-${name}`;
}

/** What the names depend on: the workload name and, optionally, a suffix that overrides the derived one. */
export interface NamingInput {
  readonly name: string;
  readonly nameSuffix?: string | undefined;
}

/** The suffix a config uses in a subscription: its `nameSuffix` override, or the derived one. */
export function suffixFor(c: NamingInput, subscriptionId: string): string {
  return c.nameSuffix ?? nameSuffix(subscriptionId, resourceGroupName(c.name));
}

/** Every Azure resource name the stack uses, derived from the workload name and region. */
export interface ResourceNames {
  readonly resourceGroup: string;
  readonly vnet: string;
  readonly logAnalytics: string;
  readonly appInsights: string;
  readonly identity: string;
  readonly workspace: string;
  readonly storage: string;
  readonly keyVault: string;
  readonly registry: string;
  readonly dataLake: string;
  readonly blob: string;
  readonly sqlServer: string;
  readonly sqlDatabase: string;
  readonly computeInstance: string;
  readonly jumpbox: string;
  readonly jumpboxNic: string;
  readonly bastion: string;
}

/**
 * Derives every resource name of a workload in a subscription; lengths stay inside Azure's limits for any
 * valid workload name and suffix.
 */
export function resourceNames(c: NamingInput, subscriptionId: string): ResourceNames {
  const name = c.name;
  const s = suffixFor(c, subscriptionId);
  return {
    resourceGroup: resourceGroupName(name),
    vnet: `vnet-${name}`,
    logAnalytics: `log-${name}`,
    appInsights: `appi-${name}`,
    identity: `id-${name}-mlw`,
    workspace: `mlw-${name}-${s}`,
    storage: `stw${name}${s}`, // 3-24 lowercase alphanumerics
    keyVault: `kv-${name}-${s}`, // 3-24, letters/digits/hyphens
    registry: `cr${name}${s}`, // 5-50 alphanumerics
    dataLake: `dls${name}${s}`,
    blob: `stb${name}${s}`,
    sqlServer: `sql-${name}-${s}`,
    sqlDatabase: `sqldb-${name}`,
    // Compute names are 3-24 characters and unique within the region.
    computeInstance: `ci-${name}-${s}`,
    jumpbox: `vm-${name}-jump`,
    jumpboxNic: `nic-vm-${name}-jump`,
    bastion: `bas-${name}`,
  };
}
