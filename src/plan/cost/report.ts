import { type Config, type LoadedConfig, loadConfigSpec } from "../../config";
import { mdCell, mdCode } from "../render/markdown";
import { wrapLines } from "../render/text";
import { type Plan, synthesize } from "../synth";
import {
  type CostAssumptions,
  type CostComparison,
  type CostEstimate,
  type CostLineStatus,
  compareCosts,
  estimatePlanCost,
  formatDecimal,
  formatPrice,
} from "./estimate";
import { DAYS_PER_MONTH, HOURS_PER_MONTH, PRICES, type PriceId } from "./prices";

/** Text and Markdown views of a cost estimate and of a comparison (pure, apart from `compareSources`). */

/** Money as `$1,234.56` (negative as `-$12.00`). */
export function formatUsd(n: number): string {
  const v = Math.abs(n) < 0.005 ? 0 : n;
  const s = formatDecimal(Math.abs(v), 2, 2);
  return `${v < 0 ? "-" : ""}$${s}`;
}

/** A unit price: 2 decimals from $1, up to 4 below (`$0.0752`). */
export function formatUnitPrice(n: number): string {
  const digits = n !== 0 && Math.abs(n) < 1 ? 4 : 2;
  return `$${formatDecimal(n, 2, digits)}`;
}

const signed = (n: number): string =>
  Math.abs(n) < 0.005 ? formatUsd(0) : `${n > 0 ? "+" : ""}${formatUsd(n)}`;
const pct = (share: number): string => `${(share * 100).toFixed(1)}%`;
const qty = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(2));
const MARK: Record<CostLineStatus, string> = {
  sourced: "",
  unverified: "(unverified)",
  assumption: "(assumption)",
};

/** Lays out rows of cells; the first column is left-aligned and wraps, the rest are right- or left-aligned. */
function table(
  rows: string[][],
  widths: number[],
  align: ("l" | "r")[],
  indent = "  ",
  sep = "  ",
): string[] {
  const out: string[] = [];
  for (const row of rows) {
    const first = wrapLines(row[0] ?? "", widths[0]!, "", "  ");
    first.forEach((text, i) => {
      const cells = [text.padEnd(widths[0]!)];
      for (let c = 1; c < widths.length; c++) {
        const v = i === 0 ? (row[c] ?? "") : "";
        cells.push(align[c] === "r" ? v.padStart(widths[c]!) : v.padEnd(widths[c]!));
      }
      out.push((indent + cells.join(sep)).trimEnd());
    });
  }
  return out;
}

/**
 * The assumptions behind an estimate, one sentence each. Given the estimate's lines, only the assumptions
 * that one of them rests on (no jump box sentence for a plan without a jump box); without, all of them (a
 * comparison of several plans).
 */
export function describeAssumptions(a: CostAssumptions, lines?: readonly { id: string }[]): string[] {
  const has = (...prefixes: string[]) =>
    lines === undefined || lines.some((l) => prefixes.some((p) => l.id === p || l.id.startsWith(`${p}:`)));
  return [
    has("compute-instance")
      ? `Compute instance: ${a.computeInstanceHoursPerMonth} h/month in use (default 8 h/day × 22 working days), plus ` +
        `${a.computeInstanceSessionsPerMonth} idle periods of the configured idle shutdown before it stops (capped at ${HOURS_PER_MONTH} h).`
      : "",
    has("vm")
      ? `Jump box VM: ${a.jumpboxHoursPerMonth} h/month${a.jumpboxHoursPerMonth === HOURS_PER_MONTH ? " (always on: the stack sets no auto-shutdown)" : ""}.`
      : "",
    `Log Analytics: ${a.logAnalyticsGbPerMonth} GB/month ingested into each workspace.`,
    has("private-endpoint-data", "firewall-data", "nat-gateway-data")
      ? `Data processed: ${a.dataProcessedGbPerMonth} GB/month through the customer VNet's private endpoints (in total), the Azure Firewall, and each NAT gateway.`
      : "",
    `Month: ${HOURS_PER_MONTH} h (the Azure calculator's convention); per-day prices × ${DAYS_PER_MONTH.toFixed(2)} days.`,
  ].filter((x) => x !== "");
}

/** What a line with no price shows instead of a figure. */
export const NO_PRICE = "no price";

