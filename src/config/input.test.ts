import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, test } from "node:test";
import fc from "fast-check";
import { hasPrice } from "../plan/cost/prices";
import { blockSize, cidrContains, cidrOverlaps, formatCidr, parseCidr } from "./cidr";
import { ConfigError, type ConfigIssue, formatIssue } from "./issues";
import { type LoadedConfig, loadConfig, parseConfigText, resolveConfig } from "./load";
import { MAX_INPUT_BYTES, readBoundedFile } from "./readFile";
import { BASTION_DEVELOPER_REGIONS, REGIONS } from "./regions";
import { MAX_TAGS_PER_RESOURCE } from "./rules";
import { readStackConfig } from "./stackConfig";
import { defaultSubnets } from "./subnets";
import { findUnsafeChar } from "./text";

/**
 * Hostile and mistaken input (issue 7): bounded reads, control characters, Azure's tag limits, loose
 * fields, regions, and validation that reports everything at once without blaming unwritten defaults.
 */

const ESC = String.fromCharCode(27);
const dir = mkdtempSync(path.join(tmpdir(), "secure-aml-input-"));
let n = 0;
function file(text: string | Buffer): string {
  const f = path.join(dir, `c${n++}.yaml`);
  writeFileSync(f, text);
  return f;
}

function issuesOf(raw: unknown, preset?: string): readonly ConfigIssue[] {
  try {
    resolveConfig(raw, preset);
  } catch (e) {
    if (e instanceof ConfigError) return e.issues;
    throw e;
  }
  return assert.fail("expected a ConfigError");
}
function resolves(raw: unknown): LoadedConfig {
  try {
    return resolveConfig(raw);
  } catch (e) {
    if (e instanceof ConfigError) assert.fail(`expected the config to resolve, got:\n${e.message}`);
    throw e;
  }
}
const at = (issues: readonly ConfigIssue[], code: string, p?: string) =>
  issues.find((i) => i.code === code && (p === undefined || i.path === p));
const has = (issues: readonly ConfigIssue[], code: string, p?: string) =>
  assert.ok(
    at(issues, code, p),
    `no ${code}${p ? ` at ${p}` : ""}; got ${issues.map((i) => `${i.code}@${i.path}`).join(", ")}`,
  );
const warningsOf = (raw: unknown) => resolves(raw).warnings;

describe("bounded reads: regular files only, at most 1 MiB", () => {
  const codeOf = (f: string) => {
    try {
      readBoundedFile(f, "--config");
      return "read";
    } catch (e) {
      assert.ok(e instanceof ConfigError, String(e));
      return e.issues[0]!.code;
    }
  };

  test("/dev/zero, a FIFO with no writer, a directory and symlinks to them are refused (no hang)", () => {
    assert.equal(codeOf("/dev/zero"), "file-not-regular");
    assert.equal(codeOf(dir), "file-not-regular");
    const fifo = path.join(dir, "fifo");
    execFileSync("mkfifo", [fifo]);
    assert.equal(codeOf(fifo), "file-not-regular");
    const link = path.join(dir, "zero-link.yaml");
    symlinkSync("/dev/zero", link);
    assert.equal(codeOf(link), "file-not-regular");
    const fifoLink = path.join(dir, "fifo-link.yaml");
    symlinkSync(fifo, fifoLink);
    assert.equal(codeOf(fifoLink), "file-not-regular");
  });

  test("a symlink to a regular file is read", () => {
    const target = file("name: linked\n");
    const link = path.join(dir, "ok-link.yaml");
    symlinkSync(target, link);
    assert.equal(loadConfig({ file: link }).config.name, "linked");
  });

  test("a file over the cap is refused; one at the cap is read", () => {
    assert.equal(codeOf(file(Buffer.alloc(MAX_INPUT_BYTES + 1, 0x20))), "file-too-large");
    assert.equal(codeOf(file(Buffer.alloc(MAX_INPUT_BYTES, 0x20))), "read");
    assert.throws(
      () => readBoundedFile(file("x".repeat(100)), "--config", 10),
      /larger than 0.*\(100 bytes\)/,
    );
    // The cap holds while reading too: /proc files are regular files whose size fstat reports as 0.
    assert.throws(() => readBoundedFile("/proc/self/maps", "--config", 16), /at least \d+ bytes/);
    assert.equal(codeOf(path.join(dir, "missing.yaml")), "file-unreadable");
  });
});

