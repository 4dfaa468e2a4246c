/**
 * How each Pulumi type token used by the stack maps onto Azure Resource Manager: the ARM type, which input
 * holds the Azure name, and the parent path for child resources. The mock runtime builds realistic ARM ids
 * from it, and the ARM model reads it to undo azure-native's naming.
 */
export interface ArmTypeInfo {
  /** Full ARM type, e.g. `Microsoft.Network/privateEndpoints/privateDnsZoneGroups`. */
  readonly armType: string;
  /** Input that carries the resource's own Azure name. */
  readonly nameKey: string;
  /** Inputs naming each parent, outermost first (one per extra segment of `armType`). */
  readonly parentKeys?: readonly string[];
  /** Fixed names for intermediate segments (e.g. `blobServices/default`). */
  readonly fixedSegments?: Readonly<Record<number, string>>;
  /** True when the id is not under a resource group (role assignments are scoped by `scope`). */
  readonly scoped?: boolean;
}

/** Every Azure type token the stack creates. A token missing here is a bug the tests catch. */
export const ARM_TYPES: Readonly<Record<string, ArmTypeInfo>> = {
  "azure-native:resources:ResourceGroup": {
    armType: "Microsoft.Resources/resourceGroups",
    nameKey: "resourceGroupName",
  },
  "azure-native:network:NetworkSecurityGroup": {
    armType: "Microsoft.Network/networkSecurityGroups",
    nameKey: "networkSecurityGroupName",
  },
  "azure-native:network:VirtualNetwork": {
    armType: "Microsoft.Network/virtualNetworks",
    nameKey: "virtualNetworkName",
  },
  "azure-native:network:PublicIPAddress": {
    armType: "Microsoft.Network/publicIPAddresses",
    nameKey: "publicIpAddressName",
  },
  "azure-native:network:NatGateway": { armType: "Microsoft.Network/natGateways", nameKey: "natGatewayName" },
  "azure-native:network:NetworkInterface": {
    armType: "Microsoft.Network/networkInterfaces",
    nameKey: "networkInterfaceName",
  },
  "azure-native:network:BastionHost": {
    armType: "Microsoft.Network/bastionHosts",
    nameKey: "bastionHostName",
  },
  "azure-native:network:PrivateEndpoint": {
    armType: "Microsoft.Network/privateEndpoints",
    nameKey: "privateEndpointName",
  },
  "azure-native:network:PrivateDnsZoneGroup": {
    armType: "Microsoft.Network/privateEndpoints/privateDnsZoneGroups",
    nameKey: "privateDnsZoneGroupName",
    parentKeys: ["privateEndpointName"],
  },
  "azure-native:privatedns:PrivateZone": {
    armType: "Microsoft.Network/privateDnsZones",
    nameKey: "privateZoneName",
  },
  "azure-native:privatedns:VirtualNetworkLink": {
    armType: "Microsoft.Network/privateDnsZones/virtualNetworkLinks",
    nameKey: "virtualNetworkLinkName",
    parentKeys: ["privateZoneName"],
  },
  "azure-native:operationalinsights:Workspace": {
    armType: "Microsoft.OperationalInsights/workspaces",
    nameKey: "workspaceName",
  },
  "azure-native:applicationinsights:Component": {
    armType: "Microsoft.Insights/components",
    nameKey: "resourceName",
  },
  "azure-native:storage:StorageAccount": {
    armType: "Microsoft.Storage/storageAccounts",
    nameKey: "accountName",
  },
  "azure-native:storage:BlobContainer": {
    armType: "Microsoft.Storage/storageAccounts/blobServices/containers",
    nameKey: "containerName",
    parentKeys: ["accountName"],
    fixedSegments: { 1: "default" },
  },
  "azure-native:storage:Blob": {
    armType: "Microsoft.Storage/storageAccounts/blobServices/containers/blobs",
    nameKey: "blobName",
    parentKeys: ["accountName", "containerName"],
    fixedSegments: { 1: "default" },
  },
  "azure-native:keyvault:Vault": { armType: "Microsoft.KeyVault/vaults", nameKey: "vaultName" },
  "azure-native:containerregistry:Registry": {
    armType: "Microsoft.ContainerRegistry/registries",
    nameKey: "registryName",
  },
  "azure-native:sql:Server": { armType: "Microsoft.Sql/servers", nameKey: "serverName" },
  "azure-native:sql:Database": {
    armType: "Microsoft.Sql/servers/databases",
    nameKey: "databaseName",
    parentKeys: ["serverName"],
  },
  "azure-native:sql:ServerAzureADAdministrator": {
    armType: "Microsoft.Sql/servers/administrators",
    nameKey: "administratorName",
    parentKeys: ["serverName"],
  },
  "azure-native:sql:FirewallRule": {
    armType: "Microsoft.Sql/servers/firewallRules",
    nameKey: "firewallRuleName",
    parentKeys: ["serverName"],
  },
  "azure-native:managedidentity:UserAssignedIdentity": {
    armType: "Microsoft.ManagedIdentity/userAssignedIdentities",
    nameKey: "resourceName",
  },
  "azure-native:authorization:RoleAssignment": {
    armType: "Microsoft.Authorization/roleAssignments",
    nameKey: "roleAssignmentName",
    scoped: true,
  },
  "azure-native:machinelearningservices:Workspace": {
    armType: "Microsoft.MachineLearningServices/workspaces",
    nameKey: "workspaceName",
  },
  "azure-native:machinelearningservices:Compute": {
    armType: "Microsoft.MachineLearningServices/workspaces/computes",
    nameKey: "computeName",
    parentKeys: ["workspaceName"],
  },
  "azure-native:machinelearningservices:Datastore": {
    armType: "Microsoft.MachineLearningServices/workspaces/datastores",
    nameKey: "name",
    parentKeys: ["workspaceName"],
  },
  "azure-native:machinelearningservices:WorkspaceConnection": {
    armType: "Microsoft.MachineLearningServices/workspaces/connections",
    nameKey: "connectionName",
    parentKeys: ["workspaceName"],
  },
  "azure-native:compute:VirtualMachine": { armType: "Microsoft.Compute/virtualMachines", nameKey: "vmName" },
  "azure-native:compute:VirtualMachineExtension": {
    armType: "Microsoft.Compute/virtualMachines/extensions",
    nameKey: "vmExtensionName",
    parentKeys: ["vmName"],
  },
};

