import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { type CheckResult, runDeployChecks } from "../analysis/deploy";
import { type ConfigIssue, type LoadedConfig, safeJson } from "../config";
import {
  deploySummary,
  deployVerdict,
  renderDeployHtml,
  renderDeployMarkdown,
  renderDeployText,
} from "../report/deploy";
import { type ArmModel, toArmModel } from "./arm/model";
import { type CostAssumptions, type CostEstimate, estimateCost } from "./cost/estimate";
import { PRICES } from "./cost/prices";
import { formatUsd, renderCostMarkdown, renderCostText } from "./cost/report";
import { networkDiagram } from "./diagram";
import { analyzeExposure, type ExposureReport, renderExposureMarkdown, renderExposureText } from "./exposure";
import { type DotGraph, renderGraphSvg, toMermaid } from "./render/graphviz";
import { badge, diagramFigure, escapeHtml, htmlTable, renderHtmlDocument } from "./render/html";
import { mdCell, mdCode } from "./render/markdown";
import { wrapLines } from "./render/text";
import { PLAIN, type Style } from "./style";
import { formatWarnings, inventory, postureLines, remainingOf } from "./summary";
import { type Plan, type SynthOptions, synthesize } from "./synth";

/**
 * The plan report: one synthesis, read four ways (ARM model, exposure, cost, diagram), rendered as text,
 * JSON, Markdown or a self-contained HTML page. Everything but `buildReport` is pure.
 */
export interface PlanReport {
  readonly loaded: LoadedConfig;
  readonly plan: Plan;
  readonly model: ArmModel;
  /** "Will it deploy?": what Azure would refuse or leave broken. */
  readonly deploy: readonly CheckResult[];
  readonly exposure: ExposureReport;
  readonly cost: CostEstimate;
  readonly diagram: DotGraph;
}

/** Synthesizes a validated config and derives every view of it. */
export async function buildReport(
  loaded: LoadedConfig,
  assumptions?: Partial<CostAssumptions>,
  options: SynthOptions = {},
): Promise<PlanReport> {
  const plan = await synthesize(loaded.config, [...loaded.warnings], options);
  return reportOf(loaded, plan, assumptions);
}

/** Derives the views of an already synthesized plan (pure). */
export function reportOf(
  loaded: LoadedConfig,
  plan: Plan,
  assumptions?: Partial<CostAssumptions>,
): PlanReport {
  const model = toArmModel(plan);
  const exposure = analyzeExposure(model, plan.principals);
  const cost = estimateCost(model, loaded.config.location, assumptions);
  const deploy = runDeployChecks({
    model,
    principals: plan.principals ?? {},
    nameSuffixOverride: loaded.config.nameSuffix !== undefined,
  });
  return { loaded, plan, model, deploy, exposure, cost, diagram: networkDiagram(model, exposure) };
}

/** The JSON document: the `plan --format json` contract (`resources`, `warnings`) plus the derived views. */
export function reportJson(r: PlanReport): Record<string, unknown> {
  return {
    preset: r.loaded.preset,
    resources: r.plan.resources,
    warnings: r.plan.warnings,
    outputs: r.plan.outputs,
    subscriptionId: r.plan.subscriptionId,
    deploy: { verdict: deployVerdict(r.deploy), ...deploySummary(r.deploy), checks: r.deploy },
    arm: r.model.resources,
    exposure: r.exposure,
    cost: r.cost,
  };
}

const azureCount = (r: PlanReport) => r.model.resources.filter((x) => !x.dataPlane).length;

/** Terminal report: readable at `width` columns, coloured only through `style`. */
export function renderText(r: PlanReport, opts: { width?: number; style?: Style } = {}): string {
  const width = opts.width ?? 100;
  const s = opts.style ?? PLAIN;
  const c = r.loaded.config;
  const h = (t: string) => s.bold(t);
  const out: string[] = [];
  out.push(
    s.bold(
      `secure-aml plan: preset "${r.loaded.preset}", workload "${c.name}" in ${c.location} (${c.cloud})`,
    ),
  );
  out.push(
    `${azureCount(r)} Azure resources, about ${formatUsd(r.cost.totalUsd)}/month, ${r.exposure.issues.length} exposure issue(s) — nothing created (offline)`,
  );
  const verdict = wrapLines(`Will it deploy? ${deployVerdict(r.deploy)}`, width, "", "  ").join("\n");
  out.push(deploySummary(r.deploy).failing === 0 ? s.green(verdict) : s.red(verdict));
  out.push("", h("Posture"), ...postureLines(c));
  out.push("", h("Inventory"));
  for (const g of inventory(r.plan)) {
    out.push(`  ${g.component} ${s.dim(`(${g.componentType.replace(/^secure-aml:/, "")})`)}`);
    for (const x of g.resources) {
      const line = `    ${x.type.padEnd(40)} ${x.name}`;
      // A name that would overflow goes on its own line under the type, so nothing is cut.
      out.push(line.length <= width ? line : `    ${x.type}\n      ${x.name}`);
    }
  }
  out.push("", h("Will it deploy?"), renderDeployText(r.deploy, width));
  out.push("", h("Exposure"), colourExposure(renderExposureText(r.exposure, width), s));
  out.push("", h("Monthly cost (estimate)"), renderCostText(r.cost, width));
  out.push("", h("Warnings"), warningsText(r.plan.warnings, width, s));
  out.push("", h("Left to do after deploy"), remainingText(r, width));
  return out.join("\n");
}