describe("YAML errors name the position, never the file's content", () => {
  test("a private key passed by mistake is not echoed", () => {
    const secret = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7";
    const pem = `-----BEGIN PRIVATE KEY-----\n${secret}\n-----END PRIVATE KEY-----\n`;
    const shown = (text: string) => {
      try {
        loadConfig({ file: file(text) });
        return "loaded";
      } catch (e) {
        assert.ok(e instanceof ConfigError);
        return `${e.message}\n${e.issues.map(formatIssue).join("\n")}`;
      }
    };
    const credentials = JSON.stringify({ clientId: "app", clientSecret: secret, tenant: "t" });
    for (const text of [
      pem,
      `key: "${secret}\n  bad: [`,
      `a: 1\n${secret}: [x\n`,
      `${secret}`,
      credentials,
    ]) {
      const out = shown(text);
      assert.doesNotMatch(out, new RegExp(secret.slice(0, 20)), out);
      assert.notEqual(out, "loaded");
    }
    assert.match(shown("name: [unclosed\n"), /line \d+, column \d+/);
  });

  test("duplicate keys are found (one pass per mapping) and a 40,000-key mapping parses", {
    // Bounded by work: the former pairwise check took ~37 s here; linear parsing takes well under a second.
    timeout: 30_000,
  }, () => {
    assert.throws(() => parseConfigText("a: 1\nb: 2\na: 3\n", "x.yaml"), /line 3.*"a" appears twice/);
    assert.throws(() => parseConfigText("tags:\n  x: 1\n  x: 2\n", "x.yaml"), /DUPLICATE_KEY/);
    const lines = Array.from({ length: 40_000 }, (_, i) => `  t${i}: v`);
    const raw = parseConfigText(`tags:\n${lines.join("\n")}\n`, "big.yaml") as { tags: object };
    assert.equal(Object.keys(raw.tags).length, 40_000);
    const issues = issuesOf(raw);
    has(issues, "too-many-tags", "tags");
    assert.equal(
      issues.filter((i) => i.severity === "error").length,
      1,
      "one error for the count, not one per tag",
    );
  });
});

