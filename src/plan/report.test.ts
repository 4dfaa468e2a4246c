import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { PRESET, plansFor } from "../../test/support/plans";
import { loadConfig, resourceNames } from "../config";
import type { CostEstimate } from "./cost/estimate";
import { costCaveats, costLineViews } from "./cost/report";
import { MOCK_CLIENT } from "./mocks";
import { validateGraph } from "./render/graphviz";
import { escapeHtml } from "./render/html";
import { mdCell } from "./render/markdown";
import {
  buildReport,
  type PlanReport,
  renderHtml,
  renderMarkdown,
  renderText,
  reportFiles,
  reportJson,
  reportOf,
} from "./report";
import { ANSI, PLAIN, stripAnsi, styleFor } from "./style";
import { describeRoleAssignment, inventory, principalName, roleAssignments } from "./summary";

/** Names of the default workload in the offline plan's subscription. */
const N = resourceNames({ name: "secureaml" }, MOCK_CLIENT.subscriptionId);

const ESC = String.fromCharCode(27);

const reports: Record<string, PlanReport> = {};

before(async () => {
  const keys = ["private", "starter", "locked-down", "starterIp"] as const;
  const fixtures = await plansFor(PRESET.private, PRESET.starter, PRESET.lockedDown, PRESET.starterIp);
  fixtures.forEach(({ loaded, plan }, i) => {
    reports[keys[i]!] = reportOf(loaded, plan);
  });
  reports.external = await buildReport(
    loadConfig({
      raw: {
        preset: "locked-down",
        workspace: {
          outboundRules: {
            shareddata: {
              type: "PrivateEndpoint",
              serviceResourceId: `/subscriptions/${"1".repeat(8)}-1111-1111-1111-${"1".repeat(12)}/resourceGroups/rg-shared/providers/Microsoft.Storage/storageAccounts/stshareddata`,
              subresourceTarget: "blob",
            },
          },
        },
      },
    }),
  );
});

/** The headings of the text report, in order. */
const TEXT_SECTIONS = [
  "Will it deploy?",
  "Posture",
  "Inventory",
  "Exposure",
  "Monthly cost (estimate)",
  "Warnings",
  "Left to do after deploy",
];

/** The body of one section of the text report: the lines after its heading, up to the next heading. */
function section(text: string, heading: string): string {
  const lines = text.split("\n");
  const start = lines.indexOf(heading);
  assert.ok(start >= 0, `no section ${heading}`);
  const end = lines.findIndex((l, i) => i > start && lines[i - 1] === "" && TEXT_SECTIONS.includes(l));
  return lines
    .slice(start + 1, end < 0 ? undefined : end)
    .join("\n")
    .trimEnd();
}

const edges = (r: PlanReport, style: string) => r.diagram.edges.filter((e) => e.style === style);

