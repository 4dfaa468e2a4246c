import * as machinelearningservices from "@pulumi/azure-native/machinelearningservices";
import * as pulumi from "@pulumi/pulumi";
import type { Config } from "../config";
import type { StackContext } from "./context";

/**
 * Name of the compute cluster that builds environment images when the registry is private. Cluster names are
 * unique within a workspace (unlike compute instance names, unique within a region), so a constant is safe.
 */
export const IMAGE_BUILD_CLUSTER = "cpu-build";

/** VM size of the image build cluster: a small general-purpose CPU size. */
export const IMAGE_BUILD_VM_SIZE = "Standard_D2as_v4";

/**
 * Whether the stack needs its own image build compute: a registry behind a network "can't be used to directly
 * build Docker images" (https://learn.microsoft.com/azure/machine-learning/how-to-managed-network#configure-image-builds),
 * and a personal compute instance is stopped whenever it idles, so builds get a cluster that exists whenever
 * one runs and costs nothing between them.
 */
export function needsImageBuildCluster(c: Config): boolean {
  return c.workspace.dependencies.publicNetworkAccess === "Disabled";
}

/** The cluster's `properties.properties` (pure, so its posture is unit-testable). */
export function imageBuildClusterProperties(c: Config, subnetId?: pulumi.Input<string>) {
  return {
    vmSize: IMAGE_BUILD_VM_SIZE,
    vmPriority: "Dedicated",
    osType: "Linux",
    // Zero nodes when idle: the cluster costs nothing between builds; a build starts one node.
    scaleSettings: { minNodeCount: 0, maxNodeCount: 1, nodeIdleTimeBeforeScaleDown: "PT15M" },
    // No public IP and no SSH: nodes reach the registry and storage through the managed (or customer) VNet.
    enableNodePublicIp: false,
    remoteLoginPortPublicAccess: "Disabled",
    // Under a managed VNet the cluster must not name a subnet; without one it goes into the compute subnet.
    ...(c.workspace.isolationMode === "Disabled" && subnetId ? { subnet: { id: subnetId } } : {}),
  };
}

/** Arguments of {@link ImageBuildCluster}. */
export interface ImageBuildClusterArgs {
  readonly ctx: StackContext;
  readonly workspaceName: pulumi.Input<string>;
  /** The compute subnet; only used when the workspace has no managed VNet. */
  readonly subnetId?: pulumi.Input<string>;
}

/**
 * The workspace's image build compute: a CPU `AmlCompute` cluster with zero minimum nodes, no public IP and local
 * auth off, named by the workspace's `imageBuildCompute`.
 */
export class ImageBuildCluster extends pulumi.ComponentResource {
  /** The compute resource. */
  readonly compute: machinelearningservices.Compute;

  constructor(name: string, args: ImageBuildClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("secure-aml:compute:ImageBuildCluster", name, {}, opts);
    const { ctx } = args;
    this.compute = new machinelearningservices.Compute(
      `${name}-cluster`,
      {
        resourceGroupName: ctx.resourceGroupName,
        workspaceName: args.workspaceName,
        computeName: IMAGE_BUILD_CLUSTER,
        location: ctx.location,
        tags: ctx.tags,
        properties: {
          computeType: "AmlCompute",
          computeLocation: ctx.location,
          disableLocalAuth: true,
          description: "Builds environment images: the workspace's registry is private",
          properties: imageBuildClusterProperties(ctx.config, args.subnetId),
        },
      },
      // The first compute can wait for managed VNet provisioning.
      { parent: this, customTimeouts: { create: "60m" } },
    );
    this.registerOutputs({ computeId: this.compute.id });
  }
}
