import { privateEndpointGroups } from "../infra/dnsZones";
import { hasPrice, monthlyFromHourly, PRICES } from "../plan/cost/prices";
import { blockSize, cidrContains, cidrOverlaps, formatCidr, isPrivateRange, parseCidr } from "./cidr";
import type { ConfigIssue } from "./issues";
import { RESERVED_RULE_NAMES, resourceGroupName, resourceNames } from "./naming";
import { BASTION_DEVELOPER_REGIONS, cloudOfRegion, REGIONS } from "./regions";
import { sampleUpload } from "./sampleUpload";
import { type Config, RULE_NAME_PATTERN } from "./schema";
import { deployedSubnets, type SubnetRole } from "./subnets";
import { closest } from "./suggest";

/**
 * Semantic rules over a schema-valid config: combinations Azure rejects, or that would leave something
 * unreachable or unexpectedly expensive. Each rule cites its public Microsoft Learn source.
 */

const MVNET = "https://learn.microsoft.com/azure/machine-learning/how-to-managed-network";

/** What the loader knows beyond the resolved config. */
export interface RuleContext {
  /** Subnets the user did not write (their ranges are defaults): messages must not blame the user. */
  readonly defaultedSubnets?: readonly SubnetRole[];
}

type Rule = (c: Config, ctx: RuleContext) => ConfigIssue[];

const err = (
  code: string,
  path: string,
  value: unknown,
  message: string,
  fix: string,
  fact?: string,
): ConfigIssue => ({
  severity: "error",
  code,
  path,
  value,
  message,
  fix,
  ...(fact ? { fact } : {}),
});

const warn = (
  code: string,
  path: string,
  value: unknown,
  message: string,
  fix: string,
  fact?: string,
): ConfigIssue => ({
  ...err(code, path, value, message, fix, fact),
  severity: "warning",
});

const fmtUsd = (n: number) => `$${n.toFixed(0)}`;

/** Host suffixes of Azure Storage endpoints in every cloud. */
const STORAGE_HOST =
  /(^|\.)(blob|dfs|file|queue|table|web)\.core\.(windows\.net|chinacloudapi\.cn|usgovcloudapi\.net)$/i;
const STORAGE_WILDCARD = /^\*\.core\.(windows\.net|chinacloudapi\.cn|usgovcloudapi\.net)$/i;

const outboundRuleRules: Rule = (c) => {
  const issues: ConfigIssue[] = [];
  const mode = c.workspace.isolationMode;
  for (const [name, rule] of Object.entries(c.workspace.outboundRules)) {
    const path = `workspace.outboundRules.${name}`;
    if (!RULE_NAME_PATTERN.test(name)) {
      issues.push(
        err(
          "outbound-rule-name",
          path,
          name,
          "outbound rule names must be 3-33 characters: a letter or digit, then letters, digits, '_' or '-'",
          `rename the rule to match ${RULE_NAME_PATTERN.source}, e.g. "${suggestRuleName(name)}"`,
          "https://learn.microsoft.com/azure/machine-learning/how-to-managed-network (outbound rule names)",
        ),
      );
    }
    if ((RESERVED_RULE_NAMES as readonly string[]).includes(name.toLowerCase())) {
      issues.push(
        err(
          "outbound-rule-reserved",
          path,
          name,
          `"${name}" is the name of a private endpoint rule secure-aml creates for its own data stores`,
          `pick another name (reserved: ${RESERVED_RULE_NAMES.join(", ")})`,
        ),
      );
    }
    if (mode === "Disabled") {
      issues.push(
        err(
          "outbound-rule-no-managed-vnet",
          `${path}.type`,
          rule.type,
          "outbound rules belong to the managed VNet, and isolationMode Disabled has none",
          'set workspace.isolationMode to "AllowInternetOutbound" (private endpoint rules) or "AllowOnlyApprovedOutbound", or remove the rule',
          "https://learn.microsoft.com/azure/machine-learning/how-to-managed-network (isolation modes)",
        ),
      );
    } else if (rule.type !== "PrivateEndpoint" && mode !== "AllowOnlyApprovedOutbound") {
      issues.push(
        err(
          "outbound-rule-type-mode",
          `${path}.type`,
          rule.type,
          `${rule.type} rules are only valid with isolationMode AllowOnlyApprovedOutbound; with ${mode} only PrivateEndpoint rules are accepted`,
          'set workspace.isolationMode to "AllowOnlyApprovedOutbound", or remove the rule (all internet outbound is already allowed)',
          MVNET,
        ),
      );
    }
    if (
      rule.type === "FQDN" &&
      (STORAGE_HOST.test(rule.destination) || STORAGE_WILDCARD.test(rule.destination))
    ) {
      issues.push(
        err(
          "outbound-rule-fqdn-storage",
          `${path}.destination`,
          rule.destination,
          "FQDN rules cannot reach Azure Storage accounts in approved-outbound mode",
          'use a PrivateEndpoint rule to the storage account instead ({type: PrivateEndpoint, serviceResourceId: <account id>, subresourceTarget: "blob"})',
          `${MVNET}, Limitations`,
        ),
      );
    }
  }
  return issues;
};

