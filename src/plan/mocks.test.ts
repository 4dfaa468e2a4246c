import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { synthesizeRequests } from "../../test/support/isolatedSynth";
import { loadConfig, resourceNames } from "../config";
import { MOCK_CLIENT, MockRuntime } from "./mocks";
import { ARM_TYPES, armId } from "./resourceTypes";
import { type Plan, type PlanResource, REDACTED, redact } from "./synth";

const GUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const SUB = `/subscriptions/${GUID}`;
const RG = `${SUB}/resourceGroups/rg-[a-z0-9]+`;
const NET = `${RG}/providers/Microsoft\\.Network`;
const ZONE = "privatelink\\.[a-z0-9.-]+";
const STORAGE = `${RG}/providers/Microsoft\\.Storage/storageAccounts/[a-z0-9]{3,24}`;
const MLW = `${RG}/providers/Microsoft\\.MachineLearningServices/workspaces/mlw-[a-z0-9]+-[0-9a-f]{6}`;
const SQL = `${RG}/providers/Microsoft\\.Sql/servers/sql-[a-z0-9]+-[0-9a-f]{6}`;
const VM = `${RG}/providers/Microsoft\\.Compute/virtualMachines/vm-[a-z0-9]+-jump`;
const re = (body: string) => new RegExp(`^${body}$`);

/**
 * The ARM id shape Azure reports for every type token the stack uses. Role assignments are checked separately
 * (their id is under their scope, which can be any resource).
 */
const ID_SHAPES: Readonly<Record<string, RegExp>> = {
  "azure-native:resources:ResourceGroup": re(`${SUB}/resourceGroups/rg-[a-z0-9]+`),
  "azure-native:network:NetworkSecurityGroup": re(`${NET}/networkSecurityGroups/nsg-[a-z0-9]+-[a-z0-9-]+`),
  "azure-native:network:VirtualNetwork": re(`${NET}/virtualNetworks/vnet-[a-z0-9]+`),
  "azure-native:network:PublicIPAddress": re(`${NET}/publicIPAddresses/pip-[a-z0-9-]+`),
  "azure-native:network:NatGateway": re(`${NET}/natGateways/ng-[a-z0-9]+`),
  "azure-native:network:NetworkInterface": re(`${NET}/networkInterfaces/nic-vm-[a-z0-9]+-jump`),
  "azure-native:network:BastionHost": re(`${NET}/bastionHosts/bas-[a-z0-9]+`),
  "azure-native:network:PrivateEndpoint": re(
    `${NET}/privateEndpoints/pe-[a-z0-9-]+-(amlworkspace|blob|file|dfs|vault|registry|sqlserver)`,
  ),
  "azure-native:network:PrivateDnsZoneGroup": re(
    `${NET}/privateEndpoints/pe-[a-z0-9-]+/privateDnsZoneGroups/default`,
  ),
  "azure-native:privatedns:PrivateZone": re(`${NET}/privateDnsZones/${ZONE}`),
  "azure-native:privatedns:VirtualNetworkLink": re(
    `${NET}/privateDnsZones/${ZONE}/virtualNetworkLinks/link-vnet-[a-z0-9]+`,
  ),
  "azure-native:operationalinsights:Workspace": re(
    `${RG}/providers/Microsoft\\.OperationalInsights/workspaces/log-[a-z0-9]+`,
  ),
  "azure-native:applicationinsights:Component": re(
    `${RG}/providers/Microsoft\\.Insights/components/appi-[a-z0-9]+`,
  ),
  "azure-native:storage:StorageAccount": re(STORAGE),
  "azure-native:storage:BlobContainer": re(
    `${STORAGE}/blobServices/default/containers/[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]`,
  ),
  "azure-native:storage:Blob": re(
    `${STORAGE}/blobServices/default/containers/[a-z0-9-]{3,63}/blobs/contacts\\.csv`,
  ),
  "azure-native:keyvault:Vault": re(
    `${RG}/providers/Microsoft\\.KeyVault/vaults/[a-zA-Z](?!.*--)[a-zA-Z0-9-]{1,22}[a-zA-Z0-9]`,
  ),
  "azure-native:containerregistry:Registry": re(
    `${RG}/providers/Microsoft\\.ContainerRegistry/registries/[a-zA-Z0-9]{5,50}`,
  ),
  "azure-native:sql:Server": re(SQL),
  "azure-native:sql:Database": re(`${SQL}/databases/sqldb-[a-z0-9]+`),
  "azure-native:sql:FirewallRule": re(`${SQL}/firewallRules/allowed-\\d+`),
  "azure-native:sql:ServerAzureADAdministrator": re(`${SQL}/administrators/ActiveDirectory`),
  "azure-native:managedidentity:UserAssignedIdentity": re(
    `${RG}/providers/Microsoft\\.ManagedIdentity/userAssignedIdentities/id-[a-z0-9]+-mlw`,
  ),
  "azure-native:authorization:RoleAssignment": re(
    // At a resource, or (the approver before the workspace) at the resource group itself.
    `${RG}(/providers/.+)?/providers/Microsoft\\.Authorization/roleAssignments/${GUID}`,
  ),
  "azure-native:machinelearningservices:Workspace": re(MLW),
  "azure-native:machinelearningservices:Compute": re(`${MLW}/computes/ci-[a-z0-9]+-[0-9a-f]{6}`),
  "azure-native:machinelearningservices:Datastore": re(`${MLW}/datastores/(datalake|blobs)`),
  "azure-native:machinelearningservices:WorkspaceConnection": re(`${MLW}/connections/sqldb`),
  "azure-native:compute:VirtualMachine": re(VM),
  "azure-native:compute:VirtualMachineExtension": re(`${VM}/extensions/[A-Za-z][A-Za-z0-9-]+`),
};

