import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { type Config, loadConfig, resourceNames } from "../config";
import { AZURE_PLATFORM_IP, jumpboxCredential, jumpboxEntraLogin, jumpboxUserRoles } from "./jumpboxAccess";
import { workloadSubnetRules } from "./nsgRules";
import { jumpboxConnectHint } from "./remaining";

/*
 * The way into the jump box for every OS × Bastion SKU, from the pure decisions the jump box, its NSG, the
 * connect hint and the grants table share. The synthesized wiring is tested in jumpbox.test.ts.
 */

const SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
type Os = Config["jumpbox"]["os"];
type Sku = Config["jumpbox"]["bastionSku"];
const VARIANTS: [Os, Sku][] = (["linux", "windows"] as const).flatMap((os) =>
  (["Developer", "Basic", "Standard"] as const).map((sku): [Os, Sku] => [os, sku]),
);
const configOf = (os: Os, bastionSku: Sku, enabled = true): Config =>
  loadConfig({ raw: { jumpbox: { enabled, os, bastionSku } } }).config;

describe("jump box access per OS and Bastion SKU", () => {
  test("Entra ID sign-in exactly with Bastion Basic/Standard (Developer has none), never without a jump box", () => {
    for (const [os, sku] of VARIANTS) {
      assert.equal(jumpboxEntraLogin(configOf(os, sku)), sku !== "Developer", `${os} ${sku}`);
      assert.equal(jumpboxEntraLogin(configOf(os, sku, false)), false, `${os} ${sku} disabled`);
    }
  });

  test("roles a jump box user needs: Reader on VM, NIC and Bastion always; VM User Login only with Entra ID", () => {
    for (const [os, sku] of VARIANTS) {
      const roles = jumpboxUserRoles(configOf(os, sku)).map((r) => `${r.role}@${r.on}`);
      const login = sku === "Developer" ? [] : ["virtualMachineUserLogin@vm"];
      assert.deepEqual(
        roles.sort(),
        [...login, "reader@bastion", "reader@nic", "reader@vm"].sort(),
        `${os} ${sku}`,
      );
      assert.deepEqual(jumpboxUserRoles(configOf(os, sku, false)), []);
    }
  });

  test("the local credential Azure requires: an SSH key on Linux, a password on Windows", () => {
    assert.deepEqual([jumpboxCredential("linux"), jumpboxCredential("windows")], ["sshKey", "password"]);
  });

  for (const [os, sku] of VARIANTS) {
    test(`${os} + ${sku}: the jump box NSG lets Bastion in on the OS's port only, ahead of the internet deny`, () => {
      const c = configOf(os, sku);
      const rules = workloadSubnetRules("jumpbox", c);
      const deny = rules.find((r) => r.name === "DenyInternetInbound")!;
      const allows = rules.filter((r) => r.direction === "Inbound" && r.access === "Allow");
      assert.equal(allows.length, 1);
      const [allow] = allows;
      // Developer comes from Azure's platform address (learn.microsoft.com/azure/bastion/quickstart-developer).
      assert.equal(
        allow!.sourceAddressPrefix,
        sku === "Developer" ? AZURE_PLATFORM_IP : c.network.subnets.bastion,
      );
      assert.deepEqual(allow!.destinationPortRanges, [os === "linux" ? "22" : "3389"]);
      assert.equal(allow!.protocol, "Tcp");
      assert.ok(allow!.priority < deny.priority);
    });
  }

  for (const [os, sku] of VARIANTS) {
    test(`${os} + ${sku}: the connect hint gives the exact way in, with its source`, () => {
      const c = configOf(os, sku);
      const names = resourceNames(c, SUBSCRIPTION);
      const hint = jumpboxConnectHint(c, names);
      const portal = `Azure portal > Virtual machines > ${names.jumpbox} > Connect > Bastion`;
      assert.ok(hint.includes(portal), hint);
      assert.match(hint, /https:\/\/learn\.microsoft\.com\/azure\/bastion\//);
      // The local credential: the way in with Developer, the break-glass otherwise; each OS only its own.
      const keyOutput = "pulumi stack output jumpboxSshPrivateKey --show-secrets > jumpbox.pem";
      if (os === "linux")
        assert.ok(
          sku === "Developer" ? hint.includes(keyOutput) : hint.includes("jumpboxSshPrivateKey"),
          hint,
        );
      else assert.ok(!hint.includes("jumpboxSshPrivateKey"), hint);
      if (os === "windows") assert.ok(hint.includes("jumpboxAdminPassword"), hint);
      else assert.ok(!hint.includes("jumpboxAdminPassword"), hint);

      const native = /az network bastion (ssh|rdp)/.exec(hint)?.[0];
      if (sku === "Developer") {
        assert.match(hint, /has no Microsoft Entra ID sign-in and no native client/);
        assert.ok(!/Authentication type "Microsoft Entra ID/.test(hint), hint);
        assert.equal(native, undefined);
        assert.match(
          hint,
          os === "linux"
            ? /"SSH Private Key from Local File", username azureuser/
            : /"Password", username azureuser/,
        );
        return;
      }
      assert.match(hint, /Authentication type "Microsoft Entra ID/);
      assert.match(hint, /Virtual Machine User Login .* Reader on the VM, its NIC and the Bastion/);
      if (sku === "Basic") return assert.equal(native, undefined, "Basic has no native client");
      if (os === "linux") {
        assert.ok(
          hint.startsWith(
            `az network bastion ssh --name ${names.bastion} --resource-group ${names.resourceGroup} --target-resource-id <jumpboxId> --auth-type AAD`,
          ),
          hint,
        );
      } else {
        // `az network bastion rdp` takes --enable-mfa for Entra ID; it has no --auth-type.
        assert.ok(
          hint.startsWith(
            `az network bastion rdp --name ${names.bastion} --resource-group ${names.resourceGroup} --target-resource-id <jumpboxId> --enable-mfa`,
          ),
          hint,
        );
        assert.ok(!hint.includes("--auth-type"), hint);
      }
    });
  }

  test("no jump box: the hint says so", () => {
    const c = configOf("linux", "Developer", false);
    assert.equal(jumpboxConnectHint(c, resourceNames(c, SUBSCRIPTION)), "no jump box in this configuration");
  });
});
