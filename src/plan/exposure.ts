import { cidrContains, parseCidr } from "../config/cidr";
import { PRIVATE_DNS_ZONES, STUDIO_HOST } from "../infra/dnsZones";
import { ROLES } from "../infra/roles";
import { type ArmModel, type ArmResourceModel, toArmModel } from "./arm/model";
import type { Plan } from "./synth";

/**
 * Network exposure: for every endpoint, who can reach it (internet, customer VNet, managed VNet) and by
 * which path; every private endpoint with its DNS zones; every managed VNet outbound rule with whether its
 * private endpoint is approved automatically.
 *
 * Everything is read from an ARM-shaped model ({@link ArmModel}: `type`, `name`, `id`, `location`, `sku`,
 * `identity`, `properties` with ARM field names) — the plan's (`toArmModel`, see {@link exposureOfPlan}) or
 * one read back from Azure Resource Manager for a live workspace — never from azure-native inputs, the
 * preset or the config, so a plan edited by hand or a drifted workspace is judged on what it contains.
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
  | "jumpbox";

/** Reachability from the internet. */
export interface InternetReach {
  readonly reachable: boolean;
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

/** Category label of the rules Azure creates by itself (facts §1.3). */
export const REQUIRED_CATEGORY = "Required (created by Azure)";

/** ARM types the analysis reads (compared case-insensitively, as ARM does). */
const T = {
  workspace: "Microsoft.MachineLearningServices/workspaces",
  compute: "Microsoft.MachineLearningServices/workspaces/computes",
  storage: "Microsoft.Storage/storageAccounts",
  vault: "Microsoft.KeyVault/vaults",
  registry: "Microsoft.ContainerRegistry/registries",
  sqlServer: "Microsoft.Sql/servers",
  sqlFirewall: "Microsoft.Sql/servers/firewallRules",
  pe: "Microsoft.Network/privateEndpoints",
  zoneGroup: "Microsoft.Network/privateEndpoints/privateDnsZoneGroups",
  zone: "Microsoft.Network/privateDnsZones",
  link: "Microsoft.Network/privateDnsZones/virtualNetworkLinks",
  vnet: "Microsoft.Network/virtualNetworks",
  bastion: "Microsoft.Network/bastionHosts",
  vm: "Microsoft.Compute/virtualMachines",
  vmExt: "Microsoft.Compute/virtualMachines/extensions",
  uai: "Microsoft.ManagedIdentity/userAssignedIdentities",
  role: "Microsoft.Authorization/roleAssignments",
} as const;

/** Storage sub-resources shown as endpoints, in display order. */
const STORAGE_SERVICES = ["blob", "dfs", "file", "queue", "table"] as const;
type StorageService = (typeof STORAGE_SERVICES)[number];

/** Entra ID sign-in extensions on a VM (src/infra/jumpbox.ts). */
const ENTRA_EXTENSIONS = new Set(["AADSSHLoginForLinux", "AADLoginForWindows"]);

/** Sources an NSG rule uses for "the whole internet". */
const ANY_SOURCE = new Set(["*", "internet", "any", "0.0.0.0/0"]);

type Cloud = keyof typeof PRIVATE_DNS_ZONES;

// ---------------------------------------------------------------- ARM readers

type Res = ArmResourceModel;
type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const lc = (v: unknown): string => (typeof v === "string" ? v.toLowerCase() : "");
const last = (id: string): string => id.split("/").pop() ?? id;
/** A scope covers a resource when it is the resource or one of its ARM ancestors. */
const covers = (scope: string, id: string): boolean => {
  const [s, i] = [scope.toLowerCase(), id.toLowerCase()];
  return s !== "" && (i === s || i.startsWith(`${s}/`));
};

/** A resource's ARM `properties`. */
const props = (r: Res | undefined): Obj => obj(r?.properties);
/** The `properties` of an ARM sub-resource (`{id, name, properties: {...}}`: subnets, rules, connections). */
const subProps = (v: unknown): Obj => obj(obj(v).properties);

/** The resource's own Azure name: the last segment of its ARM name (`pe-x/default` -> `default`). */
function azureNameOf(r: Res): string {
  return last(r.name) || last(r.id);
}

/** ARM id of a child resource's parent (`.../privateEndpoints/pe/privateDnsZoneGroups/default` -> the PE). */
const parentIdOf = (id: string): string => id.split("/").slice(0, -2).join("/");
const isChildOf = (child: Res, parent: Res): boolean =>
  parent.id !== "" && lc(parentIdOf(child.id)) === parent.id.toLowerCase();

/**
 * Scope of a role assignment: the template-level `scope` (the plan's model), `properties.scope` (read back
 * from ARM), or else the id it sits under.
 */
function scopeOf(ra: Res): string {
  return (
    str(ra.scope) ??
    str(props(ra).scope) ??
    ra.id.replace(/\/providers\/Microsoft\.Authorization\/roleAssignments\/[^/]+$/i, "")
  );
}

/** Public reachability of a service's public endpoint, with what the managed VNet and trusted services see. */
interface PublicSide extends InternetReach {
  /** The public endpoint is on (even if its firewall lets nobody through). */
  readonly enabled: boolean;
  /** Every Azure IP gets through (SQL's 0.0.0.0 rule), so Azure-hosted callers reach it over the internet. */
  readonly azureIps: boolean;
  readonly trusted: boolean;
}

const closed = (path: string): PublicSide => ({
  reachable: false,
  from: [],
  path,
  enabled: false,
  azureIps: false,
  trusted: false,
});

/** A firewall with default action, IP rules and a trusted-services bypass (storage, Key Vault, registry). */
function firewalled(
  access: string | undefined,
  defaultAction: string | undefined,
  ips: string[],
  bypass: boolean,
  bypassWhenDisabled: boolean,
): PublicSide {
  // The endpoint's `trustedServices` flag carries the bypass; paths mention it only where it is the sole way in.
  if (access === "Disabled")
    return { ...closed("public network access Disabled"), trusted: bypass && bypassWhenDisabled };
  if (access === "SecuredByPerimeter") return closed("public access decided by a network security perimeter");
  const base = { enabled: true, azureIps: false, trusted: bypass && defaultAction === "Deny" };
  if (defaultAction !== "Deny")
    return { ...base, reachable: true, from: ["any"], path: "public endpoint, firewall default Allow" };
  if (ips.length > 0)
    return { ...base, reachable: true, from: ips, path: "public endpoint, firewall default Deny + IP rules" };
  return {
    ...base,
    reachable: false,
    from: [],
    path: `public endpoint on, but firewall default Deny with no IP rules${bypass ? " (trusted Azure services only)" : ""}`,
  };
}

/** `value` of each IP rule (storage `networkAcls`, Key Vault `networkAcls`, registry `networkRuleSet`). */
const ipRuleValues = (rules: Obj): string[] =>
  arr(rules.ipRules)
    .map((x) => str(obj(x).value))
    .filter((x): x is string => x !== undefined);

function storagePublic(r: Res): PublicSide {
  const p = props(r);
  const acls = obj(p.networkAcls);
  const hasRules = Object.keys(acls).length > 0;
  const bypass = (str(acls.bypass) ?? "AzureServices").split(/\s*,\s*/).includes("AzureServices");
  // Storage ignores the trusted-services exception once public access is Disabled (INFERENCE, conservative:
  // Azure Policy describes Disabled as denying every public-endpoint login).
  return firewalled(
    str(p.publicNetworkAccess) ?? "Enabled",
    hasRules ? (str(acls.defaultAction) ?? "Allow") : "Allow",
    ipRuleValues(acls),
    hasRules && bypass,
    false,
  );
}

function vaultPublic(r: Res): PublicSide {
  const p = props(r);
  const acls = obj(p.networkAcls);
  // Key Vault honours the trusted-services bypass even with public access Disabled (its API documents it).
  return firewalled(
    str(p.publicNetworkAccess) ?? "Enabled",
    str(acls.defaultAction) ?? "Allow",
    ipRuleValues(acls),
    (str(acls.bypass) ?? "AzureServices") === "AzureServices",
    true,
  );
}

function registryPublic(r: Res): PublicSide {
  const p = props(r);
  const rules = obj(p.networkRuleSet);
  return firewalled(
    str(p.publicNetworkAccess) ?? "Enabled",
    str(rules.defaultAction) ?? "Allow",
    ipRuleValues(rules),
    (str(p.networkRuleBypassOptions) ?? "AzureServices") === "AzureServices",
    // INFERENCE: the registry API describes the bypass for any "network restricted registry"; counted as
    // honoured with public access Disabled too, so the report errs towards showing exposure.
    true,
  );
}

// ---------------------------------------------------------------- the analysis

/**
 * Builds the exposure report from an ARM-shaped model: the plan's (`toArmModel`) or one read back from Azure
 * Resource Manager. `principals` maps ARM ids of identity owners to principal ids, for when the model does
 * not carry them (a plan's model does not: Azure assigns them; see `Plan.principals`).
 */
export function analyzeExposure(
  model: ArmModel,
  principals: Readonly<Record<string, string>> = {},
): ExposureReport {
  return new Analysis(model, principals).report();
}

/** The exposure report of a plan: {@link analyzeExposure} of its ARM model, with its principals. */
export function exposureOfPlan(plan: Plan): ExposureReport {
  return analyzeExposure(toArmModel(plan), plan.principals);
}

class Analysis {
  private readonly byType = new Map<string, Res[]>();
  private readonly byId = new Map<string, Res>();
  private readonly issues: string[] = [];
  private readonly cloud: Cloud;
  private readonly ws: Res | undefined;
  private readonly isolation: string;
  private readonly principal: { id: string; source: string } | undefined;
  private readonly pes: (PrivateEndpointInfo & { targetId: string; vnetId: string })[];
  private readonly rules: OutboundRuleInfo[];

