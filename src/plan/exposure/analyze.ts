import { STUDIO_HOST } from "../../infra/dnsZones";
import { ROLES } from "../../model/roles";
import { type ArmModel, toArmModel } from "../arm/model";
import {
  arr,
  azureNameOf,
  isChildOf,
  last,
  lc,
  type Obj,
  obj,
  props,
  type Res,
  str,
  subProps,
  T,
  vnetOfSubnet,
} from "../arm/read";
import type { Plan } from "../synth";
import {
  bastionFor,
  customerReach,
  internetEgress,
  type PrivateEndpointRecord,
  privateEndpoints,
} from "./customerVnet";
import {
  closed,
  nsgAllows,
  type PublicSide,
  platformAddressAccess,
  registryPublic,
  sqlPublic,
  storagePublic,
  vaultPublic,
} from "./internet";
import { managedReach, outboundRules } from "./managedVnet";
import { ModelIndex } from "./modelIndex";
import {
  type CustomerVnetReach,
  type Endpoint,
  type ExposureReport,
  type ExposureService,
  type InternetReach,
  type ManagedVnetReach,
  type OutboundRuleInfo,
  REQUIRED_CATEGORY,
  SERVICE_LABELS,
} from "./types";

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

/** Storage sub-resources shown as endpoints, in display order. */
const STORAGE_SERVICES = ["blob", "dfs", "file", "queue", "table"] as const;
type StorageService = (typeof STORAGE_SERVICES)[number];

/** Entra ID sign-in extensions on a VM (src/infra/jumpbox.ts). */
const ENTRA_EXTENSIONS = new Set(["AADSSHLoginForLinux", "AADLoginForWindows"]);

/** The local credential a VM's OS profile lets people use: an SSH key only, or a password. */
function localCredential(osProfile: Obj, windows: boolean): string {
  if (windows) return "password";
  const linux = obj(osProfile.linuxConfiguration);
  const keys = arr(obj(linux.ssh).publicKeys).length > 0;
  if (linux.disablePasswordAuthentication === true) return "SSH key";
  return keys ? "SSH key or password" : "password";
}

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

/**
 * One run of the analysis: the private endpoints and outbound rules first (every endpoint's reach depends on
 * them), then the endpoints, then the issues that need all of them.
 */
class Analysis {
  private readonly m: ModelIndex;
  private readonly pes: PrivateEndpointRecord[];
  private readonly rules: OutboundRuleInfo[];

  constructor(model: ArmModel, principals: Readonly<Record<string, string>>) {
    this.m = new ModelIndex(model, principals);
    this.pes = privateEndpoints(this.m);
    this.rules = outboundRules(this.m);
  }

  report(): ExposureReport {
    const endpoints = [
      ...this.workspaceEndpoints(),
      ...this.m.of(T.storage).flatMap((r) => this.storageEndpoints(r)),
      ...this.m.of(T.vault).map((r) => this.serviceEndpoint(r, "vault", "vault", vaultPublic(r))),
      ...this.m.of(T.registry).map((r) => this.serviceEndpoint(r, "registry", "registry", registryPublic(r))),
      ...this.m.of(T.sqlServer).map((r) => this.serviceEndpoint(r, "sql", "sqlServer", sqlPublic(this.m, r))),
      ...this.computeInstances(),
      ...this.jumpBoxes(),
      ...this.externalTargets(),
    ];
    this.endpointIssues(endpoints);
    return {
      ...(this.m.ws ? { workspace: azureNameOf(this.m.ws) } : {}),
      isolationMode: this.m.isolation,
      ...(this.m.principal ? { workspacePrincipal: this.m.principal } : {}),
      endpoints,
      privateEndpoints: this.pes.map(({ targetId: _t, vnetId: _v, ...pe }) => pe),
      outboundRules: this.rules,
      issues: [...new Set(this.m.issues)],
    };
  }

