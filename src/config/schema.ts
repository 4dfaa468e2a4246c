import { z } from "zod";
import { parseCidr } from "./cidr";

/**
 * The one typed configuration of secure-aml. Every object is strict (unknown keys are errors) and every
 * field either has a default or is optional, so `{}` is a complete config of the `private` preset
 * once presets are applied. Comments cite the Microsoft Learn page behind each constraint.
 */

/** Names of the built-in presets; `private` is the default. */
export const PRESET_NAMES = ["starter", "private", "locked-down"] as const;
/** A preset name. */
export type PresetName = (typeof PRESET_NAMES)[number];

/** Managed VNet isolation modes (https://learn.microsoft.com/azure/machine-learning/how-to-managed-network). */
export const ISOLATION_MODES = ["Disabled", "AllowInternetOutbound", "AllowOnlyApprovedOutbound"] as const;

/** Azure clouds whose private DNS zone names differ (https://learn.microsoft.com/azure/machine-learning/how-to-configure-private-link). */
export const CLOUDS = ["AzureCloud", "AzureChinaCloud", "AzureUSGovernment"] as const;

const publicNetworkAccess = z.enum(["Enabled", "Disabled"]);

const ipOrCidr = z.string().refine((s) => s === s.trim() && parseCidr(s) !== undefined, {
  message: "must be an IPv4 address or CIDR like 203.0.113.7 or 203.0.113.0/24",
});

const cidr = z.string().refine((s) => s === s.trim() && s.includes("/") && parseCidr(s) !== undefined, {
  message: "must be an IPv4 CIDR with its host bits clear, like 10.0.0.0/24",
});

/** Outbound rule names: `^[a-zA-Z0-9][a-zA-Z0-9_-]{2,32}$` (https://learn.microsoft.com/azure/machine-learning/how-to-managed-network, workspaceRP.json RuleName). */
export const RULE_NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_-]{2,32}$/;

/**
 * A full ARM resource id: subscription, resource group, provider namespace, then type/name pairs (child
 * resources add more pairs). Anchored at both ends; no segment may be empty or hold whitespace, so a
 * newline and more cannot follow. https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules
 */
export const ARM_RESOURCE_ID_PATTERN =
  /^\/subscriptions\/[^/\s]+\/resourceGroups\/[^/\s]+\/providers\/[A-Za-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)+(\/[^/\s]+\/[^/\s]+)+$/i;

/**
 * A private endpoint group id (sub-resource): letters, digits and `_`, starting with a letter, as in
 * `blob`, `dfs`, `vault`, `sqlServer`, `amlworkspace`, `databricks_ui_api`. Known ids are listed in
 * `KNOWN_PE_GROUP_IDS` (rules warn on others).
 */
export const PE_GROUP_ID_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/**
 * An Azure service tag: a name, optionally a dot and a region or qualifier (`AzureActiveDirectory`,
 * `Storage.EastUS2`, `AzureFrontDoor.Frontend`). https://learn.microsoft.com/azure/virtual-network/service-tags-overview
 */
export const SERVICE_TAG_PATTERN = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)?$/;

/** Characters Azure refuses in tag names. https://learn.microsoft.com/azure/azure-resource-manager/management/tag-resources#limitations */
export const TAG_NAME_FORBIDDEN = /[<>%&\\?/]/;

/** VM sizes: `Standard_` then the size name, e.g. `Standard_D2as_v4`, `Standard_NC24ads_A100_v4`. */
export const VM_SIZE_PATTERN = /^Standard_[A-Za-z0-9]+(_[A-Za-z0-9]+)*$/;

/**
 * Azure SQL Database service objectives: DTU (Basic, S0-S12, P1-P15) and vCore (`GP_Gen5_2`,
 * `GP_S_Gen5_1` serverless, `BC_Gen5_2`, `HS_Gen5_2`).
 * https://learn.microsoft.com/azure/azure-sql/database/resource-limits-dtu-single-databases and
 * https://learn.microsoft.com/azure/azure-sql/database/resource-limits-vcore-single-databases
 */
export const SQL_SKU_PATTERN =
  /^(Basic|S([0-9]|1[0-2])|P([1-9]|1[0-5])|(GP_S|GP|BC|HS)_[A-Za-z0-9]+_[0-9]{1,3})$/i;

