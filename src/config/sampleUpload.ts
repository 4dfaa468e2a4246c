import type { Config } from "./schema";

/**
 * How the sample file reaches the stores. `storage.Blob` writes with the account key from wherever Pulumi
 * runs, so it works only when the stores are public *and* their firewall lets that machine in (an address in
 * `allowedIpAddresses`); private stores are seeded from the Linux jump box inside the VNet with its managed
 * identity; otherwise the upload is a step left to a person (listed with its command), never a write that
 * would fail half-way through `pulumi up`.
 */
export type SampleUpload = "none" | "deployer" | "jumpbox" | "manual";

/** Picks the upload path for a config (pure). */
export function sampleUpload(c: Config): SampleUpload {
  if (!c.data.sampleData || (!c.data.dataLake.enabled && !c.data.blob.enabled)) return "none";
  if (c.data.publicNetworkAccess === "Enabled") {
    // Firewall default Deny: with no allowed address the deployer's write is refused (403).
    return c.allowedIpAddresses.length > 0 ? "deployer" : "manual";
  }
  if (c.jumpbox.enabled && c.jumpbox.os === "linux") return "jumpbox";
  return "manual";
}