  constructor(
    model: ArmModel,
    private readonly principals: Readonly<Record<string, string>>,
  ) {
    for (const r of model.resources) {
      if (r.id) this.byId.set(r.id.toLowerCase(), r);
      const type = r.type.toLowerCase();
      this.byType.set(type, [...(this.byType.get(type) ?? []), r]);
    }
    this.cloud = this.inferCloud();
    this.ws = this.of(T.workspace)[0];
    this.isolation = (this.ws && str(obj(props(this.ws).managedNetwork).isolationMode)) ?? "Disabled";
    this.principal = this.workspacePrincipal();
    this.pes = this.privateEndpoints();
    this.rules = this.outboundRules();
  }

  report(): ExposureReport {
    const endpoints = [
      ...this.workspaceEndpoints(),
      ...this.of(T.storage).flatMap((r) => this.storageEndpoints(r)),
      ...this.of(T.vault).map((r) => this.serviceEndpoint(r, "vault", "vault", vaultPublic(r))),
      ...this.of(T.registry).map((r) => this.serviceEndpoint(r, "registry", "registry", registryPublic(r))),
      ...this.of(T.sqlServer).map((r) => this.serviceEndpoint(r, "sql", "sqlServer", this.sqlPublic(r))),
      ...this.computeInstances(),
      ...this.jumpBoxes(),
    ];
    this.endpointIssues(endpoints);
    return {
      ...(this.ws ? { workspace: azureNameOf(this.ws) } : {}),
      isolationMode: this.isolation,
      ...(this.principal ? { workspacePrincipal: this.principal } : {}),
      endpoints,
      privateEndpoints: this.pes.map(({ targetId: _t, vnetId: _v, ...pe }) => pe),
      outboundRules: this.rules,
      issues: [...new Set(this.issues)],
    };
  }

  // ---------------------------------------------------------------- lookups

  private of(type: string): Res[] {
    return this.byType.get(type.toLowerCase()) ?? [];
  }

  private get(id: unknown): Res | undefined {
    return this.byId.get(lc(id));
  }

  private nameOfId(id: string): string {
    const r = this.get(id);
    return r ? azureNameOf(r) : last(id);
  }

  /** The cloud whose private DNS zone names the model uses (AzureCloud when it uses none). */
  private inferCloud(): Cloud {
    const names = new Set(this.of(T.zone).map((z) => azureNameOf(z).toLowerCase()));
    for (const g of this.of(T.zoneGroup))
      for (const c of arr(props(g).privateDnsZoneConfigs))
        names.add(lc(last(String(subProps(c).privateDnsZoneId))));
    let best: Cloud = "AzureCloud";
    let bestScore = 0;
    for (const cloud of Object.keys(PRIVATE_DNS_ZONES) as Cloud[]) {
      const groups: Readonly<Record<string, readonly string[]>> = PRIVATE_DNS_ZONES[cloud];
      const score = Object.values(groups)
        .flat()
        .filter((z) => names.has(z)).length;
      if (score > bestScore) [best, bestScore] = [cloud, score];
    }
    return best;
  }

  /** Zones a private endpoint group needs (empty for a group this tool has no table for). */
  private zonesFor(group: string): readonly string[] {
    const table = PRIVATE_DNS_ZONES[this.cloud] as Readonly<Record<string, readonly string[]>>;
    return (
      table[group] ??
      table[Object.keys(table).find((k) => k.toLowerCase() === group.toLowerCase()) ?? ""] ??
      []
    );
  }

  private get apiZone(): string {
    return PRIVATE_DNS_ZONES[this.cloud].amlworkspace[0]!;
  }

  private get notebooksZone(): string {
    return PRIVATE_DNS_ZONES[this.cloud].amlworkspace[1]!;
  }

  /** The workspace's default storage, Key Vault and registry ids (lower case). */
  private defaultDeps(): { storage: string; keyVault: string; registry: string } {
    const p = props(this.ws);
    return { storage: lc(p.storageAccount), keyVault: lc(p.keyVault), registry: lc(p.containerRegistry) };
  }

  private isDefaultDependency(id: string): boolean {
    const d = this.defaultDeps();
    const x = id.toLowerCase();
    return x !== "" && (x === d.storage || x === d.keyVault || x === d.registry || x === lc(this.ws?.id));
  }

  /**
   * The principal id the model itself gives for an identity owner: a user-assigned identity's
   * `properties.principalId`, or any other resource's `identity.principalId` (its system-assigned identity,
   * e.g. a VM's or the workspace's). Both are read-only, so only a model read back from ARM has them.
   */
  private modelPrincipal(ownerId: string): string | undefined {
    const r = this.get(ownerId);
    if (!r) return undefined;
    return r.type.toLowerCase() === T.uai.toLowerCase()
      ? str(props(r).principalId)
      : str(obj(r.identity).principalId);
  }