/** One estimate line as every format shows it: the same figures and words in text, Markdown and HTML. */
export interface CostLineView {
  readonly item: string;
  readonly quantity: string;
  readonly unit: string;
  /** Up to 4 decimals below $1 (never rounded to cents), or "no price". */
  readonly unitPrice: string;
  /** `$1,234.56`, or "no price". */
  readonly monthly: string;
  readonly status: CostLineStatus;
  /** The basis of the line (quantity, rate, assumption). */
  readonly note: string;
}

/** The lines of an estimate as displayed (pure); every renderer uses these strings. */
export function costLineViews(estimate: CostEstimate): CostLineView[] {
  return estimate.lines.map((l) => ({
    item: l.item,
    quantity: qty(l.quantity),
    unit: l.unit,
    unitPrice: l.priced ? formatUnitPrice(l.unitPriceUsd) : NO_PRICE,
    monthly: l.priced ? formatUsd(l.monthlyUsd) : NO_PRICE,
    status: l.status,
    note: l.note,
  }));
}

/**
 * The sentence about lines with no price (undefined when every line is priced): they are not in the total, so a
 * total with one reads as a lower bound.
 */
export function unpricedNote(estimate: CostEstimate): string | undefined {
  const n = estimate.unpriced.length;
  if (n === 0) return undefined;
  return `${n} item${n === 1 ? " has" : "s have"} no price in the table and ${n === 1 ? "is" : "are"} not in the total, so the total is a lower bound: ${estimate.unpriced.join(", ")}.`;
}

/** The total as a headline shows it: `$291.80`, or `$291.80/month + 1 item with no price` (`per` after the amount). */
export function headlineTotal(estimate: CostEstimate, per = ""): string {
  const n = estimate.unpriced.length;
  return `${formatUsd(estimate.totalUsd)}${per}${n ? ` + ${n} item${n === 1 ? "" : "s"} with no price` : ""}`;
}

/** The estimate's caveats, one sentence each, in every format: offline, unverified share, regions, no price. */
export function costCaveats(estimate: CostEstimate): string[] {
  const note = unpricedNote(estimate);
  return [
    `Offline estimate for ${estimate.location} from the price table in src/plan/cost/prices.ts; not a quote. Re-check prices with the Azure Retail Prices API (https://learn.microsoft.com/rest/api/cost-management/retail-prices/azure-retail-prices).`,
    unverifiedSentence(estimate),
    ...(note ? [note] : []),
  ];
}

function sourceLine(id: PriceId): string {
  const p = PRICES[id];
  return `${id}: ${formatPrice(p.usd)}/${p.unit}, ${p.region}, ${p.date}, ${p.status === "unverified" ? "UNVERIFIED" : "sourced"}`;
}

function unverifiedSentence(e: CostEstimate): string {
  const region = e.otherRegionPriceIds.length
    ? ` ${e.otherRegionPriceIds.length} of the ${e.priceIds.length} prices used were read for a region other than ${e.location}.`
    : "";
  return `${formatUsd(e.unverifiedUsd)} (${pct(e.unverifiedShare)}) of the total rests on unverified prices.${region}`;
}

/** Columns of the text table after the item: quantity, unit, unit price, monthly, status. */
const FIXED = [8, 14, 10, 10, 12];
/** Narrowest item column of the wide layout; below it, each line takes two rows. */
const MIN_ITEM = 20;