/**
 * The resources this stack creates in a subscription that a private endpoint rule could target, as
 * `<provider>/<type>/<name>` in lower case, with what each one is. Names are derived from the config and the
 * subscription, so a rule's target is compared by provider, type and name.
 */
export function stackOwnedTargets(c: Config, subscriptionId: string): Map<string, string> {
  const n = resourceNames(c, subscriptionId);
  const out = new Map<string, string>([
    [`microsoft.storage/storageaccounts/${n.storage}`, "the workspace's default storage"],
    [`microsoft.keyvault/vaults/${n.keyVault}`, "the workspace's Key Vault"],
    [`microsoft.containerregistry/registries/${n.registry}`, "the workspace's container registry"],
    [`microsoft.machinelearningservices/workspaces/${n.workspace}`, "the workspace itself"],
  ]);
  if (c.data.dataLake.enabled) out.set(`microsoft.storage/storageaccounts/${n.dataLake}`, "the data lake");
  if (c.data.blob.enabled) out.set(`microsoft.storage/storageaccounts/${n.blob}`, "the blob account");
  if (c.data.sql.enabled) out.set(`microsoft.sql/servers/${n.sqlServer}`, "the SQL server");
  return new Map([...out].map(([k, v]) => [k.toLowerCase(), v]));
}

/** Subscription, resource group and `<provider>/<type>/<name>` (lower case) of a top-level resource's ARM id. */
function parseTarget(id: string): { subscription: string; group: string; key: string } | undefined {
  const m =
    /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/([^/]+)\/([^/]+)\/([^/]+)\/?$/i.exec(id);
  return m ? { subscription: m[1]!, group: m[2]!, key: `${m[3]}/${m[4]}/${m[5]}`.toLowerCase() } : undefined;
}

const ownStoreRules: Rule = (c) =>
  Object.entries(c.workspace.outboundRules).flatMap(([name, rule]) => {
    if (rule.type !== "PrivateEndpoint") return [];
    const target = parseTarget(rule.serviceResourceId);
    // The stack's resources live in its own resource group; their names there follow from the subscription.
    if (!target || target.group.toLowerCase() !== resourceGroupName(c.name)) return [];
    const what = stackOwnedTargets(c, target.subscription).get(target.key);
    if (what === undefined) return [];
    return [
      err(
        "outbound-rule-own-store",
        `workspace.outboundRules.${name}.serviceResourceId`,
        rule.serviceResourceId,
        `the target is ${what}, which this stack creates and already reaches from the managed VNet (its own rule, or the one Azure adds), approved by the workspace identity's role: a second rule duplicates the private endpoint and its role assignment`,
        `remove the rule; secure-aml adds rules to its own stores (${RESERVED_RULE_NAMES.join(", ")})`,
        "https://learn.microsoft.com/azure/machine-learning/how-to-managed-network",
      ),
    ];
  });

