import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { plansFor } from "../../test/support/plans";
import { underStryker } from "../../test/support/stryker";
import { type Config, type LoadedConfig, resourceNames } from "../config";
import { ROLES } from "../model/roles";
import { MOCK_CLIENT } from "../plan/mocks";
import type { Plan, PlanResource } from "../plan/synth";
import { REDACTED } from "../plan/synth";
import { type GrantPrincipal, type GrantScope, plannedGrants } from "./grants";

/*
 * The security posture of the whole stack, per preset, read from what the stack would register (the inputs the
 * mock runtime recorded). Five syntheses, one per case, run once in `before`; every test below only reads them.
 */

type Json = Record<string, unknown>;
type CaseName = "starter" | "private" | "locked-down" | "public-sql-standard-bastion" | "usgov-own-vnet";

const ALLOWED_IPS = ["203.0.113.7", "198.51.100.0/24", "192.0.2.10/32"];
const ASSIGNED_USER = "11111111-2222-4333-8444-555555555555";
const DATA_SCIENTISTS = "66666666-7777-4888-9999-aaaaaaaaaaaa";
const EXTERNAL_LAKE = `/subscriptions/${MOCK_CLIENT.subscriptionId}/resourceGroups/rg-shared/providers/Microsoft.Storage/storageAccounts/stshared`;
const LOCKED_DOWN_FQDNS = [
  "pypi.org",
  "*.pythonhosted.org",
  "anaconda.com",
  "*.anaconda.com",
  "*.anaconda.org",
];

/** Private endpoints by target (a key of ResourceNames) and group id. */
const ALL_PRIVATE_ENDPOINTS = [
  "storage/blob",
  "storage/file",
  "keyVault/vault",
  "registry/registry",
  "dataLake/dfs",
  "dataLake/blob",
  "blob/blob",
  "workspace/amlworkspace",
];

interface Expect {
  readonly workspaceAccess: "Enabled" | "Disabled";
  readonly isolationMode: Config["workspace"]["isolationMode"];
  readonly dependenciesPublic: boolean;
  readonly dataPublic: boolean;
  readonly jumpbox?: { os: "linux" | "windows"; bastion: "Developer" | "Standard" };
  readonly sql: boolean;
  readonly fqdnRules: readonly string[];
  /** The managed VNet private endpoint rules the stack adds for its own stores. */
  readonly storeRules: readonly ("datalake" | "datalake-blob" | "blobstore" | "sqlserver")[];
  /**
   * Whether the stack adds managed VNet rules to the workspace's own storage, Key Vault and registry: only when
   * they are public-but-firewalled under AllowInternetOutbound, where Azure creates none (facts §1.3).
   */
  readonly defaultResourceRules: boolean;
  readonly subnets: readonly string[];
  readonly publicIps: readonly string[];
  /** `<ResourceNames key>/<group id>` of every private endpoint in the customer VNet. */
  readonly privateEndpoints: readonly string[];
  readonly remainingSteps: readonly RegExp[];
  readonly assignedUser: boolean;
}

const CASES: Readonly<Record<CaseName, { raw: Json; expect: Expect }>> = {
  starter: {
    raw: { preset: "starter", allowedIpAddresses: ALLOWED_IPS },
    expect: {
      workspaceAccess: "Enabled",
      isolationMode: "AllowInternetOutbound",
      dependenciesPublic: true,
      dataPublic: true,
      sql: false,
      fqdnRules: [],
      storeRules: ["datalake", "datalake-blob", "blobstore"],
      defaultResourceRules: true,
      subnets: ["snet-private-endpoints"],
      publicIps: [],
      privateEndpoints: [],
      remainingSteps: [/other people/],
      assignedUser: false,
    },
  },
  private: {
    raw: { preset: "private" },
    expect: {
      workspaceAccess: "Disabled",
      isolationMode: "AllowInternetOutbound",
      dependenciesPublic: false,
      dataPublic: false,
      jumpbox: { os: "linux", bastion: "Developer" },
      sql: false,
      fqdnRules: [],
      storeRules: ["datalake", "datalake-blob", "blobstore"],
      defaultResourceRules: false,
      subnets: ["snet-private-endpoints", "snet-jumpbox"],
      publicIps: ["pip-secureaml-nat"],
      privateEndpoints: ALL_PRIVATE_ENDPOINTS,
      remainingSteps: [/other people/],
      assignedUser: false,
    },
  },
  "locked-down": {
    raw: { preset: "locked-down" },
    expect: {
      workspaceAccess: "Disabled",
      isolationMode: "AllowOnlyApprovedOutbound",
      dependenciesPublic: false,
      dataPublic: false,
      jumpbox: { os: "linux", bastion: "Developer" },
      sql: true,
      fqdnRules: LOCKED_DOWN_FQDNS,
      storeRules: ["datalake", "datalake-blob", "blobstore", "sqlserver"],
      defaultResourceRules: false,
      subnets: ["snet-private-endpoints", "snet-jumpbox"],
      publicIps: ["pip-secureaml-nat"],
      privateEndpoints: [...ALL_PRIVATE_ENDPOINTS, "sqlServer/sqlServer"],
      remainingSteps: [/other people/, /SQL database/],
      assignedUser: false,
    },
  },
  // Public stores with SQL (firewall rules), a Windows jump box behind Bastion Standard, an assigned user and a
  // user-defined private endpoint rule to a store outside the stack.
  "public-sql-standard-bastion": {
    raw: {
      preset: "starter",
      allowedIpAddresses: ALLOWED_IPS,
      workspace: {
        outboundRules: {
          "ext-lake": { type: "PrivateEndpoint", serviceResourceId: EXTERNAL_LAKE, subresourceTarget: "dfs" },
        },
        dataScientists: DATA_SCIENTISTS,
      },
      data: { sql: { enabled: true } },
      jumpbox: { enabled: true, os: "windows", bastionSku: "Standard" },
      compute: { instance: { assignedUserObjectId: ASSIGNED_USER } },
    },
    expect: {
      workspaceAccess: "Enabled",
      isolationMode: "AllowInternetOutbound",
      dependenciesPublic: true,
      dataPublic: true,
      jumpbox: { os: "windows", bastion: "Standard" },
      sql: true,
      fqdnRules: [],
      storeRules: ["datalake", "datalake-blob", "blobstore", "sqlserver"],
      defaultResourceRules: true,
      subnets: ["snet-private-endpoints", "snet-jumpbox", "AzureBastionSubnet"],
      publicIps: ["pip-secureaml-nat", "pip-bas-secureaml"],
      privateEndpoints: [],
      remainingSteps: [/other people/, /SQL database/],
      assignedUser: true,
    },
  },
  // Everything private in the US Government cloud, with the workspace in the customer VNet (no managed VNet).
  "usgov-own-vnet": {
    raw: { preset: "private", cloud: "AzureUSGovernment", workspace: { isolationMode: "Disabled" } },
    expect: {
      workspaceAccess: "Disabled",
      isolationMode: "Disabled",
      dependenciesPublic: false,
      dataPublic: false,
      jumpbox: { os: "linux", bastion: "Developer" },
      sql: false,
      fqdnRules: [],
      storeRules: [],
      defaultResourceRules: false,
      subnets: ["snet-private-endpoints", "snet-jumpbox", "snet-compute"],
      publicIps: ["pip-secureaml-nat"],
      privateEndpoints: ALL_PRIVATE_ENDPOINTS,
      remainingSteps: [/other people/],
      assignedUser: false,
    },
  },
};

const CASE_NAMES = Object.keys(CASES) as CaseName[];

/** Everything about one case: the config, its synthesized plan and derived names. */
interface Synth {
  readonly loaded: LoadedConfig;
  readonly config: Config;
  readonly names: ReturnType<typeof resourceNames>;
  readonly plan: Plan;
  readonly expect: Expect;
}

const synths = {} as Record<CaseName, Synth>;
let synthMs = 0;

// A registration the mock rejects leaves outputs pending forever; the timeout turns that hang into a failure.
before(
  async () => {
    const started = Date.now();
    const fixtures = await plansFor(...CASE_NAMES.map((name) => ({ raw: CASES[name].raw })));
    for (const [i, name] of CASE_NAMES.entries()) {
      const { loaded, plan } = fixtures[i]!;
      synths[name] = {
        loaded,
        config: loaded.config,
        names: resourceNames(loaded.config, MOCK_CLIENT.subscriptionId),
        plan,
        expect: CASES[name].expect,
      };
    }
    synthMs = Date.now() - started;
  },
  { timeout: 180_000 },
);

/** Runs `fn` as one test per case (optionally only the cases `when` selects). */
function perCase(
  title: string,
  fn: (s: Synth, name: CaseName) => void,
  when: (e: Expect) => boolean = () => true,
) {
  for (const name of CASE_NAMES) {
    if (!when(CASES[name].expect)) continue;
    test(`${name}: ${title}`, () => fn(synths[name], name));
  }
}

// --- plan helpers -------------------------------------------------------------------------------------------

const all = (s: Synth, type: string): PlanResource[] =>
  s.plan.resources.filter((r) => r.type === `azure-native:${type}`);
