import type * as applicationinsights from "@pulumi/azure-native/applicationinsights";
import type * as authorization from "@pulumi/azure-native/authorization";
import * as machinelearningservices from "@pulumi/azure-native/machinelearningservices";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as pulumi from "@pulumi/pulumi";
import * as time from "@pulumiverse/time";
import type { Config } from "../config";
import type { PrivateEndpointPlacement, StackContext } from "./context";
import type { DataSources } from "./data";
import type { WorkspaceDependencies } from "./dependencies";
import { privateEndpointGroups } from "./dnsZones";
import { type GrantScope, grantOwner, plannedGrants } from "./grants";
import { IMAGE_BUILD_CLUSTER } from "./imageBuild";
import { armOutboundRules, storeRules } from "./outboundRules";
import { type PrivateEndpoint, privateEndpointsFor } from "./privateEndpoint";
import { createGrants, peopleIds } from "./roles";
import { createWorkspaceData } from "./workspaceData";

/** Arguments of {@link Workspace}. */
export interface WorkspaceArgs {
  readonly ctx: StackContext;
  readonly dependencies: WorkspaceDependencies;
  readonly appInsights: applicationinsights.Component;
  readonly data: DataSources;
  readonly privateEndpoints?: PrivateEndpointPlacement;
}

/**
 * How long the workspace waits after its identity's grants are created. Azure Resource Manager caches role
 * assignments, and a new one "can take up to 10 minutes" to take effect
 * (https://learn.microsoft.com/azure/role-based-access-control/troubleshooting). Creating the workspace checks
 * the user-assigned identity's access to its storage, Key Vault and registry, and `provisionNetworkNow` has it
 * approve the managed VNet's private endpoints right away. A bounded wait makes the first `pulumi up` succeed in
 * the common case without polling; if Azure is slower, re-running `pulumi up` completes the stack.
 */
export const ROLE_PROPAGATION_WAIT = "120s";

/** The workspace's managed network and image build settings (pure). */
export function workspaceNetworkArgs<Id>(c: Config, rules: ReturnType<typeof storeRules<Id>>) {
  const managed = c.workspace.isolationMode !== "Disabled";
  const depsPrivate = c.workspace.dependencies.publicNetworkAccess === "Disabled";
  return {
    // A registry behind a network cannot build images itself; builds run on a compute cluster that scales to zero
    // (https://learn.microsoft.com/azure/machine-learning/how-to-managed-network#configure-image-builds).
    ...(depsPrivate ? { imageBuildCompute: IMAGE_BUILD_CLUSTER } : {}),
    managedNetwork: {
      isolationMode: c.workspace.isolationMode,
      ...(c.workspace.isolationMode === "AllowOnlyApprovedOutbound"
        ? { firewallSku: c.workspace.firewallSku }
        : {}),
      ...(managed ? { outboundRules: armOutboundRules(c, rules) } : {}),
    },
    // Provisions the managed VNet (with its private endpoints) at creation instead of on first compute, which
    // replaces the original's manual `az ml workspace provision-network`.
    ...(managed ? { provisionNetworkNow: true } : {}),
  };
}

/**
 * The Azure ML workspace: a user-assigned identity holding the grants of the table ({@link plannedGrants}) that
 * belong to the workspace, a bounded wait for them to take effect, the workspace with its managed VNet (private
 * endpoint rules to every data store), identity-based datastores, a SQL connection, and the workspace private
 * endpoint.
 */
export class Workspace extends pulumi.ComponentResource {
  /** The workspace's user-assigned identity (primary identity). */
  readonly identity: managedidentity.UserAssignedIdentity;
  /** The workspace. */
  readonly workspace: machinelearningservices.Workspace;
  /** The workspace private endpoint, when configured. */
  readonly endpoints: PrivateEndpoint[];
  /** The role assignments this component made, by grants-table key. */
  readonly grants: ReadonlyMap<string, authorization.RoleAssignment>;
  /** The wait between the grants marked `before: "workspace"` and the workspace. */
  readonly roleWait: time.Sleep;

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

    const table = plannedGrants(c).filter((g) => grantOwner(g) === "workspace");
    const known: Partial<Record<GrantScope, pulumi.Input<string>>> = {
      resourceGroup: pulumi.interpolate`/subscriptions/${ctx.subscriptionId}/resourceGroups/${ctx.resourceGroupName}`,
      storage: deps.storage.id,
      keyVault: deps.keyVault.id,
      registry: deps.registry.id,
      appInsights: args.appInsights.id,
      ...(data.dataLake ? { dataLake: data.dataLake.id } : {}),
      ...(data.blob ? { blob: data.blob.id } : {}),
    };
    for (const pe of deps.endpoints) known[`pe:storage:${pe.group}`] = pe.endpoint.id;
    for (const store of ["dataLake", "blob"] as const)
      for (const pe of data.storeEndpoints[store]) known[`pe:${store}:${pe.group}`] = pe.endpoint.id;
    for (const [ruleName, rule] of Object.entries(c.workspace.outboundRules))
      if (rule.type === "PrivateEndpoint") known[`userRule:${ruleName}`] = rule.serviceResourceId;
    const principals = { ...peopleIds(ctx), workspaceIdentity: this.identity.principalId };

    const pre = createGrants(
      name,
      table.filter((g) => g.before === "workspace"),
      { principals, scope: (s) => known[s] },
      child,
    );
    this.roleWait = new time.Sleep(
      `${name}-role-wait`,
      { createDuration: ROLE_PROPAGATION_WAIT },
      { parent: this, dependsOn: [...pre.values()] },
    );

    const rules = storeRules<pulumi.Input<string>>(c, {
      ...(data.dataLake ? { lake: data.dataLake.id } : {}),
      ...(data.blob ? { blob: data.blob.id } : {}),
      ...(data.sqlServer ? { sql: data.sqlServer.id } : {}),
      storage: deps.storage.id,
      keyVault: deps.keyVault.id,
      registry: deps.registry.id,
    });
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
        ...workspaceNetworkArgs(c, rules),
      },
      { parent: this, dependsOn: [...pre.values(), this.roleWait] },
    );

    known.workspace = this.workspace.id;
    const post = createGrants(
      name,
      table.filter((g) => g.before !== "workspace"),
      { principals, scope: (s) => known[s] },
      child,
    );
    this.grants = new Map([...pre, ...post]);

    createWorkspaceData(this, name, ctx, this.workspace.name, data);

    this.endpoints = privateEndpointsFor(
      this,
      `${name}-mlw`,
      ctx,
      { id: this.workspace.id, name: ctx.names.workspace },
      privateEndpointGroups(c).workspace,
      args.privateEndpoints,
    );

    this.registerOutputs({ workspaceId: this.workspace.id, workspaceName: this.workspace.name });
  }
}