/**
 * One configuration that makes the stack register every type token it knows: public data with SQL and the
 * allowed IPs (deployer blob upload, SQL firewall rules), a workspace private endpoint (zones, links, zone
 * group), and a jump box behind Bastion Standard (public IP, NIC, VM, extensions).
 */
const COVERAGE = {
  preset: "starter",
  allowedIpAddresses: ["203.0.113.7"],
  workspace: { privateEndpoint: true },
  data: { sql: { enabled: true } },
  jumpbox: { enabled: true, bastionSku: "Standard" },
  compute: { instance: { assignedUserObjectId: "11111111-2222-4333-8444-555555555555" } },
} as const;

const ofType = (plan: Plan, type: string) => plan.resources.filter((r) => r.type === type);

describe("ARM_TYPES", () => {
  test("every type token has an id shape in this test (a new type needs one)", () => {
    assert.deepEqual(Object.keys(ID_SHAPES).sort(), Object.keys(ARM_TYPES).sort());
  });

  test("parent keys and fixed segments account for every intermediate segment of the ARM type", () => {
    for (const [token, info] of Object.entries(ARM_TYPES)) {
      if (info.scoped || info.armType === "Microsoft.Resources/resourceGroups") continue;
      const intermediate = info.armType.split("/").length - 2; // minus namespace and the resource's own type
      const fixed = Object.keys(info.fixedSegments ?? {}).length;
      assert.equal((info.parentKeys ?? []).length + fixed, intermediate, token);
    }
  });
});

