/**
 * secure-aml's own rules, where Microsoft ships no built-in policy for what a network-isolated Azure ML
 * workspace needs (see the gaps in the built-ins: no definition reads a compute instance's public IP or the
 * managed VNet's outbound rules beyond the isolation mode). Same finding shape as the built-ins and the
 * deploy-time checks.
 */
import { ROLE_DISPLAY_NAMES, type RoleName, roleOf } from "../../model/roles";
import type { ArmModel } from "../../plan/arm/model";
import {
  arr,
  azureNameOf,
  covers,
  isChildOf,
  last,
  lc,
  obj,
  privateEndpointRules,
  props,
  type Res,
  scopeOf,
  str,
  subProps,
  T,
} from "../../plan/arm/read";
import { ModelIndex } from "../../plan/exposure/modelIndex";
import type { Finding, Severity } from "../finding";

/** One of the project's rules. */
export interface OwnRule {
  readonly id: string;
  /** What holds when the rule passes. */
  readonly title: string;
  readonly severity: Severity;
  /** Public source of the behaviour the rule checks. */
  readonly source: string;
  /** Findings, or undefined when the rule does not apply to this model. */
  run(ix: ModelIndex, model: ArmModel): Finding[] | undefined;
}

/** The result of one rule on one model. */
export interface OwnRuleResult {
  readonly id: string;
  readonly title: string;
  readonly status: "pass" | "fail" | "not-applicable";
  readonly findings: readonly Finding[];
  readonly source: string;
}

const LEARN = "https://learn.microsoft.com/azure";

function finding(
  rule: OwnRule,
  f: Omit<Finding, "id" | "source" | "severity"> & Partial<Pick<Finding, "source">>,
): Finding {
  return { id: rule.id, source: rule.source, severity: rule.severity, ...f };
}

const computeNoPublicIp: OwnRule = {
  id: "rules/compute-no-public-ip",
  title: "compute instances and clusters have no public IP address",
  severity: "error",
  source: `${LEARN}/machine-learning/how-to-managed-network`,
  run(ix) {
    const computes = ix
      .of(T.compute)
      .filter((c) => ["computeinstance", "amlcompute"].includes(lc(props(c).computeType)));
    if (computes.length === 0) return undefined;
    return computes
      .filter((c) => obj(props(c).properties).enableNodePublicIp !== false)
      .map((c) =>
        finding(this, {
          title: `${azureNameOf(c)} gets a public IP address`,
          resource: c.id,
          path: "properties.properties.enableNodePublicIp",
          expected: "false",
          actual: String(obj(props(c).properties).enableNodePublicIp ?? "absent (Azure's default: true)"),
          fix: "set enableNodePublicIp to false (a managed VNet reaches the workspace privately)",
        }),
      );
  },
};

const workspaceDnsZones: OwnRule = {
  id: "rules/workspace-pe-dns-zones",
  title: "the workspace's private endpoint registers in both Azure ML private DNS zones (API and notebooks)",
  severity: "error",
  source: `${LEARN}/machine-learning/how-to-custom-dns`,
  run(ix) {
    const ws = ix.ws;
    if (!ws) return undefined;
    const pes = ix
      .of(T.pe)
      .filter((pe) =>
        arr(props(pe).privateLinkServiceConnections).some(
          (c) => lc(subProps(c).privateLinkServiceId) === lc(ws.id),
        ),
      );
    if (pes.length === 0) return undefined;
    const out: Finding[] = [];
    for (const pe of pes) {
      const zones = new Set(
        ix
          .of(T.zoneGroup)
          .filter((g) => isChildOf(g, pe))
          .flatMap((g) =>
            arr(props(g).privateDnsZoneConfigs).map((c) => lc(last(String(subProps(c).privateDnsZoneId)))),
          ),
      );
      const missing = [ix.apiZone, ix.notebooksZone].filter((z) => !zones.has(z.toLowerCase()));
      if (missing.length > 0)
        out.push(
          finding(this, {
            title: `the workspace private endpoint ${azureNameOf(pe)} lacks ${missing.join(" and ")}`,
            resource: pe.id,
            expected: `a private DNS zone group with ${ix.apiZone} and ${ix.notebooksZone}`,
            actual: zones.size ? [...zones].join(", ") : "no private DNS zone group",
            fix: "add both zones to the private endpoint's zone group (Studio and notebooks resolve through them)",
          }),
        );
    }
    return out;
  },
};

/** Storage accounts and SQL servers with public network access disabled that are not the workspace's own. */
function privateStores(ix: ModelIndex): Res[] {
  return [...ix.of(T.storage), ...ix.of(T.sqlServer)].filter(
    (r) => ix.publicAccessOf(r) === "Disabled" && !ix.isDefaultDependency(r.id),
  );
}

