import type * as applicationinsights from "@pulumi/azure-native/applicationinsights";
import * as machinelearningservices from "@pulumi/azure-native/machinelearningservices";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import type { input } from "@pulumi/azure-native/types";
import * as pulumi from "@pulumi/pulumi";
import type { PrivateEndpointPlacement, StackContext } from "./context";
import type { DataSources } from "./data";
import { DATA_CONTAINERS } from "./data";
import type { WorkspaceDependencies } from "./dependencies";
import { privateEndpointGroups, SQL_HOST_SUFFIX, STORAGE_HOST_SUFFIX } from "./dnsZones";
import { storeRules, toArmRule } from "./outboundRules";
import { type PrivateEndpoint, privateEndpointsFor } from "./privateEndpoint";
import { grantRole } from "./roles";

/** Arguments of {@link Workspace}. */
export interface WorkspaceArgs {
  readonly ctx: StackContext;
  readonly dependencies: WorkspaceDependencies;
  readonly appInsights: applicationinsights.Component;
  readonly data: DataSources;
  readonly privateEndpoints?: PrivateEndpointPlacement;
}

/**
 * The Azure ML workspace: a user-assigned identity with only the roles it needs, the managed VNet with
 * private endpoint rules to every data store (auto-approved through the approver role), identity-based
 * datastores, a SQL connection, and the workspace private endpoint.
 */
export class Workspace extends pulumi.ComponentResource {
  /** The workspace's user-assigned identity (primary identity). */
  readonly identity: managedidentity.UserAssignedIdentity;
  /** The workspace. */
  readonly workspace: machinelearningservices.Workspace;
  /** The workspace private endpoint, when configured. */
  readonly endpoints: PrivateEndpoint[];