describe("armId", () => {
  const sub = MOCK_CLIENT.subscriptionId;

  test("a top-level resource is under its resource group", () => {
    assert.equal(
      armId(
        ARM_TYPES["azure-native:storage:StorageAccount"]!,
        { resourceGroupName: "rg-x", accountName: "stx" },
        sub,
      ),
      `/subscriptions/${sub}/resourceGroups/rg-x/providers/Microsoft.Storage/storageAccounts/stx`,
    );
  });

  test("a container is under blobServices/default, a blob under its container", () => {
    const inputs = {
      resourceGroupName: "rg-x",
      accountName: "stx",
      containerName: "data",
      blobName: "a.csv",
    };
    const account = `/subscriptions/${sub}/resourceGroups/rg-x/providers/Microsoft.Storage/storageAccounts/stx`;
    assert.equal(
      armId(ARM_TYPES["azure-native:storage:BlobContainer"]!, inputs, sub),
      `${account}/blobServices/default/containers/data`,
    );
    assert.equal(
      armId(ARM_TYPES["azure-native:storage:Blob"]!, inputs, sub),
      `${account}/blobServices/default/containers/data/blobs/a.csv`,
    );
  });

  test("a zone group is under its private endpoint", () => {
    assert.equal(
      armId(
        ARM_TYPES["azure-native:network:PrivateDnsZoneGroup"]!,
        { resourceGroupName: "rg-x", privateEndpointName: "pe-a-blob", privateDnsZoneGroupName: "default" },
        sub,
      ),
      `/subscriptions/${sub}/resourceGroups/rg-x/providers/Microsoft.Network/privateEndpoints/pe-a-blob/privateDnsZoneGroups/default`,
    );
  });

  test("a role assignment is under its scope, not a resource group", () => {
    const scope = `/subscriptions/${sub}/resourceGroups/rg-x/providers/Microsoft.KeyVault/vaults/kv-x`;
    assert.equal(
      armId(ARM_TYPES["azure-native:authorization:RoleAssignment"]!, { scope, roleAssignmentName: "g" }, sub),
      `${scope}/providers/Microsoft.Authorization/roleAssignments/g`,
    );
  });

  test("a resource group id has no providers segment", () => {
    assert.equal(
      armId(ARM_TYPES["azure-native:resources:ResourceGroup"]!, { resourceGroupName: "rg-x" }, sub),
      `/subscriptions/${sub}/resourceGroups/rg-x`,
    );
  });

  const missing: [string, string, Record<string, unknown>, string][] = [
    ["its own name", "azure-native:storage:StorageAccount", { resourceGroupName: "rg-x" }, "accountName"],
    [
      "an empty name",
      "azure-native:storage:StorageAccount",
      { resourceGroupName: "rg-x", accountName: "" },
      "accountName",
    ],
    [
      "the resource group",
      "azure-native:storage:StorageAccount",
      { accountName: "stx" },
      "resourceGroupName",
    ],
    [
      "a parent name",
      "azure-native:storage:BlobContainer",
      { resourceGroupName: "rg-x", containerName: "c" },
      "accountName",
    ],
    [
      "a second parent name",
      "azure-native:storage:Blob",
      { resourceGroupName: "rg-x", accountName: "a", blobName: "b" },
      "containerName",
    ],
    ["the scope", "azure-native:authorization:RoleAssignment", { roleAssignmentName: "g" }, "scope"],
    [
      "an unresolved output (not a string)",
      "azure-native:sql:Database",
      { resourceGroupName: "rg-x", serverName: {}, databaseName: "d" },
      "serverName",
    ],
  ];
  for (const [what, token, inputs, key] of missing) {
    test(`throws, naming the input, when ${what} is missing`, () => {
      assert.throws(() => armId(ARM_TYPES[token]!, inputs, sub), new RegExp(`input "${key}"`));
    });
  }
});

