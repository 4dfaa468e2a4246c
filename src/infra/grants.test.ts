import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import type * as pulumi from "@pulumi/pulumi";
import fc from "fast-check";
import { type Config, loadConfig } from "../config";
import { installMocks, MOCK_CLIENT } from "../plan/mocks";
import { promiseOf } from "../plan/synth";
import {
  type GrantSpec,
  grantOwner,
  grantResourceName,
  hasComputeUser,
  plannedGrants,
  principalTypeOf,
} from "./grants";
import { jumpboxEntraLogin } from "./jumpboxAccess";
import { ROLES } from "./roles";
import { SecureAml } from "./stack";

const GROUP = "66666666-7777-4888-9999-aaaaaaaaaaaa";
const USER = "11111111-2222-4333-8444-555555555555";
const EXTERNAL =
  "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-x/providers/Microsoft.Storage/storageAccounts/stx";

const cfg = (raw: Record<string, unknown>): Config => loadConfig({ raw }).config;
/** The config of an arbitrary input, or a skipped run when the input is one the config rules reject. */
function validOrSkip(raw: Record<string, unknown>): Config {
  try {
    return cfg(raw);
  } catch {
    fc.pre(false);
    throw new Error("unreachable");
  }
}
const keys = (gs: readonly GrantSpec[]) => gs.map((g) => g.key);
const find = (gs: readonly GrantSpec[], key: string) => gs.find((g) => g.key === key);

/** Config inputs that vary everything the table depends on. */
const arbRaw = fc.record({
  preset: fc.constantFrom("starter", "private", "locked-down"),
  allowedIpAddresses: fc.constant(["203.0.113.7"]),
  workspace: fc.record(
    {
      isolationMode: fc.constantFrom("Disabled", "AllowInternetOutbound", "AllowOnlyApprovedOutbound"),
      dataScientists: fc.constant(GROUP),
      outboundRules: fc.constantFrom(
        {},
        { ext: { type: "PrivateEndpoint", serviceResourceId: EXTERNAL, subresourceTarget: "blob" } },
      ),
    },
    { requiredKeys: ["isolationMode"] },
  ),
  data: fc.record({
    publicNetworkAccess: fc.constantFrom("Enabled", "Disabled"),
    dataLake: fc.record({ enabled: fc.boolean() }),
    blob: fc.record({ enabled: fc.boolean() }),
    sql: fc.record({ enabled: fc.boolean() }),
  }),
  compute: fc.record({
    instance: fc.record(
      { enabled: fc.boolean(), assignedUserObjectId: fc.constant(USER) },
      { requiredKeys: ["enabled"] },
    ),
  }),
  jumpbox: fc.record({
    enabled: fc.boolean(),
    os: fc.constantFrom("linux", "windows"),
    bastionSku: fc.constantFrom("Developer", "Basic", "Standard"),
  }),
});

