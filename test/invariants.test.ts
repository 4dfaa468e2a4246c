import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { toArmModel } from "../src/plan/arm/model";
import type { Plan } from "../src/plan/synth";
import {
  NETWORK_CONNECTION_APPROVER,
  nothingUnaskedPublic,
  planInvariantViolations,
  privateStoresReachable,
  ruleTargetsApproved,
} from "./support/invariants";
import { type PlanFixture, PRESET, plansFor } from "./support/plans";

/*
 * The property tests assert that every plan keeps the invariants of support/invariants.ts; an invariant that
 * can never fail would make them pass vacuously. Each check here breaks one plan in one way and expects
 * exactly the matching invariant to object.
 */

type Json = Record<string, unknown>;

let priv: PlanFixture;
let locked: PlanFixture;
let starterIp: PlanFixture;

before(async () => {
  [priv, locked, starterIp] = await plansFor(PRESET.private, PRESET.lockedDown, PRESET.starterIp);
});

/** A copy of a fixture's plan with the resources `pick` selects edited (their inputs, as azure-native has them). */
function edited(
  f: PlanFixture,
  pick: (type: string, inputs: Json) => boolean,
  edit: (inputs: Json) => void,
): Plan {
  const plan = structuredClone(f.plan) as Plan;
  const hits = plan.resources.filter((r) => pick(r.type, r.inputs));
  assert.ok(hits.length > 0, "the edit matches a resource");
  for (const r of hits) edit(r.inputs);
  return plan;
}

/** A copy of a fixture's plan without the resources `drop` selects. */
function without(f: PlanFixture, drop: (type: string, inputs: Json) => boolean): Plan {
  const plan = structuredClone(f.plan) as Plan;
  const kept = plan.resources.filter((r) => !drop(r.type, r.inputs));
  assert.ok(kept.length < plan.resources.length, "something was dropped");
  return { ...plan, resources: kept };
}

describe("plan invariants", () => {
  test("hold for the presets", () => {
    for (const f of [priv, locked, starterIp])
      assert.deepEqual(planInvariantViolations(f.loaded.config, f.plan), []);
  });

  test("a private store without its private endpoint is reported", () => {
    const plan = without(
      priv,
      (t, i) =>
        t === "azure-native:network:PrivateEndpoint" && String(i.privateEndpointName).includes("-vault"),
    );
    const v = privateStoresReachable(toArmModel(plan));
    assert.equal(v.length, 1, v.join("\n"));
    assert.match(v[0]!, /Microsoft\.KeyVault\/vaults kv-.* has no private endpoint/);
  });

  test("a data store without its managed VNet rule is reported", () => {
    const plan = edited(
      locked,
      (t) => t === "azure-native:machinelearningservices:Workspace",
      (i) => {
        const rules = (i.managedNetwork as Json).outboundRules as Json;
        delete rules.sqlserver;
      },
    );
    const v = privateStoresReachable(toArmModel(plan));
    assert.deepEqual(
      v.map((x) => x.replace(/ sql-\S+/, " sql")),
      ["data store Microsoft.Sql/servers sql has no managed VNet private endpoint rule"],
    );
  });

  test("a rule target without the approver role for the workspace identity is reported", () => {
    // The stack grants the approver once, on the resource group, which covers every store's rule.
    const approver = (t: string, i: Json) =>
      t === "azure-native:authorization:RoleAssignment" &&
      String(i.roleDefinitionId).endsWith(NETWORK_CONNECTION_APPROVER) &&
      /\/resourceGroups\/[^/]+$/.test(String(i.scope));
    const storeRules = ["blobstore", "datalake", "datalake-blob", "sqlserver"];
    const rulesOf = (v: string[]) => v.map((x) => /^rule (\S+):/.exec(x)?.[1]).sort();
    const v = ruleTargetsApproved(toArmModel(without(locked, approver)), locked.plan);
    assert.deepEqual(rulesOf(v), storeRules, v.join("\n"));
    assert.ok(
      v.some((x) =>
        /^rule sqlserver: the workspace identity cannot approve .*Microsoft\.Sql\/servers/.test(x),
      ),
    );
    // The role given to another principal does not count either.
    const other = edited(locked, approver, (i) => {
      i.principalId = "11111111-1111-4111-8111-111111111111";
    });
    assert.deepEqual(rulesOf(ruleTargetsApproved(toArmModel(other), locked.plan)), storeRules);
  });

  test("public access the config did not ask for is reported, whatever resource it is on", () => {
    const config = priv.loaded.config;
    const lake = edited(
      priv,
      (t, i) => t === "azure-native:storage:StorageAccount" && String(i.accountName).startsWith("dls"),
      (i) => {
        i.publicNetworkAccess = "Enabled";
      },
    );
    assert.match(
      nothingUnaskedPublic(toArmModel(lake), config).join("\n"),
      /^dls\S+: public network access Enabled/,
    );
    const ws = edited(
      priv,
      (t) => t === "azure-native:machinelearningservices:Workspace",
      (i) => {
        i.publicNetworkAccess = "Enabled";
      },
    );
    assert.deepEqual(nothingUnaskedPublic(toArmModel(ws), config), [
      "workspace public network access Enabled",
    ]);
    const nsg = edited(
      priv,
      (t, i) =>
        t === "azure-native:network:NetworkSecurityGroup" &&
        String(i.networkSecurityGroupName).includes("jump"),
      (i) => {
        (i.securityRules as Json[]).push({
          name: "AllowSshFromAnywhere",
          priority: 200,
          direction: "Inbound",
          access: "Allow",
          protocol: "Tcp",
          sourceAddressPrefix: "Internet",
          sourcePortRange: "*",
          destinationAddressPrefix: "*",
          destinationPortRanges: ["22"],
        });
      },
    );
    assert.match(
      nothingUnaskedPublic(toArmModel(nsg), config).join("\n"),
      /AllowSshFromAnywhere allows the internet in/,
    );
    // starter's stores are public as asked, but only to the allowed address.
    const open = edited(
      starterIp,
      (t, i) => t === "azure-native:storage:StorageAccount" && String(i.accountName).startsWith("stb"),
      (i) => {
        (i.networkRuleSet as Json).ipRules = [{ iPAddressOrRange: "198.51.100.9", action: "Allow" }];
      },
    );
    assert.match(
      nothingUnaskedPublic(toArmModel(open), starterIp.loaded.config).join("\n"),
      /firewall lets 198\.51\.100\.9 in/,
    );
  });
});