function only(s: Synth, type: string): PlanResource {
  const found = all(s, type);
  assert.equal(found.length, 1, `expected one ${type}, found ${found.length}`);
  return found[0]!;
}
/** The resource of a type with a given Azure name (the value of its name input). */
function named(s: Synth, type: string, key: string, value: string): PlanResource {
  const r = all(s, type).find((x) => x.inputs[key] === value);
  assert.ok(r, `no ${type} with ${key}=${value}`);
  return r;
}
const obj = (v: unknown): Json => (v ?? {}) as Json;
const list = <T = Json>(v: unknown): T[] => (v ?? []) as T[];
const ids = (s: Synth) => new Map(s.plan.resources.filter((r) => r.id !== "").map((r) => [r.id, r]));

const storageAccount = (s: Synth, accountName: string) =>
  named(s, "storage:StorageAccount", "accountName", accountName);
const vnet = (s: Synth) => only(s, "network:VirtualNetwork");
const subnets = (s: Synth) => list(vnet(s).inputs.subnets);
const workspace = (s: Synth) => only(s, "machinelearningservices:Workspace");
const identity = (s: Synth) => only(s, "managedidentity:UserAssignedIdentity");
const roleAssignments = (s: Synth) => all(s, "authorization:RoleAssignment");
/** The compute instance (the plan may also hold the image build cluster). */
function computeInstance(s: Synth): PlanResource {
  const found = all(s, "machinelearningservices:Compute").filter(
    (r) => obj(r.inputs.properties).computeType === "ComputeInstance",
  );
  assert.equal(found.length, 1, `expected one compute instance, found ${found.length}`);
  return found[0]!;
}
/** The principal id the mock runtime computed for a managed identity's owner (by its ARM id). */
function principalOf(s: Synth, ownerId: string): string {
  const principal = s.plan.principals?.[ownerId];
  assert.ok(principal, `no principal for ${ownerId}`);
  return principal;
}
/** The principal id of the workspace's user-assigned identity. */
const uaiPrincipal = (s: Synth) => principalOf(s, identity(s).id);
const roleOf = (ra: PlanResource) => String(ra.inputs.roleDefinitionId).split("/").pop();

/** Ids of the data stores (lake, blob account, SQL server) of a plan. */
function dataStoreIds(s: Synth): string[] {
  const out: string[] = [];
  if (s.config.data.dataLake.enabled) out.push(storageAccount(s, s.names.dataLake).id);
  if (s.config.data.blob.enabled) out.push(storageAccount(s, s.names.blob).id);
  if (s.config.data.sql.enabled) out.push(only(s, "sql:Server").id);
  return out;
}

const ROLE = {
  owner: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
  contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
  userAccessAdministrator: "18d7d88d-4d85-4ba3-a115-1ddd9bbf6bf9",
  storageBlobDataOwner: "b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
  storageBlobDataContributor: "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
  storageBlobDataReader: "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1",
  keyVaultAdministrator: "00482a5a-887f-4fb3-b363-3b7fe8e74483",
  networkConnectionApprover: "b556d68e-0be0-4f35-a333-ad7ee1ce17ea",
  azureMlDataScientist: "f6c7c914-8db3-469d-8ca1-694a8f32e121",
  virtualMachineUserLogin: "fb879df8-f326-4884-b1cf-06f3ad86be52",
  storageFileDataPrivilegedContributor: "69566ab7-960f-475b-8e7c-b3118f30c6bd",
  reader: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
} as const;

interface NsgRule {
  name: string;
  priority: number;
  direction: string;
  access: string;
  protocol: string;
  sourceAddressPrefix: string;
  destinationAddressPrefix: string;
  destinationPortRanges: string[];
}
const rulesOf = (nsg: PlanResource) => list<NsgRule>(nsg.inputs.securityRules);
const INTERNET_SOURCES = new Set(["internet", "*", "any", "0.0.0.0/0", "0.0.0.0"]);
function coversPort(ranges: readonly string[], port: number): boolean {
  return ranges.some((r) => {
    if (r === "*") return true;
    const [lo, hi = lo] = r.split("-").map(Number);
    return lo! <= port && port <= hi!;
  });
}
/** The NSG attached to a subnet. */
function nsgOf(s: Synth, subnetName: string): PlanResource {
  const subnet = subnets(s).find((x) => x.name === subnetName);
  assert.ok(subnet, `no subnet ${subnetName}`);
  const nsg = ids(s).get(String(obj(subnet.networkSecurityGroup).id));
  assert.ok(
    nsg && nsg.type === "azure-native:network:NetworkSecurityGroup",
    `subnet ${subnetName} has no NSG of the plan`,
  );
  return nsg;
}

/** Every key path of a value, for "this key appears nowhere" checks. */
function keysDeep(v: unknown, prefix = ""): string[] {
  if (Array.isArray(v)) return v.flatMap((x, i) => keysDeep(x, `${prefix}[${i}]`));
  if (v && typeof v === "object") {
    return Object.entries(v).flatMap(([k, x]) => [`${prefix}.${k}`, ...keysDeep(x, `${prefix}.${k}`)]);
  }
  return [];
}

/** Expected private DNS zones per cloud and group id, written out independently of src/infra/dnsZones.ts. */
const ZONES: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  AzureCloud: {
    amlworkspace: ["privatelink.api.azureml.ms", "privatelink.notebooks.azure.net"],
    blob: ["privatelink.blob.core.windows.net"],
    file: ["privatelink.file.core.windows.net"],
    dfs: ["privatelink.dfs.core.windows.net"],
    vault: ["privatelink.vaultcore.azure.net"],
    registry: ["privatelink.azurecr.io"],
    sqlServer: ["privatelink.database.windows.net"],
  },
  AzureUSGovernment: {
    amlworkspace: ["privatelink.api.ml.azure.us", "privatelink.notebooks.usgovcloudapi.net"],
    blob: ["privatelink.blob.core.usgovcloudapi.net"],
    file: ["privatelink.file.core.usgovcloudapi.net"],
    dfs: ["privatelink.dfs.core.usgovcloudapi.net"],
    vault: ["privatelink.vaultcore.usgovcloudapi.net"],
    registry: ["privatelink.azurecr.us"],
    sqlServer: ["privatelink.database.usgovcloudapi.net"],
  },
};

// --- tests -------------------------------------------------------------------------------------------------

describe("synthesis", () => {
  test("every case synthesizes with no error and its expected warnings only", (t) => {
    for (const name of CASE_NAMES) {
      const codes = synths[name].loaded.warnings.map((w) => w.code);
      // The default workload name warns until the user picks their own; nothing else may.
      assert.equal(codes.includes("default-name"), synths[name].config.name === "secureaml", name);
      assert.deepEqual(
        codes.filter((c) => c !== "default-name"),
        name === "locked-down" ? ["firewall-cost"] : [],
        name,
      );
      assert.ok(synths[name].plan.resources.length > 30, name);
    }
    // Reported so the suite's cost stays visible.
    t.diagnostic(`${CASE_NAMES.length} syntheses took ${synthMs} ms`);
    // Mutation testing instruments every line: only an uninstrumented run is held to the budget.
    if (!underStryker()) assert.ok(synthMs < 60_000, `synthesis took ${synthMs} ms`);
  });
});

describe("structure", () => {
  perCase("the root is the only resource without a parent", (s) => {
    const roots = s.plan.resources.filter((r) => r.parent === null);
    assert.deepEqual(
      roots.map((r) => [r.type, r.name]),
      [["secure-aml:stack:SecureAml", s.config.name]],
    );
  });

  perCase("every parent is a secure-aml component of the plan, and names derive from it", (s) => {
    const components = new Map(
      s.plan.resources.filter((r) => r.type.startsWith("secure-aml:")).map((r) => [r.name, r] as const),
    );
    for (const r of s.plan.resources.filter((x) => x.parent !== null)) {
      const parent = components.get(r.parent!);
      assert.ok(parent, `${r.type} ${r.name}: parent ${r.parent} is not a component`);
      assert.match(parent.type, /^secure-aml:[a-z]+:[A-Z][A-Za-z]+$/);
      assert.equal(parent.id, "", `${parent.name} is a component, it has no Azure id`);
      assert.ok(
        r.name.startsWith(`${r.parent}-`),
        `${r.name} does not start with its parent's name ${r.parent}`,
      );
    }
  });

  perCase("logical names are unique per type", (s) => {
    const keys = s.plan.resources.map((r) => `${r.type}::${r.name}`);
    assert.equal(new Set(keys).size, keys.length);
  });

  perCase(
    "every located resource is in the configured region (or global) and carries the stack tags",
    (s) => {
      const located = s.plan.resources.filter((r) => r.inputs.location !== undefined);
      assert.ok(located.length > 10);
      for (const r of located) {
        assert.ok(
          [s.config.location, "global"].includes(String(r.inputs.location)),
          `${r.name}: ${r.inputs.location}`,
        );
        assert.deepEqual(
          { workload: obj(r.inputs.tags).workload, managedBy: obj(r.inputs.tags)["managed-by"] },
          { workload: s.config.name, managedBy: "secure-aml" },
          r.name,
        );
      }
    },
  );
});

