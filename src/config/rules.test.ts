import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { PRICES } from "../plan/cost/prices";
import { ConfigError, type ConfigIssue } from "./issues";
import { type LoadedConfig, resolveConfig } from "./load";
import { RESERVED_RULE_NAMES, resourceNames } from "./naming";
import { checkConfig, privateEndpointCount } from "./rules";
import { RULE_NAME_PATTERN } from "./schema";

/**
 * Every semantic rule in rules.ts and every schema-level error the loader reports: one failing config and
 * one minimally different passing config each. Messages are checked for their key words only, so rewording
 * a message does not break a test, but dropping the field, value or fix does.
 */

/** What a test expects of one issue. `message`/`fix`/`fact` list words that must appear (case-insensitive). */
interface Expected {
  code: string;
  path: string;
  value?: unknown;
  severity?: "error" | "warning";
  message?: readonly string[];
  fix?: readonly string[];
  fact?: readonly string[];
}

/** Resolves a config that must fail and returns every issue of the ConfigError. */
/**
 * Gives a config without a `name` a non-default one, so each test sees only the rule it is about (the
 * `default-name` warning has its own tests, which set the name explicitly).
 */
function named(raw: unknown): unknown {
  return raw !== null && typeof raw === "object" && !Array.isArray(raw) && !("name" in raw)
    ? { name: "demo", ...raw }
    : raw;
}

