import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { before, describe, test } from "node:test";
import fc from "fast-check";
import { type PlanFixture, PRESET, plansFor } from "../../../test/support/plans";
import { ConfigError, type LoadedConfig } from "../../config";
import { type ArmModel, type ArmResourceModel, toArmModel } from "../arm/model";
import type { Plan } from "../synth";
import {
  type CostAssumptions,
  type CostEstimate,
  compareCosts,
  DEFAULT_COST_ASSUMPTIONS,
  durationMinutes,
  estimateCost,
  estimatePlanCost,
  formatDecimal,
  resolveAssumptions,
} from "./estimate";
import { HOURS_PER_MONTH, hasPrice, PRICES, type PriceId, priceLookup } from "./prices";
import {
  compareSection,
  compareSources,
  costSection,
  formatUsd,
  renderComparisonMarkdown,
  renderComparisonText,
  renderCostMarkdown,
  renderCostText,
} from "./report";

type Synth = { loaded: LoadedConfig; plan: Plan; model: ArmModel };

const synth = ({ loaded, plan }: PlanFixture): Synth => ({ loaded, plan, model: toArmModel(plan) });

const estimate = (s: Synth, a: Partial<CostAssumptions> = {}) =>
  estimateCost(s.model, s.loaded.config.location, a);
const lineOf = (e: CostEstimate, id: string) => e.lines.find((l) => l.id === id);
const near = (actual: number, expected: number, msg?: string) =>
  assert.ok(Math.abs(actual - expected) < 1e-9, msg ?? `${actual} ≠ ${expected}`);
const countType = (plan: Plan, type: string) => plan.resources.filter((r) => r.type === type).length;

/**
 * A deep copy of an ARM model with one resource (the first of its ARM type) rewritten, to probe cases no
 * preset produces. Edits use ARM field names, so they prove the estimate reads the ARM shape.
 */
// biome-ignore lint/suspicious/noExplicitAny: the tests rewrite arbitrary nested ARM properties
function withArm(model: ArmModel, type: string, edit: (r: Record<string, any>) => void): ArmModel {
  const copy = structuredClone(model);
  const r = copy.resources.find((x: ArmResourceModel) => x.type === type);
  assert.ok(r, `no ${type} in the model`);
  edit(r);
  return copy;
}

const WORKSPACE = "Microsoft.MachineLearningServices/workspaces";