  /** The principal id `principals` gives for an identity owner (ARM ids compared case-insensitively). */
  private knownPrincipal(ownerId: string): string | undefined {
    const id = ownerId.toLowerCase();
    return Object.entries(this.principals).find(([owner]) => owner.toLowerCase() === id)?.[1];
  }

  /**
   * The workspace identity's principal id: the primary user-assigned identity's principal (from the model —
   * the identity's `properties.principalId` or the workspace's `identity.userAssignedIdentities` entry — or
   * else from `principals`), or the system-assigned identity's (`identity.principalId`, or `principals`), or
   * else the one service principal that holds roles on all of the workspace's default storage, Key Vault and
   * registry — which a UAI workspace must have (facts §8).
   */
  private workspacePrincipal(): { id: string; source: string } | undefined {
    if (!this.ws) return undefined;
    const identity = obj(this.ws.identity);
    const uaiEntries: [string, unknown][] = Array.isArray(identity.userAssignedIdentities)
      ? identity.userAssignedIdentities.map((id) => [String(id), {}])
      : Object.entries(obj(identity.userAssignedIdentities));
    const primary = str(props(this.ws).primaryUserAssignedIdentity) ?? uaiEntries[0]?.[0];
    if (primary) {
      const entry = uaiEntries.find(([id]) => id.toLowerCase() === primary.toLowerCase());
      const id =
        this.modelPrincipal(primary) ?? str(obj(entry?.[1]).principalId) ?? this.knownPrincipal(primary);
      if (id) return { id, source: `user-assigned identity ${this.nameOfId(primary)}` };
    }
    const system = this.modelPrincipal(this.ws.id) ?? this.knownPrincipal(this.ws.id);
    if (system) return { id: system, source: "system-assigned identity" };
    const deps = Object.values(this.defaultDeps()).filter((d) => d !== "");
    if (deps.length === 0) return undefined;
    const sets = deps.map(
      (d) =>
        new Set(
          this.of(T.role)
            .filter((ra) => scopeOf(ra).toLowerCase() === d && str(props(ra).principalType) !== "User")
            .filter((ra) => str(props(ra).principalType) !== "Group")
            .map((ra) => String(props(ra).principalId)),
        ),
    );
    const common = [...sets[0]!].filter((p) => sets.every((s) => s.has(p)));
    return common.length === 1
      ? {
          id: common[0]!,
          source:
            "inferred: the one service principal with roles on the default storage, Key Vault and registry",
        }
      : undefined;
  }

  /** A role assignment of `roleGuid` to the workspace identity whose scope covers `targetId`. */
  private workspaceRole(roleGuid: string, targetId: string): Res | undefined {
    if (!this.principal) return undefined;
    const principal = this.principal.id.toLowerCase();
    return this.of(T.role).find(
      (ra) =>
        lc(props(ra).roleDefinitionId).endsWith(`/${roleGuid}`) &&
        lc(props(ra).principalId) === principal &&
        covers(scopeOf(ra), targetId),
    );
  }

  // ---------------------------------------------------------------- customer VNet

  private vnetOfSubnet(subnetId: string): string {
    return subnetId.replace(/\/subnets\/[^/]+$/i, "");
  }

  /** A virtual network link of the zone (the link's parent) to the VNet. */
  private zoneLinked(zone: string, vnetId: string): boolean {
    return this.of(T.link).some(
      (l) =>
        last(parentIdOf(l.id)).toLowerCase() === zone.toLowerCase() &&
        lc(obj(props(l).virtualNetwork).id) === vnetId.toLowerCase(),
    );
  }

  private privateEndpoints(): (PrivateEndpointInfo & { targetId: string; vnetId: string })[] {
    return this.of(T.pe).flatMap((pe) => {
      const name = azureNameOf(pe);
      const p = props(pe);
      const subnetId = String(obj(p.subnet).id ?? "");
      const vnetId = this.vnetOfSubnet(subnetId);
      const group = this.of(T.zoneGroup).find((g) => isChildOf(g, pe));
      const zones = arr(props(group).privateDnsZoneConfigs).map((c) =>
        last(String(subProps(c).privateDnsZoneId ?? "")),
      );
      const conns = [
        ...arr(p.privateLinkServiceConnections).map((c) => ({ c: subProps(c), manual: false })),
        ...arr(p.manualPrivateLinkServiceConnections).map((c) => ({ c: subProps(c), manual: true })),
      ];
      return conns.flatMap(({ c, manual }) => {
        const targetId = String(c.privateLinkServiceId ?? "");
        const target = this.get(targetId);
        return arr(c.groupIds).map((g) => {
          const groupId = String(g);
          const missingZones = this.zonesFor(groupId).filter((z) => !zones.includes(z));
          const unlinkedZones = zones.filter((z) => !this.zoneLinked(z, vnetId));
          return {
            name,
            target: target ? azureNameOf(target) : last(targetId),
            targetType: target?.type ?? "",
            group: groupId,
            vnet: last(vnetId),
            zones,
            zonesLinked: zones.length > 0 && unlinkedZones.length === 0,
            missingZones,
            unlinkedZones,
            approval: manual ? ("manual" as const) : ("automatic" as const),
            targetId,
            vnetId,
          };
        });
      });
    });
  }

  /** How a subnet of a customer VNet gets to the internet (NAT gateway or default outbound), if any can. */
  private internetEgress(): string | undefined {
    for (const vnet of this.of(T.vnet))
      for (const s of arr(props(vnet).subnets).map(obj)) {
        const sp = obj(s.properties);
        const nat = str(obj(sp.natGateway).id);
        if (nat) return `NAT gateway ${this.nameOfId(nat)}`;
        if (sp.defaultOutboundAccess !== false) return `default outbound access of ${String(s.name)}`;
      }
    return undefined;
  }

