import type { Config } from "../../config";
import { type ArmModel, type ArmResourceModel, toArmModel } from "../arm/model";
import { azureNameOf as azureName, props, obj as rec, str } from "../arm/read";
import type { Plan } from "../synth";
import {
  BASTION_SKU_PRICES,
  DAYS_PER_MONTH,
  HOURS_PER_MONTH,
  PRICES,
  type Price,
  type PriceId,
  REGISTRY_SKU_PRICES,
  sqlSkuPrice,
  vmSizePrice,
} from "./prices";

/**
 * The monthly cost estimate of a set of Azure resources in ARM shape (`type`, `sku`, `properties` as Azure
 * Resource Manager has them): the ARM model of a plan ({@link estimatePlanCost}) or, for a live workspace,
 * the resources read back from ARM. Every line is derived from those resources (and, for the Azure Firewall
 * and the managed VNet's private endpoints, from the workspace's `properties.managedNetwork`, because Azure
 * creates those itself), priced from the table in `prices.ts`. Usage that the resources cannot tell (hours a
 * compute instance runs, GB ingested or processed) comes from {@link CostAssumptions} and is stated on the
 * line. ARM types and resource ids are compared case-insensitively, as ARM does.
 */

/** Usage the plan cannot know. Every value is per month. */
export interface CostAssumptions {
  /**
   * Hours each compute instance is in use. Idle shutdown keeps it running for its idle period after each
   * session, so the billed hours are these plus `computeInstanceSessionsPerMonth` idle tails (capped at 730).
   */
  readonly computeInstanceHoursPerMonth: number;
  /** Working sessions per month, each followed by one idle period before the instance shuts down. */
  readonly computeInstanceSessionsPerMonth: number;
  /** Hours the jump box VM runs (the stack sets no auto-shutdown, so it is always on). */
  readonly jumpboxHoursPerMonth: number;
  /** GB ingested into each Log Analytics workspace (diagnostics and workspace-based Application Insights). */
  readonly logAnalyticsGbPerMonth: number;
  /** GB processed through each metered path: the customer VNet's private endpoints, the firewall, the NAT gateway. */
  readonly dataProcessedGbPerMonth: number;
}

/** Defaults: one person, 8 h a day on 22 working days; the jump box always on; 5 GB of logs; 50 GB of data. */
export const DEFAULT_COST_ASSUMPTIONS: CostAssumptions = {
  computeInstanceHoursPerMonth: 8 * 22,
  computeInstanceSessionsPerMonth: 22,
  jumpboxHoursPerMonth: HOURS_PER_MONTH,
  logAnalyticsGbPerMonth: 5,
  dataProcessedGbPerMonth: 50,
};

/** How far a line can be trusted: a sourced price and quantity, an unverified price, or a usage assumption. */
export type CostLineStatus = "sourced" | "unverified" | "assumption";

/** One line of the estimate. `monthlyUsd = quantity × unitPriceUsd`. */
export interface CostLine {
  /** Stable across configs (used to line estimates up side by side), e.g. `firewall:Basic`. */
  readonly id: string;
  readonly item: string;
  readonly quantity: number;
  /** What one unit of `quantity` is, e.g. `h`, `GB`, `endpoint-month`. */
  readonly unit: string;
  readonly unitPriceUsd: number;
  readonly monthlyUsd: number;
  /** The prices the line uses (empty when the table has none for it). */
  readonly priceIds: PriceId[];
  /**
   * False when the table has no price for it: `unitPriceUsd` and `monthlyUsd` are then 0 only as placeholders,
   * renderers show "no price", and the line is named in the estimate's `unpriced` list (not in the total).
   */
  readonly priced: boolean;
  /** `unverified` when any price is unverified or missing; else `assumption` when usage is assumed. */
  readonly status: CostLineStatus;
  readonly note: string;
}

