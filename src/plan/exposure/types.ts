/**
 * The shape of the exposure report (what `analyzeExposure` returns and the renderers print), and the
 * constants the analysis and the renderers share.
 */

/** What an endpoint serves. Storage sub-resources are separate endpoints (each has its own host and DNS). */
export type ExposureService =
  | "workspace-api"
  | "studio"
  | "notebooks"
  | "blob"
  | "dfs"
  | "file"
  | "queue"
  | "table"
  | "vault"
  | "registry"
  | "sql"
  | "compute-instance"
  | "jumpbox"
  /** A resource outside the stack that a user-defined private endpoint outbound rule reaches. */
  | "external";

/** Reachability from the internet. */
export interface InternetReach {
  /** False also when `unknown` (then nothing is claimed either way). */
  readonly reachable: boolean;
  /** The analysis cannot tell offline (a resource outside the stack): renderers say "unknown", not "no". */
  readonly unknown?: boolean;
  /** `"any"`, or the IPs/CIDRs/ranges let through (empty when not reachable). */
  readonly from: string[];
  readonly path: string;
}

/** Reachability from the customer VNet (the VNet in the model, where people and the jump box are). */
export interface CustomerVnetReach {
  readonly reachable: boolean;
  readonly path: string;
  /** Private DNS zones that make the endpoint's host resolve to the private endpoint (linked to the VNet). */
  readonly dnsZones: string[];
  /** The private endpoint used, when there is one. */
  readonly privateEndpoint?: string;
}

/** Reachability from the workspace's managed VNet (managed compute, serverless jobs). */
export interface ManagedVnetReach {
  readonly reachable: boolean;
  readonly path: string;
  /** The outbound rule that provides the path, when there is one. */
  readonly rule?: string;
}

/** One reachable surface of one resource. */
export interface Endpoint {
  /** Stable slug: `<service>:<azure name>`. */
  readonly id: string;
  /** Azure name of the resource. */
  readonly resource: string;
  /** ARM type of the resource. */
  readonly resourceType: string;
  readonly service: ExposureService;
  readonly internet: InternetReach;
  readonly customerVnet: CustomerVnetReach;
  readonly managedVnet: ManagedVnetReach;
  /** Trusted Azure services get through the firewall (storage/Key Vault/registry bypass, SQL 0.0.0.0 rule). */
  readonly trustedServices: boolean;
}

/** A private endpoint in the customer VNet. */
export interface PrivateEndpointInfo {
  readonly name: string;
  /** Azure name of the target resource. */
  readonly target: string;
  /** ARM type of the target (empty when the target is not in the model). */
  readonly targetType: string;
  /** Sub-resource (group id), e.g. `blob` or `amlworkspace`. */
  readonly group: string;
  /** Azure name of the VNet the endpoint's subnet belongs to. */
  readonly vnet: string;
  /** Zones in the endpoint's DNS zone group. */
  readonly zones: string[];
  /** Every zone in the group exists in the model and is linked to the endpoint's VNet. */
  readonly zonesLinked: boolean;
  /** Zones the group id needs that the zone group lacks. */
  readonly missingZones: string[];
  /** Zones in the group with no virtual network link to the endpoint's VNet. */
  readonly unlinkedZones: string[];
  /** `manual` when the endpoint uses manualPrivateLinkServiceConnections. */
  readonly approval: "automatic" | "manual";
}

/** How a managed VNet outbound rule gets approved. */
export type Approval = "automatic" | "manual" | "not-needed";

/** A managed VNet outbound rule: user-defined (in the workspace inputs) or required (created by Azure). */
export interface OutboundRuleInfo {
  readonly name: string;
  readonly type: "PrivateEndpoint" | "FQDN" | "ServiceTag";
  /** FQDN, service tag (with protocol/ports), or `<target name>/<subresource>`. */
  readonly destination: string;
  /** `UserDefined` (or the category in the inputs), or `Required (created by Azure)`. */
  readonly category: string;
  readonly approval: Approval;
  readonly why: string;
  /** ARM id of the private endpoint target (PrivateEndpoint rules only). */
  readonly targetId?: string;
  /** Sub-resource of the private endpoint target (PrivateEndpoint rules only). */
  readonly subresource?: string;
}

/** The exposure report of one plan or live workspace (one ARM model). */
export interface ExposureReport {
  /** Azure name of the workspace (absent when the model has none). */
  readonly workspace?: string;
  /** Managed VNet isolation mode (`Disabled` when there is no managed VNet). */
  readonly isolationMode: string;
  /** The workspace identity's principal id and how it was found (absent when it could not be). */
  readonly workspacePrincipal?: { readonly id: string; readonly source: string };
  readonly endpoints: Endpoint[];
  readonly privateEndpoints: PrivateEndpointInfo[];
  readonly outboundRules: OutboundRuleInfo[];
  /** Anything reachable that should not be, missing DNS zones or links, manual approvals, public IPs. */
  readonly issues: string[];
}

/** Category label of the rules Azure creates by itself (https://learn.microsoft.com/azure/machine-learning/how-to-managed-network). */
export const REQUIRED_CATEGORY = "Required (created by Azure)";

/** Human label of each service. */
export const SERVICE_LABELS: Readonly<Record<ExposureService, string>> = {
  "workspace-api": "workspace API",
  studio: "Studio",
  notebooks: "notebooks",
  blob: "blob",
  dfs: "dfs (ADLS Gen2)",
  file: "file",
  queue: "queue",
  table: "table",
  vault: "Key Vault",
  registry: "registry",
  sql: "SQL",
  "compute-instance": "compute instance",
  jumpbox: "jump box",
  external: "outside this stack:",
};