describe("network", () => {
  perCase("subnets: the ones the config needs, each with an NSG and no default outbound access", (s) => {
    assert.deepEqual(
      subnets(s).map((x) => x.name),
      [...s.expect.subnets],
    );
    const nsgIds = new Set(all(s, "network:NetworkSecurityGroup").map((n) => n.id));
    const attached: string[] = [];
    for (const subnet of subnets(s)) {
      const nsgId = String(obj(subnet.networkSecurityGroup).id);
      assert.ok(nsgIds.has(nsgId), `${String(subnet.name)}: NSG ${nsgId} is not in the plan`);
      assert.equal(subnet.defaultOutboundAccess, false, String(subnet.name));
      attached.push(nsgId);
    }
    assert.deepEqual(attached.sort(), [...nsgIds].sort(), "every NSG is attached to exactly one subnet");
  });

  perCase(
    "no inbound allow from the internet, except Bastion's documented 443 on AzureBastionSubnet",
    (s) => {
      for (const subnet of subnets(s)) {
        for (const rule of rulesOf(nsgOf(s, String(subnet.name)))) {
          if (rule.direction !== "Inbound" || rule.access !== "Allow") continue;
          if (!INTERNET_SOURCES.has(rule.sourceAddressPrefix.toLowerCase())) continue;
          assert.equal(
            subnet.name,
            "AzureBastionSubnet",
            `${String(subnet.name)}: ${rule.name} allows the internet in`,
          );
          assert.deepEqual(
            [rule.name, rule.protocol, rule.destinationPortRanges],
            ["AllowHttpsInbound", "Tcp", ["443"]],
          );
        }
      }
    },
  );

  perCase(
    "SSH and RDP are reachable only from Bastion: AzureBastionSubnet, or Azure's platform address for Developer",
    (s) => {
      // Bastion Developer connects from 168.63.129.16 (learn.microsoft.com/azure/bastion/quickstart-developer).
      const bastionSource =
        s.expect.jumpbox?.bastion === "Developer" ? "168.63.129.16" : s.config.network.subnets.bastion;
      let allows = 0;
      for (const nsg of all(s, "network:NetworkSecurityGroup")) {
        for (const rule of rulesOf(nsg)) {
          if (rule.direction !== "Inbound" || rule.access !== "Allow") continue;
          if (!coversPort(rule.destinationPortRanges, 22) && !coversPort(rule.destinationPortRanges, 3389))
            continue;
          allows++;
          assert.equal(rule.sourceAddressPrefix, bastionSource, `${nsg.name}: ${rule.name}`);
          // The allow outranks the internet deny, or it would never apply.
          assert.ok(rule.priority < 4000, `${nsg.name}: ${rule.name}`);
        }
      }
      assert.equal(allows, s.expect.jumpbox ? 1 : 0);
    },
  );

  perCase("every workload subnet's NSG ends with an explicit deny of internet inbound", (s) => {
    for (const subnet of subnets(s).filter((x) => x.name !== "AzureBastionSubnet")) {
      const rules = rulesOf(nsgOf(s, String(subnet.name)));
      const deny = rules.find((r) => r.name === "DenyInternetInbound");
      assert.ok(deny, String(subnet.name));
      assert.deepEqual(
        [deny.direction, deny.access, deny.sourceAddressPrefix, deny.destinationPortRanges],
        ["Inbound", "Deny", "Internet", ["0-65535"]],
      );
      // "Ends with": the lowest precedence of the subnet's inbound rules (the highest priority number, within
      // the 100-4096 Azure accepts: learn.microsoft.com/azure/virtual-network/network-security-groups-overview),
      // so that every allow above it is evaluated first. The number itself is free.
      const inbound = rules.filter((r) => r.direction === "Inbound" && r !== deny);
      for (const r of inbound)
        assert.ok(r.priority < deny.priority, `${String(subnet.name)}: ${r.name} comes after the deny`);
      assert.ok(deny.priority >= 100 && deny.priority <= 4096, `priority ${deny.priority}`);
      const priorities = rules.filter((r) => r.direction === "Inbound").map((r) => r.priority);
      assert.equal(new Set(priorities).size, priorities.length, "inbound priorities are unique");
    }
  });

  // A compute instance in a customer VNet is created, updated and deleted by Azure ML through these inbound
  // flows (learn.microsoft.com/azure/machine-learning/how-to-access-azureml-behind-firewall, "Required public
  // internet access"): the compute subnet's NSG must let them in ahead of its internet deny.
  test("usgov-own-vnet: the compute subnet's NSG allows Azure ML and Batch node management in, before the deny", () => {
    const rules = rulesOf(nsgOf(synths["usgov-own-vnet"], "snet-compute"));
    const deny = rules.find((r) => r.name === "DenyInternetInbound");
    assert.ok(deny);
    const allows = (tag: string, port: number) =>
      rules.some(
        (r) =>
          r.direction === "Inbound" &&
          r.access === "Allow" &&
          ["Tcp", "*"].includes(r.protocol) &&
          r.sourceAddressPrefix === tag &&
          coversPort(r.destinationPortRanges, port) &&
          r.priority < deny.priority,
      );
    assert.ok(allows("AzureMachineLearning", 44224), "AzureMachineLearning TCP 44224");
    assert.ok(allows("BatchNodeManagement", 29876), "BatchNodeManagement TCP 29876");
    assert.ok(allows("BatchNodeManagement", 29877), "BatchNodeManagement TCP 29877");
    // ... and nothing else from a service tag or the internet.
    const fromOutside = rules.filter(
      (r) => r.direction === "Inbound" && r.access === "Allow" && !/^\d/.test(r.sourceAddressPrefix),
    );
    assert.deepEqual(fromOutside.map((r) => r.sourceAddressPrefix).sort(), [
      "AzureMachineLearning",
      "BatchNodeManagement",
    ]);
  });

  perCase("public IPs: only for the NAT gateway and a Basic/Standard Bastion, never on a NIC", (s) => {
    const pips = all(s, "network:PublicIPAddress");
    assert.deepEqual(pips.map((p) => p.inputs.publicIpAddressName).sort(), [...s.expect.publicIps].sort());
    const users = [
      ...all(s, "network:NatGateway").flatMap((n) =>
        list(n.inputs.publicIpAddresses).map((p) => String(p.id)),
      ),
      ...all(s, "network:BastionHost").flatMap((b) =>
        list(b.inputs.ipConfigurations).map((c) => String(obj(c.publicIPAddress).id)),
      ),
    ];
    assert.deepEqual(users.sort(), pips.map((p) => p.id).sort());
    for (const nic of all(s, "network:NetworkInterface")) {
      for (const c of list(nic.inputs.ipConfigurations)) assert.equal(c.publicIPAddress, undefined, nic.name);
    }
  });

  perCase(
    "the NAT gateway gives the jump box its only internet egress; endpoint and Bastion subnets get none",
    (s) => {
      const nat = all(s, "network:NatGateway");
      assert.ok(nat.length <= 1);
      const withNat = subnets(s).filter((x) => x.natGateway !== undefined);
      for (const x of withNat) assert.equal(obj(x.natGateway).id, nat[0]?.id, String(x.name));
      const names = withNat.map((x) => String(x.name));
      assert.ok(
        !names.includes("snet-private-endpoints") && !names.includes("AzureBastionSubnet"),
        names.join(),
      );
      assert.equal(names.includes("snet-jumpbox"), s.expect.jumpbox !== undefined);
      if (nat.length === 1) assert.ok(names.length > 0, "the NAT gateway is attached to no subnet");
    },
  );

  // A no-public-IP compute instance in a customer VNet must reach AzureMachineLearning, BatchNodeManagement,
  // AzureActiveDirectory and AzureResourceManager (facts §1.3): the NAT gateway serves its subnet too.
  test("usgov-own-vnet: the compute subnet has an outbound path to the Azure ML service tags", () => {
    const compute = subnets(synths["usgov-own-vnet"]).find((x) => x.name === "snet-compute");
    assert.ok(compute);
    assert.ok(compute.natGateway !== undefined || compute.defaultOutboundAccess !== false);
  });

  perCase(
    "Bastion Developer: no public IP, no AzureBastionSubnet, attached to the VNet",
    (s) => {
      const bastion = only(s, "network:BastionHost");
      assert.equal(obj(bastion.inputs.sku).name, "Developer");
      assert.equal(obj(bastion.inputs.virtualNetwork).id, vnet(s).id);
      assert.equal(bastion.inputs.ipConfigurations, undefined);
      assert.ok(!subnets(s).some((x) => x.name === "AzureBastionSubnet"));
      assert.ok(
        !all(s, "network:PublicIPAddress").some((p) => String(p.inputs.publicIpAddressName).includes("bas")),
      );
    },
    (e) => e.jumpbox?.bastion === "Developer",
  );

  perCase(
    "Bastion Standard: AzureBastionSubnet with the required rules, its own public IP, native client on",
    (s) => {
      const bastion = only(s, "network:BastionHost");
      assert.equal(obj(bastion.inputs.sku).name, "Standard");
      assert.equal(bastion.inputs.enableTunneling, true);
      const [config] = list(bastion.inputs.ipConfigurations);
      assert.equal(obj(config!.subnet).id, `${vnet(s).id}/subnets/AzureBastionSubnet`);
      assert.equal(
        obj(config!.publicIPAddress).id,
        named(s, "network:PublicIPAddress", "publicIpAddressName", "pip-bas-secureaml").id,
      );
      const subnet = subnets(s).find((x) => x.name === "AzureBastionSubnet")!;
      assert.equal(subnet.addressPrefix, s.config.network.subnets.bastion);
      // learn.microsoft.com/azure/bastion/bastion-nsg
      const required: [string, string, string, string, string[]][] = [
        ["Inbound", "Allow", "Internet", "*", ["443"]],
        ["Inbound", "Allow", "GatewayManager", "*", ["443"]],
        ["Inbound", "Allow", "AzureLoadBalancer", "*", ["443"]],
        ["Inbound", "Allow", "VirtualNetwork", "VirtualNetwork", ["8080", "5701"]],
        ["Outbound", "Allow", "*", "VirtualNetwork", ["22", "3389"]],
        ["Outbound", "Allow", "*", "AzureCloud", ["443"]],
        ["Outbound", "Allow", "VirtualNetwork", "VirtualNetwork", ["8080", "5701"]],
        ["Outbound", "Allow", "*", "Internet", ["80"]],
      ];
      const rules = rulesOf(nsgOf(s, "AzureBastionSubnet")).map((r) => [
        r.direction,
        r.access,
        r.sourceAddressPrefix,
        r.destinationAddressPrefix,
        r.destinationPortRanges,
      ]);
      for (const want of required)
        assert.ok(
          rules.some((r) => JSON.stringify(r) === JSON.stringify(want)),
          JSON.stringify(want),
        );
      // The jump box lets Bastion in on the protocol of its OS only.
      const sessions = rulesOf(nsgOf(s, "snet-jumpbox")).find((r) => r.name === "AllowBastionSessions");
      assert.deepEqual(
        [sessions?.sourceAddressPrefix, sessions?.destinationPortRanges],
        [s.config.network.subnets.bastion, [s.expect.jumpbox?.os === "windows" ? "3389" : "22"]],
      );
    },
    (e) => e.jumpbox?.bastion === "Standard",
  );

  perCase(
    "no jump box: no Bastion, NIC, VM or NAT",
    (s) => {
      for (const t of [
        "network:BastionHost",
        "network:NetworkInterface",
        "compute:VirtualMachine",
        "network:NatGateway",
      ]) {
        assert.equal(all(s, t).length, 0, t);
      }
    },
    (e) => e.jumpbox === undefined,
  );
});

