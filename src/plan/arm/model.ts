/**
 * The plan as Azure Resource Manager sees it: one ARM template resource (`type`, `apiVersion`, `name`,
 * `location`, `sku`, `kind`, `identity`, `tags`, `properties`) per Azure resource the stack creates.
 *
 * azure-native does not send its inputs to ARM as they are. It flattens most of a resource's
 * `properties.*` to the top level of the resource's args (and of nested objects such as subnets, security
 * rules or private link service connections), renames a few fields (storage `networkAcls` is
 * `networkRuleSet`, an IP rule's `value` is `iPAddressOrRange`, ...), takes user-assigned identities as a
 * list where ARM has a map, and carries the resource group and the resource/parent names as inputs where
 * ARM has them in the id and the name. This module undoes that, explicitly, with one mapping function per
 * Pulumi token ({@link MAPPINGS}). Every input of a resource must be consumed by its mapping: an input the
 * mapping does not know makes {@link toArmModel} throw, so a new stack input cannot silently disappear.
 *
 * The report, the guardrails and the live audit read this model; the tests validate every resource of
 * every preset against Microsoft's ARM JSON schemas (`schemaValidator.ts`).
 */
import { ARM_TYPES, type ArmTypeInfo } from "../resourceTypes";
import type { Plan, PlanResource } from "../synth";
import { apiVersionOf } from "./apiVersions";
import type { ArmResource } from "./schemaValidator";

/** One resource of the ARM model: the ARM template resource plus where it came from. */
export interface ArmResourceModel extends ArmResource {
  /** ARM resource id (equal to the plan's id). */
  id: string;
  /** Pulumi type token, e.g. `azure-native:storage:StorageAccount`. */
  pulumiType: string;
  /** Pulumi logical name. */
  pulumiName: string;
  /**
   * Ids of other resources of the model this one needs first: its parent (for a child resource) and every
   * resource whose id (or a sub-resource id under it, such as a subnet of a VNet) appears in its body.
   */
  dependsOnIds?: string[];
  /**
   * Ids of the resources `pulumi up` creates before this one (the plan's recorded `dependsOn`, explicit and
   * through inputs; non-Azure resources such as waits looked through). Only a plan knows it: a resource read
   * from Azure has no creation order.
   */
  waitsForIds?: string[];
  /**
   * True for a data-plane resource (`storage:Blob`): not an ARM resource, no ARM schema, no API version
   * (`apiVersion` is ""). It is modelled so that readers see everything the stack writes, but it cannot be
   * validated against, deployed by or read back from Azure Resource Manager.
   */
  dataPlane?: true;
  /** Template-level `scope` of an extension resource (role assignments): the id of the resource it applies to. */
  scope?: string;
}

/** A plan resource that is not an Azure resource, and why. */
export interface ExcludedResource {
  pulumiType: string;
  name: string;
  reason: string;
}

export interface ArmModel {
  resources: ArmResourceModel[];
  excluded: ExcludedResource[];
}

type Json = Record<string, unknown>;

/** The ARM body a mapping produces (everything but type, apiVersion, name and the model's own fields). */
interface ArmBody {
  location?: unknown;
  tags?: unknown;
  sku?: unknown;
  kind?: unknown;
  identity?: unknown;
  zones?: unknown;
  extendedLocation?: unknown;
  managedBy?: unknown;
  plan?: unknown;
  placement?: unknown;
  scope?: unknown;
  properties?: Json;
}

// ---------------------------------------------------------------------------------------------------------
// Reading inputs: every input must be consumed by the mapping
// ---------------------------------------------------------------------------------------------------------

/** The inputs of one plan resource, tracking which ones the mapping has consumed. */
export class Inputs {
  private readonly used = new Set<string>();

  constructor(private readonly values: Json) {}

  /** Marks inputs as consumed without copying them (ARM carries them in the id/name, or nowhere). */
  skip(...keys: string[]): void {
    for (const k of keys) this.used.add(k);
  }

  /** One input (consumed). */
  get(key: string): unknown {
    this.used.add(key);
    return this.values[key];
  }

  /** The given inputs under the same names, those that are set (all consumed). */
  pick(keys: readonly string[]): Json {
    const out: Json = {};
    for (const k of keys) {
      const v = this.get(k);
      if (v !== undefined) out[k] = v;
    }
    return out;
  }

  /** The given inputs under their ARM names (`{azureNativeName: armName}`), those that are set. */
  renamed(names: Readonly<Record<string, string>>): Json {
    const out: Json = {};
    for (const [from, to] of Object.entries(names)) {
      const v = this.get(from);
      if (v !== undefined) out[to] = v;
    }
    return out;
  }

