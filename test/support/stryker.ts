/**
 * True when the tests run under Stryker's mutation testing (`npm run mutate`). Stryker records which code a
 * test file reaches only on that file's own thread, so helpers that would synthesize in a worker thread run
 * on the calling thread instead: slower, but a mutant reached only there is then tested, not reported as
 * uncovered.
 */
export function underStryker(): boolean {
  return process.env.STRYKER_NAMESPACE !== undefined || "__stryker__" in globalThis;
}
