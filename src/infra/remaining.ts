import type { Config, ResourceNames } from "../config";
import { sampleUpload } from "./sampleData";

/** A step the deployment cannot do for the user, with the exact way to do it. */
export interface RemainingStep {
  readonly step: string;
  readonly why: string;
  readonly how: string;
}

/**
 * What is still left to a person after `pulumi up` (pure). The goal is an empty list; anything here is a
 * decision only the user can make or a path the deployment has no line of sight for.
 */
export function remainingSteps(c: Config, names: ResourceNames): RemainingStep[] {
  const steps: RemainingStep[] = [];
  if (sampleUpload(c) === "manual") {
    steps.push({
      step: "upload the sample contacts.csv",
      why: "the data stores are private and there is no Linux jump box inside the VNet to upload from",
      how: `from a machine in the VNet: az storage blob upload --auth-mode login --account-name ${names.blob} -c blobs -n contacts.csv -f data/sample/contacts.csv (and the same for ${names.dataLake}, container data)`,
    });
  }
  if (c.data.sql.enabled) {
    steps.push({
      step: "decide who may read the SQL database",
      why: "with Entra-only authentication, database users are created in T-SQL by the Entra admin; which identities get data access is your decision",
      how: `as the SQL Entra admin, in database ${names.sqlDatabase}: CREATE USER [${names.identity}] FROM EXTERNAL PROVIDER; ALTER ROLE db_datareader ADD MEMBER [${names.identity}];`,
    });
  }
  return steps;
}

/** How to reach the jump box for a given Bastion SKU (Developer has no native client support). */
export function jumpboxConnectHint(c: Config, names: ResourceNames): string {
  if (!c.jumpbox.enabled) return "no jump box in this configuration";
  if (c.jumpbox.bastionSku === "Standard") {
    const kind = c.jumpbox.os === "linux" ? "ssh" : "rdp";
    return `az network bastion ${kind} --name ${names.bastion} --resource-group ${names.resourceGroup} --target-resource-id <jumpboxId> --auth-type AAD`;
  }
  return `Azure portal > Virtual machines > ${names.jumpbox} > Connect > Bastion, then sign in with your Microsoft Entra ID account (Bastion ${c.jumpbox.bastionSku} has no native-client support)`;
}