describe("storage accounts, Key Vault, Container Registry", () => {
  perCase("every storage account: HTTPS only, TLS 1.2, no public blobs, firewall default Deny", (s) => {
    const accounts = all(s, "storage:StorageAccount");
    assert.equal(accounts.length, 3);
    for (const a of accounts) {
      const i = a.inputs;
      assert.deepEqual(
        [
          i.enableHttpsTrafficOnly,
          i.minimumTlsVersion,
          i.allowBlobPublicAccess,
          i.defaultToOAuthAuthentication,
        ],
        [true, "TLS1_2", false, true],
        a.name,
      );
      assert.equal(obj(i.networkRuleSet).defaultAction, "Deny", a.name);
      assert.equal(obj(i.networkRuleSet).bypass, "AzureServices", a.name);
    }
  });

  perCase(
    "storage public access and IP rules follow the posture (private: none; public: the allowed IPs)",
    (s) => {
      const expectIps = (isPublic: boolean) =>
        isPublic
          ? ALLOWED_IPS.map((ip) => ({ iPAddressOrRange: ip.replace(/\/32$/, ""), action: "Allow" }))
          : [];
      for (const [accountName, isPublic] of [
        [s.names.storage, s.expect.dependenciesPublic],
        [s.names.dataLake, s.expect.dataPublic],
        [s.names.blob, s.expect.dataPublic],
      ] as const) {
        const a = storageAccount(s, accountName);
        assert.equal(a.inputs.publicNetworkAccess, isPublic ? "Enabled" : "Disabled", accountName);
        assert.deepEqual(obj(a.inputs.networkRuleSet).ipRules, expectIps(isPublic), accountName);
      }
    },
  );

  perCase(
    "data accounts: lake has HNS; shared keys only when the deployer uploads the sample over the internet",
    (s) => {
      const lake = storageAccount(s, s.names.dataLake);
      const blob = storageAccount(s, s.names.blob);
      assert.equal(lake.inputs.isHnsEnabled, true);
      assert.equal(blob.inputs.isHnsEnabled, false);
      for (const a of [lake, blob]) assert.equal(a.inputs.allowSharedKeyAccess, s.expect.dataPublic, a.name);
      assert.equal(all(s, "storage:Blob").length, s.expect.dataPublic ? 2 : 0);
      for (const c of all(s, "storage:BlobContainer")) assert.equal(c.inputs.publicAccess, "None", c.name);
    },
  );

  perCase("Key Vault: RBAC, purge protection, soft delete, firewall per posture", (s) => {
    const p = obj(only(s, "keyvault:Vault").inputs.properties);
    assert.deepEqual(
      [p.enableRbacAuthorization, p.enablePurgeProtection, p.enableSoftDelete, p.tenantId],
      [true, true, true, MOCK_CLIENT.tenantId],
    );
    assert.ok(Number(p.softDeleteRetentionInDays) >= 7);
    assert.equal(p.publicNetworkAccess, s.expect.dependenciesPublic ? "Enabled" : "Disabled");
    assert.equal(obj(p.networkAcls).defaultAction, "Deny");
    assert.deepEqual(
      obj(p.networkAcls).ipRules,
      s.expect.dependenciesPublic ? ALLOWED_IPS.map((value) => ({ value })) : [],
    );
  });

  perCase("Container Registry: Premium, no admin user, no anonymous pull, firewall per posture", (s) => {
    const i = only(s, "containerregistry:Registry").inputs;
    assert.deepEqual(
      [obj(i.sku).name, i.adminUserEnabled, i.anonymousPullEnabled],
      ["Premium", false, false],
    );
    assert.equal(i.publicNetworkAccess, s.expect.dependenciesPublic ? "Enabled" : "Disabled");
    assert.equal(obj(i.networkRuleSet).defaultAction, "Deny");
    assert.equal(
      list(obj(i.networkRuleSet).ipRules).length,
      s.expect.dependenciesPublic ? ALLOWED_IPS.length : 0,
    );
  });

  perCase("Application Insights is workspace-based with local auth off", (s) => {
    const appi = only(s, "applicationinsights:Component");
    assert.deepEqual(
      [appi.inputs.ingestionMode, appi.inputs.disableLocalAuth, appi.inputs.workspaceResourceId],
      ["LogAnalytics", true, only(s, "operationalinsights:Workspace").id],
    );
  });
});