describe("network diagram", () => {
  test("a user's private endpoint rule to a resource outside the stack is drawn and listed", () => {
    const r = reports.external!;
    const node = r.diagram.nodes.find((n) => n.id === "r_stshareddata");
    assert.ok(node, "the outside target has a node");
    assert.match(node.label, /outside this stack/);
    assert.ok(r.diagram.edges.some((e) => e.to === node.id && e.label === "blob" && e.style === "private"));
    assert.deepEqual(validateGraph(r.diagram), []);
    const e = r.exposure.endpoints.find((x) => x.service === "external");
    assert.ok(e, "the exposure table has the outside target");
    assert.equal(e.resource, "stshareddata/blob");
    assert.equal(e.managedVnet.reachable, true);
    assert.equal(e.managedVnet.rule, "shareddata");
    assert.equal(e.internet.unknown, true, "its internet exposure is not claimed either way");
    assert.match(renderMarkdown(r), /\| outside this stack:<br>`stshareddata\/blob` \| unknown: /);
    assert.ok(!reports["locked-down"]!.exposure.endpoints.some((x) => x.service === "external"));
  });

  test("every graph is well formed (unique ids, no dangling edge or cluster)", () => {
    for (const r of Object.values(reports)) assert.deepEqual(validateGraph(r.diagram), []);
  });

  test("private: the only public paths are Bastion's entry and the outbound-only NAT gateway", () => {
    const labels = edges(reports.private!, "public").map((e) => e.label);
    assert.deepEqual(labels.sort(), ["HTTPS 443, Entra ID", "internet outbound", "outbound only"].sort());
    // Each private endpoint of the model is drawn, with a private edge to its target.
    const peNodes = reports.private!.diagram.nodes.filter((n) => n.label.startsWith("PE "));
    const pes = reports.private!.model.resources.filter(
      (r) => r.type === "Microsoft.Network/privateEndpoints",
    );
    assert.ok(pes.length > 0);
    assert.equal(peNodes.length, pes.length);
    for (const pe of peNodes)
      assert.ok(reports.private!.diagram.edges.some((e) => e.from === pe.id && e.style === "private"));
    assert.ok(
      peNodes.some((n) => /api\.azureml\.ms\nnotebooks\.azure\.net/.test(n.label)),
      "workspace PE shows both zones",
    );
  });

  test("starter with an allowed IP: public edges to the workspace from any address and to stores from that IP", () => {
    const pub = edges(reports.starterIp!, "public");
    assert.ok(pub.some((e) => e.to === `r_${N.workspace}` && e.label === "from any address"));
    assert.ok(pub.some((e) => e.to === `r_${N.blob}` && e.label === "from 203.0.113.7"));
    assert.equal(reports.starterIp!.diagram.nodes.filter((n) => n.label.startsWith("PE ")).length, 0);
  });

  test("locked-down: the FQDN rules go out through the Azure Firewall, nothing else leaves the managed VNet", () => {
    const r = reports["locked-down"]!;
    assert.ok(r.diagram.nodes.some((n) => n.id === "firewall" && /Azure Firewall Basic/.test(n.label)));
    assert.ok(edges(r, "public").some((e) => e.from === "firewall" && e.to === "fqdn"));
    assert.ok(!r.diagram.edges.some((e) => e.label === "internet outbound"));
  });

  test("drawn from the resources: a public IP added to the jump box NIC in the model becomes a public edge", () => {
    const base = reports.private!;
    const model = structuredClone(base.model);
    const nic = model.resources.find((x) => x.type === "Microsoft.Network/networkInterfaces")!;
    const ipc = (nic.properties as { ipConfigurations: { properties: Record<string, unknown> }[] })
      .ipConfigurations[0]!;
    ipc.properties.publicIPAddress = {
      id: "/subscriptions/x/resourceGroups/y/providers/Microsoft.Network/publicIPAddresses/pip-jump",
    };
    const { networkDiagram } = require("./diagram") as typeof import("./diagram");
    const g = networkDiagram(model, base.exposure);
    assert.ok(
      g.edges.some((e) => e.to === "r_vm-secureaml-jump" && e.style === "public" && e.label === "public IP"),
    );
    assert.ok(g.nodes.some((n) => n.id === "r_vm-secureaml-jump" && n.style === "warn"));
  });
});

describe("inventory", () => {
  test("role assignments read as role for principal on scope, repeated child names carry their parent", () => {
    const names = inventory(reports.private!.plan).flatMap((g) => g.resources.map((r) => r.name));
    assert.ok(
      names.includes(
        `Azure AI Enterprise Network Connection Approver for workspace identity id-secureaml-mlw on ${N.resourceGroup}`,
      ),
    );
    assert.ok(names.includes(`Reader for workspace identity id-secureaml-mlw on pe-${N.dataLake}-dfs`));
    assert.ok(names.includes(`pe-${N.workspace}-amlworkspace/default`));
    assert.ok(names.includes("privatelink.notebooks.azure.net/link-vnet-secureaml"));
    assert.ok(!names.some((n) => /^[0-9a-f]{8}-[0-9a-f]{4}-/.test(n)), "no bare role assignment GUIDs");
  });

  test("every Azure resource is listed once, under the component that owns it", () => {
    const groups = inventory(reports["locked-down"]!.plan);
    const listed = groups.reduce((n, g) => n + g.resources.length, 0);
    const azure = reports["locked-down"]!.plan.resources.filter((r) =>
      /^(azure-native|random|tls|time):/.test(r.type),
    ).length;
    assert.equal(listed, azure);
    const sql = groups.find((g) => g.componentType === "secure-aml:data:DataSources")!;
    assert.ok(sql.resources.some((r) => r.type === "sql:Server"));
  });
});

