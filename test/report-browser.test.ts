import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { renderHtml, reportOf } from "../src/plan/report";
import { chromiumTestOptions, withPage } from "./support/browser";
import { planFor } from "./support/plans";

const OUT = path.join(__dirname, "..", "test-output");

for (const preset of ["private", "locked-down"]) {
  test(
    `the ${preset} HTML report loads in Chromium with no errors and a visible diagram`,
    chromiumTestOptions(),
    async () => {
      const { loaded, plan } = await planFor({ preset });
      const { html } = await renderHtml(reportOf(loaded, plan));
      mkdirSync(OUT, { recursive: true });
      const file = path.join(OUT, `report-${preset}.html`);
      writeFileSync(file, html);
      await withPage({ file }, async (page) => {
        assert.deepEqual(page.consoleErrors, []);
        assert.deepEqual(page.pageErrors, []);
        assert.deepEqual(page.failedRequests, []);
        const box = await page.evaluate(() => {
          const svg = document.querySelector(".diagram svg");
          if (!svg) return null;
          const r = svg.getBoundingClientRect();
          const style = getComputedStyle(svg);
          return {
            width: r.width,
            height: r.height,
            visible: style.visibility !== "hidden" && style.display !== "none",
          };
        });
        assert.ok(box, "the diagram SVG is in the page");
        assert.ok(box.visible && box.width > 300 && box.height > 150, `diagram size ${JSON.stringify(box)}`);
        const sections = await page.evaluate(() =>
          [...document.querySelectorAll("section h2")].map((h) => h.textContent),
        );
        assert.ok(
          sections.includes("Who can reach what") && sections.includes("Monthly cost (estimate)"),
          String(sections),
        );
        await page.screenshot(path.join(OUT, `report-${preset}.png`), { fullPage: true });
      });
    },
  );
}
