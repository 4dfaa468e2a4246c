import type * as authorization from "@pulumi/azure-native/authorization";
import * as compute from "@pulumi/azure-native/compute";
import * as network from "@pulumi/azure-native/network";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import * as tls from "@pulumi/tls";
import { patchModeFor } from "../model/guestPatching";
import type { StackContext } from "./context";
import type { DataSources } from "./data";
import { DATA_CONTAINERS } from "./data";
import { STORAGE_HOST_SUFFIX } from "./dnsZones";
import { type GrantScope, grantOwner, plannedGrants } from "./grants";
import { jumpboxCredential, jumpboxEntraLogin } from "./jumpboxAccess";
import { createGrants, peopleIds } from "./roles";
import { sampleCsv, sampleUpload, seedScript } from "./sampleData";

/** Arguments of {@link JumpBox}. */
export interface JumpBoxArgs {
  readonly ctx: StackContext;
  readonly vnetId: pulumi.Input<string>;
  readonly subnetId: pulumi.Input<string>;
  /** AzureBastionSubnet id; required for the Basic and Standard SKUs. */
  readonly bastionSubnetId?: pulumi.Input<string>;
  readonly data: DataSources;
}

/** Marketplace images: Ubuntu 24.04 LTS, or Windows 11 (the original's OS). */
export const JUMPBOX_IMAGES = {
  linux: { publisher: "Canonical", offer: "ubuntu-24_04-lts", sku: "server", version: "latest" },
  windows: {
    publisher: "MicrosoftWindowsDesktop",
    offer: "windows-11",
    sku: "win11-24h2-pro",
    version: "latest",
  },
} as const;

/**
 * Entra ID login extensions (https://learn.microsoft.com/entra/identity/devices/howto-vm-sign-in-azure-ad-linux,
 * https://learn.microsoft.com/entra/identity/devices/howto-vm-sign-in-azure-ad-windows).
 */
export const ENTRA_LOGIN_EXTENSIONS = {
  linux: {
    publisher: "Microsoft.Azure.ActiveDirectory",
    type: "AADSSHLoginForLinux",
    typeHandlerVersion: "1.0",
  },
  windows: {
    publisher: "Microsoft.Azure.ActiveDirectory",
    type: "AADLoginForWindows",
    typeHandlerVersion: "2.0",
  },
} as const;

/**
 * A jump host inside the VNet: no public IP, reached only through Azure Bastion. With Bastion Basic/Standard
 * people sign in with Microsoft Entra ID; with Developer, which has no Entra ID sign-in, with the local
 * credential (see `jumpboxAccess.ts`): a generated SSH key on Linux (password sign-in off), a generated
 * password on Windows, both held only as Pulumi secrets. When the data stores are private it also uploads the
 * sample data through the private endpoints, with its own managed identity.
 */
export class JumpBox extends pulumi.ComponentResource {
  /** The VM. */
  readonly vm: compute.VirtualMachine;
  /** The Bastion host. */
  readonly bastion: network.BastionHost;
  /** The generated admin password (a Pulumi secret); Windows only, since Azure requires one there. */
  readonly adminPassword?: pulumi.Output<string>;
  /** The generated SSH private key in PEM (a Pulumi secret); Linux only. */
  readonly sshPrivateKey?: pulumi.Output<string>;
  /** The admin user name. */
  readonly adminUsername = "azureuser";