describe("plannedGrants (pure)", () => {
  test("keys are unique, every row has a sourced one-line reason, and no principal holds one role twice on a scope", () => {
    fc.assert(
      fc.property(arbRaw, (raw) => {
        const gs = plannedGrants(validOrSkip(raw));
        assert.equal(new Set(keys(gs)).size, gs.length);
        for (const g of gs) {
          assert.ok(g.role in ROLES, g.key);
          assert.match(g.why, /^[^\n]{10,300}\(https:\/\/learn\.microsoft\.com\/[^ )]+\)$/, g.key);
        }
        const triples = gs.map((g) => `${g.principal} ${g.role} ${g.scope}`);
        assert.equal(new Set(triples).size, triples.length);
      }),
      { numRuns: 60 },
    );
  });

  test("what waits for a grant: the workspace waits only for the workspace identity's grants on existing scopes", () => {
    fc.assert(
      fc.property(arbRaw, (raw) => {
        for (const g of plannedGrants(validOrSkip(raw))) {
          if (g.before === "workspace") {
            assert.equal(g.principal, "workspaceIdentity", g.key);
            // The workspace cannot wait for a grant on itself or on something created after it.
            assert.ok(!["workspace", "jumpboxVm", "jumpboxNic", "bastion"].includes(g.scope), g.key);
          }
          if (g.before === "seed") assert.equal(g.principal, "jumpboxIdentity", g.key);
        }
      }),
      { numRuns: 60 },
    );
  });

  test("the resource-group approver precedes the workspace exactly when there is a managed VNet", () => {
    for (const mode of ["Disabled", "AllowInternetOutbound", "AllowOnlyApprovedOutbound"] as const) {
      const rg = plannedGrants(cfg({ workspace: { isolationMode: mode } })).filter(
        (g) => g.scope === "resourceGroup",
      );
      if (mode === "Disabled") assert.deepEqual(rg, [], mode);
      else
        assert.deepEqual(
          rg.map((g) => [g.principal, g.role, g.before]),
          [["workspaceIdentity", "networkConnectionApprover", "workspace"]],
          mode,
        );
    }
  });

  test("approvers: the resource group covers the stack's stores; only user rule targets get their own", () => {
    const gs = plannedGrants(
      cfg({
        preset: "locked-down",
        workspace: {
          outboundRules: {
            ext: { type: "PrivateEndpoint", serviceResourceId: EXTERNAL, subresourceTarget: "blob" },
            pypi: { type: "FQDN", destination: "pypi.org" },
          },
        },
      }),
    );
    assert.deepEqual(
      gs.filter((g) => g.role === "networkConnectionApprover").map((g) => g.scope),
      ["resourceGroup", "userRule:ext"],
    );
  });

  test("the workspace keeps Contributor on itself (Microsoft lists it for a UAI workspace), after the workspace", () => {
    const g = find(plannedGrants(cfg({})), "mlw");
    assert.deepEqual(
      [g?.principal, g?.role, g?.scope, g?.before],
      ["workspaceIdentity", "contributor", "workspace", undefined],
    );
  });

  test("Studio data preview: Reader on every storage private endpoint, none when the stores are public", () => {
    const readers = (raw: Record<string, unknown>) =>
      plannedGrants(cfg(raw))
        .filter((g) => g.role === "reader" && g.principal === "workspaceIdentity")
        .map((g) => g.scope)
        .sort();
    assert.deepEqual(readers({}), [
      "pe:blob:blob",
      "pe:dataLake:blob",
      "pe:dataLake:dfs",
      "pe:storage:blob",
      "pe:storage:file",
    ]);
    assert.deepEqual(readers({ data: { blob: { enabled: false } } }), [
      "pe:dataLake:blob",
      "pe:dataLake:dfs",
      "pe:storage:blob",
      "pe:storage:file",
    ]);
    assert.deepEqual(readers({ preset: "starter" }), []);
  });

  test("people: the compute user and the data scientists group get the documented data roles", () => {
    const gs = plannedGrants(cfg({ workspace: { dataScientists: GROUP } }));
    for (const who of ["computeUser", "dataScientists"] as const) {
      assert.deepEqual(
        gs
          .filter((g) => g.principal === who && grantOwner(g) === "workspace")
          .map((g) => `${g.role} ${g.scope}`)
          .sort(),
        [
          "azureMlDataScientist workspace",
          "storageBlobDataContributor storage",
          "storageBlobDataReader blob",
          "storageBlobDataReader dataLake",
          "storageFileDataPrivilegedContributor storage",
        ],
        who,
      );
    }
    assert.equal(principalTypeOf("computeUser"), "User");
    assert.equal(principalTypeOf("dataScientists"), "Group");
    assert.equal(principalTypeOf("workspaceIdentity"), "ServicePrincipal");
    assert.equal(principalTypeOf("jumpboxIdentity"), "ServicePrincipal");
  });

  test("no data scientists group, no group grants; no compute instance and no assigned user, no compute user", () => {
    const gs = plannedGrants(cfg({ compute: { instance: { enabled: false } } }));
    assert.ok(gs.every((g) => g.principal !== "dataScientists" && g.principal !== "computeUser"));
    assert.equal(
      hasComputeUser(cfg({ compute: { instance: { enabled: false, assignedUserObjectId: USER } } })),
      true,
    );
  });

  test("jump box: Reader on VM, NIC and Bastion with every SKU; the Entra login role only with Basic/Standard", () => {
    const jump = (sku: string, enabled = true) =>
      plannedGrants(cfg({ workspace: { dataScientists: GROUP }, jumpbox: { enabled, bastionSku: sku } }))
        .filter((g) => grantOwner(g) === "jumpbox" && g.principal !== "jumpboxIdentity")
        .map((g) => `${g.principal} ${g.role} ${g.scope}`)
        .sort();
    const readers = (p: string) => [`${p} reader bastion`, `${p} reader jumpboxNic`, `${p} reader jumpboxVm`];
    assert.deepEqual(jump("Developer"), ["computeUser", "dataScientists"].flatMap(readers).sort());
    assert.deepEqual(jump("Basic", false), []);
    assert.equal(jumpboxEntraLogin(cfg({ jumpbox: { bastionSku: "Standard" } })), true);
    for (const sku of ["Basic", "Standard"]) {
      assert.deepEqual(
        jump(sku),
        ["computeUser", "dataScientists"]
          .flatMap((p) => [...readers(p), `${p} virtualMachineUserLogin jumpboxVm`])
          .sort(),
        sku,
      );
    }
  });

  test("turning off the lake, the blob account, SQL or the jump box removes their grants", () => {
    const scopesOf = (raw: Record<string, unknown>) => new Set(plannedGrants(cfg(raw)).map((g) => g.scope));
    const all = scopesOf({ data: { sql: { enabled: true } } });
    assert.ok(
      all.has("dataLake") && all.has("blob") && all.has("pe:dataLake:dfs") && all.has("pe:blob:blob"),
    );
    const noLake = scopesOf({ data: { dataLake: { enabled: false } } });
    assert.ok(![...noLake].some((s) => s === "dataLake" || s.startsWith("pe:dataLake:")));
    const noBlob = scopesOf({ data: { blob: { enabled: false } } });
    assert.ok(![...noBlob].some((s) => s === "blob" || s.startsWith("pe:blob:")));
    // SQL has no Azure RBAC grant at all (its users are created in T-SQL), so turning it off changes nothing.
    assert.deepEqual(
      keys(plannedGrants(cfg({ data: { sql: { enabled: true } } }))),
      keys(plannedGrants(cfg({}))),
    );
    const noJump = plannedGrants(cfg({ jumpbox: { enabled: false, bastionSku: "Basic" } }));
    assert.ok(noJump.every((g) => grantOwner(g) === "workspace"));
    assert.ok(
      plannedGrants(cfg({})).some((g) => g.principal === "jumpboxIdentity"),
      "the private preset seeds",
    );
  });

  test("grants that existed before the table keep their keys (no re-created, colliding assignments on upgrade)", () => {
    const gs = keys(plannedGrants(cfg({ preset: "locked-down", jumpbox: { bastionSku: "Basic" } })));
    for (const k of ["st-contrib", "st-blob", "st-file", "kv-contrib", "kv-admin", "cr", "appi", "lake-read"])
      assert.ok(gs.includes(k), k);
    for (const k of [
      "blob-read",
      "mlw",
      "user-ds",
      "user-file",
      "user-lake",
      "user-blob",
      "pe-blob",
      "pe-file",
      "login",
    ])
      assert.ok(gs.includes(k), k);
  });
});

