import { ROLES } from "../../model/roles";
import { azureNameOf, lc, obj, props, scopeOf, str } from "../arm/read";
import type { PublicSide } from "./internet";
import type { ModelIndex } from "./modelIndex";
import { type Approval, type ManagedVnetReach, type OutboundRuleInfo, REQUIRED_CATEGORY } from "./types";

/**
 * The managed VNet side of each endpoint: the workspace's outbound rules (user-defined and those Azure
 * creates), whether each private endpoint rule is approved automatically, and what managed compute reaches.
 */

/**
 * The managed VNet's outbound rules: the user-defined ones in the workspace, then those Azure creates by
 * itself ({@link requiredRules}).
 */
export function outboundRules(m: ModelIndex): OutboundRuleInfo[] {
  if (!m.ws || m.isolation === "Disabled") return [];
  const mn = obj(props(m.ws).managedNetwork);
  const approvedOnly = m.isolation === "AllowOnlyApprovedOutbound";
  const firewall = str(mn.firewallSku) ?? "Standard";
  const out: OutboundRuleInfo[] = [];
  for (const [name, raw] of Object.entries(obj(mn.outboundRules))) {
    const rule = obj(raw);
    const type = str(rule.type) as OutboundRuleInfo["type"];
    const category = str(rule.category) ?? "UserDefined";
    if (type === "PrivateEndpoint") {
      const d = obj(rule.destination);
      const targetId = String(d.serviceResourceId ?? "");
      const sub = String(d.subresourceTarget ?? "");
      const { approval, why } = peRuleApproval(m, targetId);
      out.push({
        name,
        type,
        destination: `${m.nameOfId(targetId)}/${sub}${d.sparkEnabled === true ? " (Spark)" : ""}`,
        category,
        approval,
        why,
        targetId,
        subresource: sub,
      });
      continue;
    }
    const destination =
      type === "FQDN"
        ? String(rule.destination ?? "")
        : (() => {
            const d = obj(rule.destination);
            return `${String(d.serviceTag ?? "")} ${String(d.protocol ?? "*")}/${String(d.portRanges ?? "*")}`;
          })();
    const why = approvedOnly
      ? type === "FQDN"
        ? `allowed by the managed Azure Firewall (${firewall}); no private endpoint to approve`
        : "allowed by the managed VNet's service tag rule; no private endpoint to approve"
      : `${type} rules are valid only in AllowOnlyApprovedOutbound (https://learn.microsoft.com/azure/machine-learning/how-to-managed-network); everything is allowed out anyway`;
    if (!approvedOnly)
      m.issues.push(
        `Outbound rule "${name}" (${type}) is only valid in AllowOnlyApprovedOutbound (https://learn.microsoft.com/azure/machine-learning/how-to-managed-network); the managed VNet is ${m.isolation}.`,
      );
    out.push({ name, type, destination, category, approval: "not-needed", why });
  }
  for (const r of out)
    if (r.approval === "manual")
      m.issues.push(`Outbound rule "${r.name}" to ${r.destination} waits for a person: ${r.why}.`);
  return [...out, ...requiredRules(m)];
}

/** How a private endpoint rule to `targetId` gets approved, and why. */
function peRuleApproval(m: ModelIndex, targetId: string): { approval: Approval; why: string } {
  if (m.isDefaultDependency(targetId))
    return {
      approval: "automatic",
      why: "default workspace resource: covered by the role assignments made when the workspace is created (https://learn.microsoft.com/azure/machine-learning/how-to-managed-network)",
    };
  const target = m.nameOfId(targetId);
  if (!m.principal)
    return {
      approval: "manual",
      why: `the workspace identity's principal is not known, so no approver role on ${target} can be confirmed`,
    };
  const ra = m.workspaceRole(ROLES.networkConnectionApprover, targetId);
  if (ra)
    return {
      approval: "automatic",
      // The plan's Pulumi name where there is one (more telling than the assignment's GUID).
      why: `the workspace identity holds Azure AI Enterprise Network Connection Approver on ${m.nameOfId(scopeOf(ra))} (${ra.pulumiName || azureNameOf(ra)})`,
    };
  return {
    approval: "manual",
    why: `no Azure AI Enterprise Network Connection Approver role for the workspace identity on ${target}: the managed private endpoint stays Pending until an owner of ${target} approves it (https://learn.microsoft.com/azure/machine-learning/how-to-managed-network)`,
  };
}