  /**
   * Customer VNet reachability of one sub-resource: a private endpoint whose DNS zones (those `zoneFilter`
   * keeps) are in its zone group and linked to the VNet, or the public endpoint through internet egress.
   */
  private customerReach(
    targetId: string,
    group: string,
    pub: PublicSide,
    zoneFilter: (zone: string) => boolean = () => true,
  ): CustomerVnetReach {
    const pe = this.pes.find(
      (p) => lc(p.targetId) === targetId.toLowerCase() && lc(p.group) === group.toLowerCase(),
    );
    if (pe) {
      const needed = this.zonesFor(pe.group).filter(zoneFilter);
      const wanted = needed.length > 0 ? needed : pe.zones;
      const missing = wanted.filter((z) => !pe.zones.includes(z));
      const unlinked = wanted.filter((z) => pe.zones.includes(z) && !this.zoneLinked(z, pe.vnetId));
      const dnsZones = wanted.filter((z) => !missing.includes(z) && !unlinked.includes(z));
      const base = { dnsZones, privateEndpoint: pe.name };
      if (pe.approval === "manual")
        return {
          ...base,
          reachable: false,
          path: `private endpoint ${pe.name}: Pending until the owner approves it`,
        };
      if (wanted.length === 0)
        return {
          ...base,
          reachable: false,
          path: `private endpoint ${pe.name}, but no DNS zone group: the host resolves to the public IP`,
        };
      if (missing.length > 0)
        return {
          ...base,
          reachable: false,
          path: `private endpoint ${pe.name}, but zone ${missing.join(", ")} is not in its DNS zone group: the host resolves to the public IP`,
        };
      if (unlinked.length > 0)
        return {
          ...base,
          reachable: false,
          path: `private endpoint ${pe.name}, but zone ${unlinked.join(", ")} is not linked to ${pe.vnet}`,
        };
      return { ...base, reachable: true, path: `private endpoint ${pe.name} + DNS ${dnsZones.join(", ")}` };
    }
    if (this.of(T.vnet).length === 0)
      return { reachable: false, path: "no customer VNet in the plan", dnsZones: [] };
    const egress = this.internetEgress();
    if (pub.from.includes("any"))
      return egress
        ? {
            reachable: true,
            path: `no private endpoint; over the internet (${egress}) to the public endpoint`,
            dnsZones: [],
          }
        : { reachable: false, path: "no private endpoint, and no subnet has internet egress", dnsZones: [] };
    if (pub.reachable)
      return {
        reachable: false,
        path: `no private endpoint; the public endpoint admits only ${pub.from.join(", ")}`,
        dnsZones: [],
      };
    return { reachable: false, path: `no private endpoint; ${pub.path}`, dnsZones: [] };
  }

  // ---------------------------------------------------------------- managed VNet

  private outboundRules(): OutboundRuleInfo[] {
    if (!this.ws || this.isolation === "Disabled") return [];
    const mn = obj(props(this.ws).managedNetwork);
    const approvedOnly = this.isolation === "AllowOnlyApprovedOutbound";
    const firewall = str(mn.firewallSku) ?? "Standard";
    const out: OutboundRuleInfo[] = [];
    for (const [name, raw] of Object.entries(obj(mn.outboundRules))) {
      const rule = obj(raw);
      const type = str(rule.type) as OutboundRuleInfo["type"];
      const category = str(rule.category) ?? "UserDefined";
      if (type === "PrivateEndpoint") {
        const d = obj(rule.destination);
        const targetId = String(d.serviceResourceId ?? "");
        const sub = String(d.subresourceTarget ?? "");
        const { approval, why } = this.peRuleApproval(targetId);
        out.push({
          name,
          type,
          destination: `${this.nameOfId(targetId)}/${sub}${d.sparkEnabled === true ? " (Spark)" : ""}`,
          category,
          approval,
          why,
          targetId,
          subresource: sub,
        });
        continue;
      }
      const destination =
        type === "FQDN"
          ? String(rule.destination ?? "")
          : (() => {
              const d = obj(rule.destination);
              return `${String(d.serviceTag ?? "")} ${String(d.protocol ?? "*")}/${String(d.portRanges ?? "*")}`;
            })();
      const why = approvedOnly
        ? type === "FQDN"
          ? `allowed by the managed Azure Firewall (${firewall}); no private endpoint to approve`
          : "allowed by the managed VNet's service tag rule; no private endpoint to approve"
        : `${type} rules are valid only in AllowOnlyApprovedOutbound (facts §1.4); everything is allowed out anyway`;
      if (!approvedOnly)
        this.issues.push(
          `Outbound rule "${name}" (${type}) is only valid in AllowOnlyApprovedOutbound (facts §1.4); the managed VNet is ${this.isolation}.`,
        );
      out.push({ name, type, destination, category, approval: "not-needed", why });
    }
    for (const r of out)
      if (r.approval === "manual")
        this.issues.push(`Outbound rule "${r.name}" to ${r.destination} waits for a person: ${r.why}.`);
    return [...out, ...this.requiredRules()];
  }

  private peRuleApproval(targetId: string): { approval: Approval; why: string } {
    if (this.isDefaultDependency(targetId))
      return {
        approval: "automatic",
        why: "default workspace resource: covered by the role assignments made when the workspace is created (facts §2)",
      };
    const target = this.nameOfId(targetId);
    if (!this.principal)
      return {
        approval: "manual",
        why: `the workspace identity's principal is not known, so no approver role on ${target} can be confirmed`,
      };
    const ra = this.workspaceRole(ROLES.networkConnectionApprover, targetId);
    if (ra)
      return {
        approval: "automatic",
        // The plan's Pulumi name where there is one (more telling than the assignment's GUID).
        why: `the workspace identity holds Azure AI Enterprise Network Connection Approver on ${this.nameOfId(scopeOf(ra))} (${ra.pulumiName || azureNameOf(ra)})`,
      };
    return {
      approval: "manual",
      why: `no Azure AI Enterprise Network Connection Approver role for the workspace identity on ${target}: the managed private endpoint stays Pending until an owner of ${target} approves it (facts §2)`,
    };
  }

  /**
   * The rules Azure adds by itself (facts §1.3): private endpoints to the workspace and its default storage
   * (blob, file), Key Vault and registry — always in AllowOnlyApprovedOutbound, only for those with public
   * access Disabled in AllowInternetOutbound — plus the required service tags in AllowOnlyApprovedOutbound.
   */
  private requiredRules(): OutboundRuleInfo[] {
    const ws = this.ws!;
    const p = props(ws);
    const approvedOnly = this.isolation === "AllowOnlyApprovedOutbound";
    const targets: [string | undefined, string[]][] = [
      [ws.id, ["amlworkspace"]],
      [str(p.storageAccount), ["blob", "file"]],
      [str(p.keyVault), ["vault"]],
      [str(p.containerRegistry), ["registry"]],
    ];
    const out: OutboundRuleInfo[] = [];
    for (const [id, subs] of targets) {
      if (!id) continue;
      const r = this.get(id);
      if (!approvedOnly && this.publicAccessOf(r) !== "Disabled") continue;
      for (const sub of subs) {
        out.push({
          name: `${this.nameOfId(id)}-${sub}`,
          type: "PrivateEndpoint",
          destination: `${this.nameOfId(id)}/${sub}`,
          category: REQUIRED_CATEGORY,
          approval: "automatic",
          why: approvedOnly
            ? "created in AllowOnlyApprovedOutbound for the workspace and its default dependencies; approved through the roles granted at workspace creation (facts §1.3, §2)"
            : "created in AllowInternetOutbound because public access is Disabled; approved through the roles granted at workspace creation (facts §1.3, §2)",
          targetId: id,
          subresource: sub,
        });
      }
    }
    if (approvedOnly) {
      const region = str(ws.location) ?? "<region>";
      const tags: [string, string][] = [
        ["AzureActiveDirectory", "Microsoft Entra ID authentication"],
        ["AzureMachineLearning", "Azure ML services"],
        [`BatchNodeManagement.${region}`, "Azure Batch back end of compute instances and clusters"],
        ["AzureResourceManager", "Azure Resource Manager"],
        ["AzureFrontDoor.FirstParty", "Microsoft docker images"],
        ["MicrosoftContainerRegistry", "Microsoft docker images"],
        ["AzureMonitor", "monitoring (Azure Monitor is not behind a private link scope)"],
      ];
      for (const [tag, purpose] of tags)
        out.push({
          name: tag,
          type: "ServiceTag",
          destination: tag,
          category: REQUIRED_CATEGORY,
          approval: "not-needed",
          why: `${purpose} (facts §1.3)`,
        });
    }
    return out;
  }

