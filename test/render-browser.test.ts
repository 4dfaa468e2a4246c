/**
 * End-to-end check of the offline report pieces: a sample document with a Graphviz diagram is written
 * to test-output/render-sample.html, opened in the system Chromium with every remote request blocked,
 * and must render without errors. A screenshot lands in test-output/render-sample.png for review.
 */
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { type DotGraph, renderSvg, toDot, toMermaid } from "../src/plan/render/graphviz";
import { badge, diagramFigure, escapeHtml, htmlTable, renderHtmlDocument } from "../src/plan/render/html";
import { chromiumTestOptions, withPage } from "./support/browser";

const OUT = join(__dirname, "..", "test-output");

/** A representative secure-AML network: everything private except the blocked public path. */
const sampleNetwork: DotGraph = {
  label: "contoso-aml (dev) — network paths",
  direction: "TB",
  clusters: [
    { id: "internet", label: "Internet", style: "internet" },
    {
      id: "vnet",
      label: "Customer VNet  vnet-aml-dev  10.10.0.0/16",
      style: "vnet",
      clusters: [
        { id: "snet-bastion", label: "AzureBastionSubnet  10.10.0.0/26", style: "subnet" },
        { id: "snet-pe", label: "snet-private-endpoints  10.10.1.0/24", style: "subnet" },
        { id: "snet-jump", label: "snet-jumpbox  10.10.2.0/27", style: "subnet" },
      ],
    },
    { id: "managed", label: "AML managed VNet (allow only approved outbound)", style: "managed" },
    { id: "dns", label: "Private DNS zones", style: "dns" },
    { id: "data", label: "Workspace dependencies", style: "data" },
  ],
  nodes: [
    { id: "user", label: "Data scientist", cluster: "internet", style: "public", shape: "ellipse" },
    { id: "bastion", label: "Azure Bastion", cluster: "snet-bastion", style: "neutral" },
    { id: "jump", label: "Jumpbox VM", cluster: "snet-jump", style: "private" },
    { id: "pe-ws", label: "pe-workspace", cluster: "snet-pe", style: "private", shape: "hexagon" },
    { id: "pe-st", label: "pe-storage (blob, file)", cluster: "snet-pe", style: "private", shape: "hexagon" },
    { id: "pe-kv", label: "pe-keyvault", cluster: "snet-pe", style: "private", shape: "hexagon" },
    {
      id: "ws",
      label: "AML workspace\nmlw-contoso-dev\npublic access: disabled",
      style: "private",
      shape: "component",
    },
    {
      id: "compute",
      label: "Compute cluster\ncpu-cluster (no public IP)",
      cluster: "managed",
      style: "private",
    },
    {
      id: "st",
      label: "Storage account\nstcontosoamldev",
      cluster: "data",
      style: "data",
      shape: "cylinder",
    },
    { id: "kv", label: "Key Vault\nkv-contoso-aml-dev", cluster: "data", style: "data", shape: "cylinder" },
    { id: "acr", label: "Container registry\n(Premium)", cluster: "data", style: "data", shape: "cylinder" },
    { id: "z-api", label: "privatelink.api.azureml.ms", cluster: "dns", style: "dns", shape: "note" },
    { id: "z-blob", label: "privatelink.blob.core.windows.net", cluster: "dns", style: "dns", shape: "note" },
  ],
  edges: [
    { from: "user", to: "ws", label: "HTTPS — blocked", style: "public" },
    { from: "user", to: "bastion", label: "HTTPS 443", style: "public" },
    { from: "bastion", to: "jump", label: "RDP/SSH", style: "private" },
    { from: "jump", to: "pe-ws", style: "private" },
    { from: "pe-ws", to: "ws", label: "private link", style: "private" },
    { from: "ws", to: "compute", style: "private" },
    { from: "compute", to: "pe-st", label: "managed PE", style: "private" },
    { from: "pe-st", to: "st", style: "private" },
    { from: "pe-kv", to: "kv", style: "private" },
    { from: "ws", to: "acr", label: "private link", style: "private" },
    { from: "z-api", to: "pe-ws", label: "A record", style: "neutral" },
    { from: "z-blob", to: "pe-st", label: "A record", style: "neutral" },
  ],
};

