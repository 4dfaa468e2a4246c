import * as network from "@pulumi/azure-native/network";
import * as pulumi from "@pulumi/pulumi";
import type { Config } from "../config";
import type { PrivateEndpointPlacement, StackContext } from "./context";
import { PRIVATE_DNS_ZONES, type PrivateLinkGroup } from "./dnsZones";

/** Arguments of a {@link PrivateEndpoint}. */
export interface PrivateEndpointArgs {
  readonly ctx: StackContext;
  /** ARM id of the resource the endpoint connects to. */
  readonly targetId: pulumi.Input<string>;
  /** Name of the target resource, used to derive the endpoint's Azure name. */
  readonly targetName: string;
  readonly group: PrivateLinkGroup;
  readonly placement: PrivateEndpointPlacement;
}

/**
 * One private endpoint to one sub-resource, with its DNS zone group carrying every zone the group needs
 * (two for the workspace: api and notebooks, https://learn.microsoft.com/azure/machine-learning/how-to-configure-private-link).
 */
export class PrivateEndpoint extends pulumi.ComponentResource {
  /** The endpoint. */
  readonly endpoint: network.PrivateEndpoint;
  /** Its DNS zone group. */
  readonly zoneGroup: network.PrivateDnsZoneGroup;
  /** The sub-resource it connects to. */
  readonly group: PrivateLinkGroup;

  constructor(name: string, args: PrivateEndpointArgs, opts?: pulumi.ComponentResourceOptions) {
    super("secure-aml:network:PrivateEndpoint", name, {}, opts);
    const { ctx, group } = args;
    this.group = group;
    const peName = `pe-${args.targetName}-${group.toLowerCase()}`;
    this.endpoint = new network.PrivateEndpoint(
      `${name}-pe`,
      {
        privateEndpointName: peName,
        resourceGroupName: ctx.resourceGroupName,
        location: ctx.location,
        tags: ctx.tags,
        subnet: { id: args.placement.subnetId },
        customNetworkInterfaceName: `${peName}-nic`,
        privateLinkServiceConnections: [
          { name: peName, privateLinkServiceId: args.targetId, groupIds: [group] },
        ],
      },
      { parent: this },
    );
    const zones = zonesFor(ctx.config.cloud, group);
    this.zoneGroup = new network.PrivateDnsZoneGroup(
      `${name}-dns`,
      {
        resourceGroupName: ctx.resourceGroupName,
        privateEndpointName: this.endpoint.name,
        privateDnsZoneGroupName: "default",
        privateDnsZoneConfigs: zones.map((zone) => {
          const id = args.placement.zoneIds[zone];
          if (id === undefined)
            throw new Error(`private DNS zone ${zone} was not created for group ${group}`);
          return { name: zone.replace(/\./g, "-"), privateDnsZoneId: id };
        }),
      },
      { parent: this },
    );
    this.registerOutputs({ endpointId: this.endpoint.id });
  }
}

function zonesFor(cloud: Config["cloud"], group: PrivateLinkGroup): readonly string[] {
  return PRIVATE_DNS_ZONES[cloud][group];
}

/** Creates one endpoint per group for a target; the common shape every store component uses. */
export function privateEndpointsFor(
  parent: pulumi.Resource,
  baseName: string,
  ctx: StackContext,
  target: { id: pulumi.Input<string>; name: string },
  groups: readonly PrivateLinkGroup[],
  placement: PrivateEndpointPlacement | undefined,
): PrivateEndpoint[] {
  if (!placement) return [];
  return groups.map(
    (group) =>
      new PrivateEndpoint(
        `${baseName}-${group.toLowerCase()}`,
        { ctx, targetId: target.id, targetName: target.name, group, placement },
        { parent },
      ),
  );
}
