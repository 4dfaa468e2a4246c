import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, test } from "node:test";
import { cidrContains, parseCidr } from "./cidr";
import { ConfigError, type ConfigIssue, formatIssue, formatPath, showValue, valueAt } from "./issues";
import { type LoadedConfig, loadConfig, resolveConfig } from "./load";
import { readStackConfig } from "./stackConfig";
import { closest, editDistance } from "./suggest";

/*
 * Edge cases mutation testing (`npm run mutate`, src/config) found that no test checked: each block names the
 * code whose planted bugs survived.
 */

/** Resolves a raw config with a workload name of its own (no default-name warning). */
const resolve = (raw: Record<string, unknown>): LoadedConfig => resolveConfig({ name: "demo", ...raw });

/** The errors of a config that must fail. */
function errorsOf(raw: Record<string, unknown>): ConfigIssue[] {
  try {
    resolve(raw);
  } catch (e) {
    assert.ok(e instanceof ConfigError, String(e));
    return e.issues.filter((i) => i.severity === "error");
  }
  assert.fail(`accepted ${JSON.stringify(raw)}`);
}

const approved = (rules: Record<string, unknown>) => ({
  workspace: { isolationMode: "AllowOnlyApprovedOutbound", outboundRules: rules },
});

describe("ServiceTag port ranges (schema.ts isPortList)", () => {
  const tag = (portRanges: string) =>
    approved({ mon: { type: "ServiceTag", serviceTag: "AzureMonitor", portRanges } });
  test("single ports, ranges, lists and * within 1-65535 pass", () => {
    for (const ports of ["*", " * ", "443", " 443 ", "1", "65535", "80, 8080-8089", "80-80"])
      resolve(tag(ports));
  });
  test("0, 65536, a reversed range, a word or trailing text anywhere in the list fail at the field", () => {
    for (const ports of [
      "0",
      "65536",
      "80-70",
      "443,abc",
      "abc,443",
      "443x",
      "x443",
      "",
      "443,",
      "1-65536",
    ]) {
      const errors = errorsOf(tag(ports));
      assert.deepEqual(
        errors.map((e) => e.path),
        ["workspace.outboundRules.mon.portRanges"],
        JSON.stringify(ports),
      );
    }
  });
});

describe("allowedIpAddresses (schema.ts ipOrCidr)", () => {
  test("an address with surrounding spaces is refused, not silently trimmed", () => {
    for (const ip of [" 203.0.113.7", "203.0.113.7 "])
      assert.deepEqual(
        errorsOf({ allowedIpAddresses: [ip] }).map((e) => e.path),
        ["allowedIpAddresses[0]"],
      );
  });
});

describe("FQDN rules to storage (rules.ts storage host patterns)", () => {
  const fqdn = (destination: string) => approved({ rule1: { type: "FQDN", destination } });
  test("a bare storage service host and the *.core wildcard are storage", () => {
    for (const host of ["blob.core.windows.net", "*.core.windows.net", "dfs.core.usgovcloudapi.net"])
      assert.ok(
        errorsOf(fqdn(host)).some((e) => e.code === "outbound-rule-fqdn-storage"),
        host,
      );
  });
  test("hosts that merely contain a storage suffix are not", () => {
    for (const host of [
      "acct.blob.core.windows.net.example.org",
      "*.core.windows.net.example.org",
      "notblob.core.windows.net",
    ])
      assert.ok(!resolve(fqdn(host)).warnings.some((w) => w.code === "outbound-rule-fqdn-storage"), host);
  });
});

describe("rule messages and suggestions (rules.ts)", () => {
  test("pe-subnet-too-small says how many addresses are usable (block size minus Azure's five)", () => {
    const [e] = errorsOf({ network: { subnets: { privateEndpoints: "10.0.0.0/29" } } });
    assert.equal(e?.code, "pe-subnet-too-small");
    assert.match(e!.message, /the subnet has 3 usable$/);
  });
  test("a rule name is repaired to a valid one: separators replaced, leading ones dropped, padded, cut at 33", () => {
    const suggestion = (name: string) => {
      const e = errorsOf({
        workspace: {
          outboundRules: {
            [name]: {
              type: "PrivateEndpoint",
              serviceResourceId:
                "/subscriptions/s/resourceGroups/r/providers/Microsoft.Storage/storageAccounts/x",
              subresourceTarget: "blob",
            },
          },
        },
      }).find((i) => i.code === "outbound-rule-name");
      return /e\.g\. "([^"]+)"/.exec(e?.fix ?? "")?.[1] ?? e?.fix;
    };
    assert.equal(suggestion("__pypi"), "pypi");
    assert.equal(suggestion("py.pi"), "py-pi");
    assert.equal(suggestion("ab"), "abrule");
    assert.equal(suggestion(`${"x".repeat(40)}`), "x".repeat(33));
  });
});

