/**
 * Built-in definitions whose design assumption a secure-aml workspace deliberately does not share. Where a
 * premise differs, the result says so, with the source, instead of passing or failing the resource.
 */
import { getProp } from "./expression";
import type { ArmLike, Premise } from "./types";

const lc = (v: unknown): string => (typeof v === "string" ? v.toLowerCase() : "");
const parentOf = (id: string): string => id.split("/").slice(0, -2).join("/");

/** "Azure Machine Learning Computes should be in a virtual network" (7804b5c7-01dc-4723-969b-ae300cc07ff1). */
const computesInVnet: Premise = {
  definition: "7804b5c7-01dc-4723-969b-ae300cc07ff1",
  source: "https://learn.microsoft.com/azure/machine-learning/how-to-managed-network",
  differs(resource: ArmLike, all: readonly ArmLike[]) {
    const ws = all.find((r) => lc(r.id) === lc(parentOf(resource.id)));
    const mode = lc(getProp(getProp(getProp(ws, "properties"), "managedNetwork"), "isolationMode"));
    if (mode !== "allowinternetoutbound" && mode !== "allowonlyapprovedoutbound") return undefined;
    const subnet = getProp(getProp(getProp(getProp(resource, "properties"), "properties"), "subnet"), "id");
    if (subnet) return undefined;
    return `the workspace uses a managed virtual network (${String(
      getProp(getProp(getProp(ws, "properties"), "managedNetwork"), "isolationMode"),
    )}): its computes run in the Microsoft-managed VNet and must not name a subnet, which this definition expects`;
  },
};

/** Every premise the evaluator checks by default. */
export const PREMISES: readonly Premise[] = [computesInVnet];