  private publicAccessOf(r: Res | undefined): string {
    return str(props(r).publicNetworkAccess) ?? "Enabled";
  }

  /** Managed VNet reachability of one sub-resource of a target. */
  private managedReach(targetId: string, sub: string, pub: PublicSide): ManagedVnetReach {
    if (!this.ws || this.isolation === "Disabled") return { reachable: false, path: "no managed VNet" };
    const match = (r: OutboundRuleInfo) =>
      r.type === "PrivateEndpoint" &&
      lc(r.targetId) === targetId.toLowerCase() &&
      lc(r.subresource) === sub.toLowerCase();
    const user = this.rules.find((r) => r.category !== REQUIRED_CATEGORY && match(r));
    if (user)
      return user.approval === "manual"
        ? {
            reachable: false,
            path: `outbound rule ${user.name} (private endpoint), Pending until a person approves it`,
            rule: user.name,
          }
        : {
            reachable: true,
            path: `outbound rule ${user.name} (private endpoint, approved automatically)`,
            rule: user.name,
          };
    const req = this.rules.find((r) => r.category === REQUIRED_CATEGORY && match(r));
    if (req) return { reachable: true, path: "required rule (created by Azure)", rule: req.name };
    if (this.isolation === "AllowOnlyApprovedOutbound")
      return { reachable: false, path: "no outbound rule (AllowOnlyApprovedOutbound)" };
    if (pub.from.includes("any"))
      return { reachable: true, path: "internet outbound to the public endpoint" };
    if (pub.azureIps)
      return { reachable: true, path: "internet outbound to the public endpoint (admits all Azure IPs)" };
    if (pub.enabled)
      return {
        reachable: false,
        path: `no private endpoint rule; the firewall admits ${pub.from.length ? pub.from.join(", ") : "no IPs"}${pub.trusted ? " and trusted services" : ""}, not the managed VNet's egress`,
      };
    return { reachable: false, path: "no private endpoint rule, and public access is Disabled" };
  }

  // ---------------------------------------------------------------- endpoints

  private workspaceEndpoints(): Endpoint[] {
    const ws = this.ws;
    if (!ws) return [];
    const name = azureNameOf(ws);
    const resourceType = ws.type;
    const p = props(ws);
    const access = str(p.publicNetworkAccess) ?? "Enabled";
    const open = access === "Enabled" || p.allowPublicAccessWhenBehindVnet === true;
    const pub: PublicSide = open
      ? {
          reachable: true,
          from: ["any"],
          path: "public endpoint (public network access Enabled; no IP rules in API 2025-12-01)",
          enabled: true,
          azureIps: true,
          trusted: false,
        }
      : closed("public network access Disabled");
    const api = this.customerReach(ws.id, "amlworkspace", pub, (z) => z === this.apiZone);
    const notebooks = this.customerReach(ws.id, "amlworkspace", pub, (z) => z === this.notebooksZone);
    const managed = this.managedReach(ws.id, "amlworkspace", pub);
    const egress = this.internetEgress();
    const studioHost = STUDIO_HOST[this.cloud];
    const viaApi = api.privateEndpoint ? "the workspace private endpoint" : "the public endpoint";
    const studioVnet: CustomerVnetReach = !api.reachable
      ? api
      : egress
        ? { ...api, path: `UI from ${studioHost} over ${egress}; API calls through ${viaApi}` }
        : {
            ...api,
            reachable: false,
            path: `API calls through ${viaApi}, but no subnet has internet egress to load the UI from ${studioHost} (AzureFrontDoor.Frontend)`,
          };
    const mk = (
      service: ExposureService,
      internet: InternetReach,
      customerVnet: CustomerVnetReach,
      managedVnet: ManagedVnetReach,
    ): Endpoint => ({
      id: `${service}:${name}`,
      resource: name,
      resourceType,
      service,
      internet,
      customerVnet,
      managedVnet,
      trustedServices: false,
    });
    const inet = (path: string): InternetReach => ({ reachable: pub.reachable, from: pub.from, path });
    return [
      mk("workspace-api", inet(pub.path), api, managed),
      mk(
        "studio",
        inet(
          pub.reachable
            ? `UI from ${studioHost}; API calls to the public endpoint`
            : `UI from ${studioHost}, but the API is not public`,
        ),
        studioVnet,
        { reachable: false, path: "n/a (a browser UI)" },
      ),
      mk(
        "notebooks",
        inet(pub.reachable ? "notebook hosts of the public endpoint" : pub.path),
        notebooks,
        managed,
      ),
    ];
  }

  /** Storage sub-resources that exist: blob, dfs with HNS, file on the default storage, plus any PE/rule target. */
  private storageEndpoints(r: Res): Endpoint[] {
    const id = r.id.toLowerCase();
    const services = new Set<string>(["blob"]);
    if (props(r).isHnsEnabled === true) services.add("dfs");
    if (id === this.defaultDeps().storage) services.add("file");
    for (const pe of this.pes) if (lc(pe.targetId) === id) services.add(pe.group.toLowerCase());
    for (const rule of this.rules)
      if (lc(rule.targetId) === id && rule.subresource) services.add(rule.subresource.toLowerCase());
    const pub = storagePublic(r);
    return STORAGE_SERVICES.filter((s) => services.has(s)).map((s: StorageService) =>
      this.serviceEndpoint(r, s, s, pub),
    );
  }

  private serviceEndpoint(r: Res, service: ExposureService, group: string, pub: PublicSide): Endpoint {
    const name = azureNameOf(r);
    return {
      id: `${service}:${name}`,
      resource: name,
      resourceType: r.type,
      service,
      internet: { reachable: pub.reachable, from: pub.from, path: pub.path },
      customerVnet: this.customerReach(r.id, group, pub),
      managedVnet: this.managedReach(r.id, group, pub),
      trustedServices: pub.trusted,
    };
  }

  /** SQL: public network access plus firewall rules (0.0.0.0 alone = every Azure IP). */
  private sqlPublic(r: Res): PublicSide {
    const access = str(props(r).publicNetworkAccess) ?? "Enabled";
    if (access === "Disabled") return closed("public network access Disabled");
    const rules = this.of(T.sqlFirewall).filter((f) => isChildOf(f, r));
    const from: string[] = [];
    let azureIps = false;
    for (const f of rules) {
      const start = String(props(f).startIpAddress ?? "");
      const end = String(props(f).endIpAddress ?? "");
      if (start === "0.0.0.0" && end === "0.0.0.0") {
        azureIps = true;
        this.issues.push(
          `SQL server ${azureNameOf(r)}: firewall rule ${azureNameOf(f)} (0.0.0.0) lets every Azure IP through, including other customers' resources.`,
        );
      } else if (start === "0.0.0.0" && end === "255.255.255.255") from.push("any");
      else from.push(start === end ? start : `${start}-${end}`);
    }
    const fromAll = from.includes("any") ? ["any"] : from;
    const path =
      rules.length === 0
        ? "public endpoint on, but no firewall rules"
        : `public endpoint + firewall rules${azureIps ? " (0.0.0.0: all Azure services)" : ""}`;
    return { reachable: fromAll.length > 0, from: fromAll, path, enabled: true, azureIps, trusted: azureIps };
  }

