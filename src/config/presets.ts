import type { ConfigInput, PresetName } from "./schema";

/**
 * Presets are partial configs laid under the user's file. The schema's defaults already describe the
 * `private` preset, so `private` is empty and the others only say how they differ from it.
 */
export const PRESETS: Readonly<Record<PresetName, { summary: string; config: ConfigInput }>> = {
  starter: {
    summary:
      "The Terraform original's defaults: public workspace without a private endpoint, data stores public but " +
      "firewalled (default Deny + allowedIpAddresses), AllowInternetOutbound, no SQL, no jump box.",
    config: {
      workspace: {
        publicNetworkAccess: "Enabled",
        privateEndpoint: false,
        isolationMode: "AllowInternetOutbound",
        dependencies: { publicNetworkAccess: "Enabled" },
      },
      data: { publicNetworkAccess: "Enabled", sql: { enabled: false } },
      jumpbox: { enabled: false },
    },
  },
  private: {
    summary:
      "Everything private: workspace reachable only through its private endpoint, every store and dependency " +
      "behind private endpoints with private DNS, AllowInternetOutbound, Linux jump box behind Bastion Developer.",
    config: {},
  },
  "locked-down": {
    summary:
      "`private` plus AllowOnlyApprovedOutbound with a Basic Azure Firewall, FQDN rules for the Python package " +
      "hosts only, and Azure SQL with Microsoft Entra-only authentication.",
    config: {
      workspace: {
        isolationMode: "AllowOnlyApprovedOutbound",
        firewallSku: "Basic",
        // The package hosts Microsoft lists for pip/conda (https://learn.microsoft.com/azure/machine-learning/how-to-managed-network, recommended-network-outbound.md).
        outboundRules: {
          pypi: { type: "FQDN", destination: "pypi.org" },
          pythonhosted: { type: "FQDN", destination: "*.pythonhosted.org" },
          "anaconda-com": { type: "FQDN", destination: "anaconda.com" },
          "anaconda-com-any": { type: "FQDN", destination: "*.anaconda.com" },
          "anaconda-org-any": { type: "FQDN", destination: "*.anaconda.org" },
        },
      },
      data: { sql: { enabled: true } },
    },
  },
};

/** The preset used when neither a file nor `--preset` names one. */
export const DEFAULT_PRESET: PresetName = "private";