/** The estimate of one plan. */
export interface CostEstimate {
  readonly currency: "USD";
  /** The config's region; prices may be for other regions (see `otherRegionPriceIds`). */
  readonly location: string;
  readonly hoursPerMonth: number;
  readonly assumptions: CostAssumptions;
  readonly lines: CostLine[];
  readonly totalUsd: number;
  /** Part of the total on lines whose status is `unverified`. */
  readonly unverifiedUsd: number;
  /** `unverifiedUsd / totalUsd` (0 when the total is 0). */
  readonly unverifiedShare: number;
  /** Every price the lines use, in order of first use. */
  readonly priceIds: PriceId[];
  /** Used prices read for a region other than `location`. */
  readonly otherRegionPriceIds: PriceId[];
  /** Costs the estimate leaves out. */
  readonly notIncluded: string[];
  /** Items of lines the table has no price for: the total leaves them out (see `priced`). */
  readonly unpriced: string[];
}

/** What the estimate leaves out, stated so nobody reads the total as complete. */
export const NOT_INCLUDED: readonly string[] = [
  "storage capacity and transactions (default storage, data lake, blob account; Hot LRS is $0.0208/GB-month westus)",
  "managed disks (jump box OS disk, compute instance disks)",
  "Key Vault operations, private DNS queries ($0.40 per million), Bastion and internet egress",
  "data processed by the managed VNet's private endpoints",
  "SQL backup storage beyond the included amount, Log Analytics retention beyond the included period",
  "any other charge Azure adds for the managed VNet (https://learn.microsoft.com/azure/machine-learning/how-to-managed-network names only private endpoints and the firewall)",
];

/** ARM resource types the estimate reads (lower case: ARM types are case-insensitive). */
const T = {
  privateEndpoint: "microsoft.network/privateendpoints",
  privateZone: "microsoft.network/privatednszones",
  registry: "microsoft.containerregistry/registries",
  bastion: "microsoft.network/bastionhosts",
  natGateway: "microsoft.network/natgateways",
  publicIp: "microsoft.network/publicipaddresses",
  vm: "microsoft.compute/virtualmachines",
  mlCompute: "microsoft.machinelearningservices/workspaces/computes",
  mlWorkspace: "microsoft.machinelearningservices/workspaces",
  sqlDatabase: "microsoft.sql/servers/databases",
  logAnalytics: "microsoft.operationalinsights/workspaces",
} as const;

const LIMITS: Record<keyof CostAssumptions, number> = {
  computeInstanceHoursPerMonth: HOURS_PER_MONTH,
  computeInstanceSessionsPerMonth: 1000,
  jumpboxHoursPerMonth: HOURS_PER_MONTH,
  logAnalyticsGbPerMonth: 1e9,
  dataProcessedGbPerMonth: 1e9,
};

/** Fills in defaults; throws RangeError for a negative, non-finite or impossible value. */
export function resolveAssumptions(partial: Partial<CostAssumptions> = {}): CostAssumptions {
  const out = { ...DEFAULT_COST_ASSUMPTIONS };
  for (const [key, value] of Object.entries(partial) as [keyof CostAssumptions, number | undefined][]) {
    if (value === undefined) continue;
    if (!(key in LIMITS)) throw new RangeError(`unknown cost assumption "${key}"`);
    if (!Number.isFinite(value) || value < 0 || value > LIMITS[key])
      throw new RangeError(`cost assumption ${key} must be between 0 and ${LIMITS[key]}, got ${value}`);
    out[key] = value;
  }
  return out;
}

