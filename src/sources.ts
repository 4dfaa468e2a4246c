/**
 * The public sources behind what secure-aml tells its users: one Microsoft Learn page per topic. Messages, role
 * descriptions, plan output and the README cite these URLs (or `docs/sources.md`, which says in one line what
 * each page establishes), never the project's internal fact sheet. Pure data: it imports nothing, so any folder
 * may import it.
 *
 * URLs are locale-free (`learn.microsoft.com/azure/...`, no `/en-us/`), so Learn serves the reader's language.
 */
export const LEARN = {
  /** Managed VNet: isolation modes, one-way upgrades, required and scenario rules, rule types, firewall SKU, provisioning, approval. */
  managedNetwork: "https://learn.microsoft.com/azure/machine-learning/how-to-managed-network",
  /** Managed VNet troubleshooting: the privateEndpointConnections read/write the deploying identity needs. */
  managedNetworkTroubleshoot:
    "https://learn.microsoft.com/azure/machine-learning/how-to-troubleshoot-managed-network",
  /** Compute instances and clusters in a managed VNet: no public IP, SSH through the workspace private endpoint. */
  managedNetworkCompute: "https://learn.microsoft.com/azure/machine-learning/how-to-managed-network-compute",
  /** ARM reference of managed VNet outbound rules: the rule name pattern and the three rule shapes. */
  outboundRuleTemplate:
    "https://learn.microsoft.com/azure/templates/microsoft.machinelearningservices/workspaces/outboundrules",
  /** Managed VNet compared with a customer VNet: what each can isolate, log and reach. */
  networkIsolationConfigurations:
    "https://learn.microsoft.com/azure/machine-learning/concept-network-isolation-configurations",
  /** Workspace private endpoint: group id, DNS zones, public network access, limitations. */
  privateLink: "https://learn.microsoft.com/azure/machine-learning/how-to-configure-private-link",
  /** Workspace DNS with private endpoints: zones per cloud, workspace and compute instance host names. */
  customDns: "https://learn.microsoft.com/azure/machine-learning/how-to-custom-dns",
  /** Private DNS zone names of every Azure service's private endpoint sub-resources, per cloud. */
  privateEndpointDns: "https://learn.microsoft.com/azure/private-link/private-endpoint-dns",
  /** Network security overview: public workspace with private resources, supported combinations. */
  networkSecurityOverview:
    "https://learn.microsoft.com/azure/machine-learning/how-to-network-security-overview",
  /** Securing the workspace's storage, Key Vault and registry: Premium registry, image builds, trusted access. */
  secureWorkspaceVnet: "https://learn.microsoft.com/azure/machine-learning/how-to-secure-workspace-vnet",
  /** Studio in a virtual network: line of sight to storage, Reader on storage private endpoints, data preview. */
  studioVnet: "https://learn.microsoft.com/azure/machine-learning/how-to-enable-studio-virtual-network",
  /** Identity-based access: datastores without secrets, the roles of a user-assigned identity workspace. */
  identityAuth:
    "https://learn.microsoft.com/azure/machine-learning/how-to-identity-based-service-authentication",
  /** Workspace storage without shared keys: systemDatastoresAuthMode identity and the roles users need. */
  sharedKeyDisabled: "https://learn.microsoft.com/azure/machine-learning/how-to-disable-local-auth-storage",
  /** Compute instance: naming, SSH, idle shutdown limits, assigned user. */
  computeInstance: "https://learn.microsoft.com/azure/machine-learning/how-to-create-compute-instance",
  /** Datastores (SDK v2): blob and ADLS Gen2 with identity-based access. */
  datastore: "https://learn.microsoft.com/azure/machine-learning/how-to-datastore",
  /** Datastores v1 to v2: SQL is no longer a datastore. */
  datastoreV2Migration: "https://learn.microsoft.com/azure/machine-learning/migrate-to-v2-resource-datastore",
  /** Workspace connections, among them Azure SQL Database. */
  connections: "https://learn.microsoft.com/azure/machine-learning/how-to-connection",
  /** Built-in AI + machine learning roles, among them Azure AI Enterprise Network Connection Approver. */
  aiMlRoles: "https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/ai-machine-learning",
  /** Container Registry SKUs: private endpoints need Premium. */
  containerRegistrySkus: "https://learn.microsoft.com/azure/container-registry/container-registry-skus",
  /** Azure Retail Prices API: the unauthenticated source to re-check every price. */
  retailPrices: "https://learn.microsoft.com/rest/api/cost-management/retail-prices/azure-retail-prices",
  /** Reading datastore URIs from a notebook with azureml-fsspec, pandas and mltable. */
  accessDataInteractive: "https://learn.microsoft.com/azure/machine-learning/how-to-access-data-interactive",
  /** Connecting Python to Azure SQL Database with a Microsoft Entra token. */
  sqlPython: "https://learn.microsoft.com/azure/azure-sql/database/azure-sql-python-quickstart",
  /** ODBC driver and Microsoft Entra ID: the SQL_COPT_SS_ACCESS_TOKEN structure. */
  odbcEntraToken: "https://learn.microsoft.com/sql/connect/odbc/using-azure-active-directory",
} as const;

/** A topic of {@link LEARN}. */
export type LearnTopic = keyof typeof LEARN;