describe("workspace", () => {
  perCase("kind Default, its user-assigned identity as primary, identity-based system datastores", (s) => {
    const i = workspace(s).inputs;
    const uai = identity(s).id;
    assert.equal(i.kind, "Default");
    assert.deepEqual(i.identity, { type: "UserAssigned", userAssignedIdentities: [uai] });
    assert.equal(i.primaryUserAssignedIdentity, uai);
    assert.equal(i.systemDatastoresAuthMode, "Identity"); // enums.machinelearningservices.SystemDatastoresAuthMode
    assert.deepEqual(
      [i.storageAccount, i.keyVault, i.containerRegistry, i.applicationInsights],
      [
        storageAccount(s, s.names.storage).id,
        only(s, "keyvault:Vault").id,
        only(s, "containerregistry:Registry").id,
        only(s, "applicationinsights:Component").id,
      ],
    );
  });

  perCase("public network access and managed network mode per preset; provisioned at creation", (s) => {
    const i = workspace(s).inputs;
    const managed = obj(i.managedNetwork);
    assert.equal(i.publicNetworkAccess, s.expect.workspaceAccess);
    assert.equal(managed.isolationMode, s.expect.isolationMode);
    const isManaged = s.expect.isolationMode !== "Disabled";
    assert.equal(i.provisionNetworkNow, isManaged ? true : undefined);
    assert.equal(
      managed.firewallSku,
      s.expect.isolationMode === "AllowOnlyApprovedOutbound" ? "Basic" : undefined,
    );
    if (!isManaged) assert.equal(managed.outboundRules, undefined);
  });

  perCase("image builds run on a CPU cluster that scales to zero when the registry is private", (s) => {
    const clusters = all(s, "machinelearningservices:Compute").filter(
      (r) => obj(r.inputs.properties).computeType === "AmlCompute",
    );
    if (s.expect.dependenciesPublic) {
      assert.equal(workspace(s).inputs.imageBuildCompute, undefined);
      assert.equal(clusters.length, 0);
      return;
    }
    assert.equal(clusters.length, 1);
    const cluster = clusters[0]!;
    assert.equal(workspace(s).inputs.imageBuildCompute, cluster.inputs.computeName);
    assert.equal(cluster.inputs.workspaceName, s.names.workspace);
    const outer = obj(cluster.inputs.properties);
    const p = obj(outer.properties);
    assert.equal(outer.disableLocalAuth, true);
    assert.equal(obj(p.scaleSettings).minNodeCount, 0);
    assert.equal(p.enableNodePublicIp, false);
    assert.equal(p.remoteLoginPortPublicAccess, "Disabled");
    if (s.expect.isolationMode === "Disabled")
      assert.deepEqual(p.subnet, { id: `${vnet(s).id}/subnets/snet-compute` });
    else assert.equal(p.subnet, undefined);
  });

  perCase(
    "private endpoint rules to the data stores: datalake (dfs, Spark), datalake-blob, blobstore (blob), sqlserver",
    (s) => {
      const rules = obj(obj(workspace(s).inputs.managedNetwork).outboundRules);
      const targets: Record<string, [string, string, boolean]> = {
        datalake: [storageAccount(s, s.names.dataLake).id, "dfs", true],
        "datalake-blob": [storageAccount(s, s.names.dataLake).id, "blob", false],
        blobstore: [storageAccount(s, s.names.blob).id, "blob", false],
        sqlserver: [s.expect.sql ? only(s, "sql:Server").id : "", "sqlServer", false],
      };
      const storeRuleNames = Object.keys(rules).filter((n) => n in targets);
      assert.deepEqual(storeRuleNames.sort(), [...s.expect.storeRules].sort());
      for (const name of s.expect.storeRules) {
        const rule = obj(rules[name]);
        const [id, sub, spark] = targets[name]!;
        assert.deepEqual(
          [rule.type, rule.category, rule.destination],
          [
            "PrivateEndpoint",
            "UserDefined",
            { serviceResourceId: id, subresourceTarget: sub, sparkEnabled: spark },
          ],
          name,
        );
      }
    },
  );

  perCase(
    "rules to the default storage (blob, file), Key Vault and registry only when they are firewalled",
    (s) => {
      const rules = obj(obj(workspace(s).inputs.managedNetwork).outboundRules);
      const expected: Record<string, [string, string]> = {
        "storage-blob": [storageAccount(s, s.names.storage).id, "blob"],
        "storage-file": [storageAccount(s, s.names.storage).id, "file"],
        keyvault: [only(s, "keyvault:Vault").id, "vault"],
        registry: [only(s, "containerregistry:Registry").id, "registry"],
      };
      const present = Object.keys(rules).filter((n) => n in expected);
      assert.deepEqual(present.sort(), s.expect.defaultResourceRules ? Object.keys(expected).sort() : []);
      for (const name of present) {
        const [id, sub] = expected[name]!;
        assert.deepEqual(obj(rules[name]), {
          type: "PrivateEndpoint",
          category: "UserDefined",
          destination: { serviceResourceId: id, subresourceTarget: sub, sparkEnabled: false },
        });
      }
    },
  );

  perCase("FQDN rules only in approved-outbound mode (package hosts), nothing else added", (s) => {
    const rules = Object.values(obj(obj(workspace(s).inputs.managedNetwork).outboundRules)).map(obj);
    const fqdn = rules.filter((r) => r.type === "FQDN");
    assert.deepEqual(fqdn.map((r) => r.destination).sort(), [...s.expect.fqdnRules].sort());
    for (const r of fqdn) assert.equal(r.category, "UserDefined");
    assert.equal(rules.filter((r) => r.type === "ServiceTag").length, 0);
  });

  perCase(
    "a user-defined private endpoint rule is passed through as written",
    (s) => {
      const rule = obj(obj(obj(workspace(s).inputs.managedNetwork).outboundRules)["ext-lake"]);
      assert.deepEqual(rule, {
        type: "PrivateEndpoint",
        category: "UserDefined",
        destination: { serviceResourceId: EXTERNAL_LAKE, subresourceTarget: "dfs", sparkEnabled: false },
      });
    },
    (e) => e.assignedUser, // only the public-sql-standard-bastion case has one
  );
});

