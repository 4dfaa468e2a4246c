import { cidrContains, type Ipv4Network, parseCidr } from "../../config/cidr";
import { AZURE_PLATFORM_IP } from "../../infra/jumpboxAccess";
import {
  arr,
  azureNameOf,
  isChildOf,
  last,
  lc,
  type Obj,
  obj,
  props,
  type Res,
  str,
  subProps,
  T,
  vnetOfSubnet,
} from "../arm/read";
import type { ModelIndex } from "./modelIndex";
import type { InternetReach } from "./types";

/**
 * The internet side of each endpoint: the public endpoints of the workspace's stores behind their firewalls
 * (public network access, default action, IP rules, trusted-services bypass), SQL firewall rules, and the
 * NSGs in front of a VM's public IP.
 */

/** Public reachability of a service's public endpoint, with what the managed VNet and trusted services see. */
export interface PublicSide extends InternetReach {
  /** The public endpoint is on (even if its firewall lets nobody through). */
  readonly enabled: boolean;
  /** Every Azure IP gets through (SQL's 0.0.0.0 rule), so Azure-hosted callers reach it over the internet. */
  readonly azureIps: boolean;
  /** Trusted Azure services get through (the endpoint's `trustedServices`). */
  readonly trusted: boolean;
}

/** A public side nobody gets through, for the reason `path` gives. */
export const closed = (path: string): PublicSide => ({
  reachable: false,
  from: [],
  path,
  enabled: false,
  azureIps: false,
  trusted: false,
});

/** A firewall with default action, IP rules and a trusted-services bypass (storage, Key Vault, registry). */
export function firewalled(
  access: string | undefined,
  defaultAction: string | undefined,
  ips: string[],
  bypass: boolean,
  bypassWhenDisabled: boolean,
): PublicSide {
  // The endpoint's `trustedServices` flag carries the bypass; paths mention it only where it is the sole way in.
  if (access === "Disabled")
    return { ...closed("public network access Disabled"), trusted: bypass && bypassWhenDisabled };
  if (access === "SecuredByPerimeter") return closed("public access decided by a network security perimeter");
  const base = { enabled: true, azureIps: false, trusted: bypass && defaultAction === "Deny" };
  if (defaultAction !== "Deny")
    return { ...base, reachable: true, from: ["any"], path: "public endpoint, firewall default Allow" };
  if (ips.length > 0)
    return { ...base, reachable: true, from: ips, path: "public endpoint, firewall default Deny + IP rules" };
  return {
    ...base,
    reachable: false,
    from: [],
    path: `public endpoint on, but firewall default Deny with no IP rules${bypass ? " (trusted Azure services only)" : ""}`,
  };
}

/** `value` of each IP rule (storage `networkAcls`, Key Vault `networkAcls`, registry `networkRuleSet`). */
export const ipRuleValues = (rules: Obj): string[] =>
  arr(rules.ipRules)
    .map((x) => str(obj(x).value))
    .filter((x): x is string => x !== undefined);

/** A storage account's public endpoint (`networkAcls`). */
export function storagePublic(r: Res): PublicSide {
  const p = props(r);
  const acls = obj(p.networkAcls);
  const hasRules = Object.keys(acls).length > 0;
  const bypass = (str(acls.bypass) ?? "AzureServices").split(/\s*,\s*/).includes("AzureServices");
  // Storage ignores the trusted-services exception once public access is Disabled (INFERENCE, conservative:
  // Azure Policy describes Disabled as denying every public-endpoint login).
  return firewalled(
    str(p.publicNetworkAccess) ?? "Enabled",
    hasRules ? (str(acls.defaultAction) ?? "Allow") : "Allow",
    ipRuleValues(acls),
    hasRules && bypass,
    false,
  );
}

/** A Key Vault's public endpoint (`networkAcls`). */
export function vaultPublic(r: Res): PublicSide {
  const p = props(r);
  const acls = obj(p.networkAcls);
  // Key Vault honours the trusted-services bypass even with public access Disabled (its API documents it).
  return firewalled(
    str(p.publicNetworkAccess) ?? "Enabled",
    str(acls.defaultAction) ?? "Allow",
    ipRuleValues(acls),
    (str(acls.bypass) ?? "AzureServices") === "AzureServices",
    true,
  );
}

