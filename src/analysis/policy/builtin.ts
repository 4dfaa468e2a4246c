/**
 * The Azure Policy built-in definitions secure-aml ships (`data/policy/builtin/`, byte-exact copies from
 * Azure/azure-policy, see its PROVENANCE.md) and the parameter values the project assigns them with.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { definitionFromJson } from "./evaluate";
import type { PolicyDefinition } from "./types";

/** The folder of the shipped definitions. */
export const BUILTIN_DIR = path.resolve(__dirname, "..", "..", "..", "data", "policy", "builtin");

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