const firewallRules: Rule = (c) => {
  const fqdnRules = Object.values(c.workspace.outboundRules).filter((r) => r.type === "FQDN");
  if (fqdnRules.length === 0 || c.workspace.isolationMode !== "AllowOnlyApprovedOutbound") return [];
  const basic = monthlyFromHourly(PRICES.firewallBasic);
  const standard = monthlyFromHourly(PRICES.firewallStandard);
  const chosen = c.workspace.firewallSku === "Standard" ? standard : basic;
  const issues = [
    warn(
      "firewall-cost",
      "workspace.outboundRules",
      `${fqdnRules.length} FQDN rule(s)`,
      `FQDN rules make Azure create an Azure Firewall ${c.workspace.firewallSku} in the managed VNet: about ${fmtUsd(chosen)}/month before data processing`,
      "expected for AllowOnlyApprovedOutbound with package hosts; remove the FQDN rules to avoid the firewall",
      "https://learn.microsoft.com/azure/machine-learning/how-to-managed-network#pricing (a firewall is created only for FQDN rules)",
    ),
  ];
  if (c.workspace.firewallSku === "Standard") {
    issues.push(
      warn(
        "firewall-standard",
        "workspace.firewallSku",
        "Standard",
        `a Standard firewall costs about ${(standard / basic).toFixed(1)}x Basic (${fmtUsd(standard)} vs ${fmtUsd(basic)}/month)`,
        'set workspace.firewallSku to "Basic" unless you need Standard throughput',
        "https://learn.microsoft.com/azure/machine-learning/how-to-managed-network#pricing",
      ),
    );
  }
  return issues;
};

const workspaceAccessRules: Rule = (c) => {
  const issues: ConfigIssue[] = [];
  const ws = c.workspace;
  if (ws.publicNetworkAccess === "Disabled" && !ws.privateEndpoint) {
    issues.push(
      err(
        "workspace-unreachable",
        "workspace.privateEndpoint",
        false,
        "with publicNetworkAccess Disabled and no private endpoint nobody could reach the workspace",
        'set workspace.privateEndpoint to true, or workspace.publicNetworkAccess to "Enabled"',
        "https://learn.microsoft.com/azure/machine-learning/how-to-configure-private-link",
      ),
    );
  }
  if (ws.publicNetworkAccess === "Disabled" && !c.jumpbox.enabled) {
    issues.push(
      warn(
        "private-workspace-no-jumpbox",
        "jumpbox.enabled",
        false,
        "the workspace is private and there is no jump box: Studio works only from a network with line of sight to the private endpoint (VPN, ExpressRoute, peering)",
        "set jumpbox.enabled to true, or make sure you have another path into the VNet",
        "https://learn.microsoft.com/azure/machine-learning/how-to-enable-studio-virtual-network",
      ),
    );
  }
  const privateStores = [
    c.data.publicNetworkAccess === "Disabled" ? "data" : undefined,
    ws.dependencies.publicNetworkAccess === "Disabled" ? "workspace.dependencies" : undefined,
  ].filter((x) => x !== undefined);
  if (ws.publicNetworkAccess === "Enabled" && privateStores.length > 0) {
    issues.push(
      warn(
        "public-workspace-private-data",
        `${privateStores[0]}.publicNetworkAccess`,
        "Disabled",
        "the workspace is public but its stores are private: Microsoft does not recommend it, and Studio (which reads the default storage from the browser) only works from inside the VNet",
        'make the workspace private too (workspace.publicNetworkAccess "Disabled" + privateEndpoint true), or use the private preset',
        "https://learn.microsoft.com/azure/machine-learning/how-to-enable-studio-virtual-network",
      ),
    );
  }
  const anyPublicStore =
    c.data.publicNetworkAccess === "Enabled" || ws.dependencies.publicNetworkAccess === "Enabled";
  if (anyPublicStore && c.allowedIpAddresses.length === 0) {
    const blocked = c.data.publicNetworkAccess === "Enabled" && sampleUpload(c) === "manual";
    issues.push(
      warn(
        "public-stores-no-ip",
        "allowedIpAddresses",
        [],
        blocked
          ? "stores have public access Enabled with firewall default Deny, but no address is allowed: only trusted Azure services and the VNet reach them. The machine running the deployment cannot reach them either, so the sample data upload is not part of the deployment: it is listed under what is left to do, with the command"
          : "stores have public access Enabled with firewall default Deny, but no address is allowed: only trusted Azure services and the VNet reach them",
        "add the public IPv4 address you deploy and work from (e.g. from `curl ifconfig.me`) to allowedIpAddresses; IP rules do not apply to clients in the same Azure region as the account (use a private endpoint or a VNet rule there)",
        "https://learn.microsoft.com/azure/storage/common/storage-network-security",
      ),
    );
  }
  return issues;
};

