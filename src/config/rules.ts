import { privateEndpointGroups } from "../infra/dnsZones";
import { monthlyFromHourly, PRICES } from "../plan/cost/prices";
import { blockSize, cidrContains, cidrOverlaps, isPrivateRange, parseCidr } from "./cidr";
import type { ConfigIssue } from "./issues";
import { RESERVED_RULE_NAMES, resourceGroupName, resourceNames } from "./naming";
import { sampleUpload } from "./sampleUpload";
import { type Config, RULE_NAME_PATTERN } from "./schema";

/**
 * Semantic rules over a schema-valid config: combinations Azure rejects, or that would leave something
 * unreachable or unexpectedly expensive. Each rule cites the fact sheet (`shared/docs/azure-ml-facts.md`).
 */

const MVNET = "facts §1.4 (how-to-managed-network.md, outbound rules)";

type Rule = (c: Config) => ConfigIssue[];

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
          "facts §1.4 (workspaceRP.json parameters.RuleName)",
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
          "facts §1.1",
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
      "facts §1.5 and §9 (firewall created only for FQDN rules; prices)",
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
        "facts §1.5, §9",
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
        "facts §3",
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
        "facts §3, §4.3",
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
        "facts §4.2, §4.3",
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

const networkRules: Rule = (c) => {
  const issues: ConfigIssue[] = [];
  const space = parseCidr(c.network.addressSpace);
  const subnets = Object.entries(c.network.subnets).map(([name, text]) => ({
    name,
    text,
    net: parseCidr(text),
  }));
  if (!space) return issues; // the schema already reported it
  for (const s of subnets) {
    if (s.net && !cidrContains(space, s.net)) {
      issues.push(
        err(
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
            `overlaps network.subnets.${a.name} (${a.text})`,
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
        "learn.microsoft.com/azure/bastion/configuration-settings#subnet",
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
        "learn.microsoft.com/azure/virtual-network/virtual-networks-faq (5 reserved addresses per subnet)",
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
        "learn.microsoft.com/azure/storage/common/storage-network-security (IP network rules)",
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
      "learn.microsoft.com/azure/azure-sql/database/resource-limits-dtu-single-databases",
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
];

/** Runs every semantic rule; returns errors and warnings, errors first. */
export function checkConfig(c: Config): ConfigIssue[] {
  const issues = RULES.flatMap((rule) => rule(c));
  return [...issues.filter((i) => i.severity === "error"), ...issues.filter((i) => i.severity === "warning")];
}