  /** Inputs consumed so far (whether set or not). */
  consumed(): string[] {
    return [...this.used];
  }

  /** Inputs that are set but that no mapping consumed. */
  unconsumed(): string[] {
    return Object.keys(this.values).filter((k) => this.values[k] !== undefined && !this.used.has(k));
  }
}

// ---------------------------------------------------------------------------------------------------------
// Helpers for nested objects
// ---------------------------------------------------------------------------------------------------------

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Drops undefined values (a JSON round trip would too). */
function compact(o: Json): Json {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/**
 * Un-flattens one nested azure-native object: `top` keys stay where they are, every other key moves into
 * `properties` (omitted when nothing moves, as for a plain `{id}` reference). `inner` maps some of the moved
 * keys further (nested flattened objects).
 */
function nest(
  value: unknown,
  top: readonly string[],
  inner: Readonly<Record<string, (v: unknown) => unknown>> = {},
): unknown {
  if (!isObject(value)) return value;
  const out: Json = {};
  const properties: Json = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    if (top.includes(k)) out[k] = v;
    else properties[k] = inner[k] ? inner[k](v) : v;
  }
  if (Object.keys(properties).length > 0) out.properties = properties;
  return out;
}

/** Applies `f` to every element of an array input (leaves anything else, e.g. undefined, alone). */
function each(f: (v: unknown) => unknown): (v: unknown) => unknown {
  return (v) => (Array.isArray(v) ? v.map(f) : v);
}

/** Sets `key` of `o` to `f(o[key])` when present. */
function mapKey(o: Json, key: string, f: (v: unknown) => unknown): Json {
  if (o[key] !== undefined) o[key] = f(o[key]);
  return o;
}

/**
 * A managed identity. azure-native takes `userAssignedIdentities` as a list of identity ids; ARM has a map
 * of identity id -> `{}` (the principal/client ids are read-only).
 */
function identity(v: unknown): unknown {
  if (!isObject(v) || !Array.isArray(v.userAssignedIdentities)) return v;
  const map = Object.fromEntries(v.userAssignedIdentities.map((id) => [String(id), {}]));
  return { ...v, userAssignedIdentities: map };
}

// Network sub-resources. In the NRP API every one of them is `{id, name, type, properties: {...}}` (some
// with `etag`/`location`/`tags`), and azure-native flattens each `properties.*` into the object itself.

/** A NetworkSecurityGroup (as a subnet/NIC reference): id, location, tags stay; rules nest further. */
function nsgRef(v: unknown): unknown {
  return nest(v, ["id", "location", "tags"], {
    securityRules: each(securityRule),
    defaultSecurityRules: each(securityRule),
  });
}

/** SecurityRule: `{id, name, type, properties: {access, direction, priority, protocol, ...}}`. */
function securityRule(v: unknown): unknown {
  return nest(v, ["id", "name", "type"]);
}

/** Subnet: `{id, name, type, properties: {addressPrefix, networkSecurityGroup, natGateway, ...}}`. */
function subnet(v: unknown): unknown {
  return nest(v, ["id", "name", "type"], {
    networkSecurityGroup: nsgRef,
    routeTable: (rt) =>
      nest(rt, ["id", "location", "tags"], { routes: each((r) => nest(r, ["id", "name", "type"])) }),
    delegations: each((d) => nest(d, ["id", "name", "type"])),
  });
}

/** PublicIPAddress (as a NIC IP configuration reference). */
function publicIpRef(v: unknown): unknown {
  return nest(v, ["id", "location", "tags", "sku", "zones", "extendedLocation"]);
}

/** PrivateLinkServiceConnection: `{id, name, properties: {privateLinkServiceId, groupIds, requestMessage}}`. */
function privateLinkServiceConnection(v: unknown): unknown {
  return nest(v, ["id", "name"]);
}

/** NetworkInterfaceIPConfiguration: `{id, name, type, properties: {subnet, privateIPAllocationMethod, ...}}`. */
function nicIpConfiguration(v: unknown): unknown {
  return nest(v, ["id", "name", "type"], { subnet, publicIPAddress: publicIpRef });
}

/** Storage/Container Registry IP rule: azure-native `iPAddressOrRange` is ARM `value`. */
function ipRule(v: unknown): unknown {
  if (!isObject(v)) return v;
  const { iPAddressOrRange, ...rest } = v;
  return compact({ ...rest, value: iPAddressOrRange });
}