/** Minutes of an ISO 8601 duration like `PT60M` or `PT1H30M`; undefined when it is not one. */
export function durationMinutes(iso: unknown): number | undefined {
  if (typeof iso !== "string") return undefined;
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(iso);
  if (!m || iso === "P" || iso.endsWith("T")) return undefined;
  return Number(m[1] ?? 0) * 1440 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

/**
 * `n` with thousands separators and between `min` and `max` decimals (trailing zeros dropped down to `min`), as
 * `toLocaleString("en-US", …)` prints it — without Intl, whose first use loads the ICU locale data: about 0.1 s of
 * every `plan`. Rounds as `toFixed` does.
 */
export function formatDecimal(n: number, min: number, max: number): string {
  const fixed = Math.abs(n).toFixed(max);
  const [int = "0", fraction = ""] = fixed.split(".");
  let frac = fraction;
  while (frac.length > min && frac.endsWith("0")) frac = frac.slice(0, -1);
  const sign = n < 0 ? "-" : "";
  return `${sign}${int.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}${frac ? `.${frac}` : ""}`;
}

/** A price as `$1.6667` or `$0.0752` (up to 4 decimals, at least 2). */
export const formatPrice = (n: number): string => `$${formatDecimal(n, 2, 4)}`;
const usd = formatPrice;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const skuName = (r: ArmResourceModel): string | undefined => str(rec(r.sku).name);
/** Whether ARM resource `r`'s properties reference the resource id `id` (ids are case-insensitive). */
const references = (r: ArmResourceModel, id: string): boolean =>
  id !== "" &&
  JSON.stringify(r.properties ?? {})
    .toLowerCase()
    .includes(`"${id.toLowerCase()}"`);

/** Groups resources by a key, keeping first-seen order. */
function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    out.set(k, [...(out.get(k) ?? []), it]);
  }
  return out;
}

/** Builds a line; its status follows from the prices it uses and whether its usage is assumed. */
function makeLine(
  id: string,
  item: string,
  quantity: number,
  unit: string,
  unitPriceUsd: number,
  priceIds: (PriceId | undefined)[],
  note: string,
  assumed = false,
): CostLine {
  const ids = priceIds.filter((p): p is PriceId => p !== undefined);
  const missing = ids.length < priceIds.length || priceIds.length === 0;
  const unverified = missing || ids.some((p) => (PRICES[p] as Price).status === "unverified");
  return {
    id,
    item,
    quantity,
    unit,
    unitPriceUsd,
    monthlyUsd: quantity * unitPriceUsd,
    priceIds: ids,
    priced: !missing,
    status: unverified ? "unverified" : assumed ? "assumption" : "sourced",
    note,
  };
}

/** A line for something the table has no price for: shown as "no price", unverified, left out of the total. */
function unpriced(id: string, item: string, quantity: number, unit: string, note: string): CostLine {
  return makeLine(
    id,
    item,
    quantity,
    unit,
    0,
    [undefined],
    `no price in the table, not in the total; ${note}`,
  );
}

const hourly = (p: PriceId): number => PRICES[p].usd * HOURS_PER_MONTH;

/**
 * The private endpoints Azure creates in the managed VNet (not resources of their own): one per user-defined
 * PrivateEndpoint outbound rule, plus the required ones Azure creates (workspace, default storage blob and file,
 * Key Vault, registry; https://learn.microsoft.com/azure/machine-learning/how-to-managed-network), which exist in
 * AllowOnlyApprovedOutbound, or in AllowInternetOutbound only for those whose public network access is Disabled. The required ones are always inferred: a rule of category
 * `Required` (which a live workspace lists among its outbound rules) is not counted again as user-defined.
 */
function managedVnetEndpoints(
  ws: ArmResourceModel,
  byId: Map<string, ArmResourceModel>,
): { userDefined: number; required: string[] } {
  const p = props(ws);
  const mn = rec(p.managedNetwork);
  const mode = str(mn.isolationMode) ?? "Disabled";
  if (mode === "Disabled") return { userDefined: 0, required: [] };
  const rules = Object.values(rec(mn.outboundRules)).map(rec);
  const userDefined = rules.filter((r) => r.type === "PrivateEndpoint" && r.category !== "Required").length;
  const approvedOnly = mode === "AllowOnlyApprovedOutbound";
  const isPrivate = (r: ArmResourceModel | undefined) => props(r).publicNetworkAccess === "Disabled";
  const target = (key: string) => byId.get(String(p[key] ?? "").toLowerCase());
  const required: string[] = [];
  if (approvedOnly || p.publicNetworkAccess === "Disabled") required.push("workspace");
  if (approvedOnly || isPrivate(target("storageAccount"))) required.push("storage blob", "storage file");
  if (approvedOnly || isPrivate(target("keyVault"))) required.push("Key Vault");
  if (approvedOnly || isPrivate(target("containerRegistry"))) required.push("registry");
  return { userDefined, required };
}