  private computeInstances(): Endpoint[] {
    return this.of(T.compute)
      .filter((c) => props(c).computeType === "ComputeInstance")
      .map((c) => {
        const name = azureNameOf(c);
        const ci = obj(props(c).properties);
        const publicIp = ci.enableNodePublicIp !== false; // Azure's default is a public IP
        const ssh = str(obj(ci.sshSettings).sshPublicAccess) ?? "Disabled";
        const subnetId = str(obj(ci.subnet).id);
        const sshText = ssh === "Enabled" ? "SSH enabled" : "SSH disabled";
        const internet: InternetReach = publicIp
          ? {
              reachable: ssh === "Enabled",
              from: ssh === "Enabled" ? ["any"] : [],
              path: `public IP on the node (enableNodePublicIp not false); ${sshText}`,
            }
          : { reachable: false, from: [], path: `no public IP (enableNodePublicIp false); ${sshText}` };
        if (publicIp)
          this.issues.push(
            `Compute instance ${name} gets a public IP: set enableNodePublicIp to false (facts §6).`,
          );
        if (ssh === "Enabled")
          this.issues.push(`Compute instance ${name} has public SSH access enabled (facts §6).`);
        const api = this.ws ? this.workspaceEndpointsCache().api : undefined;
        const customerVnet: CustomerVnetReach = subnetId
          ? {
              reachable: true,
              path: `in subnet ${last(subnetId)} of ${last(this.vnetOfSubnet(subnetId))}`,
              dnsZones: [],
            }
          : api?.reachable
            ? {
                ...api,
                path: api.privateEndpoint
                  ? "apps (Jupyter, terminal) through the workspace private endpoint (instances.* hosts, facts §3)"
                  : "apps (Jupyter, terminal) through the workspace's public endpoint",
              }
            : {
                reachable: false,
                path: "no private path: its apps go through the workspace endpoint, which the VNet cannot reach privately",
                dnsZones: [],
              };
        const managedVnet: ManagedVnetReach =
          this.isolation === "Disabled"
            ? { reachable: false, path: "no managed VNet" }
            : subnetId
              ? { reachable: false, path: "in the customer VNet, not the managed VNet" }
              : { reachable: true, path: "runs in the managed VNet" };
        return {
          id: `compute-instance:${name}`,
          resource: name,
          resourceType: c.type,
          service: "compute-instance" as const,
          internet,
          customerVnet,
          managedVnet,
          trustedServices: false,
        };
      });
  }

  private apiCache: { api: CustomerVnetReach } | undefined;
  private workspaceEndpointsCache(): { api: CustomerVnetReach } {
    if (!this.apiCache) {
      const api = this.workspaceEndpoints().find((e) => e.service === "workspace-api")!.customerVnet;
      this.apiCache = { api };
    }
    return this.apiCache;
  }

  private jumpBoxes(): Endpoint[] {
    return this.of(T.vm).map((vm) => {
      const name = azureNameOf(vm);
      const os = obj(props(vm).osProfile);
      const windows = Object.keys(obj(os.windowsConfiguration)).length > 0;
      const port = windows ? 3389 : 22;
      const nics = arr(obj(props(vm).networkProfile).networkInterfaces)
        .map((n) => this.get(obj(n).id))
        .filter((n): n is Res => n !== undefined);
      const ipConfigs = nics.flatMap((n) =>
        arr(props(n).ipConfigurations).map((c) => ({ nic: n, c: subProps(c) })),
      );
      const subnetId = ipConfigs.map(({ c }) => str(obj(c.subnet).id)).find((s) => s !== undefined) ?? "";
      const vnetId = this.vnetOfSubnet(subnetId);
      const entra = this.of(T.vmExt).some(
        (e) => isChildOf(e, vm) && ENTRA_EXTENSIONS.has(String(props(e).type)),
      );
      const bastion = this.bastionFor(vnetId);
      const bastionPath = bastion
        ? `Bastion ${bastion.sku} (Azure portal${bastion.tunneling ? " or native client" : ""}, ${entra ? "Entra ID" : "local account"})`
        : undefined;

      const publicIps = ipConfigs.filter(({ c }) => str(obj(c.publicIPAddress).id));
      let internet: InternetReach;
      if (publicIps.length > 0) {
        const pipId = str(obj(publicIps[0]!.c.publicIPAddress).id)!;
        const nic = publicIps[0]!.nic;
        const from = this.nsgAllows(subnetId, nic, port, this.get(pipId));
        this.issues.push(
          `Jump box ${name}: NIC ${azureNameOf(nic)} has a public IP (${this.nameOfId(pipId)}); it should be reached only through Bastion.`,
        );
        internet = {
          reachable: from.length > 0,
          from,
          path:
            from.length > 0
              ? `public IP ${this.nameOfId(pipId)}; NSG lets port ${port} in`
              : `public IP ${this.nameOfId(pipId)}, but NSG denies port ${port} from the internet`,
        };
      } else
        internet = {
          reachable: false,
          from: [],
          path: bastionPath
            ? `no public IP; people sign in through ${bastionPath}`
            : "no public IP and no Bastion",
        };
      const customerVnet: CustomerVnetReach = subnetId
        ? {
            reachable: true,
            path: `in subnet ${last(subnetId)}${bastionPath ? `; reached through ${bastionPath}` : ""}`,
            dnsZones: [],
          }
        : { reachable: false, path: "no NIC in the plan", dnsZones: [] };
      return {
        id: `jumpbox:${name}`,
        resource: name,
        resourceType: vm.type,
        service: "jumpbox" as const,
        internet,
        customerVnet,
        managedVnet: {
          reachable: false,
          path:
            this.isolation === "Disabled"
              ? "no managed VNet"
              : "no path: the managed VNet is not peered with the customer VNet",
        },
        trustedServices: false,
      };
    });
  }

  private bastionFor(vnetId: string): { sku: string; tunneling: boolean } | undefined {
    const v = vnetId.toLowerCase();
    const b = this.of(T.bastion).find(
      (b) =>
        lc(obj(props(b).virtualNetwork).id) === v ||
        arr(props(b).ipConfigurations).some((c) => this.vnetOfSubnet(lc(obj(subProps(c).subnet).id)) === v),
    );
    return b
      ? { sku: str(obj(b.sku).name) ?? "Basic", tunneling: props(b).enableTunneling === true }
      : undefined;
  }