describe("role assignments", () => {
  /** The principal id a grants-table principal resolves to in a plan, independently of src/infra. */
  function principalIdOf(s: Synth, p: GrantPrincipal): string {
    switch (p) {
      case "workspaceIdentity":
        return uaiPrincipal(s);
      case "computeUser":
        return s.config.compute.instance.assignedUserObjectId ?? MOCK_CLIENT.objectId;
      case "dataScientists":
        return String(s.config.workspace.dataScientists);
      case "jumpboxIdentity":
        return principalOf(s, only(s, "compute:VirtualMachine").id);
    }
  }
  /** The ARM id a symbolic scope resolves to in a plan, independently of src/infra. */
  function scopeIdOf(s: Synth, scope: GrantScope): string {
    if (scope.startsWith("pe:")) {
      const [, store, group] = scope.split(":") as [string, "storage" | "dataLake" | "blob", string];
      return named(
        s,
        "network:PrivateEndpoint",
        "privateEndpointName",
        `pe-${s.names[store]}-${group.toLowerCase()}`,
      ).id;
    }
    if (scope.startsWith("userRule:")) {
      const rule = s.config.workspace.outboundRules[scope.slice("userRule:".length)];
      assert.ok(rule?.type === "PrivateEndpoint", scope);
      return rule.serviceResourceId;
    }
    const ids: Record<string, () => string> = {
      resourceGroup: () => only(s, "resources:ResourceGroup").id,
      workspace: () => workspace(s).id,
      storage: () => storageAccount(s, s.names.storage).id,
      dataLake: () => storageAccount(s, s.names.dataLake).id,
      blob: () => storageAccount(s, s.names.blob).id,
      keyVault: () => only(s, "keyvault:Vault").id,
      registry: () => only(s, "containerregistry:Registry").id,
      appInsights: () => only(s, "applicationinsights:Component").id,
      jumpboxVm: () => only(s, "compute:VirtualMachine").id,
      jumpboxNic: () => only(s, "network:NetworkInterface").id,
      bastion: () => only(s, "network:BastionHost").id,
    };
    return ids[scope]!();
  }
  const held = (s: Synth, principal: string, role: string, target: string) =>
    roleAssignments(s).some(
      (r) =>
        roleOf(r) === role &&
        r.inputs.principalId === principal &&
        (target === String(r.inputs.scope) || target.startsWith(`${String(r.inputs.scope)}/`)),
    );

  perCase("the plan's role assignments are exactly the grants table: role, principal, scope, reason", (s) => {
    const table = plannedGrants(s.config);
    const ras = roleAssignments(s);
    assert.equal(ras.length, table.length, ras.map((r) => r.name).join(", "));
    for (const g of table) {
      const matches = ras.filter((r) => r.name.endsWith(`-ra-${g.key}`));
      assert.equal(matches.length, 1, `grant ${g.key}`);
      const ra = matches[0]!;
      assert.equal(roleOf(ra), ROLES[g.role], g.key);
      assert.equal(ra.inputs.principalId, principalIdOf(s, g.principal), g.key);
      assert.equal(ra.inputs.scope, scopeIdOf(s, g.scope), g.key);
      assert.equal(ra.inputs.description, g.why, g.key);
    }
  });

  perCase("every assignment: a principal type, a sourced reason, a built-in role", (s) => {
    const ras = roleAssignments(s);
    assert.ok(ras.length >= 10);
    for (const ra of ras) {
      const i = ra.inputs;
      assert.ok(["ServicePrincipal", "User", "Group"].includes(String(i.principalType)), ra.name);
      assert.match(
        String(i.description),
        /\(https:\/\/learn\.microsoft\.com\/[^ ]+\)$/,
        `${ra.name}: no source`,
      );
      assert.doesNotMatch(String(i.description), /facts §/, ra.name);
      assert.match(
        String(i.roleDefinitionId),
        new RegExp(
          `^/subscriptions/${MOCK_CLIENT.subscriptionId}/providers/Microsoft\\.Authorization/roleDefinitions/[0-9a-f-]{36}$`,
        ),
      );
    }
    const names = ras.map((r) => r.inputs.roleAssignmentName);
    assert.equal(new Set(names).size, names.length, "role assignment names are unique");
    const triples = ras.map((r) => `${r.inputs.principalId} ${roleOf(r)} ${String(r.inputs.scope)}`);
    assert.equal(
      new Set(triples).size,
      triples.length,
      "no two assignments of one role to one principal on one scope",
    );
  });

  perCase(
    "scopes: one resource of the plan, except the approver on the resource group and on user rule targets",
    (s) => {
      const planIds = ids(s);
      const userTargets = Object.values(s.config.workspace.outboundRules).flatMap((r) =>
        r.type === "PrivateEndpoint" ? [r.serviceResourceId] : [],
      );
      for (const ra of roleAssignments(s)) {
        const scope = String(ra.inputs.scope);
        if (
          userTargets.includes(scope) ||
          planIds.get(scope)?.type === "azure-native:resources:ResourceGroup"
        ) {
          assert.equal(roleOf(ra), ROLE.networkConnectionApprover, `${ra.name}: only the approver that wide`);
          assert.equal(ra.inputs.principalId, uaiPrincipal(s), ra.name);
          continue;
        }
        assert.ok(planIds.get(scope), `${ra.name}: scope ${scope} is not a resource of the plan`);
      }
    },
  );

  perCase("no Contributor (or broader) on any data store; no Owner-class role anywhere", (s) => {
    const stores = new Set(dataStoreIds(s));
    assert.equal(stores.size, s.expect.sql ? 3 : 2);
    for (const ra of roleAssignments(s)) {
      const role = roleOf(ra);
      assert.ok(
        ![ROLE.owner, ROLE.userAccessAdministrator, ROLE.storageBlobDataOwner].includes(role as never),
        `${ra.name}: ${role}`,
      );
      if (stores.has(String(ra.inputs.scope)))
        assert.notEqual(role, ROLE.contributor, `${ra.name}: Contributor on a data store`);
    }
  });

  perCase("Contributor only for the workspace identity, on what Microsoft lists for a UAI workspace", (s) => {
    const principal = uaiPrincipal(s);
    const contributor = roleAssignments(s).filter((r) => roleOf(r) === ROLE.contributor);
    for (const ra of contributor) assert.equal(ra.inputs.principalId, principal, ra.name);
    assert.deepEqual(
      contributor.map((r) => String(r.inputs.scope)).sort(),
      [
        workspace(s).id,
        storageAccount(s, s.names.storage).id,
        only(s, "keyvault:Vault").id,
        only(s, "containerregistry:Registry").id,
        only(s, "applicationinsights:Component").id,
      ].sort(),
    );
    const kvAdmin = roleAssignments(s).filter((r) => roleOf(r) === ROLE.keyVaultAdministrator);
    assert.deepEqual(
      kvAdmin.map((r) => [r.inputs.scope, r.inputs.principalId]),
      [[only(s, "keyvault:Vault").id, principal]],
    );
  });

  perCase(
    "the approver role: on the resource group with a managed VNet, on each user rule target, nowhere else",
    (s) => {
      const userTargets = Object.values(s.config.workspace.outboundRules).flatMap((r) =>
        r.type === "PrivateEndpoint" ? [r.serviceResourceId] : [],
      );
      const rg = only(s, "resources:ResourceGroup").id;
      const expected = [...(s.expect.isolationMode === "Disabled" ? [] : [rg]), ...userTargets];
      const approvals = roleAssignments(s).filter((r) => roleOf(r) === ROLE.networkConnectionApprover);
      assert.deepEqual(approvals.map((r) => String(r.inputs.scope)).sort(), expected.sort());
      for (const ra of approvals) {
        assert.equal(ra.inputs.principalId, uaiPrincipal(s), ra.name);
        assert.equal(ra.inputs.principalType, "ServicePrincipal", ra.name);
      }
    },
  );

  perCase(
    "every private endpoint rule the stack adds, and the one to the workspace itself, is approved without a person",
    (s) => {
      const principal = uaiPrincipal(s);
      const rules = Object.entries(obj(obj(workspace(s).inputs.managedNetwork).outboundRules)).filter(
        ([name, r]) => obj(r).type === "PrivateEndpoint" && !(name in s.config.workspace.outboundRules),
      );
      assert.equal(rules.length, s.expect.storeRules.length + (s.expect.defaultResourceRules ? 4 : 0));
      const targets = rules.map(([name, r]) => [name, String(obj(obj(r).destination).serviceResourceId)]);
      if (s.expect.isolationMode !== "Disabled") targets.push(["workspace itself", workspace(s).id]);
      for (const [name, target] of targets) {
        assert.ok(
          held(s, principal, ROLE.networkConnectionApprover, target!) ||
            held(s, principal, ROLE.contributor, target!),
          `${name}: nobody can approve the endpoint to ${target}`,
        );
      }
    },
  );

  perCase(
    "the workspace identity reads the data stores (identity-based datastores); only the jump box writes",
    (s) => {
      const principal = uaiPrincipal(s);
      const readerScopes = roleAssignments(s)
        .filter((r) => roleOf(r) === ROLE.storageBlobDataReader && r.inputs.principalId === principal)
        .map((r) => String(r.inputs.scope));
      assert.deepEqual(
        readerScopes.sort(),
        [storageAccount(s, s.names.dataLake).id, storageAccount(s, s.names.blob).id].sort(),
      );
      const stores = new Set(dataStoreIds(s));
      const writers = roleAssignments(s).filter(
        (r) => stores.has(String(r.inputs.scope)) && roleOf(r) === ROLE.storageBlobDataContributor,
      );
      const seeds = s.config.jumpbox.enabled && s.config.jumpbox.os === "linux" && !s.expect.dataPublic;
      assert.equal(writers.length, seeds ? 2 : 0);
      for (const ra of writers) {
        assert.equal(ra.inputs.principalId, principalOf(s, only(s, "compute:VirtualMachine").id), ra.name);
      }
    },
  );

  perCase("Studio data preview: the workspace identity is Reader on every storage private endpoint", (s) => {
    const storageEndpoints = all(s, "network:PrivateEndpoint").filter((pe) =>
      ["blob", "file", "dfs"].includes(
        String(list<string>(list(pe.inputs.privateLinkServiceConnections)[0]!.groupIds)[0]),
      ),
    );
    assert.equal(
      storageEndpoints.length,
      s.expect.privateEndpoints.filter((e) => /\/(blob|file|dfs)$/.test(e)).length,
    );
    for (const pe of storageEndpoints)
      assert.ok(held(s, uaiPrincipal(s), ROLE.reader, pe.id), `${pe.inputs.privateEndpointName}: no Reader`);
  });

  perCase(
    "the compute user (assigned, else the deployer) and the data scientists group get the data roles",
    (s) => {
      const people: [string, string][] = [
        [s.expect.assignedUser ? ASSIGNED_USER : MOCK_CLIENT.objectId, "User"],
        ...(s.config.workspace.dataScientists ? [[DATA_SCIENTISTS, "Group"] as [string, string]] : []),
      ];
      // Nobody else is granted anything: only the workspace identity, the jump box identity and these people.
      const vm = s.expect.jumpbox ? [principalOf(s, only(s, "compute:VirtualMachine").id)] : [];
      const known = new Set([uaiPrincipal(s), ...vm, ...people.map(([id]) => id)]);
      for (const ra of roleAssignments(s)) assert.ok(known.has(String(ra.inputs.principalId)), ra.name);
      for (const [id, type] of people) {
        const mine = roleAssignments(s).filter((r) => r.inputs.principalId === id);
        for (const ra of mine) assert.equal(ra.inputs.principalType, type, ra.name);
        const dataRoles = mine
          .filter((r) => roleOf(r) !== ROLE.virtualMachineUserLogin && roleOf(r) !== ROLE.reader)
          .map((r) => `${roleOf(r)} ${String(r.inputs.scope)}`);
        assert.deepEqual(
          dataRoles.sort(),
          [
            `${ROLE.azureMlDataScientist} ${workspace(s).id}`,
            `${ROLE.storageBlobDataContributor} ${storageAccount(s, s.names.storage).id}`,
            `${ROLE.storageFileDataPrivilegedContributor} ${storageAccount(s, s.names.storage).id}`,
            `${ROLE.storageBlobDataReader} ${storageAccount(s, s.names.dataLake).id}`,
            `${ROLE.storageBlobDataReader} ${storageAccount(s, s.names.blob).id}`,
          ].sort(),
          id,
        );
        // The jump box: Reader on the VM, its NIC and the Bastion with every SKU (Bastion lists it only then);
        // Entra sign-in, and its login role, only through Bastion Basic/Standard.
        const jump = mine.filter(
          (r) => roleOf(r) === ROLE.virtualMachineUserLogin || roleOf(r) === ROLE.reader,
        );
        const entra = s.expect.jumpbox !== undefined && s.expect.jumpbox.bastion !== "Developer";
        const readers = s.expect.jumpbox
          ? [
              `${ROLE.reader} ${only(s, "compute:VirtualMachine").id}`,
              `${ROLE.reader} ${only(s, "network:NetworkInterface").id}`,
              `${ROLE.reader} ${only(s, "network:BastionHost").id}`,
            ]
          : [];
        assert.deepEqual(
          jump.map((r) => `${roleOf(r)} ${String(r.inputs.scope)}`).sort(),
          [
            ...readers,
            ...(entra ? [`${ROLE.virtualMachineUserLogin} ${only(s, "compute:VirtualMachine").id}`] : []),
          ].sort(),
          id,
        );
      }
    },
  );

  // The workspace reaches its own storage with its identity, not with keys (systemDatastoresAuthMode identity):
  // Storage Blob Data Contributor for the system datastores and Storage File Data Privileged Contributor for the
  // notebooks share (learn.microsoft.com/azure/machine-learning/how-to-disable-local-auth-storage).
  perCase(
    "the workspace identity holds the data roles its system datastores need on the default storage",
    (s) => {
      const principal = uaiPrincipal(s);
      const storage = storageAccount(s, s.names.storage).id;
      const held = roleAssignments(s)
        .filter((r) => r.inputs.principalId === principal && r.inputs.scope === storage)
        .map((r) => roleOf(r));
      for (const role of [ROLE.storageBlobDataContributor, ROLE.storageFileDataPrivilegedContributor])
        assert.ok(held.includes(role), `${role} on ${storage}`);
      // The owner-class data role is never needed for this.
      assert.ok(!held.includes(ROLE.storageBlobDataOwner));
      for (const ra of roleAssignments(s).filter((r) => r.inputs.scope === storage))
        assert.equal(
          ra.inputs.principalType,
          ra.inputs.principalId === principal
            ? "ServicePrincipal"
            : ra.inputs.principalId === DATA_SCIENTISTS
              ? "Group"
              : "User",
        );
      assert.equal(workspace(s).inputs.systemDatastoresAuthMode, "Identity");
    },
  );

  test("public-sql-standard-bastion: a user-defined private endpoint rule is approved automatically or listed as a remaining step", () => {
    const s = synths["public-sql-standard-bastion"];
    const approved = roleAssignments(s).some(
      (r) => roleOf(r) === ROLE.networkConnectionApprover && r.inputs.scope === EXTERNAL_LAKE,
    );
    const listed = JSON.stringify(s.plan.outputs.remainingSteps).includes("ext-lake");
    assert.ok(approved || listed);
  });
});