/** The estimate as a text table that fits `width` columns (two rows per line when the table would not fit). */
export function renderCostText(estimate: CostEstimate, width = 100): string {
  const views = costLineViews(estimate);
  const wide = width - 2 - FIXED.reduce((s, w) => s + w + 2, 0) >= MIN_ITEM;
  let body: string[];
  if (wide) {
    const itemWidth = width - 2 - FIXED.reduce((s, w) => s + w + 2, 0);
    const widths = [itemWidth, ...FIXED];
    const align: ("l" | "r")[] = ["l", "r", "l", "r", "r", "l"];
    const rows = [
      ["Item", "Quantity", "Unit", "Unit price", "Monthly", ""],
      ...views.map((v) => [v.item, v.quantity, v.unit, v.unitPrice, v.monthly, MARK[v.status]]),
    ];
    const rule = `  ${"-".repeat(widths.reduce((s, w) => s + w + 2, -2))}`;
    body = [
      ...table(rows, widths, align),
      rule,
      ...table([["Total", "", "", "", formatUsd(estimate.totalUsd), ""]], widths, align),
    ];
  } else {
    // Narrow: the item and its monthly figure on one row, quantity × unit price and the status under it.
    const money = 12;
    const itemWidth = width - 2 - 2 - money;
    const row = (item: string, monthly: string) => table([[item, monthly]], [itemWidth, money], ["l", "r"]);
    body = [
      ...row("Item", "Monthly"),
      ...views.flatMap((v) => [
        ...row(v.item, v.monthly),
        ...wrapLines(
          `${v.quantity} ${v.unit} × ${v.unitPrice}${MARK[v.status] ? ` ${MARK[v.status]}` : ""}`,
          width,
          "      ",
        ),
      ]),
      `  ${"-".repeat(width - 2)}`,
      ...row("Total", formatUsd(estimate.totalUsd)),
    ];
  }
  const out = [
    `Estimated monthly cost (USD, ${estimate.location}): ${headlineTotal(estimate)}`,
    ...wrapLines(costCaveats(estimate)[0]!, width, "  "),
    "",
    ...body,
    ...costCaveats(estimate)
      .slice(1)
      .flatMap((c) => wrapLines(c, width, "  ")),
    "",
    "Basis of each line",
    ...views.flatMap((v) => wrapLines(`${v.item}: ${v.note}`, width, "  ", "    ")),
    "",
    "Assumptions",
    ...describeAssumptions(estimate.assumptions, estimate.lines).flatMap((s) =>
      wrapLines(s, width, "  - ", "    "),
    ),
    "",
    ...wrapLines(
      "Prices used (id: price, region, date read, status; sources in the Markdown report and prices.ts)",
      width,
      "",
    ),
    ...estimate.priceIds.flatMap((id) => wrapLines(sourceLine(id), width, "  ", "    ")),
    "",
    "Not included",
    ...estimate.notIncluded.flatMap((s) => wrapLines(s, width, "  - ", "    ")),
  ];
  return out.join("\n");
}

function sourcesMarkdown(ids: readonly PriceId[]): string[] {
  return [
    "| Price id | Meter | USD | Per | Region | Date | Status | Source |",
    "|---|---|--:|---|---|---|---|---|",
    ...ids.map((id) => {
      const p = PRICES[id];
      const status = p.status === "unverified" ? "**unverified**" : "sourced";
      return `| ${mdCode(id)} | ${mdCell(p.description)} | ${p.usd} | ${mdCell(p.unit)} | ${mdCell(p.region)} | ${mdCell(p.date)} | ${status} | ${mdCell(p.source)} |`;
    }),
  ];
}

/** The estimate as Markdown: the line table, assumptions, what is left out, and every price's source. */
export function renderCostMarkdown(estimate: CostEstimate, headingLevel = 2): string {
  const h = "#".repeat(headingLevel);
  const status = (s: CostLineStatus) => (s === "unverified" ? "**unverified**" : s);
  const [offline, ...caveats] = costCaveats(estimate);
  return [
    `${h} Estimated monthly cost (USD, ${mdCode(estimate.location)}): ${headlineTotal(estimate)}`,
    "",
    mdCell(offline!),
    "",
    ...caveats.map((c) => `**${mdCell(c)}**`),
    "",
    "| Item | Quantity | Unit | Unit price | Monthly | Status | Basis |",
    "|---|--:|---|--:|--:|---|---|",
    ...costLineViews(estimate).map(
      (v) =>
        `| ${mdCell(v.item)} | ${v.quantity} | ${v.unit} | ${v.unitPrice} | ${v.monthly} | ${status(v.status)} | ${mdCell(v.note)} |`,
    ),
    `| **Total** | | | | **${formatUsd(estimate.totalUsd)}** | | |`,
    "",
    `${h}# Assumptions`,
    "",
    ...describeAssumptions(estimate.assumptions, estimate.lines).map((s) => `- ${s}`),
    "",
    `${h}# Not included`,
    "",
    ...estimate.notIncluded.map((s) => `- ${s}`),
    "",
    `${h}# Price sources`,
    "",
    ...sourcesMarkdown(estimate.priceIds),
  ].join("\n");
}

