import type { Config } from "../config";

/** Private endpoint sub-resources (group ids) this stack creates endpoints for. */
export type PrivateLinkGroup = "amlworkspace" | "blob" | "file" | "dfs" | "vault" | "registry" | "sqlServer";

type Cloud = Config["cloud"];

/**
 * Private DNS zone names per group id and cloud (learn.microsoft.com/azure/private-link/private-endpoint-dns;
 * the workspace zones per cloud are in https://learn.microsoft.com/azure/machine-learning/how-to-configure-private-link). The workspace needs two zones in one zone group: without
 * `notebooks` the notebook hosts do not resolve privately (the Terraform original's bug).
 */
export const PRIVATE_DNS_ZONES: Readonly<
  Record<Cloud, Readonly<Record<PrivateLinkGroup, readonly string[]>>>
> = {
  AzureCloud: {
    amlworkspace: ["privatelink.api.azureml.ms", "privatelink.notebooks.azure.net"],
    blob: ["privatelink.blob.core.windows.net"],
    file: ["privatelink.file.core.windows.net"],
    dfs: ["privatelink.dfs.core.windows.net"],
    vault: ["privatelink.vaultcore.azure.net"],
    registry: ["privatelink.azurecr.io"],
    sqlServer: ["privatelink.database.windows.net"],
  },
  AzureChinaCloud: {
    amlworkspace: ["privatelink.api.ml.azure.cn", "privatelink.notebooks.chinacloudapi.cn"],
    blob: ["privatelink.blob.core.chinacloudapi.cn"],
    file: ["privatelink.file.core.chinacloudapi.cn"],
    dfs: ["privatelink.dfs.core.chinacloudapi.cn"],
    vault: ["privatelink.vaultcore.azure.cn"],
    registry: ["privatelink.azurecr.cn"],
    sqlServer: ["privatelink.database.chinacloudapi.cn"],
  },
  AzureUSGovernment: {
    amlworkspace: ["privatelink.api.ml.azure.us", "privatelink.notebooks.usgovcloudapi.net"],
    blob: ["privatelink.blob.core.usgovcloudapi.net"],
    file: ["privatelink.file.core.usgovcloudapi.net"],
    dfs: ["privatelink.dfs.core.usgovcloudapi.net"],
    vault: ["privatelink.vaultcore.usgovcloudapi.net"],
    registry: ["privatelink.azurecr.us"],
    sqlServer: ["privatelink.database.usgovcloudapi.net"],
  },
};

/** Azure ML Studio host per cloud. */
export const STUDIO_HOST: Readonly<Record<Cloud, string>> = {
  AzureCloud: "ml.azure.com",
  AzureChinaCloud: "studio.ml.azure.cn",
  AzureUSGovernment: "ml.azure.us",
};

/** SQL server host suffix per cloud. */
export const SQL_HOST_SUFFIX: Readonly<Record<Cloud, string>> = {
  AzureCloud: "database.windows.net",
  AzureChinaCloud: "database.chinacloudapi.cn",
  AzureUSGovernment: "database.usgovcloudapi.net",
};

/** Storage host suffix per cloud. */
export const STORAGE_HOST_SUFFIX: Readonly<Record<Cloud, string>> = {
  AzureCloud: "core.windows.net",
  AzureChinaCloud: "core.chinacloudapi.cn",
  AzureUSGovernment: "core.usgovcloudapi.net",
};

/**
 * The private endpoints a config needs in the customer VNet, by owner. Pure, so the plan, the validation
 * (subnet capacity) and the components agree.
 */
export function privateEndpointGroups(c: Config): {
  workspace: PrivateLinkGroup[];
  storage: PrivateLinkGroup[];
  keyVault: PrivateLinkGroup[];
  registry: PrivateLinkGroup[];
  dataLake: PrivateLinkGroup[];
  blob: PrivateLinkGroup[];
  sql: PrivateLinkGroup[];
} {
  const depsPrivate = c.workspace.dependencies.publicNetworkAccess === "Disabled";
  const dataPrivate = c.data.publicNetworkAccess === "Disabled";
  return {
    workspace: c.workspace.privateEndpoint ? ["amlworkspace"] : [],
    // Studio and the compute need blob and file on the default storage (https://learn.microsoft.com/azure/machine-learning/how-to-secure-workspace-vnet).
    storage: depsPrivate ? ["blob", "file"] : [],
    keyVault: depsPrivate ? ["vault"] : [],
    registry: depsPrivate ? ["registry"] : [],
    // The lake is read over dfs, and over blob by tools that use the blob API (multi-protocol access).
    dataLake: dataPrivate && c.data.dataLake.enabled ? ["dfs", "blob"] : [],
    blob: dataPrivate && c.data.blob.enabled ? ["blob"] : [],
    sql: dataPrivate && c.data.sql.enabled ? ["sqlServer"] : [],
  };
}

/** Every zone the config needs, deduplicated, in a stable order. */
export function requiredZones(c: Config): string[] {
  const groups = Object.values(privateEndpointGroups(c)).flat();
  const zones = groups.flatMap((g) => PRIVATE_DNS_ZONES[c.cloud][g]);
  return [...new Set(zones)].sort();
}
