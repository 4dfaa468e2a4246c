import type * as pulumi from "@pulumi/pulumi";
import type { Config, ResourceNames } from "../config";

/**
 * What every component receives: the validated config, the derived names, and where to put resources.
 * Components read nothing else (no `pulumi.Config`), so they are testable with plain objects.
 */
export interface StackContext {
  readonly config: Config;
  readonly names: ResourceNames;
  readonly resourceGroupName: pulumi.Input<string>;
  readonly location: string;
  /** Tags for every taggable resource: the config's tags plus `workload`. */
  readonly tags: Readonly<Record<string, string>>;
  /** Tenant of the deploying identity. */
  readonly tenantId: pulumi.Input<string>;
  /** Subscription the stack deploys into. */
  readonly subscriptionId: pulumi.Input<string>;
  /** Object id of the deploying identity. */
  readonly deployerObjectId: pulumi.Input<string>;
}

/** A private endpoint request in the shape every component accepts (as Azure Verified Modules do). */
export interface PrivateEndpointPlacement {
  /** Subnet that holds the endpoint's network interface. */
  readonly subnetId: pulumi.Input<string>;
  /** Private DNS zone id by zone name; the endpoint's zone group links every zone of its group id. */
  readonly zoneIds: Readonly<Record<string, pulumi.Input<string>>>;
}
