/**
 * What a test does when something it needs from outside the repository is missing: skip visibly on a
 * developer machine, fail under CI (`CI=true` or `CI=1`), where passing by skipping would hide that nothing
 * was checked. The browser tests (Chromium) and the tests against Microsoft's REST examples (the shared
 * oracles folder next to the repository) both go through here.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import * as path from "node:path";
import type { TestContext } from "node:test";

/** True under CI: a missing external dependency is then a failure, never a skip. */
export function isCi(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CI === "true" || env.CI === "1";
}

/** The repository root (this file is `test/support/`). */
const REPO_ROOT = path.resolve(__dirname, "..", "..");

/**
 * The shared folder of test oracles: `$SECURE_AML_SHARED` if set (a git worktree elsewhere can point at the
 * main checkout's), else `<repo>/../shared`.
 */
export function sharedDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.SECURE_AML_SHARED ? path.resolve(env.SECURE_AML_SHARED) : path.join(REPO_ROOT, "..", "shared");
}

/**
 * Checks that every file of `relative` exists under `base`: returns true if so; otherwise fails the test under
 * CI, or skips it with the list of missing files and returns false.
 */
export function requireFiles(
  t: TestContext,
  base: string,
  relative: readonly string[],
  env = process.env,
): boolean {
  const missing = relative.filter((r) => !existsSync(path.join(base, r)));
  if (missing.length === 0) return true;
  const message = `not found under ${base}: ${missing.join(", ")} (set SECURE_AML_SHARED to the shared folder)`;
  if (isCi(env)) assert.fail(`${message} — CI=${env.CI}: the shared oracles must be present`);
  t.skip(message);
  return false;
}