/** A container registry's public endpoint (`networkRuleSet`). */
export function registryPublic(r: Res): PublicSide {
  const p = props(r);
  const rules = obj(p.networkRuleSet);
  return firewalled(
    str(p.publicNetworkAccess) ?? "Enabled",
    str(rules.defaultAction) ?? "Allow",
    ipRuleValues(rules),
    (str(p.networkRuleBypassOptions) ?? "AzureServices") === "AzureServices",
    // INFERENCE: the registry API describes the bypass for any "network restricted registry"; counted as
    // honoured with public access Disabled too, so the report errs towards showing exposure.
    true,
  );
}

/** SQL: public network access plus firewall rules (0.0.0.0 alone = every Azure IP). */
export function sqlPublic(m: ModelIndex, r: Res): PublicSide {
  const access = str(props(r).publicNetworkAccess) ?? "Enabled";
  if (access === "Disabled") return closed("public network access Disabled");
  const rules = m.of(T.sqlFirewall).filter((f) => isChildOf(f, r));
  const from: string[] = [];
  let azureIps = false;
  for (const f of rules) {
    const start = String(props(f).startIpAddress ?? "");
    const end = String(props(f).endIpAddress ?? "");
    if (start === "0.0.0.0" && end === "0.0.0.0") {
      azureIps = true;
      m.issues.push(
        `SQL server ${azureNameOf(r)}: firewall rule ${azureNameOf(f)} (0.0.0.0) lets every Azure IP through, including other customers' resources.`,
      );
    } else if (start === "0.0.0.0" && end === "255.255.255.255") from.push("any");
    else from.push(start === end ? start : `${start}-${end}`);
  }
  const fromAll = from.includes("any") ? ["any"] : from;
  const path =
    rules.length === 0
      ? "public endpoint on, but no firewall rules"
      : `public endpoint + firewall rules${azureIps ? " (0.0.0.0: all Azure services)" : ""}`;
  return { reachable: fromAll.length > 0, from: fromAll, path, enabled: true, azureIps, trusted: azureIps };
}

// ---------------------------------------------------------------- NSGs

/** Sources an NSG rule uses for "the whole internet". */
const ANY_SOURCE = new Set(["*", "internet", "any", "0.0.0.0/0"]);

/**
 * Address ranges no internet client can come from: private and shared address space (RFC 1918, RFC 6598),
 * loopback and link-local, and Azure's platform address 168.63.129.16 (Bastion Developer, DNS, health probes:
 * a virtual address of the host, never an internet source;
 * https://learn.microsoft.com/azure/virtual-network/what-is-ip-address-168-63-129-16).
 */
const NOT_INTERNET: readonly Ipv4Network[] = [
  "10.0.0.0/8",
  "172.16.0.0/12",
  "192.168.0.0/16",
  "100.64.0.0/10",
  "127.0.0.0/8",
  "169.254.0.0/16",
  `${AZURE_PLATFORM_IP}/32`,
].map((r) => parseCidr(r)!);

/** An NSG source that names internet addresses: a CIDR not wholly inside {@link NOT_INTERNET}. */
function internetCidr(source: string): boolean {
  const net = parseCidr(source);
  return net !== undefined && !NOT_INTERNET.some((r) => cidrContains(r, net));
}

/**
 * Internet sources an inbound port is open to, through the subnet's and the NIC's NSGs (both must allow).
 * Allows from private ranges or Azure's platform address (Bastion sessions) let no internet client in.
 * Without any NSG, a Standard public IP is closed by default and a Basic one is open.
 */