const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** Column headings: the labels when they fit, else letters (a legend always names every column). */
function headings(labels: readonly string[], width: number): string[] {
  const fit = labels.every((l) => l.length <= width);
  return labels.map((l, i) => (fit ? l : (LETTERS[i] ?? String(i + 1))));
}

/** A comparison as a text table (monthly per column and, for up to 3 columns, the change vs the first). */
export function renderComparisonText(comparison: CostComparison, width = 100): string {
  const n = comparison.labels.length;
  // Columns shrink to fit --width: first the Δ columns go, then a column loses a character; when even that
  // does not fit (many configs at 60 columns), each item lists its columns underneath instead.
  const fits = (cols: number, c: number) => 2 + 20 + cols * (c + 2) <= width;
  const withDeltas = n <= 3 && fits(2 * n - 1, 11);
  const col = withDeltas || fits(n, 11) ? 11 : 10;
  const stacked = !withDeltas && !fits(n, col);
  const heads = headings(comparison.labels, col);
  const first = heads[0]!;
  const numeric: string[] = [];
  for (let i = 0; i < n; i++) {
    numeric.push(heads[i]!);
    if (withDeltas && i > 0)
      // The change sits right of its column, so a bare "Δ" is unambiguous when the label does not fit.
      numeric.push(`Δ ${heads[i]}`.length <= col ? `Δ ${heads[i]}` : "Δ");
  }
  const itemWidth = Math.max(20, width - 2 - numeric.length * (col + 2));
  const widths = [itemWidth, ...numeric.map(() => col)];
  const align: ("l" | "r")[] = ["l", ...numeric.map(() => "r" as const)];
  const cellOf = (r: CostComparison["rows"][number], i: number) =>
    !r.present[i]
      ? "-"
      : !r.priced[i]
        ? NO_PRICE
        : `${formatUsd(r.monthlyUsd[i]!)}${r.status[i] === "unverified" ? "*" : ""}`;
  const rowCells = (label: string, value: (i: number) => string, delta: (i: number) => string) => {
    const cells = [label];
    for (let i = 0; i < n; i++) {
      cells.push(value(i));
      if (withDeltas && i > 0) cells.push(delta(i));
    }
    return cells;
  };
  const rows = [
    ["Item", ...numeric],
    ...comparison.rows.map((r) =>
      rowCells(
        r.item,
        (i) => cellOf(r, i),
        (i) => (r.present[i] || r.present[0] ? signed(r.deltaUsd[i]!) : "-"),
      ),
    ),
  ];
  const totals = [
    rowCells(
      "Total",
      (i) => formatUsd(comparison.totalsUsd[i]!),
      (i) => signed(comparison.deltaTotalsUsd[i]!),
    ),
    rowCells(
      "On unverified prices",
      (i) => pct(comparison.unverifiedShare[i]!),
      () => "",
    ),
  ];
  const legend = comparison.labels.map(
    (l, i) =>
      `${heads[i] === l ? l : `${heads[i]} = ${l}`}: ${formatUsd(comparison.totalsUsd[i]!)}` +
      (i > 0 ? ` (${signed(comparison.deltaTotalsUsd[i]!)} vs ${first})` : ""),
  );
  const rule = `  ${"-".repeat(
    Math.min(
      width - 2,
      widths.reduce((s, w) => s + w + 2, -2),
    ),
  )}`;
  return [
    "Monthly cost comparison (USD)",
    ...wrapLines(
      `Offline estimates from src/plan/cost/prices.ts; * = the line rests on an unverified price; Δ = column minus ${first}; - = no such line.`,
      width,
      "  ",
    ),
    ...legend.flatMap((s) => wrapLines(s, width, "  ", "    ")),
    "",
    ...(stacked
      ? [...rows.slice(1), ...totals].flatMap(([item, ...cells]) => [
          ...wrapLines(item!, width, "  ", "    "),
          ...cells.map(
            (c, i) =>
              `    ${comparison.labels[i]!.slice(0, width - 20).padEnd(Math.min(width - 20, 16))} ${c}`,
          ),
        ])
      : [...table(rows, widths, align), rule, ...table(totals, widths, align)]),
    "",
    "Assumptions (same for every column unless stated)",
    ...describeAssumptions(comparison.estimates[0]!.assumptions).flatMap((s) =>
      wrapLines(s, width, "  - ", "    "),
    ),
  ].join("\n");
}

