/**
 * Reading policy definitions from files: one definition, a directory of them, or an initiative (policy set)
 * whose `policyDefinitions[].policyDefinitionId` name shipped built-ins by GUID, with its `parameters`
 * mapping. Reads are bounded (regular files, at most {@link MAX_FILE_BYTES} each) and every error names the
 * file, what is wrong and how to fix it.
 * https://learn.microsoft.com/azure/governance/policy/concepts/initiative-definition-structure
 */
import { lstatSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { definitionFromJson } from "./evaluate";
import { evaluateValue, getProp } from "./expression";
import type { PolicyDefinition } from "./types";

/** The largest definition file read (Microsoft's largest built-ins are well under 100 kB). */
export const MAX_FILE_BYTES = 1024 * 1024;
/** The most files read from one directory. */
export const MAX_FILES = 500;

/** A definition file that cannot be used: which file, why, what to do. */
export class PolicyFileError extends Error {
  constructor(
    readonly file: string,
    readonly why: string,
    readonly fix: string,
  ) {
    super(`${file}: ${why} (${fix})`);
  }
}

const isObj = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

function readJson(file: string): unknown {
  let st: ReturnType<typeof statSync>;
  try {
    st = lstatSync(file);
  } catch {
    throw new PolicyFileError(
      file,
      "no such file or directory",
      "give the path of a policy definition file or directory",
    );
  }
  if (!st.isFile())
    throw new PolicyFileError(
      file,
      "not a regular file",
      "give a .json file (links and devices are not read)",
    );
  if (st.size > MAX_FILE_BYTES)
    throw new PolicyFileError(
      file,
      `${st.size} bytes, over the ${MAX_FILE_BYTES}-byte limit`,
      "split it or remove what is not the definition",
    );
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new PolicyFileError(file, `not valid JSON: ${(e as Error).message}`, "fix the JSON syntax");
  }
}

/** An initiative: `properties.policyDefinitions` is its list of members. */
const isInitiative = (json: unknown): boolean =>
  isObj(json) && Array.isArray(getProp(isObj(json.properties) ? json.properties : json, "policyDefinitions"));

/** The definitions of an initiative, built-ins resolved by GUID, assignment parameters mapped. */
function expandInitiative(
  json: Record<string, unknown>,
  file: string,
  builtins: readonly PolicyDefinition[],
): PolicyDefinition[] {
  const props = isObj(json.properties) ? json.properties : json;
  const setParams = isObj(props.parameters) ? props.parameters : {};
  const setValue = (name: string): unknown => {
    const key = Object.keys(setParams).find((k) => k.toLowerCase() === name.toLowerCase());
    const p = key === undefined ? undefined : setParams[key];
    if (!isObj(p) || !("defaultValue" in p))
      throw new PolicyFileError(
        file,
        `the initiative parameter '${name}' has no defaultValue`,
        "give it a defaultValue (there is no assignment offline)",
      );
    return p.defaultValue;
  };
  const out: PolicyDefinition[] = [];
  for (const [i, member] of (props.policyDefinitions as unknown[]).entries()) {
    const id = String(getProp(member, "policyDefinitionId") ?? "");
    const guid = id.split("/").pop()?.toLowerCase() ?? "";
    const def = builtins.find((d) => d.name.toLowerCase() === guid);
    if (!def)
      throw new PolicyFileError(
        file,
        `policyDefinitions[${i}].policyDefinitionId ${id || "(missing)"} is not a built-in secure-aml ships`,
        "use the GUID of a shipped built-in (secure-aml rules lists them) or pass the definition file itself",
      );
    const mapped: Record<string, unknown> = {};
    const params = getProp(member, "parameters");
    if (isObj(params))
      for (const [k, v] of Object.entries(params)) {
        const value = getProp(v, "value");
        mapped[k] = evaluateValue(value, {
          parameter: setValue,
          field: () => {
            throw new PolicyFileError(file, "field() in an initiative parameter", "use parameters() only");
          },
          current: () => undefined,
          builtinObject: () => undefined,
        });
      }
    out.push({ ...def, assigned: { ...(def.assigned ?? {}), ...mapped } });
  }
  return out;
}

/** Definitions from one file (a definition or an initiative). */
export function loadPolicyFile(file: string, builtins: readonly PolicyDefinition[]): PolicyDefinition[] {
  const json = readJson(file);
  if (isInitiative(json)) return expandInitiative(json as Record<string, unknown>, file, builtins);
  try {
    return [definitionFromJson(json, file, false)];
  } catch (e) {
    throw new PolicyFileError(
      file,
      (e as Error).message,
      "give an Azure Policy definition (properties.policyRule) or initiative (properties.policyDefinitions)",
    );
  }
}

/** Definitions from files and directories (each directory's `.json` files, sorted, not recursive). */
export function loadPolicies(
  paths: readonly string[],
  builtins: readonly PolicyDefinition[],
): PolicyDefinition[] {
  const out: PolicyDefinition[] = [];
  for (const p of paths) {
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(p);
    } catch {
      throw new PolicyFileError(
        p,
        "no such file or directory",
        "give the path of a policy definition file or directory",
      );
    }
    if (!st.isDirectory()) {
      out.push(...loadPolicyFile(p, builtins));
      continue;
    }
    const files = readdirSync(p)
      .filter((f) => f.toLowerCase().endsWith(".json"))
      .sort();
    if (files.length > MAX_FILES)
      throw new PolicyFileError(
        p,
        `${files.length} .json files, over the limit of ${MAX_FILES}`,
        "point at a smaller directory",
      );
    for (const f of files) out.push(...loadPolicyFile(path.join(p, f), builtins));
  }
  return out;
}
