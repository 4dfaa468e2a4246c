/**
 * The Azure REST API version each azure-native resource of the stack is sent with, per Pulumi type token.
 *
 * azure-native 3.x pins one API version per resource type and states it in the header of the type
 * declaration: `node_modules/@pulumi/azure-native/<module>/<resource>.d.ts`, "Uses Azure REST API version X".
 * This table is a committed copy of those lines; `model.test.ts` re-reads the declarations and fails when an
 * azure-native upgrade changes one (then update this table and, if needed, `data/arm-schemas`).
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * API version per Pulumi token. `null`: the resource is not an ARM resource and has no API version
 * (`storage:Blob` is written through the Blob service data plane, not through Azure Resource Manager).
 */
export const API_VERSIONS: Readonly<Record<string, string | null>> = {
  "azure-native:resources:ResourceGroup": "2024-03-01",
  "azure-native:network:NetworkSecurityGroup": "2024-05-01",
  "azure-native:network:VirtualNetwork": "2024-05-01",
  "azure-native:network:PublicIPAddress": "2024-05-01",
  "azure-native:network:NatGateway": "2024-05-01",
  "azure-native:network:NetworkInterface": "2024-05-01",
  "azure-native:network:BastionHost": "2024-05-01",
  "azure-native:network:PrivateEndpoint": "2024-05-01",
  "azure-native:network:PrivateDnsZoneGroup": "2024-05-01",
  "azure-native:privatedns:PrivateZone": "2024-06-01",
  "azure-native:privatedns:VirtualNetworkLink": "2024-06-01",
  "azure-native:operationalinsights:Workspace": "2023-09-01",
  "azure-native:applicationinsights:Component": "2020-02-02",
  "azure-native:storage:StorageAccount": "2024-01-01",
  "azure-native:storage:BlobContainer": "2024-01-01",
  "azure-native:storage:Blob": null,
  "azure-native:keyvault:Vault": "2024-11-01",
  "azure-native:containerregistry:Registry": "2023-01-01-preview",
  "azure-native:sql:Server": "2023-08-01",
  "azure-native:sql:Database": "2023-08-01",
  "azure-native:sql:FirewallRule": "2023-08-01",
  "azure-native:sql:ServerAzureADAdministrator": "2023-08-01",
  "azure-native:managedidentity:UserAssignedIdentity": "2023-01-31",
  "azure-native:authorization:RoleAssignment": "2022-04-01",
  "azure-native:machinelearningservices:Workspace": "2025-12-01",
  "azure-native:machinelearningservices:Compute": "2025-12-01",
  "azure-native:machinelearningservices:Datastore": "2025-12-01",
  "azure-native:machinelearningservices:WorkspaceConnection": "2025-12-01",
  "azure-native:compute:VirtualMachine": "2024-11-01",
  "azure-native:compute:VirtualMachineExtension": "2024-11-01",
};

/**
 * The API version of an azure-native token, from the table. Throws for a token the table does not list, so
 * a new resource type cannot reach the ARM model with a guessed version.
 */
export function apiVersionOf(token: string): string | null {
  const version = API_VERSIONS[token];
  if (version === undefined) {
    throw new Error(`no API version for ${token}: add it to API_VERSIONS in src/plan/arm/apiVersions.ts`);
  }
  return version;
}

/** `azure-native:network:PublicIPAddress` -> `network/publicIPAddress.d.ts` (the SDK's file naming). */
export function declarationFile(token: string): string {
  const [pkg, module, resource] = token.split(":");
  if (pkg !== "azure-native" || module === undefined || resource === undefined || resource === "") {
    throw new Error(`not an azure-native resource token: ${token}`);
  }
  const root = path.dirname(require.resolve("@pulumi/azure-native/package.json"));
  return path.join(root, module, `${resource.charAt(0).toLowerCase()}${resource.slice(1)}.d.ts`);
}

/**
 * What the installed azure-native declares for a token: the version of its "Uses Azure REST API version X"
 * line, `null` when the declaration has no such line (a data-plane resource). Reads node_modules: for
 * tests and tooling, not for plan time (the table above is what the model uses).
 */
export function declaredApiVersion(token: string): string | null {
  const file = declarationFile(token);
  if (!existsSync(file)) throw new Error(`${token}: ${file} does not exist`);
  const match = /Uses Azure REST API version ([0-9A-Za-z-]+?)\.?(\s|$)/m.exec(readFileSync(file, "utf8"));
  return match?.[1] ?? null;
}