/**
 * Estimates the monthly cost of ARM resources, line by line (pure; never throws for an unknown SKU or
 * size). `location` is the region the resources are in: prices read for another region are flagged.
 */
export function estimateCost(
  model: ArmModel,
  location: string,
  assumptions: Partial<CostAssumptions> = {},
): CostEstimate {
  const a = resolveAssumptions(assumptions);
  const all = model.resources;
  const of = (type: string) => all.filter((r) => r.type.toLowerCase() === type);
  const byId = new Map(all.filter((r) => r.id).map((r) => [r.id.toLowerCase(), r]));
  const gb = a.dataProcessedGbPerMonth;
  const lines: CostLine[] = [];

  // Private endpoints in the customer VNet, and the data they process.
  const pes = of(T.privateEndpoint);
  if (pes.length > 0) {
    lines.push(
      makeLine(
        "private-endpoints",
        "Private endpoints, customer VNet",
        pes.length,
        "endpoint-month",
        hourly("privateEndpoint"),
        ["privateEndpoint"],
        `${plural(pes.length, "endpoint")} in the plan, ${usd(PRICES.privateEndpoint.usd)}/h × ${HOURS_PER_MONTH} h each`,
      ),
      makeLine(
        "private-endpoint-data",
        "Private endpoint data processed",
        gb,
        "GB",
        PRICES.privateEndpointDataPerGb.usd,
        ["privateEndpointDataPerGb"],
        `assumed ${gb} GB/month through the customer VNet's endpoints in total`,
        true,
      ),
    );
  }

  // The managed VNet: its private endpoints and (for FQDN rules in approved-only mode) the Azure Firewall.
  for (const ws of of(T.mlWorkspace)) {
    const suffix = of(T.mlWorkspace).length > 1 ? `:${azureName(ws)}` : "";
    const { userDefined, required } = managedVnetEndpoints(ws, byId);
    const count = userDefined + required.length;
    if (count > 0) {
      lines.push(
        makeLine(
          `managed-vnet-private-endpoints${suffix}`,
          "Private endpoints, managed VNet",
          count,
          "endpoint-month",
          hourly("privateEndpoint"),
          ["privateEndpoint"],
          `created by Azure, not plan resources: ${plural(userDefined, "PrivateEndpoint outbound rule")}` +
            (required.length ? ` + ${required.length} required (${required.join(", ")})` : "") +
            "; the required count is inferred from the rules Azure creates (https://learn.microsoft.com/azure/machine-learning/how-to-managed-network; one endpoint per storage sub-resource assumed)",
          true,
        ),
      );
    }
    const mn = rec(props(ws).managedNetwork);
    const fqdnRules = Object.values(rec(mn.outboundRules)).filter((r) => rec(r).type === "FQDN").length;
    if (mn.isolationMode === "AllowOnlyApprovedOutbound" && fqdnRules > 0) {
      const set = str(mn.firewallSku);
      const sku = set ?? "Standard";
      const [hourId, dataId]: [PriceId | undefined, PriceId | undefined] =
        sku === "Basic"
          ? ["firewallBasic", "firewallBasicDataPerGb"]
          : sku === "Standard"
            ? ["firewallStandard", "firewallStandardDataPerGb"]
            : [undefined, undefined];
      const why = `created by Azure in the managed VNet for ${plural(fqdnRules, "FQDN outbound rule")} in AllowOnlyApprovedOutbound (https://learn.microsoft.com/azure/machine-learning/how-to-managed-network)${set ? "" : "; firewallSku not set, Azure's default is Standard"}`;
      if (!hourId || !dataId) {
        lines.push(unpriced(`firewall:${sku}${suffix}`, `Azure Firewall ${sku}`, 1, "firewall-month", why));
      } else {
        lines.push(
          makeLine(
            `firewall:${sku}${suffix}`,
            `Azure Firewall ${sku}`,
            1,
            "firewall-month",
            hourly(hourId),
            [hourId],
            `${why}; ${usd(PRICES[hourId].usd)}/h × ${HOURS_PER_MONTH} h`,
          ),
          makeLine(
            `firewall-data:${sku}${suffix}`,
            `Firewall ${sku} data processed`,
            gb,
            "GB",
            PRICES[dataId].usd,
            [dataId],
            `assumed ${gb} GB/month through the firewall`,
            true,
          ),
        );
      }
    }
  }

  // Private DNS zones.
  const zones = of(T.privateZone);
  if (zones.length > 0) {
    lines.push(
      makeLine(
        "private-dns-zones",
        "Private DNS zones",
        zones.length,
        "zone-month",
        PRICES.privateDnsZone.usd,
        ["privateDnsZone"],
        `${plural(zones.length, "zone")} in the plan (price for the first 25 zones); queries not included`,
      ),
    );
  }

  // NAT gateway and the data it processes.
  const nats = of(T.natGateway);
  for (const [sku, group] of groupBy(nats, (r) => skuName(r) ?? "Standard")) {
    if (sku !== "Standard") {
      lines.push(
        unpriced(
          `nat-gateway:${sku}`,
          `NAT gateway ${sku}`,
          group.length,
          "gateway-month",
          "jump box outbound",
        ),
      );
      continue;
    }
    lines.push(
      makeLine(
        "nat-gateway",
        "NAT gateway",
        group.length,
        "gateway-month",
        hourly("natGateway"),
        ["natGateway"],
        `${plural(group.length, "gateway")} in the plan (outbound internet for the VNet's subnets), ${usd(PRICES.natGateway.usd)}/h × ${HOURS_PER_MONTH} h`,
      ),
      makeLine(
        "nat-gateway-data",
        "NAT gateway data processed",
        gb * group.length,
        "GB",
        PRICES.natGatewayDataPerGb.usd,
        ["natGatewayDataPerGb"],
        `assumed ${gb} GB/month through each gateway`,
        true,
      ),
    );
  }

  // Public IPs, attributed to the NAT gateway or Bastion whose properties reference them.
  const nat = new Set(nats);
  const bastions = new Set(of(T.bastion));
  const ownerOf = (ip: ArmResourceModel): string => {
    const o = [...nat, ...bastions].find((r) => references(r, ip.id));
    return o === undefined ? "other" : nat.has(o) ? "NAT gateway" : "Bastion";
  };
  for (const [key, group] of groupBy(of(T.publicIp), (ip) => `${skuName(ip) ?? "Basic"}|${ownerOf(ip)}`)) {
    const [sku, owner] = key.split("|") as [string, string];
    const id = `public-ip:${owner === "NAT gateway" ? "nat" : owner.toLowerCase()}${sku === "Standard" ? "" : `:${sku}`}`;
    const item = `Public IP ${sku} (${owner})`;
    const names = group.map(azureName).join(", ");
    lines.push(
      sku === "Standard"
        ? makeLine(
            id,
            item,
            group.length,
            "IP-month",
            hourly("publicIpStandard"),
            ["publicIpStandard"],
            `${names}; ${usd(PRICES.publicIpStandard.usd)}/h × ${HOURS_PER_MONTH} h`,
          )
        : unpriced(id, item, group.length, "IP-month", names),
    );
  }

  // Bastion by SKU.
  for (const [sku, group] of groupBy(of(T.bastion), (r) => skuName(r) ?? "Basic")) {
    const p = BASTION_SKU_PRICES[sku];
    const item = `Azure Bastion ${sku}`;
    if (!p) {
      lines.push(unpriced(`bastion:${sku}`, item, group.length, "host-month", "Bastion SKU"));
      continue;
    }
    const note =
      sku === "Developer"
        ? "free shared pool, no public IP (https://learn.microsoft.com/azure/bastion/quickstart-developer)"
        : `${usd(PRICES[p].usd)}/h × ${HOURS_PER_MONTH} h; its public IP is a separate line`;
    lines.push(makeLine(`bastion:${sku}`, item, group.length, "host-month", hourly(p), [p], note));
  }

  // Jump box VMs by size (always on: the stack sets no auto-shutdown).
  for (const [size, group] of groupBy(
    of(T.vm),
    (r) => str(rec(props(r).hardwareProfile).vmSize) ?? "unknown",
  )) {
    const p = vmSizePrice(size);
    const windows = group.some((r) => props(r).licenseType === "Windows_Client");
    const hours = a.jumpboxHoursPerMonth;
    const basis = `${plural(group.length, "VM")} × ${hours} h (${hours === HOURS_PER_MONTH ? "always on: the stack sets no auto-shutdown" : "assumed hours"})`;
    const licence = windows
      ? "; Windows 11 with Windows_Client licence priced at the Linux rate (unverified)"
      : "";
    lines.push(
      p
        ? makeLine(
            `vm:${size}`,
            `Jump box VM ${size}`,
            group.length * hours,
            "h",
            PRICES[p].usd,
            [p],
            `${basis}${licence}`,
            hours !== HOURS_PER_MONTH,
          )
        : unpriced(`vm:${size}`, `Jump box VM ${size}`, group.length * hours, "h", `${basis}${licence}`),
    );
  }

  // Azure ML compute instances by size, at the configured idle shutdown.
  const computes = of(T.mlCompute).map((r) => ({ r, props: props(r) }));
  const instances = computes.filter((c) => c.props.computeType === "ComputeInstance");
  for (const [size, group] of groupBy(instances, (c) => str(rec(c.props.properties).vmSize) ?? "unknown")) {
    const idles = group.map((c) => durationMinutes(rec(c.props.properties).idleTimeBeforeShutdown));
    const hoursEach = idles.map((m) =>
      Math.min(
        HOURS_PER_MONTH,
        a.computeInstanceHoursPerMonth + (a.computeInstanceSessionsPerMonth * (m ?? 0)) / 60,
      ),
    );
    const hours = hoursEach.reduce((s, h) => s + h, 0);
    const idleText = [
      ...new Set(idles.map((m) => (m === undefined ? "no idle shutdown set" : `${m} min`))),
    ].join(", ");
    const first = idles[0] ?? 0;
    const capped = hoursEach.some((h) => h >= HOURS_PER_MONTH);
    const basis =
      `${plural(group.length, "instance")}, idle shutdown ${idleText}: ${a.computeInstanceHoursPerMonth} h/month in use assumed ` +
      `(default 8 h/day × 22 working days) + ${a.computeInstanceSessionsPerMonth} sessions × ${first} min idle before it stops` +
      ` = ${+(hoursEach[0] ?? 0).toFixed(2)} h${group.length > 1 ? " each" : ""}${capped ? ` (capped at ${HOURS_PER_MONTH} h)` : ""}`;
    const p = vmSizePrice(size);
    lines.push(
      p
        ? makeLine(
            `compute-instance:${size}`,
            `Compute instance ${size}`,
            hours,
            "h",
            PRICES[p].usd,
            [p],
            basis,
            true,
          )
        : unpriced(`compute-instance:${size}`, `Compute instance ${size}`, hours, "h", basis),
    );
  }
  // Compute clusters that scale to zero cost nothing while idle: the idle line is $0, and the note says what a
  // node-hour costs while it runs (image builds, jobs), which depends on use and is not assumed here.
  const clusters = computes.filter(
    (c) =>
      c.props.computeType === "AmlCompute" && rec(rec(c.props.properties).scaleSettings).minNodeCount === 0,
  );
  for (const [size, group] of groupBy(clusters, (c) => str(rec(c.props.properties).vmSize) ?? "unknown")) {
    const p = vmSizePrice(size);
    const perHour = p
      ? ` ${size} at $${PRICES[p].usd.toFixed(3)}/node-hour while a node runs`
      : ` ${size} per node-hour while a node runs`;
    lines.push({
      ...makeLine(
        `compute-cluster:${size}`,
        `Compute cluster ${size}`,
        group.length,
        "cluster",
        0,
        p ? [p] : [undefined],
        `${plural(group.length, "cluster")} scaling to 0 nodes: $0 idle;${perHour} (image builds, jobs), not included`,
      ),
      // $0 idle is a real figure whether or not the node-hour has a price: not a "no price" line.
      priced: true,
    });
  }
  for (const [type, group] of groupBy(
    computes.filter((c) => c.props.computeType !== "ComputeInstance" && !clusters.includes(c)),
    (c) => String(c.props.computeType ?? "unknown"),
  )) {
    lines.push(
      unpriced(`compute:${type}`, `Azure ML compute ${type}`, group.length, "compute", "not estimated"),
    );
  }

  // Container registries by SKU.
  for (const [sku, group] of groupBy(of(T.registry), (r) => skuName(r) ?? "unknown")) {
    const p = REGISTRY_SKU_PRICES[sku];
    const item = `Container Registry ${sku}`;
    lines.push(
      p
        ? makeLine(
            `container-registry:${sku}`,
            item,
            group.length,
            "registry-month",
            PRICES[p].usd * DAYS_PER_MONTH,
            [p],
            `${usd(PRICES[p].usd)}/day × ${+DAYS_PER_MONTH.toFixed(2)} days (${HOURS_PER_MONTH} h)${sku === "Premium" ? "; Premium is what private endpoints need" : ""}`,
          )
        : unpriced(`container-registry:${sku}`, item, group.length, "registry-month", "registry SKU"),
    );
  }

  // SQL databases by SKU (the logical server itself is free).
  for (const [sku, group] of groupBy(of(T.sqlDatabase), (r) => skuName(r) ?? "unknown")) {
    const p = sqlSkuPrice(sku);
    const item = `Azure SQL Database ${sku}`;
    if (p?.model === "dtu") {
      lines.push(
        makeLine(
          `sql-database:${sku}`,
          item,
          group.length,
          "database-month",
          PRICES[p.price].usd,
          [p.price],
          `${plural(group.length, "database")} in the plan at ${usd(PRICES[p.price].usd)}/month each; the logical server has no charge of its own`,
        ),
      );
    } else if (p) {
      // licenseType BasePrice is Azure Hybrid Benefit (the customer's own SQL licence): compute only. Unset or
      // LicenseIncluded pays the licence too (learn.microsoft.com/dotnet/api/azure.resourcemanager.sql.sqldatabasedata.licensetype).
      const ahb = group.every((r) => props(r).licenseType === "BasePrice");
      const ids: PriceId[] = ahb ? [p.compute] : [p.compute, p.licence];
      const rate = ids.reduce((sum, id) => sum + PRICES[id].usd, 0);
      lines.push(
        makeLine(
          `sql-database:${sku}`,
          item,
          group.length * p.vCores * HOURS_PER_MONTH,
          "vCore-h",
          rate,
          ids,
          `${plural(group.length, "database")} × ${p.vCores} vCores × ${HOURS_PER_MONTH} h, ${p.tier}: compute ${usd(PRICES[p.compute].usd)}` +
            (ahb
              ? " per vCore-hour (licenseType BasePrice: Azure Hybrid Benefit, own SQL licence)"
              : ` + SQL licence ${usd(PRICES[p.licence].usd)} per vCore-hour (licence included; BasePrice would drop it)`) +
            "; data storage not included",
        ),
      );
    } else {
      lines.push(
        unpriced(
          `sql-database:${sku}`,
          item,
          group.length,
          "database-month",
          "SQL SKU (serverless and Hyperscale SKUs are not in the table)",
        ),
      );
    }
  }

  // Log Analytics ingestion.
  const logs = of(T.logAnalytics);
  if (logs.length > 0) {
    const retention = [...new Set(logs.map((r) => props(r).retentionInDays).filter((d) => d !== undefined))];
    lines.push(
      makeLine(
        "log-analytics",
        "Log Analytics ingestion",
        logs.length * a.logAnalyticsGbPerMonth,
        "GB",
        PRICES.logAnalyticsPerGb.usd,
        ["logAnalyticsPerGb"],
        `Analytics logs (PerGB2018), assumed ${a.logAnalyticsGbPerMonth} GB/month into each of ${plural(logs.length, "workspace")}` +
          `${retention.length ? ` (retention ${retention.join(", ")} days)` : ""}; no free allowance deducted`,
        true,
      ),
    );
  }

  const totalUsd = lines.reduce((s, l) => s + l.monthlyUsd, 0);
  const unverifiedUsd = lines.filter((l) => l.status === "unverified").reduce((s, l) => s + l.monthlyUsd, 0);
  const priceIds = [...new Set(lines.flatMap((l) => l.priceIds))];
  return {
    currency: "USD",
    location,
    hoursPerMonth: HOURS_PER_MONTH,
    assumptions: a,
    lines,
    totalUsd,
    unverifiedUsd,
    unverifiedShare: totalUsd > 0 ? unverifiedUsd / totalUsd : 0,
    priceIds,
    otherRegionPriceIds: priceIds.filter((p) => ![location, "any"].includes(PRICES[p].region)),
    notIncluded: [...NOT_INCLUDED],
    unpriced: lines.filter((l) => !l.priced).map((l) => l.item),
  };
}