  constructor(name: string, args: JumpBoxArgs, opts?: pulumi.ComponentResourceOptions) {
    super("secure-aml:jumpbox:JumpBox", name, {}, opts);
    const { ctx } = args;
    const c = ctx.config;
    const os = c.jumpbox.os;
    const base = { resourceGroupName: ctx.resourceGroupName, location: ctx.location, tags: ctx.tags };
    const child = { parent: this };

    const credential = this.createCredential(name, os);
    if (credential.kind === "password") this.adminPassword = pulumi.secret(credential.password);
    else this.sshPrivateKey = pulumi.secret(credential.key.privateKeyPem);

    const nic = new network.NetworkInterface(
      `${name}-nic`,
      {
        ...base,
        networkInterfaceName: ctx.names.jumpboxNic,
        // No publicIPAddress: the VM is reachable only through Bastion.
        ipConfigurations: [
          { name: "ipconfig1", subnet: { id: args.subnetId }, privateIPAllocationMethod: "Dynamic" },
        ],
      },
      child,
    );

    this.vm = new compute.VirtualMachine(
      `${name}-vm`,
      {
        ...base,
        vmName: ctx.names.jumpbox,
        hardwareProfile: { vmSize: c.jumpbox.size },
        identity: { type: "SystemAssigned" },
        networkProfile: { networkInterfaces: [{ id: nic.id, primary: true }] },
        osProfile: {
          computerName: os === "windows" ? "jumpbox" : ctx.names.jumpbox,
          adminUsername: this.adminUsername,
          ...(credential.kind === "sshKey"
            ? {
                linuxConfiguration: {
                  // Key only: Entra SSH (Basic/Standard) uses certificates, Developer uses the generated key.
                  disablePasswordAuthentication: true,
                  ssh: {
                    publicKeys: [
                      {
                        path: `/home/${this.adminUsername}/.ssh/authorized_keys`,
                        keyData: credential.key.publicKeyOpenssh,
                      },
                    ],
                  },
                  provisionVMAgent: true,
                  patchSettings: { patchMode: patchModeFor("linux", JUMPBOX_IMAGES.linux) },
                },
              }
            : {
                adminPassword: credential.password,
                windowsConfiguration: {
                  enableAutomaticUpdates: true,
                  provisionVMAgent: true,
                  // Windows 11 is not on the AutomaticByPlatform image list: AutomaticByOS (guestPatching.ts).
                  patchSettings: { patchMode: patchModeFor("windows", JUMPBOX_IMAGES.windows) },
                },
              }),
        },
        // Windows 11 on Azure needs the client licence type (multitenant hosting rights).
        ...(os === "windows" ? { licenseType: "Windows_Client" } : {}),
        storageProfile: {
          imageReference: JUMPBOX_IMAGES[os],
          osDisk: {
            createOption: "FromImage",
            managedDisk: { storageAccountType: "StandardSSD_LRS" },
            deleteOption: "Delete",
          },
        },
        securityProfile: {
          securityType: "TrustedLaunch",
          uefiSettings: { secureBootEnabled: true, vTpmEnabled: true },
        },
        diagnosticsProfile: { bootDiagnostics: { enabled: true } },
      },
      child,
    );

    // Bastion Developer has no Entra ID sign-in: there the extension would only be one more thing to fail.
    let loginExtension: compute.VirtualMachineExtension | undefined;
    if (jumpboxEntraLogin(c)) {
      const login = ENTRA_LOGIN_EXTENSIONS[os];
      loginExtension = new compute.VirtualMachineExtension(
        `${name}-entra-login`,
        {
          ...base,
          vmName: this.vm.name,
          vmExtensionName: login.type,
          ...login,
          autoUpgradeMinorVersion: true,
        },
        child,
      );
    }

    if (c.jumpbox.bastionSku === "Developer") {
      // Developer: free shared pool attached to the VNet, no public IP, no subnet
      // (https://learn.microsoft.com/azure/bastion/configuration-settings).
      this.bastion = new network.BastionHost(
        `${name}-bastion`,
        {
          ...base,
          bastionHostName: ctx.names.bastion,
          sku: { name: "Developer" },
          virtualNetwork: { id: args.vnetId },
        },
        child,
      );
    } else {
      if (!args.bastionSubnetId) throw new Error(`Bastion ${c.jumpbox.bastionSku} needs AzureBastionSubnet`);
      const ip = new network.PublicIPAddress(
        `${name}-bastion-ip`,
        {
          ...base,
          publicIpAddressName: `pip-${ctx.names.bastion}`,
          sku: { name: "Standard", tier: "Regional" },
          publicIPAllocationMethod: "Static",
        },
        child,
      );
      this.bastion = new network.BastionHost(
        `${name}-bastion`,
        {
          ...base,
          bastionHostName: ctx.names.bastion,
          sku: { name: c.jumpbox.bastionSku },
          // Native-client (az network bastion ssh/rdp) tunnelling is a Standard feature.
          ...(c.jumpbox.bastionSku === "Standard" ? { enableTunneling: true } : {}),
          ipConfigurations: [
            { name: "ipconfig1", subnet: { id: args.bastionSubnetId }, publicIPAddress: { id: ip.id } },
          ],
        },
        child,
      );
    }
    // The jump box's rows of the grants table: Entra sign-in roles (Basic/Standard) and the sample upload's.
    const table = plannedGrants(c).filter((g) => grantOwner(g) === "jumpbox");
    const principals = {
      ...peopleIds(ctx),
      jumpboxIdentity: this.vm.identity.apply((i) => i?.principalId ?? ""),
    };
    const scopes: Partial<Record<GrantScope, pulumi.Input<string>>> = {
      jumpboxVm: this.vm.id,
      jumpboxNic: nic.id,
      bastion: this.bastion.id,
      ...(args.data.dataLake ? { dataLake: args.data.dataLake.id } : {}),
      ...(args.data.blob ? { blob: args.data.blob.id } : {}),
    };
    const grants = createGrants(name, table, { principals, scope: (s) => scopes[s] }, child);
    if (sampleUpload(c) === "jumpbox") {
      const seedGrants = table.filter((g) => g.before === "seed").map((g) => grants.get(g.key)!);
      this.seedSampleData(name, args, base, seedGrants, loginExtension);
    }
    this.registerOutputs({ vmId: this.vm.id, bastionId: this.bastion.id });
  }