/**
 * The rules Azure adds by itself (https://learn.microsoft.com/azure/machine-learning/how-to-managed-network): private endpoints to the workspace and its default storage
 * (blob, file), Key Vault and registry — always in AllowOnlyApprovedOutbound, only for those with public
 * access Disabled in AllowInternetOutbound — plus the required service tags in AllowOnlyApprovedOutbound.
 */
function requiredRules(m: ModelIndex): OutboundRuleInfo[] {
  const ws = m.ws!;
  const p = props(ws);
  const approvedOnly = m.isolation === "AllowOnlyApprovedOutbound";
  const targets: [string | undefined, string[]][] = [
    [ws.id, ["amlworkspace"]],
    [str(p.storageAccount), ["blob", "file"]],
    [str(p.keyVault), ["vault"]],
    [str(p.containerRegistry), ["registry"]],
  ];
  const out: OutboundRuleInfo[] = [];
  for (const [id, subs] of targets) {
    if (!id) continue;
    const r = m.get(id);
    if (!approvedOnly && m.publicAccessOf(r) !== "Disabled") continue;
    for (const sub of subs) {
      out.push({
        name: `${m.nameOfId(id)}-${sub}`,
        type: "PrivateEndpoint",
        destination: `${m.nameOfId(id)}/${sub}`,
        category: REQUIRED_CATEGORY,
        approval: "automatic",
        why: approvedOnly
          ? "created in AllowOnlyApprovedOutbound for the workspace and its default dependencies; approved through the roles granted at workspace creation (https://learn.microsoft.com/azure/machine-learning/how-to-managed-network)"
          : "created in AllowInternetOutbound because public access is Disabled; approved through the roles granted at workspace creation (https://learn.microsoft.com/azure/machine-learning/how-to-managed-network)",
        targetId: id,
        subresource: sub,
      });
    }
  }
  if (approvedOnly) {
    const region = str(ws.location) ?? "<region>";
    const tags: [string, string][] = [
      ["AzureActiveDirectory", "Microsoft Entra ID authentication"],
      ["AzureMachineLearning", "Azure ML services"],
      [`BatchNodeManagement.${region}`, "Azure Batch back end of compute instances and clusters"],
      ["AzureResourceManager", "Azure Resource Manager"],
      ["AzureFrontDoor.FirstParty", "Microsoft docker images"],
      ["MicrosoftContainerRegistry", "Microsoft docker images"],
      ["AzureMonitor", "monitoring (Azure Monitor is not behind a private link scope)"],
    ];
    for (const [tag, purpose] of tags)
      out.push({
        name: tag,
        type: "ServiceTag",
        destination: tag,
        category: REQUIRED_CATEGORY,
        approval: "not-needed",
        why: `${purpose} (https://learn.microsoft.com/azure/machine-learning/how-to-managed-network)`,
      });
  }
  return out;
}

/** Managed VNet reachability of one sub-resource of a target. */
export function managedReach(
  m: ModelIndex,
  rules: readonly OutboundRuleInfo[],
  targetId: string,
  sub: string,
  pub: PublicSide,
): ManagedVnetReach {
  if (!m.ws || m.isolation === "Disabled") return { reachable: false, path: "no managed VNet" };
  const match = (r: OutboundRuleInfo) =>
    r.type === "PrivateEndpoint" &&
    lc(r.targetId) === targetId.toLowerCase() &&
    lc(r.subresource) === sub.toLowerCase();
  const user = rules.find((r) => r.category !== REQUIRED_CATEGORY && match(r));
  if (user)
    return user.approval === "manual"
      ? {
          reachable: false,
          path: `outbound rule ${user.name} (private endpoint), Pending until a person approves it`,
          rule: user.name,
        }
      : {
          reachable: true,
          path: `outbound rule ${user.name} (private endpoint, approved automatically)`,
          rule: user.name,
        };
  const req = rules.find((r) => r.category === REQUIRED_CATEGORY && match(r));
  if (req) return { reachable: true, path: "required rule (created by Azure)", rule: req.name };
  if (m.isolation === "AllowOnlyApprovedOutbound")
    return { reachable: false, path: "no outbound rule (AllowOnlyApprovedOutbound)" };
  if (pub.from.includes("any")) return { reachable: true, path: "internet outbound to the public endpoint" };
  if (pub.azureIps)
    return { reachable: true, path: "internet outbound to the public endpoint (admits all Azure IPs)" };
  if (pub.enabled)
    return {
      reachable: false,
      path: `no private endpoint rule; the firewall admits ${pub.from.length ? pub.from.join(", ") : "no IPs"}${pub.trusted ? " and trusted services" : ""}, not the managed VNet's egress`,
    };
  return { reachable: false, path: "no private endpoint rule, and public access is Disabled" };
}
