import * as path from "node:path";
import { Worker } from "node:worker_threads";
import type { Config } from "../../src/config";
import { underStryker } from "./stryker";
import type { SynthOutcome, SynthRequest } from "./synthWorker";

/**
 * Synthesizes each request in a worker thread and returns one outcome per request, in order: on the test
 * runner's thread a synthesis costs ~1 s, in a worker ~0.3 s. Under mutation testing the requests run on this
 * thread instead, where Stryker sees what they reach.
 */
export async function synthesizeRequests(requests: readonly SynthRequest[]): Promise<SynthOutcome[]> {
  if (requests.length === 0) return [];
  // Loaded only here: otherwise the worker keeps the Pulumi SDK out of the test's own thread.
  if (underStryker())
    return (require("./synthWorker") as typeof import("./synthWorker")).synthesizeAll(requests);
  const worker = new Worker(path.join(__dirname, "synthWorker.ts"), { execArgv: ["--import", "tsx"] });
  return new Promise<SynthOutcome[]>((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`synthesis worker exited with code ${code}`)));
    worker.postMessage(requests);
  }).finally(() => worker.terminate());
}

/** {@link synthesizeRequests} for configs without warnings: for tests that plan dozens of random configs. */
export function synthesizeInWorker(configs: readonly Config[]): Promise<SynthOutcome[]> {
  return synthesizeRequests(configs.map((config) => ({ config })));
}