export function nsgAllows(
  m: ModelIndex,
  subnetId: string,
  nic: Res,
  port: number,
  pip: Res | undefined,
): string[] {
  const nsgs = nsgsOf(m, subnetId, nic);
  if (nsgs.length === 0) {
    const sku = str(obj(pip?.sku).name);
    return sku === "Standard" ? [] : ["any"];
  }
  const rulesOf = (nsg: Res | undefined) => inboundRules(nsg, port);
  const candidates = new Set<string>(["any"]);
  for (const nsg of nsgs)
    for (const r of rulesOf(nsg))
      for (const s of sources(r)) if (!ANY_SOURCE.has(s.toLowerCase()) && internetCidr(s)) candidates.add(s);
  return [...candidates].filter((cand) =>
    nsgs.every((nsg) => {
      const first = rulesOf(nsg).find((r) => sources(r).some((s) => sourceMatches(s, cand)));
      return lc(first?.access) === "allow";
    }),
  );
}

/** The NSGs in front of a NIC: its subnet's and its own. */
function nsgsOf(m: ModelIndex, subnetId: string, nic: Res): (Res | undefined)[] {
  const vnet = m.get(vnetOfSubnet(subnetId));
  const subnet = arr(props(vnet).subnets)
    .map(obj)
    .find((s) => lc(s.name) === last(subnetId).toLowerCase());
  return [str(obj(subProps(subnet).networkSecurityGroup).id), str(obj(props(nic).networkSecurityGroup).id)]
    .filter((id): id is string => id !== undefined)
    .map((id) => m.get(id));
}

/** An NSG's inbound rules that cover a port, in evaluation (priority) order. */
function inboundRules(nsg: Res | undefined, port: number): Obj[] {
  return arr(props(nsg).securityRules)
    .map(subProps)
    .filter((r) => lc(r.direction) === "inbound" && portMatches(r, port))
    .sort((a, b) => Number(a.priority) - Number(b.priority));
}

/**
 * Whether the NSGs in front of a NIC let Bastion Developer's sessions in: they come from Azure's platform
 * address 168.63.129.16, which the NSG must allow explicitly
 * (https://learn.microsoft.com/azure/bastion/quickstart-developer). `"allow"` when every NSG's first rule that
 * matches the address allows it; `"deny"` when one denies it first, counting an `Internet` or `*` source as a
 * match (whether the Internet tag covers the address is undocumented, so a deny of it is treated as blocking);
 * `"default"` when no NSG rule names it and only Azure's default rules decide.
 */
export function platformAddressAccess(
  m: ModelIndex,
  subnetId: string,
  nic: Res,
  port: number,
): "allow" | "deny" | "default" {
  const platform = `${AZURE_PLATFORM_IP}/32`;
  const covers = (source: string) =>
    source.toLowerCase() === "azureloadbalancer" || sourceMatches(source, platform);
  const verdicts = nsgsOf(m, subnetId, nic).map((nsg) =>
    lc(inboundRules(nsg, port).find((r) => sources(r).some(covers))?.access),
  );
  if (verdicts.some((v) => v === "deny")) return "deny";
  return verdicts.length > 0 && verdicts.every((v) => v === "allow") ? "allow" : "default";
}

/** Source prefixes of an NSG rule's `properties`. */
function sources(rule: Obj): string[] {
  return [str(rule.sourceAddressPrefix), ...arr(rule.sourceAddressPrefixes).map(String)].filter(
    (s): s is string => s !== undefined,
  );
}

/** The NSG rule source covers the candidate source (`any` is covered only by an any-source). */
function sourceMatches(source: string, candidate: string): boolean {
  if (ANY_SOURCE.has(source.toLowerCase())) return true;
  if (candidate === "any") return false;
  const [outer, inner] = [parseCidr(source), parseCidr(candidate)];
  return outer !== undefined && inner !== undefined && cidrContains(outer, inner);
}

/** The NSG rule's destination ports include `port`. */
function portMatches(rule: Obj, port: number): boolean {
  const ranges = [str(rule.destinationPortRange), ...arr(rule.destinationPortRanges).map(String)].filter(
    (s): s is string => s !== undefined,
  );
  return ranges.some((r) => {
    if (r === "*") return true;
    const [lo, hi] = r.split("-").map(Number);
    return hi === undefined ? lo === port : lo! <= port && port <= hi;
  });
}
