import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { JUMPBOX_IMAGES } from "../infra/jumpbox";
import {
  AUTOMATIC_BY_PLATFORM,
  type ImageRef,
  type PatchMode,
  patchModeFor,
  patchSettingsProblem,
  supportsAutomaticByPlatform,
} from "./guestPatching";

const WIN11 = JUMPBOX_IMAGES.windows;
const UBUNTU = JUMPBOX_IMAGES.linux;
const WIN_SERVER: ImageRef = {
  publisher: "MicrosoftWindowsServer",
  offer: "WindowsServer",
  sku: "2022-datacenter",
};

describe("image × patch mode table", () => {
  test("sourced on Microsoft Learn and dated", () => {
    assert.match(
      AUTOMATIC_BY_PLATFORM.source,
      /^https:\/\/learn\.microsoft\.com\/azure\/virtual-machines\/automatic-vm-guest-patching/,
    );
    assert.match(AUTOMATIC_BY_PLATFORM.checked, /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(!Number.isNaN(Date.parse(AUTOMATIC_BY_PLATFORM.checked)));
  });

  test("Windows 11 desktop is not on the AutomaticByPlatform list; Ubuntu 24.04 and Windows Server are", () => {
    assert.equal(supportsAutomaticByPlatform(WIN11), false);
    assert.equal(supportsAutomaticByPlatform(UBUNTU), true);
    assert.equal(supportsAutomaticByPlatform(WIN_SERVER), true);
    // ARM compares image references case-insensitively.
    assert.equal(
      supportsAutomaticByPlatform({ publisher: "canonical", offer: "UBUNTU-24_04-LTS", sku: "Server" }),
      true,
    );
  });

  test("AutomaticByPlatform on Windows 11 is refused with the fix and the source (the bug this fixes)", () => {
    const problem = patchSettingsProblem({
      os: "windows",
      image: WIN11,
      patchMode: "AutomaticByPlatform",
      enableAutomaticUpdates: true,
      provisionVMAgent: true,
    });
    assert.match(
      problem ?? "",
      /MicrosoftWindowsDesktop\/windows-11\/win11-24h2-pro is not on the AutomaticByPlatform list/,
    );
    assert.match(problem ?? "", /use AutomaticByOS/);
    assert.match(problem ?? "", /learn\.microsoft\.com/);
  });

  test("the jump box images get a mode Azure accepts: AutomaticByOS for Windows 11, AutomaticByPlatform for Ubuntu", () => {
    assert.equal(patchModeFor("windows", WIN11), "AutomaticByOS");
    assert.equal(patchModeFor("linux", UBUNTU), "AutomaticByPlatform");
    for (const os of ["linux", "windows"] as const) {
      const use = { os, image: JUMPBOX_IMAGES[os], patchMode: patchModeFor(os, JUMPBOX_IMAGES[os]) };
      assert.equal(
        patchSettingsProblem({ ...use, enableAutomaticUpdates: true, provisionVMAgent: true }),
        undefined,
      );
    }
  });

  test("modes an OS does not have, and the automatic-updates switch each Windows mode needs", () => {
    assert.match(
      patchSettingsProblem({ os: "linux", image: UBUNTU, patchMode: "AutomaticByOS" }) ?? "",
      /not available on linux/,
    );
    assert.match(
      patchSettingsProblem({ os: "windows", image: WIN11, patchMode: "ImageDefault" }) ?? "",
      /not available on windows/,
    );
    const win = { os: "windows" as const, image: WIN11 };
    assert.match(
      patchSettingsProblem({ ...win, patchMode: "AutomaticByOS", enableAutomaticUpdates: false }) ?? "",
      /needs enableAutomaticUpdates true/,
    );
    assert.match(
      patchSettingsProblem({ ...win, patchMode: "Manual", enableAutomaticUpdates: true }) ?? "",
      /needs enableAutomaticUpdates false/,
    );
    assert.equal(
      patchSettingsProblem({ ...win, patchMode: "Manual", enableAutomaticUpdates: false }),
      undefined,
    );
    assert.match(
      patchSettingsProblem({
        os: "linux",
        image: UBUNTU,
        patchMode: "AutomaticByPlatform",
        provisionVMAgent: false,
      }) ?? "",
      /provisionVMAgent/,
    );
  });

  test("property: the chosen mode is always accepted, and AutomaticByPlatform exactly for listed images", () => {
    const listed = fc.constantFrom(...AUTOMATIC_BY_PLATFORM.images);
    const other = fc.record({
      publisher: fc.constantFrom("MicrosoftWindowsDesktop", "Canonical", "RedHat", "Contoso"),
      offer: fc.string({ minLength: 1, maxLength: 12 }),
      sku: fc.string({ minLength: 1, maxLength: 12 }),
    });
    const modes: PatchMode[] = ["AutomaticByPlatform", "AutomaticByOS", "Manual", "ImageDefault"];
    fc.assert(
      fc.property(
        fc.constantFrom("linux" as const, "windows" as const),
        fc.oneof(listed, other),
        fc.constantFrom(...modes),
        (os, image, mode) => {
          // The stack's own settings: automatic updates and the VM agent on.
          const settings = { enableAutomaticUpdates: true, provisionVMAgent: true };
          assert.equal(
            patchSettingsProblem({ os, image, patchMode: patchModeFor(os, image), ...settings }),
            undefined,
          );
          const accepted = patchSettingsProblem({ os, image, patchMode: mode, ...settings }) === undefined;
          const available =
            os === "linux"
              ? ["AutomaticByPlatform", "ImageDefault"]
              : ["AutomaticByPlatform", "AutomaticByOS"];
          assert.equal(
            accepted,
            available.includes(mode) &&
              (mode !== "AutomaticByPlatform" || supportsAutomaticByPlatform(image)),
          );
        },
      ),
    );
  });
});
