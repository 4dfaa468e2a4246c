import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import fc from "fast-check";
import { aliasArmPath, conventionPath, resolveField } from "./aliases";
import { BUILTIN_DIR, builtinDefinitions, builtinFiles } from "./builtin";
import { applyOperator, policyEquals, policyLike } from "./conditions";
import { definitionFromJson, evaluatePolicies } from "./evaluate";
import {
  type ExprContext,
  ExpressionSyntaxError,
  evaluateValue,
  NotEvaluable,
  parseExpression,
  Unsupported,
} from "./expression";
import type { ArmLike, PolicyDefinition } from "./types";

/** An Azure Policy rule (`if`/`then` are the policy language's own keys, not a thenable). */
const policyRule = (cond: unknown, effect: string): PolicyDefinition["policyRule"] => ({
  if: cond,
  // biome-ignore lint/suspicious/noThenProperty: Azure Policy's own key
  then: { effect },
});

const RUNS = { numRuns: 200, seed: 20261130 } as const;

const ctx = (params: Record<string, unknown> = {}, fields: Record<string, unknown> = {}): ExprContext => ({
  parameter: (n) => params[n],
  field: (f) => fields[f],
  current: () => undefined,
  builtinObject: () => {
    throw new NotEvaluable("not here");
  },
});

describe("ARM template expressions", () => {
  test("literals, escapes, nested calls, property and index access", () => {
    assert.equal(evaluateValue("plain", ctx()), "plain");
    assert.equal(evaluateValue("[[not an expression]", ctx()), "[not an expression]");
    assert.equal(evaluateValue("[concat('it''s', ' ', toLower('ABC'))]", ctx()), "it's abc");
    assert.equal(evaluateValue("[parameters('p').a[1]]", ctx({ p: { a: [1, 2] } })), 2);
    assert.equal(evaluateValue("[parameters('p')['Key']]", ctx({ p: { key: "v" } })), "v");
    assert.equal(evaluateValue("[if(empty(field('x')), 'none', field('x'))]", ctx({}, { x: "" })), "none");
    assert.equal(evaluateValue("[length(split('a-b-c', '-'))]", ctx()), 3);
    assert.equal(
      evaluateValue("[and(true(), not(equals(1, 2)), or(false(), contains('abc', 'b')))]", ctx()),
      true,
    );
    assert.equal(evaluateValue("[padLeft('7', 3, '0')]", ctx()), "007");
    assert.equal(evaluateValue("[int(first(split('3380-3390', '-')))]", ctx()), 3380);
    assert.equal(evaluateValue("[ipRangeContains('10.0.0.0/8', '10.1.2.0/24')]", ctx()), true);
    assert.equal(evaluateValue("[ipRangeContains('10.0.0.0/8', '11.0.0.1')]", ctx()), false);
  });

  test("if() evaluates only the branch it takes", () => {
    assert.equal(evaluateValue("[if(true(), 'a', utcNow())]", ctx()), "a");
  });

  test("an unknown function is unsupported, naming it; a syntax error is an error", () => {
    assert.throws(
      () => evaluateValue("[utcNow()]", ctx()),
      (e) => e instanceof Unsupported && /utcNow/.test(e.construct),
    );
    assert.throws(() => parseExpression("concat('a'"), ExpressionSyntaxError);
    assert.throws(() => parseExpression("concat('a') x"), ExpressionSyntaxError);
    assert.throws(() => evaluateValue("[toLower('a', 'b')]", ctx()), ExpressionSyntaxError);
  });

  test("every expression in the shipped definitions parses", () => {
    const expressions: string[] = [];
    const walk = (v: unknown) => {
      if (typeof v === "string" && v.startsWith("[") && !v.startsWith("[[") && v.endsWith("]"))
        expressions.push(v);
      else if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === "object") Object.values(v).forEach(walk);
    };
    for (const f of builtinFiles())
      walk(JSON.parse(readFileSync(path.join(BUILTIN_DIR, f), "utf8")).properties.policyRule);
    assert.ok(expressions.length > 50);
    for (const e of expressions) assert.doesNotThrow(() => parseExpression(e.slice(1, -1)), e);
  });
});

