import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { plansFor } from "../../../test/support/plans";
import type { ConfigSource } from "../../config";
import { ROLES } from "../../model/roles";
import { type ArmModel, type ArmResourceModel, toArmModel } from "../../plan/arm/model";
import { lc, props, scopeOf, T } from "../../plan/arm/read";
import type { Plan } from "../../plan/synth";
import { type CheckResult, runDeployChecks } from "./checks";

/** The presets and the variants the issue names: each must pass every deploy-time check. */
const CASES: Record<string, ConfigSource> = {
  starter: { preset: "starter" },
  "starter + allowed IP": { raw: { preset: "starter", allowedIpAddresses: ["203.0.113.7"] } },
  private: { preset: "private" },
  "locked-down": { preset: "locked-down" },
  "windows jump box": { raw: { jumpbox: { os: "windows" } } },
  "Bastion Basic": { raw: { jumpbox: { bastionSku: "Basic" } } },
  "Bastion Standard": { raw: { preset: "locked-down", jumpbox: { bastionSku: "Standard" } } },
  "isolationMode Disabled": { raw: { workspace: { isolationMode: "Disabled" } } },
};

const plans = new Map<string, Plan>();
before(
  async () => {
    const fixtures = await plansFor(...Object.values(CASES));
    for (const [i, name] of Object.keys(CASES).entries()) plans.set(name, fixtures[i]!.plan);
  },
  { timeout: 120_000 },
);

// Fixture plans are frozen and shared: every model is a fresh copy a test may edit.
const modelOf = (name: string): ArmModel => toArmModel(structuredClone(plans.get(name)!));
const principalsOf = (name: string) => plans.get(name)!.principals ?? {};

function check(name: string, id: string, model = modelOf(name), nameSuffixOverride = false): CheckResult {
  const result = runDeployChecks({ model, principals: principalsOf(name), nameSuffixOverride }).find(
    (c) => c.id === id,
  );
  assert.ok(result, `no check ${id}`);
  return result;
}

/** Runs `id` on a mutated copy of a case's model; asserts it passed before the mutation. */
function afterMutation(name: string, id: string, mutate: (m: ArmModel) => void): CheckResult {
  assert.equal(check(name, id).status, "pass", `${id} must pass on ${name} before the mutation`);
  const model = structuredClone(modelOf(name));
  mutate(model);
  return check(name, id, model);
}

const ofType = (m: ArmModel, type: string) => m.resources.filter((r) => lc(r.type) === lc(type));
const workspace = (m: ArmModel) => ofType(m, T.workspace)[0]!;
const roleNamed = (role: keyof typeof ROLES) => (r: ArmResourceModel) =>
  lc(props(r).roleDefinitionId).endsWith(ROLES[role]);
const forget = (r: ArmResourceModel, ids: readonly string[]) => {
  const drop = new Set(ids.map(lc));
  r.waitsForIds = (r.waitsForIds ?? []).filter((x) => !drop.has(lc(x)));
};