const networkRules: Rule = (c, ctx) => {
  const issues: ConfigIssue[] = [];
  const space = parseCidr(c.network.addressSpace);
  const defaulted = new Set(ctx.defaultedSubnets ?? []);
  // Only subnets that are deployed: a range nobody creates cannot collide with anything.
  const subnets = deployedSubnets(c).map((name) => ({
    name,
    text: c.network.subnets[name],
    net: parseCidr(c.network.subnets[name]),
  }));
  if (!space) return issues; // the schema already reported it
  for (const s of subnets) {
    if (s.net && !cidrContains(space, s.net)) {
      issues.push(
        defaulted.has(s.name)
          ? err(
              "subnet-default-does-not-fit",
              `network.subnets.${s.name}`,
              s.text,
              `no default range for this subnet fits in network.addressSpace ${c.network.addressSpace} (the default ${s.text} is outside it)`,
              `set network.subnets.${s.name} to a range inside ${c.network.addressSpace}, or widen network.addressSpace`,
            )
          : err(
              "subnet-outside-address-space",
              `network.subnets.${s.name}`,
              s.text,
              `the subnet is not inside the VNet address space ${c.network.addressSpace}`,
              `choose a range inside ${c.network.addressSpace}, or widen network.addressSpace`,
            ),
      );
    }
  }
  for (let i = 0; i < subnets.length; i++) {
    for (let j = i + 1; j < subnets.length; j++) {
      const a = subnets[i]!;
      const b = subnets[j]!;
      if (a.net && b.net && cidrOverlaps(a.net, b.net)) {
        issues.push(
          err(
            "subnet-overlap",
            `network.subnets.${b.name}`,
            b.text,
            `overlaps network.subnets.${a.name} (${a.text}${defaulted.has(a.name) ? ", its default" : ""})`,
            "give each subnet its own range",
          ),
        );
      }
    }
  }
  const bastion = parseCidr(c.network.subnets.bastion);
  if (c.jumpbox.enabled && c.jumpbox.bastionSku !== "Developer" && bastion && bastion.prefix > 26) {
    issues.push(
      err(
        "bastion-subnet-size",
        "network.subnets.bastion",
        c.network.subnets.bastion,
        `AzureBastionSubnet must be /26 or larger for the ${c.jumpbox.bastionSku} SKU`,
        "use a /26 (or larger) range",
        "https://learn.microsoft.com/azure/bastion/configuration-settings#subnet",
      ),
    );
  }
  const pe = parseCidr(c.network.subnets.privateEndpoints);
  const needed = privateEndpointCount(c);
  // Azure reserves five addresses in every subnet.
  if (pe && blockSize(pe.prefix) - 5 < needed) {
    issues.push(
      err(
        "pe-subnet-too-small",
        "network.subnets.privateEndpoints",
        c.network.subnets.privateEndpoints,
        `the configuration needs ${needed} private endpoint addresses and the subnet has ${blockSize(pe.prefix) - 5} usable`,
        "use a larger range, e.g. a /27",
        "https://learn.microsoft.com/azure/virtual-network/virtual-networks-faq (5 reserved addresses per subnet)",
      ),
    );
  }
  return issues;
};