describe("private DNS and private endpoints", () => {
  perCase("the private endpoints the posture needs, each to its target in the endpoint subnet", (s) => {
    const planIds = ids(s);
    const endpoints = all(s, "network:PrivateEndpoint");
    const got = endpoints.map((pe) => {
      const [conn] = list(pe.inputs.privateLinkServiceConnections);
      const target = planIds.get(String(conn!.privateLinkServiceId));
      assert.ok(target, `${pe.name}: target is not in the plan`);
      const key = Object.entries(s.names).find(([, v]) => target.inputs[nameKeyOf(target.type)] === v)?.[0];
      assert.equal(obj(pe.inputs.subnet).id, `${vnet(s).id}/subnets/snet-private-endpoints`, pe.name);
      return `${key}/${list<string>(conn!.groupIds).join(",")}`;
    });
    assert.deepEqual(got.sort(), [...s.expect.privateEndpoints].sort());
  });

  perCase(
    "the workspace endpoint's zone group has both the api and the notebooks zone of the cloud",
    (s) => {
      const pe = named(
        s,
        "network:PrivateEndpoint",
        "privateEndpointName",
        `pe-${s.names.workspace}-amlworkspace`,
      );
      const group = named(
        s,
        "network:PrivateDnsZoneGroup",
        "privateEndpointName",
        String(pe.inputs.privateEndpointName),
      );
      const zoneNames = list(group.inputs.privateDnsZoneConfigs).map((c) =>
        String(c.privateDnsZoneId).split("/").pop(),
      );
      assert.deepEqual(zoneNames.sort(), [...ZONES[s.config.cloud]!.amlworkspace!].sort());
    },
    (e) => e.privateEndpoints.includes("workspace/amlworkspace"),
  );

  perCase(
    "every endpoint has one zone group whose zones exist, match its group id, and are linked to the VNet",
    (s) => {
      const zones = new Map(all(s, "privatedns:PrivateZone").map((z) => [z.id, z]));
      const links = all(s, "privatedns:VirtualNetworkLink");
      for (const pe of all(s, "network:PrivateEndpoint")) {
        const groups = all(s, "network:PrivateDnsZoneGroup").filter(
          (g) => g.inputs.privateEndpointName === pe.inputs.privateEndpointName,
        );
        assert.equal(groups.length, 1, `${pe.name}: zone groups`);
        const groupId = String(list<string>(list(pe.inputs.privateLinkServiceConnections)[0]!.groupIds)[0]);
        const zoneNames = list(groups[0]!.inputs.privateDnsZoneConfigs).map((c) => {
          const zone = zones.get(String(c.privateDnsZoneId));
          assert.ok(zone, `${pe.name}: zone ${String(c.privateDnsZoneId)} is not in the plan`);
          const zoneName = String(zone.inputs.privateZoneName);
          const link = links.find((l) => l.inputs.privateZoneName === zoneName);
          assert.ok(link, `zone ${zoneName} is not linked`);
          assert.equal(obj(link.inputs.virtualNetwork).id, vnet(s).id);
          assert.equal(link.inputs.registrationEnabled, false);
          return zoneName;
        });
        assert.deepEqual(zoneNames.sort(), [...ZONES[s.config.cloud]![groupId]!].sort(), pe.name);
      }
    },
  );

  perCase(
    "no zone without an endpoint using it; every zone linked once; none for a fully public setup",
    (s) => {
      const used = new Set(
        all(s, "network:PrivateDnsZoneGroup").flatMap((g) =>
          list(g.inputs.privateDnsZoneConfigs).map((c) => String(c.privateDnsZoneId)),
        ),
      );
      const zones = all(s, "privatedns:PrivateZone");
      assert.deepEqual(zones.map((z) => z.id).sort(), [...used].sort());
      assert.deepEqual(
        all(s, "privatedns:VirtualNetworkLink")
          .map((l) => l.inputs.privateZoneName)
          .sort(),
        zones.map((z) => z.inputs.privateZoneName).sort(),
      );
      if (s.expect.privateEndpoints.length === 0) assert.equal(zones.length, 0);
    },
  );

  test("usgov-own-vnet: zone names are the US Government ones (privatelink.api.ml.azure.us etc.)", () => {
    const zones = all(synths["usgov-own-vnet"], "privatedns:PrivateZone").map((z) =>
      String(z.inputs.privateZoneName),
    );
    assert.ok(zones.includes("privatelink.api.ml.azure.us"));
    assert.ok(zones.includes("privatelink.notebooks.usgovcloudapi.net"));
    for (const z of zones) assert.match(z, /\.(usgovcloudapi\.net|azure\.us|azurecr\.us)$/, z);
  });
});

describe("compute instance", () => {
  perCase("no public IP, SSH off, local auth off, 60-minute idle shutdown, in this workspace", (s) => {
    const ci = computeInstance(s);
    const outer = obj(ci.inputs.properties);
    const p = obj(outer.properties);
    assert.equal(ci.inputs.workspaceName, s.names.workspace);
    assert.deepEqual([outer.computeType, outer.disableLocalAuth], ["ComputeInstance", true]);
    assert.equal(p.enableNodePublicIp, false);
    assert.deepEqual(p.sshSettings, { sshPublicAccess: "Disabled" });
    assert.equal(p.idleTimeBeforeShutdown, "PT60M");
  });

  perCase("a subnet only without a managed VNet (and then the compute subnet)", (s) => {
    const p = obj(obj(computeInstance(s).inputs.properties).properties);
    if (s.expect.isolationMode === "Disabled") {
      assert.deepEqual(p.subnet, { id: `${vnet(s).id}/subnets/snet-compute` });
    } else {
      assert.equal(p.subnet, undefined);
    }
  });

  perCase("created on behalf of the assigned user only when one is configured", (s) => {
    const p = obj(obj(computeInstance(s).inputs.properties).properties);
    if (s.expect.assignedUser) {
      assert.equal(p.computeInstanceAuthorizationType, "personal");
      assert.deepEqual(p.personalComputeInstanceSettings, {
        assignedUser: { objectId: ASSIGNED_USER, tenantId: MOCK_CLIENT.tenantId },
      });
    } else {
      assert.equal(p.computeInstanceAuthorizationType, undefined);
      assert.equal(p.personalComputeInstanceSettings, undefined);
    }
  });
});

describe("jump box", () => {
  perCase(
    "no public IP: the VM's only NIC is private, in the jump box subnet",
    (s) => {
      const vm = only(s, "compute:VirtualMachine");
      const nic = only(s, "network:NetworkInterface");
      assert.deepEqual(obj(vm.inputs.networkProfile).networkInterfaces, [{ id: nic.id, primary: true }]);
      const [config] = list(nic.inputs.ipConfigurations);
      assert.equal(obj(config!.subnet).id, `${vnet(s).id}/subnets/snet-jumpbox`);
      assert.equal(config!.publicIPAddress, undefined);
    },
    (e) => e.jumpbox !== undefined,
  );

  perCase(
    "local credential: Windows a password printed as [secret]; Linux an SSH key, password sign-in off",
    (s) => {
      const os = obj(only(s, "compute:VirtualMachine").inputs.osProfile);
      if (s.expect.jumpbox!.os === "windows") {
        assert.equal(os.adminPassword, REDACTED);
        assert.equal(os.linuxConfiguration, undefined);
        assert.equal(all(s, "tls:index/privateKey:PrivateKey").length, 0);
        return;
      }
      assert.equal(os.adminPassword, undefined);
      const linux = obj(os.linuxConfiguration);
      assert.equal(linux.disablePasswordAuthentication, true);
      const keys = list(obj(linux.ssh).publicKeys);
      assert.equal(keys.length, 1);
      assert.equal(keys[0]!.path, "/home/azureuser/.ssh/authorized_keys");
      assert.match(String(keys[0]!.keyData), /^ssh-rsa AAAAB3NzaC1yc2E[A-Za-z0-9+/]+=*\n?$/);
      assert.equal(all(s, "random:index/randomPassword:RandomPassword").length, 0);
    },
    (e) => e.jumpbox !== undefined,
  );

  test("no generated password or private key appears anywhere in any plan", () => {
    for (const name of CASE_NAMES) {
      const text = JSON.stringify(synths[name].plan);
      assert.ok(!text.includes("MOCK-SECRET"), name);
      assert.ok(!text.includes("PRIVATE KEY"), name);
    }
  });

  perCase(
    "image, Entra ID login extension and trusted launch for the configured OS",
    (s) => {
      const vm = only(s, "compute:VirtualMachine");
      const os = s.expect.jumpbox!.os;
      const image = obj(obj(vm.inputs.storageProfile).imageReference);
      const login = all(s, "compute:VirtualMachineExtension").filter(
        (x) => x.inputs.publisher === "Microsoft.Azure.ActiveDirectory",
      );
      // Bastion Developer has no Entra ID sign-in: no login extension there.
      const entra = s.expect.jumpbox!.bastion !== "Developer";
      assert.equal(login.length, entra ? 1 : 0);
      if (entra) assert.equal(login[0]!.inputs.vmName, s.names.jumpbox);
      if (os === "windows") {
        assert.deepEqual([image.publisher, image.offer], ["MicrosoftWindowsDesktop", "windows-11"]);
        if (entra) assert.equal(login[0]!.inputs.type, "AADLoginForWindows");
        assert.equal(vm.inputs.licenseType, "Windows_Client");
      } else {
        assert.deepEqual([image.publisher, image.offer], ["Canonical", "ubuntu-24_04-lts"]);
        if (entra) assert.equal(login[0]!.inputs.type, "AADSSHLoginForLinux");
      }
      assert.equal(obj(vm.inputs.securityProfile).securityType, "TrustedLaunch");
      assert.deepEqual(vm.inputs.identity, { type: "SystemAssigned" });
    },
    (e) => e.jumpbox !== undefined,
  );
});