  /** The local credential Azure requires for the OS, generated where Pulumi runs and kept in its state. */
  private createCredential(
    name: string,
    os: "linux" | "windows",
  ): { kind: "sshKey"; key: tls.PrivateKey } | { kind: "password"; password: pulumi.Output<string> } {
    const child = { parent: this };
    if (jumpboxCredential(os) === "sshKey") {
      // RSA: the key type every Azure Linux image and the Bastion portal's "SSH Private Key from Local File" accept.
      return {
        kind: "sshKey",
        key: new tls.PrivateKey(`${name}-ssh-key`, { algorithm: "RSA", rsaBits: 4096 }, child),
      };
    }
    const password = new random.RandomPassword(
      `${name}-password`,
      {
        length: 32,
        special: true,
        minLower: 2,
        minUpper: 2,
        minNumeric: 2,
        minSpecial: 2,
        overrideSpecial: "!#%*-_=+?",
      },
      child,
    );
    return { kind: "password", password: password.result };
  }

  private seedSampleData(
    name: string,
    args: JumpBoxArgs,
    base: { resourceGroupName: pulumi.Input<string>; location: string; tags: Record<string, string> },
    grants: readonly authorization.RoleAssignment[],
    loginExtension: compute.VirtualMachineExtension | undefined,
  ) {
    const { ctx, data } = args;
    const child = { parent: this };
    const stores = [
      { account: data.dataLake, name: ctx.names.dataLake, container: DATA_CONTAINERS.lake },
      { account: data.blob, name: ctx.names.blob, container: DATA_CONTAINERS.blob },
    ].filter((s) => s.account !== undefined);
    const script = seedScript(
      stores.map((s) => ({
        account: s.name,
        container: s.container,
        host: STORAGE_HOST_SUFFIX[ctx.config.cloud],
      })),
      sampleCsv(),
    );
    new compute.VirtualMachineExtension(
      `${name}-seed`,
      {
        ...base,
        vmName: this.vm.name,
        vmExtensionName: "seed-sample-data",
        publisher: "Microsoft.Azure.Extensions",
        type: "CustomScript",
        typeHandlerVersion: "2.1",
        autoUpgradeMinorVersion: true,
        settings: { script: Buffer.from(script).toString("base64") },
      },
      {
        ...child,
        // One extension operation at a time per VM: parallel extension PUTs can fail with 409 Conflict.
        dependsOn: [
          ...grants,
          ...data.endpoints.map((pe) => pe.zoneGroup),
          ...(loginExtension ? [loginExtension] : []),
        ],
      },
    );
  }
}