describe("cost estimate", () => {
  let starter: Synth;
  let priv: Synth;
  let locked: Synth;
  let lockedStandard: Synth;
  let custom: Synth;

  before(async () => {
    [starter, priv, locked, lockedStandard, custom] = (
      await plansFor(
        PRESET.starter,
        PRESET.private,
        PRESET.lockedDown,
        { raw: { preset: "locked-down", workspace: { firewallSku: "Standard" } } },
        { raw: { jumpbox: { bastionSku: "Standard" }, compute: { instance: { idleShutdownMinutes: 240 } } } },
      )
    ).map(synth) as [Synth, Synth, Synth, Synth, Synth];
  });

  test("private has no firewall; locked-down has an Azure Firewall Basic at its hourly price × 730", () => {
    assert.equal(
      estimate(priv).lines.some((l) => l.id.startsWith("firewall")),
      false,
    );
    const fw = lineOf(estimate(locked), "firewall:Basic");
    assert.ok(fw);
    near(fw.monthlyUsd, PRICES.firewallBasic.usd * 730);
    assert.equal(fw.status, "unverified");
    assert.deepEqual(fw.priceIds, ["firewallBasic"]);
    assert.match(fw.note, /5 FQDN outbound rules/);
    assert.equal(lineOf(estimate(locked), "firewall-data:Basic")?.status, "unverified");
  });

  test("workspace.firewallSku Standard prices the Standard firewall, about 3x Basic", () => {
    const e = estimate(lockedStandard);
    const std = lineOf(e, "firewall:Standard");
    assert.ok(std);
    assert.equal(lineOf(e, "firewall:Basic"), undefined);
    near(std.monthlyUsd, PRICES.firewallStandard.usd * HOURS_PER_MONTH);
    assert.equal(std.status, "sourced");
    const ratio = std.monthlyUsd / lineOf(estimate(locked), "firewall:Basic")!.monthlyUsd;
    assert.ok(ratio > 3 && ratio < 3.3, `ratio ${ratio}`);
  });

  test("the firewall follows the workspace's managedNetwork: default Standard, none without an FQDN rule", () => {
    const region = locked.loaded.config.location;
    const noSku = withArm(locked.model, WORKSPACE, (r) => {
      delete r.properties.managedNetwork.firewallSku;
    });
    const e = estimateCost(noSku, region);
    assert.ok(lineOf(e, "firewall:Standard"));
    assert.match(lineOf(e, "firewall:Standard")!.note, /default is Standard/);

    const noFqdn = withArm(locked.model, WORKSPACE, (r) => {
      const rules = r.properties.managedNetwork.outboundRules;
      for (const [k, rule] of Object.entries(rules))
        if ((rule as { type: string }).type === "FQDN") delete rules[k];
    });
    assert.equal(
      estimateCost(noFqdn, region).lines.some((l) => l.id.startsWith("firewall")),
      false,
    );

    const internet = withArm(locked.model, WORKSPACE, (r) => {
      r.properties.managedNetwork.isolationMode = "AllowInternetOutbound";
    });
    assert.equal(
      estimateCost(internet, region).lines.some((l) => l.id.startsWith("firewall")),
      false,
    );
  });

  test("starter has no private endpoints and no private DNS zones in the customer VNet", () => {
    const e = estimate(starter);
    assert.equal(countType(starter.plan, "azure-native:network:PrivateEndpoint"), 0);
    assert.equal(lineOf(e, "private-endpoints"), undefined);
    assert.equal(lineOf(e, "private-endpoint-data"), undefined);
    assert.equal(lineOf(e, "private-dns-zones"), undefined);
    // Its managed VNet still has PE rules, which Azure bills: three to the data stores (lake dfs and blob, blob
    // account) and four to the public-but-firewalled default storage (blob, file), Key Vault and registry.
    assert.equal(lineOf(e, "managed-vnet-private-endpoints")?.quantity, 7);
  });

  test("private endpoint and DNS zone counts are the plan's resource counts", () => {
    for (const s of [priv, locked]) {
      const e = estimate(s);
      const pes = countType(s.plan, "azure-native:network:PrivateEndpoint");
      const zones = countType(s.plan, "azure-native:privatedns:PrivateZone");
      assert.ok(pes > 0 && zones > 0);
      assert.equal(lineOf(e, "private-endpoints")?.quantity, pes);
      near(lineOf(e, "private-endpoints")!.monthlyUsd, pes * PRICES.privateEndpoint.usd * 730);
      assert.equal(lineOf(e, "private-dns-zones")?.quantity, zones);
      near(lineOf(e, "private-dns-zones")!.monthlyUsd, zones * PRICES.privateDnsZone.usd);
    }
  });

  test("managed VNet endpoints: user-defined PE rules plus the required ones of facts §1.3", () => {
    // private: AllowInternetOutbound with everything private → workspace, blob, file, vault, registry.
    assert.equal(lineOf(estimate(priv), "managed-vnet-private-endpoints")?.quantity, 3 + 5);
    // locked-down: approved-only → the required ones regardless, plus the SQL rule.
    assert.equal(lineOf(estimate(locked), "managed-vnet-private-endpoints")?.quantity, 4 + 5);
    assert.equal(lineOf(estimate(locked), "managed-vnet-private-endpoints")?.status, "assumption");
  });

  test("the image build cluster scales to zero: a $0 line that says what a running node costs", () => {
    const line = lineOf(estimate(priv), "compute-cluster:Standard_D2as_v4");
    assert.ok(line);
    assert.equal(line.monthlyUsd, 0);
    assert.match(line.note, /\$0 idle/);
    assert.ok(line.note.includes(`$${PRICES.vmD2asV4.usd.toFixed(3)}/node-hour`), line.note);
    // Public dependencies: the registry builds images itself, so there is no cluster.
    assert.equal(lineOf(estimate(starter), "compute-cluster:Standard_D2as_v4"), undefined);
  });

  test("registry, SQL, NAT, VM and Log Analytics lines come from the plan's SKUs and sizes", () => {
    const e = estimate(locked);
    near(lineOf(e, "container-registry:Premium")!.monthlyUsd, (PRICES.acrPremium.usd * 730) / 24);
    near(lineOf(e, "sql-database:Basic")!.monthlyUsd, PRICES.sqlBasic.usd);
    near(lineOf(e, "nat-gateway")!.monthlyUsd, PRICES.natGateway.usd * 730);
    near(lineOf(e, "public-ip:nat")!.monthlyUsd, PRICES.publicIpStandard.usd * 730);
    near(lineOf(e, "vm:Standard_B2as_v2")!.monthlyUsd, PRICES.vmB2asV2.usd * 730);
    assert.match(lineOf(e, "vm:Standard_B2as_v2")!.note, /always on/);
    near(lineOf(e, "log-analytics")!.monthlyUsd, 5 * PRICES.logAnalyticsPerGb.usd);
    assert.equal(lineOf(estimate(priv), "sql-database:Basic"), undefined);
    assert.equal(lineOf(estimate(starter), "vm:Standard_B2as_v2"), undefined);
  });

  test("Bastion Developer costs nothing; Standard adds the Bastion and its public IP", () => {
    const dev = lineOf(estimate(priv), "bastion:Developer");
    assert.ok(dev);
    assert.equal(dev.monthlyUsd, 0);
    assert.equal(lineOf(estimate(priv), "public-ip:bastion"), undefined);
    const e = estimate(custom);
    assert.equal(lineOf(e, "bastion:Developer"), undefined);
    near(lineOf(e, "bastion:Standard")!.monthlyUsd, PRICES.bastionStandard.usd * 730);
    near(lineOf(e, "public-ip:bastion")!.monthlyUsd, PRICES.publicIpStandard.usd * 730);
    assert.ok(lineOf(e, "public-ip:nat"), "the NAT gateway's IP stays a line of its own");
  });

  test("the compute instance line follows the configured idle shutdown and the hours assumption", () => {
    const base = lineOf(estimate(priv), "compute-instance:Standard_D2as_v4")!;
    assert.equal(base.quantity, 176 + 22); // 60 min idle after each of 22 sessions
    assert.match(base.note, /idle shutdown 60 min/);
    assert.match(base.note, /176 h\/month in use/);
    near(base.monthlyUsd, 198 * PRICES.vmD2asV4.usd);

    const longIdle = lineOf(estimate(custom), "compute-instance:Standard_D2as_v4")!;
    assert.equal(longIdle.quantity, 176 + 22 * 4);
    assert.match(longIdle.note, /idle shutdown 240 min/);

    const fewer = lineOf(
      estimate(priv, { computeInstanceHoursPerMonth: 40 }),
      "compute-instance:Standard_D2as_v4",
    )!;
    assert.equal(fewer.quantity, 40 + 22);
    const flat = lineOf(
      estimate(priv, { computeInstanceSessionsPerMonth: 0 }),
      "compute-instance:Standard_D2as_v4",
    )!;
    assert.equal(flat.quantity, 176);
    const max = lineOf(
      estimate(priv, { computeInstanceHoursPerMonth: 730 }),
      "compute-instance:Standard_D2as_v4",
    )!;
    assert.equal(max.quantity, 730);
    assert.match(max.note, /capped at 730 h/);
  });

  test("unknown sizes and SKUs get a 'no price' line, left out of the total and named in the headline", () => {
    let model = withArm(priv.model, "Microsoft.Compute/virtualMachines", (r) => {
      r.properties.hardwareProfile.vmSize = "Standard_Z99_v9";
    });
    model = withArm(model, "Microsoft.MachineLearningServices/workspaces/computes", (r) => {
      r.properties.properties.vmSize = "Standard_NC96ads_A100_v4";
      delete r.properties.properties.idleTimeBeforeShutdown;
    });
    model = withArm(model, "Microsoft.ContainerRegistry/registries", (r) => {
      r.sku = { name: "Mystery" };
    });
    const e = estimateCost(model, priv.loaded.config.location);
    for (const id of [
      "vm:Standard_Z99_v9",
      "compute-instance:Standard_NC96ads_A100_v4",
      "container-registry:Mystery",
    ]) {
      const l = lineOf(e, id);
      assert.ok(l, id);
      assert.equal(l.status, "unverified");
      assert.equal(l.monthlyUsd, 0);
      assert.equal(l.priced, false);
      assert.deepEqual(l.priceIds, []);
      assert.match(l.note, /no price in the table, not in the total/);
      assert.ok(e.unpriced.includes(l.item), `${l.item} is in the unpriced list`);
    }
    assert.equal(e.unpriced.length, 3);
    // Every format says "no price" for the figure (never $0.00) and counts the items next to the total.
    const text = renderCostText(e);
    const nc = text.split("\n").find((l) => /^ {2}Jump box VM Standard_Z99_v9 /.test(l))!;
    assert.match(nc, /no price\s+no price/);
    assert.doesNotMatch(nc, /\$0\.00/);
    assert.match(text, /: \$[\d,.]+ \+ 3 items with no price/);
    assert.match(text, /3 items have no price in the table and are not in the total/);
    assert.match(renderCostMarkdown(e), /\| no price \| no price \|/);
    assert.match(
      renderCostMarkdown(e),
      /^## Estimated monthly cost \(USD, `[a-z0-9]+`\): \$[\d,.]+ \+ 3 items with no price/m,
    );
    assert.match(lineOf(e, "compute-instance:Standard_NC96ads_A100_v4")!.note, /no idle shutdown set/);
    const sql = withArm(locked.model, "Microsoft.Sql/servers/databases", (r) => {
      r.sku = { name: "GP_S_Gen5_1" };
    });
    assert.equal(
      lineOf(estimateCost(sql, locked.loaded.config.location), "sql-database:GP_S_Gen5_1")?.status,
      "unverified",
    );
  });

  test("common D, E, F and GPU compute sizes and GP/BC vCore SQL SKUs are priced from the table", () => {
    const gpu = withArm(priv.model, "Microsoft.MachineLearningServices/workspaces/computes", (r) => {
      r.properties.properties.vmSize = "standard_nc6s_v3"; // Azure compares sizes case-insensitively
    });
    const withGpu = estimateCost(gpu, priv.loaded.config.location);
    const line = withGpu.lines.find((l) => l.id.startsWith("compute-instance:"))!;
    assert.equal(line.priced, true);
    assert.deepEqual(line.priceIds, ["vmNC6sV3"]);
    // A GPU instance can only make the total larger than the preset's, never smaller.
    assert.ok(withGpu.totalUsd > estimate(priv).totalUsd);
    for (const size of ["Standard_D4s_v3", "Standard_E8s_v3", "Standard_F16s_v2", "Standard_ND96asr_v4"])
      assert.equal(hasPrice("vm", size), true, size);
    assert.equal(hasPrice("vm", "Standard_Z99_v9"), false);
    const sql = withArm(locked.model, "Microsoft.Sql/servers/databases", (r) => {
      r.sku = { name: "BC_Gen5_8" };
    });
    const bc = lineOf(estimateCost(sql, locked.loaded.config.location), "sql-database:BC_Gen5_8")!;
    assert.equal(bc.priced, true);
    assert.equal(bc.quantity, 8 * HOURS_PER_MONTH);
    near(bc.unitPriceUsd, PRICES.sqlBcGen5VcoreHour.usd + PRICES.sqlBcLicenceVcoreHour.usd);
    const own = withArm(sql, "Microsoft.Sql/servers/databases", (r) => {
      r.properties.licenseType = "BasePrice";
    });
    const ahb = lineOf(estimateCost(own, locked.loaded.config.location), "sql-database:BC_Gen5_8")!;
    assert.deepEqual(ahb.priceIds, ["sqlBcGen5VcoreHour"], "Azure Hybrid Benefit pays no licence");
    assert.equal(hasPrice("sql", "GP_Gen5_4"), true);
    assert.equal(hasPrice("sql", "GP_S_Gen5_1"), false, "serverless is billed by use: no fixed price");
    const where = priceLookup("vm", "Standard_D4s_v3", "eastus2");
    assert.ok(where.priced && !where.sameRegion, "the D4s_v3 price was read for westeurope");
  });

  test("the estimate reads ARM as a live workspace returns it: any casing, Required rules not recounted", () => {
    // estimatePlanCost is estimateCost over the plan's ARM model, in the config's region.
    for (const s of [starter, priv, locked, custom])
      assert.deepEqual(estimatePlanCost(s.plan, s.loaded.config), estimate(s));
    // ARM types and resource ids are case-insensitive; live reads may differ in case from the template.
    const shouted = structuredClone(locked.model);
    for (const r of shouted.resources) {
      r.type = r.type.toLowerCase();
      r.id = r.id.toUpperCase();
    }
    assert.deepEqual(estimateCost(shouted, locked.loaded.config.location), estimate(locked));
    // A live workspace lists the rules Azure created (category Required) among its outbound rules; the
    // required endpoints are inferred already, so such a rule adds nothing.
    const live = withArm(locked.model, WORKSPACE, (r) => {
      r.properties.managedNetwork.outboundRules.__SYS_PE_workspace = {
        type: "PrivateEndpoint",
        category: "Required",
        destination: { serviceResourceId: r.id, subresourceTarget: "amlworkspace" },
      };
    });
    assert.equal(
      lineOf(estimateCost(live, locked.loaded.config.location), "managed-vnet-private-endpoints")?.quantity,
      4 + 5,
    );
    // The region given is the one prices are checked against.
    for (const region of ["norwayeast", PRICES.firewallBasic.region]) {
      const e = estimateCost(locked.model, region);
      assert.equal(e.location, region);
      assert.deepEqual(
        e.otherRegionPriceIds,
        e.priceIds.filter((id) => ![region, "any"].includes(PRICES[id].region)),
      );
    }
    assert.ok(
      !estimateCost(locked.model, PRICES.firewallBasic.region).otherRegionPriceIds.includes("firewallBasic"),
    );
  });

  test("the comparison lines estimates up by id; its delta column is the difference of totals", () => {
    const [p, l, s] = [estimate(priv), estimate(locked), estimate(lockedStandard)];
    const c = compareCosts([
      { label: "private", estimate: p },
      { label: "locked-down", estimate: l },
      { label: "locked-down+Standard", estimate: s },
    ]);
    assert.deepEqual(c.totalsUsd, [p.totalUsd, l.totalUsd, s.totalUsd]);
    near(c.deltaTotalsUsd[0]!, 0);
    near(c.deltaTotalsUsd[1]!, l.totalUsd - p.totalUsd);
    near(c.deltaTotalsUsd[2]!, s.totalUsd - p.totalUsd);
    for (let i = 0; i < 3; i++) {
      near(
        c.rows.reduce((sum, r) => sum + r.monthlyUsd[i]!, 0),
        c.totalsUsd[i]!,
      );
      near(
        c.rows.reduce((sum, r) => sum + r.deltaUsd[i]!, 0),
        c.deltaTotalsUsd[i]!,
      );
    }
    const basic = c.rows.find((r) => r.id === "firewall:Basic")!;
    assert.deepEqual(basic.present, [false, true, false]);
    const std = c.rows.find((r) => r.id === "firewall:Standard")!;
    near(std.deltaUsd[2]!, PRICES.firewallStandard.usd * 730);
    assert.equal(new Set(c.rows.map((r) => r.id)).size, c.rows.length);
    assert.throws(() => compareCosts([]), RangeError);
  });

  test("every price is dated, placed and sourced; every line's prices exist in the table", () => {
    for (const [id, p] of Object.entries(PRICES)) {
      assert.equal(p.id, id);
      assert.match(p.date, /^\d{4}-\d{2}-\d{2}$/);
      assert.ok(p.region && p.source && p.description, id);
      assert.ok(p.usd >= 0, id);
      // "sourced" only where facts §9 names a source (infracost golden outputs or azure-docs).
      if (p.status === "sourced") assert.match(p.source, /infracost|azure-docs/, id);
    }
    for (const s of [starter, priv, locked, lockedStandard, custom]) {
      const e = estimate(s);
      for (const l of e.lines) for (const id of l.priceIds) assert.ok(id in PRICES, `${l.id}: ${id}`);
      assert.deepEqual(e.priceIds, [...new Set(e.lines.flatMap((l) => l.priceIds))]);
      const unverified = e.lines
        .filter((l) => l.status === "unverified")
        .reduce((x, l) => x + l.monthlyUsd, 0);
      near(e.unverifiedShare, unverified / e.totalUsd);
      for (const l of e.lines) {
        const usesUnverified = l.priceIds.some((id) => PRICES[id as PriceId].status === "unverified");
        if (usesUnverified) assert.equal(l.status, "unverified", l.id);
      }
    }
  });

  test("renderers fit 100 columns and show markers, assumptions and sources", () => {
    const [p, l, s] = [estimate(priv), estimate(locked), estimate(lockedStandard)];
    const c = compareCosts([
      { label: "private", estimate: p },
      { label: "locked-down", estimate: l },
      { label: "locked-down+Standard", estimate: s },
    ]);
    const texts = [renderCostText(p), renderCostText(l), renderComparisonText(c)];
    for (const t of texts)
      for (const line of t.split("\n")) assert.ok(line.length <= 100, `too long: ${line}`);
    assert.match(texts[1]!, /Azure Firewall Basic .*\$288\.35\s+\(unverified\)/);
    assert.match(texts[1]!, /Assumptions/);
    assert.match(texts[2]!, /Total .*\$299\.10 .*\$610\.70 .*\+\$311\.60/);
    const md = renderCostMarkdown(l);
    for (const id of l.priceIds) {
      const row = md.split("\n").find((x) => x.startsWith(`| \`${id}\` |`));
      assert.ok(row, id);
      assert.ok(row.includes(PRICES[id].date) && row.includes(PRICES[id].region), id);
    }
    assert.match(md, /\*\*unverified\*\*/);
    assert.match(md, /### Assumptions/);
    const cmd = renderComparisonMarkdown(c);
    assert.match(
      cmd,
      /\| Item \| private \| locked-down \| Δ vs private \| locked-down\+Standard \| Δ vs private \|/,
    );
    assert.match(cmd, /### Price sources/);
    // More columns than fit: letters and no per-row deltas, still within 100 columns.
    const wide = compareCosts(
      [p, l, s, estimate(starter), estimate(custom)].map((e, i) => ({
        label: `config-number-${i}`,
        estimate: e,
      })),
    );
    for (const line of renderComparisonText(wide).split("\n")) assert.ok(line.length <= 100, line);
    // --width is honoured down to its minimum of 60: the cost table and the comparison (3 and 5 columns)
    // change layout rather than overflow, and keep every figure.
    const [pTotal, lTotal] = [formatUsd(p.totalUsd), formatUsd(l.totalUsd)];
    const firewall = formatUsd(l.lines.find((x) => x.id.startsWith("firewall:"))!.monthlyUsd);
    const delta = `+${formatUsd(l.totalUsd - p.totalUsd)}`;
    for (const [t, width, figures] of [
      [renderCostText(l, 60), 60, [firewall, lTotal]],
      [renderComparisonText(c, 60), 60, [pTotal, lTotal]],
      [renderComparisonText(wide, 60), 60, [lTotal]],
      [renderComparisonText(c, 80), 80, [delta]],
    ] as const) {
      for (const line of t.split("\n")) assert.ok([...line].length <= width, `${width}: ${line}`);
      for (const f of figures) assert.ok(t.includes(f), f);
    }
  });

  test("assumptions are validated and ISO durations parsed", () => {
    assert.deepEqual(resolveAssumptions(), DEFAULT_COST_ASSUMPTIONS);
    assert.throws(() => resolveAssumptions({ logAnalyticsGbPerMonth: -1 }), RangeError);
    assert.throws(() => resolveAssumptions({ jumpboxHoursPerMonth: 731 }), RangeError);
    assert.throws(() => resolveAssumptions({ dataProcessedGbPerMonth: Number.NaN }), RangeError);
    assert.equal(durationMinutes("PT60M"), 60);
    assert.equal(durationMinutes("PT1H30M"), 90);
    assert.equal(durationMinutes("P3D"), 4320);
    assert.equal(durationMinutes("PT"), undefined);
    assert.equal(durationMinutes(60), undefined);
  });

  test("costSection and compareSources/compareSection: what the CLI calls", async () => {
    assert.equal(costSection(priv.plan, priv.loaded.config), renderCostText(estimate(priv)));
    assert.match(
      costSection(priv.plan, priv.loaded.config, { format: "markdown" }),
      /^## Estimated monthly cost/,
    );
    assert.match(
      costSection(priv.plan, priv.loaded.config, { assumptions: { computeInstanceSessionsPerMonth: 0 } }),
      /Compute instance Standard_D2as_v4\s+176\s+h/,
    );
    const dir = mkdtempSync(path.join(tmpdir(), "cost-"));
    const file = path.join(dir, "basic-bastion.yaml");
    writeFileSync(file, "preset: starter\njumpbox:\n  enabled: true\n  bastionSku: Basic\n");
    const c = await compareSources([file]);
    assert.deepEqual(c.labels, [file]);
    assert.ok(c.rows.some((r) => r.id === "bastion:Basic"));
    assert.match(await compareSection([file], { format: "markdown" }), /## Monthly cost comparison/);
    await assert.rejects(compareSources([path.join(dir, "missing.yaml")]), ConfigError);
    await assert.rejects(compareSources(["locked-dwon"]), ConfigError);
  });

  test("property: lines are non-negative and the total is their sum, for any assumptions", () => {
    const assumptions = fc.record(
      {
        computeInstanceHoursPerMonth: fc.double({ min: 0, max: 730, noNaN: true }),
        computeInstanceSessionsPerMonth: fc.integer({ min: 0, max: 1000 }),
        jumpboxHoursPerMonth: fc.double({ min: 0, max: 730, noNaN: true }),
        logAnalyticsGbPerMonth: fc.double({ min: 0, max: 1e6, noNaN: true }),
        dataProcessedGbPerMonth: fc.double({ min: 0, max: 1e6, noNaN: true }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(assumptions, fc.constantFrom(starter, priv, locked, lockedStandard, custom), (a, s) => {
        const e = estimate(s, a);
        for (const l of e.lines) {
          assert.ok(l.monthlyUsd >= 0, `${l.id} ${l.monthlyUsd}`);
          assert.ok(Math.abs(l.monthlyUsd - l.quantity * l.unitPriceUsd) <= 1e-9 * Math.max(1, l.monthlyUsd));
        }
        const sum = e.lines.reduce((x, l) => x + l.monthlyUsd, 0);
        assert.ok(Math.abs(e.totalUsd - sum) <= 1e-9 * Math.max(1, sum));
        assert.ok(e.unverifiedShare >= 0 && e.unverifiedShare <= 1 + 1e-12);
        const ci = e.lines.find((l) => l.id.startsWith("compute-instance:"));
        if (ci) assert.ok(ci.quantity <= HOURS_PER_MONTH);
      }),
      { numRuns: 50 },
    );
  });
});

test("formatDecimal prints money as en-US toLocaleString does, without loading Intl", () => {
  const cases: [number, number, number][] = [
    [0, 2, 2],
    [0.0752, 2, 4],
    [54.896, 2, 2],
    [1234.5, 2, 2],
    [1234567.891, 2, 4],
    [288.35, 2, 4],
    [0.01, 2, 4],
    [-12, 2, 2],
    [-0.001, 2, 2],
    [999.999, 2, 2],
    [1.6667, 2, 4],
    [29.43, 2, 2],
  ];
  for (const [n, min, max] of cases)
    assert.equal(
      formatDecimal(n, min, max),
      n.toLocaleString("en-US", { minimumFractionDigits: min, maximumFractionDigits: max }),
      `${n}`,
    );
});