function colourExposure(text: string, s: Style): string {
  if (!s.enabled) return text;
  return text
    .split("\n")
    .map((l) => (/^\s*!/.test(l) ? s.red(l) : /^[A-Z][A-Z ()]+[:]?( \d+)?$/.test(l.trim()) ? s.bold(l) : l))
    .join("\n");
}

function warningsText(w: readonly ConfigIssue[], width: number, s: Style): string {
  const text = formatWarnings(w, width);
  return w.length === 0 ? text : s.yellow(text);
}

function remainingText(r: PlanReport, width: number): string {
  const steps = remainingOf(r.plan);
  if (steps.length === 0) return "  nothing: every step of the Terraform original is automated";
  return steps.map((x) => wrapLines(`- ${x.step}: ${x.how}`, width, "  ").join("\n")).join("\n");
}

/** Markdown report: summary, warnings, diagram as Mermaid, exposure, cost, inventory. */
export function renderMarkdown(r: PlanReport): string {
  const c = r.loaded.config;
  const out: string[] = [];
  out.push(`# secure-aml plan — ${c.name} (${r.loaded.preset})`, "");
  out.push(
    `Offline plan of ${azureCount(r)} Azure resources in ${mdCode(c.location)} (${c.cloud}); estimated **${formatUsd(r.cost.totalUsd)}/month**; ${r.exposure.issues.length} exposure issue(s). Nothing was created.`,
    "",
  );
  out.push("## Will it deploy?", "", renderDeployMarkdown(r.deploy), "");
  out.push("## Posture", "", "```", ...postureLines(c), "```", "");
  out.push("## Warnings", "");
  out.push(
    r.plan.warnings.length
      ? r.plan.warnings
          .map((w) => `- **${mdCell(w.path)}**: ${mdCell(w.message)}. Fix: ${mdCell(w.fix)}.`)
          .join("\n")
      : "None.",
    "",
  );
  const steps = remainingOf(r.plan);
  out.push("## Left to do after deploy", "");
  out.push(
    steps.length
      ? steps.map((x) => `- **${mdCell(x.step)}** — ${mdCell(x.why)}. ${x.how}`).join("\n")
      : "Nothing: every step of the Terraform original is automated.",
    "",
  );
  out.push("## Network diagram", "", "```mermaid", toMermaid(r.diagram), "```", "");
  out.push(renderExposureMarkdown(r.exposure).replace(/^# /gm, "## "), "");
  out.push(renderCostMarkdown(r.cost, 2), "");
  out.push("## Inventory", "", "| Azure name | ARM type | API version | Location |", "|---|---|---|---|");
  for (const x of r.model.resources) {
    out.push(
      `| ${mdCode(x.name)} | ${mdCell(x.type)} | ${x.apiVersion || "data plane"} | ${x.location ?? ""} |`,
    );
  }
  return `${out.join("\n")}\n`;
}

const reach = (ok: boolean, text: string, publicPath: boolean) =>
  `${ok ? badge(publicPath ? "public" : "private", "yes") : badge("ok", "no")} ${escapeHtml(text)}`;

/** Self-contained HTML report (inventory, diagram, exposure, cost, warnings) plus the SVG it embeds. */
export async function renderHtml(r: PlanReport): Promise<{ html: string; svg: string }> {
  const svg = await renderGraphSvg(r.diagram);
  const c = r.loaded.config;
  const e = r.exposure;
  const internetOpen = e.endpoints.filter((x) => x.internet.reachable).length;
  const summary = [
    `<p>${badge(internetOpen ? "public" : "private", `${internetOpen} endpoint(s) reachable from the internet`)} `,
    `${badge("info", `${e.privateEndpoints.length} private endpoints`)} `,
    `${badge(e.issues.length ? "warn" : "ok", `${e.issues.length} exposure issue(s)`)} `,
    `${badge(r.plan.warnings.length ? "warn" : "ok", `${r.plan.warnings.length} warning(s)`)} `,
    `${badge("info", `${formatUsd(r.cost.totalUsd)}/month`)}</p>`,
    `<pre>${escapeHtml(postureLines(c).join("\n"))}</pre>`,
  ].join("");
  const endpoints = htmlTable(
    ["Endpoint", "Internet", "Customer VNet", "Managed VNet"],
    e.endpoints.map((x) => [
      `${escapeHtml(x.service)}<br><code>${escapeHtml(x.resource)}</code>`,
      reach(
        x.internet.reachable,
        `${x.internet.reachable ? `from ${x.internet.from.join(", ")}: ` : ""}${x.internet.path}`,
        true,
      ),
      reach(x.customerVnet.reachable, x.customerVnet.path, false),
      reach(x.managedVnet.reachable, x.managedVnet.path, false),
    ]),
    { rawHtmlColumns: [0, 1, 2, 3] },
  );
  const pes = htmlTable(
    ["Private endpoint", "Target", "DNS zones", "Linked"],
    e.privateEndpoints.map((p) => [
      p.name,
      `${p.target} / ${p.group}`,
      p.zones.join(", "),
      p.zonesLinked ? "yes" : "NO",
    ]),
    { emptyText: "No private endpoints in the customer VNet." },
  );
  const rules = htmlTable(
    ["Outbound rule", "Type", "Destination", "Approval", "Why"],
    e.outboundRules.map((o) => [
      escapeHtml(o.name),
      escapeHtml(o.type),
      escapeHtml(o.destination),
      o.approval === "manual" ? badge("warn", "manual") : badge("ok", o.approval),
      escapeHtml(o.why),
    ]),
    { rawHtmlColumns: [0, 1, 2, 3, 4], emptyText: "No managed VNet outbound rules." },
  );
  const issues = e.issues.length
    ? `<ul>${e.issues.map((i) => `<li>${escapeHtml(i)}</li>`).join("")}</ul>`
    : "<p>No exposure issues.</p>";
  const cost = htmlTable(
    ["Item", "Quantity", "Unit", "Unit price", "Monthly", "Status"],
    [
      ...r.cost.lines.map((l) => [
        escapeHtml(l.item),
        String(l.quantity),
        escapeHtml(l.unit),
        escapeHtml(formatUsd(l.unitPriceUsd)),
        escapeHtml(formatUsd(l.monthlyUsd)),
        l.status === "sourced" ? badge("ok", "sourced") : badge("warn", l.status),
      ]),
      [
        "<strong>Total</strong>",
        "",
        "",
        "",
        `<strong>${escapeHtml(formatUsd(r.cost.totalUsd))}</strong>`,
        "",
      ],
    ],
    { rawHtmlColumns: [0, 1, 2, 3, 4, 5] },
  );
  const sources = htmlTable(
    ["Price", "USD", "Unit", "Region", "Source", "Date", "Status"],
    r.cost.priceIds.map((id) => {
      const p = PRICES[id];
      return [p.description, String(p.usd), p.unit, p.region, p.source, p.date, p.status];
    }),
  );
  const warnings = r.plan.warnings.length
    ? htmlTable(
        ["Field", "Warning", "Fix"],
        r.plan.warnings.map((w) => [w.path, w.message, w.fix]),
      )
    : "<p>No warnings.</p>";
  const steps = remainingOf(r.plan);
  const left = steps.length
    ? `<ul>${steps.map((x) => `<li><strong>${escapeHtml(x.step)}</strong>: ${escapeHtml(x.why)}. <code>${escapeHtml(x.how)}</code></li>`).join("")}</ul>`
    : "<p>Nothing: every step of the Terraform original is automated.</p>";
  const inventoryTable = htmlTable(
    ["Azure name", "ARM type", "API version", "Location"],
    r.model.resources.map((x) => [x.name, x.type, x.apiVersion || "data plane", x.location ?? ""]),
  );
  const html = renderHtmlDocument({
    title: `secure-aml plan — ${c.name} (${r.loaded.preset})`,
    subtitle: `Offline plan · ${c.location} · ${azureCount(r)} Azure resources · nothing deployed`,
    sections: [
      { id: "summary", title: "Summary", html: summary },
      { id: "deploy", title: "Will it deploy?", html: renderDeployHtml(r.deploy) },
      {
        id: "diagram",
        title: "Network diagram",
        html: diagramFigure(
          svg,
          "Red dashed: public path (internet). Green: private path (VNet, private endpoint, managed VNet rule). Grey dotted: other links. Scroll sideways for the whole picture; diagram.svg has it at full size.",
        ),
      },
      {
        id: "exposure",
        title: "Who can reach what",
        html: `${endpoints}<h3>Private endpoints</h3>${pes}<h3>Managed VNet outbound rules</h3>${rules}<h3>Issues</h3>${issues}`,
      },
      {
        id: "cost",
        title: "Monthly cost (estimate)",
        html: `${cost}<p>${escapeHtml(`${(r.cost.unverifiedShare * 100).toFixed(1)}% of the total rests on unverified prices.`)}</p><h3>Price sources</h3>${sources}`,
      },
      { id: "warnings", title: "Warnings", html: warnings },
      { id: "remaining", title: "Left to do", html: left },
      { id: "inventory", title: "Inventory", html: inventoryTable },
    ],
    footer:
      "Generated offline by secure-aml. Prices marked unverified must be checked with the Azure Retail Prices API.",
  });
  return { html, svg };
}

/** Writes plan.json, report.md, report.html and diagram.svg to `dir`; returns the paths written. */
export async function writeReport(r: PlanReport, dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const { html, svg } = await renderHtml(r);
  const files: [string, string][] = [
    ["plan.json", `${safeJson(reportJson(r))}\n`],
    ["report.md", renderMarkdown(r)],
    ["report.html", html],
    ["diagram.svg", `<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n`],
  ];
  return files.map(([name, text]) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  });
}
