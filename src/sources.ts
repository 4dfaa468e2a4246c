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

/**
 * For the sweep that replaces the internal fact sheet's citations ("facts §N") in user-facing text: the topics
 * whose pages are the public sources of each section, most specific first. Only sections the repo cites, and
 * §1.7 and §4.1/§4.4 for completeness; §10 (Pulumi's own types) has no Learn page.
 */
export const FACT_SECTIONS = {
  "1.1": ["managedNetwork"],
  "1.2": ["managedNetwork"],
  "1.3": ["managedNetwork"],
  "1.4": ["managedNetwork", "outboundRuleTemplate"],
  "1.5": ["managedNetwork"],
  "1.6": ["managedNetwork"],
  "1.7": ["managedNetwork"],
  "1.8": ["managedNetwork", "managedNetworkTroubleshoot"],
  "2": ["managedNetwork", "aiMlRoles"],
  "3": ["privateLink", "customDns", "privateEndpointDns"],
  "4": ["networkSecurityOverview", "privateLink"],
  "4.1": ["privateLink"],
  "4.2": ["networkSecurityOverview", "secureWorkspaceVnet"],
  "4.3": ["studioVnet", "managedNetwork"],
  "4.4": ["secureWorkspaceVnet"],
  "4.5": ["sharedKeyDisabled"],
  "5": ["secureWorkspaceVnet", "containerRegistrySkus"],
  "6": ["computeInstance", "managedNetworkCompute"],
  "7": ["datastore", "identityAuth", "datastoreV2Migration", "connections"],
  "8": ["identityAuth", "managedNetwork"],
  "9": ["retailPrices"],
} as const satisfies Readonly<Record<string, readonly [LearnTopic, ...LearnTopic[]]>>;

/** A section of the internal fact sheet that has public sources. */
export type FactSection = keyof typeof FACT_SECTIONS;

/**
 * Matches an internal fact-sheet citation with every section it lists ("facts §1.4", "facts §1.5 and §9",
 * "facts §3, §4.3"); its first group holds the sections. Not global: add the flag where matching all.
 */
export const FACT_CITATION = /facts (§\d+(?:\.\d+)?(?:(?:,| and) §\d+(?:\.\d+)?)*)/;

/** The sections one {@link FACT_CITATION} match lists, e.g. `["1.5", "9"]` for "facts §1.5 and §9". */
export function citedSections(citation: string): string[] {
  return [...citation.matchAll(/§(\d+(?:\.\d+)?)/g)].map((m) => m[1]!);
}

/** The Learn URL that replaces a "facts §N" citation, or undefined for a section without a public source. */
export function learnUrlForFact(section: string): string | undefined {
  const topics = (FACT_SECTIONS as Readonly<Record<string, readonly LearnTopic[]>>)[section];
  return topics ? LEARN[topics[0]!] : undefined;
}