const ipRules: Rule = (c) =>
  c.allowedIpAddresses.flatMap((text, i) => {
    const net = parseCidr(text);
    if (!net) return [];
    // Anything this wide is "the internet", not an allow-list.
    if (net.prefix < 8) {
      return [
        err(
          "allowed-ip-too-broad",
          `allowedIpAddresses[${i}]`,
          text,
          `a /${net.prefix} range opens the service firewalls to a large part of the internet`,
          "list the public addresses (or small ranges) that need access, e.g. your office egress IP",
        ),
      ];
    }
    if (!isPrivateRange(net)) return [];
    return [
      err(
        "allowed-ip-private",
        `allowedIpAddresses[${i}]`,
        text,
        "service firewalls (storage, Key Vault, registry, SQL) only accept public internet addresses",
        "use your public IPv4 address; reach private ranges through the VNet and private endpoints instead",
        "https://learn.microsoft.com/azure/storage/common/storage-network-security (IP network rules)",
      ),
    ];
  });

const sqlRules: Rule = (c) => {
  const sql = c.data.sql;
  if (!sql.enabled || sql.sku.toLowerCase() !== "basic" || sql.maxSizeGb <= 2) return [];
  return [
    err(
      "sql-basic-size",
      "data.sql.maxSizeGb",
      sql.maxSizeGb,
      "the Basic SQL Database SKU holds at most 2 GB",
      'set data.sql.maxSizeGb to 2 or less, or choose a larger SKU such as "S0"',
      "https://learn.microsoft.com/azure/azure-sql/database/resource-limits-dtu-single-databases",
    ),
  ];
};

/**
 * Number of private endpoints the customer VNet's endpoint subnet must hold: the workspace endpoint, and one
 * per private sub-resource of each private store.
 */
export function privateEndpointCount(c: Config): number {
  return Object.values(privateEndpointGroups(c)).flat().length;
}

function suggestRuleName(name: string): string {
  const cleaned = name.replace(/[^a-zA-Z0-9_-]/g, "-").replace(/^[^a-zA-Z0-9]+/, "");
  return (cleaned.length >= 3 ? cleaned : `${cleaned}rule`).slice(0, 33);
}

/** Azure's limit on tags per resource. */
export const MAX_TAGS_PER_RESOURCE = 50;
const TAG_LIMITS =
  "https://learn.microsoft.com/azure/azure-resource-manager/management/tag-resources#limitations";

const tagRules: Rule = (c) => {
  // The stack adds `workload` and `managed-by` to every resource (src/infra/stack.ts).
  const names = new Set(Object.keys(c.tags));
  names.add("workload");
  names.add("managed-by");
  if (names.size <= MAX_TAGS_PER_RESOURCE) return [];
  return [
    err(
      "too-many-tags",
      "tags",
      `${Object.keys(c.tags).length} tags`,
      `Azure allows ${MAX_TAGS_PER_RESOURCE} tags per resource and secure-aml adds "workload" and "managed-by": ${names.size} in all`,
      `keep at most ${MAX_TAGS_PER_RESOURCE - 2} tags besides those two`,
      TAG_LIMITS,
    ),
  ];
};

const regionRules: Rule = (c) => checkLocation(c.location, c.cloud);

/**
 * `location` against the region table of `cloud`: another cloud's region names that cloud, anything else
 * gets a "did you mean". Exported so the loader can check it even when other fields fail the schema.
 */