const privateEndpointRule = z.strictObject({
  type: z.literal("PrivateEndpoint"),
  /** ARM id of the target resource. */
  serviceResourceId: z.string().max(1024).regex(ARM_RESOURCE_ID_PATTERN, {
    message:
      "must be a full ARM resource id like /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Storage/storageAccounts/<name>",
  }),
  /** Sub-resource (group id) such as `blob`, `dfs`, `vault`, `sqlServer`. */
  subresourceTarget: z.string().regex(PE_GROUP_ID_PATTERN, {
    message: "must be a private endpoint group id like blob, dfs, vault or sqlServer",
  }),
  sparkEnabled: z.boolean().default(false),
});

const serviceTagRule = z.strictObject({
  type: z.literal("ServiceTag"),
  serviceTag: z.string().max(128).regex(SERVICE_TAG_PATTERN, {
    message: "must be an Azure service tag like AzureActiveDirectory or Storage.EastUS2",
  }),
  protocol: z.enum(["TCP", "UDP", "ICMP", "*"]).default("TCP"),
  /** Ports, e.g. `"443"` or `"80, 8080-8089"`. */
  portRanges: z
    .string()
    .refine(isPortList, { message: 'must be a port list like "443" or "80, 8080-8089" (ports 1-65535)' }),
});

const fqdnRule = z.strictObject({
  type: z.literal("FQDN"),
  /** A host name or wildcard such as `pypi.org` or `*.pythonhosted.org`. */
  destination: z
    .string()
    .max(253)
    .regex(/^(\*\.)?([a-zA-Z0-9-]+\.)+[a-zA-Z]{2,}$/, {
      message: "must be a host name like pypi.org or *.anaconda.org",
    }),
});

/** True for `*` or a comma-separated list of ports/ranges within 1-65535, each range ascending. */
export function isPortList(text: string): boolean {
  if (text.trim() === "*") return true;
  return text.split(",").every((part) => {
    const m = /^\s*(\d{1,5})(?:-(\d{1,5}))?\s*$/.exec(part);
    if (!m) return false;
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    return lo >= 1 && hi <= 65535 && lo <= hi;
  });
}

/** A user-defined outbound rule of the workspace's managed VNet (https://learn.microsoft.com/azure/machine-learning/how-to-managed-network). */
export const outboundRuleSchema = z.discriminatedUnion("type", [
  privateEndpointRule,
  serviceTagRule,
  fqdnRule,
]);

