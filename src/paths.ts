import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";

let root: string | undefined;

/**
 * The repository root: the nearest folder above this module with secure-aml's package.json. Found by walking up
 * rather than by a fixed number of `..`, because the same code runs from `src/**` (tsx) and from the prebuilt
 * CLI bundle in `.build/cli/`, which sit at different depths.
 */
export function repoRoot(): string {
  if (root !== undefined) return root;
  let dir = __dirname;
  for (;;) {
    const pkg = path.join(dir, "package.json");
    if (
      existsSync(pkg) &&
      (JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === "secure-aml"
    ) {
      root = dir;
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`the secure-aml package.json was not found above ${__dirname}`);
    dir = parent;
  }
}

/** A path inside the repository, e.g. `repoPath("data", "sample", "contacts.csv")`. */
export function repoPath(...parts: string[]): string {
  return path.join(repoRoot(), ...parts);
}
