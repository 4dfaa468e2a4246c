/**
 * Worker side of the test helpers that synthesize off the test runner's thread ({@link synthesizeInWorker},
 * `plans.ts`): synthesizes each request it is sent and answers with the plans. A worker thread has no
 * test-runner async hooks, which make Pulumi's promise-heavy synthesis ~3x slower on the test runner's own
 * thread.
 */
import { parentPort } from "node:worker_threads";
import type { Config, ConfigIssue } from "../../src/config";
import { type Plan, synthesize } from "../../src/plan/synth";

/** One synthesis to run: a validated config and the warnings its plan carries. */
export interface SynthRequest {
  readonly config: Config;
  readonly warnings?: readonly ConfigIssue[];
}

/** What the worker reports for one request: its plan (structured-cloned), or the error synthesis threw. */
export type SynthOutcome = { ok: true; plan: Plan } | { ok: false; error: string };

/** Synthesizes each request in turn; a failure becomes an outcome, not a rejection. */
export async function synthesizeAll(requests: readonly SynthRequest[]): Promise<SynthOutcome[]> {
  const outcomes: SynthOutcome[] = [];
  for (const { config, warnings = [] } of requests) {
    try {
      outcomes.push({ ok: true, plan: await synthesize(config, [...warnings]) });
    } catch (e) {
      outcomes.push({ ok: false, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
    }
  }
  return outcomes;
}

parentPort?.on("message", async (requests: SynthRequest[]) => {
  parentPort?.postMessage(await synthesizeAll(requests));
});