const storeOutboundRules: OwnRule = {
  id: "rules/private-store-outbound-rule",
  title: "every private data store has a private endpoint outbound rule in the workspace's managed VNet",
  severity: "error",
  source: `${LEARN}/machine-learning/how-to-managed-network`,
  run(ix) {
    const ws = ix.ws;
    if (!ws || ix.isolation === "Disabled") return undefined;
    const stores = privateStores(ix);
    if (stores.length === 0) return undefined;
    const targets = new Set(privateEndpointRules(ws).map((r) => lc(r.target)));
    return stores
      .filter((s) => !targets.has(lc(s.id)))
      .map((s) =>
        finding(this, {
          title: `${azureNameOf(s)} is private but the managed VNet has no private endpoint rule to it`,
          resource: s.id,
          expected: "a PrivateEndpoint outbound rule with this resource as serviceResourceId",
          actual: "none: jobs and computes in the managed VNet cannot reach it",
          fix: "add a private endpoint outbound rule for it to the workspace's managed network",
        }),
      );
  },
};

const APPROVER_ROLES: readonly RoleName[] = ["networkConnectionApprover", "contributor", "owner"];

const approverOnTargets: OwnRule = {
  id: "rules/approver-role-on-targets",
  title: "the workspace identity can approve the private endpoint of every outbound rule target",
  severity: "error",
  source: `${LEARN}/machine-learning/how-to-managed-network`,
  run(ix) {
    const ws = ix.ws;
    if (!ws) return undefined;
    const rules = privateEndpointRules(ws).filter((r) => !ix.isDefaultDependency(r.target));
    if (rules.length === 0) return undefined;
    const principal = ix.principal?.id.toLowerCase();
    return rules
      .filter((r) => !principal || ix.grants(principal, APPROVER_ROLES, r.target).length === 0)
      .map((r) =>
        finding(this, {
          title: `the outbound rule ${r.name} to ${ix.nameOfId(r.target)} stays pending: the workspace identity cannot approve it`,
          resource: r.target,
          expected: `${ROLE_DISPLAY_NAMES.networkConnectionApprover} for the workspace identity on the target (or its resource group)`,
          actual: principal ? "no such role assignment" : "the workspace identity is not known",
          fix: "grant the workspace identity Azure AI Enterprise Network Connection Approver on the target",
        }),
      );
  },
};

const INTERNET_SOURCES = new Set(["*", "internet", "0.0.0.0/0", "any", "::/0"]);

/** The subnets (name) each NSG is attached to. */
function nsgSubnets(ix: ModelIndex): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const vnet of ix.of(T.vnet))
    for (const s of arr(props(vnet).subnets)) {
      const nsg = lc(obj(subProps(s).networkSecurityGroup).id);
      if (nsg) out.set(nsg, [...(out.get(nsg) ?? []), String(obj(s).name ?? "")]);
    }
  return out;
}

const nsgInternetInbound: OwnRule = {
  id: "rules/nsg-no-internet-inbound",
  title: "no NSG rule allows inbound traffic from the internet, except on the Bastion subnet",
  severity: "error",
  source: `${LEARN}/bastion/bastion-nsg`,
  run(ix) {
    const nsgs = ix.of("Microsoft.Network/networkSecurityGroups");
    if (nsgs.length === 0) return undefined;
    const attached = nsgSubnets(ix);
    const out: Finding[] = [];
    for (const nsg of nsgs) {
      const subnets = attached.get(nsg.id.toLowerCase()) ?? [];
      if (subnets.length > 0 && subnets.every((s) => s === "AzureBastionSubnet")) continue;
      const inline = arr(props(nsg).securityRules).map((r) => ({
        name: String(obj(r).name ?? ""),
        p: subProps(r),
      }));
      const children = ix
        .of("Microsoft.Network/networkSecurityGroups/securityRules")
        .filter((r) => isChildOf(r, nsg))
        .map((r) => ({ name: azureNameOf(r), p: props(r) }));
      for (const [i, { name, p }] of [...inline, ...children].entries()) {
        if (lc(p.access) !== "allow" || lc(p.direction) !== "inbound") continue;
        const sources = [str(p.sourceAddressPrefix), ...arr(p.sourceAddressPrefixes).map(str)].filter(
          (s): s is string => s !== undefined,
        );
        const open = sources.filter((s) => INTERNET_SOURCES.has(s.toLowerCase()));
        if (open.length === 0) continue;
        out.push(
          finding(this, {
            title: `${azureNameOf(nsg)} rule ${name} allows inbound from ${open.join(", ")}`,
            resource: nsg.id,
            path: i < inline.length ? `properties.securityRules[${i}]` : undefined,
            expected: "inbound from the internet only to the Bastion subnet (AzureBastionSubnet)",
            actual: `attached to ${subnets.length ? subnets.join(", ") : "no subnet"}`,
            fix: "remove the rule, or narrow its source to the addresses that need it",
          }),
        );
      }
    }
    return out;
  },
};

