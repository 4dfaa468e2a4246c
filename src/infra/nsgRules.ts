import type { Config } from "../config";
import { AZURE_PLATFORM_IP, jumpboxSessionPort } from "./jumpboxAccess";

/** An NSG security rule in the shape azure-native accepts inline. */
export interface SecurityRule {
  readonly name: string;
  readonly priority: number;
  readonly direction: "Inbound" | "Outbound";
  readonly access: "Allow" | "Deny";
  readonly protocol: "Tcp" | "Udp" | "*";
  readonly sourceAddressPrefix: string;
  readonly sourcePortRange: string;
  readonly destinationAddressPrefix: string;
  readonly destinationPortRanges: string[];
  readonly description: string;
}

const rule = (r: Omit<SecurityRule, "sourcePortRange">): SecurityRule => ({ ...r, sourcePortRange: "*" });

/**
 * The rules Azure requires on AzureBastionSubnet for the Basic and Standard SKUs
 * (learn.microsoft.com/azure/bastion/bastion-nsg). Inbound 443 from the internet is the one internet-facing
 * allow in the whole stack: it is how the Bastion service itself is reached.
 */
export function bastionSubnetRules(): SecurityRule[] {
  return [
    rule({
      name: "AllowHttpsInbound",
      priority: 120,
      direction: "Inbound",
      access: "Allow",
      protocol: "Tcp",
      sourceAddressPrefix: "Internet",
      destinationAddressPrefix: "*",
      destinationPortRanges: ["443"],
      description: "Bastion: users reach the Bastion service over TLS",
    }),
    rule({
      name: "AllowGatewayManagerInbound",
      priority: 130,
      direction: "Inbound",
      access: "Allow",
      protocol: "Tcp",
      sourceAddressPrefix: "GatewayManager",
      destinationAddressPrefix: "*",
      destinationPortRanges: ["443"],
      description: "Bastion: control plane",
    }),
    rule({
      name: "AllowAzureLoadBalancerInbound",
      priority: 140,
      direction: "Inbound",
      access: "Allow",
      protocol: "Tcp",
      sourceAddressPrefix: "AzureLoadBalancer",
      destinationAddressPrefix: "*",
      destinationPortRanges: ["443"],
      description: "Bastion: health probes",
    }),
    rule({
      name: "AllowBastionHostCommunication",
      priority: 150,
      direction: "Inbound",
      access: "Allow",
      protocol: "*",
      sourceAddressPrefix: "VirtualNetwork",
      destinationAddressPrefix: "VirtualNetwork",
      destinationPortRanges: ["8080", "5701"],
      description: "Bastion: data plane between instances",
    }),
    rule({
      name: "AllowSshRdpOutbound",
      priority: 100,
      direction: "Outbound",
      access: "Allow",
      protocol: "*",
      sourceAddressPrefix: "*",
      destinationAddressPrefix: "VirtualNetwork",
      destinationPortRanges: ["22", "3389"],
      description: "Bastion: sessions to VMs in the VNet",
    }),
    rule({
      name: "AllowAzureCloudOutbound",
      priority: 110,
      direction: "Outbound",
      access: "Allow",
      protocol: "Tcp",
      sourceAddressPrefix: "*",
      destinationAddressPrefix: "AzureCloud",
      destinationPortRanges: ["443"],
      description: "Bastion: diagnostics and metering",
    }),
    rule({
      name: "AllowBastionCommunication",
      priority: 120,
      direction: "Outbound",
      access: "Allow",
      protocol: "*",
      sourceAddressPrefix: "VirtualNetwork",
      destinationAddressPrefix: "VirtualNetwork",
      destinationPortRanges: ["8080", "5701"],
      description: "Bastion: data plane between instances",
    }),
    rule({
      name: "AllowHttpOutbound",
      priority: 130,
      direction: "Outbound",
      access: "Allow",
      protocol: "*",
      sourceAddressPrefix: "*",
      destinationAddressPrefix: "Internet",
      destinationPortRanges: ["80"],
      description: "Bastion: session and certificate validation",
    }),
  ];
}

/**
 * Rules for the workload subnets. Azure's default rules already deny inbound from the internet; the explicit
 * deny documents the intent and outranks any allow someone adds later with a lower priority number > 4000.
 */
export function workloadSubnetRules(
  subnet: "privateEndpoints" | "jumpbox" | "compute",
  c: Config,
): SecurityRule[] {
  const rules: SecurityRule[] = [];
  if (subnet === "jumpbox" && c.jumpbox.bastionSku === "Developer") {
    // Bastion Developer connects from Azure's platform address, which is not in the VNet; the explicit allow
    // (learn.microsoft.com/azure/bastion/quickstart-developer) outranks the internet deny below whether or not
    // the Internet service tag covers that address.
    rules.push(
      rule({
        name: "AllowBastionDeveloperSessions",
        priority: 100,
        direction: "Inbound",
        access: "Allow",
        protocol: "Tcp",
        sourceAddressPrefix: AZURE_PLATFORM_IP,
        destinationAddressPrefix: "*",
        destinationPortRanges: [jumpboxSessionPort(c.jumpbox.os)],
        description: "SSH/RDP only from Bastion Developer (Azure platform address 168.63.129.16)",
      }),
    );
  }
  if (subnet === "jumpbox" && c.jumpbox.bastionSku !== "Developer") {
    rules.push(
      rule({
        name: "AllowBastionSessions",
        priority: 100,
        direction: "Inbound",
        access: "Allow",
        protocol: "Tcp",
        sourceAddressPrefix: c.network.subnets.bastion,
        destinationAddressPrefix: "*",
        destinationPortRanges: [jumpboxSessionPort(c.jumpbox.os)],
        description: "SSH/RDP only from the Bastion subnet",
      }),
    );
  }
  if (subnet === "compute") {
    // Azure ML manages compute instances in a customer VNet over these
    // (https://learn.microsoft.com/azure/machine-learning/how-to-secure-training-vnet, required inbound).
    rules.push(
      rule({
        name: "AllowAzureMachineLearningInbound",
        priority: 110,
        direction: "Inbound",
        access: "Allow",
        protocol: "Tcp",
        sourceAddressPrefix: "AzureMachineLearning",
        destinationAddressPrefix: "*",
        destinationPortRanges: ["44224"],
        description: "Azure ML: create, update and delete compute instances",
      }),
      rule({
        name: "AllowBatchNodeManagementInbound",
        priority: 120,
        direction: "Inbound",
        access: "Allow",
        protocol: "Tcp",
        sourceAddressPrefix: "BatchNodeManagement",
        destinationAddressPrefix: "*",
        destinationPortRanges: ["29876-29877"],
        description: "Azure Batch: compute node management",
      }),
    );
  }
  rules.push(
    rule({
      name: "DenyInternetInbound",
      priority: 4000,
      direction: "Inbound",
      access: "Deny",
      protocol: "*",
      sourceAddressPrefix: "Internet",
      destinationAddressPrefix: "*",
      destinationPortRanges: ["0-65535"],
      description: "Nothing in this subnet is reachable from the internet",
    }),
  );
  return rules;
}