describe("deploy-time checks on the presets and variants", () => {
  for (const name of Object.keys(CASES)) {
    test(`${name}: every check passes or does not apply`, () => {
      const failing = runDeployChecks({ model: modelOf(name), principals: principalsOf(name) }).filter(
        (c) => c.status === "fail",
      );
      assert.deepEqual(
        failing.flatMap((c) => c.findings.map((f) => `${c.id}: ${f.title}`)),
        [],
      );
    });
  }

  test("every finding names a resource of the model, a fix and a public source", () => {
    const model = structuredClone(modelOf("private"));
    for (const r of model.resources) delete r.waitsForIds;
    ofType(model, T.role).length = 0;
    model.resources = model.resources.filter((r) => lc(r.type) !== lc(T.role));
    const findings = runDeployChecks({ model, principals: principalsOf("private") }).flatMap(
      (c) => c.findings,
    );
    assert.ok(findings.length > 0);
    const ids = new Set(model.resources.map((r) => lc(r.id)));
    for (const f of findings) {
      assert.ok(ids.has(lc(f.resource)), `${f.id}: ${f.resource} is not in the model`);
      assert.ok(f.fix.length > 10 && f.expected.length > 0);
      assert.match(f.source, /^https:\/\/learn\.microsoft\.com\//);
    }
  });
});

describe("ordering", () => {
  test("a workspace role assignment the workspace does not wait for fails, naming the role and scope", () => {
    const result = afterMutation("locked-down", "deploy/grants-before-workspace", (m) => {
      const ws = workspace(m);
      const kv = ofType(m, T.role).find((r) => roleNamed("keyVaultAdministrator")(r))!;
      forget(ws, [kv.id]);
    });
    assert.equal(result.status, "fail");
    assert.match(result.findings[0]!.title, /Key Vault Administrator on kv-/);
  });

  test("without an approver grant at resource-group scope, the self private endpoint of provisionNetworkNow fails", () => {
    const result = afterMutation("private", "deploy/grants-before-workspace", (m) => {
      const ws = workspace(m);
      const rg = ws.id.replace(/\/providers\/.*$/, "");
      m.resources = m.resources.filter((r) => !(lc(r.type) === lc(T.role) && lc(scopeOf(r)) === lc(rg)));
    });
    assert.equal(result.status, "fail");
    assert.ok(result.findings.some((f) => f.path === "properties.provisionNetworkNow"));
  });

  test("two extensions of one VM with no order between them fail", () => {
    const result = afterMutation("Bastion Basic", "deploy/extensions-serial", (m) => {
      const exts = ofType(m, T.vmExt);
      assert.ok(exts.length >= 2, "an Entra-login jump box that seeds the data has two extensions");
      for (const e of exts)
        forget(
          e,
          exts.map((x) => x.id),
        );
    });
    assert.equal(result.status, "fail");
    assert.match(result.findings[0]!.fix, /depend on/);
  });

  test("an upload that does not wait for its store's private DNS fails", () => {
    const result = afterMutation("private", "deploy/uploads-wait", (m) => {
      const seed = ofType(m, T.vmExt).find((e) => props(e).type === "CustomScript")!;
      forget(
        seed,
        ofType(m, T.zoneGroup).map((g) => g.id),
      );
    });
    assert.equal(result.status, "fail");
    assert.match(result.findings[0]!.title, /private DNS/);
  });

  test("the deployer's upload through a firewall that does not let it in fails", () => {
    const result = afterMutation("starter + allowed IP", "deploy/uploads-wait", (m) => {
      for (const s of ofType(m, T.storage)) (props(s).networkAcls as { ipRules: unknown[] }).ipRules = [];
    });
    assert.equal(result.status, "fail");
    assert.match(result.findings[0]!.fix, /allowedIpAddresses/);
  });

  test("a model read from Azure has no creation order: ordering checks do not apply", () => {
    const model = structuredClone(modelOf("private"));
    for (const r of model.resources) delete r.waitsForIds;
    for (const id of ["deploy/grants-before-workspace", "deploy/extensions-serial"])
      assert.equal(check("private", id, model).status, "not-applicable", id);
  });
});

describe("uniqueness and compatibility", () => {
  test("a global name without the subscription-derived part fails; an explicit nameSuffix is the user's call", () => {
    const rename = (m: ArmModel) => {
      const kv = ofType(m, T.vault)[0]!;
      kv.name = "kv-secureaml";
      kv.id = kv.id.replace(/[^/]+$/, "kv-secureaml");
    };
    const result = afterMutation("private", "deploy/global-names-unique", rename);
    assert.equal(result.status, "fail");
    assert.equal(result.findings[0]!.actual, "kv-secureaml");
    const model = structuredClone(modelOf("private"));
    rename(model);
    assert.equal(check("private", "deploy/global-names-unique", model, true).status, "not-applicable");
  });

  test("private dependencies without an image build cluster: unset is an error, a compute instance a warning", () => {
    const unset = afterMutation("private", "deploy/image-build-compute", (m) => {
      delete (props(workspace(m)) as Record<string, unknown>).imageBuildCompute;
    });
    assert.deepEqual(
      unset.findings.map((f) => f.severity),
      ["error"],
    );
    const instance = afterMutation("private", "deploy/image-build-compute", (m) => {
      const ci = ofType(m, T.compute).find((c) => props(c).computeType === "ComputeInstance")!;
      (props(workspace(m)) as Record<string, unknown>).imageBuildCompute = ci.name.split("/").pop();
    });
    assert.deepEqual(
      instance.findings.map((f) => f.severity),
      ["warning"],
    );
  });
});

describe("patch mode", () => {
  test("AutomaticByPlatform on the Windows 11 desktop image (not on Microsoft's list) fails", () => {
    const result = afterMutation("windows jump box", "deploy/patch-mode-image", (m) => {
      const vm = ofType(m, T.vm)[0]!;
      const os = props(vm).osProfile as { windowsConfiguration: { patchSettings: { patchMode: string } } };
      os.windowsConfiguration.patchSettings.patchMode = "AutomaticByPlatform";
    });
    assert.equal(result.status, "fail");
    assert.match(result.findings[0]!.actual, /AutomaticByPlatform on MicrosoftWindowsDesktop\/windows-11/);
  });
});

describe("Bastion Developer availability", () => {
  test("a region without Developer is a warning; a national cloud an error", () => {
    const region = afterMutation("private", "deploy/bastion-sku-region", (m) => {
      for (const b of ofType(m, T.bastion)) b.location = "eastus";
    });
    assert.deepEqual(
      region.findings.map((f) => f.severity),
      ["warning"],
    );
    const china = afterMutation("private", "deploy/bastion-sku-region", (m) => {
      for (const z of ofType(m, T.zone)) {
        z.name = z.name.replace("windows.net", "chinacloudapi.cn").replace("azureml.ms", "ml.azure.cn");
      }
      for (const g of ofType(m, T.zoneGroup)) {
        for (const c of (props(g).privateDnsZoneConfigs ?? []) as {
          properties: { privateDnsZoneId: string };
        }[])
          c.properties.privateDnsZoneId = c.properties.privateDnsZoneId
            .replace("windows.net", "chinacloudapi.cn")
            .replace("azureml.ms", "ml.azure.cn");
      }
    });
    assert.deepEqual(
      china.findings.map((f) => f.severity),
      ["error"],
    );
  });
});

describe("access paths", () => {
  test("a person without Storage Blob Data Contributor on the default storage is reported", () => {
    const result = afterMutation("private", "deploy/access-paths", (m) => {
      const storage = lc(props(workspace(m)).storageAccount);
      m.resources = m.resources.filter(
        (r) =>
          !(
            roleNamed("storageBlobDataContributor")(r) &&
            ["User", "Group"].includes(String(props(r).principalType)) &&
            lc(scopeOf(r)) === storage
          ),
      );
    });
    assert.equal(result.status, "fail");
    assert.ok(
      result.findings.every((f) => /Storage Blob Data Contributor on the default storage/.test(f.expected)),
    );
  });

  test("Studio data preview: a storage private endpoint the workspace identity cannot read is reported", () => {
    const result = afterMutation("private", "deploy/access-paths", (m) => {
      const pes = new Set(ofType(m, T.pe).map((p) => lc(p.id)));
      m.resources = m.resources.filter((r) => !(roleNamed("reader")(r) && pes.has(lc(scopeOf(r)))));
    });
    assert.ok(result.findings.some((f) => /data preview/.test(f.title)));
  });

  test("with Bastion Developer too, a person without Reader on the jump box's NIC is reported", () => {
    const result = afterMutation("private", "deploy/access-paths", (m) => {
      const nic = ofType(m, "Microsoft.Network/networkInterfaces")[0]!;
      m.resources = m.resources.filter((r) => !(roleNamed("reader")(r) && lc(scopeOf(r)) === lc(nic.id)));
    });
    assert.ok(result.findings.some((f) => /Reader on nic-/.test(f.expected) && !/Login/.test(f.expected)));
  });

  test("Entra ID login behind Bastion Developer is reported: Developer has no Entra sign-in", () => {
    const result = afterMutation("Bastion Basic", "deploy/access-paths", (m) => {
      const bastion = ofType(m, T.bastion)[0]!;
      (bastion as { sku?: unknown }).sku = { name: "Developer" };
    });
    assert.ok(result.findings.some((f) => /Bastion Developer cannot sign in with Entra ID/.test(f.title)));
  });
});
