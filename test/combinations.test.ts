import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { toArmModel } from "../src/plan/arm/model";
import { exposureOfPlan } from "../src/plan/exposure/analyze";
import { type Endpoint, type ExposureReport, REQUIRED_CATEGORY } from "../src/plan/exposure/types";
import { planInvariantViolations } from "./support/invariants";
import { type PlanFixture, plansFor } from "./support/plans";

/*
 * Configurations no preset and no other test reaches, each planned once, checked for the security invariants
 * and for what is special about the combination.
 */

const ALLOWED_IP = "203.0.113.7";
/** AllowOnlyApprovedOutbound with public (firewalled) dependencies. */
const APPROVED_PUBLIC_DEPS = {
  raw: {
    preset: "locked-down",
    allowedIpAddresses: [ALLOWED_IP],
    workspace: { dependencies: { publicNetworkAccess: "Enabled" } },
  },
};
/** No compute instance, everything private. */
const NO_COMPUTE_PRIVATE = { raw: { preset: "private", compute: { instance: { enabled: false } } } };

let approved: PlanFixture;
let noCompute: PlanFixture;
let approvedReport: ExposureReport;
let noComputeReport: ExposureReport;

before(async () => {
  [approved, noCompute] = await plansFor(APPROVED_PUBLIC_DEPS, NO_COMPUTE_PRIVATE);
  approvedReport = exposureOfPlan(approved.plan);
  noComputeReport = exposureOfPlan(noCompute.plan);
});

const endpointsOf = (r: ExposureReport, service: Endpoint["service"]) =>
  r.endpoints.filter((e) => e.service === service);
const workspaceInputs = (f: PlanFixture) =>
  f.plan.resources.find((r) => r.type === "azure-native:machinelearningservices:Workspace")!.inputs;

describe("AllowOnlyApprovedOutbound with public dependencies", () => {
  test("keeps the plan's security invariants", () => {
    assert.deepEqual(planInvariantViolations(approved.loaded.config, approved.plan), []);
  });

  test("the dependencies are public to the allowed address only, and managed compute reaches them privately", () => {
    const model = toArmModel(approved.plan);
    const deps = ["blob", "file", "vault", "registry"] as const;
    for (const service of deps) {
      const [e] = endpointsOf(approvedReport, service).filter((x) => !/^(dls|stb)/.test(x.resource));
      assert.ok(e, service);
      assert.deepEqual(e.internet.from, [ALLOWED_IP], e.id);
      assert.equal(e.managedVnet.reachable, true, e.id);
      // through a rule Azure creates itself in this mode, approved without a person
      const rule = approvedReport.outboundRules.find((r) => r.name === e.managedVnet.rule);
      assert.ok(rule, `${e.id}: ${e.managedVnet.rule}`);
      assert.deepEqual(
        [rule.category, rule.type, rule.approval],
        [REQUIRED_CATEGORY, "PrivateEndpoint", "automatic"],
      );
      assert.ok(model.resources.some((r) => r.name === e.resource && r.type === e.resourceType));
    }
    // The stack adds no rule of its own to them: in this mode Azure creates them
    // (learn.microsoft.com/azure/machine-learning/how-to-managed-network#list-of-required-rules).
    const own = Object.values(
      (
        workspaceInputs(approved).managedNetwork as {
          outboundRules: Record<string, { destination?: unknown }>;
        }
      ).outboundRules,
    ).map((r) => JSON.stringify(r.destination ?? ""));
    assert.ok(!own.some((d) => /stwsecureaml|kv-secureaml|crsecureaml/.test(d)), own.join("\n"));
  });

  test("the data stores stay private, and the report says Studio cannot see the default storage", () => {
    for (const e of approvedReport.endpoints.filter((x) => /^(dls|stb|sql-)/.test(x.resource)))
      assert.equal(e.internet.reachable, false, e.id);
    assert.ok(approvedReport.issues.some((i) => /no line of sight to the default storage/.test(i)));
    // Public stores with an allowed address: no "nobody can reach them" warning, only the firewall's cost.
    const codes = approved.loaded.warnings.map((w) => w.code);
    assert.ok(codes.includes("firewall-cost"), codes.join());
    assert.ok(!codes.includes("public-stores-no-ip"), codes.join());
  });
});

describe("no compute instance, private dependencies", () => {
  test("keeps the plan's security invariants", () => {
    assert.deepEqual(planInvariantViolations(noCompute.loaded.config, noCompute.plan), []);
  });

  test("nothing refers to a compute instance that is not created", () => {
    // The only compute is the image build cluster the private registry needs.
    const computes = noCompute.plan.resources.filter(
      (r) => r.type === "azure-native:machinelearningservices:Compute",
    );
    assert.deepEqual(
      computes.map((r) => (r.inputs.properties as Record<string, unknown>).computeType),
      ["AmlCompute"],
    );
    assert.deepEqual(endpointsOf(noComputeReport, "compute-instance"), []);
    // The workspace names the cluster, which the plan creates, as its image builder.
    assert.equal(workspaceInputs(noCompute).imageBuildCompute, computes[0]!.inputs.computeName);
    // ... and no role assignment or output points at any other compute.
    for (const m of JSON.stringify(noCompute.plan).matchAll(/\/computes\/([^/"]+)/g))
      assert.equal(m[1], computes[0]!.inputs.computeName);
  });

  test("the private dependencies and data keep their endpoints and managed VNet paths", () => {
    for (const e of noComputeReport.endpoints.filter(
      (x) => x.service !== "studio" && x.service !== "jumpbox",
    )) {
      assert.equal(e.internet.reachable, false, e.id);
      assert.equal(e.customerVnet.reachable, true, e.id);
    }
    assert.deepEqual(noComputeReport.issues, []);
  });
});