function issuesOf(raw: unknown, preset?: string): readonly ConfigIssue[] {
  let issues: readonly ConfigIssue[] | undefined;
  assert.throws(
    () => resolveConfig(named(raw), preset),
    (e: unknown) => {
      assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${String(e)}`);
      issues = e.issues;
      return true;
    },
  );
  return issues!;
}

/** Resolves a config that must succeed. */
function resolves(raw: unknown, preset?: string): LoadedConfig {
  try {
    return resolveConfig(named(raw), preset);
  } catch (e) {
    if (e instanceof ConfigError) assert.fail(`expected the config to resolve, got:\n${e.message}`);
    throw e;
  }
}

function includesAll(text: string | undefined, words: readonly string[] | undefined, what: string): void {
  for (const w of words ?? []) {
    assert.ok(
      text?.toLowerCase().includes(w.toLowerCase()),
      `${what} ${JSON.stringify(text)} should mention ${JSON.stringify(w)}`,
    );
  }
}

/** Finds the issue with the expected code and path among `issues` and checks its fields. */
function assertIssue(issues: readonly ConfigIssue[], want: Expected): ConfigIssue {
  const found = issues.find((i) => i.code === want.code && i.path === want.path);
  assert.ok(
    found,
    `no ${want.code} issue at ${want.path}; got ${JSON.stringify(issues.map((i) => [i.code, i.path]))}`,
  );
  assert.equal(found.severity, want.severity ?? "error");
  if ("value" in want) assert.deepEqual(found.value, want.value);
  assert.ok(found.message.length > 0 && found.fix.length > 0);
  includesAll(found.message, want.message, "message");
  includesAll(found.fix, want.fix, "fix");
  includesAll(found.fact, want.fact, "fact");
  return found;
}

/** A config that must fail with (at least) the expected error. */
function failsWith(raw: unknown, want: Expected, preset?: string): ConfigIssue {
  return assertIssue(issuesOf(raw, preset), want);
}

/** A config that must resolve and carry the expected warning. */
function warnsWith(raw: unknown, want: Expected, preset?: string): ConfigIssue {
  return assertIssue(resolves(raw, preset).warnings, { severity: "warning", ...want });
}

/** A config that must resolve without any issue of `code`. */
function passesWithout(raw: unknown, code: string, preset?: string): LoadedConfig {
  const loaded = resolves(raw, preset);
  assert.deepEqual(
    loaded.warnings.filter((w) => w.code === code),
    [],
    `unexpected ${code} warning`,
  );
  return loaded;
}

const codes = (issues: readonly ConfigIssue[]) => issues.map((i) => i.code);

/** A valid private endpoint rule to some other storage account. */
const peRule = {
  type: "PrivateEndpoint",
  serviceResourceId:
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-other/providers/Microsoft.Storage/storageAccounts/stother",
  subresourceTarget: "blob",
} as const;
const fqdnRule = (destination = "pypi.org") => ({ type: "FQDN", destination }) as const;
const serviceTagRule = { type: "ServiceTag", serviceTag: "AzureMonitor", portRanges: "443" } as const;

const approved = (outboundRules: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  workspace: { isolationMode: "AllowOnlyApprovedOutbound", outboundRules, ...extra },
});
const internetOutbound = (outboundRules: Record<string, unknown>) => ({
  workspace: { isolationMode: "AllowInternetOutbound", outboundRules },
});

describe("baseline", () => {
  test("the default (private) config has no issue at all", () => {
    const loaded = resolves({});
    assert.deepEqual(loaded.warnings, []);
    assert.deepEqual(checkConfig(loaded.config), []);
  });

  test("errors come before warnings, and a ConfigError carries the warnings too", () => {
    // sql-basic-size (error) + private-workspace-no-jumpbox (warning)
    const issues = issuesOf({ jumpbox: { enabled: false }, data: { sql: { enabled: true, maxSizeGb: 10 } } });
    assert.deepEqual(codes(issues), ["sql-basic-size", "private-workspace-no-jumpbox"]);
  });
});

describe("default-name (warning)", () => {
  test("the default workload name warns, naming the field and citing uniqueString", () => {
    const loaded = resolves({ name: "secureaml" });
    assert.deepEqual(codes(loaded.warnings), ["default-name"]);
    const w = loaded.warnings[0]!;
    assert.equal(w.path, "name");
    assert.equal(w.value, "secureaml");
    assert.match(w.fix, /set name/);
    assert.match(w.fact ?? "", /^https:\/\/learn\.microsoft\.com\//);
  });
  test("a name of one's own, or an explicit nameSuffix, does not warn", () => {
    assert.deepEqual(resolves({ name: "fraud" }).warnings, []);
    assert.deepEqual(resolves({ name: "secureaml", nameSuffix: "team7" }).warnings, []);
  });
});

describe("outbound-rule-name", () => {
  test("a 2-character rule name fails with a suggested rename", () => {
    const issue = failsWith(internetOutbound({ ab: peRule }), {
      code: "outbound-rule-name",
      path: "workspace.outboundRules.ab",
      value: "ab",
      message: ["3-33 characters", "letter or digit"],
      fix: ["rename", RULE_NAME_PATTERN.source],
      fact: ["§1.4"],
    });
    assert.ok(issue.fix.includes('"abrule"'), issue.fix);
  });

  test("a 3-character name passes", () => {
    passesWithout(internetOutbound({ abc: peRule }), "outbound-rule-name");
  });

  test("a name starting with '_' or containing '.' fails; the suggestion itself is valid", () => {
    for (const name of ["_pypi", "py.pi.org", "a b c"]) {
      const issue = failsWith(internetOutbound({ [name]: peRule }), {
        code: "outbound-rule-name",
        path: `workspace.outboundRules.${name}`,
        value: name,
      });
      const suggestion = /e\.g\. "([^"]+)"/.exec(issue.fix)?.[1];
      assert.ok(suggestion && RULE_NAME_PATTERN.test(suggestion), `suggestion ${suggestion} should be valid`);
    }
  });

  test("33 characters pass, 34 fail", () => {
    passesWithout(internetOutbound({ ["a".repeat(33)]: peRule }), "outbound-rule-name");
    failsWith(internetOutbound({ ["a".repeat(34)]: peRule }), {
      code: "outbound-rule-name",
      path: `workspace.outboundRules.${"a".repeat(34)}`,
      value: "a".repeat(34),
    });
  });
});

describe("outbound-rule-reserved", () => {
  for (const name of RESERVED_RULE_NAMES) {
    test(`"${name}" is reserved`, () => {
      failsWith(internetOutbound({ [name]: peRule }), {
        code: "outbound-rule-reserved",
        path: `workspace.outboundRules.${name}`,
        value: name,
        message: [name, "private endpoint rule"],
        fix: ["another name", ...RESERVED_RULE_NAMES],
      });
    });
  }

  test(`"datalake2" is not reserved`, () => {
    passesWithout(internetOutbound({ datalake2: peRule }), "outbound-rule-reserved");
  });
});

describe("outbound-rule-own-store", () => {
  const SUB = "11111111-1111-4111-8111-111111111111";
  const n = resourceNames({ name: "demo" }, SUB);
  // The stack's names in the target's subscription, in the stack's resource group (configs here are named demo).
  const id = (type: string, name: string, group = "rg-demo", sub = SUB) =>
    `/subscriptions/${sub}/resourceGroups/${group}/providers/${type}/${name}`;
  const own: [string, string, string][] = [
    ["Microsoft.Storage/storageAccounts", n.dataLake, "data lake"],
    ["microsoft.storage/storageaccounts", n.blob.toUpperCase(), "blob account"],
    ["Microsoft.Storage/storageAccounts", n.storage, "default storage"],
    ["Microsoft.KeyVault/vaults", n.keyVault, "Key Vault"],
    ["Microsoft.ContainerRegistry/registries", n.registry, "container registry"],
    ["Microsoft.MachineLearningServices/workspaces", n.workspace, "workspace itself"],
  ];
  for (const [type, name, what] of own) {
    test(`a rule to ${what} (${name}) is rejected`, () => {
      failsWith(internetOutbound({ mine: { ...peRule, serviceResourceId: id(type, name) } }), {
        code: "outbound-rule-own-store",
        path: "workspace.outboundRules.mine.serviceResourceId",
        value: id(type, name),
        message: [what, "duplicates"],
        fix: ["remove the rule", "datalake"],
      });
    });
  }

  test("with nameSuffix, the stack's names carry it in every subscription", () => {
    const lake = resourceNames({ name: "demo", nameSuffix: "abc123" }, SUB).dataLake;
    const other = "22222222-2222-4222-8222-222222222222";
    failsWith(
      {
        nameSuffix: "abc123",
        ...internetOutbound({
          mine: {
            ...peRule,
            serviceResourceId: id("Microsoft.Storage/storageAccounts", lake, "rg-demo", other),
          },
        }),
      },
      {
        code: "outbound-rule-own-store",
        path: "workspace.outboundRules.mine.serviceResourceId",
        message: ["data lake"],
      },
    );
  });

  test("the SQL server only when SQL is on; a disabled store's name is not the stack's", () => {
    const sql = {
      ...peRule,
      serviceResourceId: id("Microsoft.Sql/servers", n.sqlServer),
      subresourceTarget: "sqlServer",
    };
    failsWith(
      { data: { sql: { enabled: true } }, ...internetOutbound({ mine: sql }) },
      {
        code: "outbound-rule-own-store",
        path: "workspace.outboundRules.mine.serviceResourceId",
        message: ["SQL server"],
      },
    );
    passesWithout(internetOutbound({ mine: sql }), "outbound-rule-own-store");
    const lake = { ...peRule, serviceResourceId: id("Microsoft.Storage/storageAccounts", n.dataLake) };
    passesWithout(
      { data: { dataLake: { enabled: false } }, ...internetOutbound({ mine: lake }) },
      "outbound-rule-own-store",
    );
  });

  test("another account, another resource group, or the same name of another type, passes", () => {
    passesWithout(internetOutbound({ mine: peRule }), "outbound-rule-own-store");
    const elsewhere = {
      ...peRule,
      serviceResourceId: id("Microsoft.Storage/storageAccounts", n.dataLake, "rg-other"),
    };
    passesWithout(internetOutbound({ mine: elsewhere }), "outbound-rule-own-store");
    const vaultNamedLikeLake = { ...peRule, serviceResourceId: id("Microsoft.KeyVault/vaults", n.dataLake) };
    passesWithout(internetOutbound({ mine: vaultNamedLikeLake }), "outbound-rule-own-store");
  });
});

describe("outbound-rule-no-managed-vnet", () => {
  test("any outbound rule with isolationMode Disabled fails", () => {
    const issues = issuesOf({ workspace: { isolationMode: "Disabled", outboundRules: { other: peRule } } });
    assertIssue(issues, {
      code: "outbound-rule-no-managed-vnet",
      path: "workspace.outboundRules.other.type",
      value: "PrivateEndpoint",
      message: ["managed VNet", "Disabled"],
      fix: ["isolationMode", "AllowInternetOutbound", "remove the rule"],
      fact: ["§1.1"],
    });
  });

  test("an FQDN rule with Disabled is reported once, as no-managed-vnet (not also type-mode)", () => {
    const issues = issuesOf({
      workspace: { isolationMode: "Disabled", outboundRules: { pypi: fqdnRule() } },
    });
    assert.deepEqual(codes(issues), ["outbound-rule-no-managed-vnet"]);
    assertIssue(issues, {
      code: "outbound-rule-no-managed-vnet",
      path: "workspace.outboundRules.pypi.type",
      value: "FQDN",
    });
  });

  test("the same rule with AllowInternetOutbound passes", () => {
    passesWithout(internetOutbound({ other: peRule }), "outbound-rule-no-managed-vnet");
  });

  test("isolationMode Disabled without rules passes", () => {
    passesWithout({ workspace: { isolationMode: "Disabled" } }, "outbound-rule-no-managed-vnet");
  });
});

describe("outbound-rule-type-mode", () => {
  test("an FQDN rule with AllowInternetOutbound fails", () => {
    failsWith(internetOutbound({ pypi: fqdnRule() }), {
      code: "outbound-rule-type-mode",
      path: "workspace.outboundRules.pypi.type",
      value: "FQDN",
      message: ["FQDN", "AllowOnlyApprovedOutbound", "AllowInternetOutbound", "PrivateEndpoint"],
      fix: ["AllowOnlyApprovedOutbound", "remove the rule"],
      fact: ["§1.4"],
    });
  });

  test("a ServiceTag rule with AllowInternetOutbound fails", () => {
    failsWith(internetOutbound({ monitor: serviceTagRule }), {
      code: "outbound-rule-type-mode",
      path: "workspace.outboundRules.monitor.type",
      value: "ServiceTag",
      message: ["ServiceTag", "AllowOnlyApprovedOutbound"],
    });
  });

  test("the same rules with AllowOnlyApprovedOutbound pass", () => {
    passesWithout(approved({ pypi: fqdnRule(), monitor: serviceTagRule }), "outbound-rule-type-mode");
  });
});

describe("outbound-rule-fqdn-storage", () => {
  const storageHosts = [
    "stother.blob.core.windows.net",
    "*.blob.core.windows.net",
    "*.core.windows.net",
    "lake.dfs.core.windows.net",
    "x.file.core.chinacloudapi.cn",
    "x.queue.core.usgovcloudapi.net",
    "site.web.core.windows.net",
  ];
  for (const destination of storageHosts) {
    test(`FQDN rule to ${destination} fails`, () => {
      failsWith(approved({ storage: fqdnRule(destination) }), {
        code: "outbound-rule-fqdn-storage",
        path: "workspace.outboundRules.storage.destination",
        value: destination,
        message: ["FQDN", "Azure Storage"],
        fix: ["PrivateEndpoint", "serviceResourceId"],
        fact: ["§1.4", "Limitations"],
      });
    });
  }

  test("FQDN rules to non-storage hosts pass", () => {
    for (const destination of ["pypi.org", "*.anaconda.org", "myblob.example.com", "vault.azure.net"]) {
      passesWithout(approved({ host: fqdnRule(destination) }), "outbound-rule-fqdn-storage");
    }
  });
});

describe("firewall-cost (warning)", () => {
  // A month of 730 hours, as Azure's pricing pages count it: derived here from the hourly prices, not with
  // the helper the rule itself uses (a wrong helper would otherwise agree with itself).
  const basic = PRICES.firewallBasic.usd * 730;
  const standard = PRICES.firewallStandard.usd * 730;

  test("FQDN rules in approved-outbound mode warn with the monthly Basic firewall price", () => {
    const issue = warnsWith(approved({ pypi: fqdnRule(), conda: fqdnRule("*.anaconda.org") }), {
      code: "firewall-cost",
      path: "workspace.outboundRules",
      value: "2 FQDN rule(s)",
      message: ["Azure Firewall Basic", "/month"],
      fix: ["remove the FQDN rules"],
      fact: ["§1.5", "§9"],
    });
    assert.match(issue.message, /\$\d+\/month/);
    assert.ok(issue.message.includes(`$${basic.toFixed(0)}/month`), issue.message);
  });

  test("with firewallSku Standard the figure is the Standard price", () => {
    const issue = warnsWith(approved({ pypi: fqdnRule() }, { firewallSku: "Standard" }), {
      code: "firewall-cost",
      path: "workspace.outboundRules",
      message: ["Azure Firewall Standard"],
    });
    assert.ok(issue.message.includes(`$${standard.toFixed(0)}/month`), issue.message);
  });

  test("approved-outbound mode with only PrivateEndpoint and ServiceTag rules creates no firewall", () => {
    const loaded = passesWithout(approved({ other: peRule, monitor: serviceTagRule }), "firewall-cost");
    assert.deepEqual(loaded.warnings, []);
  });
});

describe("firewall-standard (warning)", () => {
  // A month of 730 hours, as Azure's pricing pages count it: derived here from the hourly prices, not with
  // the helper the rule itself uses (a wrong helper would otherwise agree with itself).
  const basic = PRICES.firewallBasic.usd * 730;
  const standard = PRICES.firewallStandard.usd * 730;
  const ratio = standard / basic;

  test("Standard with FQDN rules warns that it costs about 3x Basic", () => {
    // The price table, not this test, decides the ratio; the docs describe it as "about 3x".
    assert.equal(Math.round(ratio), 3);
    const issue = warnsWith(approved({ pypi: fqdnRule() }, { firewallSku: "Standard" }), {
      code: "firewall-standard",
      path: "workspace.firewallSku",
      value: "Standard",
      message: [`${ratio.toFixed(1)}x Basic`, `$${standard.toFixed(0)}`, `$${basic.toFixed(0)}`],
      fix: ["firewallSku", "Basic"],
      fact: ["§1.5"],
    });
    assert.match(issue.message, /about 3(\.\d)?x/);
  });

  test("Basic with FQDN rules does not warn about Standard", () => {
    passesWithout(approved({ pypi: fqdnRule() }, { firewallSku: "Basic" }), "firewall-standard");
  });

  test("Standard without FQDN rules (no firewall is created) does not warn", () => {
    const loaded = passesWithout(
      approved({ other: peRule }, { firewallSku: "Standard" }),
      "firewall-standard",
    );
    assert.deepEqual(loaded.warnings, []);
  });
});

describe("workspace-unreachable", () => {
  test("publicNetworkAccess Disabled without a private endpoint fails", () => {
    failsWith(
      { workspace: { publicNetworkAccess: "Disabled", privateEndpoint: false } },
      {
        code: "workspace-unreachable",
        path: "workspace.privateEndpoint",
        value: false,
        message: ["Disabled", "private endpoint", "reach"],
        fix: ["privateEndpoint", "true", "Enabled"],
        fact: ["§3"],
      },
    );
  });

  test("with the private endpoint it passes", () => {
    passesWithout(
      { workspace: { publicNetworkAccess: "Disabled", privateEndpoint: true } },
      "workspace-unreachable",
    );
  });

  test("a public workspace without a private endpoint passes (starter)", () => {
    passesWithout(
      { workspace: { publicNetworkAccess: "Enabled", privateEndpoint: false } },
      "workspace-unreachable",
    );
  });
});

describe("private-workspace-no-jumpbox (warning)", () => {
  test("a private workspace without a jump box warns", () => {
    warnsWith(
      { jumpbox: { enabled: false } },
      {
        code: "private-workspace-no-jumpbox",
        path: "jumpbox.enabled",
        value: false,
        message: ["private", "jump box", "VPN"],
        fix: ["jumpbox.enabled", "true"],
        fact: ["§4.3"],
      },
    );
  });

  test("with the jump box it does not", () => {
    passesWithout({ jumpbox: { enabled: true } }, "private-workspace-no-jumpbox");
  });
});

describe("public-workspace-private-data (warning)", () => {
  const publicWs = { publicNetworkAccess: "Enabled", privateEndpoint: false };

  test("public workspace with private data stores warns on data.publicNetworkAccess", () => {
    warnsWith(
      {
        workspace: { ...publicWs, dependencies: { publicNetworkAccess: "Disabled" } },
        data: { publicNetworkAccess: "Disabled" },
      },
      {
        code: "public-workspace-private-data",
        path: "data.publicNetworkAccess",
        value: "Disabled",
        message: ["public", "private", "does not recommend", "Studio"],
        fix: ["publicNetworkAccess", "Disabled", "private preset"],
        fact: ["§4.2"],
      },
    );
  });

  test("public workspace with private dependencies only warns on workspace.dependencies", () => {
    warnsWith(
      {
        allowedIpAddresses: ["203.0.113.7"],
        workspace: { ...publicWs, dependencies: { publicNetworkAccess: "Disabled" } },
        data: { publicNetworkAccess: "Enabled" },
      },
      {
        code: "public-workspace-private-data",
        path: "workspace.dependencies.publicNetworkAccess",
        value: "Disabled",
      },
    );
  });

  test("public workspace with public (firewalled) stores does not warn", () => {
    const loaded = passesWithout(
      {
        allowedIpAddresses: ["203.0.113.7"],
        workspace: { ...publicWs, dependencies: { publicNetworkAccess: "Enabled" } },
        data: { publicNetworkAccess: "Enabled" },
      },
      "public-workspace-private-data",
    );
    assert.deepEqual(loaded.warnings, []);
  });
});

describe("public-stores-no-ip (warning)", () => {
  test("public data stores without allowedIpAddresses warn", () => {
    warnsWith(
      { data: { publicNetworkAccess: "Enabled" } },
      {
        code: "public-stores-no-ip",
        path: "allowedIpAddresses",
        value: [],
        message: ["public access Enabled", "Deny", "no address"],
        fix: ["public IPv4", "allowedIpAddresses"],
      },
    );
  });

  test("public dependencies without allowedIpAddresses warn too", () => {
    warnsWith(
      { workspace: { dependencies: { publicNetworkAccess: "Enabled" } } },
      { code: "public-stores-no-ip", path: "allowedIpAddresses" },
    );
  });

  test("with an allowed public address it does not warn", () => {
    passesWithout(
      { data: { publicNetworkAccess: "Enabled" }, allowedIpAddresses: ["203.0.113.7"] },
      "public-stores-no-ip",
    );
  });
});

describe("subnet-outside-address-space", () => {
  test("a subnet outside the VNet fails", () => {
    failsWith(
      { network: { subnets: { compute: "10.1.2.0/24" } } },
      {
        code: "subnet-outside-address-space",
        path: "network.subnets.compute",
        value: "10.1.2.0/24",
        message: ["not inside", "10.0.0.0/16"],
        fix: ["inside 10.0.0.0/16", "network.addressSpace"],
      },
    );
  });

  test("a subnet larger than the VNet fails", () => {
    failsWith(
      { network: { addressSpace: "10.0.0.0/24", subnets: { privateEndpoints: "10.0.0.0/23" } } },
      {
        code: "subnet-outside-address-space",
        path: "network.subnets.privateEndpoints",
        value: "10.0.0.0/23",
      },
    );
  });

  test("a subnet inside the VNet passes", () => {
    passesWithout({ network: { subnets: { compute: "10.0.4.0/24" } } }, "subnet-outside-address-space");
  });
});

describe("subnet-overlap", () => {
  test("two overlapping subnets fail on the later one, naming the earlier", () => {
    failsWith(
      { network: { subnets: { jumpbox: "10.0.0.32/27" } } },
      {
        code: "subnet-overlap",
        path: "network.subnets.jumpbox",
        value: "10.0.0.32/27",
        message: ["overlaps", "network.subnets.privateEndpoints", "10.0.0.0/24"],
        fix: ["own range"],
      },
    );
  });

  test("adjacent subnets pass", () => {
    passesWithout(
      { network: { subnets: { jumpbox: "10.0.1.0/27", compute: "10.0.1.32/27" } } },
      "subnet-overlap",
    );
  });
});

describe("bastion-subnet-size", () => {
  for (const bastionSku of ["Basic", "Standard"]) {
    test(`a /27 AzureBastionSubnet fails for ${bastionSku}`, () => {
      failsWith(
        { jumpbox: { bastionSku }, network: { subnets: { bastion: "10.0.3.0/27" } } },
        {
          code: "bastion-subnet-size",
          path: "network.subnets.bastion",
          value: "10.0.3.0/27",
          message: ["AzureBastionSubnet", "/26", bastionSku],
          fix: ["/26"],
          fact: ["bastion"],
        },
      );
    });
  }

  test("a /26 passes for Basic", () => {
    passesWithout(
      { jumpbox: { bastionSku: "Basic" }, network: { subnets: { bastion: "10.0.3.0/26" } } },
      "bastion-subnet-size",
    );
  });

  test("a /27 passes for Developer (no subnet used) and when the jump box is off", () => {
    passesWithout(
      { jumpbox: { bastionSku: "Developer" }, network: { subnets: { bastion: "10.0.3.0/27" } } },
      "bastion-subnet-size",
    );
    passesWithout(
      { jumpbox: { enabled: false, bastionSku: "Basic" }, network: { subnets: { bastion: "10.0.3.0/27" } } },
      "bastion-subnet-size",
    );
  });
});

describe("pe-subnet-too-small", () => {
  test("the private preset needs 8 endpoints; a /29 has 3 usable addresses", () => {
    const needed = privateEndpointCount(resolves({}).config);
    assert.equal(needed, 8);
    failsWith(
      { network: { subnets: { privateEndpoints: "10.0.0.0/29" } } },
      {
        code: "pe-subnet-too-small",
        path: "network.subnets.privateEndpoints",
        value: "10.0.0.0/29",
        message: [`needs ${needed}`, "3 usable"],
        fix: ["larger range"],
        fact: ["5 reserved"],
      },
    );
  });

  test("a /28 (11 usable) passes", () => {
    passesWithout({ network: { subnets: { privateEndpoints: "10.0.0.0/28" } } }, "pe-subnet-too-small");
  });

  test("boundary: exactly as many endpoints as usable addresses passes, more fails", () => {
    // workspace PE (1) + public dependencies (0) + private blob (1) + SQL (1) = 3 = usable in a /29.
    const three = {
      allowedIpAddresses: ["203.0.113.7"],
      workspace: { dependencies: { publicNetworkAccess: "Enabled" } },
      data: { dataLake: { enabled: false }, sql: { enabled: true } },
      network: { subnets: { privateEndpoints: "10.0.0.0/29" } },
    };
    assert.equal(privateEndpointCount(resolves(three).config), 3);
    passesWithout(three, "pe-subnet-too-small");
    // Turning the data lake on adds its dfs + blob endpoints: 5 > 3.
    const five = { ...three, data: { dataLake: { enabled: true }, sql: { enabled: true } } };
    failsWith(five, {
      code: "pe-subnet-too-small",
      path: "network.subnets.privateEndpoints",
      message: ["needs 5", "3 usable"],
    });
  });
});

describe("allowed-ip-private", () => {
  const privateAddresses = [
    "10.1.2.3",
    "172.16.0.0/12",
    "192.168.1.0/24",
    "127.0.0.1",
    "100.64.0.1",
    "169.254.169.254",
  ];
  for (const ip of privateAddresses) {
    test(`${ip} is rejected`, () => {
      failsWith(
        { allowedIpAddresses: ["203.0.113.7", ip] },
        {
          code: "allowed-ip-private",
          path: "allowedIpAddresses[1]",
          value: ip,
          message: ["public internet addresses"],
          fix: ["public IPv4", "private endpoints"],
          fact: ["storage-network-security"],
        },
      );
    });
  }

  test("public addresses and ranges pass", () => {
    passesWithout(
      { allowedIpAddresses: ["203.0.113.7", "198.51.100.0/24", "172.32.0.1"] },
      "allowed-ip-private",
    );
  });

  test("every private entry is reported, each with its own index", () => {
    const issues = issuesOf({ allowedIpAddresses: ["10.0.0.1", "203.0.113.7", "192.168.0.1"] });
    assert.deepEqual(
      issues.filter((i) => i.code === "allowed-ip-private").map((i) => i.path),
      ["allowedIpAddresses[0]", "allowedIpAddresses[2]"],
    );
  });
});

describe("sql-basic-size", () => {
  test("Basic SQL with more than 2 GB fails", () => {
    failsWith(
      { data: { sql: { enabled: true, sku: "Basic", maxSizeGb: 5 } } },
      {
        code: "sql-basic-size",
        path: "data.sql.maxSizeGb",
        value: 5,
        message: ["Basic", "2 GB"],
        fix: ["maxSizeGb", "2", "S0"],
        fact: ["resource-limits"],
      },
    );
  });

  test("2 GB passes, a larger SKU passes, and disabled SQL is not checked", () => {
    passesWithout({ data: { sql: { enabled: true, sku: "Basic", maxSizeGb: 2 } } }, "sql-basic-size");
    passesWithout({ data: { sql: { enabled: true, sku: "S0", maxSizeGb: 5 } } }, "sql-basic-size");
    passesWithout({ data: { sql: { enabled: false, sku: "Basic", maxSizeGb: 5 } } }, "sql-basic-size");
  });
});

describe("several rule errors are reported at once", () => {
  test("independent semantic errors all appear in one ConfigError", () => {
    const issues = issuesOf({
      allowedIpAddresses: ["10.0.0.1"],
      workspace: { privateEndpoint: false },
      network: { subnets: { compute: "10.9.0.0/24" } },
      data: { sql: { enabled: true, maxSizeGb: 10 } },
    });
    for (const code of [
      "workspace-unreachable",
      "subnet-outside-address-space",
      "allowed-ip-private",
      "sql-basic-size",
    ]) {
      assert.ok(codes(issues).includes(code), `missing ${code} in ${codes(issues).join(", ")}`);
    }
  });
});

describe("schema errors", () => {
  test("an unknown top-level key suggests the closest known key", () => {
    failsWith(
      { nmae: "demo" },
      {
        code: "unknown-key",
        path: "nmae",
        value: "demo",
        message: ['"nmae"', "not a known key"],
        fix: ['did you mean "name"', "Known keys", "workspace"],
      },
    );
    passesWithout({ name: "demo" }, "unknown-key");
  });

  test("a nested unknown key is reported at its full path", () => {
    failsWith(
      { workspace: { isolationMod: "AllowOnlyApprovedOutbound" } },
      {
        code: "unknown-key",
        path: "workspace.isolationMod",
        value: "AllowOnlyApprovedOutbound",
        fix: ['did you mean "isolationMode"', "firewallSku"],
      },
    );
    passesWithout({ workspace: { isolationMode: "AllowOnlyApprovedOutbound" } }, "unknown-key");
  });

  test("an unknown key far from every known key gets no guess, only the list", () => {
    const issue = failsWith(
      { workspace: { zzzzzzzzzz: 1 } },
      { code: "unknown-key", path: "workspace.zzzzzzzzzz", value: 1 },
    );
    assert.ok(!issue.fix.includes("did you mean"), issue.fix);
    includesAll(issue.fix, ["known keys", "isolationMode"], "fix");
  });

  test('an empty key is reported at a non-empty path ([""]), at the root and nested', () => {
    failsWith({ "": false }, { code: "unknown-key", path: '[""]', value: false });
    failsWith({ tags: { "": "x" } }, { code: "invalid-value", path: 'tags[""]', value: "x" });
    passesWithout({ tags: { team: "x" } }, "invalid-value");
  });

  test('firewallSku "Premium" lists Basic and Standard and cites that Premium is not supported', () => {
    failsWith(
      { workspace: { firewallSku: "Premium" } },
      {
        code: "invalid-value",
        path: "workspace.firewallSku",
        value: "Premium",
        message: ['"Basic"', '"Standard"'],
        fix: ['"Basic"', '"Standard"'],
        fact: ["Premium", "not supported", "§1.5"],
      },
    );
    passesWithout({ workspace: { firewallSku: "Standard" } }, "invalid-value");
  });

  test("a CIDR with host bits set is rejected", () => {
    failsWith(
      { network: { addressSpace: "10.0.0.1/16" } },
      {
        code: "invalid-value",
        path: "network.addressSpace",
        value: "10.0.0.1/16",
        message: ["CIDR", "host bits"],
        fix: ["10.0.0.0/24"],
      },
    );
    passesWithout({ network: { addressSpace: "10.0.0.0/16" } }, "invalid-value");
  });

  test("a subnet written without a prefix is rejected", () => {
    failsWith(
      { network: { subnets: { jumpbox: "10.0.1.0" } } },
      { code: "invalid-value", path: "network.subnets.jumpbox", value: "10.0.1.0", message: ["CIDR"] },
    );
  });

  test("an invalid IP address is rejected at its index", () => {
    failsWith(
      { allowedIpAddresses: ["203.0.113.7", "300.1.1.1"] },
      {
        code: "invalid-value",
        path: "allowedIpAddresses[1]",
        value: "300.1.1.1",
        message: ["IPv4 address or CIDR"],
        fix: ["203.0.113.7"],
      },
    );
    passesWithout({ allowedIpAddresses: ["203.0.113.7", "198.51.100.1"] }, "invalid-value");
  });

  test("an unknown outbound rule type names the three types and their fields", () => {
    failsWith(approved({ pypi: { type: "Fqdn", destination: "pypi.org" } }), {
      code: "invalid-value",
      path: "workspace.outboundRules.pypi.type",
      value: "Fqdn",
      message: ['"PrivateEndpoint"', '"ServiceTag"', '"FQDN"'],
      fix: ["destination", "serviceResourceId", "portRanges"],
    });
    passesWithout(approved({ pypi: { type: "FQDN", destination: "pypi.org" } }), "invalid-value");
  });

  test("an outbound rule without a type is reported at .type as missing", () => {
    failsWith(approved({ pypi: { destination: "pypi.org" } }), {
      code: "invalid-value",
      path: "workspace.outboundRules.pypi.type",
      value: undefined,
      message: ["type"],
    });
  });

  test("idleShutdownMinutes 5 is below the Azure ML minimum", () => {
    failsWith(
      { compute: { instance: { idleShutdownMinutes: 5 } } },
      {
        code: "invalid-value",
        path: "compute.instance.idleShutdownMinutes",
        value: 5,
        message: ["at least 15"],
        fix: ["at least 15"],
        fact: ["§6", "15 minutes"],
      },
    );
    passesWithout({ compute: { instance: { idleShutdownMinutes: 15 } } }, "invalid-value");
  });

  test("idleShutdownMinutes above 3 days is rejected, 3 days passes", () => {
    failsWith(
      { compute: { instance: { idleShutdownMinutes: 4321 } } },
      {
        code: "invalid-value",
        path: "compute.instance.idleShutdownMinutes",
        value: 4321,
        message: ["4320"],
        fix: ["4320"],
      },
    );
    passesWithout({ compute: { instance: { idleShutdownMinutes: 4320 } } }, "invalid-value");
  });

  test('name "Bad_Name" is rejected', () => {
    failsWith(
      { name: "Bad_Name" },
      {
        code: "invalid-value",
        path: "name",
        value: "Bad_Name",
        message: ["2-10", "lowercase"],
        fix: ["lowercase letters or digits"],
      },
    );
    passesWithout({ name: "badname" }, "invalid-value");
  });

  test("a value of the wrong type says what was expected and what was found", () => {
    failsWith(
      { jumpbox: { enabled: "yes" } },
      {
        code: "invalid-type",
        path: "jumpbox.enabled",
        value: "yes",
        message: ["boolean", "string"],
        fix: ["boolean"],
      },
    );
    failsWith(
      { workspace: [] },
      { code: "invalid-type", path: "workspace", value: [], message: ["object", "list"] },
    );
    failsWith(
      { workspace: null },
      { code: "invalid-type", path: "workspace", value: null, message: ["object", "null"] },
    );
  });

  test('unknown preset "privat" suggests "private", in the file and as an override', () => {
    const want: Expected = {
      code: "unknown-preset",
      path: "preset",
      value: "privat",
      message: ["not a preset"],
      fix: ['did you mean "private"', "starter", "locked-down"],
    };
    failsWith({ preset: "privat" }, want);
    failsWith({}, want, "privat");
    passesWithout({ preset: "private" }, "unknown-preset");
    passesWithout({}, "unknown-preset", "private");
  });

  test("a root that is not a mapping is rejected at (root)", () => {
    for (const raw of [[], ["name", "demo"], "name: demo", 42, true]) {
      failsWith(raw, {
        code: "invalid-type",
        path: "(root)",
        value: raw,
        message: ["mapping"],
        fix: ["name:", "preset:"],
      });
    }
  });

  test("an empty file (null or undefined) is the default config", () => {
    assert.deepEqual(resolveConfig(null), resolveConfig({}));
    assert.deepEqual(resolveConfig(undefined), resolveConfig({}));
  });

  test("several independent schema errors are all reported at once", () => {
    const issues = issuesOf({
      nmae: "demo",
      name: "Bad_Name",
      allowedIpAddresses: ["300.1.1.1"],
      workspace: { isolationMod: "Disabled", firewallSku: "Premium" },
      network: { addressSpace: "10.0.0.1/16" },
      compute: { instance: { idleShutdownMinutes: 5 } },
      jumpbox: { os: "mac" },
    });
    const found = issues.map((i) => `${i.code} ${i.path}`).sort();
    assert.deepEqual(
      found,
      [
        "invalid-value allowedIpAddresses[0]",
        "invalid-value compute.instance.idleShutdownMinutes",
        "invalid-value jumpbox.os",
        "invalid-value name",
        "invalid-value network.addressSpace",
        "invalid-value workspace.firewallSku",
        "unknown-key nmae",
        "unknown-key workspace.isolationMod",
      ].sort(),
    );
    assert.ok(issues.every((i) => i.severity === "error"));
  });

  test("the ConfigError message counts the errors and shows each path", () => {
    assert.throws(
      () => resolveConfig({ nmae: "x", name: "Bad_Name" }),
      (e: unknown) => {
        assert.ok(e instanceof ConfigError);
        assert.match(e.message, /configuration has 2 error\(s\)/);
        assert.ok(e.message.includes("nmae") && e.message.includes('name = "Bad_Name"'), e.message);
        assert.ok(e.message.includes("fix:"), e.message);
        return true;
      },
    );
  });
});

describe("hardening found by the property test", () => {
  test("a recursive YAML alias or a BigInt never crashes the loader", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.x = cyclic;
    assert.throws(() => resolveConfig({ workspace: cyclic }), ConfigError);
    assert.throws(() => resolveConfig({ data: { sql: { maxSizeGb: 10n } } }), ConfigError);
  });

  test("a __proto__ key is an unknown key, not a prototype", () => {
    const raw = JSON.parse('{"__proto__": {"name": "evil", "jumpbox": {"enabled": false}}}');
    assert.throws(
      () => resolveConfig(raw),
      (e: unknown) =>
        e instanceof ConfigError && e.issues.some((i) => i.code === "unknown-key" && i.path === "__proto__"),
    );
  });

  test("CIDRs with spaces, bad port lists and over-broad IP ranges are rejected", () => {
    const codes = (raw: unknown) => {
      try {
        resolveConfig(raw);
        return [];
      } catch (e) {
        return (e as ConfigError).issues.map((i) => `${i.code}@${i.path}`);
      }
    };
    assert.ok(
      codes({ network: { addressSpace: " 10.0.0.0/16 " } }).includes("invalid-value@network.addressSpace"),
    );
    const rule = (portRanges: string) => ({
      workspace: {
        isolationMode: "AllowOnlyApprovedOutbound",
        outboundRules: { tag: { type: "ServiceTag", serviceTag: "AzureMonitor", portRanges } },
      },
    });
    assert.ok(codes(rule("99999")).includes("invalid-value@workspace.outboundRules.tag.portRanges"));
    assert.ok(codes(rule("443-80")).includes("invalid-value@workspace.outboundRules.tag.portRanges"));
    assert.deepEqual(codes(rule("80, 8080-8089")), []);
    assert.ok(
      codes({ allowedIpAddresses: ["0.0.0.0/0"] }).includes("allowed-ip-too-broad@allowedIpAddresses[0]"),
    );
    assert.ok(
      codes({ allowedIpAddresses: ["224.0.0.1"] }).includes("allowed-ip-private@allowedIpAddresses[0]"),
    );
  });

  test("reserved rule names and the SQL Basic limit are case-insensitive", () => {
    const issues = (raw: unknown) => {
      try {
        return resolveConfig(raw).warnings.map((w) => w.code);
      } catch (e) {
        return (e as ConfigError).issues.map((i) => i.code);
      }
    };
    const pe = {
      type: "PrivateEndpoint",
      serviceResourceId: "/subscriptions/x/resourceGroups/y/providers/Microsoft.Storage/storageAccounts/z",
      subresourceTarget: "blob",
    };
    assert.ok(issues({ workspace: { outboundRules: { DataLake: pe } } }).includes("outbound-rule-reserved"));
    assert.ok(
      issues({ data: { sql: { enabled: true, sku: "basic", maxSizeGb: 10 } } }).includes("sql-basic-size"),
    );
  });
});
