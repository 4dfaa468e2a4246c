/** Writes docs/policy-results.md: the shipped built-ins' results on the three presets' plans. */
import { writeFileSync } from "node:fs";
import { loadConfig } from "../../config";
import { repoPath } from "../../paths";
import { toArmModel } from "../../plan/arm/model";
import { synthesize } from "../../plan/synth";
import { builtinDefinitions } from "./builtin";
import { evaluatePolicies } from "./evaluate";
import { withPlatformEffects } from "./platform";
import { policyResultsTable } from "./resultsTable";
import type { PolicyEvaluation } from "./types";

/** The presets in the table, in order. */
export const TABLE_PRESETS = ["starter", "private", "locked-down"] as const;

/** The doc's path. */
export const RESULTS_DOC = repoPath("docs", "policy-results.md");

/** The evaluations of the shipped built-ins on each preset's plan. */
export async function evaluatePresets(): Promise<Map<string, PolicyEvaluation>> {
  const defs = builtinDefinitions();
  const out = new Map<string, PolicyEvaluation>();
  for (const preset of TABLE_PRESETS) {
    const loaded = loadConfig({ preset });
    const model = toArmModel(await synthesize(loaded.config, [...loaded.warnings]));
    out.set(preset, evaluatePolicies(withPlatformEffects(model.resources), defs, { complete: true }));
  }
  return out;
}

if (require.main === module)
  evaluatePresets().then((byPreset) => {
    writeFileSync(RESULTS_DOC, policyResultsTable(builtinDefinitions(), byPreset));
    process.stdout.write(`wrote ${RESULTS_DOC}\n`);
  });
