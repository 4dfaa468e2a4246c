import { PRIVATE_DNS_ZONES } from "../../infra/dnsZones";
import { type RoleName, roleOf } from "../../model/roles";
import type { ArmModel } from "../arm/model";
import {
  arr,
  azureNameOf,
  covers,
  last,
  lc,
  obj,
  props,
  type Res,
  scopeOf,
  str,
  subProps,
  T,
} from "../arm/read";

/** A cloud this tool knows the private DNS zone names of. */
export type Cloud = keyof typeof PRIVATE_DNS_ZONES;

/**
 * What every part of the analysis looks up: the model's resources by type and by id, the cloud, the
 * workspace with its isolation mode and identity — and the issues found so far, which every part appends to
 * (in the order the analysis runs, so the report lists them in a stable order).
 */
export class ModelIndex {
  private readonly byType = new Map<string, Res[]>();
  private readonly byId = new Map<string, Res>();
  /** Issues found so far (may repeat; the report keeps the first of each). */
  readonly issues: string[] = [];
  /** The cloud whose private DNS zone names the model uses. */
  readonly cloud: Cloud;
  /** The workspace (the first one, if the model has several). */
  readonly ws: Res | undefined;
  /** Managed VNet isolation mode (`Disabled` when there is no managed VNet). */
  readonly isolation: string;
  /** The workspace identity's principal id and how it was found. */
  readonly principal: { id: string; source: string } | undefined;

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
  }

  /** The resources of an ARM type, in model order. */
  of(type: string): Res[] {
    return this.byType.get(type.toLowerCase()) ?? [];
  }

  /** The resource with an ARM id. */
  get(id: unknown): Res | undefined {
    return this.byId.get(lc(id));
  }

  /** The Azure name of the resource with an ARM id (the id's last segment when it is not in the model). */
  nameOfId(id: string): string {
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
  zonesFor(group: string): readonly string[] {
    const table = PRIVATE_DNS_ZONES[this.cloud] as Readonly<Record<string, readonly string[]>>;
    return (
      table[group] ??
      table[Object.keys(table).find((k) => k.toLowerCase() === group.toLowerCase()) ?? ""] ??
      []
    );
  }

  /** The workspace API's private DNS zone. */
  get apiZone(): string {
    return PRIVATE_DNS_ZONES[this.cloud].amlworkspace[0]!;
  }

  /** The workspace notebooks' private DNS zone. */
  get notebooksZone(): string {
    return PRIVATE_DNS_ZONES[this.cloud].amlworkspace[1]!;
  }

  /** The workspace's default storage, Key Vault and registry ids (lower case). */
  defaultDeps(): { storage: string; keyVault: string; registry: string } {
    const p = props(this.ws);
    return { storage: lc(p.storageAccount), keyVault: lc(p.keyVault), registry: lc(p.containerRegistry) };
  }

  /** The id is the workspace's or one of its default storage, Key Vault and registry. */
  isDefaultDependency(id: string): boolean {
    const d = this.defaultDeps();
    const x = id.toLowerCase();
    return x !== "" && (x === d.storage || x === d.keyVault || x === d.registry || x === lc(this.ws?.id));
  }

  /** A resource's `publicNetworkAccess` (ARM's default, `Enabled`, when absent). */
  publicAccessOf(r: Res | undefined): string {
    return str(props(r).publicNetworkAccess) ?? "Enabled";
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
   * registry — which a UAI workspace must have (https://learn.microsoft.com/azure/machine-learning/how-to-identity-based-service-authentication).
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

  /** Role assignments of `principal` holding one of `roles` with a scope covering `targetId`. */
  grants(principal: string, roles: readonly RoleName[], targetId: string): Res[] {
    const p = principal.toLowerCase();
    return this.of(T.role).filter((ra) => {
      const role = roleOf(props(ra).roleDefinitionId);
      return (
        lc(props(ra).principalId) === p &&
        role !== undefined &&
        roles.includes(role) &&
        covers(scopeOf(ra), targetId)
      );
    });
  }

  /** A role assignment of `roleGuid` to the workspace identity whose scope covers `targetId`. */
  workspaceRole(roleGuid: string, targetId: string): Res | undefined {
    const role = roleOf(roleGuid);
    if (!this.principal || role === undefined) return undefined;
    return this.grants(this.principal.id, [role], targetId)[0];
  }
}
