import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, test } from "node:test";
import { type Io, runCli, textWidth } from "./program";

/** Runs the CLI in this process (no Pulumi synthesis happens in these cases), capturing its output. */
async function cli(args: string[], io: Partial<Io> = {}) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(["node", "secure-aml", ...args], {
    out: (s) => {
      stdout += s;
    },
    err: (s) => {
      stderr += s;
    },
    isTty: false,
    stdoutTty: false,
    ...io,
  });
  return { code, stdout, stderr };
}

const TRACE = /\n\s+at .+:\d+:\d+/;
const dir = () => mkdtempSync(path.join(tmpdir(), "secure-aml-cli-"));
function config(text: string): string {
  const file = path.join(dir(), "config.yaml");
  writeFileSync(file, text);
  return file;
}
const widest = (text: string) => Math.max(...text.split("\n").map((l) => [...l].length));

describe("CLI usage errors exit 2 without a trace", () => {
  test("--width must be a whole number of columns from 60 to 300", async () => {
    for (const bad of ["20", "0", "-5", "abc", "1e3", "80.5", "301"]) {
      const r = await cli(["validate", "--width", bad]);
      assert.equal(r.code, 2, `--width ${bad}`);
      assert.match(r.stderr, /from 60 to 300/, `--width ${bad}`);
      assert.doesNotMatch(r.stderr, TRACE);
    }
  });

  test("no subcommand prints the help and exits 2", async () => {
    const r = await cli([]);
    assert.equal(r.code, 2);
    assert.match(r.stderr + r.stdout, /Usage: secure-aml/);
  });

  test("--compare refuses the options it would ignore, in one line", async () => {
    for (const extra of [
      ["--out", dir()],
      ["--config", "x.yaml"],
      ["--preset", "private"],
      ["--format", "html"],
    ]) {
      const r = await cli(["plan", "--compare", "private", "starter", ...extra]);
      assert.equal(r.code, 2, extra.join(" "));
      assert.match(
        r.stderr,
        new RegExp(`cannot be combined with ${extra[0] === "--format" ? "--format html" : extra[0]}`),
      );
      assert.equal(r.stderr.trim().split("\n").length, 1);
      assert.equal(r.stdout, "");
    }
  });

  test("--compare names the argument a config error came from", async () => {
    const bad = config("nmae: x\n");
    const r = await cli(["plan", "--compare", "private", bad]);
    assert.equal(r.code, 2);
    assert.ok(r.stderr.includes(`secure-aml: ${bad}: the configuration is not valid`), r.stderr);
    const json = await cli(["plan", "--compare", "private", bad, "--format", "json"]);
    assert.equal(JSON.parse(json.stdout).source, bad);
  });

  test("a self-referencing YAML alias with --format json exits 2 with JSON errors", async () => {
    const file = config("a: &x\n  b: *x\n");
    for (const cmd of ["plan", "validate"]) {
      const r = await cli([cmd, "--config", file, "--format", "json"]);
      assert.equal(r.code, 2, cmd);
      const out = JSON.parse(r.stdout) as { errors: { path: string }[] };
      assert.ok(
        out.errors.some((e) => e.path === "a" || e.path.startsWith("a.")),
        JSON.stringify(out.errors),
      );
    }
  });

  test("--out that is a file and schema --out to a folder or an unwritable place: one line, exit 2", async () => {
    const file = config("preset: private\n");
    const plan = await cli(["plan", "--out", file]);
    assert.equal(plan.code, 2);
    assert.match(plan.stderr, /is a file, not a folder/);
    for (const out of [dir(), "/proc/secure-aml.schema.json"]) {
      const r = await cli(["schema", "--out", out]);
      assert.equal(r.code, 2, out);
      assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
      assert.doesNotMatch(r.stderr, TRACE);
    }
    const ok = path.join(dir(), "nested", "schema.json");
    assert.equal((await cli(["schema", "--out", ok])).code, 0);
    assert.equal(JSON.parse(readFileSync(ok, "utf8")).title, "secure-aml configuration");
  });
});

describe("text width", () => {
  test("--width, else the terminal's own width (clamped), else 100", () => {
    assert.equal(textWidth(80, 200), 80);
    assert.equal(textWidth(undefined, 132), 132);
    assert.equal(textWidth(undefined, 20), 60);
    assert.equal(textWidth(undefined, undefined), 100);
  });

  test("presets and validate text are wrapped to --width or the terminal's width", async () => {
    const presets = await cli(["presets", "--width", "60"]);
    assert.equal(presets.code, 0);
    assert.ok(widest(presets.stdout) <= 60, presets.stdout);
    assert.ok(widest((await cli(["presets"], { columns: 70 })).stdout) <= 70);
    assert.ok(widest((await cli(["presets"])).stdout) > 70, "unwrapped at 100 the summaries are longer");
    // A config with warnings: every line of the warning blocks fits.
    const file = config("preset: locked-down\nworkspace:\n  firewallSku: Standard\n");
    const v = await cli(["validate", "--config", file, "--width", "60"]);
    assert.equal(v.code, 0, v.stderr);
    assert.match(v.stdout, /firewall/);
    assert.ok(widest(v.stdout) <= 60, v.stdout);
  });
});

test("validate, presets and schema never load the Pulumi SDK, the diagram's WebAssembly or the ARM validator", async () => {
  // This file never plans, so anything of these in the module cache was loaded by the commands above or below.
  assert.equal((await cli(["validate", "--preset", "locked-down"])).code, 0);
  assert.equal((await cli(["presets", "--format", "json"])).code, 0);
  assert.equal((await cli(["schema"])).code, 0);
  const loaded = Object.keys(require.cache).filter((m) =>
    /[\\/](@pulumi[\\/]pulumi|@hpcc-js[\\/]wasm-graphviz|ajv|ajv-draft-04)[\\/]/.test(m),
  );
  assert.deepEqual(loaded, []);
});