/*
 * Ordering on the stack itself: which resources each one explicitly waits for (`dependsOn`), recorded by a
 * transformation on the root component. Two syntheses, run once.
 */
interface Recorded {
  readonly dependsOn: Map<string, string[]>;
  readonly types: Map<string, string>;
  /** Resource options that change how Pulumi updates or deletes a resource, by logical name. */
  readonly options: Map<string, { ignoreChanges?: string[]; deletedWith?: string }>;
}

async function record(c: Config): Promise<Recorded> {
  const runtime = await installMocks("secure-aml", "grants");
  const dependsOn = new Map<string, string[]>();
  const types = new Map<string, string>();
  const options = new Map<string, { ignoreChanges?: string[]; deletedWith?: string }>();
  const capture: pulumi.ResourceTransformation = (args) => {
    const o = args.opts as pulumi.CustomResourceOptions;
    options.set(args.name, {
      ...(o.ignoreChanges ? { ignoreChanges: o.ignoreChanges } : {}),
      ...(o.deletedWith ? { deletedWith: (o.deletedWith as { __name?: string }).__name ?? "?" } : {}),
    });
    const deps = args.opts.dependsOn;
    const list = (Array.isArray(deps) ? deps : deps ? [deps] : []) as { __name?: string }[];
    dependsOn.set(
      args.name,
      list.map((d) => d.__name ?? "?"),
    );
    types.set(args.name, args.type);
    return undefined;
  };
  const root = new SecureAml(
    c.name,
    { config: c, subscriptionId: MOCK_CLIENT.subscriptionId },
    { transformations: [capture] },
  );
  await Promise.race([promiseOf(root.jumpboxConnect), runtime.failure]);
  // Let every registration finish (children created inside applies included).
  for (let seen = -1; seen !== runtime.resources.length; ) {
    seen = runtime.resources.length;
    await new Promise((r) => setTimeout(r, 20));
  }
  return { dependsOn, types, options };
}