/** Storage virtual network rule: azure-native `virtualNetworkResourceId` is ARM `id`. */
function storageVirtualNetworkRule(v: unknown): unknown {
  if (!isObject(v)) return v;
  const { virtualNetworkResourceId, ...rest } = v;
  return compact({ ...rest, id: virtualNetworkResourceId });
}

/** Storage `networkRuleSet` (ARM `networkAcls`): IP and virtual network rules renamed as above. */
function storageNetworkAcls(v: unknown): unknown {
  if (!isObject(v)) return v;
  return mapKey(
    mapKey({ ...v }, "ipRules", each(ipRule)),
    "virtualNetworkRules",
    each(storageVirtualNetworkRule),
  );
}

/** Container Registry `networkRuleSet` (same name in ARM): IP rules renamed as above. */
function registryNetworkRuleSet(v: unknown): unknown {
  if (!isObject(v)) return v;
  return mapKey({ ...v }, "ipRules", each(ipRule));
}

/** VM `networkProfile`: NetworkInterfaceReference is `{id, properties: {primary, deleteOption}}` in ARM. */
function vmNetworkProfile(v: unknown): unknown {
  if (!isObject(v)) return v;
  if (v.networkInterfaceConfigurations !== undefined) {
    // Several levels of flattened objects (ip configurations, public IP configurations); the stack uses
    // NIC resources instead. Map them here, checked against the schema, before using them.
    throw new Error("VirtualMachine networkProfile.networkInterfaceConfigurations is not mapped to ARM yet");
  }
  return mapKey(
    { ...v },
    "networkInterfaces",
    each((nic) => nest(nic, ["id"])),
  );
}

// ---------------------------------------------------------------------------------------------------------
// One mapping per Pulumi token
// ---------------------------------------------------------------------------------------------------------

/**
 * Maps the inputs of one resource to its ARM body. The name/parent/resource-group inputs (see
 * `ARM_TYPES`) are consumed before the mapping runs; the mapping must consume every other input.
 *
 * The property lists are the azure-native args of each resource (its `<Resource>Args` interface) that ARM
 * has under `properties`, checked against the ARM schema of the same API version in `data/arm-schemas`.
 */
type Mapping = (i: Inputs) => ArmBody;

const TOP = ["location", "tags"] as const;

