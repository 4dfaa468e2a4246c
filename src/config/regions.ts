/**
 * Region tables, one per Azure cloud, with the Bastion Developer regions beside them. Names are the
 * programmatic ones (`az account list-locations --query "[].name"`). Sourced and dated: Azure adds regions,
 * so a region missing here is reported with the table's date and where to check it.
 * Pure data and lookups; imports nothing from the rest of the project.
 */

/** A cloud's region table. */
export interface RegionTable {
  readonly regions: readonly string[];
  /** Public page the list comes from. */
  readonly source: string;
  /** When the list was checked against the source (ISO date). */
  readonly checked: string;
}

/** Regions per cloud (the `cloud` config values). */
export const REGIONS: Readonly<Record<"AzureCloud" | "AzureChinaCloud" | "AzureUSGovernment", RegionTable>> =
  {
    AzureCloud: {
      // Physical regions of the public cloud, plus the two early-access (EUAP) regions that
      // `az account list-locations` returns. Access-restricted regions are listed: they are valid names.
      regions: [
        "australiacentral",
        "australiacentral2",
        "australiaeast",
        "australiasoutheast",
        "austriaeast",
        "belgiumcentral",
        "brazilsouth",
        "brazilsoutheast",
        "canadacentral",
        "canadaeast",
        "centralindia",
        "centralus",
        "centraluseuap",
        "chilecentral",
        "eastasia",
        "eastus",
        "eastus2",
        "eastus2euap",
        "francecentral",
        "francesouth",
        "germanynorth",
        "germanywestcentral",
        "indonesiacentral",
        "israelcentral",
        "italynorth",
        "japaneast",
        "japanwest",
        "jioindiacentral",
        "jioindiawest",
        "koreacentral",
        "koreasouth",
        "malaysiawest",
        "mexicocentral",
        "newzealandnorth",
        "northcentralus",
        "northeurope",
        "norwayeast",
        "norwaywest",
        "polandcentral",
        "qatarcentral",
        "southafricanorth",
        "southafricawest",
        "southcentralus",
        "southeastasia",
        "southindia",
        "spaincentral",
        "swedencentral",
        "switzerlandnorth",
        "switzerlandwest",
        "uaecentral",
        "uaenorth",
        "uksouth",
        "ukwest",
        "westcentralus",
        "westeurope",
        "westindia",
        "westus",
        "westus2",
        "westus3",
      ],
      source: "https://learn.microsoft.com/azure/reliability/regions-list",
      checked: "2026-11-30",
    },
    AzureChinaCloud: {
      regions: ["chinaeast", "chinaeast2", "chinaeast3", "chinanorth", "chinanorth2", "chinanorth3"],
      source: "https://learn.microsoft.com/azure/china/overview-regions",
      checked: "2026-11-30",
    },
    AzureUSGovernment: {
      regions: ["usdodcentral", "usdodeast", "usgovarizona", "usgovtexas", "usgovvirginia"],
      source: "https://learn.microsoft.com/azure/azure-government/documentation-government-developer-guide",
      checked: "2026-11-30",
    },
  };

/** A cloud name of the region tables. */
export type CloudName = keyof typeof REGIONS;

/** The cloud whose table lists `region`, if any. */
export function cloudOfRegion(region: string): CloudName | undefined {
  for (const cloud of Object.keys(REGIONS) as CloudName[]) {
    if (REGIONS[cloud].regions.includes(region)) return cloud;
  }
  return undefined;
}

/**
 * Regions where Bastion's Developer SKU is offered (public cloud only; it does not exist in the national
 * clouds). From the include `bastion-developer-regions.md` of the Developer quickstart, ms.date 2025-09-08.
 */
export const BASTION_DEVELOPER_REGIONS: RegionTable = {
  regions: [
    "australiacentral",
    "australiaeast",
    "australiasoutheast",
    "brazilsouth",
    "canadacentral",
    "canadaeast",
    "centralindia",
    "centralus",
    "centraluseuap",
    "eastasia",
    "eastus2",
    "eastus2euap",
    "francecentral",
    "germanywestcentral",
    "italynorth",
    "japaneast",
    "japanwest",
    "koreacentral",
    "koreasouth",
    "mexicocentral",
    "northcentralus",
    "northeurope",
    "norwayeast",
    "southafricanorth",
    "southindia",
    "spaincentral",
    "swedencentral",
    "switzerlandnorth",
    "southeastasia",
    "uaenorth",
    "uksouth",
    "ukwest",
    "westcentralus",
    "westeurope",
    "westus",
  ],
  source: "https://learn.microsoft.com/azure/bastion/quickstart-developer",
  checked: "2025-09-08",
};
