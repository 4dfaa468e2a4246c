/**
 * Worker side of {@link synthesizeInWorker}: synthesizes each config it is sent and answers with a summary.
 * A worker thread has no test-runner async hooks, which make Pulumi's promise-heavy synthesis ~4x slower on
 * the test runner's own thread.
 */
import { parentPort } from "node:worker_threads";
import type { Config } from "../../src/config";
import { synthesize } from "../../src/plan/synth";

/** What the worker reports for one config. */
export type SynthOutcome =
  | { ok: true; resources: number; types: Record<string, number> }
  | { ok: false; error: string };

parentPort?.on("message", async (configs: Config[]) => {
  const outcomes: SynthOutcome[] = [];
  for (const config of configs) {
    try {
      const plan = await synthesize(config);
      const types: Record<string, number> = {};
      for (const r of plan.resources) types[r.type] = (types[r.type] ?? 0) + 1;
      outcomes.push({ ok: true, resources: plan.resources.length, types });
    } catch (e) {
      outcomes.push({ ok: false, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
    }
  }
  parentPort?.postMessage(outcomes);
});
