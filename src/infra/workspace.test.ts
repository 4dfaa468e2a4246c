import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { type Config, loadConfig } from "../config";
import { IMAGE_BUILD_CLUSTER, imageBuildClusterProperties, needsImageBuildCluster } from "./imageBuild";
import { storeRules } from "./outboundRules";
import { workspaceNetworkArgs } from "./workspace";

const cfg = (raw: Record<string, unknown>): Config => loadConfig({ raw: { name: "demo", ...raw } }).config;
const EXTERNAL =
  "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-x/providers/Microsoft.Storage/storageAccounts/stx";
const targets = { lake: "LAKE", blob: "BLOB", storage: "ST", keyVault: "KV", registry: "CR" };

describe("workspaceNetworkArgs (pure)", () => {
  test("a managed VNet: store rules first, then the user's rules as written; provisioned at creation", () => {
    const c = cfg({
      workspace: {
        outboundRules: {
          ext: { type: "PrivateEndpoint", serviceResourceId: EXTERNAL, subresourceTarget: "blob" },
        },
      },
    });
    const a = workspaceNetworkArgs(c, storeRules(c, targets));
    assert.equal(a.provisionNetworkNow, true);
    const rules = a.managedNetwork.outboundRules!;
    assert.deepEqual(Object.keys(rules), ["datalake", "datalake-blob", "blobstore", "ext"]);
    assert.deepEqual(rules["datalake-blob"], {
      type: "PrivateEndpoint",
      category: "UserDefined",
      destination: { serviceResourceId: "LAKE", subresourceTarget: "blob", sparkEnabled: false },
    });
    assert.equal(a.managedNetwork.firewallSku, undefined);
  });

  test("no managed VNet: no rules and nothing provisioned; approved-only mode names its firewall SKU", () => {
    const off = cfg({ workspace: { isolationMode: "Disabled" } });
    const a = workspaceNetworkArgs(off, storeRules(off, targets));
    assert.deepEqual(a.managedNetwork, { isolationMode: "Disabled" });
    assert.equal(a.provisionNetworkNow, undefined);
    const approved = cfg({ preset: "locked-down" });
    assert.equal(workspaceNetworkArgs(approved, []).managedNetwork.firewallSku, "Basic");
  });

  test("image builds name the build cluster exactly when the dependencies are private", () => {
    for (const access of ["Enabled", "Disabled"] as const) {
      const c = cfg({
        workspace: { dependencies: { publicNetworkAccess: access } },
        allowedIpAddresses: ["203.0.113.7"],
      });
      assert.equal(needsImageBuildCluster(c), access === "Disabled");
      assert.equal(
        workspaceNetworkArgs(c, []).imageBuildCompute,
        access === "Disabled" ? IMAGE_BUILD_CLUSTER : undefined,
      );
    }
  });
});

describe("imageBuildClusterProperties (pure)", () => {
  test("zero minimum nodes, no public IP, no SSH; a subnet only without a managed VNet", () => {
    const p = imageBuildClusterProperties(cfg({}), "SUBNET");
    assert.deepEqual(p.scaleSettings.minNodeCount, 0);
    assert.equal(p.enableNodePublicIp, false);
    assert.equal(p.remoteLoginPortPublicAccess, "Disabled");
    assert.equal("subnet" in p, false);
    const own = imageBuildClusterProperties(cfg({ workspace: { isolationMode: "Disabled" } }), "SUBNET");
    assert.deepEqual((own as { subnet?: unknown }).subnet, { id: "SUBNET" });
  });
});
