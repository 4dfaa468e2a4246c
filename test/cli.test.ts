import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, test } from "node:test";
import { pathToFileURL } from "node:url";

const ESC = String.fromCharCode(27);

const BIN = path.join(__dirname, "..", "bin", "secure-aml");

function run(args: string[]) {
  const r = spawnSync(BIN, args, { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function writeConfig(text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), "secure-aml-"));
  const file = path.join(dir, "config.yaml");
  writeFileSync(file, text);
  return file;
}

describe("secure-aml plan --format json (end to end)", () => {
  for (const preset of ["starter", "private", "locked-down"]) {
    test(`${preset}: prints the plan contract with realistic ids and no secret`, () => {
      const r = run(["plan", "--preset", preset, "--format", "json"]);
      assert.equal(r.code, 0, r.stderr);
      const plan = JSON.parse(r.stdout) as {
        resources: {
          type: string;
          name: string;
          parent: string | null;
          id: string;
          inputs: Record<string, unknown>;
          dependsOn: string[];
        }[];
        warnings: unknown[];
      };
      assert.ok(plan.resources.length > 20);
      const names = new Set(plan.resources.map((x) => x.name));
      assert.equal(
        names.size,
        plan.resources.length,
        "logical names are unique, so dependsOn names one resource",
      );
      for (const res of plan.resources) {
        assert.deepEqual(Object.keys(res).sort(), ["dependsOn", "id", "inputs", "name", "parent", "type"]);
        for (const d of res.dependsOn) assert.ok(names.has(d), `${res.name} depends on unknown ${d}`);
        if (res.type.startsWith("azure-native:")) assert.match(res.id, /^\/subscriptions\/[0-9a-f-]{36}\//);
      }
      assert.equal(plan.resources.filter((x) => x.parent === null).length, 1, "one root");
      assert.doesNotMatch(r.stdout, /MOCK-SECRET/);
      assert.doesNotMatch(r.stdout, /PRIVATE KEY/);
      // The presets' Linux jump box signs in with a generated key (its public half only); no password.
      if (preset !== "starter") assert.match(r.stdout, /"keyData": "ssh-rsa /);
      assert.doesNotMatch(r.stdout, /"adminPassword"/);
    });
  }

  test("a config file with a preset and overrides is planned", () => {
    const file = writeConfig("preset: locked-down\nname: contoso\nworkspace:\n  firewallSku: Standard\n");
    const r = run(["plan", "--config", file, "--format", "json"]);
    assert.equal(r.code, 0, r.stderr);
    const plan = JSON.parse(r.stdout);
    const ws = plan.resources.find(
      (x: { type: string }) => x.type === "azure-native:machinelearningservices:Workspace",
    );
    assert.equal(ws.inputs.managedNetwork.firewallSku, "Standard");
    assert.match(ws.inputs.workspaceName, /^mlw-contoso-[0-9a-f]{6}$/);
    assert.ok(plan.warnings.some((w: { code: string }) => w.code === "firewall-standard"));
  });
});

describe("bad input exits 2 with a clear message and no stack trace", () => {
  const cases: { name: string; yaml: string; expect: RegExp[] }[] = [
    { name: "unknown key", yaml: "nmae: x\n", expect: [/nmae/, /did you mean "name"/] },
    {
      name: "Premium firewall",
      yaml: "workspace:\n  firewallSku: Premium\n",
      expect: [/workspace\.firewallSku/, /"Basic", "Standard"/, /Premium is not supported/],
    },
    {
      name: "FQDN rule without approved-outbound",
      yaml: "workspace:\n  outboundRules:\n    pypi:\n      type: FQDN\n      destination: pypi.org\n",
      expect: [/workspace\.outboundRules\.pypi\.type/, /AllowOnlyApprovedOutbound/],
    },
    {
      name: "unreachable workspace",
      yaml: "workspace:\n  privateEndpoint: false\n",
      expect: [/workspace\.privateEndpoint/, /nobody could reach/],
    },
    { name: "YAML syntax", yaml: "name: [unclosed\n", expect: [/not valid YAML/] },
    { name: "not a mapping", yaml: "- a\n- b\n", expect: [/must be a mapping/] },
    // Issue 7: a tag named toString crashed plan; __proto__ keys vanished silently.
    { name: "a tag named toString", yaml: "tags:\n  toString: x\n", expect: [/tags\.toString/, /tag name/] },
    {
      name: "__proto__ under tags and outboundRules",
      yaml: "tags:\n  __proto__: x\nworkspace:\n  outboundRules:\n    __proto__:\n      type: FQDN\n      destination: pypi.org\n",
      expect: [/tags\.__proto__/, /workspace\.outboundRules\.__proto__/],
    },
    {
      name: "an unknown key that would clear the screen and fake a result",
      yaml: `"x${ESC}[2J${ESC}[Hvalid": 1\n`,
      expect: [/\\x1b\[2J/, /control or bidirectional character/],
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const r = run(["plan", "--config", writeConfig(c.yaml)]);
      assert.equal(r.code, 2);
      for (const re of c.expect) assert.match(r.stderr, re);
      assert.ok(!r.stderr.includes(ESC), "no raw escape reaches the terminal");
      assert.doesNotMatch(r.stderr, /\n\s+at .+:\d+:\d+/, "no stack trace");
      assert.equal(r.stdout, "", "nothing planned");
    });
  }

  test("--format json prints the errors as JSON on stdout", () => {
    const r = run(["plan", "--config", writeConfig("nmae: x\nlocation: East US\n"), "--format", "json"]);
    assert.equal(r.code, 2);
    const out = JSON.parse(r.stdout) as { errors: { path: string; fix: string }[] };
    assert.deepEqual(out.errors.map((e) => e.path).sort(), ["location", "nmae"]);
    assert.ok(out.errors.every((e) => e.fix.length > 0));
  });

  test("--config /dev/zero and a symlink to it exit 2 at once (regular files only)", () => {
    const link = path.join(mkdtempSync(path.join(tmpdir(), "secure-aml-")), "config.yaml");
    symlinkSync("/dev/zero", link);
    for (const f of ["/dev/zero", link]) {
      const r = run(["validate", "--config", f]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /not a regular file/);
    }
  });

  test("missing file, unknown preset and unknown option", () => {
    assert.equal(run(["plan", "--config", "/nonexistent/x.yaml"]).code, 2);
    const p = run(["plan", "--preset", "privat"]);
    assert.equal(p.code, 2);
    assert.match(p.stderr, /did you mean "private"/);
    assert.equal(run(["plan", "--bogus"]).code, 2);
  });
});

describe("secure-aml validate (end to end)", () => {
  test("a valid file: exit 0, the preset it resolved to, and each warning with its path and fix", () => {
    const r = run(["validate", "--config", writeConfig("preset: locked-down\nname: contoso\n")]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^valid \(preset locked-down\), with warnings:/);
    assert.match(r.stdout, /warning workspace\.outboundRules = "5 FQDN rule\(s\)"/);
    assert.match(r.stdout, /\n\s+fix: /);
    assert.doesNotMatch(r.stdout + r.stderr, /\n\s+at .+:\d+:\d+/, "no stack trace");
    const clean = run(["validate", "--config", writeConfig("preset: private\nname: contoso\n")]);
    assert.equal(clean.code, 0, clean.stderr);
    assert.match(clean.stdout, /^valid \(preset private\), no warnings/);
  });

  test("an invalid file: exit 2, every error with its path, nothing on stdout", () => {
    const r = run(["validate", "--config", writeConfig("workspace:\n  firewallSku: Premium\nnmae: x\n")]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /error workspace\.firewallSku = "Premium"/);
    // An unknown key shows the kind of its value, not the text (it could be a secret from a wrong file).
    assert.match(r.stderr, /error nmae = "\(text, 1 character\)"/);
    assert.match(r.stderr, /did you mean "name"/);
    assert.doesNotMatch(r.stderr, /\n\s+at .+:\d+:\d+/, "no stack trace");
  });

  test("--format json: the resolved config and the warnings, parseable", () => {
    const r = run([
      "validate",
      "--config",
      writeConfig("preset: locked-down\nname: contoso\n"),
      "--format",
      "json",
    ]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as {
      valid: boolean;
      preset: string;
      config: { name: string; workspace: { isolationMode: string } };
      warnings: { code: string; path: string }[];
    };
    assert.equal(out.valid, true);
    assert.equal(out.preset, "locked-down");
    assert.equal(out.config.name, "contoso");
    assert.equal(out.config.workspace.isolationMode, "AllowOnlyApprovedOutbound");
    assert.deepEqual(
      out.warnings.map((w) => [w.code, w.path]),
      [["firewall-cost", "workspace.outboundRules"]],
    );
  });
});

test("every command has --help", () => {
  for (const cmd of [[], ["plan"], ["validate"], ["presets"], ["schema"]]) {
    const r = run([...cmd, "--help"]);
    assert.equal(r.code, 0, `${cmd.join(" ")} --help`);
    assert.match(r.stdout, /Usage: secure-aml/);
  }
});

describe("plan report formats (end to end)", () => {
  test("--out writes the four report files and --format markdown prints the report", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "secure-aml-out-"));
    const r = run(["plan", "--preset", "starter", "--format", "markdown", "--out", dir]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^# secure-aml plan — secureaml \(starter\)/);
    assert.match(r.stdout, /```mermaid/);
    for (const f of ["plan.json", "report.md", "report.html", "diagram.svg"])
      assert.ok(existsSync(path.join(dir, f)), f);
    assert.match(r.stderr, /wrote .*plan\.json/);
  });

  test("--format html prints one self-contained page", () => {
    const r = run(["plan", "--preset", "private", "--format", "html"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^<!DOCTYPE html>/i);
    assert.match(r.stdout, /<svg/);
  });

  test("text output is plain when piped (not a TTY) and fits 100 columns", () => {
    const r = run(["plan"]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!r.stdout.includes(`${ESC}[`), "no ANSI escapes when piped");
    assert.deepEqual(
      r.stdout.split("\n").filter((l) => l.length > 100),
      [],
    );
    for (const s of ["Inventory", "Exposure", "Monthly cost (estimate)", "Warnings"])
      assert.ok(r.stdout.includes(`\n${s}\n`), s);
  });

  test("--compare shows presets side by side with the difference", () => {
    const file = writeConfig("preset: locked-down\nworkspace:\n  firewallSku: Standard\n");
    const r = run(["plan", "--compare", "private", "locked-down", file, "--format", "json"]);
    assert.equal(r.code, 0, r.stderr);
    const c = JSON.parse(r.stdout) as { labels: string[]; totalsUsd: number[]; deltaTotalsUsd: number[] };
    assert.equal(c.labels.length, 3);
    assert.ok(c.totalsUsd[1]! > c.totalsUsd[0]!, "locked-down costs more than private");
    assert.ok(c.totalsUsd[2]! > c.totalsUsd[1]!, "a Standard firewall costs more than Basic");
    assert.equal(Math.round((c.deltaTotalsUsd[1]! - (c.totalsUsd[1]! - c.totalsUsd[0]!)) * 100), 0);
    const text = run(["plan", "--compare", "private", "locked-down"]);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /Azure Firewall Basic/);
  });

  test("--compare with a bad preset exits 2", () => {
    const r = run(["plan", "--compare", "private", "privat"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /neither a preset nor an existing config file/);
    assert.match(r.stderr, /e\.g\. "private"/);
  });
});

describe("the CLI keeps its promises in a real process", () => {
  test("--out replaces a planted symlink instead of writing through it; --width 80 is honoured", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "secure-aml-out-"));
    const victim = path.join(mkdtempSync(path.join(tmpdir(), "secure-aml-victim-")), "keep.md");
    writeFileSync(victim, "precious\n");
    symlinkSync(victim, path.join(dir, "report.md"));
    const r = run(["plan", "--preset", "locked-down", "--out", dir, "--width", "80"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(victim, "utf8"), "precious\n");
    assert.ok(lstatSync(path.join(dir, "report.md")).isFile());
    assert.match(readFileSync(path.join(dir, "report.md"), "utf8"), /^# secure-aml plan/);
    const wide = r.stdout.split("\n").filter((l) => [...l].length > 80);
    assert.deepEqual(wide, [], "every text line fits 80 columns");
  });

  test("a reader that closes the pipe ends the run quietly", () => {
    const r = spawnSync(
      "bash",
      ["-o", "pipefail", "-c", `"${BIN}" plan --preset starter --format json | head -1`],
      {
        encoding: "utf8",
      },
    );
    assert.equal(r.stdout, "{\n");
    assert.equal(r.stderr, "", "no EPIPE trace");
    assert.equal(r.status, 0);
  });

  test("an unexpected exception is one line and exit 1; SECURE_AML_DEBUG=1 shows the trace", () => {
    const root = path.join(__dirname, "..");
    const args = [
      "--import",
      pathToFileURL(path.join(root, "node_modules", "tsx", "dist", "loader.mjs")).href,
      "--import",
      pathToFileURL(path.join(__dirname, "support", "failingStdout.mjs")).href,
      path.join(root, "src", "cli", "main.ts"),
      "presets",
    ];
    const plain = spawnSync(process.execPath, args, { encoding: "utf8" });
    assert.equal(plain.status, 1);
    assert.match(
      plain.stderr,
      /^secure-aml: internal error: Error: injected failure for the test .*SECURE_AML_DEBUG=1/,
    );
    assert.equal(plain.stderr.trim().split("\n").length, 1);
    const debug = spawnSync(process.execPath, args, {
      encoding: "utf8",
      env: { ...process.env, SECURE_AML_DEBUG: "1" },
    });
    assert.equal(debug.status, 1);
    assert.match(debug.stderr, /\n\s+at .+:\d+:\d+/);
  });

  test("without Node 24 the launcher says to run npm rebuild node", () => {
    // A copy of the launcher next to a fake node_modules/.bin/node that reports Node 18.
    const root = mkdtempSync(path.join(tmpdir(), "secure-aml-bin-"));
    mkdirSync(path.join(root, "bin"));
    mkdirSync(path.join(root, "node_modules", ".bin"), { recursive: true });
    copyFileSync(BIN, path.join(root, "bin", "secure-aml"));
    writeFileSync(path.join(root, "node_modules", ".bin", "node"), "#!/bin/sh\necho 18\n");
    chmodSync(path.join(root, "node_modules", ".bin", "node"), 0o755);
    const r = spawnSync(path.join(root, "bin", "secure-aml"), ["presets"], { encoding: "utf8" });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /npm rebuild node/);
  });
});
