import type { Config, ResourceNames } from "../config";
import { DATA_CONTAINERS } from "./data";
import { type GrantScope, personGrants } from "./grants";
import { JUMPBOX_ACCESS_SOURCES, jumpboxCredential, jumpboxEntraLogin } from "./jumpboxAccess";
import { ROLE_DISPLAY_NAMES } from "./roles";
import { sampleUpload } from "./sampleData";

/** A step the deployment cannot do for the user, with the exact way to do it. */
export interface RemainingStep {
  readonly step: string;
  readonly why: string;
  readonly how: string;
}

/**
 * The ARM id of a person-facing grant scope, with the resource group's provider path as the shell variable `$P`
 * (set by {@link providersVariable}; it keeps each command short enough to read). Only the scopes people are
 * granted on; undefined for the others. Pure.
 */
export function personScopeId(scope: GrantScope, names: ResourceNames): string | undefined {
  const rg = "$P";
  const ids: Partial<Record<GrantScope, string>> = {
    workspace: `${rg}/Microsoft.MachineLearningServices/workspaces/${names.workspace}`,
    storage: `${rg}/Microsoft.Storage/storageAccounts/${names.storage}`,
    dataLake: `${rg}/Microsoft.Storage/storageAccounts/${names.dataLake}`,
    blob: `${rg}/Microsoft.Storage/storageAccounts/${names.blob}`,
    jumpboxVm: `${rg}/Microsoft.Compute/virtualMachines/${names.jumpbox}`,
    // The jump box NIC's name (src/infra/jumpbox.ts).
    jumpboxNic: `${rg}/Microsoft.Network/networkInterfaces/${names.jumpboxNic}`,
    bastion: `${rg}/Microsoft.Network/bastionHosts/${names.bastion}`,
  };
  return ids[scope];
}

/** Sets `$P` to `/subscriptions/<current subscription>/resourceGroups/<rg>/providers` in a POSIX shell. */
export function providersVariable(names: ResourceNames): string {
  return `P=/subscriptions/$(az account show --query id -o tsv)/resourceGroups/${names.resourceGroup}/providers`;
}

/**
 * The `az role assignment create` commands that give one more person the roles a compute user gets from the
 * grants table (pure): the same roles on the same scopes, whether or not this config has a compute user.
 */
export function personRoleCommands(c: Config, names: ResourceNames): string[] {
  return personGrants(c, "computeUser").map(
    (g) =>
      `az role assignment create --assignee-object-id <object-id> --assignee-principal-type User --role "${ROLE_DISPLAY_NAMES[g.role]}" --scope ${personScopeId(g.scope, names)}`,
  );
}

/**
 * T-SQL that creates a contained database user for a Microsoft Entra service principal or managed identity from
 * its client (application) id, without a Microsoft Graph lookup, and lets it read (pure). `FROM EXTERNAL PROVIDER`
 * needs Graph: it works when an Entra *user* admin runs it, but a service principal admin needs a server identity
 * with Graph read permissions; `WITH SID = <client id as binary>, TYPE = E` needs neither
 * (https://learn.microsoft.com/azure/azure-sql/database/authentication-aad-service-principal).
 */
export function sqlReaderTsql(userName: string, clientIdPlaceholder: string): string {
  return (
    `DECLARE @sid nvarchar(64) = CONVERT(nvarchar(64), CAST(CAST('${clientIdPlaceholder}' AS uniqueidentifier) AS varbinary(16)), 1); ` +
    `EXEC('CREATE USER [${userName}] WITH SID = ' + @sid + ', TYPE = E; ALTER ROLE db_datareader ADD MEMBER [${userName}];');`
  );
}

/**
 * What is still left to a person after `pulumi up` (pure). The goal is an empty list; anything here is a
 * decision only the user can make or a path the deployment has no line of sight for.
 */
export function remainingSteps(c: Config, names: ResourceNames): RemainingStep[] {
  const steps: RemainingStep[] = [];
  if (sampleUpload(c) === "manual") steps.push(manualUploadStep(c, names));
  const login = jumpboxEntraLogin(c) ? ", sign in to the jump box" : "";
  steps.push(
    c.workspace.dataScientists
      ? {
          step: "give other people access",
          why: `with identity-based datastores everyone who uses Studio, notebooks or the datastores needs data roles of their own (https://learn.microsoft.com/azure/machine-learning/how-to-disable-local-auth-storage); members of the data scientists group have them${login ? " and may sign in to the jump box" : ""}`,
          how: `add them to the Microsoft Entra group: az ad group member add --group ${c.workspace.dataScientists} --member-id <object-id>`,
        }
      : {
          step: "give other people access",
          why: `with identity-based datastores everyone who uses Studio, notebooks or the datastores needs data roles of their own (https://learn.microsoft.com/azure/machine-learning/how-to-disable-local-auth-storage); only the compute instance's user has them (set workspace.dataScientists to a group to manage this by membership)`,
          how: `for each person's Entra object id, run the commands that give them what the compute user has (work in the workspace, read and write the default storage, read the data${login}): ${providersVariable(names)}; ${personRoleCommands(c, names).join("; ")}`,
        },
  );
  if (c.data.sql.enabled) {
    steps.push({
      step: "decide who may read the SQL database",
      why: "with Entra-only authentication, database users are created in T-SQL by the Entra admin; which identities get data access is your decision",
      how: `as the SQL Entra admin, in database ${names.sqlDatabase} (the client id from: az identity show -g ${names.resourceGroup} -n ${names.identity} --query clientId -o tsv): ${sqlReaderTsql(names.identity, "<client-id>")} For a person or group instead: CREATE USER [<name>] FROM EXTERNAL PROVIDER works when the admin running it is a user.`,
    });
  }
  return steps;
}