  /** Customer VNet reach of a target's sub-resource, through this model's private endpoints. */
  private customerReach(
    targetId: string,
    group: string,
    pub: PublicSide,
    zoneFilter?: (zone: string) => boolean,
  ): CustomerVnetReach {
    return customerReach(this.m, this.pes, targetId, group, pub, zoneFilter);
  }

  /** Managed VNet reach of a target's sub-resource, through this model's outbound rules. */
  private managedReach(targetId: string, sub: string, pub: PublicSide): ManagedVnetReach {
    return managedReach(this.m, this.rules, targetId, sub, pub);
  }

  // ---------------------------------------------------------------- endpoints

  private workspaceEndpoints(): Endpoint[] {
    const ws = this.m.ws;
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
    const api = this.customerReach(ws.id, "amlworkspace", pub, (z) => z === this.m.apiZone);
    const notebooks = this.customerReach(ws.id, "amlworkspace", pub, (z) => z === this.m.notebooksZone);
    const managed = this.managedReach(ws.id, "amlworkspace", pub);
    const egress = internetEgress(this.m);
    const studioHost = STUDIO_HOST[this.m.cloud];
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
    if (id === this.m.defaultDeps().storage) services.add("file");
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

  private computeInstances(): Endpoint[] {
    return this.m
      .of(T.compute)
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
          this.m.issues.push(
            `Compute instance ${name} gets a public IP: set enableNodePublicIp to false (https://learn.microsoft.com/azure/machine-learning/how-to-managed-network-compute).`,
          );
        if (ssh === "Enabled")
          this.m.issues.push(
            `Compute instance ${name} has public SSH access enabled (https://learn.microsoft.com/azure/machine-learning/how-to-managed-network-compute).`,
          );
        const api = this.m.ws ? this.workspaceEndpointsCache().api : undefined;
        const customerVnet: CustomerVnetReach = subnetId
          ? {
              reachable: true,
              path: `in subnet ${last(subnetId)} of ${last(vnetOfSubnet(subnetId))}`,
              dnsZones: [],
            }
          : api?.reachable
            ? {
                ...api,
                path: api.privateEndpoint
                  ? "apps (Jupyter, terminal) through the workspace private endpoint (instances.* hosts, https://learn.microsoft.com/azure/machine-learning/how-to-custom-dns)"
                  : "apps (Jupyter, terminal) through the workspace's public endpoint",
              }
            : {
                reachable: false,
                path: "no private path: its apps go through the workspace endpoint, which the VNet cannot reach privately",
                dnsZones: [],
              };
        const managedVnet: ManagedVnetReach =
          this.m.isolation === "Disabled"
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
    return this.m.of(T.vm).map((vm) => {
      const name = azureNameOf(vm);
      const os = obj(props(vm).osProfile);
      const windows = Object.keys(obj(os.windowsConfiguration)).length > 0;
      const port = windows ? 3389 : 22;
      const nics = arr(obj(props(vm).networkProfile).networkInterfaces)
        .map((n) => this.m.get(obj(n).id))
        .filter((n): n is Res => n !== undefined);
      const ipConfigs = nics.flatMap((n) =>
        arr(props(n).ipConfigurations).map((c) => ({ nic: n, c: subProps(c) })),
      );
      const subnetId = ipConfigs.map(({ c }) => str(obj(c.subnet).id)).find((s) => s !== undefined) ?? "";
      const vnetId = vnetOfSubnet(subnetId);
      const entra = this.m
        .of(T.vmExt)
        .some((e) => isChildOf(e, vm) && ENTRA_EXTENSIONS.has(String(props(e).type)));
      const bastion = bastionFor(this.m, vnetId);
      // Bastion Developer has no Entra ID sign-in (https://learn.microsoft.com/azure/bastion/bastion-entra-id-authentication).
      const entraUsable = entra && bastion !== undefined && bastion.sku !== "Developer";
      if (entra && bastion?.sku === "Developer")
        this.m.issues.push(
          `Jump box ${name} has the Entra ID login extension, but Bastion Developer has no Entra ID sign-in: people get in only with the local account (use Bastion Basic or Standard; https://learn.microsoft.com/azure/bastion/bastion-entra-id-authentication).`,
        );
      const developerBlocked =
        bastion?.sku === "Developer" &&
        ipConfigs.length > 0 &&
        this.developerSessionsBlocked(name, subnetId, ipConfigs[0]!.nic, port);
      const bastionPath = bastion
        ? `Bastion ${bastion.sku} (Azure portal${bastion.tunneling ? " or native client" : ""}, ${entraUsable ? "Entra ID" : `local account with ${localCredential(os, windows)}`}${developerBlocked ? `; port ${port} not allowed from 168.63.129.16` : ""})`
        : undefined;

      const publicIps = ipConfigs.filter(({ c }) => str(obj(c.publicIPAddress).id));
      let internet: InternetReach;
      if (publicIps.length > 0) {
        const pipId = str(obj(publicIps[0]!.c.publicIPAddress).id)!;
        const nic = publicIps[0]!.nic;
        const from = nsgAllows(this.m, subnetId, nic, port, this.m.get(pipId));
        this.m.issues.push(
          `Jump box ${name}: NIC ${azureNameOf(nic)} has a public IP (${this.m.nameOfId(pipId)}); it should be reached only through Bastion.`,
        );
        internet = {
          reachable: from.length > 0,
          from,
          path:
            from.length > 0
              ? `public IP ${this.m.nameOfId(pipId)}; NSG lets port ${port} in`
              : `public IP ${this.m.nameOfId(pipId)}, but NSG denies port ${port} from the internet`,
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
            this.m.isolation === "Disabled"
              ? "no managed VNet"
              : "no path: the managed VNet is not peered with the customer VNet",
        },
        trustedServices: false,
      };
    });
  }

  /**
   * Targets of user-defined private endpoint rules that are not in the model (a storage account or SQL server
   * another team owns): the managed VNet reaches them through the rule, so they belong in "who can reach what"
   * even though their own network settings are unknown offline.
   */
  private externalTargets(): Endpoint[] {
    const out = new Map<string, Endpoint>();
    for (const r of this.rules) {
      if (r.type !== "PrivateEndpoint" || r.category === REQUIRED_CATEGORY || !r.targetId) continue;
      if (this.m.get(r.targetId)) continue;
      const name = r.targetId.split("/").pop() ?? r.targetId;
      const sub = r.subresource ?? "";
      const id = `external:${name}/${sub}`;
      if (out.has(id)) continue;
      const provider = /\/providers\/([^/]+\/[^/]+)\/[^/]+$/i.exec(r.targetId)?.[1] ?? "unknown";
      const unknown = "outside this stack: its own network settings decide";
      out.set(id, {
        id,
        resource: `${name}/${sub}`,
        resourceType: provider,
        service: "external",
        internet: { reachable: false, unknown: true, from: [], path: unknown },
        customerVnet: { reachable: false, path: "no private endpoint to it in this stack", dnsZones: [] },
        managedVnet: this.managedReach(r.targetId, sub, closed("outside this stack")),
        trustedServices: false,
      });
    }
    return [...out.values()];
  }

  /**
   * Bastion Developer opens sessions from 168.63.129.16; records an issue and returns true unless the NSGs
   * allow the session port from it explicitly (https://learn.microsoft.com/azure/bastion/quickstart-developer).
   */
  private developerSessionsBlocked(vm: string, subnetId: string, nic: Res, port: number): boolean {
    const access = platformAddressAccess(this.m, subnetId, nic, port);
    if (access === "allow") return false;
    this.m.issues.push(
      access === "deny"
        ? `Jump box ${vm}: an NSG denies port ${port} from 168.63.129.16 before allowing it, so Bastion Developer cannot open sessions; allow port ${port} from 168.63.129.16 ahead of the deny (https://learn.microsoft.com/azure/bastion/quickstart-developer).`
        : `Jump box ${vm}: no NSG rule allows port ${port} from 168.63.129.16, which Bastion Developer connects from; add an allow (https://learn.microsoft.com/azure/bastion/quickstart-developer).`,
    );
    return true;
  }

  // ---------------------------------------------------------------- issues

  private endpointIssues(endpoints: Endpoint[]): void {
    const label = (e: Endpoint) => `${SERVICE_LABELS[e.service]} ${e.resource}`;
    for (const e of endpoints) {
      if (e.service === "studio" || e.service === "notebooks") continue;
      if (e.internet.from.includes("any"))
        this.m.issues.push(
          e.service === "workspace-api"
            ? `Workspace ${e.resource} (API, Studio, notebooks) is reachable from any internet address: public network access is Enabled and API 2025-12-01 has no workspace IP rules (https://learn.microsoft.com/azure/machine-learning/how-to-configure-private-link).`
            : `${label(e)} is reachable from any internet address (${e.internet.path}).`,
        );
    }
    for (const pe of this.pes) {
      for (const z of pe.missingZones)
        this.m.issues.push(
          z === this.m.notebooksZone && pe.group === "amlworkspace"
            ? `Private endpoint ${pe.name}: zone ${z} is missing from its DNS zone group, so notebook hosts do not resolve privately (the Terraform original's bug; https://learn.microsoft.com/azure/machine-learning/how-to-custom-dns).`
            : `Private endpoint ${pe.name}: zone ${z} is missing from its DNS zone group, so ${pe.target}'s ${pe.group} host resolves to the public IP.`,
        );
      for (const z of pe.unlinkedZones)
        this.m.issues.push(
          `Private endpoint ${pe.name}: zone ${z} has no virtual network link to ${pe.vnet}, so its records are not visible there.`,
        );
      if (pe.approval === "manual")
        this.m.issues.push(
          `Private endpoint ${pe.name} uses a manual connection: it stays Pending until an owner of ${pe.target} approves it.`,
        );
    }
    if (!this.m.ws) return;
    const wsPublic = endpoints.find((e) => e.service === "workspace-api")?.internet.reachable;
    const privateStores = [T.storage, T.vault, T.registry, T.sqlServer]
      .flatMap((t) => this.m.of(t))
      .filter((r) => this.m.publicAccessOf(r) === "Disabled")
      .map(azureNameOf);
    if (wsPublic && privateStores.length > 0)
      this.m.issues.push(
        `Workspace ${azureNameOf(this.m.ws)} is public while ${privateStores.join(", ")} are private: Microsoft doesn't recommend it, data behind the VNet can be exposed on the public workspace (https://learn.microsoft.com/azure/machine-learning/how-to-network-security-overview).`,
      );
    // Studio reads the default storage from the browser: it needs line of sight, and with public access
    // Disabled, Reader for the workspace identity on the storage private endpoints (https://learn.microsoft.com/azure/machine-learning/how-to-enable-studio-virtual-network).
    const api = endpoints.find((e) => e.service === "workspace-api");
    const storageId = this.m.defaultDeps().storage;
    const storage = this.m.get(storageId);
    if (api?.customerVnet.reachable && storage) {
      for (const sub of ["blob", "file"]) {
        const e = endpoints.find((x) => x.service === sub && x.resource === azureNameOf(storage));
        if (e && !e.customerVnet.reachable)
          this.m.issues.push(
            `Studio in the customer VNet has no line of sight to the default storage ${e.resource} (${sub}): ${e.customerVnet.path} (https://learn.microsoft.com/azure/machine-learning/how-to-enable-studio-virtual-network).`,
          );
      }
      if (this.m.publicAccessOf(storage) === "Disabled" && this.m.principal)
        for (const pe of this.pes.filter(
          (p) => lc(p.targetId) === storageId && ["blob", "file"].includes(p.group),
        )) {
          const peRes = this.m.of(T.pe).find((p) => azureNameOf(p) === pe.name);
          if (peRes && !this.m.workspaceRole(ROLES.reader, peRes.id))
            this.m.issues.push(
              `The workspace identity has no Reader role on private endpoint ${pe.name}: Studio cannot read the default storage through it (https://learn.microsoft.com/azure/machine-learning/how-to-enable-studio-virtual-network).`,
            );
        }
    }
  }
}
