import * as machinelearningservices from "@pulumi/azure-native/machinelearningservices";
import * as pulumi from "@pulumi/pulumi";
import type { Config } from "../config";
import type { StackContext } from "./context";

/** Arguments of {@link ComputeInstance}. */
export interface ComputeInstanceArgs {
  readonly ctx: StackContext;
  readonly workspaceName: pulumi.Input<string>;
  /** The compute subnet; only used when the workspace has no managed VNet. */
  readonly subnetId?: pulumi.Input<string>;
}

/** ISO 8601 duration for the idle shutdown (https://learn.microsoft.com/azure/machine-learning/how-to-create-compute-instance: 15 minutes to 3 days). */
export function idleShutdown(minutes: number): string {
  return `PT${minutes}M`;
}

/** The compute instance's `properties.properties` (pure, so the security posture is unit-testable). */
export function computeInstanceProperties(
  c: Config,
  tenantId: string | pulumi.Input<string>,
  subnetId?: pulumi.Input<string>,
) {
  const ci = c.compute.instance;
  return {
    vmSize: ci.size,
    // No public IP: the node gets a private endpoint in the managed (or customer) VNet (https://learn.microsoft.com/azure/machine-learning/how-to-create-compute-instance).
    enableNodePublicIp: false,
    // SSH cannot be turned on after creation; Bastion or `az ml compute connect-ssh` is the way in (https://learn.microsoft.com/azure/machine-learning/how-to-create-compute-instance).
    sshSettings: { sshPublicAccess: "Disabled" },
    idleTimeBeforeShutdown: idleShutdown(ci.idleShutdownMinutes),
    applicationSharingPolicy: "Personal",
    ...(ci.assignedUserObjectId
      ? {
          computeInstanceAuthorizationType: "personal",
          personalComputeInstanceSettings: { assignedUser: { objectId: ci.assignedUserObjectId, tenantId } },
        }
      : {}),
    // Under a managed VNet the instance must not name a subnet (pulumi-notes §0.4).
    ...(c.workspace.isolationMode === "Disabled" && subnetId ? { subnet: { id: subnetId } } : {}),
  };
}

/**
 * A compute instance with no public IP, SSH off and local auth off. Replaces the original's manual
 * `az ml compute create --enable-node-public-ip false` (step 2); its managed VNet private endpoint is approved
 * by the workspace identity's approver role instead of a person (step 3).
 */
export class ComputeInstance extends pulumi.ComponentResource {
  /** The compute resource. */
  readonly compute: machinelearningservices.Compute;

  constructor(name: string, args: ComputeInstanceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("secure-aml:compute:ComputeInstance", name, {}, opts);
    const { ctx } = args;
    this.compute = new machinelearningservices.Compute(
      `${name}-ci`,
      {
        resourceGroupName: ctx.resourceGroupName,
        workspaceName: args.workspaceName,
        computeName: ctx.names.computeInstance,
        location: ctx.location,
        tags: ctx.tags,
        properties: {
          computeType: "ComputeInstance",
          computeLocation: ctx.location,
          disableLocalAuth: true,
          properties: computeInstanceProperties(ctx.config, ctx.tenantId, args.subnetId),
        },
      },
      {
        parent: this,
        // Idle shutdown and similar settings are only applied at creation (https://learn.microsoft.com/azure/machine-learning/how-to-create-compute-instance, pulumi-notes §6.10).
        replaceOnChanges: ["properties"],
        // The first compute can wait for managed VNet provisioning (~30 minutes, https://learn.microsoft.com/azure/machine-learning/how-to-managed-network).
        customTimeouts: { create: "60m" },
      },
    );
    this.registerOutputs({ computeId: this.compute.id });
  }
}
