import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { nameSuffix } from "./config";
import { installMocks, type MockRuntime } from "./plan/mocks";

const SUBSCRIPTION = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";

import { promiseOf } from "./plan/synth";

// The Pulumi program reads stack config at import time, so mocks and config are installed first and the
// program is imported dynamically afterwards (pulumi-notes §1.3.1).
let runtime: MockRuntime;
let program: Record<string, pulumi.Output<unknown> | unknown>;

before(async () => {
  runtime = await installMocks("secure-aml", "dev", { subscriptionId: SUBSCRIPTION });
  assert.ok(pulumi.runtime.hasMonitor());
  pulumi.runtime.setAllConfig({
    "secure-aml:preset": "locked-down",
    "secure-aml:name": "contoso",
    "secure-aml:workspace": JSON.stringify({ firewallSku: "Standard" }),
  });
  const mod = (await import("./index.js")) as unknown as { default?: Record<string, unknown> };
  // The program reads the subscription before registering anything, so its exports come as a promise.
  program = await (mod.default ?? (mod as Record<string, unknown>));
});

test("the Pulumi program maps stack config onto the schema and exports the outputs", async () => {
  const name = await promiseOf(program.workspaceName as pulumi.Output<string>);
  // Global names derive from the subscription the client config reports, not from a default.
  assert.equal(name, `mlw-contoso-${nameSuffix(SUBSCRIPTION, "rg-contoso")}`);
  const url = await promiseOf(program.studioUrl as pulumi.Output<string>);
  assert.match(url, /^https:\/\/ml\.azure\.com\/home\?wsid=\/subscriptions\/.+\/workspaces\/mlw-contoso-/);
  const steps = program.remainingSteps as { step: string }[];
  assert.deepEqual(
    steps.map((s) => s.step),
    ["give other people access", "decide who may read the SQL database"],
  );
  const ws = runtime.resources.find((r) => r.type === "azure-native:machinelearningservices:Workspace")!;
  assert.equal((ws.inputs.managedNetwork as { firewallSku: string }).firewallSku, "Standard");
  // The preset's Linux jump box: its generated SSH key is exported, as a secret; it has no password.
  const key = program.jumpboxSshPrivateKey as pulumi.Output<string>;
  assert.equal(await pulumi.isSecret(key), true);
  assert.equal(program.jumpboxAdminPassword, undefined);
});
