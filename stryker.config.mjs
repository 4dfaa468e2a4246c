// @ts-check
import { resolve } from "node:path";

/**
 * Mutation testing (`npm run mutate`): Stryker plants one small bug at a time in the code under `mutate` and runs
 * the test files that cover it; a mutant no test notices "survives". Not part of `npm test` or CI: a full run
 * takes hours on 2 cores. See the README ("Mutation testing") for how to run all of it or a part.
 *
 * Narrowing, without editing this file:
 * - `MUTATE="src/config/rules.ts,src/config/cidr.ts" npm run mutate` (comma-separated globs), or Stryker's own
 *   `npm run mutate -- --mutate src/config/rules.ts` (a range works too: `src/config/rules.ts:40-80`);
 * - `MUTATE_TESTS="src/config/**\/*.test.ts"` limits the test files (faster, but a mutant only other files
 *   would catch then survives);
 * - `MUTATE_CONCURRENCY=1` for a busy machine (default 2);
 * - `MUTATE_NAME=config` keeps a run's reports, incremental file and sandboxes apart
 *   (`reports/mutation/<name>/`, `.stryker-tmp/<name>/`), so that two narrowed runs can go side by side.
 *
 * Each test file is one "test" to Stryker: the TAP runner runs `node --import tsx <file>`, records which
 * mutants that file reaches, and later runs only those files for a mutant (per-file test selection). Code
 * reached only from a child process (the CLI's end-to-end tests spawn `bin/secure-aml`) records no coverage,
 * so a run over `src/cli` alone runs every selected test file for every mutant (`coverageAnalysis: "all"`).
 * The synthesis worker threads of the tests fall back to the test's own thread under Stryker (see
 * `test/support/stryker.ts`) so that what they reach is recorded.
 */

const ALL = ["src/config", "src/infra", "src/plan/exposure", "src/cli"];

/** Comma-separated list from an environment variable, or undefined when unset or empty. */
function list(name) {
  const v = process.env[name]?.trim();
  return v
    ? v
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;
}

/** A folder becomes its TypeScript files; a glob or file stays as it is. */
const globOf = (p) => (/\.[cm]?ts$|\*|:\d/.test(p) ? p : `${p.replace(/\/$/, "")}/**/*.ts`);

const mutate = [
  ...(list("MUTATE") ?? ALL).map(globOf),
  // Tests, type-only modules and barrels have nothing worth mutating.
  "!**/*.test.ts",
  "!**/index.ts",
  "!src/plan/exposure/types.ts",
];

// The browser tests drive Chromium (seconds per file) and only check what HTML rendering does in a real
// browser: nothing under `mutate` is caught by them alone.
const testFiles = list("MUTATE_TESTS") ?? ["src/**/*.test.ts", "test/!(*-browser).test.ts"];

const name = process.env.MUTATE_NAME?.trim() || "all";
const reports = `reports/mutation/${name}`;

const positive = mutate.filter((m) => !m.startsWith("!"));
const onlyCli = positive.every((m) => m.startsWith("src/cli"));

// Synthesis never reaches the exposure analysis, so no mutant there can change a plan: the test files may then
// share plans on disk (test/support/plans.ts) instead of synthesizing them again for every mutant.
if (positive.every((m) => m.startsWith("src/plan/exposure/")))
  process.env.SECURE_AML_PLAN_CACHE = resolve(".stryker-tmp", `plan-cache-${process.pid}`);

export default {
  $schema: "./node_modules/@stryker-mutator/core/schema/stryker-schema.json",
  packageManager: "npm",
  plugins: ["@stryker-mutator/tap-runner"],
  testRunner: "tap",
  tap: {
    testFiles,
    nodeArgs: ["--import", "tsx", "--test-reporter=tap"],
    forceBail: true,
  },
  mutate,
  coverageAnalysis: onlyCli ? "all" : "perTest",
  concurrency: Number(process.env.MUTATE_CONCURRENCY ?? 2),
  // The incremental file lets a second run re-test only mutants whose code or covering tests changed. It is
  // machine-local (kept out of git with the reports): committed, it would go stale with every merge.
  incremental: true,
  incrementalFile: `${reports}/stryker-incremental.json`,
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: `${reports}/mutation.html` },
  jsonReporter: { fileName: `${reports}/mutation.json` },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  thresholds: { high: 80, low: 60, break: null },
  tempDirName: `.stryker-tmp/${name}`,
  buildCommand: "node test/support/strykerSandbox.mjs",
  cleanTempDir: "always",
  ignorePatterns: [".stryker-tmp", "reports", "test-output", "out", "dist", ".pulumi"],
  // Test files synthesize Pulumi plans (0.3-1 s each) on a shared machine: generous timeouts avoid false
  // "timeout" results when another process takes the CPU.
  timeoutMS: 30_000,
  timeoutFactor: 2,
  dryRunTimeoutMinutes: 20,
};
