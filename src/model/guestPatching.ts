/**
 * Which VM guest patch mode an image may use (pure). `AutomaticByPlatform` (Azure-orchestrated patching) is
 * accepted only for the exact publisher/offer/sku combinations on Microsoft's supported-images list; any other
 * image fails the VM create with `InvalidParameter … not supported for VM Guest patch operations`. Windows 11
 * desktop images are not on the list, so a Windows 11 jump box uses `AutomaticByOS` (Windows Update inside the
 * VM), which every Windows image accepts.
 */

/** A Marketplace image reference, as `storageProfile.imageReference` carries it. */
export interface ImageRef {
  readonly publisher: string;
  readonly offer: string;
  readonly sku: string;
}

/** Guest patch modes of `osProfile.{linux,windows}Configuration.patchSettings.patchMode`. */
export type PatchMode = "AutomaticByPlatform" | "AutomaticByOS" | "Manual" | "ImageDefault";

/** The page that lists the images `AutomaticByPlatform` supports and the rules of each mode. */
export const GUEST_PATCHING_SOURCE =
  "https://learn.microsoft.com/azure/virtual-machines/automatic-vm-guest-patching";

/**
 * The images of that list this project uses or might switch to (Ubuntu 24.04 and Windows Server 2022/2025
 * Datacenter), copied from the "Supported OS images" tables as checked on {@link AUTOMATIC_BY_PLATFORM.checked}.
 * Microsoft adds images over time; an image missing here is treated as unsupported until this table is
 * re-checked, since a wrong "supported" fails the deployment while a wrong "unsupported" only costs
 * Azure-orchestrated patching.
 */
export const AUTOMATIC_BY_PLATFORM = {
  source: `${GUEST_PATCHING_SOURCE}#supported-os-images`,
  checked: "2026-11-30",
  images: [
    { publisher: "Canonical", offer: "ubuntu-24_04-lts", sku: "server" },
    { publisher: "Canonical", offer: "ubuntu-24_04-lts", sku: "server-gen1" },
    { publisher: "Canonical", offer: "ubuntu-24_04-lts", sku: "server-arm64" },
    { publisher: "Canonical", offer: "ubuntu-24_04-lts", sku: "ubuntu-pro" },
    { publisher: "MicrosoftWindowsServer", offer: "WindowsServer", sku: "2022-datacenter" },
    { publisher: "MicrosoftWindowsServer", offer: "WindowsServer", sku: "2022-datacenter-g2" },
    { publisher: "MicrosoftWindowsServer", offer: "WindowsServer", sku: "2022-datacenter-azure-edition" },
    { publisher: "MicrosoftWindowsServer", offer: "WindowsServer", sku: "2025-datacenter" },
    { publisher: "MicrosoftWindowsServer", offer: "WindowsServer", sku: "2025-datacenter-azure-edition" },
  ] as readonly ImageRef[],
} as const;

/** Modes each OS accepts at all (same page, "Patch orchestration modes"). */
const MODES_BY_OS: Readonly<Record<"linux" | "windows", readonly PatchMode[]>> = {
  linux: ["AutomaticByPlatform", "ImageDefault"],
  windows: ["AutomaticByPlatform", "AutomaticByOS", "Manual"],
};

// Publisher, offer and sku match case-insensitively, as ARM compares them.
const same = (a: ImageRef, b: ImageRef) =>
  [a.publisher, a.offer, a.sku].join("/").toLowerCase() ===
  [b.publisher, b.offer, b.sku].join("/").toLowerCase();

/** True when the image is on the `AutomaticByPlatform` list of {@link AUTOMATIC_BY_PLATFORM}. */
export function supportsAutomaticByPlatform(image: ImageRef): boolean {
  return AUTOMATIC_BY_PLATFORM.images.some((i) => same(i, image));
}

/** The patch settings of a VM that decide whether Azure accepts them. */
export interface PatchSettingsUse {
  readonly os: "linux" | "windows";
  readonly image: ImageRef;
  readonly patchMode: PatchMode;
  /** `windowsConfiguration.enableAutomaticUpdates` (Windows only). */
  readonly enableAutomaticUpdates?: boolean;
  readonly provisionVMAgent?: boolean;
}

/**
 * Why Azure would refuse these patch settings, or undefined when it accepts them (pure; for the stack and for
 * a deploy-time check of a plan). Each reason names the fix and the source.
 */
export function patchSettingsProblem(u: PatchSettingsUse): string | undefined {
  const image = `${u.image.publisher}/${u.image.offer}/${u.image.sku}`;
  if (!MODES_BY_OS[u.os].includes(u.patchMode)) {
    return `patch mode ${u.patchMode} is not available on ${u.os} VMs (use ${MODES_BY_OS[u.os].join(" or ")}; ${GUEST_PATCHING_SOURCE}#patch-orchestration-modes)`;
  }
  if (u.patchMode === "AutomaticByPlatform") {
    if (!supportsAutomaticByPlatform(u.image)) {
      return `image ${image} is not on the AutomaticByPlatform list (checked ${AUTOMATIC_BY_PLATFORM.checked}): Azure rejects the VM; use ${u.os === "windows" ? "AutomaticByOS" : "ImageDefault"} or a listed image (${AUTOMATIC_BY_PLATFORM.source})`;
    }
    if (u.provisionVMAgent === false) {
      return `AutomaticByPlatform needs provisionVMAgent true (${GUEST_PATCHING_SOURCE}#requirements-for-enabling-automatic-vm-guest-patching)`;
    }
  }
  if (u.os === "windows") {
    // AutomaticByOS and AutomaticByPlatform run with Windows automatic updates on; Manual with them off.
    const wantUpdates = u.patchMode !== "Manual";
    if ((u.enableAutomaticUpdates ?? true) !== wantUpdates) {
      return `patch mode ${u.patchMode} needs enableAutomaticUpdates ${wantUpdates} (${GUEST_PATCHING_SOURCE}#patch-orchestration-modes)`;
    }
  }
  return undefined;
}

/**
 * The patch mode for an image: Azure-orchestrated where the image supports it, otherwise the OS's own
 * automatic updates (Windows) or the image's default (Linux), so the VM is always patched automatically.
 */
export function patchModeFor(os: "linux" | "windows", image: ImageRef): PatchMode {
  if (supportsAutomaticByPlatform(image)) return "AutomaticByPlatform";
  return os === "windows" ? "AutomaticByOS" : "ImageDefault";
}