describe("MockRuntime", () => {
  test("an unmocked invoke throws with its token", () => {
    const runtime = new MockRuntime();
    assert.throws(
      () => runtime.mocks.call({ token: "azure-native:foo:bar", inputs: {} }),
      /unmocked invoke azure-native:foo:bar/,
    );
  });

  test("getClientConfig returns the fake deployer", async () => {
    const runtime = new MockRuntime();
    const out = await runtime.mocks.call({ token: "azure-native:authorization:getClientConfig", inputs: {} });
    assert.deepEqual(out, { ...MOCK_CLIENT });
    for (const v of Object.values(out)) assert.match(String(v), re(GUID));
  });

  test("an unknown resource type throws and records nothing", () => {
    const runtime = new MockRuntime();
    assert.throws(
      () =>
        runtime.mocks.newResource({
          type: "azure-native:foo:Bar",
          name: "x",
          inputs: { name: "x" },
          custom: true,
        }),
      /no ARM mapping for azure-native:foo:Bar/,
    );
    assert.equal(runtime.resources.length, 0);
  });

  test("a custom resource without its name input throws instead of getting an id with `undefined` in it", () => {
    const runtime = new MockRuntime();
    assert.throws(
      () =>
        runtime.mocks.newResource({
          type: "azure-native:keyvault:Vault",
          name: "kv",
          inputs: { resourceGroupName: "rg-x" },
          custom: true,
        }),
      /input "vaultName"/,
    );
  });

  test("a known resource gets its Azure name and id as outputs, and is recorded", async () => {
    const runtime = new MockRuntime();
    const inputs = { resourceGroupName: "rg-x", resourceName: "id-x-mlw", location: "eastus2" };
    const out = await runtime.mocks.newResource({
      type: "azure-native:managedidentity:UserAssignedIdentity",
      name: "logical",
      inputs,
      custom: true,
    });
    assert.equal(out.state.name, "id-x-mlw");
    assert.equal(out.id, out.state.id);
    assert.match(String(out.id), ID_SHAPES["azure-native:managedidentity:UserAssignedIdentity"]!);
    assert.match(String(out.state.principalId), re(GUID));
    assert.match(String(out.state.clientId), re(GUID));
    assert.notEqual(out.state.principalId, out.state.clientId);
    assert.equal(out.state.location, "eastus2", "inputs are echoed as outputs");
    assert.deepEqual(runtime.resources, [
      {
        type: "azure-native:managedidentity:UserAssignedIdentity",
        name: "logical",
        custom: true,
        id: out.id,
        inputs,
      },
    ]);
  });

  test("components get no id and no state", async () => {
    const runtime = new MockRuntime();
    const out = await runtime.mocks.newResource({
      type: "secure-aml:x:Thing",
      name: "c",
      inputs: {},
      custom: false,
    });
    assert.deepEqual(out, { id: "", state: {} });
    assert.equal(runtime.resources[0]?.custom, false);
  });

  test("generated passwords are deterministic, marked, and remembered as secrets", async () => {
    const a = new MockRuntime();
    const b = new MockRuntime();
    const args = {
      type: "random:index/randomPassword:RandomPassword",
      name: "pw",
      inputs: { length: 32 },
      custom: true,
    };
    const ra = await a.mocks.newResource(args);
    const rb = await b.mocks.newResource(args);
    assert.match(String(ra.state.result), /^MOCK-SECRET-[0-9a-f]{16}$/);
    assert.equal(ra.state.result, rb.state.result);
    assert.deepEqual([...a.secretValues], [ra.state.result]);
  });
});

test("generated key pairs: deterministic, OpenSSH-shaped public key, private parts remembered as secrets", async () => {
  const a = new MockRuntime();
  const b = new MockRuntime();
  const args = {
    type: "tls:index/privateKey:PrivateKey",
    name: "key",
    inputs: { algorithm: "RSA", rsaBits: 4096 },
    custom: true,
  };
  const ra = await a.mocks.newResource(args);
  const rb = await b.mocks.newResource(args);
  assert.deepEqual(ra.state, rb.state);
  const state = ra.state as Record<string, string>;
  // ssh-rsa wire format: length-prefixed "ssh-rsa", exponent 65537, then a 4096-bit modulus (+ sign byte).
  const [kind, b64] = state.publicKeyOpenssh!.trim().split(" ");
  assert.equal(kind, "ssh-rsa");
  const blob = Buffer.from(b64!, "base64");
  const fields: Buffer[] = [];
  for (let at = 0; at < blob.length; ) {
    const len = blob.readUInt32BE(at);
    fields.push(blob.subarray(at + 4, at + 4 + len));
    at += 4 + len;
  }
  assert.deepEqual(
    fields.map((f) => f.length),
    [7, 3, 513],
  );
  assert.equal(fields[0]!.toString(), "ssh-rsa");
  for (const k of ["privateKeyPem", "privateKeyPemPkcs8", "privateKeyOpenssh"]) {
    assert.match(
      state[k]!,
      /^-----BEGIN [A-Z ]*PRIVATE KEY-----\n[\s\S]+\n-----END [A-Z ]*PRIVATE KEY-----\n$/,
    );
    assert.ok(a.secretValues.has(state[k]!), k);
    assert.ok(state[k]!.includes("MOCK-SECRET-"), k);
  }
  assert.ok(!a.secretValues.has(state.publicKeyOpenssh!));
  assert.equal(a.resources[0]?.id, "key");
});

