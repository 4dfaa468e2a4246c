import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { PRESET, plansFor } from "../../../test/support/plans";
import type { Plan } from "../synth";
import { exposureOfPlan } from "./analyze";
import { renderExposureMarkdown, renderExposureText, wrapText } from "./render";

const plans: Record<string, Plan> = {};

describe("network exposure rendering", () => {
  before(async () => {
    const [priv, starter, locked] = await plansFor(PRESET.private, PRESET.starterIp, PRESET.lockedDown);
    Object.assign(plans, { private: priv.plan, starter: starter.plan, locked: locked.plan });
  });

  test("text fits 100 columns and has the matrix, private endpoints, outbound rules and issues", () => {
    for (const [name, plan] of Object.entries(plans)) {
      const text = renderExposureText(exposureOfPlan(plan));
      for (const line of text.split("\n")) assert.ok(line.length <= 100, `${name}: ${line.length}: ${line}`);
      for (const h of [
        "ENDPOINT",
        "INTERNET",
        "CUSTOMER VNET",
        "MANAGED VNET",
        "PRIVATE ENDPOINTS",
        "OUTBOUND RULES",
        "ISSUES",
      ])
        assert.ok(text.includes(h), `${name}: ${h}`);
    }
    const text = renderExposureText(exposureOfPlan(plans.starter!));
    assert.match(text, /YES from 203\.0\.113\.7:/);
    assert.match(text, /YES from any:/);
  });

  test("text honours a narrower width", () => {
    const text = renderExposureText(exposureOfPlan(plans.locked!), 80);
    for (const line of text.split("\n")) assert.ok(line.length <= 80, `${line.length}: ${line}`);
  });

  test("markdown has one matrix row per endpoint and escapes pipes", () => {
    const report = exposureOfPlan(plans.locked!);
    const md = renderExposureMarkdown(report);
    assert.match(md, /^\| Endpoint \| Internet \| Customer VNet \| Managed VNet \|$/m);
    const matrix = md.split("### Private endpoints")[0]!;
    assert.equal(matrix.split("\n").filter((l) => l.startsWith("| ")).length, report.endpoints.length + 1);
    assert.match(md, /\| `sqlserver` \| PrivateEndpoint \|/);
    const piped = renderExposureMarkdown({ ...report, issues: ["a | b"] });
    assert.match(piped, /- a \\\| b/);
  });

  test("wrapText breaks an over-long word after '.', '-' or '/', and gives one empty line for no text", () => {
    assert.deepEqual(wrapText("zones: privatelink.api.azureml.ms, privatelink.notebooks.azure.net", 20), [
      "zones:",
      "privatelink.api.",
      "azureml.ms,",
      "privatelink.",
      "notebooks.azure.net",
    ]);
    assert.deepEqual(wrapText("", 20), [""]);
  });
});
