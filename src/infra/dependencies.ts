import * as containerregistry from "@pulumi/azure-native/containerregistry";
import * as keyvault from "@pulumi/azure-native/keyvault";
import * as storage from "@pulumi/azure-native/storage";
import * as pulumi from "@pulumi/pulumi";
import type { PrivateEndpointPlacement, StackContext } from "./context";
import { privateEndpointGroups } from "./dnsZones";
import { dependencyPosture, storageNetworkRules } from "./firewall";
import { type PrivateEndpoint, privateEndpointsFor } from "./privateEndpoint";

/** Arguments of {@link WorkspaceDependencies}. */
export interface WorkspaceDependenciesArgs {
  readonly ctx: StackContext;
  /** Where private endpoints go; required when the dependencies are private. */
  readonly privateEndpoints?: PrivateEndpointPlacement;
}

/**
 * The workspace's default storage account, Key Vault and Container Registry, with the network posture of the
 * config: private endpoints only, or public with firewall default Deny plus the allowed IPs.
 */
export class WorkspaceDependencies extends pulumi.ComponentResource {
  /** Default storage account (system datastores). */
  readonly storage: storage.StorageAccount;
  /** Key Vault, RBAC mode. */
  readonly keyVault: keyvault.Vault;
  /** Container Registry, Premium. */
  readonly registry: containerregistry.Registry;
  /** Private endpoints created for the three. */
  readonly endpoints: PrivateEndpoint[];

  constructor(name: string, args: WorkspaceDependenciesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("secure-aml:dependencies:WorkspaceDependencies", name, {}, opts);
    const { ctx } = args;
    const c = ctx.config;
    const p = dependencyPosture(c);
    const base = { resourceGroupName: ctx.resourceGroupName, location: ctx.location, tags: ctx.tags };

    this.storage = new storage.StorageAccount(
      `${name}-st`,
      {
        ...base,
        accountName: ctx.names.storage,
        kind: "StorageV2",
        sku: { name: "Standard_LRS" },
        enableHttpsTrafficOnly: true,
        minimumTlsVersion: "TLS1_2",
        allowBlobPublicAccess: false,
        // Compute instance creation needs account-key access on the default storage (https://learn.microsoft.com/azure/machine-learning/how-to-disable-local-auth-storage, CI prerequisites).
        allowSharedKeyAccess: true,
        defaultToOAuthAuthentication: true,
        publicNetworkAccess: p.publicNetworkAccess,
        networkRuleSet: storageNetworkRules(p),
      },
      { parent: this },
    );

    this.keyVault = new keyvault.Vault(
      `${name}-kv`,
      {
        ...base,
        vaultName: ctx.names.keyVault,
        properties: {
          tenantId: ctx.tenantId,
          sku: { family: "A", name: "standard" },
          enableRbacAuthorization: true,
          enableSoftDelete: true,
          softDeleteRetentionInDays: 90,
          enablePurgeProtection: true,
          publicNetworkAccess: p.publicNetworkAccess,
          networkAcls: {
            defaultAction: "Deny",
            bypass: "AzureServices",
            ipRules: p.ipRules.map((value) => ({ value })),
          },
        },
      },
      { parent: this },
    );

    // Premium is the SKU with private link (https://learn.microsoft.com/azure/machine-learning/how-to-secure-workspace-vnet).
    this.registry = new containerregistry.Registry(
      `${name}-cr`,
      {
        ...base,
        registryName: ctx.names.registry,
        sku: { name: "Premium" },
        adminUserEnabled: false,
        anonymousPullEnabled: false,
        publicNetworkAccess: p.publicNetworkAccess,
        networkRuleBypassOptions: "AzureServices",
        networkRuleSet: {
          defaultAction: "Deny",
          ipRules: p.ipRules.map((ip) => ({ iPAddressOrRange: ip, action: "Allow" })),
        },
      },
      { parent: this },
    );

    const groups = privateEndpointGroups(c);
    const placement = args.privateEndpoints;
    this.endpoints = [
      ...privateEndpointsFor(
        this,
        `${name}-st`,
        ctx,
        { id: this.storage.id, name: ctx.names.storage },
        groups.storage,
        placement,
      ),
      ...privateEndpointsFor(
        this,
        `${name}-kv`,
        ctx,
        { id: this.keyVault.id, name: ctx.names.keyVault },
        groups.keyVault,
        placement,
      ),
      ...privateEndpointsFor(
        this,
        `${name}-cr`,
        ctx,
        { id: this.registry.id, name: ctx.names.registry },
        groups.registry,
        placement,
      ),
    ];
    this.registerOutputs({
      storageId: this.storage.id,
      keyVaultId: this.keyVault.id,
      registryId: this.registry.id,
    });
  }
}