  constructor(name: string, args: WorkspaceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("secure-aml:workspace:Workspace", name, {}, opts);
    const { ctx, dependencies: deps, data } = args;
    const c = ctx.config;
    const base = { resourceGroupName: ctx.resourceGroupName, location: ctx.location, tags: ctx.tags };
    const child = { parent: this };

    this.identity = new managedidentity.UserAssignedIdentity(
      `${name}-id`,
      { ...base, resourceName: ctx.names.identity },
      child,
    );
    const uai = { principalId: this.identity.principalId, principalType: "ServicePrincipal" as const };

    // Roles the identity needs before the workspace exists: Azure checks them when the workspace is created
    // with a user-assigned identity (facts §8, the table for a UAI workspace).
    const preGrants = [
      grantRole(
        `${name}-ra-st-contrib`,
        {
          ...uai,
          role: "contributor",
          scope: deps.storage.id,
          why: "UAI workspace: manage the default storage (facts §8)",
        },
        child,
      ),
      grantRole(
        `${name}-ra-st-blob`,
        {
          ...uai,
          role: "storageBlobDataContributor",
          scope: deps.storage.id,
          why: "systemDatastoresAuthMode identity: read and write system datastores (facts §4.5)",
        },
        child,
      ),
      grantRole(
        `${name}-ra-st-file`,
        {
          ...uai,
          role: "storageFileDataPrivilegedContributor",
          scope: deps.storage.id,
          why: "identity-based access to the notebooks file share (facts §4.5)",
        },
        child,
      ),
      grantRole(
        `${name}-ra-kv-contrib`,
        {
          ...uai,
          role: "contributor",
          scope: deps.keyVault.id,
          why: "UAI workspace: manage the Key Vault (facts §8)",
        },
        child,
      ),
      grantRole(
        `${name}-ra-kv-admin`,
        {
          ...uai,
          role: "keyVaultAdministrator",
          scope: deps.keyVault.id,
          why: "UAI workspace on an RBAC vault: store connection secrets (facts §8)",
        },
        child,
      ),
      grantRole(
        `${name}-ra-cr`,
        {
          ...uai,
          role: "contributor",
          scope: deps.registry.id,
          why: "UAI workspace: push and pull environment images (facts §8)",
        },
        child,
      ),
      grantRole(
        `${name}-ra-appi`,
        {
          ...uai,
          role: "contributor",
          scope: args.appInsights.id,
          why: "UAI workspace: write to Application Insights (facts §8)",
        },
        child,
      ),
    ];

    const targets = {
      ...(data.dataLake ? { lake: data.dataLake } : {}),
      ...(data.blob ? { blob: data.blob } : {}),
      ...(data.sqlServer ? { sql: data.sqlServer } : {}),
      storage: deps.storage,
      keyVault: deps.keyVault,
      registry: deps.registry,
    };
    const rules = storeRules<{ id: pulumi.Output<string> }>(c, targets);
    for (const [key, store] of [
      ["lake", data.dataLake],
      ["blob", data.blob],
    ] as const) {
      if (!store) continue;
      preGrants.push(
        grantRole(
          `${name}-ra-${key}-read`,
          {
            ...uai,
            role: "storageBlobDataReader",
            scope: store.id,
            why: "identity-based datastore and Studio data preview read the data (facts §7)",
          },
          child,
        ),
      );
    }
    // Without this the managed VNet's private endpoints wait for a person to approve them (facts §2).
    for (const rule of rules.filter((r) => r.approval === "approver-role")) {
      preGrants.push(
        grantRole(
          `${name}-ra-approve-${rule.name}`,
          {
            ...uai,
            role: "networkConnectionApprover",
            scope: rule.target.id,
            why: `auto-approve the managed VNet private endpoint "${rule.name}" (facts §2)`,
          },
          child,
        ),
      );
    }
    // The same for user-defined private endpoint rules: the target is outside this stack, so the deployer
    // needs the right to assign roles on it (the README says so); otherwise `pulumi up` stops here, visibly.
    for (const [ruleName, rule] of Object.entries(c.workspace.outboundRules)) {
      if (rule.type !== "PrivateEndpoint") continue;
      preGrants.push(
        grantRole(
          `${name}-ra-approve-user-${ruleName}`,
          {
            ...uai,
            role: "networkConnectionApprover",
            scope: rule.serviceResourceId,
            why: `auto-approve the managed VNet private endpoint of user rule "${ruleName}" (facts §2)`,
          },
          child,
        ),
      );
    }

    type ArmRule =
      | input.machinelearningservices.FqdnOutboundRuleArgs
      | input.machinelearningservices.PrivateEndpointOutboundRuleArgs
      | input.machinelearningservices.ServiceTagOutboundRuleArgs;
    const outboundRules: Record<string, ArmRule> = {};
    for (const rule of rules) {
      outboundRules[rule.name] = {
        type: "PrivateEndpoint",
        category: "UserDefined",
        destination: {
          serviceResourceId: rule.target.id,
          subresourceTarget: rule.subresource,
          sparkEnabled: rule.spark,
        },
      };
    }
    for (const [ruleName, rule] of Object.entries(c.workspace.outboundRules))
      outboundRules[ruleName] = toArmRule(rule);

    const managed = c.workspace.isolationMode !== "Disabled";
    const depsPrivate = c.workspace.dependencies.publicNetworkAccess === "Disabled";
    this.workspace = new machinelearningservices.Workspace(
      `${name}-mlw`,
      {
        ...base,
        workspaceName: ctx.names.workspace,
        friendlyName: `${c.name} (secure-aml)`,
        kind: "Default",
        sku: { name: "Basic", tier: "Basic" },
        identity: { type: "UserAssigned", userAssignedIdentities: [this.identity.id] },
        primaryUserAssignedIdentity: this.identity.id,
        storageAccount: deps.storage.id,
        keyVault: deps.keyVault.id,
        containerRegistry: deps.registry.id,
        applicationInsights: args.appInsights.id,
        publicNetworkAccess: c.workspace.publicNetworkAccess,
        systemDatastoresAuthMode: "Identity",
        // A registry behind a network cannot build images itself; builds run on the compute instance (facts §5).
        ...(depsPrivate && c.compute.instance.enabled
          ? { imageBuildCompute: ctx.names.computeInstance }
          : {}),
        managedNetwork: {
          isolationMode: c.workspace.isolationMode,
          ...(c.workspace.isolationMode === "AllowOnlyApprovedOutbound"
            ? { firewallSku: c.workspace.firewallSku }
            : {}),
          ...(managed ? { outboundRules } : {}),
        },
        // Provisions the managed VNet (with its private endpoints) at creation instead of on first compute,
        // which replaces the original's manual `az ml workspace provision-network` (facts §1.6).
        ...(managed ? { provisionNetworkNow: true } : {}),
      },
      { parent: this, dependsOn: preGrants },
    );

    grantRole(
      `${name}-ra-mlw`,
      {
        ...uai,
        role: "contributor",
        scope: this.workspace.id,
        why: "UAI workspace: manage its own workspace resources (facts §8)",
      },
      child,
    );

    const assigned = c.compute.instance.assignedUserObjectId;
    if (assigned) {
      const user = { principalId: assigned, principalType: "User" as const };
      grantRole(
        `${name}-ra-user-ds`,
        {
          ...user,
          role: "azureMlDataScientist",
          scope: this.workspace.id,
          why: "the assigned user runs notebooks and jobs in the workspace",
        },
        child,
      );
      grantRole(
        `${name}-ra-user-file`,
        {
          ...user,
          role: "storageFileDataPrivilegedContributor",
          scope: deps.storage.id,
          why: "the assigned user's notebooks live on the default storage file share (facts §4.5)",
        },
        child,
      );
      for (const [key, store] of [
        ["lake", data.dataLake],
        ["blob", data.blob],
      ] as const) {
        if (!store) continue;
        grantRole(
          `${name}-ra-user-${key}`,
          {
            ...user,
            role: "storageBlobDataReader",
            scope: store.id,
            why: "Studio data preview uses the user's own identity (facts §4.3)",
          },
          child,
        );
      }
    }

    const host = STORAGE_HOST_SUFFIX[c.cloud];
    const datastoreCommon = {
      credentials: { credentialsType: "None" as const },
      serviceDataAccessAuthIdentity: "WorkspaceUserAssignedIdentity",
      endpoint: host,
      protocol: "https",
      subscriptionId: ctx.subscriptionId,
      resourceGroup: ctx.resourceGroupName,
    };
    if (data.dataLake) {
      new machinelearningservices.Datastore(
        `${name}-ds-lake`,
        {
          resourceGroupName: ctx.resourceGroupName,
          workspaceName: this.workspace.name,
          name: "datalake",
          // Role assignments can take minutes to reach the data plane; validation would fail on first deploy.
          skipValidation: true,
          properties: {
            ...datastoreCommon,
            datastoreType: "AzureDataLakeGen2",
            accountName: data.dataLake.name,
            filesystem: DATA_CONTAINERS.lake,
          },
        },
        child,
      );
    }
    if (data.blob) {
      new machinelearningservices.Datastore(
        `${name}-ds-blob`,
        {
          resourceGroupName: ctx.resourceGroupName,
          workspaceName: this.workspace.name,
          name: "blobs",
          skipValidation: true,
          properties: {
            ...datastoreCommon,
            datastoreType: "AzureBlob",
            accountName: data.blob.name,
            containerName: DATA_CONTAINERS.blob,
          },
        },
        child,
      );
    }
    if (data.sqlServer && data.sqlDatabase) {
      // SQL is not a v2 datastore; a connection with Entra (AAD) auth carries no secret (facts §7).
      new machinelearningservices.WorkspaceConnection(
        `${name}-conn-sql`,
        {
          resourceGroupName: ctx.resourceGroupName,
          workspaceName: this.workspace.name,
          connectionName: "sqldb",
          properties: {
            authType: "AAD",
            category: "AzureSqlDb",
            target: pulumi.interpolate`Server=tcp:${data.sqlServer.name}.${SQL_HOST_SUFFIX[c.cloud]},1433;Database=${data.sqlDatabase.name};Encrypt=True`,
          },
        },
        child,
      );
    }

    this.endpoints = privateEndpointsFor(
      this,
      `${name}-mlw`,
      ctx,
      { id: this.workspace.id, name: ctx.names.workspace },
      privateEndpointGroups(c).workspace,
      args.privateEndpoints,
    );

    // Studio reads the default storage through the customer VNet's endpoints as the workspace identity,
    // which needs Reader on those endpoints (facts §4.3).
    for (const pe of deps.endpoints.filter((e) => e.group === "blob" || e.group === "file")) {
      grantRole(
        `${name}-ra-pe-${pe.group}`,
        {
          ...uai,
          role: "reader",
          scope: pe.endpoint.id,
          why: `Studio reaches the default storage through the ${pe.group} private endpoint (facts §4.3)`,
        },
        child,
      );
    }

    this.registerOutputs({ workspaceId: this.workspace.id, workspaceName: this.workspace.name });
  }
}