describe("redact", () => {
  const secrets = new Set(["MOCK-SECRET-0123456789abcdef"]);

  test("replaces a secret value anywhere: nested, in arrays, inside longer strings", () => {
    const value = {
      a: { b: ["x", "MOCK-SECRET-0123456789abcdef"] },
      script: "echo MOCK-SECRET-0123456789abcdef > /tmp/p",
      keep: "MOCK-SECRET-other",
    };
    assert.deepEqual(redact(value, secrets), {
      a: { b: ["x", REDACTED] },
      script: REDACTED,
      keep: "MOCK-SECRET-other",
    });
  });

  test("replaces values of keys ending in password or secret, in any case", () => {
    const value = {
      osProfile: { adminPassword: "hunter2", adminUsername: "azureuser" },
      clientSecret: "s3cr3t",
      PASSWORD: 42,
      sharedSecret: true,
    };
    assert.deepEqual(redact(value, secrets), {
      osProfile: { adminPassword: REDACTED, adminUsername: "azureuser" },
      clientSecret: REDACTED,
      PASSWORD: REDACTED,
      sharedSecret: REDACTED,
    });
  });

  test("keeps keys that merely contain password or secret", () => {
    const value = {
      linuxConfiguration: { disablePasswordAuthentication: false },
      passwordLength: 32,
      secretName: "kv-secret-name",
      enableSecretRotation: true,
    };
    assert.deepEqual(redact(value, secrets), value);
  });

  test("leaves undefined and null alone and does not mutate its input", () => {
    const value = { adminPassword: undefined, other: null, list: [{ adminPassword: "x" }] };
    const copy = structuredClone(value);
    assert.deepEqual(redact(value, secrets), {
      adminPassword: undefined,
      other: null,
      list: [{ adminPassword: REDACTED }],
    });
    assert.deepEqual(value, copy);
  });
});

