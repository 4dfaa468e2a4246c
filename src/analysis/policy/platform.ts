/**
 * What Azure adds to a planned model by itself, so that definitions reading it can be evaluated on a plan.
 * A private endpoint creates a private endpoint connection on its target resource — `Approved` for an
 * automatic connection (`privateLinkServiceConnections`, the creator has rights on the target), `Pending`
 * for a manual one (`manualPrivateLinkServiceConnections`).
 * https://learn.microsoft.com/azure/private-link/private-endpoint-overview#access-to-a-private-link-resource-using-approval-workflow
 */
import { getProp } from "./expression";
import type { ArmLike } from "./types";

const lc = (v: unknown): string => (typeof v === "string" ? v.toLowerCase() : "");

/**
 * The resources with the private endpoint connections their planned private endpoints create: each
 * target gets `properties.privateEndpointConnections[]` entries, plus a `<target>/privateEndpointConnections`
 * child resource (both shapes exist in ARM and definitions read either). Pure: returns new objects.
 */
export function withPlannedConnections(resources: readonly ArmLike[]): ArmLike[] {
  const byTarget = new Map<string, { pe: ArmLike; status: string }[]>();
  for (const pe of resources) {
    if (lc(pe.type) !== "microsoft.network/privateendpoints") continue;
    const props = getProp(pe, "properties");
    for (const [key, status] of [
      ["privateLinkServiceConnections", "Approved"],
      ["manualPrivateLinkServiceConnections", "Pending"],
    ] as const) {
      const list = getProp(props, key);
      if (!Array.isArray(list)) continue;
      for (const c of list) {
        const target = lc(getProp(getProp(c, "properties"), "privateLinkServiceId"));
        if (target) byTarget.set(target, [...(byTarget.get(target) ?? []), { pe, status }]);
      }
    }
  }
  const out: ArmLike[] = [];
  for (const r of resources) {
    const conns = byTarget.get(lc(r.id));
    if (!conns) {
      out.push(r);
      continue;
    }
    const entries = conns.map(({ pe, status }) => {
      const name = `${pe.name.split("/").pop()}.planned`;
      return {
        id: `${r.id}/privateEndpointConnections/${name}`,
        name,
        type: `${r.type}/privateEndpointConnections`,
        properties: {
          privateEndpoint: { id: pe.id },
          privateLinkServiceConnectionState: {
            status,
            description: "created by the planned private endpoint",
          },
        },
      };
    });
    const props = (getProp(r, "properties") ?? {}) as Record<string, unknown>;
    const existing = Array.isArray(props.privateEndpointConnections) ? props.privateEndpointConnections : [];
    out.push({ ...r, properties: { ...props, privateEndpointConnections: [...existing, ...entries] } });
    for (const e of entries)
      if (!resources.some((x) => lc(x.id) === lc(e.id)))
        out.push({ ...e, name: `${r.name}/${e.name}`, apiVersion: r.apiVersion });
  }
  return out;
}

/**
 * The SQL servers' Entra ID administrator as the child resources Azure creates from it: a server created
 * with `properties.administrators` (set only at creation) has a `servers/administrators/ActiveDirectory`
 * child and a `servers/azureADOnlyAuthentications/Default` child, which definitions read.
 * https://learn.microsoft.com/azure/templates/microsoft.sql/servers
 */
export function withPlannedSqlAdministrators(resources: readonly ArmLike[]): ArmLike[] {
  const out = [...resources];
  for (const r of resources) {
    if (lc(r.type) !== "microsoft.sql/servers") continue;
    const admin = getProp(getProp(r, "properties"), "administrators");
    if (!admin || typeof admin !== "object" || !getProp(admin, "sid")) continue;
    const children: ArmLike[] = [
      {
        id: `${r.id}/administrators/ActiveDirectory`,
        type: `${r.type}/administrators`,
        name: `${r.name}/ActiveDirectory`,
        apiVersion: r.apiVersion,
        properties: {
          administratorType: "ActiveDirectory",
          login: getProp(admin, "login"),
          sid: getProp(admin, "sid"),
          tenantId: getProp(admin, "tenantId"),
        },
      },
      {
        id: `${r.id}/azureADOnlyAuthentications/Default`,
        type: `${r.type}/azureADOnlyAuthentications`,
        name: `${r.name}/Default`,
        apiVersion: r.apiVersion,
        properties: { azureADOnlyAuthentication: getProp(admin, "azureADOnlyAuthentication") === true },
      },
    ];
    for (const c of children) if (!out.some((x) => lc(x.id) === lc(c.id))) out.push(c);
  }
  return out;
}

/** Everything Azure adds by itself to a planned model ({@link withPlannedConnections}, SQL administrators). */
export function withPlatformEffects(resources: readonly ArmLike[]): ArmLike[] {
  return withPlannedSqlAdministrators(withPlannedConnections(resources));
}
