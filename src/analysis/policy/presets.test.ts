import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { before, describe, test } from "node:test";
import { plansFor } from "../../../test/support/plans";
import { type ArmModel, toArmModel } from "../../plan/arm/model";
import { builtinDefinitions, KNOWN_EXCEPTIONS } from "./builtin";
import { evaluatePolicies } from "./evaluate";
import { withPlatformEffects } from "./platform";
import { policyResultsTable } from "./resultsTable";
import type { PolicyEvaluation } from "./types";
import { RESULTS_DOC, TABLE_PRESETS } from "./writeResultsTable";

/** The real plans of the three presets, each synthesized once, with every shipped built-in evaluated. */
const evaluations = new Map<string, PolicyEvaluation>();
const models = new Map<string, ArmModel>();
const defs = builtinDefinitions();

before(async () => {
  const fixtures = await plansFor(...TABLE_PRESETS.map((preset) => ({ preset })));
  for (const [i, preset] of TABLE_PRESETS.entries()) {
    const model = toArmModel(fixtures[i]!.plan);
    models.set(preset, model);
    evaluations.set(preset, evaluatePolicies(withPlatformEffects(model.resources), defs, { complete: true }));
  }
});

test("docs/policy-results.md is the table the evaluator generates (regenerate: npx tsx src/analysis/policy/writeResultsTable.ts)", () => {
  assert.equal(readFileSync(RESULTS_DOC, "utf8"), policyResultsTable(defs, evaluations));
});

const failing = (preset: string): Set<string> =>
  new Set(
    evaluations
      .get(preset)!
      .results.filter((r) => r.status === "non-compliant")
      .map((r) => r.definition),
  );

describe("shipped built-ins on the presets' real plans", () => {
  for (const preset of ["private", "locked-down"])
    test(`${preset} fails no shipped definition except the documented exceptions`, () => {
      const expected = Object.entries(KNOWN_EXCEPTIONS)
        .filter(([, e]) => e.presets.includes(preset))
        .map(([id]) => id)
        .sort();
      assert.deepEqual([...failing(preset)].sort(), expected);
      const ev = evaluations.get(preset)!;
      assert.equal(ev.findings.filter((f) => f.severity === "error").length, 0, "no deny finding");
      assert.equal(ev.results.filter((r) => r.status === "unsupported").length, 0);
    });

  test("starter fails the definitions its public design implies", () => {
    const f = failing("starter");
    for (const id of [
      "438c38d2-3772-465a-a9cc-7a6666a275ce", // workspaces should disable public network access
      "b2982f36-99f2-4db5-8eff-283140c09693", // storage accounts should disable public network access
      "0fdf0491-d080-4575-b627-ad0e843cba0f", // public network access disabled for Container registries
      "405c5871-3e91-4644-8a63-58e19d68ff5b", // Key Vault should disable public network access
      "45e05259-1eb5-4f70-9574-baf73e9d219b", // workspaces should use private link
    ])
      assert.ok(f.has(id), id);
    const modify = evaluations
      .get("starter")!
      .results.find(
        (r) => r.definition === "a10ee784-7409-4941-b091-663697637c0f" && r.status === "non-compliant",
      );
    assert.equal(modify?.changes?.[0]?.path, "properties.publicNetworkAccess");
  });

  test("the planned private endpoints make their targets' approved connections (private link definitions pass)", () => {
    const r = evaluations
      .get("private")!
      .results.filter(
        (x) => x.definition === "6edd7eda-6dd8-40f7-810d-67160c639cd9" && x.status !== "not-applicable",
      );
    assert.ok(r.length >= 3);
    assert.ok(r.every((x) => x.status === "compliant"));
    // Without the platform's connections the same definition fails: the test reads what it claims to.
    const bare = evaluatePolicies(models.get("private")!.resources, defs, { complete: true });
    assert.ok(
      bare.results.some(
        (x) => x.definition === "6edd7eda-6dd8-40f7-810d-67160c639cd9" && x.status === "non-compliant",
      ),
    );
  });

  test("a managed-VNet compute is reported as a premise that differs, with its source", () => {
    for (const preset of ["starter", "private", "locked-down"]) {
      const r = evaluations
        .get(preset)!
        .results.filter(
          (x) => x.definition === "7804b5c7-01dc-4723-969b-ae300cc07ff1" && x.status !== "not-applicable",
        );
      assert.ok(r.length > 0);
      for (const x of r) {
        assert.equal(x.status, "premise-differs");
        assert.equal(x.source, "https://learn.microsoft.com/azure/machine-learning/how-to-managed-network");
      }
    }
  });
});
