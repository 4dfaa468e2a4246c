/**
 * The Azure Policy built-in definitions secure-aml ships (`data/policy/builtin/`, byte-exact copies from
 * Azure/azure-policy, see its PROVENANCE.md) and the parameter values the project assigns them with.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { repoPath } from "../../paths";
import { definitionFromJson } from "./evaluate";
import type { PolicyDefinition } from "./types";

/** The folder of the shipped definitions. */
export const BUILTIN_DIR = repoPath("data", "policy", "builtin");

/** The Azure/azure-policy commit the shipped definitions were copied at. */
export const BUILTIN_COMMIT = "f4a50bacae07ddb096943c597669bcae494a6e29";

/**
 * Assignment values where a definition's default does not say what its title asks for. "Azure Machine
 * Learning ... should use Allow Only Approved Outbound Managed Vnet mode" defaults its `isolationMode`
 * parameter to `Disabled`, which would flag every managed VNet; the title's mode is the one to require.
 */
export const PROJECT_PARAMETERS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  "6ddb1705-c8cf-450e-aa4b-19ad6703c440": { isolationMode: "AllowOnlyApprovedOutbound" },
};

/** Why a secure-aml preset that is meant to be private does not satisfy a shipped definition. */
export interface KnownException {
  readonly reason: string;
  /** A public source (Microsoft Learn) for the reason. */
  readonly source: string;
  /** The presets it applies to. */
  readonly presets: readonly string[];
}

/**
 * The shipped definitions the `private` and `locked-down` presets do not satisfy today, and why. The tests
 * fail when one of those presets fails a definition not listed here (or stops failing one that is).
 */
export const KNOWN_EXCEPTIONS: Readonly<Record<string, KnownException>> = {
  // Resource logs in Azure Machine Learning Workspaces should be enabled
  "afe0c3be-ba3b-4544-ba52-0c99672a8ad6": {
    reason: "the stack does not create diagnostic settings for the workspace yet",
    source: "https://learn.microsoft.com/azure/machine-learning/monitor-azure-machine-learning",
    presets: ["private", "locked-down"],
  },
  // Azure Machine Learning workspaces should be encrypted with the use of a customer-managed key
  "7f40cee6-e933-4d0f-a782-b96615e0f4a6": {
    reason:
      "customer-managed keys are not enabled: they need a key in Key Vault and add Microsoft-managed resources billed to the subscription",
    source: "https://learn.microsoft.com/azure/machine-learning/concept-customer-managed-keys",
    presets: ["private", "locked-down"],
  },
  // Azure Machine Learning and Ai Studio should use Allow Only Approved Outbound Managed Vnet mode
  "6ddb1705-c8cf-450e-aa4b-19ad6703c440": {
    reason:
      "the private preset allows internet outbound from the managed VNet by design (locked-down does not)",
    source: "https://learn.microsoft.com/azure/machine-learning/how-to-managed-network",
    presets: ["private"],
  },
  // Storage accounts should prevent shared key access
  "8c6a50c6-9ffd-4ae7-986f-5fa6111f9a54": {
    reason:
      "the workspace's default storage keeps shared key access: a workspace uses it by default, and running with it disabled is a preview Microsoft does not recommend for production",
    source: "https://learn.microsoft.com/azure/machine-learning/how-to-disable-local-auth-storage",
    presets: ["private", "locked-down"],
  },
};

/** The public URL of a shipped definition file (`Machine_Learning/x.json` -> the upstream path). */
export function builtinSourceUrl(relative: string): string {
  const [folder, file] = relative.split("/");
  const upstream = `built-in-policies/policyDefinitions/${(folder ?? "").replace(/_/g, " ")}/${file}`;
  return `https://github.com/Azure/azure-policy/blob/${BUILTIN_COMMIT}/${upstream.split(" ").join("%20")}`;
}

/** The shipped definitions' files, relative to {@link BUILTIN_DIR}, sorted. */
export function builtinFiles(dir = BUILTIN_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      readdirSync(path.join(dir, d.name))
        .filter((f) => f.endsWith(".json"))
        .map((f) => `${d.name}/${f}`),
    )
    .sort();
}

/** Every shipped definition, with the project's assignment values. */
export function builtinDefinitions(dir = BUILTIN_DIR): PolicyDefinition[] {
  return builtinFiles(dir).map((rel) => {
    const def = definitionFromJson(
      JSON.parse(readFileSync(path.join(dir, rel), "utf8")),
      builtinSourceUrl(rel),
      true,
    );
    const assigned = PROJECT_PARAMETERS[def.name];
    return assigned ? { ...def, assigned } : def;
  });
}