describe("control and bidi characters are rejected with the field path, and shown escaped", () => {
  const cases: [string, unknown, string][] = [
    [
      "ESC in a rule's subresourceTarget",
      {
        workspace: {
          outboundRules: {
            blobs: {
              type: "PrivateEndpoint",
              serviceResourceId:
                "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st",
              subresourceTarget: `blob${ESC}[8m`,
            },
          },
        },
      },
      "workspace.outboundRules.blobs.subresourceTarget",
    ],
    ["BEL in a tag value", { tags: { team: "a\u0007" } }, "tags.team"],
    [
      "NUL in an entra login",
      {
        data: {
          sql: {
            enabled: true,
            entraAdmin: { login: "a\u0000b", objectId: "00000000-0000-4000-8000-000000000000" },
          },
        },
      },
      "data.sql.entraAdmin.login",
    ],
    ["DEL in the name", { name: "ab\u007f" }, "name"],
    ["C1 CSI in a tag value", { tags: { team: "x\u009b2J" } }, "tags.team"],
    ["RLO in a tag value", { tags: { team: "abc\u202edef" } }, "tags.team"],
    ["LRM in a location", { location: "eastus2\u200e" }, "location"],
    ["Arabic letter mark", { tags: { t: "\u061c" } }, "tags.t"],
    ["isolate in an allowed IP", { allowedIpAddresses: ["203.0.113.7\u2066"] }, "allowedIpAddresses[0]"],
  ];
  for (const [name, raw, p] of cases) {
    test(name, () => {
      const issues = issuesOf(raw);
      has(issues, "control-character", p);
      assert.equal(issues.filter((i) => i.path === p).length, 1, "one message per field");
      const shown = issues.map(formatIssue).join("\n");
      assert.equal(findUnsafeChar(shown.replace(/\n/g, " ")), -1, shown);
      assert.match(shown, /\\x[0-9a-f]{2}|\\u[0-9a-f]{4}/);
    });
  }

  test("in keys: a tag name, a rule name and an unknown key (no fake 'valid' on the screen)", () => {
    const fake = `x${ESC}[2J${ESC}[Hvalid (preset private), no warnings`;
    for (const raw of [
      { tags: { [fake]: "v" } },
      { [fake]: 1 },
      { workspace: { outboundRules: { [fake]: { type: "FQDN", destination: "pypi.org" } } } },
    ]) {
      const issues = issuesOf(raw);
      assert.ok(issues.some((i) => i.code === "control-character"));
      const shown = issues.map(formatIssue).join("\n");
      assert.ok(!shown.includes(ESC), shown);
      assert.match(shown, /\\x1b\[2J/);
    }
  });
});

describe("keys JavaScript treats specially", () => {
  test("a tag named toString (or any Object.prototype name) is a clear error", () => {
    has(issuesOf({ tags: { toString: "x" } }), "tag-name-reserved", "tags.toString");
    has(issuesOf({ tags: { constructor: "x" } }), "tag-name-reserved", "tags.constructor");
    // As a rule name it is harmless (rules are not passed as a tag map).
    resolves({
      workspace: {
        isolationMode: "AllowOnlyApprovedOutbound",
        outboundRules: { toString: { type: "FQDN", destination: "pypi.org" } },
      },
    });
  });

  test("__proto__ under tags and outboundRules is reported, not dropped (parsed from YAML as a file is)", () => {
    const raw = parseConfigText(
      "tags:\n  __proto__: x\nworkspace:\n  outboundRules:\n    __proto__:\n      type: FQDN\n      destination: pypi.org\n",
      "p.yaml",
    );
    const issues = issuesOf(raw);
    has(issues, "reserved-key", "tags.__proto__");
    has(issues, "reserved-key", "workspace.outboundRules.__proto__");
  });
});

describe("Azure's tag limits", () => {
  const tags = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`t${i}`, "v"]));
  test(`${MAX_TAGS_PER_RESOURCE} tags in all, counting the workload and managed-by tags secure-aml adds`, () => {
    resolves({ tags: tags(MAX_TAGS_PER_RESOURCE - 2) });
    has(issuesOf({ tags: tags(MAX_TAGS_PER_RESOURCE - 1) }), "too-many-tags", "tags");
    resolves({ tags: { ...tags(MAX_TAGS_PER_RESOURCE - 2), workload: "w", "managed-by": "me" } });
  });
  test("name 512 / value 256 characters, and no < > % & \\ ? / in names", () => {
    resolves({ tags: { ["n".repeat(512)]: "v".repeat(256) } });
    has(issuesOf({ tags: { ["n".repeat(513)]: "v" } }), "invalid-value");
    has(issuesOf({ tags: { n: "v".repeat(257) } }), "invalid-value", "tags.n");
    for (const ch of ["<", ">", "%", "&", "\\", "?", "/"]) {
      const issue = at(issuesOf({ tags: { [`a${ch}b`]: "v" } }), "invalid-value");
      assert.ok(issue, ch);
      assert.match(issue.message, /cannot contain/);
    }
  });
});