/** {@link estimateCost} of a plan: its ARM model ({@link toArmModel}, which throws for an unmapped input) in the config's region. */
export function estimatePlanCost(
  plan: Plan,
  config: Config,
  assumptions: Partial<CostAssumptions> = {},
): CostEstimate {
  return estimateCost(toArmModel(plan), config.location, assumptions);
}

/** One row of a comparison: a line item across estimates. */
export interface CostComparisonRow {
  readonly id: string;
  readonly item: string;
  /** Monthly USD per column (0 where the estimate has no such line). */
  readonly monthlyUsd: number[];
  /** Whether each column has the line. */
  readonly present: boolean[];
  /** Status per column (undefined where absent). */
  readonly status: (CostLineStatus | undefined)[];
  /** Whether each column's line has a price (true where absent); an unpriced line shows "no price". */
  readonly priced: boolean[];
  /** Column minus the first column (the first entry is 0). */
  readonly deltaUsd: number[];
}

/** Estimates side by side. */
export interface CostComparison {
  readonly labels: string[];
  readonly rows: CostComparisonRow[];
  readonly totalsUsd: number[];
  /** Total minus the first column's total. */
  readonly deltaTotalsUsd: number[];
  readonly unverifiedShare: number[];
  readonly estimates: CostEstimate[];
}

