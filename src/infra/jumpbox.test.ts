import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { loadConfig } from "../config";
import { patchSettingsProblem } from "../model/guestPatching";
import {
  installMocks,
  MOCK_CLIENT,
  type MockRuntime,
  type RecordedResource,
  resourceKey,
} from "../plan/mocks";
import { promiseOf, settle } from "../plan/synth";
import { SecureAml } from "./stack";

/*
 * The jump box wiring for the variants the preset tests (stack.test.ts: Linux + Developer, Windows + Standard)
 * do not cover: Linux + Basic (Entra login extension, the sample upload after it) and Windows + Developer
 * (password, no extension, RDP from Azure's platform address). Each is built once on the mock runtime, which
 * records what every registration waits for; the stack object is kept to read its secret outputs.
 */

type Json = Record<string, unknown>;

interface Built {
  readonly runtime: MockRuntime;
  readonly root: SecureAml;
}

async function build(raw: Json): Promise<Built> {
  // As in `synthesize`: Pulumi's per-promise stack traces are most of a mock run's time.
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return await buildOn(raw);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

async function buildOn(raw: Json): Promise<Built> {
  const { config } = loadConfig({ raw });
  const runtime = await installMocks("secure-aml", "jumpbox-test");
  const root = new SecureAml(config.name, { config, subscriptionId: MOCK_CLIENT.subscriptionId });
  await Promise.race([promiseOf(root.jumpboxConnect), runtime.failure]);
  await Promise.race([settle(runtime), runtime.failure]);
  return { runtime, root };
}

/** The `type::name` keys a resource waits for, as the engine receives them (explicit and through inputs). */
const waitsFor = (b: Built, r: RecordedResource): readonly string[] =>
  b.runtime.dependencies.get(resourceKey(r.type, r.name)) ?? [];

const ofType = (b: Built, type: string): RecordedResource[] =>
  b.runtime.resources.filter((r) => r.type === type);
function only(b: Built, type: string): RecordedResource {
  const found = ofType(b, type);
  assert.equal(found.length, 1, `expected one ${type}, found ${found.length}`);
  return found[0]!;
}
const obj = (v: unknown): Json => (v ?? {}) as Json;
/** The security rules of the jump box subnet's NSG. */
function jumpboxRules(b: Built): Json[] {
  const nsg = ofType(b, "azure-native:network:NetworkSecurityGroup").find((n) =>
    String(n.inputs.networkSecurityGroupName).endsWith("snet-jumpbox"),
  );
  assert.ok(nsg, "no NSG for snet-jumpbox");
  return nsg.inputs.securityRules as Json[];
}

const EXT = "azure-native:compute:VirtualMachineExtension";
const VM = "azure-native:compute:VirtualMachine";

describe("jump box variants", () => {
  let linuxBasic: Built;
  let windowsDeveloper: Built;
  before(
    async () => {
      linuxBasic = await build({ preset: "private", jumpbox: { os: "linux", bastionSku: "Basic" } });
      windowsDeveloper = await build({
        preset: "private",
        jumpbox: { os: "windows", bastionSku: "Developer" },
      });
    },
    { timeout: 120_000 },
  );

  describe("Linux + Bastion Basic", () => {
    test("the sample upload waits for the Entra login extension: no two extensions of the VM in parallel", () => {
      const exts = ofType(linuxBasic, EXT);
      const login = exts.find((e) => e.inputs.type === "AADSSHLoginForLinux");
      const seed = exts.find((e) => e.inputs.type === "CustomScript");
      assert.ok(login && seed, exts.map((e) => e.name).join());
      const [seedKey, loginKey] = [resourceKey(seed.type, seed.name), resourceKey(login.type, login.name)];
      assert.ok(waitsFor(linuxBasic, seed).includes(loginKey), `${seedKey} does not wait for ${loginKey}`);
      assert.ok(!waitsFor(linuxBasic, login).includes(seedKey));
    });

    test("key-only sign-in: no password, password authentication off, the generated public key installed", () => {
      const os = obj(only(linuxBasic, VM).inputs.osProfile);
      assert.equal(os.adminPassword, undefined);
      const linux = obj(os.linuxConfiguration);
      assert.equal(linux.disablePasswordAuthentication, true);
      const key = only(linuxBasic, "tls:index/privateKey:PrivateKey");
      assert.deepEqual([key.inputs.algorithm, key.inputs.rsaBits], ["RSA", 4096]);
      const [installed] = obj(linux.ssh).publicKeys as Json[];
      assert.match(String(installed!.keyData), /^ssh-rsa AAAA/);
      assert.equal(ofType(linuxBasic, "random:index/randomPassword:RandomPassword").length, 0);
      assert.equal(obj(linux.patchSettings).patchMode, "AutomaticByPlatform");
    });

    test("the private key is a secret stack output (break-glass); there is no password output", async () => {
      const key = linuxBasic.root.jumpboxSshPrivateKey;
      assert.ok(key);
      assert.equal(await pulumi.isSecret(key), true);
      assert.match(await promiseOf(key), /^-----BEGIN RSA PRIVATE KEY-----\n/);
      assert.equal(linuxBasic.root.jumpboxAdminPassword, undefined);
    });

    test("SSH from the Bastion subnet only", () => {
      const allows = jumpboxRules(linuxBasic).filter(
        (r) => r.access === "Allow" && r.direction === "Inbound",
      );
      assert.deepEqual(
        allows.map((r) => [r.sourceAddressPrefix, r.destinationPortRanges]),
        [["10.0.3.0/26", ["22"]]],
      );
    });
  });

  describe("Windows + Bastion Developer", () => {
    test("no Entra login extension (Developer has no Entra ID sign-in) and no CustomScript (Linux only)", () => {
      assert.deepEqual(
        ofType(windowsDeveloper, EXT).map((e) => e.inputs.type),
        [],
      );
    });

    test("Windows 11 patches through Windows Update (AutomaticByOS), which Azure accepts for its image", () => {
      const vm = only(windowsDeveloper, VM);
      const win = obj(obj(vm.inputs.osProfile).windowsConfiguration);
      const image = obj(obj(vm.inputs.storageProfile).imageReference) as unknown as {
        publisher: string;
        offer: string;
        sku: string;
      };
      assert.equal(obj(win.patchSettings).patchMode, "AutomaticByOS");
      assert.equal(
        patchSettingsProblem({
          os: "windows",
          image,
          patchMode: "AutomaticByOS",
          enableAutomaticUpdates: win.enableAutomaticUpdates as boolean,
          provisionVMAgent: win.provisionVMAgent as boolean,
        }),
        undefined,
      );
    });

    test("RDP has no keys: the generated password is the way in, a secret output; no key is generated", async () => {
      const os = obj(only(windowsDeveloper, VM).inputs.osProfile);
      assert.ok(windowsDeveloper.runtime.secretValues.has(String(os.adminPassword)));
      assert.equal(os.linuxConfiguration, undefined);
      assert.equal(ofType(windowsDeveloper, "tls:index/privateKey:PrivateKey").length, 0);
      const password = windowsDeveloper.root.jumpboxAdminPassword;
      assert.ok(password);
      assert.equal(await pulumi.isSecret(password), true);
      assert.equal(windowsDeveloper.root.jumpboxSshPrivateKey, undefined);
      assert.match(
        await promiseOf(windowsDeveloper.root.jumpboxConnect),
        /^pulumi stack output jumpboxAdminPassword --show-secrets, then Azure portal > /,
      );
    });

    test("RDP from Azure's platform address 168.63.129.16 only, ahead of the internet deny", () => {
      const rules = jumpboxRules(windowsDeveloper);
      const allows = rules.filter((r) => r.access === "Allow" && r.direction === "Inbound");
      assert.deepEqual(
        allows.map((r) => [r.sourceAddressPrefix, r.destinationPortRanges]),
        [["168.63.129.16", ["3389"]]],
      );
      const deny = rules.find((r) => r.name === "DenyInternetInbound")!;
      assert.ok(Number(allows[0]!.priority) < Number(deny.priority));
    });
  });
});