describe("loose fields are validated against what Azure accepts", () => {
  const approved = (rule: Record<string, unknown>) => ({
    workspace: { isolationMode: "AllowOnlyApprovedOutbound", outboundRules: { myrule: rule } },
  });
  const id =
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st";
  const pe = (serviceResourceId: string, subresourceTarget = "blob") =>
    approved({ type: "PrivateEndpoint", serviceResourceId, subresourceTarget });

  test("serviceTag: a service tag name, optionally with a region", () => {
    const tag = (serviceTag: string) => approved({ type: "ServiceTag", serviceTag, portRanges: "443" });
    resolves(tag("AzureActiveDirectory"));
    resolves(tag("Storage.EastUS2"));
    for (const bad of ["Azure Active Directory", "Storage.", "1Storage", "Storage.East.US", "a;b", ""])
      has(issuesOf(tag(bad)), "invalid-value", "workspace.outboundRules.myrule.serviceTag");
  });

  test("serviceResourceId: a full ARM id, anchored (no newline and more)", () => {
    resolves(pe(id));
    resolves(pe(`${id}/blobServices/default`));
    // A newline is a control character: rejected before the pattern is even tried.
    has(
      issuesOf(pe(`${id}\nrm -rf /`)),
      "control-character",
      "workspace.outboundRules.myrule.serviceResourceId",
    );
    for (const bad of [
      `${id}/`,
      "/subscriptions/x/resourceGroups/y/providers/",
      `${id} `,
      `${id}/blobServices`,
    ])
      has(issuesOf(pe(bad)), "invalid-value", "workspace.outboundRules.myrule.serviceResourceId");
  });

  test("subresourceTarget: a group id pattern; an unknown id is a warning with a suggestion", () => {
    for (const ok of ["blob", "dfs", "vault", "sqlServer", "amlworkspace"])
      assert.ok(!at(warningsOf(pe(id, ok)), "subresource-unknown"), ok);
    const w = at(warningsOf(pe(id, "blbo")), "subresource-unknown");
    assert.ok(w);
    assert.match(w.fix, /did you mean "blob"/);
    for (const bad of ["blob storage", "-blob", "blob/x", ""])
      has(issuesOf(pe(id, bad)), "invalid-value", "workspace.outboundRules.myrule.subresourceTarget");
  });

  test("entraAdmin.login: 1-128 characters, no surrounding spaces", () => {
    const sql = (login: string) => ({
      data: {
        sql: { enabled: true, entraAdmin: { login, objectId: "00000000-0000-4000-8000-000000000000" } },
      },
    });
    resolves(sql("SQL Admins"));
    resolves(sql("admin@contoso.com"));
    for (const bad of ["", " admins", "x".repeat(129)])
      has(issuesOf(sql(bad)), "invalid-value", "data.sql.entraAdmin.login");
  });

  test("VM sizes and SQL SKUs follow Azure's patterns; sizes without a price warn", () => {
    for (const bad of ["D2as_v4", "Standard D2", "Standard_", "standard-d2"])
      has(issuesOf({ jumpbox: { size: bad } }), "invalid-value", "jumpbox.size");
    for (const ok of ["Basic", "S0", "S12", "P15", "GP_Gen5_2", "GP_S_Gen5_1", "BC_Gen5_2", "HS_Gen5_2"])
      resolves({ data: { sql: { enabled: true, sku: ok, maxSizeGb: 2 } } });
    for (const bad of ["S13", "P0", "GP_Gen5", "Premium", "GP-Gen5-2"])
      has(issuesOf({ data: { sql: { enabled: true, sku: bad } } }), "invalid-value", "data.sql.sku");
    // The warning follows the cost estimate's own lookup: what the report prices does not warn.
    const gpu = warningsOf({ compute: { instance: { size: "Standard_NC40ads_H100_v5" } } });
    has(gpu, "no-price", "compute.instance.size");
    assert.ok(!hasPrice("vm", "Standard_NC40ads_H100_v5"));
    assert.ok(!at(warningsOf({}), "no-price"), "the defaults are priced");
    assert.ok(hasPrice("sql", "GP_Gen5_2"));
    assert.ok(!at(warningsOf({ data: { sql: { enabled: true, sku: "GP_Gen5_2" } } }), "no-price"));
    has(warningsOf({ data: { sql: { enabled: true, sku: "HS_Gen5_2" } } }), "no-price", "data.sql.sku");
    // Not deployed, not priced: no warning.
    assert.ok(!at(warningsOf({ jumpbox: { enabled: false, size: "Standard_X9" } }), "no-price"));
  });
});