describe("operators (properties)", () => {
  const scalar = fc.oneof(fc.string({ maxLength: 8 }), fc.integer({ min: -5, max: 5 }), fc.boolean());

  test("notEquals is the negation of equals; notIn of in; notLike of like; notContains of contains", () => {
    fc.assert(
      fc.property(scalar, scalar, fc.array(scalar, { maxLength: 4 }), (a, b, list) => {
        assert.equal(applyOperator("notEquals", a, b), !applyOperator("equals", a, b));
        assert.equal(applyOperator("notIn", a, list), !applyOperator("in", a, list));
        assert.equal(
          applyOperator("in", a, list),
          list.some((x) => applyOperator("equals", a, x)),
        );
        assert.equal(applyOperator("notLike", a, b), !applyOperator("like", a, b));
        assert.equal(applyOperator("notContains", a, b), !applyOperator("contains", a, b));
      }),
      RUNS,
    );
  });

  test("equals, in, like and contains ignore case; match does not, matchInsensitively does", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 10 }), (s) => {
        assert.ok(policyEquals(s.toUpperCase(), s.toLowerCase()));
        assert.ok(applyOperator("in", s.toUpperCase(), ["x", s.toLowerCase()]));
        assert.ok(policyLike(s.toUpperCase(), s.toLowerCase().replace(/\*/g, "")) || s.includes("*"));
        assert.ok(applyOperator("contains", `pre${s.toUpperCase()}post`, s.toLowerCase()));
      }),
      RUNS,
    );
    assert.equal(applyOperator("match", "ABC-12", "???-##"), true);
    assert.equal(applyOperator("match", "abc", "ABC"), false);
    assert.equal(applyOperator("matchInsensitively", "abc", "ABC"), true);
    assert.equal(applyOperator("notMatch", "ab1", "??#"), false);
  });

  test("like: * matches any run, the rest literally, the whole value", () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 6 }),
        fc.string({ maxLength: 6 }),
        fc.string({ maxLength: 6 }),
        (p, mid, s) => {
          const [pre, suf] = [p.replace(/\*/g, ""), s.replace(/\*/g, "")];
          assert.ok(policyLike(`${pre}${mid}${suf}`, `${pre}*${suf}`));
          assert.ok(policyLike(mid, "*"));
        },
      ),
      RUNS,
    );
    assert.equal(policyLike("cluster1", "cluster*"), true);
    assert.equal(policyLike("mycluster", "cluster*"), false);
    assert.equal(policyLike("a.b", "a?b"), false);
    assert.equal(policyLike(undefined, "*"), false);
  });

  test("booleans equal their text, exists reads true/false strings, greater/less order numbers and strings", () => {
    assert.ok(policyEquals(false, "false"));
    assert.ok(policyEquals(true, "TRUE"));
    assert.equal(applyOperator("exists", undefined, "false"), true);
    assert.equal(applyOperator("exists", 0, true), true);
    assert.equal(applyOperator("less", "1.0", "1.2"), true);
    assert.equal(applyOperator("greaterOrEquals", 3, 1), true);
    assert.equal(applyOperator("less", undefined, "1.2"), false);
    assert.equal(applyOperator("containsKey", { Owner: "x" }, "owner"), true);
    assert.equal(applyOperator("notContainsKey", { Owner: "x" }, "team"), true);
    assert.throws(() => applyOperator("less", { a: 1 }, 1), Unsupported);
  });

  test("greater and lessOrEquals are complements on numbers", () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer(), (a, b) => {
        assert.equal(applyOperator("greater", a, b), !applyOperator("lessOrEquals", a, b));
        assert.equal(applyOperator("less", a, b), !applyOperator("greaterOrEquals", a, b));
      }),
      RUNS,
    );
  });
});

const rule = (cond: unknown, mode = "All") =>
  definitionFromJson(
    {
      name: "t",
      properties: {
        displayName: "t",
        mode,
        parameters: {},
        policyRule: policyRule(cond, "audit"),
      },
    },
    "test",
    false,
  );

const storage: ArmLike = {
  id: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st",
  type: "Microsoft.Storage/storageAccounts",
  name: "st",
  location: "eastus2",
  tags: { Owner: "data-team" },
  kind: "StorageV2",
  properties: {
    networkAcls: { ipRules: [{ value: "1.2.3.4" }, { value: "5.6.7.8" }], defaultAction: "Deny" },
  },
};

const status = (cond: unknown, r: ArmLike = storage) => evaluatePolicies([r], [rule(cond)]).results[0]!;