export const MAPPINGS: Readonly<Record<string, Mapping>> = {
  // Microsoft.Resources/resourceGroups: `properties` is required by the schema and has nothing settable.
  "azure-native:resources:ResourceGroup": (i) => ({ ...i.pick([...TOP, "managedBy"]), properties: {} }),

  "azure-native:network:NetworkSecurityGroup": (i) => ({
    ...i.pick(TOP),
    properties: mapKey(i.pick(["flushConnection", "securityRules"]), "securityRules", each(securityRule)),
  }),

  "azure-native:network:VirtualNetwork": (i) => {
    const properties = i.pick([
      "addressSpace",
      "bgpCommunities",
      "ddosProtectionPlan",
      "dhcpOptions",
      "enableDdosProtection",
      "enableVmProtection",
      "encryption",
      "flowTimeoutInMinutes",
      "ipAllocations",
      "privateEndpointVNetPolicies",
      "subnets",
      "virtualNetworkPeerings",
    ]);
    mapKey(properties, "subnets", each(subnet));
    mapKey(
      properties,
      "virtualNetworkPeerings",
      each((p) => nest(p, ["id", "name", "type"])),
    );
    return { ...i.pick([...TOP, "extendedLocation"]), properties };
  },

  "azure-native:network:PublicIPAddress": (i) => ({
    ...i.pick([...TOP, "sku", "zones", "extendedLocation"]),
    properties: i.pick([
      "ddosSettings",
      "deleteOption",
      "dnsSettings",
      "idleTimeoutInMinutes",
      "ipAddress",
      "ipTags",
      "linkedPublicIPAddress",
      "migrationPhase",
      "natGateway",
      "publicIPAddressVersion",
      "publicIPAllocationMethod",
      "publicIPPrefix",
      "servicePublicIPAddress",
    ]),
  }),

  "azure-native:network:NatGateway": (i) => ({
    ...i.pick([...TOP, "sku", "zones"]),
    properties: i.pick(["idleTimeoutInMinutes", "publicIpAddresses", "publicIpPrefixes"]),
  }),

  "azure-native:network:NetworkInterface": (i) => {
    const properties = i.pick([
      "auxiliaryMode",
      "auxiliarySku",
      "disableTcpStateTracking",
      "dnsSettings",
      "enableAcceleratedNetworking",
      "enableIPForwarding",
      "ipConfigurations",
      "migrationPhase",
      "networkSecurityGroup",
      "nicType",
      "privateLinkService",
      "workloadType",
    ]);
    mapKey(properties, "ipConfigurations", each(nicIpConfiguration));
    mapKey(properties, "networkSecurityGroup", nsgRef);
    return { ...i.pick([...TOP, "extendedLocation"]), properties };
  },

  "azure-native:network:BastionHost": (i) => {
    const properties = i.pick([
      "disableCopyPaste",
      "dnsName",
      "enableFileCopy",
      "enableIpConnect",
      "enableKerberos",
      "enablePrivateOnlyBastion",
      "enableSessionRecording",
      "enableShareableLink",
      "enableTunneling",
      "ipConfigurations",
      "networkAcls",
      "scaleUnits",
      "virtualNetwork",
    ]);
    // BastionHostIPConfiguration: `{id, name, properties: {subnet, publicIPAddress, privateIPAllocationMethod}}`.
    mapKey(
      properties,
      "ipConfigurations",
      each((c) => nest(c, ["id", "name"])),
    );
    return { ...i.pick([...TOP, "sku", "zones"]), properties };
  },

  "azure-native:network:PrivateEndpoint": (i) => {
    const properties = i.pick([
      "applicationSecurityGroups",
      "customDnsConfigs",
      "customNetworkInterfaceName",
      "ipConfigurations",
      "manualPrivateLinkServiceConnections",
      "privateLinkServiceConnections",
      "subnet",
    ]);
    mapKey(properties, "privateLinkServiceConnections", each(privateLinkServiceConnection));
    mapKey(properties, "manualPrivateLinkServiceConnections", each(privateLinkServiceConnection));
    // PrivateEndpointIPConfiguration: `{name, properties: {groupId, memberName, privateIPAddress}}`.
    mapKey(
      properties,
      "ipConfigurations",
      each((c) => nest(c, ["name"])),
    );
    // The SDK fills in the Subnet defaults (network policies) even on this `{id}` reference, so they are
    // sent, nested, like any subnet's properties (NRP ignores them on a reference).
    mapKey(properties, "subnet", subnet);
    return { ...i.pick([...TOP, "extendedLocation"]), properties };
  },

  // Child of the private endpoint; PrivateDnsZoneConfig: `{name, properties: {privateDnsZoneId}}`.
  "azure-native:network:PrivateDnsZoneGroup": (i) => ({
    properties: mapKey(
      i.pick(["privateDnsZoneConfigs"]),
      "privateDnsZoneConfigs",
      each((c) => nest(c, ["name"])),
    ),
  }),

  // `properties` is required by the schema; PrivateZoneProperties has nothing settable.
  "azure-native:privatedns:PrivateZone": (i) => ({ ...i.pick(TOP), properties: {} }),

  "azure-native:privatedns:VirtualNetworkLink": (i) => ({
    ...i.pick(TOP),
    properties: i.pick(["registrationEnabled", "resolutionPolicy", "virtualNetwork"]),
  }),

  // Log Analytics: the workspace `sku` (and retention) is under `properties` in ARM, flattened in azure-native.
  "azure-native:operationalinsights:Workspace": (i) => ({
    ...i.pick(TOP),
    ...compact({ identity: identity(i.get("identity")) }),
    properties: i.pick([
      "defaultDataCollectionRuleResourceId",
      "features",
      "forceCmkForQuery",
      "publicNetworkAccessForIngestion",
      "publicNetworkAccessForQuery",
      "retentionInDays",
      "sku",
      "workspaceCapping",
    ]),
  }),

  // Application Insights keeps its historical wire names (Application_Type, Flow_Type, ...); azure-native
  // camel-cases them.
  "azure-native:applicationinsights:Component": (i) => ({
    ...i.pick([...TOP, "kind"]),
    properties: {
      ...i.renamed({
        applicationType: "Application_Type",
        disableIpMasking: "DisableIpMasking",
        disableLocalAuth: "DisableLocalAuth",
        flowType: "Flow_Type",
        forceCustomerStorageForProfiler: "ForceCustomerStorageForProfiler",
        hockeyAppId: "HockeyAppId",
        immediatePurgeDataOn30Days: "ImmediatePurgeDataOn30Days",
        ingestionMode: "IngestionMode",
        requestSource: "Request_Source",
        retentionInDays: "RetentionInDays",
        samplingPercentage: "SamplingPercentage",
        workspaceResourceId: "WorkspaceResourceId",
      }),
      ...i.pick(["publicNetworkAccessForIngestion", "publicNetworkAccessForQuery"]),
    },
  }),

  "azure-native:storage:StorageAccount": (i) => {
    const properties = {
      ...i.pick([
        "accessTier",
        "allowBlobPublicAccess",
        "allowCrossTenantReplication",
        "allowSharedKeyAccess",
        "allowedCopyScope",
        "azureFilesIdentityBasedAuthentication",
        "customDomain",
        "defaultToOAuthAuthentication",
        "dnsEndpointType",
        "enableExtendedGroups",
        "encryption",
        "immutableStorageWithVersioning",
        "isHnsEnabled",
        "isLocalUserEnabled",
        "isSftpEnabled",
        "keyPolicy",
        "largeFileSharesState",
        "minimumTlsVersion",
        "publicNetworkAccess",
        "routingPreference",
        "sasPolicy",
      ]),
      ...i.renamed({
        enableHttpsTrafficOnly: "supportsHttpsTrafficOnly",
        enableNfsV3: "isNfsV3Enabled",
        networkRuleSet: "networkAcls",
      }),
    };
    mapKey(properties, "networkAcls", storageNetworkAcls);
    return {
      ...i.pick([...TOP, "sku", "kind", "extendedLocation"]),
      ...compact({ identity: identity(i.get("identity")) }),
      properties,
    };
  },

  // Full type `storageAccounts/blobServices/containers`, name `account/default/container`.
  "azure-native:storage:BlobContainer": (i) => ({
    properties: i.pick([
      "defaultEncryptionScope",
      "denyEncryptionScopeOverride",
      "enableNfsV3AllSquash",
      "enableNfsV3RootSquash",
      "immutableStorageWithVersioning",
      "metadata",
      "publicAccess",
    ]),
  }),

  // Data plane (see ArmResourceModel.dataPlane). `type` is the blob type (Block/Append); `source`, the
  // content, is a Pulumi asset uploaded by the provider and not a property of anything in ARM.
  "azure-native:storage:Blob": (i) => {
    i.skip("source");
    return {
      properties: {
        ...i.renamed({ type: "blobType" }),
        ...i.pick(["accessTier", "contentMd5", "contentType", "metadata"]),
      },
    };
  },

  // azure-native keeps Key Vault's `properties` (VaultProperties, identical to ARM's).
  "azure-native:keyvault:Vault": (i) => ({ ...i.pick(TOP), properties: i.get("properties") as Json }),

  "azure-native:containerregistry:Registry": (i) => {
    const properties = i.pick([
      "adminUserEnabled",
      "anonymousPullEnabled",
      "dataEndpointEnabled",
      "encryption",
      "networkRuleBypassOptions",
      "networkRuleSet",
      "policies",
      "publicNetworkAccess",
      "zoneRedundancy",
    ]);
    mapKey(properties, "networkRuleSet", registryNetworkRuleSet);
    return { ...i.pick([...TOP, "sku"]), ...compact({ identity: identity(i.get("identity")) }), properties };
  },

  // `administrators` (ServerExternalAdministrator) is not flattened: same shape in ARM.
  "azure-native:sql:Server": (i) => ({
    ...i.pick(TOP),
    ...compact({ identity: identity(i.get("identity")) }),
    properties: i.pick([
      "administratorLogin",
      "administratorLoginPassword",
      "administrators",
      "federatedClientId",
      "isIPv6Enabled",
      "keyId",
      "minimalTlsVersion",
      "primaryUserAssignedIdentityId",
      "publicNetworkAccess",
      "restrictOutboundNetworkAccess",
      "version",
    ]),
  }),

  "azure-native:sql:Database": (i) => ({
    ...i.pick([...TOP, "sku"]),
    ...compact({ identity: identity(i.get("identity")) }),
    properties: i.pick([
      "autoPauseDelay",
      "availabilityZone",
      "catalogCollation",
      "collation",
      "createMode",
      "elasticPoolId",
      "encryptionProtector",
      "encryptionProtectorAutoRotation",
      "federatedClientId",
      "freeLimitExhaustionBehavior",
      "highAvailabilityReplicaCount",
      "isLedgerOn",
      "keys",
      "licenseType",
      "longTermRetentionBackupResourceId",
      "maintenanceConfigurationId",
      "manualCutover",
      "maxSizeBytes",
      "minCapacity",
      "performCutover",
      "preferredEnclaveType",
      "readScale",
      "recoverableDatabaseId",
      "recoveryServicesRecoveryPointId",
      "requestedBackupStorageRedundancy",
      "restorableDroppedDatabaseId",
      "restorePointInTime",
      "sampleName",
      "secondaryType",
      "sourceDatabaseDeletionDate",
      "sourceDatabaseId",
      "sourceResourceId",
      "useFreeLimit",
      "zoneRedundant",
    ]),
  }),

  "azure-native:sql:FirewallRule": (i) => ({ properties: i.pick(["startIpAddress", "endIpAddress"]) }),
  "azure-native:sql:ServerAzureADAdministrator": (i) => ({
    properties: i.pick(["administratorType", "login", "sid", "tenantId"]),
  }),

  // The ARM schema of userAssignedIdentities has no `properties` (only the read-only ids).
  "azure-native:managedidentity:UserAssignedIdentity": (i) => ({ ...i.pick(TOP) }),

  // An extension resource: ARM id `<scope>/providers/Microsoft.Authorization/roleAssignments/<guid>`; in a
  // template the scope is the resource-level `scope` keyword.
  "azure-native:authorization:RoleAssignment": (i) => ({
    scope: i.get("scope"),
    properties: i.pick([
      "condition",
      "conditionVersion",
      "delegatedManagedIdentityResourceId",
      "description",
      "principalId",
      "principalType",
      "roleDefinitionId",
    ]),
  }),

  "azure-native:machinelearningservices:Workspace": (i) => ({
    ...i.pick([...TOP, "sku", "kind"]),
    ...compact({ identity: identity(i.get("identity")) }),
    properties: i.pick([
      "allowPublicAccessWhenBehindVnet",
      "applicationInsights",
      "associatedWorkspaces",
      "containerRegistry",
      "description",
      "discoveryUrl",
      "enableDataIsolation",
      "enableServiceSideCMKEncryption",
      "encryption",
      "featureStoreSettings",
      "friendlyName",
      "hbiWorkspace",
      "hubResourceId",
      "imageBuildCompute",
      "keyVault",
      "managedNetwork",
      "primaryUserAssignedIdentity",
      "provisionNetworkNow",
      "publicNetworkAccess",
      "serverlessComputeSettings",
      "serviceManagedResourcesSettings",
      "sharedPrivateLinkResources",
      "storageAccount",
      "systemDatastoresAuthMode",
      "v1LegacyMode",
      "workspaceHubConfig",
    ]),
  }),

  // azure-native keeps the Compute union under `properties` (computeType + its own `properties`), as ARM.
  "azure-native:machinelearningservices:Compute": (i) => ({
    ...i.pick([...TOP, "sku"]),
    ...compact({ identity: identity(i.get("identity")) }),
    properties: i.get("properties") as Json,
  }),

  // `skipValidation` is a query parameter of the PUT request, not part of the resource: ARM has no place
  // for it (a template cannot skip the datastore credential check).
  "azure-native:machinelearningservices:Datastore": (i) => {
    i.skip("skipValidation");
    return { properties: i.get("properties") as Json };
  },

  "azure-native:machinelearningservices:WorkspaceConnection": (i) => ({
    properties: i.get("properties") as Json,
  }),

  "azure-native:compute:VirtualMachine": (i) => {
    const properties = i.pick([
      "additionalCapabilities",
      "applicationProfile",
      "availabilitySet",
      "billingProfile",
      "capacityReservation",
      "diagnosticsProfile",
      "evictionPolicy",
      "extensionsTimeBudget",
      "hardwareProfile",
      "host",
      "hostGroup",
      "licenseType",
      "networkProfile",
      "osProfile",
      "platformFaultDomain",
      "priority",
      "proximityPlacementGroup",
      "scheduledEventsPolicy",
      "scheduledEventsProfile",
      "securityProfile",
      "storageProfile",
      "userData",
      "virtualMachineScaleSet",
    ]);
    mapKey(properties, "networkProfile", vmNetworkProfile);
    return {
      ...i.pick([...TOP, "zones", "extendedLocation", "plan", "placement"]),
      ...compact({ identity: identity(i.get("identity")) }),
      properties,
    };
  },

  // azure-native's `type` is the extension type (ARM `properties.type`), not the resource type.
  "azure-native:compute:VirtualMachineExtension": (i) => {
    const properties = i.pick([
      "autoUpgradeMinorVersion",
      "enableAutomaticUpgrade",
      "forceUpdateTag",
      "instanceView",
      "protectedSettings",
      "protectedSettingsFromKeyVault",
      "provisionAfterExtensions",
      "publisher",
      "settings",
      "suppressFailures",
      "type",
      "typeHandlerVersion",
    ]);
    // The REST API lets an extension without public settings omit `settings`; the ARM template schema
    // requires it for extensions it does not know (genericExtension). No public settings is `{}` either way.
    properties.settings ??= {};
    return { ...i.pick(TOP), properties };
  },
};