describe("location and Bastion Developer against sourced region tables", () => {
  test("unknown regions get a did-you-mean; another cloud's region names that cloud", () => {
    const typo = at(issuesOf({ location: "westeurpoe" }), "location-unknown", "location");
    assert.ok(typo);
    assert.match(typo.fix, /did you mean "westeurope"/);
    assert.match(typo.fact ?? "", /learn\.microsoft\.com/);
    has(issuesOf({ location: "mars" }), "location-unknown", "location");
    const china = at(issuesOf({ location: "chinaeast2" }), "location-other-cloud", "location");
    assert.ok(china);
    assert.match(china.fix, /AzureChinaCloud/);
    resolves({ location: "chinaeast2", cloud: "AzureChinaCloud", jumpbox: { bastionSku: "Basic" } });
    resolves({ location: "usgovvirginia", cloud: "AzureUSGovernment", jumpbox: { enabled: false } });
  });

  test("Developer in a national cloud is an error with the fix; in an unlisted region a warning", () => {
    const e = at(issuesOf({ location: "chinanorth3", cloud: "AzureChinaCloud" }), "bastion-developer-cloud");
    assert.ok(e);
    assert.match(e.fix, /"Basic"/);
    assert.match(e.fact ?? "", /quickstart-developer/);
    const w = at(warningsOf({ location: "eastus" }), "bastion-developer-region");
    assert.ok(w, "eastus is not in the Developer list");
    assert.ok(!at(warningsOf({ location: "eastus2" }), "bastion-developer-region"));
    assert.ok(
      !at(warningsOf({ location: "eastus", jumpbox: { bastionSku: "Basic" } }), "bastion-developer-region"),
    );
    assert.ok(
      !at(warningsOf({ location: "eastus", jumpbox: { enabled: false } }), "bastion-developer-region"),
    );
  });

  test("the Developer regions are public-cloud regions, and every table is sourced and dated", () => {
    for (const r of BASTION_DEVELOPER_REGIONS.regions) assert.ok(REGIONS.AzureCloud.regions.includes(r), r);
    for (const t of [...Object.values(REGIONS), BASTION_DEVELOPER_REGIONS]) {
      assert.match(t.source, /^https:\/\/learn\.microsoft\.com\//);
      assert.match(t.checked, /^\d{4}-\d{2}-\d{2}$/);
    }
  });
});

describe("validation that helps", () => {
  test("a preset typo does not hide the other errors of the file", () => {
    const issues = issuesOf({
      preset: "privat",
      nmae: "x",
      jumpbox: { size: "big" },
      location: "westeurpoe",
    });
    has(issues, "unknown-preset", "preset");
    has(issues, "location-unknown", "location");
    has(issues, "unknown-key", "nmae");
    has(issues, "invalid-value", "jumpbox.size");
    has(issuesOf({ location: "mars" }, "lockeddown"), "unknown-preset", "preset");
  });

  test("a new addressSpace alone is valid: the defaults are derived from it", () => {
    for (const space of ["192.168.0.0/16", "172.16.8.0/22", "10.20.30.0/24"]) {
      const c = resolves({ network: { addressSpace: space } }).config;
      assert.ok(c.network.subnets.privateEndpoints.startsWith(space.split(".").slice(0, 2).join(".")), space);
    }
    const raw = { network: { addressSpace: "10.20.30.0/24" }, jumpbox: { bastionSku: "Basic" } };
    const basic = resolves(raw);
    assert.deepEqual(raw.network, { addressSpace: "10.20.30.0/24" }, "the caller's object is not changed");
    assert.equal(basic.config.network.subnets.bastion, "10.20.30.192/26");
    assert.deepEqual(defaultSubnets("10.0.0.0/16"), {
      privateEndpoints: "10.0.0.0/24",
      jumpbox: "10.0.1.0/27",
      compute: "10.0.2.0/24",
      bastion: "10.0.3.0/26",
    });
  });

  test("derived defaults lie inside any address space and never overlap", () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.integer({ min: 8, max: 26 }), (ip, prefix) => {
        const base = parseCidr(`${ip}/32`)!.base;
        const space = { base: base - (base % blockSize(prefix)), prefix };
        const nets = Object.values(defaultSubnets(formatCidr(space))).map((t) => parseCidr(t)!);
        assert.ok(nets.length >= 3, "private endpoints, jump box and compute always fit from /26 up");
        nets.forEach((a, i) => {
          assert.ok(cidrContains(space, a));
          for (const b of nets.slice(i + 1)) assert.ok(!cidrOverlaps(a, b));
        });
      }),
      { numRuns: 200 },
    );
  });

  test("subnets that are not deployed are not checked; a default that cannot fit says so", () => {
    // Compute subnet only with isolationMode Disabled; Bastion subnet only with Basic/Standard.
    resolves({ network: { subnets: { compute: "172.16.0.0/24", bastion: "172.16.1.0/26" } } });
    const disabled = issuesOf({
      workspace: { isolationMode: "Disabled" },
      network: { subnets: { compute: "172.16.0.0/24" } },
    });
    has(disabled, "subnet-outside-address-space", "network.subnets.compute");
    // A /25 leaves no room for a default /26 Bastion subnet: the message is about the default.
    const small = issuesOf({ network: { addressSpace: "10.1.0.0/25" }, jumpbox: { bastionSku: "Basic" } });
    const e = at(small, "subnet-default-does-not-fit", "network.subnets.bastion");
    assert.ok(e);
    assert.match(e.fix, /set network\.subnets\.bastion/);
  });

  test("allowedIpAddresses: unused when nothing is public, duplicates warn", () => {
    has(warningsOf({ allowedIpAddresses: ["203.0.113.7"] }), "allowed-ip-unused", "allowedIpAddresses");
    const pub = { data: { publicNetworkAccess: "Enabled" } };
    assert.ok(!at(warningsOf({ ...pub, allowedIpAddresses: ["203.0.113.7"] }), "allowed-ip-unused"));
    has(
      warningsOf({ ...pub, allowedIpAddresses: ["203.0.113.7", "198.51.100.1", "203.0.113.7/32"] }),
      "allowed-ip-duplicate",
      "allowedIpAddresses[2]",
    );
  });

  test("an empty config file says the preset defaults were used", () => {
    for (const text of ["", "# only a comment\n", "---\n"]) {
      const loaded = loadConfig({ file: file(text) });
      const w = at(loaded.warnings, "empty-config");
      assert.ok(w, JSON.stringify(text));
      assert.match(w.message, /private preset/);
    }
    assert.ok(!at(loadConfig({ file: file("name: demo\n") }).warnings, "empty-config"));
  });

  test("secure-aml:configFile and other stack keys merge, stack keys over the file", () => {
    const f = file("preset: locked-down\nname: fromfile\nworkspace:\n  firewallSku: Standard\n");
    const get = (cfg: Record<string, string>) => (k: string) => cfg[k];
    const loaded = loadConfig(
      readStackConfig(
        get({ configFile: f, name: "fromstack", workspace: '{"publicNetworkAccess":"Disabled"}' }),
      ),
    );
    assert.equal(loaded.config.name, "fromstack");
    assert.equal(loaded.preset, "locked-down");
    assert.equal(loaded.config.workspace.firewallSku, "Standard", "file keys under the merged object stay");
  });
});