describe("conditions on resources", () => {
  test("top-level fields and tags", () => {
    assert.equal(status({ field: "tags['owner']", equals: "DATA-TEAM" }).status, "non-compliant");
    assert.equal(status({ field: "tags.Owner", like: "data-*" }).status, "non-compliant");
    assert.equal(status({ field: "tags", containsKey: "owner" }).status, "non-compliant");
    assert.equal(status({ field: "kind", in: ["BlobStorage"] }).status, "not-applicable");
    assert.equal(status({ field: "location", equals: "EastUS2" }).status, "non-compliant");
  });

  test("[*] outside count holds when every element does; count with and without where; value count", () => {
    const all = "Microsoft.Storage/storageAccounts/networkAcls.ipRules[*].value";
    assert.equal(status({ field: all, like: "*.*.*.*" }).status, "non-compliant");
    assert.equal(status({ field: all, equals: "1.2.3.4" }).status, "compliant");
    assert.equal(status({ not: { field: all, notEquals: "1.2.3.4" } }).status, "non-compliant");
    const count = (where: unknown, op: Record<string, unknown>) =>
      status({
        count: {
          field: "Microsoft.Storage/storageAccounts/networkAcls.ipRules[*]",
          ...(where ? { where } : {}),
        },
        ...op,
      }).status;
    assert.equal(count(undefined, { equals: 2 }), "non-compliant");
    assert.equal(count({ field: all, like: "5.*" }, { equals: 1 }), "non-compliant");
    assert.equal(
      status({
        count: {
          value: ["1.2.3.4", "9.9.9.9"],
          name: "ip",
          where: { value: "[current('ip')]", in: ["1.2.3.4"] },
        },
        equals: 1,
      }).status,
      "non-compliant",
    );
  });

  test("a condition the evaluator does not implement is 'unsupported', naming it — never an answer", () => {
    const u = status({ field: "Microsoft.Storage/storageAccounts/x", sortsBefore: "y" });
    assert.equal(u.status, "unsupported");
    assert.match(u.reason!, /sortsBefore/);
    assert.equal(status({ value: "[utcNow()]", equals: "x" }).status, "unsupported");
    assert.equal(
      evaluatePolicies(
        [storage],
        [
          {
            ...rule({ field: "type", equals: "Microsoft.Storage/storageAccounts" }),
            policyRule: policyRule(
              { field: "type", equals: "Microsoft.Storage/storageAccounts" },
              "denyAction",
            ),
          },
        ],
      ).results[0]!.status,
      "unsupported",
    );
  });

  test("a decisive branch stands beside an unsupported one; otherwise the result is unsupported", () => {
    const bad = { value: "[utcNow()]", equals: "x" };
    assert.equal(status({ anyOf: [bad, { field: "kind", equals: "StorageV2" }] }).status, "non-compliant");
    assert.equal(status({ allOf: [bad, { field: "kind", equals: "Other" }] }).status, "not-applicable");
    assert.equal(status({ allOf: [bad, { field: "name", equals: "st" }] }).status, "unsupported");
  });

  test("a parameter without default or value is not evaluable offline", () => {
    const def = definitionFromJson(
      {
        name: "p",
        properties: {
          mode: "All",
          parameters: { want: { type: "String" } },
          policyRule: policyRule({ field: "kind", equals: "[parameters('want')]" }, "audit"),
        },
      },
      "test",
      false,
    );
    assert.equal(evaluatePolicies([storage], [def]).results[0]!.status, "not-evaluable-offline");
    assert.equal(
      evaluatePolicies([storage], [def], { parameters: { p: { want: "StorageV2" } } }).results[0]!.status,
      "non-compliant",
    );
  });
});