  /**
   * Internet sources an inbound port is open to, through the subnet's and the NIC's NSGs (both must allow).
   * Without any NSG, a Standard public IP is closed by default and a Basic one is open.
   */
  private nsgAllows(subnetId: string, nic: Res, port: number, pip: Res | undefined): string[] {
    const vnet = this.get(this.vnetOfSubnet(subnetId));
    const subnet = arr(props(vnet).subnets)
      .map(obj)
      .find((s) => lc(s.name) === last(subnetId).toLowerCase());
    const nsgs = [
      str(obj(subProps(subnet).networkSecurityGroup).id),
      str(obj(props(nic).networkSecurityGroup).id),
    ]
      .filter((id): id is string => id !== undefined)
      .map((id) => this.get(id));
    if (nsgs.length === 0) {
      const sku = str(obj(pip?.sku).name);
      return sku === "Standard" ? [] : ["any"];
    }
    const rulesOf = (nsg: Res | undefined) =>
      arr(props(nsg).securityRules)
        .map(subProps)
        .filter((r) => lc(r.direction) === "inbound" && portMatches(r, port))
        .sort((a, b) => Number(a.priority) - Number(b.priority));
    const candidates = new Set<string>(["any"]);
    for (const nsg of nsgs)
      for (const r of rulesOf(nsg))
        for (const s of sources(r)) if (!ANY_SOURCE.has(s.toLowerCase()) && parseCidr(s)) candidates.add(s);
    return [...candidates].filter((cand) =>
      nsgs.every((nsg) => {
        const first = rulesOf(nsg).find((r) => sources(r).some((s) => sourceMatches(s, cand)));
        return lc(first?.access) === "allow";
      }),
    );
  }

  // ---------------------------------------------------------------- issues

  private endpointIssues(endpoints: Endpoint[]): void {
    const label = (e: Endpoint) => `${SERVICE_LABELS[e.service]} ${e.resource}`;
    for (const e of endpoints) {
      if (e.service === "studio" || e.service === "notebooks") continue;
      if (e.internet.from.includes("any"))
        this.issues.push(
          e.service === "workspace-api"
            ? `Workspace ${e.resource} (API, Studio, notebooks) is reachable from any internet address: public network access is Enabled and API 2025-12-01 has no workspace IP rules (facts §3).`
            : `${label(e)} is reachable from any internet address (${e.internet.path}).`,
        );
    }
    for (const pe of this.pes) {
      for (const z of pe.missingZones)
        this.issues.push(
          z === this.notebooksZone && pe.group === "amlworkspace"
            ? `Private endpoint ${pe.name}: zone ${z} is missing from its DNS zone group, so notebook hosts do not resolve privately (the Terraform original's bug, facts §3).`
            : `Private endpoint ${pe.name}: zone ${z} is missing from its DNS zone group, so ${pe.target}'s ${pe.group} host resolves to the public IP.`,
        );
      for (const z of pe.unlinkedZones)
        this.issues.push(
          `Private endpoint ${pe.name}: zone ${z} has no virtual network link to ${pe.vnet}, so its records are not visible there.`,
        );
      if (pe.approval === "manual")
        this.issues.push(
          `Private endpoint ${pe.name} uses a manual connection: it stays Pending until an owner of ${pe.target} approves it.`,
        );
    }
    if (!this.ws) return;
    const wsPublic = endpoints.find((e) => e.service === "workspace-api")?.internet.reachable;
    const privateStores = [T.storage, T.vault, T.registry, T.sqlServer]
      .flatMap((t) => this.of(t))
      .filter((r) => this.publicAccessOf(r) === "Disabled")
      .map(azureNameOf);
    if (wsPublic && privateStores.length > 0)
      this.issues.push(
        `Workspace ${azureNameOf(this.ws)} is public while ${privateStores.join(", ")} are private: Microsoft doesn't recommend it, data behind the VNet can be exposed on the public workspace (facts §4.2).`,
      );
    // Studio reads the default storage from the browser: it needs line of sight, and with public access
    // Disabled, Reader for the workspace identity on the storage private endpoints (facts §4.3).
    const api = endpoints.find((e) => e.service === "workspace-api");
    const storageId = this.defaultDeps().storage;
    const storage = this.get(storageId);
    if (api?.customerVnet.reachable && storage) {
      for (const sub of ["blob", "file"]) {
        const e = endpoints.find((x) => x.service === sub && x.resource === azureNameOf(storage));
        if (e && !e.customerVnet.reachable)
          this.issues.push(
            `Studio in the customer VNet has no line of sight to the default storage ${e.resource} (${sub}): ${e.customerVnet.path} (facts §4.3).`,
          );
      }
      if (this.publicAccessOf(storage) === "Disabled" && this.principal)
        for (const pe of this.pes.filter(
          (p) => lc(p.targetId) === storageId && ["blob", "file"].includes(p.group),
        )) {
          const peRes = this.of(T.pe).find((p) => azureNameOf(p) === pe.name);
          if (peRes && !this.workspaceRole(ROLES.reader, peRes.id))
            this.issues.push(
              `The workspace identity has no Reader role on private endpoint ${pe.name}: Studio cannot read the default storage through it (facts §4.3).`,
            );
        }
    }
  }
}

/** Source prefixes of an NSG rule's `properties`. */
function sources(rule: Obj): string[] {
  return [str(rule.sourceAddressPrefix), ...arr(rule.sourceAddressPrefixes).map(String)].filter(
    (s): s is string => s !== undefined,
  );
}

function sourceMatches(source: string, candidate: string): boolean {
  if (ANY_SOURCE.has(source.toLowerCase())) return true;
  if (candidate === "any") return false;
  const [outer, inner] = [parseCidr(source), parseCidr(candidate)];
  return outer !== undefined && inner !== undefined && cidrContains(outer, inner);
}

function portMatches(rule: Obj, port: number): boolean {
  const ranges = [str(rule.destinationPortRange), ...arr(rule.destinationPortRanges).map(String)].filter(
    (s): s is string => s !== undefined,
  );
  return ranges.some((r) => {
    if (r === "*") return true;
    const [lo, hi] = r.split("-").map(Number);
    return hi === undefined ? lo === port : lo! <= port && port <= hi;
  });
}

// ---------------------------------------------------------------- rendering

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
};

/** One matrix cell: YES/no, the sources for the internet, and the path. */
function cell(reach: { reachable: boolean; path: string; from?: string[] }): string {
  const from = reach.reachable && reach.from?.length ? ` from ${reach.from.join(", ")}` : "";
  return `${reach.reachable ? "YES" : "no"}${from}: ${reach.path}`;
}

/** Wraps text to a width, breaking over-long words after `-`, `.` or `/` (or anywhere, as a last resort). */
export function wrapText(text: string, width: number): string[] {
  width = Math.max(8, width);
  const pieces = text.split(/\s+/).flatMap((w) => {
    if (w.length <= width) return [w];
    const parts: string[] = [];
    let rest = w;
    while (rest.length > width) {
      const cut = Math.max(
        rest.lastIndexOf("-", width - 1),
        rest.lastIndexOf(".", width - 1),
        rest.lastIndexOf("/", width - 1),
      );
      const at = cut > 0 ? cut + 1 : width;
      parts.push(rest.slice(0, at));
      rest = rest.slice(at);
    }
    return [...parts, rest];
  });
  const lines: string[] = [];
  let line = "";
  for (const p of pieces) {
    // A piece cut from a long word continues on its own line without a joining space.
    if (line && line.length + 1 + p.length > width) {
      lines.push(line);
      line = p;
    } else line = line ? `${line} ${p}` : p;
  }
  if (line) lines.push(line);
  return lines.length ? lines : [""];
}

function table(headers: string[], widths: number[], rows: string[][], gap = "  "): string[] {
  const out: string[] = [];
  const fmt = (cells: string[][]) => {
    const height = Math.max(...cells.map((c) => c.length));
    for (let i = 0; i < height; i++)
      out.push(
        cells
          .map((c, j) => (c[i] ?? "").padEnd(widths[j]!))
          .join(gap)
          .trimEnd(),
      );
  };
  fmt(headers.map((h) => [h]));
  out.push(widths.map((w) => "-".repeat(w)).join(gap));
  rows.forEach((r, i) => {
    if (i > 0) out.push("");
    fmt(r.map((c, j) => c.split("\n").flatMap((l) => wrapText(l, widths[j]!))));
  });
  return out;
}

