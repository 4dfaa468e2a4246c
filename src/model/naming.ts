import { createHash } from "node:crypto";

/**
 * Six lowercase hex characters derived from a subscription id and a resource group name (case-insensitive, as
 * Azure treats both): this project's equivalent of ARM's `uniqueString(subscription().subscriptionId,
 * resourceGroup().name)` (https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-string#uniquestring).
 * Global names carry it so that the same config in two subscriptions never collides.
 */
export function nameSuffix(subscriptionId: string, resourceGroup: string): string {
  return createHash("sha256")
    .update(`${subscriptionId.toLowerCase()}/${resourceGroup.toLowerCase()}`)
    .digest("hex")
    .slice(0, 6);
}
