/**
 * Azure Policy field resolution: a `field` (`type`, `name`, `tags['x']`, or an alias such as
 * `Microsoft.Storage/storageAccounts/networkAcls.defaultAction`) to the value(s) in an ARM resource.
 *
 * An alias is `<resource type>/<path>`. Its ARM path follows a convention — the path under `properties`,
 * except for the top-level fields ARM keeps beside `properties` (`sku`, `kind`, `identity`, ...) — with two
 * systematic exceptions and a short table of aliases that point elsewhere ({@link ALIAS_PATHS}):
 * - an element of an ARM sub-resource array (`subnets`, `securityRules`, `ipConfigurations`,
 *   `privateLinkServiceConnections`, `privateEndpointConnections`, ...) is `{id, name, properties}`, so the
 *   alias `subnets[*].defaultOutboundAccess` is the ARM path `properties.subnets[*].properties.defaultOutboundAccess`
 *   (the ARM schemas define these arrays as sub-resources with their own `properties`);
 * - property names compare case-insensitively (`ipconfigurations[*].publicIpAddress` is ARM's
 *   `ipConfigurations[*].properties.publicIPAddress`).
 * https://learn.microsoft.com/azure/governance/policy/concepts/definition-structure-alias
 */
import { getProp } from "./expression";

/** The ARM fields beside `properties`; an alias path starting with one of them is not under `properties`. */
const TOP_LEVEL = new Set([
  "sku",
  "kind",
  "identity",
  "location",
  "tags",
  "plan",
  "zones",
  "extendedlocation",
  "managedby",
  "name",
  "id",
  "type",
]);

/**
 * Arrays whose elements are ARM sub-resources (`{id, name, properties}`): a path into an element goes
 * through its `properties`. Source: the ARM schemas of Microsoft.Network (`Subnet`, `SecurityRule`,
 * `NetworkInterfaceIPConfiguration`, `PrivateLinkServiceConnection`, `PrivateDnsZoneConfig`) and the
 * `PrivateEndpointConnection` of every private link resource (Microsoft.Storage, KeyVault, ContainerRegistry,
 * Sql, MachineLearningServices), e.g. https://learn.microsoft.com/azure/templates/microsoft.network/virtualnetworks
 */
const SUB_RESOURCE_ARRAYS = new Set([
  "subnets",
  "securityrules",
  "defaultsecurityrules",
  "ipconfigurations",
  "privatelinkserviceconnections",
  "manualprivatelinkserviceconnections",
  "privatednszoneconfigs",
  "privateendpointconnections",
  "virtualnetworkpeerings",
]);

/** The sub-resource fields that sit beside its `properties`. */
const SUB_RESOURCE_TOP = new Set(["id", "name", "type", "etag", "properties"]);

/**
 * Aliases whose ARM path is not the convention (lower-case alias -> ARM path), with the source of each.
 */
export const ALIAS_PATHS: Readonly<Record<string, { readonly path: string; readonly source: string }>> = {
  // A compute's type-specific settings (subnet, ssh, public IP) sit one level down, in `properties.properties`:
  // the REST example Compute/createOrUpdate/ComputeInstance.json (2025-12-01) has properties.properties.subnet.id.
  "microsoft.machinelearningservices/workspaces/computes/subnet.id": {
    path: "properties.properties.subnet.id",
    source:
      "https://learn.microsoft.com/azure/templates/microsoft.machinelearningservices/workspaces/computes",
  },
  // The diagnostic settings alias without [*] predates [*] aliases; it means every log category.
  "microsoft.insights/diagnosticsettings/logs.enabled": {
    path: "properties.logs[*].enabled",
    source: "https://learn.microsoft.com/azure/governance/policy/how-to/author-policies-for-arrays",
  },
};

/** A parsed ARM path: names, with `*` for "every element". */
export type PathSegment = { readonly name: string } | { readonly each: true };