describe("synthesis on the mock runtime", () => {
  let plan: Plan;
  let again: Plan;
  const { config } = loadConfig({ raw: COVERAGE });
  const names = resourceNames(config, MOCK_CLIENT.subscriptionId);

  // A registration the mock rejects leaves outputs pending forever; the timeout turns that hang into a failure.
  before(
    async () => {
      // Twice in one process: a name, id or GUID that depended on anything but the config would differ.
      const outcomes = await synthesizeRequests([{ config }, { config }]);
      [plan, again] = outcomes.map((o) => {
        assert.ok(o.ok, o.ok ? "" : o.error);
        return o.plan;
      }) as [Plan, Plan];
    },
    { timeout: 120_000 },
  );

  // Generated credentials (random passwords, tls keys) and time waits are not Azure resources.
  const custom = () => plan.resources.filter((r) => r.id !== "" && !/^(random|tls|time):/.test(r.type));
  const byId = () => new Map(custom().map((r) => [r.id, r]));

  test("the coverage config registers every type in ARM_TYPES", () => {
    const seen = new Set(custom().map((r) => r.type));
    assert.deepEqual([...seen].sort(), Object.keys(ARM_TYPES).sort());
  });

  test("every id has the ARM shape of its type", () => {
    for (const r of custom()) {
      const shape = ID_SHAPES[r.type];
      assert.ok(shape, `no id shape for ${r.type}`);
      assert.match(r.id, shape, `${r.type} ${r.name}`);
    }
  });

  test("every id is in the mock subscription and the stack's resource group", () => {
    const prefix = `/subscriptions/${MOCK_CLIENT.subscriptionId}/resourceGroups/${names.resourceGroup}`;
    for (const r of custom())
      assert.ok(r.id === prefix || r.id.startsWith(`${prefix}/`), `${r.name}: ${r.id}`);
  });

  test("ids are unique", () => {
    const ids = custom().map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length);
  });

  test("the id ends with the Azure name the resource was given", () => {
    for (const r of custom()) {
      const key = ARM_TYPES[r.type]!.nameKey;
      assert.ok(
        r.id.endsWith(`/${String(r.inputs[key])}`),
        `${r.name}: ${r.id} vs ${key}=${String(r.inputs[key])}`,
      );
    }
  });

  test("chained names resolve: inputs that take another resource's name carry the Azure name", () => {
    // Without a mocked `name` output these would be undefined (pulumi-notes §0.5) and armId would throw.
    for (const r of custom().filter((r) => r.type !== "azure-native:resources:ResourceGroup")) {
      if ("resourceGroupName" in r.inputs)
        assert.equal(r.inputs.resourceGroupName, names.resourceGroup, r.name);
    }
    const container = ofType(plan, "azure-native:storage:BlobContainer").find(
      (r) => r.inputs.containerName === "data",
    )!;
    assert.equal(container.inputs.accountName, names.dataLake);
  });

  test("a zone group's id is under its own private endpoint's id", () => {
    const groups = ofType(plan, "azure-native:network:PrivateDnsZoneGroup");
    assert.ok(groups.length > 0);
    const endpoints = ofType(plan, "azure-native:network:PrivateEndpoint");
    for (const g of groups) {
      const pe = endpoints.find((e) => e.inputs.privateEndpointName === g.inputs.privateEndpointName);
      assert.ok(pe, `no endpoint for ${g.name}`);
      assert.equal(g.id, `${pe.id}/privateDnsZoneGroups/default`);
    }
  });

  test("a role assignment's id is under its scope, and its scope is a resource of the plan", () => {
    const ids = byId();
    const assignments = ofType(plan, "azure-native:authorization:RoleAssignment");
    assert.ok(assignments.length > 0);
    for (const ra of assignments) {
      const scope = String(ra.inputs.scope);
      assert.ok(ids.has(scope), `${ra.name}: scope ${scope} is not in the plan`);
      assert.equal(
        ra.id,
        `${scope}/providers/Microsoft.Authorization/roleAssignments/${String(ra.inputs.roleAssignmentName)}`,
      );
      assert.match(String(ra.inputs.roleAssignmentName), re(GUID));
    }
  });

  test("a blob container's id is under blobServices/default of its account", () => {
    const accounts = ofType(plan, "azure-native:storage:StorageAccount");
    for (const c of ofType(plan, "azure-native:storage:BlobContainer")) {
      const account = accounts.find((a) => a.inputs.accountName === c.inputs.accountName);
      assert.ok(account, c.name);
      assert.equal(c.id, `${account.id}/blobServices/default/containers/${String(c.inputs.containerName)}`);
    }
  });

  test("computed outputs flow: each managed identity's principal id is recorded and reaches its role assignments", () => {
    const identity = ofType(plan, "azure-native:managedidentity:UserAssignedIdentity")[0]!;
    const vm = ofType(plan, "azure-native:compute:VirtualMachine")[0]!;
    const recorded = plan.principals ?? {};
    assert.deepEqual(Object.keys(recorded).sort(), [identity.id, vm.id].sort());
    for (const p of Object.values(recorded)) {
      assert.match(p, re(GUID));
      assert.notEqual(p, MOCK_CLIENT.objectId);
    }
    assert.notEqual(recorded[identity.id], recorded[vm.id]);
    const servicePrincipals = ofType(plan, "azure-native:authorization:RoleAssignment").filter(
      (r) => r.inputs.principalType === "ServicePrincipal",
    );
    assert.ok(servicePrincipals.length >= 1);
    for (const r of servicePrincipals) assert.equal(r.inputs.principalId, recorded[identity.id], r.name);
  });

  test("no secret value, mock password or private key reaches the plan", () => {
    const text = JSON.stringify(plan);
    assert.ok(!text.includes("MOCK-SECRET"), "a generated password or key leaked into the plan");
    assert.ok(!text.includes("PRIVATE KEY"), "a private key leaked into the plan");
    // The Linux jump box gets only the public half of its generated key.
    const vm = ofType(plan, "azure-native:compute:VirtualMachine")[0]!;
    const os = vm.inputs.osProfile as { adminPassword?: string; linuxConfiguration: Record<string, unknown> };
    assert.equal(os.adminPassword, undefined);
    const [key] = (os.linuxConfiguration.ssh as { publicKeys: { keyData: string }[] }).publicKeys;
    assert.match(key!.keyData, /^ssh-rsa /);
  });

  test("the same config gives the same plan (stable names, ids and role assignment GUIDs)", () => {
    const strip = (p: Plan) =>
      p.resources.map((r: PlanResource) => [r.type, r.name, r.parent, r.id, r.inputs]);
    const sort = (rows: unknown[][]) => rows.sort((a, b) => `${a[0]}${a[1]}`.localeCompare(`${b[0]}${b[1]}`));
    assert.deepEqual(sort(strip(again)), sort(strip(plan)));
  });
});

test("a mock failure rejects runtime.failure, so synthesis fails instead of hanging", async () => {
  const runtime = new MockRuntime();
  assert.throws(() =>
    runtime.mocks.newResource({ type: "azure-native:foo:Bar", name: "x", inputs: {}, custom: true } as never),
  );
  await assert.rejects(runtime.failure, /no ARM mapping for azure-native:foo:Bar/);
});