/**
 * Builds the ARM id of a resource from its type info and inputs, as Azure would report it.
 * Throws when a name input is missing: an id with `undefined` in it would hide a wiring bug.
 */
export function armId(info: ArmTypeInfo, inputs: Record<string, unknown>, subscriptionId: string): string {
  const need = (key: string): string => {
    const v = inputs[key];
    if (typeof v !== "string" || v === "")
      throw new Error(`cannot build the ARM id of ${info.armType}: input "${key}" is ${JSON.stringify(v)}`);
    return v;
  };
  const name = need(info.nameKey);
  if (info.scoped) return `${need("scope")}/providers/${info.armType}/${name}`;
  if (info.armType === "Microsoft.Resources/resourceGroups")
    return `/subscriptions/${subscriptionId}/resourceGroups/${name}`;
  const [namespace, ...types] = info.armType.split("/");
  const parents = info.parentKeys ?? [];
  let parentIndex = 0;
  const segments = types.map((t, i) => {
    if (i === types.length - 1) return `${t}/${name}`;
    const fixed = info.fixedSegments?.[i];
    return `${t}/${fixed ?? need(parents[parentIndex++]!)}`;
  });
  return `/subscriptions/${subscriptionId}/resourceGroups/${need("resourceGroupName")}/providers/${namespace}/${segments.join("/")}`;
}
