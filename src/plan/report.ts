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
import {
  costCaveats,
  costLineViews,
  describeAssumptions,
  formatUsd,
  headlineTotal,
  renderCostMarkdown,
  renderCostText,
} from "./cost/report";
import { networkDiagram } from "./diagram";
import { analyzeExposure, type ExposureReport, renderExposureMarkdown, renderExposureText } from "./exposure";
import { type DotGraph, renderGraphSvg, toMermaid } from "./render/graphviz";
import { badge, diagramFigure, escapeHtml, htmlTable, renderHtmlDocument } from "./render/html";
import { mdCell, mdCode } from "./render/markdown";
import { wrapLines } from "./render/text";
import { PLAIN, type Style } from "./style";
import {
  describeRoleAssignment,
  formatWarnings,
  inventory,
  postureLines,
  type RoleAssignmentView,
  remainingOf,
  roleAssignments,
} from "./summary";
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
    roleAssignments: roleAssignments(r.plan),
    subscriptionId: r.plan.subscriptionId,
    deploy: { verdict: deployVerdict(r.deploy), ...deploySummary(r.deploy), checks: r.deploy },
    arm: r.model.resources,
    exposure: r.exposure,
    cost: r.cost,
  };
}

/** The inventory name of an ARM resource: its Azure name, or "role for principal on scope" for a role assignment. */
function inventoryName(
  x: { id: string; name: string },
  ras: ReadonlyMap<string, RoleAssignmentView>,
): string {
  const ra = ras.get(x.id.toLowerCase());
  return ra ? describeRoleAssignment(ra) : x.name;
}

const roleAssignmentsById = (r: PlanReport) =>
  new Map(roleAssignments(r.plan).map((v) => [v.id.toLowerCase(), v] as const));

const azureCount = (r: PlanReport) => r.model.resources.filter((x) => !x.dataPlane).length;

/** The one-line summary every format opens with: resources, cost (with items that have no price), exposure. */
export function headline(r: PlanReport): string {
  return `${azureCount(r)} Azure resources, about ${headlineTotal(r.cost, "/month")}, ${r.exposure.issues.length} exposure issue(s) — nothing created (offline)`;
}

/** Terminal report: readable at `width` columns, coloured only through `style`. */
export function renderText(r: PlanReport, opts: { width?: number; style?: Style } = {}): string {
  const width = opts.width ?? 100;
  const s = opts.style ?? PLAIN;
  const c = r.loaded.config;
  const h = (t: string) => s.bold(t);
  const out: string[] = [];
  const wrap = (text: string, indent = "", hang = `${indent}  `) => wrapLines(text, width, indent, hang);
  out.push(
    ...wrap(
      `secure-aml plan: preset "${r.loaded.preset}", workload "${c.name}" in ${c.location} (${c.cloud})`,
    ).map(s.bold),
  );
  out.push(...wrap(headline(r)));
  const verdict = wrapLines(`Will it deploy? ${deployVerdict(r.deploy)}`, width, "", "  ").join("\n");
  out.push(deploySummary(r.deploy).failing === 0 ? s.green(verdict) : s.red(verdict));
  // Posture lines are "  label            value": continuation lines hang under the value.
  out.push("", h("Posture"), ...postureLines(c).flatMap((l) => wrap(l.slice(19), l.slice(0, 19))));
  out.push("", h("Inventory"));
  for (const g of inventory(r.plan)) {
    out.push(`  ${g.component} ${s.dim(`(${g.componentType.replace(/^secure-aml:/, "")})`)}`);
    for (const x of g.resources) {
      const line = `    ${x.type.padEnd(40)} ${x.name}`;
      // A name that would overflow goes on its own line(s) under the type, so nothing is cut.
      out.push(line.length <= width ? line : [`    ${x.type}`, ...wrap(x.name, "      ")].join("\n"));
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
  return steps.map((x) => wrapLines(`- ${x.step}: ${x.how}`, width, "  ", "    ").join("\n")).join("\n");
}

/** Markdown report: summary, warnings, diagram as Mermaid, exposure, cost, inventory. */
export function renderMarkdown(r: PlanReport): string {
  const c = r.loaded.config;
  const out: string[] = [];
  out.push(`# secure-aml plan — ${c.name} (${r.loaded.preset})`, "");
  out.push(
    `Offline plan of ${azureCount(r)} Azure resources in ${mdCode(c.location)} (${c.cloud}); estimated **${headlineTotal(r.cost, "/month")}**; ${r.exposure.issues.length} exposure issue(s). Nothing was created.`,
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
  const ras = roleAssignmentsById(r);
  for (const x of r.model.resources) {
    out.push(
      `| ${mdCode(inventoryName(x, ras))} | ${mdCell(x.type)} | ${x.apiVersion || "data plane"} | ${x.location ?? ""} |`,
    );
  }
  return `${out.join("\n")}\n`;
}

const reach = (ok: boolean, text: string, publicPath: boolean, unknown = false) =>
  `${ok ? badge(publicPath ? "public" : "private", "yes") : unknown ? badge("warn", "unknown") : badge("ok", "no")} ${escapeHtml(text)}`;

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
    `${badge(r.cost.unpriced.length ? "warn" : "info", headlineTotal(r.cost, "/month"))}</p>`,
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
        x.internet.unknown,
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
  // The same strings as the text and Markdown tables (costLineViews): unit prices keep their 4 decimals.
  const cost = htmlTable(
    ["Item", "Quantity", "Unit", "Unit price", "Monthly", "Status", "Basis"],
    [
      ...costLineViews(r.cost).map((v) => [
        escapeHtml(v.item),
        escapeHtml(v.quantity),
        escapeHtml(v.unit),
        escapeHtml(v.unitPrice),
        escapeHtml(v.monthly),
        v.status === "sourced" ? badge("ok", "sourced") : badge("warn", v.status),
        escapeHtml(v.note),
      ]),
      [
        "<strong>Total</strong>",
        "",
        "",
        "",
        `<strong>${escapeHtml(formatUsd(r.cost.totalUsd))}</strong>`,
        "",
        "",
      ],
    ],
    { rawHtmlColumns: [0, 1, 2, 3, 4, 5, 6] },
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
  const ras = roleAssignmentsById(r);
  const inventoryTable = htmlTable(
    ["Azure name", "ARM type", "API version", "Location"],
    r.model.resources.map((x) => [
      inventoryName(x, ras),
      x.type,
      x.apiVersion || "data plane",
      x.location ?? "",
    ]),
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
        html: [
          ...costCaveats(r.cost).map((c) => `<p>${escapeHtml(c)}</p>`),
          cost,
          `<h3>Assumptions</h3><ul>${describeAssumptions(r.cost.assumptions, r.cost.lines)
            .map((a) => `<li>${escapeHtml(a)}</li>`)
            .join("")}</ul>`,
          `<h3>Not included</h3><ul>${r.cost.notIncluded.map((a) => `<li>${escapeHtml(a)}</li>`).join("")}</ul>`,
          `<h3>Price sources</h3>${sources}`,
        ].join(""),
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

/**
 * The four `--out` files (plan.json, report.md, report.html, diagram.svg), all rendered before any is written so
 * the command can write them together (src/cli/write.ts) and a failed render leaves the old set intact.
 */
export async function reportFiles(r: PlanReport): Promise<{ name: string; text: string }[]> {
  const { html, svg } = await renderHtml(r);
  return [
    { name: "plan.json", text: `${safeJson(reportJson(r))}\n` },
    { name: "report.md", text: renderMarkdown(r) },
    { name: "report.html", text: html },
    { name: "diagram.svg", text: `<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n` },
  ];
}
