import { mdCell as md, mdCode } from "../render/markdown";
import { wrapLines } from "../render/text";
import { type ExposureReport, REQUIRED_CATEGORY, SERVICE_LABELS } from "./types";

/** The exposure report as plain text (the terminal report) and as Markdown (report.md). */

/** One matrix cell: YES/no, the sources for the internet, and the path. */
function cell(reach: { reachable: boolean; path: string; from?: string[]; unknown?: boolean }): string {
  const from = reach.reachable && reach.from?.length ? ` from ${reach.from.join(", ")}` : "";
  return `${reach.reachable ? "YES" : reach.unknown ? "unknown" : "no"}${from}: ${reach.path}`;
}

/** Wraps text to a width with no indent (over-long words such as ids and URLs break after `-`, `.` or `/`). */
export function wrapText(text: string, width: number): string[] {
  const lines = wrapLines(text, Math.max(8, width), "");
  return lines.length > 0 ? lines : [""];
}

/** A plain-text table: each cell wrapped to its column's width, a blank line between rows. */
function table(headers: string[], widths: number[], rows: string[][], gap = "  "): string[] {
  const out: string[] = [];
  const fmt = (cells: string[][]) => {
    const height = Math.max(...cells.map((c) => c.length));
    for (let i = 0; i < height; i++)
      out.push(
        cells
          .map((c, j) => (c[i] ?? "").padEnd(widths[j]!))
          .join(gap)
          .trimEnd(),
      );
  };
  fmt(headers.map((h) => [h]));
  out.push(widths.map((w) => "-".repeat(w)).join(gap));
  rows.forEach((r, i) => {
    if (i > 0) out.push("");
    fmt(r.map((c, j) => c.split("\n").flatMap((l) => wrapText(l, widths[j]!))));
  });
  return out;
}

/** Plain text: the endpoint matrix, the private endpoints with their zones, the outbound rules, the issues. */
export function renderExposureText(report: ExposureReport, width = 100): string {
  const out: string[] = [];
  out.push(
    ...wrapText(
      `Network exposure${report.workspace ? ` of ${report.workspace}` : ""} — managed VNet: ${report.isolationMode}`,
      width,
    ),
  );
  out.push("");
  const first = Math.min(22, Math.max(16, Math.floor(width * 0.2)));
  const rest = width - first - 6;
  const customer = Math.floor(rest * 0.38);
  const internet = Math.floor((rest - customer) / 2);
  const widths = [first, internet, customer, rest - customer - internet];
  out.push(
    ...table(
      ["ENDPOINT", "INTERNET", "CUSTOMER VNET", "MANAGED VNET"],
      widths,
      report.endpoints.map((e) => [
        `${SERVICE_LABELS[e.service]}\n${e.resource}${e.trustedServices ? "\n(trusted services)" : ""}`,
        cell(e.internet),
        cell(e.customerVnet),
        cell(e.managedVnet),
      ]),
    ),
  );
  out.push("");
  out.push(`PRIVATE ENDPOINTS (customer VNet): ${report.privateEndpoints.length}`);
  if (report.privateEndpoints.length === 0) out.push("  none");
  for (const pe of report.privateEndpoints) {
    const state = pe.missingZones.length
      ? `MISSING ${pe.missingZones.join(", ")}`
      : pe.zonesLinked
        ? `linked to ${pe.vnet}`
        : `NOT linked: ${pe.unlinkedZones.join(", ") || "no zones"}`;
    out.push(
      ...wrapText(
        `${pe.name} -> ${pe.target}/${pe.group}${pe.approval === "manual" ? " (manual approval)" : ""}`,
        width - 2,
      ).map((l) => `  ${l}`),
    );
    out.push(
      ...wrapText(`zones: ${pe.zones.join(", ") || "none"} [${state}]`, width - 6).map((l) => `      ${l}`),
    );
  }
  out.push("");
  out.push(`OUTBOUND RULES (managed VNet, ${report.isolationMode}): ${report.outboundRules.length}`);
  if (report.outboundRules.length === 0) out.push("  none");
  // The name column gives way so the header (name, 15 for the type, 10 for the approval) fits the width.
  const nameWidth = Math.max(
    4,
    Math.min(34, width - 33, Math.max(4, ...report.outboundRules.map((r) => r.name.length))),
  );
  const headOf = (name: string, type: string, approval: string) =>
    `  ${name.padEnd(nameWidth)}  ${type.padEnd(15)}  ${approval.padEnd(10)}  `;
  // The destination shares the line when at least 24 columns are left, else it gets a line of its own.
  const inline = width - headOf("", "", "").length >= 24;
  if (report.outboundRules.length > 0)
    out.push(`${headOf("RULE", "TYPE", "APPROVAL")}${inline ? "DESTINATION" : ""}`.trimEnd());
  for (const r of report.outboundRules) {
    const head = headOf(r.name, r.type, r.approval.toUpperCase());
    if (inline) {
      const dest = wrapText(r.destination, width - head.length);
      out.push(`${head}${dest[0]}`, ...dest.slice(1).map((l) => `${" ".repeat(head.length)}${l}`));
    } else {
      out.push(...wrapText(head.trimEnd(), width - 2).map((l, n) => (n === 0 ? l : `  ${l}`)));
      out.push(...wrapText(`-> ${r.destination}`, width - 6).map((l) => `      ${l}`));
    }
    const cat = r.category === REQUIRED_CATEGORY ? "required, created by Azure" : r.category;
    out.push(...wrapText(`${cat}: ${r.why}`, width - 6).map((l) => `      ${l}`));
  }
  out.push("");
  out.push(`ISSUES: ${report.issues.length}`);
  if (report.issues.length === 0) out.push("  none");
  for (const i of report.issues)
    out.push(...wrapText(i, width - 4).map((l, n) => `${n === 0 ? "  ! " : "    "}${l}`));
  return out.join("\n");
}