async function buildSample(): Promise<string> {
  const svg = await renderSvg(toDot(sampleNetwork));
  const resources = htmlTable(
    ["Resource", "Type", "Network access", "Notes"],
    [
      [
        "mlw-contoso-dev",
        "Microsoft.MachineLearningServices/workspaces",
        badge("private", "private only"),
        "",
      ],
      [
        "stcontosoamldev",
        "Microsoft.Storage/storageAccounts",
        badge("private", "private only"),
        "blob, file",
      ],
      ["kv-contoso-aml-dev", "Microsoft.KeyVault/vaults", badge("private", "private only"), "RBAC"],
      ["bas-contoso-dev", "Microsoft.Network/bastionHosts", badge("public", "public IP"), "entry point"],
      ["<script>alert(1)</script>", "escaping check", badge("warn", "review"), "must render as text"],
    ],
    { rawHtmlColumns: [2], caption: "5 resources" },
  );
  return renderHtmlDocument({
    title: "secure-aml plan — contoso-aml (dev)",
    subtitle: "Offline plan · westeurope · 14 resources to create · nothing deployed",
    footer: "Generated offline by secure-aml render test. No data left this machine.",
    sections: [
      {
        id: "summary",
        title: "Summary",
        html:
          `<p>${badge("ok", "network-isolated")} ${badge("private", "12 private paths")} ` +
          `${badge("public", "1 public path")} ${badge("warn", "1 warning")}</p>` +
          `<div class="callout warn">The jumpbox is reachable only through Azure Bastion; ` +
          `<code>${escapeHtml("publicNetworkAccess = Disabled")}</code> on every data store.</div>`,
      },
      {
        id: "network",
        title: "Network diagram",
        html: diagramFigure(svg, "Red dashed: public path. Green: private."),
      },
      { id: "resources", title: "Resources", html: resources },
      {
        id: "mermaid",
        title: "Mermaid source",
        html: `<pre><code>${escapeHtml(toMermaid(sampleNetwork))}</code></pre>`,
      },
    ],
  });
}

test(
  "sample report renders in Chromium with no errors and no remote requests",
  chromiumTestOptions(),
  async () => {
    mkdirSync(OUT, { recursive: true });
    const file = join(OUT, "render-sample.html");
    writeFileSync(file, await buildSample());

    await withPage({ file }, async (p) => {
      assert.deepEqual(p.consoleErrors, [], "console errors");
      assert.deepEqual(p.pageErrors, [], "page errors");
      assert.deepEqual(p.failedRequests, [], "failed or remote requests");

      const diagram = p.page.locator(".diagram svg");
      assert.equal(await diagram.count(), 1);
      assert.ok(await diagram.isVisible(), ".diagram svg visible");
      const box = await diagram.boundingBox();
      assert.ok(box && box.width > 300 && box.height > 100, `diagram box ${JSON.stringify(box)}`);
      // It fits the page: no horizontal overflow of the diagram container.
      const container = await p.page.locator(".diagram").boundingBox();
      assert.ok(container && box.width <= container.width + 1, "svg scales to the container width");

      // The escaped cell is text, not markup.
      assert.equal(await p.page.locator("td", { hasText: "<script>alert(1)</script>" }).count(), 1);
      assert.equal(await p.evaluate(() => document.scripts.length), 0);
      assert.equal(await p.page.locator("nav.toc a").count(), 4);

      await p.screenshot(join(OUT, "render-sample.png"));

      // Narrow screen: the diagram shrinks (to its legible minimum) and its box scrolls; the page
      // itself never overflows sideways.
      await p.page.setViewportSize({ width: 480, height: 800 });
      const narrow = await diagram.boundingBox();
      assert.ok(narrow && narrow.width < box.width, `narrow ${JSON.stringify(narrow)}`);
      assert.ok(
        await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
        "page overflow",
      );

      // Print: the nav is hidden, the diagram stays.
      await p.page.emulateMedia({ media: "print" });
      assert.equal(await p.page.locator("nav.toc").isVisible(), false);
      assert.ok(await diagram.isVisible());
      assert.deepEqual(p.consoleErrors, [], "console errors after resize/print");
    });
  },
);

test("harness records remote requests and CSP violations", chromiumTestOptions(), async () => {
  // Without a CSP the request reaches the router and is blocked; with ours, CSP refuses it first
  // (reported both as a console error and as a failed request).
  const plain = `<!DOCTYPE html><title>t</title><img src="http://example.invalid/x.png" alt="">`;
  await withPage(plain, async (p) => {
    assert.equal(p.failedRequests.length, 1, p.failedRequests.join("\n"));
    assert.match(p.failedRequests[0]!, /^http:\/\/example\.invalid\/x\.png \(blocked/);
    assert.deepEqual(p.pageErrors, []);
  });
  const withCsp = renderHtmlDocument({
    title: "t",
    sections: [{ id: "a", title: "A", html: `<img src="https://example.invalid/y.png" alt="">` }],
  });
  await withPage(withCsp, async (p) => {
    assert.ok(
      p.consoleErrors.some((e) => /Content Security Policy/i.test(e)),
      `expected a CSP violation, got ${JSON.stringify(p.consoleErrors)}`,
    );
    assert.deepEqual(p.failedRequests, ["https://example.invalid/y.png (csp)"]);
  });
});