/** Tokens whose resources are written through a data plane, not Azure Resource Manager. */
const DATA_PLANE = new Set(["azure-native:storage:Blob"]);

// ---------------------------------------------------------------------------------------------------------
// Names, exclusions, dependencies
// ---------------------------------------------------------------------------------------------------------

/**
 * The full ARM name: one segment per type segment after the namespace (`pe-x/default`,
 * `account/default/container`), built like the id in `armId`.
 */
function armName(info: ArmTypeInfo, inputs: Json, token: string): string {
  const need = (key: string): string => {
    const v = inputs[key];
    if (typeof v !== "string" || v === "")
      throw new Error(`${token}: input "${key}" is ${JSON.stringify(v)}`);
    return v;
  };
  const typeSegments = info.armType.split("/").length - 1;
  const parents = info.parentKeys ?? [];
  let parentIndex = 0;
  const segments: string[] = [];
  for (let s = 0; s < typeSegments - 1; s++)
    segments.push(info.fixedSegments?.[s] ?? need(parents[parentIndex++]!));
  segments.push(need(info.nameKey));
  return segments.join("/");
}

/** Why a plan resource without an ARM mapping is not an Azure resource, or undefined if it should be one. */
function exclusionReason(r: PlanResource): string | undefined {
  if (r.type.startsWith("random:")) {
    return "generated by the Pulumi random provider where Pulumi runs; not an Azure resource (its value reaches Azure only as a secret input of another resource)";
  }
  if (r.type.startsWith("tls:")) {
    return "key pair generated by the Pulumi tls provider where Pulumi runs; not an Azure resource (only its public key reaches Azure, as an input of another resource)";
  }
  if (r.type.startsWith("time:")) {
    return "a wait (or timestamp) of the Pulumi time provider where Pulumi runs; not an Azure resource (it only orders the resources that depend on it)";
  }
  if (r.id === "" && !r.type.startsWith("azure-native:")) {
    return "Pulumi component resource: groups its children in the Pulumi state, nothing is created in Azure";
  }
  return undefined;
}

