import type { Config } from "../config";

/** Public network access and firewall posture of a store, in provider-neutral form (pure). */
export interface StorePosture {
  readonly publicNetworkAccess: "Enabled" | "Disabled";
  /** Public IPs/CIDRs let through when public access is Enabled (default action is always Deny). */
  readonly ipRules: readonly string[];
}

/** Posture of the workspace dependencies (default storage, Key Vault, registry). */
export function dependencyPosture(c: Config): StorePosture {
  return posture(c.workspace.dependencies.publicNetworkAccess, c);
}

/** Posture of the data stores (lake, blob, SQL). */
export function dataPosture(c: Config): StorePosture {
  return posture(c.data.publicNetworkAccess, c);
}

function posture(access: "Enabled" | "Disabled", c: Config): StorePosture {
  return { publicNetworkAccess: access, ipRules: access === "Enabled" ? c.allowedIpAddresses : [] };
}

/** Storage `networkRuleSet`: default Deny, trusted Azure services allowed, the allowed IPs. */
export function storageNetworkRules(p: StorePosture) {
  return {
    defaultAction: "Deny" as const,
    bypass: "AzureServices",
    // Storage wants bare addresses for /31 and /32 (it rejects those prefixes).
    ipRules: p.ipRules.map((ip) => ({
      iPAddressOrRange: ip.replace(/\/3[12]$/, ""),
      action: "Allow" as const,
    })),
  };
}
