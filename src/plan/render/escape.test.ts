import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { type ConfigIssue, findUnsafeChar, loadConfig, safeJson } from "../../config";
import { buildReport, type PlanReport, renderHtml, renderMarkdown, renderText, reportJson } from "../report";
import { ANSI, stripAnsi } from "../style";
import { dotLabel, mermaidLabel, renderGraphSvg, toMermaid } from "./graphviz";
import { escapeHtml } from "./html";
import { mdCell, mdCode } from "./markdown";
import { escapeTerminal } from "./text";

/**
 * One escaper per output context. Config validation rejects control and bidi characters, so these tests
 * put them straight into a synthesized report (as a bug elsewhere could) and check that no renderer
 * passes one through: terminal text (visible `\x1b`), Markdown, HTML, Mermaid and SVG.
 */

const ESC = String.fromCharCode(27);
const HOSTILE = `x${ESC}[8m\u0007\u009b2J\u202eevil\r|\`<b>`;
/** Unsafe characters other than the newline every multi-line format keeps. */
const unsafeIn = (text: string) => findUnsafeChar(text.replace(/\n/g, " "));

describe("escapers", () => {
  test("terminal: everything escaped, our own colours kept only when asked", () => {
    assert.equal(escapeTerminal(`a${ESC}[8mb\rc\n`), "a\\x1b[8mb\\x0dc\n");
    const styled = ANSI.red(`warn ${ESC}[8mhidden`);
    const out = escapeTerminal(styled, true);
    assert.ok(out.startsWith(`${ESC}[31m`) && out.endsWith(`${ESC}[39m`), JSON.stringify(out));
    assert.ok(out.includes("\\x1b[8m"), "an injected SGR is shown, not applied");
    assert.ok(!escapeTerminal(styled, false).includes(ESC));
  });

  test("Markdown cell: no raw HTML, no code span opened, a lone CR or LF does not end the row", () => {
    const cell = mdCell("a|b\rc\nd`e<script>&");
    assert.equal(cell, "a\\|b<br>c<br>d\\`e&lt;script&gt;&amp;");
    assert.equal(unsafeIn(mdCell(HOSTILE)), -1);
  });

  test("Markdown code span: a fence longer than any backtick run inside, pipes escaped, one line", () => {
    assert.equal(mdCode("plain"), "`plain`");
    assert.equal(mdCode("a`b"), "``a`b``");
    assert.equal(mdCode("``x"), "``` ``x ```");
    assert.equal(mdCode("a|b\r\nc"), "`a\\|b c`");
    assert.equal(unsafeIn(mdCode(HOSTILE)), -1);
  });

  test("HTML, Mermaid and DOT labels", () => {
    assert.equal(escapeHtml(`<a>${ESC}\u202e`), "&lt;a&gt;\\x1b\\u202e");
    for (const out of [escapeHtml(HOSTILE), mermaidLabel(HOSTILE), dotLabel(HOSTILE)])
      assert.equal(unsafeIn(out), -1, out);
  });
});

describe("every renderer, fed hostile text", () => {
  let r: PlanReport;
  before(async () => {
    r = await buildReport(loadConfig({ preset: "locked-down" }));
    const mutable = r as unknown as {
      plan: { warnings: ConfigIssue[] };
      exposure: { issues: string[]; outboundRules: { name: string; destination: string; why: string }[] };
      cost: { lines: { item: string; note: string }[] };
      model: { resources: { name: string }[] };
      diagram: { nodes: { label: string }[] };
    };
    mutable.plan.warnings.push({
      severity: "warning",
      code: "hostile",
      path: `tags.${HOSTILE}`,
      value: HOSTILE,
      message: HOSTILE,
      fix: HOSTILE,
    });
    mutable.exposure.issues.push(HOSTILE);
    const rule = mutable.exposure.outboundRules[0]!;
    rule.name = HOSTILE;
    rule.destination = HOSTILE;
    rule.why = HOSTILE;
    mutable.cost.lines[0]!.item = HOSTILE;
    mutable.cost.lines[0]!.note = HOSTILE;
    mutable.model.resources[0]!.name = HOSTILE;
    mutable.diagram.nodes[0]!.label = HOSTILE;
  });

  test("text (as the CLI prints it), with and without colour", () => {
    for (const style of [undefined, ANSI]) {
      const out = escapeTerminal(renderText(r, { width: 100, style }), style !== undefined);
      const withoutOwnStyle = stripAnsi(out);
      assert.equal(unsafeIn(withoutOwnStyle), -1);
      assert.ok(out.includes("\\x1b[8m"));
    }
  });

  test("Markdown (exposure, cost, warnings, inventory, Mermaid)", () => {
    const md = renderMarkdown(r);
    assert.equal(unsafeIn(md), -1);
    assert.ok(md.includes("\\x1b[8m"));
    // `<b>` ends the hostile text: outside a code span (where it is literal) it must be escaped.
    const after = md.split("<b>").slice(1);
    assert.ok(after.length > 0 && after.every((p) => p.startsWith("``")), "no raw HTML from free text");
    // Table rows stay whole: every line of a table starts and ends with a pipe.
    for (const line of md.split("\n").filter((l) => l.startsWith("|"))) assert.ok(line.endsWith("|"), line);
    assert.equal(unsafeIn(toMermaid(r.diagram)), -1);
  });

  test("plan.json written by --out: DEL, C1 and bidi as \\u escapes, still the same data", () => {
    const text = safeJson(reportJson(r));
    assert.equal(unsafeIn(text), -1);
    assert.equal(JSON.stringify(JSON.parse(text)), JSON.stringify(reportJson(r)));
  });

  test("HTML and SVG", async () => {
    const { html } = await renderHtml(r);
    assert.equal(unsafeIn(html), -1);
    assert.ok(!html.includes("<b>"));
    assert.equal(unsafeIn(await renderGraphSvg(r.diagram)), -1);
  });
});