describe("presets (presets.ts)", () => {
  test("starter: public, firewalled data stores without SQL", () => {
    const { config } = resolveConfig({ name: "demo" }, "starter");
    assert.equal(config.data.publicNetworkAccess, "Enabled");
    assert.equal(config.data.sql.enabled, false);
  });
});

describe("loader messages (load.ts)", () => {
  test("out of range numbers say the bound, wrong types say what was found", () => {
    const low = errorsOf({ compute: { instance: { idleShutdownMinutes: 5 } } })[0]!;
    assert.match(low.fix, /at least 15/);
    const high = errorsOf({ compute: { instance: { idleShutdownMinutes: 5000 } } })[0]!;
    assert.match(high.fix, /at most 4320/);
    const nul = errorsOf({ jumpbox: { enabled: null } })[0]!;
    assert.match(nul.message, /\bnull\b/);
  });
  test("loadConfig reads a preset by name and a file by path", () => {
    assert.equal(loadConfig({ preset: "starter" }).preset, "starter");
    const dir = mkdtempSync(path.join(tmpdir(), "secure-aml-load-"));
    const file = path.join(dir, "c.yaml");
    writeFileSync(file, "preset: locked-down\nname: fromfile\n");
    const loaded = loadConfig({ file });
    assert.deepEqual([loaded.preset, loaded.config.name], ["locked-down", "fromfile"]);
  });
});

describe("issues (issues.ts)", () => {
  const issue = (severity: "error" | "warning", p: string, value?: unknown): ConfigIssue => ({
    severity,
    code: "x",
    path: p,
    value,
    message: "m",
    fix: "f",
  });
  test("a ConfigError counts and lists its errors only; the warnings ride along", () => {
    const e = new ConfigError([issue("warning", "tags"), issue("error", "name", "Bad")]);
    assert.match(e.message, /^configuration has 1 error\(s\):/);
    assert.ok(e.message.includes("name") && !e.message.includes("tags"), e.message);
    assert.equal(e.issues.length, 2);
  });
  test("a missing value reads (missing); a long one is cut with an ellipsis", () => {
    assert.match(formatIssue(issue("error", "name")), /name = \(missing\)/);
    const long = showValue("x".repeat(500));
    assert.ok(long.endsWith("…") && long.length === 201, `${long.length}`);
    assert.equal(showValue("x".repeat(198)), `"${"x".repeat(198)}"`);
    assert.ok(showValue("x".repeat(199)).endsWith("…"));
  });
  test("paths: (root) for none, [n] for indexes; valueAt stops at a scalar", () => {
    assert.equal(formatPath([]), "(root)");
    assert.equal(formatPath(["a", 0, "b"]), "a[0].b");
    assert.equal(valueAt({ a: "text" }, ["a", "length"]), undefined);
    assert.equal(valueAt({ a: null }, ["a", "b"]), undefined);
    assert.equal(valueAt({ a: [{ b: 1 }] }, ["a", 0, "b"]), 1);
  });
});

describe("stack config (stackConfig.ts)", () => {
  test("only values that start with [ or { (after spaces) are JSON", () => {
    const get = (values: Record<string, string>) => (k: string) => values[k];
    const { raw } = readStackConfig(get({ allowedIpAddresses: ' ["203.0.113.7"]', name: "ab[c" })) as {
      raw: Record<string, unknown>;
    };
    assert.deepEqual(raw.allowedIpAddresses, ["203.0.113.7"]);
    assert.equal(raw.name, "ab[c");
  });
});

describe("CIDR parsing and containment (cidr.ts)", () => {
  test("surrounding spaces are ignored; extra segments and non-numeric prefixes are not CIDRs", () => {
    assert.deepEqual(parseCidr(" 10.0.0.0/8 "), parseCidr("10.0.0.0/8"));
    for (const bad of ["10.0.0.0/8/8", "10.0.0.0/x8", "10.0.0.0/8x", "10.0.0.0/"])
      assert.equal(parseCidr(bad), undefined, bad);
  });
  test("a wider network is not contained in a narrower one at the same address", () => {
    assert.equal(cidrContains(parseCidr("10.0.0.0/16")!, parseCidr("10.0.0.0/8")!), false);
    assert.equal(cidrContains(parseCidr("10.0.0.0/8")!, parseCidr("10.0.0.0/16")!), true);
  });
});

describe("did-you-mean (suggest.ts)", () => {
  test("edit distance counts the last character too", () => {
    assert.equal(editDistance("abc", "abd"), 1);
    assert.equal(editDistance("kitten", "sitting"), 3);
    assert.equal(editDistance("", "abc"), 3);
  });
  test("the first of equally close candidates wins; a candidate containing the word is suggested", () => {
    assert.equal(closest("ab", ["ac", "ad"]), "ac");
    assert.equal(closest("isolation", ["isolationMode", "tags"]), "isolationMode");
    assert.equal(closest("zzzzzz", ["name", "tags"]), undefined);
  });
});