describe("formats", () => {
  test("JSON keeps the plan contract and adds the derived views", () => {
    const j = reportJson(reports.private!) as Record<string, unknown>;
    for (const k of ["resources", "warnings", "arm", "exposure", "cost"]) assert.ok(k in j, k);
    assert.doesNotMatch(JSON.stringify(j), /MOCK-SECRET/);
  });

  test("text fits 100 columns and is plain unless a colour style is given", () => {
    for (const r of Object.values(reports)) {
      const text = renderText(r, { width: 100, style: PLAIN });
      const long = text.split("\n").filter((l) => l.length > 100);
      assert.deepEqual(long, [], `lines over 100 columns in ${r.loaded.preset}`);
      assert.ok(!text.includes(`${ESC}[`), "no ANSI escapes");
      for (const section of TEXT_SECTIONS) {
        assert.match(text, new RegExp(`^${section.replace(/[()?]/g, "\\$&")}$`, "m"));
      }
    }
    const coloured = renderText(reports["locked-down"]!, { style: ANSI });
    assert.ok(coloured.includes(`${ESC}[1m`), "bold headings");
    assert.equal(stripAnsi(coloured), renderText(reports["locked-down"]!, { style: PLAIN }));
  });

  test("colour only on a TTY and never with NO_COLOR", () => {
    assert.equal(styleFor(true, {}).enabled, true);
    assert.equal(styleFor(false, {}).enabled, false);
    assert.equal(styleFor(true, { NO_COLOR: "" }).enabled, false);
    assert.equal(styleFor(true, { TERM: "dumb" }).enabled, false);
  });

  test("the text says what it costs; its Warnings section lists each warning of the plan with its fix", () => {
    const text = renderText(reports["locked-down"]!);
    assert.match(section(text, "Monthly cost (estimate)"), /Azure Firewall Basic/);
    assert.match(text, /about \$[\d,]+\.\d\d\/month/);
    // The firewall-cost warning, in the Warnings section (the cost table above also names the firewall).
    const warnings = section(text, "Warnings");
    assert.match(
      warnings,
      /^ {2}! workspace\.outboundRules: FQDN rules make Azure create an Azure Firewall Basic/m,
    );
    assert.match(warnings, /^ {4}fix: /m);
    for (const r of Object.values(reports)) {
      const w = section(renderText(r, { width: 100 }), "Warnings");
      if (r.plan.warnings.length === 0) assert.equal(w, "  none", r.loaded.preset);
      for (const issue of r.plan.warnings)
        assert.ok(w.includes(`! ${issue.path}: `), `${issue.code} in ${w}`);
      assert.equal((w.match(/^ {2}! /gm) ?? []).length, r.plan.warnings.length, r.loaded.preset);
    }
    assert.ok(reports.starter!.plan.warnings.length > 0, "starter (no allowed IP) warns");
  });

  test("Markdown has the Mermaid diagram, exposure, cost and inventory of every ARM resource", () => {
    const md = renderMarkdown(reports.private!);
    assert.match(md, /```mermaid\n[\s\S]*flowchart LR[\s\S]*```/);
    // Role assignments are listed as "role for principal on scope" (tested below), the rest by Azure name.
    for (const x of reports.private!.model.resources)
      if (x.type !== "Microsoft.Authorization/roleAssignments")
        assert.ok(md.includes(`\`${x.name}\``), x.name);
    assert.match(md, /Private endpoints, customer VNet/);
  });

  test("HTML is one self-contained file embedding the SVG", async () => {
    const { html, svg } = await renderHtml(reports.private!);
    assert.ok(
      html.includes(svg.slice(20, 400)),
      "the SVG is inlined (diagramFigure only adds a min-width to its root tag)",
    );
    assert.doesNotMatch(html, /(src|href)="https?:/);
    assert.match(html, /Content-Security-Policy/);
    for (const id of ["summary", "diagram", "exposure", "cost", "warnings", "remaining", "inventory"])
      assert.match(html, new RegExp(`id="${id}"`));
  });

  test("HTML escapes every field it prints: a hostile value in each is shown as text, never as markup", async () => {
    // Every printed text field of a real report gets its own marker with markup-significant characters; the
    // escapers of the input validation should keep such values out, the renderer must not rely on it.
    type Rec = Record<string, unknown>;
    const r = structuredClone(reports["locked-down"]!) as unknown as Rec & {
      loaded: { config: Rec };
      plan: { warnings: Rec[]; outputs: { remainingSteps?: Rec[] } };
      model: { resources: Rec[] };
      exposure: Rec & { endpoints: Rec[]; privateEndpoints: Rec[]; outboundRules: Rec[]; issues: string[] };
      cost: { lines: Rec[] };
      diagram: { label?: string; nodes: Rec[]; edges: Rec[]; clusters: Rec[] };
    };
    const fields: string[] = [];
    const mark = (where: string) => {
      fields.push(where);
      return `<q${fields.length}>"'&`;
    };
    const taint = (o: Rec, keys: string[], where: string) => {
      for (const k of keys)
        if (typeof o[k] === "string") o[k] = `${mark(`${where}.${k}`)}${o[k] as string}`;
        else if (Array.isArray(o[k]))
          o[k] = (o[k] as string[]).map((v, i) => `${mark(`${where}.${k}[${i}]`)}${v}`);
    };
    taint(r.loaded.config, ["name", "location"], "config");
    r.plan.warnings.forEach((w, i) => {
      taint(w, ["path", "message", "fix"], `warnings[${i}]`);
    });
    r.plan.outputs = {
      ...r.plan.outputs,
      remainingSteps: [{ step: "s", why: "w", how: "h" }].map((x) => {
        taint(x, ["step", "why", "how"], "remainingSteps[0]");
        return x;
      }),
    };
    r.model.resources.slice(0, 3).forEach((x, i) => {
      taint(x, ["name", "type", "apiVersion", "location"], `model[${i}]`);
    });
    r.exposure.endpoints.slice(0, 3).forEach((e, i) => {
      taint(e, ["service", "resource"], `endpoints[${i}]`);
      for (const k of ["internet", "customerVnet", "managedVnet"])
        taint(e[k] as Rec, ["path"], `endpoints[${i}].${k}`);
    });
    (r.exposure.endpoints[0]!.internet as Rec).reachable = true;
    taint(r.exposure.endpoints[0]!.internet as Rec, ["from"], "endpoints[0].internet");
    r.exposure.privateEndpoints.slice(0, 2).forEach((p, i) => {
      taint(p, ["name", "target", "group", "zones"], `pe[${i}]`);
    });
    r.exposure.outboundRules.slice(0, 3).forEach((o, i) => {
      taint(o, ["name", "type", "destination", "why"], `rules[${i}]`);
    });
    r.exposure.issues = [...r.exposure.issues, `${mark("issues[+]")} issue`];
    r.cost.lines.slice(0, 3).forEach((l, i) => {
      taint(l, ["item", "unit"], `cost[${i}]`);
    });
    r.diagram.label = `${mark("diagram.label")}plan`;
    r.diagram.nodes.slice(0, 3).forEach((n, i) => {
      taint(n, ["label"], `node[${i}]`);
    });
    r.diagram.clusters.slice(0, 1).forEach((c, i) => {
      taint(c, ["label"], `cluster[${i}]`);
    });
    r.diagram.edges
      .filter((e) => e.label)
      .slice(0, 2)
      .forEach((e, i) => {
        taint(e, ["label"], `edge[${i}]`);
      });
    assert.ok(fields.length > 60, `${fields.length} fields`);

    const { html } = await renderHtml(r as unknown as PlanReport);
    assert.doesNotMatch(html, /<q\d+/, "a marker reached the page as a tag");
    assert.doesNotMatch(html, /"'&<|&amp;amp;lt;q/, "raw or double-escaped");
    const shown = (i: number) => html.includes(`&lt;q${i + 1}&gt;`);
    const missing = fields.filter((_, i) => !shown(i));
    assert.deepEqual(missing, [], "fields not printed, or printed unescaped");
  });

  test("--out renders the four files", async () => {
    const files = await reportFiles(reports.starter!);
    assert.deepEqual(
      files.map((f) => f.name),
      ["plan.json", "report.md", "report.html", "diagram.svg"],
    );
    assert.match(files[3]!.text, /^<\?xml[^\n]*\n<svg/);
    assert.equal(JSON.parse(files[0]!.text).preset, "starter");
  });

  test("the cost figures and notes agree in every format (text, Markdown, HTML, JSON)", async () => {
    const r = reports["locked-down"]!;
    // Text wraps (and breaks a long URL), so it is compared with whitespace removed.
    const squash = (t: string) => t.replace(/\s+/g, "");
    const text = squash(renderText(r));
    const md = renderMarkdown(r);
    const { html } = await renderHtml(r);
    const json = reportJson(r) as { cost: CostEstimate };
    const views = costLineViews(r.cost);
    assert.ok(
      views.some((v) => v.unitPrice === "$0.0752"),
      "a sub-cent unit price is in the fixture",
    );
    views.forEach((v, i) => {
      assert.ok(md.includes(`| ${v.quantity} | ${v.unit} | ${v.unitPrice} | ${v.monthly} |`), v.item);
      // Unit prices keep their 4 decimals in HTML too: 730 × $0.0752 is $54.90, not 730 × $0.08.
      assert.ok(
        html.includes(`<td>${escapeHtml(v.unitPrice)}</td><td>${escapeHtml(v.monthly)}</td>`),
        `HTML row of ${v.item}`,
      );
      assert.ok(text.includes(squash(`${v.unitPrice} ${v.monthly}`)), `text row of ${v.item}`);
      assert.ok(html.includes(escapeHtml(v.note)), `HTML basis of ${v.item}`);
      assert.ok(md.includes(mdCell(v.note)), `Markdown basis of ${v.item}`);
      assert.ok(text.includes(squash(v.note)), `text basis of ${v.item}`);
      assert.equal(json.cost.lines[i]!.unitPriceUsd, r.cost.lines[i]!.unitPriceUsd);
    });
    // The region and unverified-share notes, and what is not included, are in every format.
    for (const c of [...costCaveats(r.cost), ...r.cost.notIncluded]) {
      assert.ok(html.includes(escapeHtml(c)), `HTML: ${c}`);
      assert.ok(md.includes(mdCell(c)), `Markdown: ${c}`);
      assert.ok(text.includes(squash(c)), `text: ${c}`);
    }
    assert.match(costCaveats(r.cost).join(" "), /read for a region other than eastus2/);
    assert.deepEqual(json.cost.totalUsd, r.cost.totalUsd);
  });

  test("role assignments show role, principal and scope in every format, and no two read the same", async () => {
    const r = reports["locked-down"]!;
    const views = roleAssignments(r.plan);
    const lines = views.map(describeRoleAssignment);
    assert.equal(new Set(lines).size, lines.length, "no two assignments look alike");
    assert.ok(views.some((v) => v.principal.startsWith("workspace identity ")));
    assert.ok(views.some((v) => v.principal.startsWith("jump box ")));
    const squash = (t: string) => t.replace(/\s+/g, "");
    const text = squash(renderText(r));
    const md = renderMarkdown(r);
    const { html } = await renderHtml(r);
    const json = reportJson(r) as { roleAssignments: { role: string; principal: string; scope: string }[] };
    for (const [i, line] of lines.entries()) {
      assert.ok(text.includes(squash(line)), `text: ${line}`);
      assert.ok(md.includes(mdCell(line)), `Markdown: ${line}`);
      assert.ok(html.includes(escapeHtml(line)), `HTML: ${line}`);
      assert.equal(json.roleAssignments[i]!.principal, views[i]!.principal);
    }
    // No role assignment GUID stands in for a name in the Markdown inventory.
    assert.doesNotMatch(md, /\| `[0-9a-f-]{36}` \| Microsoft\.Authorization\/roleAssignments/);
    // Principals the plan does not own: the deployer, and users or groups from the config by type and id.
    const plan = { ...r.plan, deployer: "00000000-0000-0000-0000-0000000de910" };
    assert.match(principalName(plan, "00000000-0000-0000-0000-0000000de910"), /^deployer /);
    assert.equal(principalName(plan, "1234", "Group"), "group 1234");
  });

  test("reportOf derives its views from the plan it is given, not from the config", () => {
    // The private config with starter's plan: every view must follow the plan (a public workspace, no PEs).
    const mixed = reportOf(reports.private!.loaded, reports.starter!.plan);
    assert.equal(mixed.model.resources.length, reports.starter!.model.resources.length);
    assert.deepEqual(mixed.exposure, reports.starter!.exposure);
    assert.equal(mixed.cost.totalUsd, reports.starter!.cost.totalUsd);
    assert.notEqual(mixed.cost.totalUsd, reports.private!.cost.totalUsd);
    assert.equal(mixed.diagram.nodes.filter((n) => n.label.startsWith("PE ")).length, 0);
  });
});