const BROAD_ROLES: readonly RoleName[] = ["contributor", "owner"];

const noBroadRolesOnData: OwnRule = {
  id: "rules/no-broad-roles-on-data",
  title: "no Contributor or Owner role on a data store (data roles only)",
  severity: "warning",
  source: `${LEARN}/storage/blobs/assign-azure-role-data-access`,
  run(ix) {
    const stores = [...ix.of(T.storage), ...ix.of(T.sqlServer)].filter((s) => !ix.isDefaultDependency(s.id));
    if (stores.length === 0) return undefined;
    const out: Finding[] = [];
    for (const ra of ix.of(T.role)) {
      const role = roleOf(props(ra).roleDefinitionId);
      if (!role || !BROAD_ROLES.includes(role)) continue;
      const store = stores.find((s) => covers(s.id, scopeOf(ra)));
      if (!store) continue;
      out.push(
        finding(this, {
          title: `${ROLE_DISPLAY_NAMES[role]} on the data store ${azureNameOf(store)}`,
          resource: ra.id,
          path: "properties.roleDefinitionId",
          expected: "a data role (e.g. Storage Blob Data Reader or Contributor) scoped to what is needed",
          actual: `${ROLE_DISPLAY_NAMES[role]} for ${String(props(ra).principalType ?? "a principal")} ${String(props(ra).principalId ?? "")}`,
          fix: "grant the data-plane role instead; Contributor and Owner also manage keys and network rules",
        }),
      );
    }
    return out;
  },
};

/** Field names that carry secrets (public keys and key vault references are not secrets). */
const SECRET_KEY = /password|secret|connectionstring|accountkey|sastoken|sharedaccesskey|privatekey|apikey/i;
/** How the plan prints a value it knows is a secret (`src/plan/synth.ts`, `REDACTED`). */
const REDACTED = "[secret]";

/** Secret-named string fields with a literal value, as dotted paths. */
export function literalSecrets(v: unknown, at = ""): { path: string; value: string }[] {
  if (Array.isArray(v)) return v.flatMap((x, i) => literalSecrets(x, `${at}[${i}]`));
  if (!v || typeof v !== "object") return [];
  return Object.entries(v as Record<string, unknown>).flatMap(([k, x]) => {
    const path = at ? `${at}.${k}` : k;
    if (typeof x === "string" && SECRET_KEY.test(k) && !/public/i.test(k) && x !== "" && x !== REDACTED)
      return [{ path, value: x }];
    return literalSecrets(x, path);
  });
}

const noLiteralSecrets: OwnRule = {
  id: "rules/no-literal-secrets",
  title: "no secret is a literal in the inputs (secrets are generated, referenced or marked secret)",
  severity: "error",
  source: `${LEARN}/key-vault/general/best-practices`,
  run(_ix, model) {
    const out: Finding[] = [];
    for (const r of model.resources)
      for (const s of literalSecrets({ properties: r.properties }))
        out.push(
          finding(this, {
            title: `${azureNameOf(r)} has a literal value in ${s.path}`,
            resource: r.id,
            path: s.path,
            expected: "a generated secret, a Key Vault reference, or a value marked secret",
            // Never print the value itself.
            actual: `a literal of ${s.value.length} characters`,
            fix: "generate it (random), read it from Key Vault, or pass it as a Pulumi secret",
          }),
        );
    return out;
  },
};

/** Every one of the project's own rules, in report order. */
export const OWN_RULES: readonly OwnRule[] = [
  computeNoPublicIp,
  workspaceDnsZones,
  storeOutboundRules,
  approverOnTargets,
  nsgInternetInbound,
  noBroadRolesOnData,
  noLiteralSecrets,
];

/** Runs the project's rules on a model (pure). */
export function runOwnRules(
  model: ArmModel,
  principals: Readonly<Record<string, string>> = {},
  rules: readonly OwnRule[] = OWN_RULES,
): OwnRuleResult[] {
  const ix = new ModelIndex(model, principals);
  return rules.map((rule) => {
    const findings = rule.run(ix, model);
    return {
      id: rule.id,
      title: rule.title,
      source: rule.source,
      status: findings === undefined ? "not-applicable" : findings.length === 0 ? "pass" : "fail",
      findings: findings ?? [],
    };
  });
}
