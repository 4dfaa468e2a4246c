import { cidrContains, parseCidr } from "../config/cidr";
import { PRIVATE_DNS_ZONES, STUDIO_HOST } from "../infra/dnsZones";
import { ROLES } from "../infra/roles";
import { ARM_TYPES } from "./resourceTypes";
import type { Plan, PlanResource } from "./synth";

/**
 * Network exposure of a plan: for every endpoint, who can reach it (internet, customer VNet, managed VNet)
 * and by which path; every private endpoint with its DNS zones; every managed VNet outbound rule with whether
 * its private endpoint is approved automatically. Everything is read from the plan's resources and their
 * inputs (never from the preset or the config), so a plan edited by hand is judged on what it contains.
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

/** Reachability from the customer VNet (the VNet in the plan, where people and the jump box are). */
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
  /** ARM type of the target (empty when the target is not in the plan). */
  readonly targetType: string;
  /** Sub-resource (group id), e.g. `blob` or `amlworkspace`. */
  readonly group: string;
  /** Azure name of the VNet the endpoint's subnet belongs to. */
  readonly vnet: string;
  /** Zones in the endpoint's DNS zone group. */
  readonly zones: string[];
  /** Every zone in the group exists in the plan and is linked to the endpoint's VNet. */
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

/** The exposure report of one plan. */
export interface ExposureReport {
  /** Azure name of the workspace (absent when the plan has none). */
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

const T = {
  workspace: "azure-native:machinelearningservices:Workspace",
  compute: "azure-native:machinelearningservices:Compute",
  storage: "azure-native:storage:StorageAccount",
  vault: "azure-native:keyvault:Vault",
  registry: "azure-native:containerregistry:Registry",
  sqlServer: "azure-native:sql:Server",
  sqlFirewall: "azure-native:sql:FirewallRule",
  pe: "azure-native:network:PrivateEndpoint",
  zoneGroup: "azure-native:network:PrivateDnsZoneGroup",
  zone: "azure-native:privatedns:PrivateZone",
  link: "azure-native:privatedns:VirtualNetworkLink",
  vnet: "azure-native:network:VirtualNetwork",
  nsg: "azure-native:network:NetworkSecurityGroup",
  nic: "azure-native:network:NetworkInterface",
  pip: "azure-native:network:PublicIPAddress",
  bastion: "azure-native:network:BastionHost",
  vm: "azure-native:compute:VirtualMachine",
  vmExt: "azure-native:compute:VirtualMachineExtension",
  uai: "azure-native:managedidentity:UserAssignedIdentity",
  role: "azure-native:authorization:RoleAssignment",
} as const;

/** Storage sub-resources shown as endpoints, in display order. */
const STORAGE_SERVICES = ["blob", "dfs", "file", "queue", "table"] as const;
type StorageService = (typeof STORAGE_SERVICES)[number];

/** Entra ID sign-in extensions on a VM (src/infra/jumpbox.ts). */
const ENTRA_EXTENSIONS = new Set(["AADSSHLoginForLinux", "AADLoginForWindows"]);

/** Sources an NSG rule uses for "the whole internet". */
const ANY_SOURCE = new Set(["*", "internet", "any", "0.0.0.0/0"]);

type Cloud = keyof typeof PRIVATE_DNS_ZONES;

// ---------------------------------------------------------------- input readers

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

function azureNameOf(r: PlanResource): string {
  const key = ARM_TYPES[r.type]?.nameKey;
  return (key && str(r.inputs[key])) || (r.id ? last(r.id) : r.name);
}

function armTypeOf(r: PlanResource | undefined): string {
  return r ? (ARM_TYPES[r.type]?.armType ?? r.type) : "";
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

function storagePublic(r: PlanResource): PublicSide {
  const rules = obj(r.inputs.networkRuleSet);
  const hasRules = Object.keys(rules).length > 0;
  const bypass = (str(rules.bypass) ?? "AzureServices").split(/\s*,\s*/).includes("AzureServices");
  const ips = arr(rules.ipRules)
    .map((x) => str(obj(x).iPAddressOrRange) ?? str(obj(x).value))
    .filter((x): x is string => x !== undefined);
  // Storage ignores the trusted-services exception once public access is Disabled (INFERENCE, conservative:
  // Azure Policy describes Disabled as denying every public-endpoint login).
  return firewalled(
    str(r.inputs.publicNetworkAccess) ?? "Enabled",
    hasRules ? (str(rules.defaultAction) ?? "Allow") : "Allow",
    ips,
    hasRules && bypass,
    false,
  );
}

function vaultPublic(r: PlanResource): PublicSide {
  const p = obj(r.inputs.properties);
  const acls = obj(p.networkAcls);
  const ips = arr(acls.ipRules)
    .map((x) => str(obj(x).value))
    .filter((x): x is string => x !== undefined);
  // Key Vault honours the trusted-services bypass even with public access Disabled (its API documents it).
  return firewalled(
    str(p.publicNetworkAccess) ?? "Enabled",
    str(acls.defaultAction) ?? "Allow",
    ips,
    (str(acls.bypass) ?? "AzureServices") === "AzureServices",
    true,
  );
}

function registryPublic(r: PlanResource): PublicSide {
  const rules = obj(r.inputs.networkRuleSet);
  const ips = arr(rules.ipRules)
    .map((x) => str(obj(x).iPAddressOrRange))
    .filter((x): x is string => x !== undefined);
  return firewalled(
    str(r.inputs.publicNetworkAccess) ?? "Enabled",
    str(rules.defaultAction) ?? "Allow",
    ips,
    (str(r.inputs.networkRuleBypassOptions) ?? "AzureServices") === "AzureServices",
    // INFERENCE: the registry API describes the bypass for any "network restricted registry"; counted as
    // honoured with public access Disabled too, so the report errs towards showing exposure.
    true,
  );
}

// ---------------------------------------------------------------- the analysis

/** Builds the exposure report of a plan from its resources and their inputs. */
export function analyzeExposure(plan: Plan): ExposureReport {
  return new Analysis(plan).report();
}

class Analysis {
  private readonly all: PlanResource[];
  private readonly byId = new Map<string, PlanResource>();
  private readonly issues: string[] = [];
  private readonly cloud: Cloud;
  private readonly ws: PlanResource | undefined;
  private readonly isolation: string;
  private readonly principal: { id: string; source: string } | undefined;
  private readonly pes: (PrivateEndpointInfo & { targetId: string; vnetId: string })[];
  private readonly rules: OutboundRuleInfo[];

  constructor(private readonly plan: Plan) {
    this.all = plan.resources;
    for (const r of this.all) if (r.id) this.byId.set(r.id.toLowerCase(), r);
    this.cloud = this.inferCloud();
    this.ws = this.of(T.workspace)[0];
    this.isolation = (this.ws && str(obj(this.ws.inputs.managedNetwork).isolationMode)) ?? "Disabled";
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

  private of(type: string): PlanResource[] {
    return this.all.filter((r) => r.type === type);
  }

  private get(id: unknown): PlanResource | undefined {
    return this.byId.get(lc(id));
  }

  private nameOfId(id: string): string {
    const r = this.get(id);
    return r ? azureNameOf(r) : last(id);
  }

  /** The cloud whose private DNS zone names the plan uses (AzureCloud when it uses none). */
  private inferCloud(): Cloud {
    const names = new Set(this.of(T.zone).map((z) => lc(z.inputs.privateZoneName)));
    for (const g of this.of(T.zoneGroup))
      for (const c of arr(g.inputs.privateDnsZoneConfigs))
        names.add(lc(last(String(obj(c).privateDnsZoneId))));
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
    const i = this.ws?.inputs ?? {};
    return { storage: lc(i.storageAccount), keyVault: lc(i.keyVault), registry: lc(i.containerRegistry) };
  }

  private isDefaultDependency(id: string): boolean {
    const d = this.defaultDeps();
    const x = id.toLowerCase();
    return x !== "" && (x === d.storage || x === d.keyVault || x === d.registry || x === lc(this.ws?.id));
  }

  /**
   * The workspace identity's principal id: the primary user-assigned identity's principal as the mock runtime
   * computed it (`plan.principals`), or else the one service principal that holds roles on all of the
   * workspace's default storage, Key Vault and registry — which a UAI workspace must have (facts §8).
   */
  private workspacePrincipal(): { id: string; source: string } | undefined {
    if (!this.ws) return undefined;
    const identity = obj(this.ws.inputs.identity);
    const uais = arr(identity.userAssignedIdentities).length
      ? arr(identity.userAssignedIdentities).map(String)
      : Object.keys(obj(identity.userAssignedIdentities));
    const primary = str(this.ws.inputs.primaryUserAssignedIdentity) ?? uais[0];
    const known = Object.entries(this.plan.principals ?? {});
    if (primary) {
      const hit = known.find(([id]) => id.toLowerCase() === primary.toLowerCase());
      if (hit) return { id: hit[1], source: `user-assigned identity ${this.nameOfId(primary)}` };
    }
    const hit = known.find(([id]) => id.toLowerCase() === lc(this.ws?.id));
    if (hit) return { id: hit[1], source: "system-assigned identity" };
    const deps = Object.values(this.defaultDeps()).filter((d) => d !== "");
    if (deps.length === 0) return undefined;
    const sets = deps.map(
      (d) =>
        new Set(
          this.of(T.role)
            .filter((ra) => lc(ra.inputs.scope) === d && str(ra.inputs.principalType) !== "User")
            .filter((ra) => str(ra.inputs.principalType) !== "Group")
            .map((ra) => String(ra.inputs.principalId)),
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
  private workspaceRole(roleGuid: string, targetId: string): PlanResource | undefined {
    if (!this.principal) return undefined;
    return this.of(T.role).find(
      (ra) =>
        lc(ra.inputs.roleDefinitionId).endsWith(`/${roleGuid}`) &&
        ra.inputs.principalId === this.principal!.id &&
        covers(String(ra.inputs.scope ?? ""), targetId),
    );
  }

  // ---------------------------------------------------------------- customer VNet

  private vnetOfSubnet(subnetId: string): string {
    return subnetId.replace(/\/subnets\/[^/]+$/i, "");
  }

  private zoneLinked(zone: string, vnetId: string): boolean {
    return this.of(T.link).some(
      (l) =>
        lc(l.inputs.privateZoneName) === zone.toLowerCase() &&
        lc(obj(l.inputs.virtualNetwork).id) === vnetId.toLowerCase(),
    );
  }

  private privateEndpoints(): (PrivateEndpointInfo & { targetId: string; vnetId: string })[] {
    return this.of(T.pe).flatMap((pe) => {
      const name = azureNameOf(pe);
      const subnetId = String(obj(pe.inputs.subnet).id ?? "");
      const vnetId = this.vnetOfSubnet(subnetId);
      const group = this.of(T.zoneGroup).find((g) => lc(g.inputs.privateEndpointName) === name.toLowerCase());
      const zones = arr(group?.inputs.privateDnsZoneConfigs).map((c) =>
        last(String(obj(c).privateDnsZoneId ?? "")),
      );
      const conns = [
        ...arr(pe.inputs.privateLinkServiceConnections).map((c) => ({ c: obj(c), manual: false })),
        ...arr(pe.inputs.manualPrivateLinkServiceConnections).map((c) => ({ c: obj(c), manual: true })),
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
            targetType: armTypeOf(target),
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
      for (const s of arr(vnet.inputs.subnets).map(obj)) {
        const nat = str(obj(s.natGateway).id);
        if (nat) return `NAT gateway ${this.nameOfId(nat)}`;
        if (s.defaultOutboundAccess !== false) return `default outbound access of ${String(s.name)}`;
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
    const mn = obj(this.ws.inputs.managedNetwork);
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
        why: `the workspace identity holds Azure AI Enterprise Network Connection Approver on ${this.nameOfId(String(ra.inputs.scope))} (${ra.name})`,
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
    const approvedOnly = this.isolation === "AllowOnlyApprovedOutbound";
    const targets: [string | undefined, string[]][] = [
      [ws.id, ["amlworkspace"]],
      [str(ws.inputs.storageAccount), ["blob", "file"]],
      [str(ws.inputs.keyVault), ["vault"]],
      [str(ws.inputs.containerRegistry), ["registry"]],
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
      const region = str(ws.inputs.location) ?? "<region>";
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

  private publicAccessOf(r: PlanResource | undefined): string {
    if (!r) return "Enabled";
    const v =
      r.type === T.vault ? obj(r.inputs.properties).publicNetworkAccess : r.inputs.publicNetworkAccess;
    return str(v) ?? "Enabled";
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
    const resourceType = armTypeOf(ws);
    const access = str(ws.inputs.publicNetworkAccess) ?? "Enabled";
    const open = access === "Enabled" || ws.inputs.allowPublicAccessWhenBehindVnet === true;
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
  private storageEndpoints(r: PlanResource): Endpoint[] {
    const id = r.id.toLowerCase();
    const services = new Set<string>(["blob"]);
    if (r.inputs.isHnsEnabled === true) services.add("dfs");
    if (id === this.defaultDeps().storage) services.add("file");
    for (const pe of this.pes) if (lc(pe.targetId) === id) services.add(pe.group.toLowerCase());
    for (const rule of this.rules)
      if (lc(rule.targetId) === id && rule.subresource) services.add(rule.subresource.toLowerCase());
    const pub = storagePublic(r);
    return STORAGE_SERVICES.filter((s) => services.has(s)).map((s: StorageService) =>
      this.serviceEndpoint(r, s, s, pub),
    );
  }

  private serviceEndpoint(
    r: PlanResource,
    service: ExposureService,
    group: string,
    pub: PublicSide,
  ): Endpoint {
    const name = azureNameOf(r);
    return {
      id: `${service}:${name}`,
      resource: name,
      resourceType: armTypeOf(r),
      service,
      internet: { reachable: pub.reachable, from: pub.from, path: pub.path },
      customerVnet: this.customerReach(r.id, group, pub),
      managedVnet: this.managedReach(r.id, group, pub),
      trustedServices: pub.trusted,
    };
  }

  /** SQL: public network access plus firewall rules (0.0.0.0 alone = every Azure IP). */
  private sqlPublic(r: PlanResource): PublicSide {
    const access = str(r.inputs.publicNetworkAccess) ?? "Enabled";
    if (access === "Disabled") return closed("public network access Disabled");
    const name = azureNameOf(r).toLowerCase();
    const rules = this.of(T.sqlFirewall).filter((f) => lc(f.inputs.serverName) === name);
    const from: string[] = [];
    let azureIps = false;
    for (const f of rules) {
      const start = String(f.inputs.startIpAddress ?? "");
      const end = String(f.inputs.endIpAddress ?? "");
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
      .filter((c) => obj(c.inputs.properties).computeType === "ComputeInstance")
      .map((c) => {
        const name = azureNameOf(c);
        const props = obj(obj(c.inputs.properties).properties);
        const publicIp = props.enableNodePublicIp !== false; // Azure's default is a public IP
        const ssh = str(obj(props.sshSettings).sshPublicAccess) ?? "Disabled";
        const subnetId = str(obj(props.subnet).id);
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
          resourceType: armTypeOf(c),
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
      const os = obj(vm.inputs.osProfile);
      const windows = Object.keys(obj(os.windowsConfiguration)).length > 0;
      const port = windows ? 3389 : 22;
      const nics = arr(obj(vm.inputs.networkProfile).networkInterfaces)
        .map((n) => this.get(obj(n).id))
        .filter((n): n is PlanResource => n !== undefined);
      const ipConfigs = nics.flatMap((n) =>
        arr(n.inputs.ipConfigurations).map((c) => ({ nic: n, c: obj(c) })),
      );
      const subnetId = ipConfigs.map(({ c }) => str(obj(c.subnet).id)).find((s) => s !== undefined) ?? "";
      const vnetId = this.vnetOfSubnet(subnetId);
      const entra = this.of(T.vmExt).some(
        (e) => lc(e.inputs.vmName) === name.toLowerCase() && ENTRA_EXTENSIONS.has(String(e.inputs.type)),
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
        resourceType: armTypeOf(vm),
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
        lc(obj(b.inputs.virtualNetwork).id) === v ||
        arr(b.inputs.ipConfigurations).some((c) => this.vnetOfSubnet(lc(obj(obj(c).subnet).id)) === v),
    );
    return b
      ? { sku: str(obj(b.inputs.sku).name) ?? "Basic", tunneling: b.inputs.enableTunneling === true }
      : undefined;
  }

  /**
   * Internet sources an inbound port is open to, through the subnet's and the NIC's NSGs (both must allow).
   * Without any NSG, a Standard public IP is closed by default and a Basic one is open.
   */
  private nsgAllows(
    subnetId: string,
    nic: PlanResource,
    port: number,
    pip: PlanResource | undefined,
  ): string[] {
    const vnet = this.get(this.vnetOfSubnet(subnetId));
    const subnet = arr(vnet?.inputs.subnets)
      .map(obj)
      .find((s) => lc(s.name) === last(subnetId).toLowerCase());
    const nsgs = [str(obj(subnet?.networkSecurityGroup).id), str(obj(nic.inputs.networkSecurityGroup).id)]
      .filter((id): id is string => id !== undefined)
      .map((id) => this.get(id));
    if (nsgs.length === 0) {
      const sku = str(obj(pip?.inputs.sku).name);
      return sku === "Standard" ? [] : ["any"];
    }
    const rulesOf = (nsg: PlanResource | undefined) =>
      arr(nsg?.inputs.securityRules)
        .map(obj)
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