/** Escapes a string for a Markdown table cell. */

/** Markdown: the same content as {@link renderExposureText}, as tables. */
export function renderExposureMarkdown(report: ExposureReport): string {
  const out: string[] = [];
  out.push(`## Network exposure${report.workspace ? ` of ${mdCode(report.workspace)}` : ""}`);
  out.push("");
  out.push(`Managed VNet isolation mode: **${report.isolationMode}**.`);
  out.push("");
  out.push("| Endpoint | Internet | Customer VNet | Managed VNet |");
  out.push("|---|---|---|---|");
  const mdCell = (r: { reachable: boolean; path: string; from?: string[]; unknown?: boolean }) => {
    const from = r.reachable && r.from?.length ? ` from ${r.from.map((f) => mdCode(f)).join(", ")}` : "";
    return `${r.reachable ? "**yes**" : r.unknown ? "unknown" : "no"}${from}: ${md(r.path)}`;
  };
  for (const e of report.endpoints)
    out.push(
      `| ${md(SERVICE_LABELS[e.service])}<br>${mdCode(e.resource)}${e.trustedServices ? "<br>(trusted services)" : ""} | ${mdCell(e.internet)} | ${mdCell(e.customerVnet)} | ${mdCell(e.managedVnet)} |`,
    );
  out.push("");
  out.push("### Private endpoints (customer VNet)");
  out.push("");
  if (report.privateEndpoints.length === 0) out.push("None.");
  else {
    out.push("| Private endpoint | Target | DNS zones | Linked to VNet | Approval |");
    out.push("|---|---|---|---|---|");
    for (const pe of report.privateEndpoints) {
      const zones = [
        ...pe.zones.map((z) => mdCode(z)),
        ...pe.missingZones.map((z) => `**missing ${mdCode(z)}**`),
      ];
      out.push(
        `| ${mdCode(pe.name)} | ${mdCode(pe.target)} / ${md(pe.group)} | ${zones.join("<br>") || "none"} | ${pe.zonesLinked ? `yes (${md(pe.vnet)})` : `**no**${pe.unlinkedZones.length ? `: ${pe.unlinkedZones.map((z) => mdCode(z)).join(", ")}` : ""}`} | ${pe.approval} |`,
      );
    }
  }
  out.push("");
  out.push(`### Managed VNet outbound rules (${report.isolationMode})`);
  out.push("");
  if (report.outboundRules.length === 0) out.push("None.");
  else {
    out.push("| Rule | Type | Destination | Category | Approval | Why |");
    out.push("|---|---|---|---|---|---|");
    for (const r of report.outboundRules)
      out.push(
        `| ${mdCode(r.name)} | ${md(r.type)} | ${mdCode(r.destination)} | ${md(r.category)} | ${r.approval === "manual" ? "**manual**" : r.approval} | ${md(r.why)} |`,
      );
  }
  out.push("");
  out.push("### Issues");
  out.push("");
  if (report.issues.length === 0) out.push("None.");
  for (const i of report.issues) out.push(`- ${md(i)}`);
  return `${out.join("\n")}\n`;
}