/** The sample upload left to a person: why the deployment could not do it, and the exact commands. */
function manualUploadStep(c: Config, names: ResourceNames): RemainingStep {
  const targets = [
    ...(c.data.blob.enabled ? [{ account: names.blob, container: DATA_CONTAINERS.blob }] : []),
    ...(c.data.dataLake.enabled ? [{ account: names.dataLake, container: DATA_CONTAINERS.lake }] : []),
  ];
  const uploads = targets
    .map(
      (t) =>
        `az storage blob upload --auth-mode login --account-name ${t.account} -c ${t.container} -n contacts.csv -f data/sample/contacts.csv`,
    )
    .join("; ");
  if (c.data.publicNetworkAccess === "Enabled") {
    return {
      step: "upload the sample contacts.csv",
      why: "the stores' firewall denies by default and allowedIpAddresses is empty, so the machine running the deployment cannot write to them",
      how: `either add your public IPv4 address (pulumi config set --path 'secure-aml:allowedIpAddresses[0]' <your IP>) and run pulumi up again, which then uploads it; or, from a machine the firewall allows and holding Storage Blob Data Contributor on the accounts: ${uploads}`,
    };
  }
  return {
    step: "upload the sample contacts.csv",
    why: "the data stores are private and there is no Linux jump box inside the VNet to upload from",
    how: `from a machine in the VNet, holding Storage Blob Data Contributor on the accounts: ${uploads}`,
  };
}

/**
 * Exactly how to reach the jump box for its Bastion SKU and OS (pure). `<jumpboxId>` stands for the VM's ARM
 * id, filled in by the stack. Entra ID sign-in needs Basic (portal) or Standard (native client); Bastion
 * Developer has none, so there the generated local credential is the way in, through the portal only
 * (https://learn.microsoft.com/azure/bastion/bastion-entra-id-authentication,
 * https://learn.microsoft.com/azure/bastion/quickstart-developer).
 */
export function jumpboxConnectHint(c: Config, names: ResourceNames): string {
  if (!c.jumpbox.enabled) return "no jump box in this configuration";
  const { os, bastionSku } = c.jumpbox;
  const portal = `Azure portal > Virtual machines > ${names.jumpbox} > Connect > Bastion`;
  const localLogin =
    jumpboxCredential(os) === "sshKey"
      ? `pulumi stack output jumpboxSshPrivateKey --show-secrets > jumpbox.pem, then ${portal}, Authentication type "SSH Private Key from Local File", username azureuser, local file jumpbox.pem (${JUMPBOX_ACCESS_SOURCES.sshKey})`
      : `pulumi stack output jumpboxAdminPassword --show-secrets, then ${portal}, Authentication type "Password", username azureuser (${JUMPBOX_ACCESS_SOURCES.rdp})`;
  if (!jumpboxEntraLogin(c)) {
    return `${localLogin}; needs Reader on the VM, its NIC and the Bastion. Bastion ${bastionSku} has no Microsoft Entra ID sign-in and no native client (${JUMPBOX_ACCESS_SOURCES.developer})`;
  }
  const roles = `needs Virtual Machine User Login (or Administrator Login) on the VM and Reader on the VM, its NIC and the Bastion (${JUMPBOX_ACCESS_SOURCES.entraId})`;
  const entraPortal =
    os === "linux"
      ? `${portal}, Authentication type "Microsoft Entra ID"`
      : `${portal}, Protocol RDP, Authentication type "Microsoft Entra ID (Preview)"`;
  const breakGlass =
    jumpboxCredential(os) === "sshKey"
      ? "break-glass: the SSH key in jumpboxSshPrivateKey"
      : "break-glass: azureuser with the password in jumpboxAdminPassword";
  if (bastionSku === "Standard") {
    const native =
      os === "linux"
        ? `az network bastion ssh --name ${names.bastion} --resource-group ${names.resourceGroup} --target-resource-id <jumpboxId> --auth-type AAD`
        : `az network bastion rdp --name ${names.bastion} --resource-group ${names.resourceGroup} --target-resource-id <jumpboxId> --enable-mfa, from a Windows PC joined to or registered in the same Entra tenant`;
    return `${native} (or ${entraPortal}); Entra ID sign-in ${roles}; ${breakGlass}`;
  }
  return `${entraPortal} (Bastion Basic has no native client); Entra ID sign-in ${roles}; ${breakGlass}`;
}
