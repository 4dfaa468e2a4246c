import assert from "node:assert/strict";
import { test } from "node:test";
import { allRules, checkModel, defaultEffect } from "./catalog";
import { DEPLOY_CHECKS } from "./deploy";
import { builtinDefinitions } from "./policy/builtin";
import { OWN_RULES } from "./rules";

test("allRules lists every shipped built-in, own rule and deploy-time check once, with a source", () => {
  const rules = allRules();
  const defs = builtinDefinitions();
  assert.equal(rules.length, defs.length + OWN_RULES.length + DEPLOY_CHECKS.length);
  assert.equal(new Set(rules.map((r) => r.id)).size, rules.length);
  for (const r of rules) assert.match(r.source, /^https:\/\//, r.id);
  const nic = rules.find((r) => r.id === "policy/83a86a26-fd1f-447c-b59d-e51f44264114")!;
  assert.deepEqual([nic.effect, nic.severity], ["deny", "error"]);
  const modify = rules.find((r) => r.id === "policy/a06d0189-92e8-4dba-b0c4-08d7669fce7d")!;
  assert.deepEqual([modify.effect, modify.severity], ["Modify", "warning"]);
});

test("defaultEffect reads the effect parameter's default, or the literal", () => {
  const [def] = builtinDefinitions();
  assert.equal(defaultEffect(def!), "Audit");
  // biome-ignore lint/suspicious/noThenProperty: Azure Policy's own key
  assert.equal(defaultEffect({ ...def!, policyRule: { if: {}, then: { effect: "deny" } } }), "deny");
});

test("checkModel on a planned model: policy results, own rules and deploy checks in one finding list", () => {
  const RG = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg";
  const st = {
    id: `${RG}/providers/Microsoft.Storage/storageAccounts/st`,
    type: "Microsoft.Storage/storageAccounts",
    apiVersion: "2024-01-01",
    name: "st",
    location: "eastus2",
    properties: { publicNetworkAccess: "Enabled" },
    pulumiType: "azure-native:storage:StorageAccount",
    pulumiName: "st",
  };
  const result = checkModel({ resources: [st], excluded: [] }, { planned: true });
  const ids = new Set(result.findings.map((f) => f.id));
  assert.ok(ids.has("policy/b2982f36-99f2-4db5-8eff-283140c09693"));
  assert.ok(ids.has("deploy/global-names-unique"));
  // Planned: absent private endpoint connections are known to be absent.
  assert.ok(ids.has("policy/6edd7eda-6dd8-40f7-810d-67160c639cd9"));
  const live = checkModel({ resources: [st], excluded: [] });
  assert.equal(
    live.policy.find((r) => r.definition === "6edd7eda-6dd8-40f7-810d-67160c639cd9")!.status,
    "not-evaluable-offline",
  );
});