/** Every string in a JSON value. */
function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === "string") out.push(v);
  else if (Array.isArray(v)) for (const x of v) strings(x, out);
  else if (isObject(v)) {
    for (const [k, x] of Object.entries(v)) {
      out.push(k); // identity maps are keyed by id
      strings(x, out);
    }
  }
  return out;
}

/**
 * Ids of the model's resources that `r` needs first: the closest model resource its own id lies under (its
 * parent, or a role assignment's scope; never the resource group), the owner of a principal id it names
 * (user-assigned identity, VM), and every model resource referenced in its body, exactly or through a
 * sub-resource id under it (`.../virtualNetworks/vnet/subnets/x` -> the VNet). The resource group counts
 * only when referenced exactly, since every id in it starts with its id. ARM ids are case-insensitive.
 */
function dependencies(
  r: ArmResourceModel,
  ids: ReadonlyMap<string, string>,
  resourceGroupIds: ReadonlySet<string>,
  principalOwners: ReadonlyMap<string, string>,
) {
  const found = new Set<string>();
  const containing = (s: string, allowExact: boolean): string | undefined => {
    let candidate = s.toLowerCase();
    let exact = true;
    for (;;) {
      const id = ids.get(candidate);
      if (id !== undefined && (exact ? allowExact : !resourceGroupIds.has(id))) return id;
      const cut = candidate.lastIndexOf("/");
      if (cut <= 0) return undefined;
      candidate = candidate.slice(0, cut);
      exact = false;
    }
  };
  const parent = containing(r.id, false);
  if (parent !== undefined) found.add(parent);
  for (const s of strings({ scope: r.scope, identity: r.identity, properties: r.properties })) {
    const owner = principalOwners.get(s.toLowerCase());
    if (owner !== undefined && ids.has(owner.toLowerCase())) found.add(ids.get(owner.toLowerCase())!);
    if (!s.startsWith("/subscriptions/")) continue;
    const id = containing(s, true);
    if (id !== undefined) found.add(id);
  }
  found.delete(r.id);
  return [...found];
}