describe("Azure SQL", () => {
  perCase(
    "Entra-only authentication, no SQL login or password anywhere, TLS 1.2, public access per posture",
    (s) => {
      const server = only(s, "sql:Server");
      const admins = obj(server.inputs.administrators);
      assert.deepEqual(
        [admins.administratorType, admins.azureADOnlyAuthentication, admins.sid, admins.tenantId],
        ["ActiveDirectory", true, MOCK_CLIENT.objectId, MOCK_CLIENT.tenantId],
      );
      const sqlKeys = all(s, "sql:Server")
        .concat(all(s, "sql:Database"))
        .flatMap((r) => keysDeep(r.inputs));
      assert.deepEqual(
        sqlKeys.filter((k) => /administratorLogin|password/i.test(k)),
        [],
      );
      assert.equal(server.inputs.minimalTlsVersion, "1.2");
      assert.equal(server.inputs.publicNetworkAccess, s.expect.dataPublic ? "Enabled" : "Disabled");
    },
    (e) => e.sql,
  );

  perCase(
    "the Entra admin is also its own resource, with the server's admin values (so later changes apply)",
    (s) => {
      const server = only(s, "sql:Server");
      const admin = only(s, "sql:ServerAzureADAdministrator");
      const a = obj(server.inputs.administrators);
      assert.deepEqual(
        [admin.inputs.serverName, admin.inputs.administratorName, admin.inputs.administratorType],
        [server.inputs.serverName, "ActiveDirectory", "ActiveDirectory"],
      );
      assert.deepEqual(
        [admin.inputs.login, admin.inputs.sid, admin.inputs.tenantId],
        [a.login, a.sid, a.tenantId],
      );
    },
    (e) => e.sql,
  );

  perCase(
    "firewall rules: exactly the allowed IP ranges when public, none when private, never 0.0.0.0",
    (s) => {
      const rules = all(s, "sql:FirewallRule").map((r) => [r.inputs.startIpAddress, r.inputs.endIpAddress]);
      for (const [start] of rules) assert.notEqual(start, "0.0.0.0");
      const expected = s.expect.dataPublic
        ? [
            ["203.0.113.7", "203.0.113.7"],
            ["198.51.100.0", "198.51.100.255"],
            ["192.0.2.10", "192.0.2.10"],
          ]
        : [];
      assert.deepEqual(rules, expected);
    },
    (e) => e.sql,
  );

  perCase(
    "the SQL connection is an Entra (AAD) pointer with no secret, and says so",
    (s) => {
      const conn = only(s, "machinelearningservices:WorkspaceConnection");
      const p = obj(conn.inputs.properties);
      assert.deepEqual([p.authType, p.category], ["AAD", "AzureSqlDb"]);
      assert.equal(
        p.target,
        `Server=tcp:${s.names.sqlServer}.database.windows.net,1433;Database=${s.names.sqlDatabase};Encrypt=True`,
      );
      assert.equal(p.credentials, undefined);
      // It says what it is for: data import needs SQL authentication, which an Entra-only server refuses.
      assert.match(String(obj(p.metadata).purpose), /notebooks.*Entra token.*data import/);
    },
    (e) => e.sql,
  );

  perCase(
    "no SQL resources when SQL is off",
    (s) => {
      for (const t of [
        "sql:Server",
        "sql:ServerAzureADAdministrator",
        "sql:Database",
        "sql:FirewallRule",
        "machinelearningservices:WorkspaceConnection",
      ]) {
        assert.equal(all(s, t).length, 0, t);
      }
    },
    (e) => !e.sql,
  );
});

describe("datastores", () => {
  perCase("identity-based (no credentials) datastores for the lake and the blob account", (s) => {
    const stores = all(s, "machinelearningservices:Datastore");
    const host = s.config.cloud === "AzureUSGovernment" ? "core.usgovcloudapi.net" : "core.windows.net";
    assert.deepEqual(stores.map((d) => d.inputs.name).sort(), ["blobs", "datalake"]);
    for (const d of stores) {
      const p = obj(d.inputs.properties);
      assert.equal(d.inputs.workspaceName, s.names.workspace);
      assert.deepEqual(p.credentials, { credentialsType: "None" }, d.name);
      assert.equal(p.serviceDataAccessAuthIdentity, "WorkspaceUserAssignedIdentity");
      assert.equal(p.endpoint, host);
    }
    const lake = obj(stores.find((d) => d.inputs.name === "datalake")!.inputs.properties);
    const blob = obj(stores.find((d) => d.inputs.name === "blobs")!.inputs.properties);
    assert.deepEqual(
      [lake.datastoreType, lake.accountName, lake.filesystem],
      ["AzureDataLakeGen2", s.names.dataLake, "data"],
    );
    assert.deepEqual(
      [blob.datastoreType, blob.accountName, blob.containerName],
      ["AzureBlob", s.names.blob, "blobs"],
    );
  });
});

describe("outputs", () => {
  perCase("remaining steps: who else gets access, and SQL users when there is SQL", (s) => {
    const steps = s.plan.outputs.remainingSteps as { step: string; why: string; how: string }[];
    assert.equal(steps.length, s.expect.remainingSteps.length, JSON.stringify(steps));
    s.expect.remainingSteps.forEach((pattern, i) => {
      assert.match(steps[i]!.step, pattern);
    });
    const access = steps.find((x) => /other people/.test(x.step))!;
    if (s.config.workspace.dataScientists) {
      assert.match(access.how, new RegExp(`az ad group member add --group ${DATA_SCIENTISTS} --member-id`));
    } else {
      // Exactly the compute user's roles, scope by scope, for another object id.
      assert.match(
        access.how,
        /P=\/subscriptions\/\$\(az account show --query id -o tsv\)\/resourceGroups\/rg-secureaml\/providers; /,
      );
      const commands = access.how.split("; ").filter((x) => x.startsWith("az role assignment create"));
      const mine = roleAssignments(s).filter((r) => r.inputs.principalId === MOCK_CLIENT.objectId);
      assert.equal(commands.length, mine.length);
      for (const ra of mine) {
        const scope = String(ra.inputs.scope).replace(
          `/subscriptions/${MOCK_CLIENT.subscriptionId}/resourceGroups/${s.names.resourceGroup}/providers`,
          "$P",
        );
        assert.ok(
          commands.some((cmd) => cmd.endsWith(`--scope ${scope}`)),
          scope,
        );
      }
    }
    const sql = steps.find((x) => /SQL database/.test(x.step));
    if (sql) {
      // No Graph lookup for the managed identity: a service principal SQL admin could not do one.
      assert.match(sql.how, /CREATE USER \[id-secureaml-mlw\] WITH SID = ' \+ @sid \+ ', TYPE = E/);
      assert.match(sql.how, /az identity show -g rg-secureaml -n id-secureaml-mlw --query clientId/);
    }
  });

  perCase("the jump box hint names the real VM and Bastion, and the way in for the SKU", (s) => {
    const hint = String(s.plan.outputs.jumpboxConnect);
    if (!s.expect.jumpbox) return assert.equal(hint, "no jump box in this configuration");
    assert.ok(!hint.includes("<jumpboxId>"), hint);
    if (s.expect.jumpbox.bastion === "Standard") {
      const vmId = only(s, "compute:VirtualMachine").id;
      const native =
        s.expect.jumpbox.os === "windows"
          ? `az network bastion rdp --name ${s.names.bastion} --resource-group ${s.names.resourceGroup} --target-resource-id ${vmId} --enable-mfa`
          : `az network bastion ssh --name ${s.names.bastion} --resource-group ${s.names.resourceGroup} --target-resource-id ${vmId} --auth-type AAD`;
      assert.ok(hint.startsWith(native), hint);
    } else {
      assert.match(hint, new RegExp(`${s.names.jumpbox} > Connect > Bastion`));
      assert.match(hint, /jumpboxSshPrivateKey --show-secrets/);
    }
  });
});

/** The input that carries a resource's Azure name (a small subset of ARM_TYPES, for endpoint targets). */
function nameKeyOf(type: string): string {
  const keys: Record<string, string> = {
    "azure-native:storage:StorageAccount": "accountName",
    "azure-native:keyvault:Vault": "vaultName",
    "azure-native:containerregistry:Registry": "registryName",
    "azure-native:sql:Server": "serverName",
    "azure-native:machinelearningservices:Workspace": "workspaceName",
  };
  assert.ok(keys[type], `unexpected private endpoint target ${type}`);
  return keys[type];
}
