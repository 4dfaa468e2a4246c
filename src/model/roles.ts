/**
 * Built-in Azure role definition ids
 * (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles). A constant map instead of a name
 * lookup keeps plans offline and deterministic; the infrastructure grants them and the analyses recognise them
 * in any model, planned or live.
 */
export const ROLES = {
  owner: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
  contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
  reader: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
  storageBlobDataOwner: "b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
  storageBlobDataContributor: "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
  storageBlobDataReader: "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1",
  storageFileDataPrivilegedContributor: "69566ab7-960f-475b-8e7c-b3118f30c6bd",
  keyVaultAdministrator: "00482a5a-887f-4fb3-b363-3b7fe8e74483",
  azureMlDataScientist: "f6c7c914-8db3-469d-8ca1-694a8f32e121",
  /** "Azure AI Enterprise Network Connection Approver". */
  networkConnectionApprover: "b556d68e-0be0-4f35-a333-ad7ee1ce17ea",
  virtualMachineUserLogin: "fb879df8-f326-4884-b1cf-06f3ad86be52",
  virtualMachineAdministratorLogin: "1c0163c0-47e6-4577-8991-ea5c82e286e4",
} as const;

/** A built-in role key. */
export type RoleName = keyof typeof ROLES;

/** Human-readable names of the roles, for reports. */
export const ROLE_DISPLAY_NAMES: Readonly<Record<RoleName, string>> = {
  owner: "Owner",
  contributor: "Contributor",
  reader: "Reader",
  storageBlobDataOwner: "Storage Blob Data Owner",
  storageBlobDataContributor: "Storage Blob Data Contributor",
  storageBlobDataReader: "Storage Blob Data Reader",
  storageFileDataPrivilegedContributor: "Storage File Data Privileged Contributor",
  keyVaultAdministrator: "Key Vault Administrator",
  azureMlDataScientist: "AzureML Data Scientist",
  networkConnectionApprover: "Azure AI Enterprise Network Connection Approver",
  virtualMachineUserLogin: "Virtual Machine User Login",
  virtualMachineAdministratorLogin: "Virtual Machine Administrator Login",
};

/** The role key of a role definition id (any form ending in the GUID), or undefined for a role not listed. */
export function roleOf(roleDefinitionId: unknown): RoleName | undefined {
  const guid = String(roleDefinitionId ?? "")
    .split("/")
    .pop()
    ?.toLowerCase();
  return (Object.keys(ROLES) as RoleName[]).find((k) => ROLES[k] === guid);
}