/** Plain text: the endpoint matrix, the private endpoints with their zones, the outbound rules, the issues. */
export function renderExposureText(report: ExposureReport, width = 100): string {
  const out: string[] = [];
  out.push(
    ...wrapText(
      `Network exposure${report.workspace ? ` of ${report.workspace}` : ""} — managed VNet: ${report.isolationMode}`,
      width,
    ),
  );
  out.push("");
  const first = Math.min(22, Math.max(16, Math.floor(width * 0.2)));
  const rest = width - first - 6;
  const customer = Math.floor(rest * 0.38);
  const internet = Math.floor((rest - customer) / 2);
  const widths = [first, internet, customer, rest - customer - internet];
  out.push(
    ...table(
      ["ENDPOINT", "INTERNET", "CUSTOMER VNET", "MANAGED VNET"],
      widths,
      report.endpoints.map((e) => [
        `${SERVICE_LABELS[e.service]}\n${e.resource}${e.trustedServices ? "\n(trusted services)" : ""}`,
        cell(e.internet),
        cell(e.customerVnet),
        cell(e.managedVnet),
      ]),
    ),
  );
  out.push("");
  out.push(`PRIVATE ENDPOINTS (customer VNet): ${report.privateEndpoints.length}`);
  if (report.privateEndpoints.length === 0) out.push("  none");
  for (const pe of report.privateEndpoints) {
    const state = pe.missingZones.length
      ? `MISSING ${pe.missingZones.join(", ")}`
      : pe.zonesLinked
        ? `linked to ${pe.vnet}`
        : `NOT linked: ${pe.unlinkedZones.join(", ") || "no zones"}`;
    out.push(
      ...wrapText(
        `${pe.name} -> ${pe.target}/${pe.group}${pe.approval === "manual" ? " (manual approval)" : ""}`,
        width - 2,
      ).map((l) => `  ${l}`),
    );
    out.push(
      ...wrapText(`zones: ${pe.zones.join(", ") || "none"} [${state}]`, width - 6).map((l) => `      ${l}`),
    );
  }
  out.push("");
  out.push(`OUTBOUND RULES (managed VNet, ${report.isolationMode}): ${report.outboundRules.length}`);
  if (report.outboundRules.length === 0) out.push("  none");
  const nameWidth = Math.min(34, Math.max(4, ...report.outboundRules.map((r) => r.name.length)));
  const headOf = (name: string, type: string, approval: string) =>
    `  ${name.padEnd(nameWidth)}  ${type.padEnd(15)}  ${approval.padEnd(10)}  `;
  // The destination shares the line when at least 24 columns are left, else it gets a line of its own.
  const inline = width - headOf("", "", "").length >= 24;
  if (report.outboundRules.length > 0)
    out.push(`${headOf("RULE", "TYPE", "APPROVAL")}${inline ? "DESTINATION" : ""}`.trimEnd());
  for (const r of report.outboundRules) {
    const head = headOf(r.name, r.type, r.approval.toUpperCase());
    if (inline) {
      const dest = wrapText(r.destination, width - head.length);
      out.push(`${head}${dest[0]}`, ...dest.slice(1).map((l) => `${" ".repeat(head.length)}${l}`));
    } else {
      out.push(...wrapText(head.trimEnd(), width - 2).map((l, n) => (n === 0 ? l : `  ${l}`)));
      out.push(...wrapText(`-> ${r.destination}`, width - 6).map((l) => `      ${l}`));
    }
    const cat = r.category === REQUIRED_CATEGORY ? "required, created by Azure" : r.category;
    out.push(...wrapText(`${cat}: ${r.why}`, width - 6).map((l) => `      ${l}`));
  }
  out.push("");
  out.push(`ISSUES: ${report.issues.length}`);
  if (report.issues.length === 0) out.push("  none");
  for (const i of report.issues)
    out.push(...wrapText(i, width - 4).map((l, n) => `${n === 0 ? "  ! " : "    "}${l}`));
  return out.join("\n");
}

const md = (s: string): string => s.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\n/g, "<br>");

/** Markdown: the same content as {@link renderExposureText}, as tables. */
export function renderExposureMarkdown(report: ExposureReport): string {
  const out: string[] = [];
  out.push(`## Network exposure${report.workspace ? ` of \`${report.workspace}\`` : ""}`);
  out.push("");
  out.push(`Managed VNet isolation mode: **${report.isolationMode}**.`);
  out.push("");
  out.push("| Endpoint | Internet | Customer VNet | Managed VNet |");
  out.push("|---|---|---|---|");
  const mdCell = (r: { reachable: boolean; path: string; from?: string[] }) => {
    const from = r.reachable && r.from?.length ? ` from ${r.from.map((f) => `\`${f}\``).join(", ")}` : "";
    return `${r.reachable ? "**yes**" : "no"}${from}: ${md(r.path)}`;
  };
  for (const e of report.endpoints)
    out.push(
      `| ${md(SERVICE_LABELS[e.service])}<br>\`${e.resource}\`${e.trustedServices ? "<br>(trusted services)" : ""} | ${mdCell(e.internet)} | ${mdCell(e.customerVnet)} | ${mdCell(e.managedVnet)} |`,
    );
  out.push("");
  out.push("### Private endpoints (customer VNet)");
  out.push("");
  if (report.privateEndpoints.length === 0) out.push("None.");
  else {
    out.push("| Private endpoint | Target | DNS zones | Linked to VNet | Approval |");
    out.push("|---|---|---|---|---|");
    for (const pe of report.privateEndpoints) {
      const zones = [
        ...pe.zones.map((z) => `\`${z}\``),
        ...pe.missingZones.map((z) => `**missing \`${z}\`**`),
      ];
      out.push(
        `| \`${pe.name}\` | \`${pe.target}\` / ${md(pe.group)} | ${zones.join("<br>") || "none"} | ${pe.zonesLinked ? `yes (${md(pe.vnet)})` : `**no**${pe.unlinkedZones.length ? `: ${pe.unlinkedZones.map((z) => `\`${z}\``).join(", ")}` : ""}`} | ${pe.approval} |`,
      );
    }
  }
  out.push("");
  out.push(`### Managed VNet outbound rules (${report.isolationMode})`);
  out.push("");
  if (report.outboundRules.length === 0) out.push("None.");
  else {
    out.push("| Rule | Type | Destination | Category | Approval | Why |");
    out.push("|---|---|---|---|---|---|");
    for (const r of report.outboundRules)
      out.push(
        `| \`${r.name}\` | ${r.type} | \`${md(r.destination)}\` | ${md(r.category)} | ${r.approval === "manual" ? "**manual**" : r.approval} | ${md(r.why)} |`,
      );
  }
  out.push("");
  out.push("### Issues");
  out.push("");
  if (report.issues.length === 0) out.push("None.");
  for (const i of report.issues) out.push(`- ${md(i)}`);
  return `${out.join("\n")}\n`;
}