// ---------------------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------------------

/** Maps one Azure plan resource (throws when its token has no mapping or an input is not consumed). */
function toArmResource(r: PlanResource): ArmResourceModel {
  const info = ARM_TYPES[r.type];
  const mapping = MAPPINGS[r.type];
  if (info === undefined || mapping === undefined) {
    throw new Error(
      `no ARM mapping for ${r.type} (resource "${r.name}"): add it to ARM_TYPES in src/plan/resourceTypes.ts ` +
        "and MAPPINGS in src/plan/arm/model.ts, checked against the ARM schema in data/arm-schemas",
    );
  }
  const inputs = new Inputs(r.inputs);
  // What ARM carries in the id and the name rather than in the body.
  inputs.skip(info.nameKey, ...(info.parentKeys ?? []));
  if (!info.scoped) inputs.skip("resourceGroupName");
  const body = mapping(inputs);
  const left = inputs.unconsumed();
  if (left.length > 0) {
    throw new Error(
      `${r.type} (resource "${r.name}"): input(s) ${left.join(", ")} have no ARM mapping: ` +
        "add them to its entry in MAPPINGS (src/plan/arm/model.ts), checked against the ARM schema",
    );
  }
  const dataPlane = DATA_PLANE.has(r.type);
  const resource: ArmResourceModel = {
    type: info.armType,
    apiVersion: apiVersionOf(r.type) ?? "",
    name: armName(info, r.inputs, r.type),
    ...(compact(body as Json) as Partial<ArmResource>),
    id: r.id,
    pulumiType: r.type,
    pulumiName: r.name,
  };
  if (dataPlane) resource.dataPlane = true;
  return resource;
}

