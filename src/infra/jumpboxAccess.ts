import type { Config } from "../config";
import type { RoleName } from "./roles";

/**
 * How people get into the jump box, per Bastion SKU and OS (pure; the jump box, the NSG rules, the connect
 * hint and the grants table all read these, so they cannot disagree).
 *
 * - Microsoft Entra ID sign-in through Bastion needs Basic (Azure portal) or Standard (native client, `az
 *   network bastion ssh/rdp`); Bastion Developer has neither
 *   (https://learn.microsoft.com/azure/bastion/bastion-entra-id-authentication).
 * - Every VM still needs the local credential Azure requires at creation: an SSH public key on Linux (password
 *   sign-in stays off, Entra SSH uses certificates), a password on Windows (RDP has no key sign-in). With
 *   Developer that credential is the way in; with Basic/Standard it is the break-glass.
 */

/** Microsoft Learn pages the connect instructions rely on. */
export const JUMPBOX_ACCESS_SOURCES = {
  entraId: "https://learn.microsoft.com/azure/bastion/bastion-entra-id-authentication",
  developer: "https://learn.microsoft.com/azure/bastion/quickstart-developer",
  sshKey: "https://learn.microsoft.com/azure/bastion/bastion-connect-vm-ssh-linux",
  rdp: "https://learn.microsoft.com/azure/bastion/bastion-connect-vm-rdp-windows",
  platformIp: "https://learn.microsoft.com/azure/virtual-network/what-is-ip-address-168-63-129-16",
} as const;

/**
 * Bastion Developer reaches the VM from Azure's platform address, so the VM's NSG must allow 22/3389 from
 * it (https://learn.microsoft.com/azure/bastion/quickstart-developer, "Deploy Bastion and connect to VM").
 * It is a virtual public address Azure uses for platform services, never an internet client
 * (https://learn.microsoft.com/azure/virtual-network/what-is-ip-address-168-63-129-16).
 */
export const AZURE_PLATFORM_IP = "168.63.129.16";

/**
 * True when the jump box signs people in with Microsoft Entra ID: it gets the Entra login extension, and the
 * people who use it need Virtual Machine User (or Administrator) Login plus Reader on the VM, its NIC and the
 * Bastion. False with Bastion Developer, which has no Entra ID sign-in, and without a jump box.
 */
export function jumpboxEntraLogin(c: Config): boolean {
  return c.jumpbox.enabled && c.jumpbox.bastionSku !== "Developer";
}

/** The local credential a jump box OS gets: an SSH key (Linux) or a password (Windows). */
export type JumpboxCredential = "sshKey" | "password";

/** The local credential Azure requires for the OS (pure). */
export function jumpboxCredential(os: Config["jumpbox"]["os"]): JumpboxCredential {
  return os === "linux" ? "sshKey" : "password";
}

/** The port Bastion opens sessions on for the OS: SSH for Linux, RDP for Windows. */
export function jumpboxSessionPort(os: Config["jumpbox"]["os"]): "22" | "3389" {
  return os === "linux" ? "22" : "3389";
}

/** A role a person who uses the jump box needs, on one of its resources (for the grants table). */
export interface JumpboxUserRole {
  readonly role: Extract<RoleName, "reader" | "virtualMachineUserLogin">;
  readonly on: "vm" | "nic" | "bastion";
  readonly why: string;
}

/**
 * The roles each person who connects to the jump box needs (pure; the grants table decides who gets them).
 * Every SKU: Reader on the VM, its NIC and the Bastion, or the portal's Bastion page offers no connection
 * (https://learn.microsoft.com/azure/bastion/bastion-connect-vm-ssh-linux#required-roles). With Entra ID
 * sign-in also Virtual Machine User Login: Owner or Contributor alone does not allow an Entra sign-in
 * (https://learn.microsoft.com/azure/bastion/bastion-entra-id-authentication#assign-roles).
 */
export function jumpboxUserRoles(c: Config): JumpboxUserRole[] {
  if (!c.jumpbox.enabled) return [];
  const readers: JumpboxUserRole[] = (["vm", "nic", "bastion"] as const).map((on) => ({
    role: "reader",
    on,
    why: `Bastion lists the jump box only to people who can read its ${on === "vm" ? "VM" : on === "nic" ? "NIC" : "Bastion host"}`,
  }));
  if (!jumpboxEntraLogin(c)) return readers;
  return [
    {
      role: "virtualMachineUserLogin",
      on: "vm",
      why: "signs in to the jump box with Microsoft Entra ID through Bastion",
    },
    ...readers,
  ];
}