describe("ordering on the stack", () => {
  const cases = {
    private: cfg({ preset: "private", data: { sql: { enabled: true } } }),
    bare: cfg({
      preset: "private",
      data: { dataLake: { enabled: false }, blob: { enabled: false } },
      jumpbox: { enabled: false },
      compute: { instance: { enabled: false } },
    }),
  };
  const rec = {} as Record<keyof typeof cases, Recorded>;
  before(
    async () => {
      for (const k of Object.keys(cases) as (keyof typeof cases)[]) rec[k] = await record(cases[k]);
    },
    { timeout: 60_000 },
  );

  test("private: the workspace waits for every grant marked before-workspace and for the wait, which waits for them too", () => {
    const table = plannedGrants(cases.private).filter((g) => g.before === "workspace");
    assert.ok(table.some((g) => g.key === "rg-approve"));
    const grantNames = table.map((g) => grantResourceName("secureaml", g));
    assert.ok(grantNames.includes("secureaml-workspace-ra-rg-approve"));
    const ws = rec.private.dependsOn.get("secureaml-workspace-mlw") ?? [];
    for (const n of [...grantNames, "secureaml-workspace-role-wait"])
      assert.ok(ws.includes(n), `workspace waits for ${n}`);
    assert.equal(rec.private.types.get("secureaml-workspace-role-wait"), "time:index/sleep:Sleep");
    assert.deepEqual(
      (rec.private.dependsOn.get("secureaml-workspace-role-wait") ?? []).sort(),
      grantNames.sort(),
    );
  });

  test("private: the sample upload waits for the jump box identity's grants", () => {
    const seed = rec.private.dependsOn.get("secureaml-jumpbox-seed") ?? [];
    for (const g of plannedGrants(cases.private).filter((x) => x.before === "seed"))
      assert.ok(seed.includes(grantResourceName("secureaml", g)), g.key);
  });

  test("SQL: a changed Entra admin is applied through its own resource; the create-only field is not diffed", () => {
    assert.deepEqual(rec.private.options.get("secureaml-data-sql"), { ignoreChanges: ["administrators"] });
    assert.equal(
      rec.private.types.get("secureaml-data-sql-admin"),
      "azure-native:sql:ServerAzureADAdministrator",
    );
    // Deleting the admin of an Entra-only server alone would leave it without one: it goes with the server.
    assert.deepEqual(rec.private.options.get("secureaml-data-sql-admin"), {
      deletedWith: "secureaml-data-sql",
    });
  });

  test("every table row is one role assignment of the stack, and nothing else assigns roles", () => {
    for (const k of Object.keys(cases) as (keyof typeof cases)[]) {
      const ras = [...rec[k].types]
        .filter(([, t]) => t === "azure-native:authorization:RoleAssignment")
        .map(([n]) => n)
        .sort();
      assert.deepEqual(
        ras,
        plannedGrants(cases[k])
          .map((g) => grantResourceName("secureaml", g))
          .sort(),
        k,
      );
    }
  });

  test("bare (no lake, blob, jump box or compute instance): only the workspace identity's grants", () => {
    const gs = plannedGrants(cases.bare);
    assert.ok(gs.every((g) => g.principal === "workspaceIdentity"));
    assert.ok(!gs.some((g) => ["dataLake", "blob"].includes(g.scope)));
  });
});