/**
 * Builds the ARM model of a plan. Components and `random:*`/`tls:*`/`time:*` resources are listed in `excluded`; every
 * other resource must have a mapping, or this throws.
 */
export function toArmModel(plan: Plan): ArmModel {
  const resources: ArmResourceModel[] = [];
  const excluded: ExcludedResource[] = [];
  for (const r of plan.resources) {
    const reason = MAPPINGS[r.type] === undefined ? exclusionReason(r) : undefined;
    if (reason !== undefined) excluded.push({ pulumiType: r.type, name: r.name, reason });
    else resources.push(toArmResource(r));
  }
  const ids = new Map(resources.map((r) => [r.id.toLowerCase(), r.id]));
  const resourceGroupIds = new Set(
    resources.filter((r) => r.type === "Microsoft.Resources/resourceGroups").map((r) => r.id),
  );
  // A role assignment names its principal by object id; the plan knows which resource owns each one.
  const principalOwners = new Map(
    Object.entries(plan.principals ?? {}).map(([owner, principal]) => [principal.toLowerCase(), owner]),
  );
  const waits = recordedWaits(plan, resources);
  for (const r of resources) {
    const deps = dependencies(r, ids, resourceGroupIds, principalOwners);
    if (deps.length > 0) r.dependsOnIds = deps;
    const after = waits(r.pulumiName);
    if (after.length > 0) r.waitsForIds = after;
  }
  return { resources, excluded };
}

/**
 * The ids of the model resources `pulumi up` creates before a given one, from the dependencies the plan
 * recorded (explicit `dependsOn` and inputs). A dependency that is not an Azure resource (a component, a
 * generated password, a wait) is looked through to what it waits for, so an order such as "role assignments,
 * then a wait, then the workspace" reads as the workspace depending on the role assignments.
 */
function recordedWaits(plan: Plan, resources: readonly ArmResourceModel[]): (name: string) => string[] {
  const planByName = new Map(plan.resources.map((r) => [r.name, r]));
  const idByName = new Map(resources.map((r) => [r.pulumiName, r.id]));
  return (name) => {
    const found = new Set<string>();
    const seen = new Set<string>([name]);
    const stack = [...(planByName.get(name)?.dependsOn ?? [])];
    while (stack.length > 0) {
      const dep = stack.pop()!;
      if (seen.has(dep)) continue;
      seen.add(dep);
      const id = idByName.get(dep);
      if (id !== undefined) found.add(id);
      else stack.push(...(planByName.get(dep)?.dependsOn ?? []));
    }
    return [...found];
  };
}

/** Fields of {@link ArmResourceModel} that are the model's own, not part of the ARM template resource. */
const MODEL_ONLY = new Set(["id", "pulumiType", "pulumiName", "dependsOnIds", "waitsForIds", "dataPlane"]);

/**
 * The resource as it would appear in an ARM template's `resources[]` (model-only fields removed,
 * `dependsOnIds` as `dependsOn`): what `validateArmResource` checks.
 */
export function templateResource(r: ArmResourceModel): ArmResource {
  const out = Object.fromEntries(Object.entries(r).filter(([k]) => !MODEL_ONLY.has(k))) as ArmResource;
  if (r.dependsOnIds !== undefined && r.dependsOnIds.length > 0) out.dependsOn = [...r.dependsOnIds];
  return out;
}