export function checkLocation(location: string, cloud: Config["cloud"]): ConfigIssue[] {
  const c = { location, cloud };
  const table = REGIONS[c.cloud];
  if (table.regions.includes(c.location)) return [];
  const other = cloudOfRegion(c.location);
  if (other) {
    return [
      err(
        "location-other-cloud",
        "location",
        c.location,
        `${c.location} is a region of ${other}, not of ${c.cloud}`,
        `set cloud to "${other}", or choose a ${c.cloud} region (${table.regions.slice(0, 4).join(", ")}, ...)`,
        REGIONS[other].source,
      ),
    ];
  }
  const guess = closest(c.location, table.regions);
  return [
    err(
      "location-unknown",
      "location",
      c.location,
      `is not a region of ${c.cloud} (the table of ${table.checked})`,
      guess
        ? `did you mean "${guess}"? \`az account list-locations --query "[].name"\` lists your regions`
        : `use a region name from \`az account list-locations --query "[].name"\`, e.g. ${table.regions.slice(0, 3).join(", ")}`,
      table.source,
    ),
  ];
}

const bastionRules: Rule = (c) => {
  if (!c.jumpbox.enabled || c.jumpbox.bastionSku !== "Developer") return [];
  if (c.cloud !== "AzureCloud") {
    return [
      err(
        "bastion-developer-cloud",
        "jumpbox.bastionSku",
        "Developer",
        `Bastion Developer is not available in ${c.cloud} (only in some regions of the public cloud)`,
        'set jumpbox.bastionSku to "Basic" (or "Standard"); it needs network.subnets.bastion, a /26 or larger',
        BASTION_DEVELOPER_REGIONS.source,
      ),
    ];
  }
  if (!REGIONS.AzureCloud.regions.includes(c.location)) return []; // regionRules reports it
  if (BASTION_DEVELOPER_REGIONS.regions.includes(c.location)) return [];
  return [
    warn(
      "bastion-developer-region",
      "jumpbox.bastionSku",
      "Developer",
      `Bastion Developer is not listed for ${c.location} (Microsoft's list of ${BASTION_DEVELOPER_REGIONS.checked}); the deployment may fail`,
      `check the list; otherwise set jumpbox.bastionSku to "Basic", or choose a listed region such as eastus2 or westeurope`,
      BASTION_DEVELOPER_REGIONS.source,
    ),
  ];
};

/**
 * Private endpoint group ids Azure ML's managed VNet outbound rules target, and the common ones of
 * Private Link: https://learn.microsoft.com/azure/private-link/private-endpoint-overview#private-link-resource
 * and https://learn.microsoft.com/azure/machine-learning/how-to-managed-network#private-endpoint-outbound-rules
 */
export const KNOWN_PE_GROUP_IDS: readonly string[] = [
  "amlworkspace",
  "account",
  "blob",
  "blob_secondary",
  "Cassandra",
  "configurationStores",
  "databricks_ui_api",
  "dataFactory",
  "dfs",
  "dfs_secondary",
  "file",
  "Gremlin",
  "MongoDB",
  "mysqlServer",
  "namespace",
  "postgresqlServer",
  "queue",
  "redisCache",
  "registry",
  "searchService",
  "sites",
  "Sql",
  "sqlServer",
  "table",
  "vault",
  "web",
];

const subresourceRules: Rule = (c) =>
  Object.entries(c.workspace.outboundRules).flatMap(([name, rule]) => {
    if (rule.type !== "PrivateEndpoint" || KNOWN_PE_GROUP_IDS.includes(rule.subresourceTarget)) return [];
    const guess = closest(rule.subresourceTarget, KNOWN_PE_GROUP_IDS);
    return [
      warn(
        "subresource-unknown",
        `workspace.outboundRules.${name}.subresourceTarget`,
        rule.subresourceTarget,
        "is not a private endpoint group id secure-aml knows; Azure rejects the rule if the target has no such group",
        guess
          ? `did you mean "${guess}"? \`az network private-link-resource list --id <serviceResourceId>\` lists the target's group ids`
          : "`az network private-link-resource list --id <serviceResourceId>` lists the target's group ids",
        "https://learn.microsoft.com/azure/private-link/private-endpoint-overview#private-link-resource",
      ),
    ];
  });