/** A comparison as Markdown, with the union of the price sources. */
export function renderComparisonMarkdown(comparison: CostComparison, headingLevel = 2): string {
  const h = "#".repeat(headingLevel);
  const labels = comparison.labels.map(mdCell);
  const heads: string[] = [];
  labels.forEach((l, i) => {
    heads.push(l);
    if (i > 0) heads.push(`Δ vs ${labels[0]}`);
  });
  const line = (label: string, value: (i: number) => string, delta: (i: number) => string) => {
    const cells = [label];
    for (let i = 0; i < labels.length; i++) {
      cells.push(value(i));
      if (i > 0) cells.push(delta(i));
    }
    return `| ${cells.join(" | ")} |`;
  };
  const ids = [...new Set(comparison.estimates.flatMap((e) => e.priceIds))];
  return [
    `${h} Monthly cost comparison (USD)`,
    "",
    "Offline estimates from `src/plan/cost/prices.ts`; not a quote. `*` = the line rests on an unverified price; `-` = no such line.",
    "",
    `| Item | ${heads.join(" | ")} |`,
    `|---|${heads.map(() => "--:").join("|")}|`,
    ...comparison.rows.map((r) =>
      line(
        mdCell(r.item),
        (i) =>
          !r.present[i]
            ? "-"
            : !r.priced[i]
              ? NO_PRICE
              : `${formatUsd(r.monthlyUsd[i]!)}${r.status[i] === "unverified" ? "\\*" : ""}`,
        (i) => (r.present[i] || r.present[0] ? signed(r.deltaUsd[i]!) : "-"),
      ),
    ),
    line(
      "**Total**",
      (i) => `**${formatUsd(comparison.totalsUsd[i]!)}**`,
      (i) => `**${signed(comparison.deltaTotalsUsd[i]!)}**`,
    ),
    line(
      "On unverified prices",
      (i) => pct(comparison.unverifiedShare[i]!),
      () => "",
    ),
    "",
    `${h}# Assumptions`,
    "",
    ...describeAssumptions(comparison.estimates[0]!.assumptions).map((s) => `- ${s}`),
    "",
    `${h}# Price sources`,
    "",
    ...sourcesMarkdown(ids),
  ].join("\n");
}

/** Options of {@link costSection} and {@link compareSources}. */
export interface CostSectionOptions {
  readonly format?: "text" | "markdown";
  readonly width?: number;
  readonly assumptions?: Partial<CostAssumptions>;
}

/** The cost section of a plan report (what `plan` prints after the summary). */
export function costSection(plan: Plan, config: Config, opts: CostSectionOptions = {}): string {
  const estimate = estimatePlanCost(plan, config, opts.assumptions);
  return opts.format === "markdown" ? renderCostMarkdown(estimate) : renderCostText(estimate, opts.width);
}

/**
 * Loads each `<preset|file>` (a preset name when it is one, else a config file path), synthesizes it and
 * estimates it, one after another (the mock runtime is process-wide). Throws the config's ConfigError.
 */
export async function compareSources(
  specs: readonly string[],
  assumptions: Partial<CostAssumptions> = {},
): Promise<CostComparison> {
  // Every spec is validated before anything is synthesized, so one bad argument stops the whole comparison.
  return compareLoaded(
    specs.map((spec) => ({ label: spec, loaded: loadConfigSpec(spec) })),
    assumptions,
  );
}

/** Synthesizes and estimates already loaded configs, one after another (the mock runtime is process-wide). */
export async function compareLoaded(
  configs: readonly { label: string; loaded: LoadedConfig }[],
  assumptions: Partial<CostAssumptions> = {},
): Promise<CostComparison> {
  const entries: { label: string; estimate: CostEstimate }[] = [];
  for (const { label, loaded } of configs) {
    const plan = await synthesize(loaded.config, [...loaded.warnings]);
    entries.push({ label, estimate: estimatePlanCost(plan, loaded.config, assumptions) });
  }
  return compareCosts(entries);
}

/** `plan --compare <preset|file>...`: the comparison of the given configs, rendered. */
export async function compareSection(
  specs: readonly string[],
  opts: CostSectionOptions = {},
): Promise<string> {
  const comparison = await compareSources(specs, opts.assumptions);
  return opts.format === "markdown"
    ? renderComparisonMarkdown(comparison)
    : renderComparisonText(comparison, opts.width);
}
