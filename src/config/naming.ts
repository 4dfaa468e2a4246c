import { createHash } from "node:crypto";

/**
 * Deterministic Azure resource names. Global names (storage, Key Vault, registry, SQL, workspace) get a short
 * suffix derived from name + location, so the same config always yields the same names (stable plans, no
 * state needed) while two workloads with different names never collide. The workspace gets the suffix too:
 * a deleted workspace name stays soft-deleted for 14 days (pulumi-notes §6.4).
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

/** Six lowercase hex characters derived from the workload name and region. */
export function nameSuffix(name: string, location: string): string {
  return createHash("sha256").update(`${name}:${location}`).digest("hex").slice(0, 6);
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
  readonly bastion: string;
}

/** Derives every resource name; lengths stay inside Azure's limits for any valid workload name. */
export function resourceNames(name: string, location: string): ResourceNames {
  const s = nameSuffix(name, location);
  return {
    resourceGroup: `rg-${name}`,
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
    // Compute names are 3-24 characters and unique within the region (facts §6).
    computeInstance: `ci-${name}-${s.slice(0, 4)}`,
    jumpbox: `vm-${name}-jump`,
    bastion: `bas-${name}`,
  };
}