const priceRules: Rule = (c) => {
  const issues: ConfigIssue[] = [];
  const noPrice = (path: string, value: string) =>
    warn(
      "no-price",
      path,
      value,
      "the cost estimate has no price for this size: it is shown as having no price and left out of the total",
      "check the size on the Azure pricing page; the estimate covers only the sizes in its price table",
    );
  if (c.compute.instance.enabled && !hasPrice("vm", c.compute.instance.size))
    issues.push(noPrice("compute.instance.size", c.compute.instance.size));
  if (c.jumpbox.enabled && !hasPrice("vm", c.jumpbox.size))
    issues.push(noPrice("jumpbox.size", c.jumpbox.size));
  if (c.data.sql.enabled && !hasPrice("sql", c.data.sql.sku))
    issues.push(noPrice("data.sql.sku", c.data.sql.sku));
  return issues;
};

const allowedIpUsageRules: Rule = (c) => {
  const issues: ConfigIssue[] = [];
  const seen = new Map<string, number>();
  c.allowedIpAddresses.forEach((text, i) => {
    // Same network written two ways (203.0.113.7 and 203.0.113.7/32) is a duplicate too.
    const net = parseCidr(text);
    const key = net ? formatCidr(net) : text;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, i);
    else
      issues.push(
        warn(
          "allowed-ip-duplicate",
          `allowedIpAddresses[${i}]`,
          text,
          `repeats allowedIpAddresses[${first}] (${c.allowedIpAddresses[first]})`,
          "remove the duplicate",
        ),
      );
  });
  const anyPublicStore =
    c.data.publicNetworkAccess === "Enabled" || c.workspace.dependencies.publicNetworkAccess === "Enabled";
  if (c.allowedIpAddresses.length > 0 && !anyPublicStore) {
    issues.push(
      warn(
        "allowed-ip-unused",
        "allowedIpAddresses",
        c.allowedIpAddresses,
        "is not used: the addresses open the firewalls of stores with public access Enabled, and every store here is private (data and workspace.dependencies publicNetworkAccess Disabled)",
        'remove allowedIpAddresses, or set data.publicNetworkAccess (or workspace.dependencies.publicNetworkAccess) to "Enabled"',
      ),
    );
  }
  return issues;
};
/** The schema's default workload name. */
const DEFAULT_NAME = "secureaml";

const namingRules: Rule = (c) =>
  c.name === DEFAULT_NAME && c.nameSuffix === undefined
    ? [
        warn(
          "default-name",
          "name",
          c.name,
          "the workload name is still the default: the resource group (rg-secureaml), VNet, identity and VM names derive from it, so a second deployment with the default name in the same subscription would manage the same resources (global names carry a suffix derived from the subscription and resource group, so other subscriptions do not collide)",
          "set name to 2-10 lowercase letters or digits that say what the workload is",
          "https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-string#uniquestring",
        ),
      ]
    : [];

const RULES: readonly Rule[] = [
  namingRules,
  outboundRuleRules,
  ownStoreRules,
  firewallRules,
  workspaceAccessRules,
  networkRules,
  ipRules,
  sqlRules,
  tagRules,
  regionRules,
  bastionRules,
  subresourceRules,
  priceRules,
  allowedIpUsageRules,
];

/** Runs every semantic rule; returns errors and warnings, errors first. */
export function checkConfig(c: Config, ctx: RuleContext = {}): ConfigIssue[] {
  const issues = RULES.flatMap((rule) => rule(c, ctx));
  return [...issues.filter((i) => i.severity === "error"), ...issues.filter((i) => i.severity === "warning")];
}
