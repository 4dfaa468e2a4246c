#!/usr/bin/env node
/**
 * Bundles the CLI (src/cli/main.ts and everything of ours it imports; npm packages stay external) into
 * .build/cli/main.js with esbuild, the compiler tsx itself uses. bin/secure-aml runs the bundle with plain node
 * when it is newer than every source file, and calls this script to rebuild it otherwise.
 *
 * Why: under tsx every one of the ~60 TypeScript modules is resolved, transformed (or read from tsx's cache) and
 * source-mapped on each run, and tsx's hooks sit on every require of the Pulumi SDK as well. That was about half
 * of `plan`'s time; one prebuilt file loads in milliseconds. Dynamic imports stay lazy in the bundle (esbuild
 * wraps each module in an init function), so commands still load only what they use.
 *
 * The bundle sits two folders below the repo root, as src/cli/main.ts does, so code that finds repo files from
 * __dirname (data/sample/contacts.csv, data/arm-schemas) finds the same files. Written to a temporary name and
 * renamed, so two runs building at once never see half a file. Exit 0 when built, 1 when it could not be
 * (the launcher then falls back to tsx).
 */
const { renameSync, mkdirSync } = require("node:fs");
const path = require("node:path");

const root = path.join(__dirname, "..");
const out = path.join(root, ".build", "cli", "main.js");

function main() {
  // esbuild is tsx's own dependency: resolve it from tsx so no second copy is needed.
  const esbuild = require(require.resolve("esbuild", { paths: [require.resolve("tsx", { paths: [root] })] }));
  mkdirSync(path.dirname(out), { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  esbuild.buildSync({
    entryPoints: [path.join(root, "src", "cli", "main.ts")],
    outfile: tmp,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node22",
    packages: "external",
    keepNames: true,
    logLevel: "error",
  });
  renameSync(tmp, out);
}

try {
  main();
} catch (e) {
  process.stderr.write(
    `secure-aml: could not prebuild the CLI (${e instanceof Error ? e.message.split("\n")[0] : e}); running through tsx\n`,
  );
  process.exit(1);
}
