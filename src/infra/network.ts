import * as network from "@pulumi/azure-native/network";
import * as privatedns from "@pulumi/azure-native/privatedns";
import * as pulumi from "@pulumi/pulumi";
import type { StackContext } from "./context";
import { requiredZones } from "./dnsZones";
import { bastionSubnetRules, type SecurityRule, workloadSubnetRules } from "./nsgRules";

/** Subnets this stack can create, keyed by role. */
export type SubnetRole = "privateEndpoints" | "jumpbox" | "compute" | "bastion";

/** Azure subnet names per role; Bastion requires the exact name `AzureBastionSubnet`. */
export const SUBNET_NAMES: Readonly<Record<SubnetRole, string>> = {
  privateEndpoints: "snet-private-endpoints",
  jumpbox: "snet-jumpbox",
  compute: "snet-compute",
  bastion: "AzureBastionSubnet",
};

/** Which subnets a config needs (pure). */
export function subnetRoles(ctx: Pick<StackContext, "config">): SubnetRole[] {
  const c = ctx.config;
  const roles: SubnetRole[] = ["privateEndpoints"];
  if (c.jumpbox.enabled) roles.push("jumpbox");
  if (c.workspace.isolationMode === "Disabled" && c.compute.instance.enabled) roles.push("compute");
  // The Developer SKU is a shared pool attached to the VNet, with no subnet of its own (pulumi-notes §5.2).
  if (c.jumpbox.enabled && c.jumpbox.bastionSku !== "Developer") roles.push("bastion");
  return roles;
}

/**
 * The customer VNet: one subnet per role, an NSG on every subnet, no default outbound access, a NAT gateway
 * for the jump box's outbound traffic (Studio's web front end and OS updates are on the internet), and the
 * private DNS zones the endpoints use, linked to the VNet.
 */
export class Network extends pulumi.ComponentResource {
  /** The VNet. */
  readonly vnet: network.VirtualNetwork;
  /** Subnet ids by role (only the roles this config needs). */
  readonly subnetIds: Partial<Record<SubnetRole, pulumi.Output<string>>>;
  /** Private DNS zone ids by zone name. */
  readonly zoneIds: Record<string, pulumi.Output<string>>;

  constructor(name: string, args: { ctx: StackContext }, opts?: pulumi.ComponentResourceOptions) {
    super("secure-aml:network:Network", name, {}, opts);
    const { ctx } = args;
    const c = ctx.config;
    const roles = subnetRoles(ctx);
    const base = { resourceGroupName: ctx.resourceGroupName, location: ctx.location, tags: ctx.tags };

    const nsgs = Object.fromEntries(
      roles.map((role) => {
        const rules: SecurityRule[] =
          role === "bastion" ? bastionSubnetRules() : workloadSubnetRules(role, c);
        const nsg = new network.NetworkSecurityGroup(
          `${name}-nsg-${role}`,
          {
            ...base,
            networkSecurityGroupName: `nsg-${c.name}-${SUBNET_NAMES[role].toLowerCase()}`,
            securityRules: rules,
          },
          { parent: this },
        );
        return [role, nsg];
      }),
    ) as Partial<Record<SubnetRole, network.NetworkSecurityGroup>>;

    // Egress for the subnets whose machines need the internet: the jump box (Studio's web front end, OS
    // updates) and a compute instance in this VNet, which has no public IP but must reach Azure ML, Batch, Entra
    // ID and ARM (https://learn.microsoft.com/azure/machine-learning/how-to-managed-network, required service tags).
    const egress = roles.filter((r): r is "jumpbox" | "compute" => r === "jumpbox" || r === "compute");
    const nat = egress.length > 0 ? this.natGateway(name, ctx) : undefined;

    // Subnets are inline: azure-native warns that mixing inline and standalone subnets deletes resources.
    this.vnet = new network.VirtualNetwork(
      `${name}-vnet`,
      {
        ...base,
        virtualNetworkName: ctx.names.vnet,
        addressSpace: { addressPrefixes: [c.network.addressSpace] },
        subnets: roles.map((role) => ({
          name: SUBNET_NAMES[role],
          addressPrefix: c.network.subnets[role],
          networkSecurityGroup: { id: nsgs[role]!.id },
          // No implicit internet egress: only the NAT gateway provides it, where it is needed.
          defaultOutboundAccess: false,
          // Lets the NSG apply to private endpoint traffic.
          ...(role === "privateEndpoints" ? { privateEndpointNetworkPolicies: "Enabled" } : {}),
          ...(nat && (egress as string[]).includes(role) ? { natGateway: { id: nat.id } } : {}),
        })),
      },
      { parent: this },
    );
    this.subnetIds = Object.fromEntries(
      roles.map((role) => [role, pulumi.interpolate`${this.vnet.id}/subnets/${SUBNET_NAMES[role]}`]),
    );

    this.zoneIds = {};
    for (const zone of requiredZones(c)) {
      const slug = zone.replace(/^privatelink\./, "").replace(/\./g, "-");
      const z = new privatedns.PrivateZone(
        `${name}-zone-${slug}`,
        {
          resourceGroupName: ctx.resourceGroupName,
          privateZoneName: zone,
          location: "global",
          tags: ctx.tags,
        },
        { parent: this },
      );
      new privatedns.VirtualNetworkLink(
        `${name}-zone-${slug}-link`,
        {
          resourceGroupName: ctx.resourceGroupName,
          privateZoneName: z.name,
          virtualNetworkLinkName: `link-${ctx.names.vnet}`,
          location: "global",
          virtualNetwork: { id: this.vnet.id },
          registrationEnabled: false,
          tags: ctx.tags,
        },
        { parent: this },
      );
      this.zoneIds[zone] = z.id;
    }

    this.registerOutputs({ vnetId: this.vnet.id, subnetIds: this.subnetIds, zoneIds: this.zoneIds });
  }

  private natGateway(name: string, ctx: StackContext): network.NatGateway {
    const base = { resourceGroupName: ctx.resourceGroupName, location: ctx.location, tags: ctx.tags };
    const ip = new network.PublicIPAddress(
      `${name}-nat-ip`,
      {
        ...base,
        publicIpAddressName: `pip-${ctx.config.name}-nat`,
        sku: { name: "Standard", tier: "Regional" },
        publicIPAllocationMethod: "Static",
        publicIPAddressVersion: "IPv4",
      },
      { parent: this },
    );
    return new network.NatGateway(
      `${name}-nat`,
      {
        ...base,
        natGatewayName: `ng-${ctx.config.name}`,
        sku: { name: "Standard" },
        publicIpAddresses: [{ id: ip.id }],
      },
      { parent: this },
    );
  }
}