/** The complete configuration schema. */
export const configSchema = z.strictObject({
  preset: z
    .enum(PRESET_NAMES)
    .optional()
    .describe("Preset this file starts from; any field here overrides it."),
  name: z
    .string()
    .regex(/^[a-z0-9]{2,10}$/, { message: "must be 2-10 lowercase letters or digits" })
    .default("secureaml")
    .describe("Workload name; resource names derive from it, global names get a short deterministic suffix."),
  nameSuffix: z
    .string()
    .regex(/^[a-z0-9]{3,8}$/, { message: "must be 3-8 lowercase letters or digits" })
    .optional()
    .describe(
      "Suffix of the global names (storage, Key Vault, registry, SQL, workspace); default: derived from the subscription id and resource group, like ARM's uniqueString.",
    ),
  location: z
    .string()
    .max(64)
    .regex(/^[a-z0-9]+$/, { message: "must be an Azure region name like eastus2 (lowercase, no spaces)" })
    .default("eastus2")
    .describe("Azure region of every resource."),
  cloud: z.enum(CLOUDS).default("AzureCloud").describe("Azure cloud; selects private DNS zone names."),
  allowedIpAddresses: z
    .array(ipOrCidr)
    .default([])
    .describe(
      "Public IPv4 addresses or CIDRs allowed through service firewalls where public access is Enabled.",
    ),
  workspace: z
    .strictObject({
      publicNetworkAccess: publicNetworkAccess
        .default("Disabled")
        .describe("Workspace reachable from the internet."),
      privateEndpoint: z.boolean().default(true).describe("Workspace private endpoint in the customer VNet."),
      isolationMode: z
        .enum(ISOLATION_MODES)
        .default("AllowInternetOutbound")
        .describe("Managed VNet isolation mode."),
      firewallSku: z
        .enum(["Basic", "Standard"])
        .default("Basic")
        .describe("Azure Firewall SKU created for FQDN rules (only Basic or Standard are supported)."),
      outboundRules: z
        .record(z.string(), outboundRuleSchema)
        .default({})
        .describe(
          "User-defined managed VNet outbound rules by name; PE rules to the data stores are added for you.",
        ),
      dataScientists: z
        .uuid({ message: "must be the object id (a GUID) of a Microsoft Entra group" })
        .optional()
        .describe(
          "Object id of a Microsoft Entra group whose members work in the workspace: it gets AzureML Data Scientist, the storage data roles and (Bastion Basic/Standard) jump box sign-in.",
        ),
      dependencies: z
        .strictObject({
          publicNetworkAccess: publicNetworkAccess
            .default("Disabled")
            .describe(
              "Default storage, Key Vault and Container Registry: Disabled = private endpoints only.",
            ),
        })
        .prefault({}),
    })
    .prefault({}),
  network: z
    .strictObject({
      addressSpace: cidr.default("10.0.0.0/16").describe("Customer VNet address space."),
      subnets: z
        .strictObject({
          privateEndpoints: cidr
            .default("10.0.0.0/24")
            .describe("Private endpoints of the workspace and its stores."),
          jumpbox: cidr.default("10.0.1.0/27").describe("Jump box VM."),
          compute: cidr
            .default("10.0.2.0/24")
            .describe("Compute instance; used only when isolationMode is Disabled."),
          bastion: cidr
            .default("10.0.3.0/26")
            .describe("AzureBastionSubnet; used only by Basic/Standard Bastion."),
        })
        .prefault({}),
    })
    .prefault({}),
  data: z
    .strictObject({
      publicNetworkAccess: publicNetworkAccess
        .default("Disabled")
        .describe("Data lake, blob account and SQL server: Disabled = private endpoints only."),
      dataLake: z.strictObject({ enabled: z.boolean().default(true) }).prefault({}),
      blob: z.strictObject({ enabled: z.boolean().default(true) }).prefault({}),
      sql: z
        .strictObject({
          enabled: z.boolean().default(false),
          sku: z
            .string()
            .regex(SQL_SKU_PATTERN, {
              message:
                "must be an Azure SQL Database SKU like Basic, S0-S12, P1-P15, GP_Gen5_2 or GP_S_Gen5_1",
            })
            .default("Basic")
            .describe("Database SKU name, e.g. Basic, S0, GP_S_Gen5_1."),
          maxSizeGb: z.number().int().min(1).max(4096).default(2),
          entraAdmin: z
            .strictObject({
              // The server admin's display name: a SQL sysname (at most 128 characters), free text otherwise.
              // https://learn.microsoft.com/azure/azure-sql/database/authentication-aad-configure
              login: z
                .string()
                .min(1)
                .max(128)
                .refine((s) => s === s.trim(), { message: "must not start or end with a space" }),
              objectId: z.uuid(),
              principalType: z.enum(["User", "Group", "Application"]).default("Group"),
            })
            .optional()
            .describe("Microsoft Entra admin of the SQL server; defaults to the deploying identity."),
        })
        .prefault({}),
      sampleData: z
        .boolean()
        .default(true)
        .describe("Upload the synthetic contacts.csv to the lake and blob account."),
    })
    .prefault({}),
  compute: z
    .strictObject({
      instance: z
        .strictObject({
          enabled: z.boolean().default(true),
          size: z
            .string()
            .regex(VM_SIZE_PATTERN, { message: "must be an Azure VM size like Standard_D2as_v4" })
            .default("Standard_D2as_v4"),
          idleShutdownMinutes: z
            .number()
            .int()
            .min(15, { message: "must be at least 15 minutes (Azure ML minimum)" })
            .max(4320, { message: "must be at most 4320 minutes (3 days, Azure ML maximum)" })
            .default(60),
          assignedUserObjectId: z
            .uuid()
            .optional()
            .describe("Entra object id of the user the instance is created for."),
        })
        .prefault({}),
    })
    .prefault({}),
  jumpbox: z
    .strictObject({
      enabled: z.boolean().default(true),
      os: z.enum(["linux", "windows"]).default("linux"),
      size: z
        .string()
        .regex(VM_SIZE_PATTERN, { message: "must be an Azure VM size like Standard_D2as_v4" })
        .default("Standard_B2as_v2"),
      bastionSku: z.enum(["Developer", "Basic", "Standard"]).default("Developer"),
    })
    .prefault({}),
  tags: z
    .record(
      z
        .string()
        .min(1)
        .max(512, { message: "tag names are at most 512 characters (Azure limit)" })
        .refine((k) => !TAG_NAME_FORBIDDEN.test(k), {
          message: "tag names cannot contain < > % & \\ ? / (Azure limit)",
        }),
      z.string().max(256, { message: "tag values are at most 256 characters (Azure limit)" }),
    )
    .default({})
    .describe("Tags on every resource (a `workload` tag is always added)."),
});

/** Configuration as written (before defaults). */
export type ConfigInput = z.input<typeof configSchema>;
/** Fully resolved configuration, every default applied. */
export type Config = z.output<typeof configSchema>;
/** A user-defined outbound rule. */
export type OutboundRule = z.output<typeof outboundRuleSchema>;