/** Lines estimates up by line id; rows keep the order lines first appear in (first column first). */
export function compareCosts(
  estimates: readonly { label: string; estimate: CostEstimate }[],
): CostComparison {
  if (estimates.length === 0) throw new RangeError("compareCosts needs at least one estimate");
  const order: string[] = [];
  const items = new Map<string, string>();
  // A new id goes just before the next line of its own estimate that is already placed, so categories
  // (firewall lines, registry lines...) stay together and keep the estimates' order.
  for (const { estimate } of estimates) {
    estimate.lines.forEach((l, i) => {
      if (items.has(l.id)) return;
      items.set(l.id, l.item);
      const next = estimate.lines.slice(i + 1).find((x) => order.includes(x.id));
      if (next) order.splice(order.indexOf(next.id), 0, l.id);
      else order.push(l.id);
    });
  }
  const rows = order.map((id) => {
    const found = estimates.map((e) => e.estimate.lines.find((l) => l.id === id));
    const monthlyUsd = found.map((l) => l?.monthlyUsd ?? 0);
    return {
      id,
      item: items.get(id)!,
      monthlyUsd,
      present: found.map((l) => l !== undefined),
      status: found.map((l) => l?.status),
      priced: found.map((l) => l?.priced ?? true),
      deltaUsd: monthlyUsd.map((m) => m - monthlyUsd[0]!),
    };
  });
  const totalsUsd = estimates.map((e) => e.estimate.totalUsd);
  return {
    labels: estimates.map((e) => e.label),
    rows,
    totalsUsd,
    deltaTotalsUsd: totalsUsd.map((t) => t - totalsUsd[0]!),
    unverifiedShare: estimates.map((e) => e.estimate.unverifiedShare),
    estimates: estimates.map((e) => e.estimate),
  };
}