describe("alias resolution", () => {
  /**
   * Every alias the shipped definitions use, with the ARM path it must resolve to in the ARM model. Checked
   * one by one against the ARM schemas (oracles) and the REST examples.
   */
  const EXPECTED: Readonly<Record<string, string>> = {
    "Microsoft.ContainerRegistry/registries/adminUserEnabled": "properties.adminUserEnabled",
    "Microsoft.ContainerRegistry/registries/sku.name": "sku.name",
    "Microsoft.ContainerRegistry/registries/networkRuleSet.defaultAction":
      "properties.networkRuleSet.defaultAction",
    "Microsoft.ContainerRegistry/registries/privateEndpointConnections[*].privateLinkServiceConnectionState.status":
      "properties.privateEndpointConnections[*].properties.privateLinkServiceConnectionState.status",
    "Microsoft.Network/privateEndpoints/privateLinkServiceConnections[*].groupIds[*]":
      "properties.privateLinkServiceConnections[*].properties.groupIds[*]",
    "Microsoft.Network/networkInterfaces/ipconfigurations[*].publicIpAddress.id":
      "properties.ipconfigurations[*].properties.publicIpAddress.id",
    "Microsoft.Network/virtualNetworks/subnets[*].defaultOutboundAccess":
      "properties.subnets[*].properties.defaultOutboundAccess",
    "Microsoft.Network/virtualNetworks/subnets[*]": "properties.subnets[*]",
    "Microsoft.Network/virtualNetworks/subnets/defaultOutboundAccess": "properties.defaultOutboundAccess",
    "Microsoft.Network/networkSecurityGroups/securityRules/destinationPortRanges[*]":
      "properties.destinationPortRanges[*]",
    "Microsoft.KeyVault/vaults/networkAcls.ipRules[*]": "properties.networkAcls.ipRules[*]",
    "Microsoft.MachineLearningServices/workspaces/computes/subnet.id": "properties.properties.subnet.id",
    "Microsoft.MachineLearningServices/workspaces/computes/disableLocalAuth": "properties.disableLocalAuth",
    "Microsoft.MachineLearningServices/workspaces/managedNetwork.isolationMode":
      "properties.managedNetwork.isolationMode",
    "Microsoft.Insights/diagnosticSettings/logs.enabled": "properties.logs[*].enabled",
    "Microsoft.Insights/diagnosticSettings/logs[*].retentionPolicy.days":
      "properties.logs[*].retentionPolicy.days",
    "Microsoft.Sql/servers/administrators.azureADOnlyAuthentication":
      "properties.administrators.azureADOnlyAuthentication",
    "Microsoft.Security/assessments/status.code": "properties.status.code",
    "Microsoft.Storage/storageAccounts/networkAcls.bypass": "properties.networkAcls.bypass",
  };

  test("each alias of the shipped definitions resolves to its ARM path", () => {
    for (const [alias, armPath] of Object.entries(EXPECTED)) {
      const type = alias.split("/").slice(0, -1).join("/");
      assert.equal(aliasArmPath(alias, type), armPath, alias);
    }
  });

  test("every alias the shipped definitions use resolves for its own type, and for no other", () => {
    const aliases = new Set<string>();
    for (const f of builtinFiles()) {
      const text = readFileSync(path.join(BUILTIN_DIR, f), "utf8");
      for (const m of text.matchAll(
        /"field": "(Microsoft\.[^"]+)"|field\('(Microsoft\.[^']+)'\)|current\('(Microsoft\.[^']+)'\)/g,
      ))
        aliases.add(m[1] ?? m[2] ?? m[3]!);
    }
    assert.ok(aliases.size > 50);
    for (const a of aliases) {
      const type = a.replace(/\/[^/]*$/, "");
      const p = aliasArmPath(a, type);
      assert.ok(p !== undefined && /^(properties|sku)\./.test(p), `${a} -> ${p}`);
      assert.equal(aliasArmPath(a, "Microsoft.Other/things"), undefined);
    }
  });

  test("the convention puts non-top-level paths under properties; sub-resource elements via their properties", () => {
    assert.equal(conventionPath("kind"), "kind");
    assert.equal(conventionPath("identity.type"), "identity.type");
    assert.equal(conventionPath("a.b[*].c"), "properties.a.b[*].c");
    assert.equal(conventionPath("securityRules[*].name"), "properties.securityRules[*].name");
    assert.equal(conventionPath("securityRules[*].access"), "properties.securityRules[*].properties.access");
  });

  test("the aliases resolve against the ARM model's real shapes (case-insensitive names)", () => {
    const nic = {
      id: "/x/nic",
      type: "Microsoft.Network/networkInterfaces",
      name: "nic",
      properties: { ipConfigurations: [{ name: "a", properties: { publicIPAddress: { id: "pip" } } }] },
    };
    assert.deepEqual(
      resolveField(nic, "Microsoft.Network/networkInterfaces/ipconfigurations[*].publicIpAddress.id"),
      { kind: "many", values: ["pip"], path: "properties.ipconfigurations[*].properties.publicIpAddress.id" },
    );
    assert.deepEqual(resolveField(nic, "Microsoft.Storage/storageAccounts/kind"), {
      kind: "other-type",
      path: "Microsoft.Storage/storageAccounts/kind",
    });
  });

  test("the shipped folder has only the definitions and PROVENANCE.md", () => {
    const entries = readdirSync(BUILTIN_DIR);
    assert.ok(entries.includes("PROVENANCE.md"));
    assert.equal(entries.filter((e) => e.includes(".")).length, 1);
  });
});

test("nested counts: a field count whose where holds a value count (Key Vault firewall IP restriction)", () => {
  const def = builtinDefinitions().find((d) => d.name === "55615ac9-af46-4a59-874e-391cc3dfb490")!;
  const vault = (ips: string[]): ArmLike => ({
    id: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv",
    type: "Microsoft.KeyVault/vaults",
    name: "kv",
    location: "eastus2",
    apiVersion: "2024-11-01",
    properties: {
      publicNetworkAccess: "Enabled",
      networkAcls: { defaultAction: "Deny", ipRules: ips.map((value) => ({ value })) },
    },
  });
  const params = { [def.name]: { restrictIPAddresses: "Yes", allowedIPAddresses: ["10.0.0.0/8"] } };
  const status = (ips: string[]) =>
    evaluatePolicies([vault(ips)], [def], { parameters: params }).results[0]!.status;
  assert.equal(status(["10.1.0.0/24"]), "compliant");
  assert.equal(status(["10.1.0.0/24", "8.8.8.8"]), "non-compliant");
});
