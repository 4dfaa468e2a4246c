/**
 * What Azure adds to a planned model by itself, so that definitions reading it can be evaluated on a plan:
 * a private endpoint creates a private endpoint connection on its target resource — `Approved` for an
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
