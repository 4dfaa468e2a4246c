import {
  arr,
  azureNameOf,
  isChildOf,
  last,
  lc,
  obj,
  parentIdOf,
  props,
  str,
  subProps,
  T,
  vnetOfSubnet,
} from "../arm/read";
import type { PublicSide } from "./internet";
import type { ModelIndex } from "./modelIndex";
import type { CustomerVnetReach, PrivateEndpointInfo } from "./types";

/**
 * The customer VNet side of each endpoint: private endpoints with their DNS zone groups and the zones'
 * links to the VNet, the VNet's own internet egress (to reach public endpoints), and Bastion.
 */

/** A private endpoint as the analysis keeps it: with its target's and VNet's ARM ids, which the report leaves out. */
export type PrivateEndpointRecord = PrivateEndpointInfo & { targetId: string; vnetId: string };

/** A virtual network link of the zone (the link's parent) to the VNet. */
export function zoneLinked(m: ModelIndex, zone: string, vnetId: string): boolean {
  return m
    .of(T.link)
    .some(
      (l) =>
        last(parentIdOf(l.id)).toLowerCase() === zone.toLowerCase() &&
        lc(obj(props(l).virtualNetwork).id) === vnetId.toLowerCase(),
    );
}

/** Every private endpoint connection of the model, one per target sub-resource (group id). */
export function privateEndpoints(m: ModelIndex): PrivateEndpointRecord[] {
  return m.of(T.pe).flatMap((pe) => {
    const name = azureNameOf(pe);
    const p = props(pe);
    const subnetId = String(obj(p.subnet).id ?? "");
    const vnetId = vnetOfSubnet(subnetId);
    const group = m.of(T.zoneGroup).find((g) => isChildOf(g, pe));
    const zones = arr(props(group).privateDnsZoneConfigs).map((c) =>
      last(String(subProps(c).privateDnsZoneId ?? "")),
    );
    const conns = [
      ...arr(p.privateLinkServiceConnections).map((c) => ({ c: subProps(c), manual: false })),
      ...arr(p.manualPrivateLinkServiceConnections).map((c) => ({ c: subProps(c), manual: true })),
    ];
    return conns.flatMap(({ c, manual }) => {
      const targetId = String(c.privateLinkServiceId ?? "");
      const target = m.get(targetId);
      return arr(c.groupIds).map((g) => {
        const groupId = String(g);
        const missingZones = m.zonesFor(groupId).filter((z) => !zones.includes(z));
        const unlinkedZones = zones.filter((z) => !zoneLinked(m, z, vnetId));
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
export function internetEgress(m: ModelIndex): string | undefined {
  for (const vnet of m.of(T.vnet))
    for (const s of arr(props(vnet).subnets).map(obj)) {
      const sp = obj(s.properties);
      const nat = str(obj(sp.natGateway).id);
      if (nat) return `NAT gateway ${m.nameOfId(nat)}`;
      if (sp.defaultOutboundAccess !== false) return `default outbound access of ${String(s.name)}`;
    }
  return undefined;
}

/**
 * Customer VNet reachability of one sub-resource: a private endpoint whose DNS zones (those `zoneFilter`
 * keeps) are in its zone group and linked to the VNet, or the public endpoint through internet egress.
 */
export function customerReach(
  m: ModelIndex,
  pes: readonly PrivateEndpointRecord[],
  targetId: string,
  group: string,
  pub: PublicSide,
  zoneFilter: (zone: string) => boolean = () => true,
): CustomerVnetReach {
  const pe = pes.find(
    (p) => lc(p.targetId) === targetId.toLowerCase() && lc(p.group) === group.toLowerCase(),
  );
  if (pe) {
    const needed = m.zonesFor(pe.group).filter(zoneFilter);
    const wanted = needed.length > 0 ? needed : pe.zones;
    const missing = wanted.filter((z) => !pe.zones.includes(z));
    const unlinked = wanted.filter((z) => pe.zones.includes(z) && !zoneLinked(m, z, pe.vnetId));
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
  if (m.of(T.vnet).length === 0)
    return { reachable: false, path: "no customer VNet in the plan", dnsZones: [] };
  const egress = internetEgress(m);
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

/** The Bastion host in a VNet, with its SKU and whether native clients may tunnel through it. */
export function bastionFor(m: ModelIndex, vnetId: string): { sku: string; tunneling: boolean } | undefined {
  const v = vnetId.toLowerCase();
  const b = m
    .of(T.bastion)
    .find(
      (b) =>
        lc(obj(props(b).virtualNetwork).id) === v ||
        arr(props(b).ipConfigurations).some((c) => vnetOfSubnet(lc(obj(subProps(c).subnet).id)) === v),
    );
  return b
    ? { sku: str(obj(b.sku).name) ?? "Basic", tunneling: props(b).enableTunneling === true }
    : undefined;
}
