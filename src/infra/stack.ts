import * as authorization from "@pulumi/azure-native/authorization";
import * as resources from "@pulumi/azure-native/resources";
import * as pulumi from "@pulumi/pulumi";
import { type Config, resourceNames } from "../config";
import { ComputeInstance } from "./compute";
import type { StackContext } from "./context";
import { DataSources } from "./data";
import { WorkspaceDependencies } from "./dependencies";
import { STUDIO_HOST } from "./dnsZones";
import { ImageBuildCluster, needsImageBuildCluster } from "./imageBuild";
import { JumpBox } from "./jumpbox";
import { Monitoring } from "./monitoring";
import { Network } from "./network";
import { jumpboxConnectHint, type RemainingStep, remainingSteps } from "./remaining";
import { Workspace } from "./workspace";

/** The tags every resource carries: the config's tags plus `workload` and `managed-by`. */
export function stackTags(c: Config): Record<string, string> {
  return { ...c.tags, workload: c.name, "managed-by": "secure-aml" };
}

/** Arguments of {@link SecureAml}. */
export interface SecureAmlArgs {
  /** The validated configuration. */
  readonly config: Config;
  /**
   * The subscription deployed to. Global names derive from it (and the resource group), so it is a plain
   * string known before any resource is registered: the program reads it from the client config first.
   */
  readonly subscriptionId: string;
}

/**
 * The whole secure Azure ML environment from one validated config. Outputs say how to use it and what,
 * if anything, is still left to a person.
 */
export class SecureAml extends pulumi.ComponentResource {
  readonly resourceGroupName: pulumi.Output<string>;
  readonly workspaceName: pulumi.Output<string>;
  readonly workspaceId: pulumi.Output<string>;
  readonly studioUrl: pulumi.Output<string>;
  readonly jumpboxConnect: pulumi.Output<string>;
  /** Windows jump box only: the generated password of `azureuser` (secret). */
  readonly jumpboxAdminPassword?: pulumi.Output<string>;
  /** Linux jump box only: the generated SSH private key of `azureuser`, PEM (secret). */
  readonly jumpboxSshPrivateKey?: pulumi.Output<string>;
  readonly remainingSteps: RemainingStep[];

  constructor(name: string, args: SecureAmlArgs, opts?: pulumi.ComponentResourceOptions) {
    super("secure-aml:stack:SecureAml", name, {}, opts);
    const c = args.config;
    const names = resourceNames(c, args.subscriptionId);
    const tags = stackTags(c);
    const client = authorization.getClientConfigOutput({ parent: this });

    const rg = new resources.ResourceGroup(
      `${name}-rg`,
      { resourceGroupName: names.resourceGroup, location: c.location, tags },
      { parent: this },
    );
    const ctx: StackContext = {
      config: c,
      names,
      resourceGroupName: rg.name,
      location: c.location,
      tags,
      tenantId: client.tenantId,
      subscriptionId: client.subscriptionId,
      deployerObjectId: client.objectId,
    };
    const child = { parent: this };

    const net = new Network(`${name}-network`, { ctx }, child);
    const placement = { subnetId: net.subnetIds.privateEndpoints!, zoneIds: net.zoneIds };
    const monitoring = new Monitoring(`${name}-monitoring`, { ctx }, child);
    const deps = new WorkspaceDependencies(`${name}-deps`, { ctx, privateEndpoints: placement }, child);
    const data = new DataSources(`${name}-data`, { ctx, privateEndpoints: placement }, child);
    const ws = new Workspace(
      `${name}-workspace`,
      { ctx, dependencies: deps, appInsights: monitoring.appInsights, data, privateEndpoints: placement },
      child,
    );
    if (c.compute.instance.enabled) {
      new ComputeInstance(
        `${name}-compute`,
        {
          ctx,
          workspaceName: ws.workspace.name,
          ...(net.subnetIds.compute ? { subnetId: net.subnetIds.compute } : {}),
        },
        // The instance's managed VNet endpoints are approved by the workspace identity's roles.
        { parent: this, dependsOn: [ws] },
      );
    }
    if (needsImageBuildCluster(c)) {
      new ImageBuildCluster(
        `${name}-build`,
        {
          ctx,
          workspaceName: ws.workspace.name,
          ...(net.subnetIds.compute ? { subnetId: net.subnetIds.compute } : {}),
        },
        { parent: this, dependsOn: [ws] },
      );
    }
    let jump: JumpBox | undefined;
    if (c.jumpbox.enabled) {
      jump = new JumpBox(
        `${name}-jumpbox`,
        {
          ctx,
          vnetId: net.vnet.id,
          subnetId: net.subnetIds.jumpbox!,
          ...(net.subnetIds.bastion ? { bastionSubnetId: net.subnetIds.bastion } : {}),
          data,
        },
        child,
      );
      if (jump.adminPassword) this.jumpboxAdminPassword = jump.adminPassword;
      if (jump.sshPrivateKey) this.jumpboxSshPrivateKey = jump.sshPrivateKey;
    }

    this.resourceGroupName = rg.name;
    this.workspaceName = ws.workspace.name;
    this.workspaceId = ws.workspace.id;
    this.studioUrl = pulumi.interpolate`https://${STUDIO_HOST[c.cloud]}/home?wsid=${ws.workspace.id}&tid=${client.tenantId}`;
    const hint = jumpboxConnectHint(c, names);
    this.jumpboxConnect = jump
      ? jump.vm.id.apply((id) => hint.replace("<jumpboxId>", id))
      : pulumi.output(hint);
    this.remainingSteps = remainingSteps(c, names);
    this.registerOutputs({
      resourceGroupName: this.resourceGroupName,
      workspaceName: this.workspaceName,
      workspaceId: this.workspaceId,
      studioUrl: this.studioUrl,
      jumpboxConnect: this.jumpboxConnect,
      remainingSteps: this.remainingSteps,
    });
  }
}
