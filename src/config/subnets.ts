import { blockSize, formatCidr, parseCidr } from "./cidr";
import type { Config } from "./schema";

/** Subnets this stack can create, keyed by role (the keys of `network.subnets`). */
export type SubnetRole = "privateEndpoints" | "jumpbox" | "compute" | "bastion";

/**
 * The subnets a config deploys (pure). The compute subnet exists only for a compute instance with
 * isolationMode Disabled (otherwise compute lives in the managed VNet); Bastion Developer is a shared pool
 * attached to the VNet with no subnet of its own, so AzureBastionSubnet exists only for Basic/Standard.
 * https://learn.microsoft.com/azure/bastion/quickstart-developer
 */
export function deployedSubnets(c: Config): SubnetRole[] {
  const roles: SubnetRole[] = ["privateEndpoints"];
  if (c.jumpbox.enabled) roles.push("jumpbox");
  if (c.workspace.isolationMode === "Disabled" && c.compute.instance.enabled) roles.push("compute");
  if (c.jumpbox.enabled && c.jumpbox.bastionSku !== "Developer") roles.push("bastion");
  return roles;
}

/** Smallest prefix (largest block) each subnet gets by default: the layout of 10.0.0.0/16. */
const DEFAULT_PREFIX: Readonly<Record<SubnetRole, number>> = {
  privateEndpoints: 24,
  jumpbox: 27,
  compute: 24,
  bastion: 26,
};
const ORDER: readonly SubnetRole[] = ["privateEndpoints", "jumpbox", "compute", "bastion"];

/**
 * Default subnet ranges derived from an address space, so changing only `network.addressSpace` keeps
 * the defaults inside it. The space is cut into four equal quarters (one per role, in the order of the
 * 10.0.0.0/16 defaults), each subnet at the start of its quarter with its default size or the quarter's
 * size if smaller; for spaces of /22 or wider the defaults keep their /24-aligned layout
 * (10.0.0.0/24, 10.0.1.0/27, 10.0.2.0/24, 10.0.3.0/26 for 10.0.0.0/16). A role whose range cannot be
 * derived (Bastion needs at least a /26) is left out.
 */
export function defaultSubnets(addressSpace: string): Partial<Record<SubnetRole, string>> {
  const space = parseCidr(addressSpace);
  if (!space) return {};
  const quarter = Math.max(space.prefix + 2, 24);
  if (quarter > 30) return {};
  const out: Partial<Record<SubnetRole, string>> = {};
  ORDER.forEach((role, i) => {
    const prefix = Math.max(DEFAULT_PREFIX[role], quarter);
    if (role === "bastion" && prefix > 26) return;
    out[role] = formatCidr({ base: space.base + i * blockSize(quarter), prefix });
  });
  return out;
}