/** Parses `a.b[*].c` into segments. */
export function parsePath(path: string): PathSegment[] {
  const out: PathSegment[] = [];
  for (const part of path.split(".")) {
    const m = /^([^[\]]*)((?:\[\*\])*)$/.exec(part);
    if (!m) throw new Error(`cannot parse the path '${path}'`);
    if (m[1]) out.push({ name: m[1] });
    for (let i = 0; i < m[2]!.length / 3; i++) out.push({ each: true });
  }
  return out;
}

/** The convention: the alias path under `properties` (unless top-level), sub-resource elements via `properties`. */
export function conventionPath(aliasPath: string): string {
  const segs = parsePath(aliasPath);
  const out: string[] = [];
  let prevArray: string | undefined;
  segs.forEach((s, i) => {
    if ("each" in s) {
      out[out.length - 1] = `${out[out.length - 1]}[*]`;
      return;
    }
    const lower = s.name.toLowerCase();
    if (i === 0 && !TOP_LEVEL.has(lower)) out.push("properties");
    const prev = segs[i - 1];
    if (
      prev &&
      "each" in prev &&
      prevArray &&
      SUB_RESOURCE_ARRAYS.has(prevArray) &&
      !SUB_RESOURCE_TOP.has(lower)
    )
      out.push("properties");
    out.push(s.name);
    prevArray = lower;
  });
  return out.join(".");
}

/** How a field resolves on one resource. */
export type Resolved =
  | { readonly kind: "single"; readonly value: unknown; readonly path: string }
  | { readonly kind: "many"; readonly values: readonly unknown[]; readonly path: string }
  /** An alias of another resource type: the field has no value on this resource. */
  | { readonly kind: "other-type"; readonly path: string };

/** The ARM path of an alias for a resource of `resourceType`, or undefined when it is another type's alias. */
export function aliasArmPath(alias: string, resourceType: string): string | undefined {
  const prefix = `${resourceType.toLowerCase()}/`;
  const lower = alias.toLowerCase();
  if (!lower.startsWith(prefix)) return undefined;
  const rest = alias.slice(prefix.length);
  if (rest.includes("/") || rest === "") return undefined;
  return ALIAS_PATHS[lower]?.path ?? conventionPath(rest);
}

/** The value(s) at an ARM path: one value, or (with `[*]`) the flattened values of every element. */
export function valuesAt(root: unknown, path: string): Resolved {
  const segs = parsePath(path);
  let many = false;
  let current: unknown[] = [root];
  for (const s of segs) {
    if ("each" in s) {
      many = true;
      current = current.flatMap((v) => (Array.isArray(v) ? v : []));
    } else current = current.map((v) => getProp(v, s.name));
  }
  return many ? { kind: "many", values: current, path } : { kind: "single", value: current[0], path };
}

/** The resource's own Azure name: the last segment of its ARM name. */
const shortName = (name: unknown): string =>
  typeof name === "string" ? (name.split("/").pop() ?? name) : "";

/**
 * Resolves a policy `field` on an ARM resource. Top-level fields follow
 * https://learn.microsoft.com/azure/governance/policy/concepts/definition-structure-policy-rule#fields :
 * `name` is the resource's own name, `fullName` the full one, `tags['x']` / `tags.x` / `tags[x]` a tag.
 */
export function resolveField(resource: Record<string, unknown>, field: string): Resolved {
  const lower = field.toLowerCase();
  switch (lower) {
    case "name":
      return { kind: "single", value: shortName(resource.name), path: "name" };
    case "fullname":
      return { kind: "single", value: resource.name, path: "name" };
    case "type":
    case "id":
    case "kind":
    case "location":
    case "tags":
      return { kind: "single", value: getProp(resource, lower), path: lower };
  }
  const tag = /^tags(?:\['(.*)'\]|\[(.*)\]|\.(.*))$/i.exec(field);
  if (tag) {
    const key = tag[1] ?? tag[2] ?? tag[3] ?? "";
    return { kind: "single", value: getProp(getProp(resource, "tags"), key), path: `tags['${key}']` };
  }
  if (lower.startsWith("identity.")) return valuesAt(resource, field);
  const type = typeof resource.type === "string" ? resource.type : "";
  const path = aliasArmPath(field, type);
  if (path === undefined) return { kind: "other-type", path: field };
  return valuesAt(resource, path);
}
