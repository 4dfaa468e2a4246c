/**
 * `evaluatePolicies`: every definition on every resource — one {@link PolicyResult} each, and one finding
 * (the shared shape) per non-compliant result. Effects as
 * https://learn.microsoft.com/azure/governance/policy/concepts/effect-basics describes them:
 * audit/deny match the `if`; modify/append also say what Azure would change; auditIfNotExists /
 * deployIfNotExists look for a related resource (`details.type`, `name`, `existenceCondition`) among the
 * resources given — when they cannot be known offline the result says so.
 */
import type { Finding } from "../finding";
import { aliasArmPath, resolveField } from "./aliases";
import { applicability, ConditionEvaluator, type TraceEntry } from "./conditions";
import { evaluateValue, getProp, NotEvaluable, Unsupported } from "./expression";
import { PREMISES } from "./premises";
import type {
  ArmLike,
  EvaluateOptions,
  PolicyChange,
  PolicyDefinition,
  PolicyEvaluation,
  PolicyResult,
} from "./types";

/** Related types only Azure produces (Defender assessments): never in a plan, never knowable offline. */
const PLATFORM_ONLY_TYPES = new Set(["microsoft.security/assessments"]);

const lc = (v: unknown): string => (typeof v === "string" ? v.toLowerCase() : "");
const isObj = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);
const parentOf = (id: string): string => id.split("/").slice(0, -2).join("/");
const resourceGroupId = (id: string): string =>
  /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+/i.exec(id)?.[0] ?? "";
const shortName = (name: string): string => name.split("/").pop() ?? name;

/** The parameter values of a definition: options over the assignment over the defaults. */
function parameterLookup(def: PolicyDefinition, options: EvaluateOptions): (name: string) => unknown {
  const given = { ...(def.assigned ?? {}), ...(options.parameters?.[def.name] ?? {}) };
  return (name) => {
    const key = Object.keys(given).find((k) => k.toLowerCase() === name.toLowerCase());
    if (key !== undefined) return given[key];
    const pkey = Object.keys(def.parameters).find((k) => k.toLowerCase() === name.toLowerCase());
    if (pkey === undefined)
      throw new Unsupported(`parameters('${name}'): the definition declares no such parameter`);
    const p = def.parameters[pkey]!;
    if (!("defaultValue" in p) || p.defaultValue === null || p.defaultValue === undefined)
      throw new NotEvaluable(`parameter '${pkey}' has no default value and no assigned value`);
    return p.defaultValue;
  };
}

/** `requestContext()`, `resourceGroup()`, `subscription()` as far as the resources tell them. */
function builtinObjects(resource: ArmLike, all: readonly ArmLike[]) {
  return (name: "requestContext" | "resourceGroup" | "subscription"): unknown => {
    if (name === "requestContext") {
      // The API version of the request is the one the resource is written with (the plan's, or ARM's).
      if (!resource.apiVersion)
        throw new NotEvaluable("requestContext().apiVersion: the resource has no API version");
      return { apiVersion: resource.apiVersion };
    }
    const rgId = resourceGroupId(resource.id);
    if (name === "subscription") {
      const sub = /^\/subscriptions\/([^/]+)/i.exec(resource.id)?.[1];
      if (!sub) throw new NotEvaluable("subscription(): the resource id has no subscription");
      return { id: `/subscriptions/${sub}`, subscriptionId: sub };
    }
    const rg = all.find((r) => lc(r.id) === lc(rgId) && lc(r.type) === "microsoft.resources/resourcegroups");
    if (!rg)
      throw new NotEvaluable("resourceGroup(): the resource group is not among the resources evaluated");
    return {
      id: rg.id,
      name: rg.name,
      location: rg.location,
      tags: rg.tags ?? {},
      managedBy: rg.managedBy ?? "",
    };
  };
}

/** Indexed mode evaluates only types that have tags and a location (resource groups only in mode All). */
function inMode(def: PolicyDefinition, r: ArmLike): boolean {
  if (lc(def.mode) !== "indexed") return true;
  if (lc(r.type) === "microsoft.resources/resourcegroups") return false;
  return typeof r.location === "string" && r.location !== "";
}

/** Extension resource types: a related one sits on the resource itself (`<id>/providers/<type>/<name>`). */
const EXTENSION_TYPES = new Set([
  "microsoft.insights/diagnosticsettings",
  "microsoft.security/assessments",
  "microsoft.authorization/roleassignments",
  "microsoft.authorization/locks",
]);

/** Candidates for an existence check: children, extension resources on it, or the same resource group. */
function relatedOf(resource: ArmLike, type: string, all: readonly ArmLike[], scopeRg: string): ArmLike[] {
  const t = type.toLowerCase();
  const ofType = all.filter((r) => lc(r.type) === t);
  if (t.startsWith(`${lc(resource.type)}/`))
    return ofType.filter((r) => lc(parentOf(r.id)) === lc(resource.id));
  if (EXTENSION_TYPES.has(t))
    return ofType.filter((r) => lc(r.id).startsWith(`${lc(resource.id)}/providers/`));
  return ofType.filter((r) => lc(resourceGroupId(r.id)) === lc(scopeRg));
}

interface Outcome {
  status: PolicyResult["status"];
  effect?: string;
  reason?: string;
  changes?: PolicyChange[];
  trace?: TraceEntry[];
}

/** One definition on one resource. */
function evaluateOne(
  def: PolicyDefinition,
  resource: ArmLike,
  all: readonly ArmLike[],
  options: EvaluateOptions,
): Outcome {
  if (!inMode(def, resource))
    return { status: "not-applicable", reason: `mode ${def.mode}: the type has no tags and location` };
  const trace: TraceEntry[] = [];
  const ctx = {
    resource: resource as Record<string, unknown>,
    parameter: parameterLookup(def, options),
    builtinObject: builtinObjects(resource, all),
    trace,
  };
  const ev = new ConditionEvaluator(ctx);
  if (applicability(def.policyRule.if, ev) === false) return { status: "not-applicable" };
  for (const p of options.premises ?? PREMISES) {
    if (p.definition.toLowerCase() !== def.name.toLowerCase()) continue;
    const why = p.differs(resource, all);
    if (why) return { status: "premise-differs", reason: why };
  }
  let matched: boolean;
  let effect: string;
  try {
    matched = ev.eval(def.policyRule.if);
    effect = lc(evaluateValue(def.policyRule.then.effect, ev.exprContext()));
  } catch (e) {
    return failure(e);
  }
  if (effect === "disabled") return { status: "not-applicable", reason: "effect Disabled" };
  if (!matched) return { status: "compliant", effect };
  const details = def.policyRule.then.details;
  try {
    switch (effect) {
      case "audit":
      case "deny":
        return { status: "non-compliant", effect, trace };
      case "modify":
        return { status: "non-compliant", effect, trace, changes: modifyChanges(details, resource, ev) };
      case "append":
        return { status: "non-compliant", effect, trace, changes: appendChanges(details, resource, ev) };
      case "auditifnotexists":
      case "deployifnotexists":
        return existence(def, effect, details, resource, all, options, ev);
      default:
        return { status: "unsupported", effect, reason: `effect '${effect}'` };
    }
  } catch (e) {
    return failure(e);
  }
}

function failure(e: unknown): Outcome {
  if (e instanceof Unsupported) return { status: "unsupported", reason: e.construct };
  if (e instanceof NotEvaluable) return { status: "not-evaluable-offline", reason: e.reason };
  return { status: "unsupported", reason: e instanceof Error ? e.message : String(e) };
}

function armPathOf(field: string, resource: ArmLike): string {
  if (/^tags/i.test(field)) return resolveField(resource as Record<string, unknown>, field).path;
  const path = aliasArmPath(field, resource.type);
  if (path === undefined) throw new Unsupported(`operation on '${field}', not an alias of ${resource.type}`);
  return path;
}

function modifyChanges(details: unknown, resource: ArmLike, ev: ConditionEvaluator): PolicyChange[] {
  const ops = getProp(details, "operations");
  if (!Array.isArray(ops)) throw new Unsupported("modify without operations");
  const ctx = ev.exprContext();
  const out: PolicyChange[] = [];
  for (const op of ops) {
    const condition = getProp(op, "condition");
    if (condition !== undefined && evaluateValue(condition, ctx) !== true) continue;
    const field = String(evaluateValue(getProp(op, "field"), ctx));
    const path = armPathOf(field, resource);
    const r = resolveField(resource as Record<string, unknown>, field);
    out.push({
      operation: String(getProp(op, "operation")),
      field,
      path,
      value: evaluateValue(getProp(op, "value"), ctx),
      current: r.kind === "single" ? r.value : r.kind === "many" ? r.values : undefined,
    });
  }
  return out;
}

function appendChanges(details: unknown, resource: ArmLike, ev: ConditionEvaluator): PolicyChange[] {
  const list = Array.isArray(details) ? details : [details];
  const ctx = ev.exprContext();
  return list.map((d) => {
    const field = String(evaluateValue(getProp(d, "field"), ctx));
    const r = resolveField(resource as Record<string, unknown>, field);
    return {
      operation: "append",
      field,
      path: armPathOf(field, resource),
      value: evaluateValue(getProp(d, "value"), ctx),
      current: r.kind === "single" ? r.value : r.kind === "many" ? r.values : undefined,
    };
  });
}

function existence(
  def: PolicyDefinition,
  effect: string,
  details: unknown,
  resource: ArmLike,
  all: readonly ArmLike[],
  options: EvaluateOptions,
  ev: ConditionEvaluator,
): Outcome {
  const ctx = ev.exprContext();
  const type = String(evaluateValue(getProp(details, "type"), ctx) ?? "");
  if (!type) throw new Unsupported(`${effect} without details.type`);
  const nameSpec = getProp(details, "name");
  const name = nameSpec === undefined ? undefined : String(evaluateValue(nameSpec, ctx));
  const scope = lc(getProp(details, "existenceScope") ?? "resourcegroup");
  if (scope === "subscription") throw new Unsupported("existenceScope subscription");
  const rgName = getProp(details, "resourceGroupName");
  const rg =
    rgName === undefined
      ? resourceGroupId(resource.id)
      : `${/^\/subscriptions\/[^/]+/i.exec(resource.id)?.[0] ?? ""}/resourceGroups/${String(evaluateValue(rgName, ctx))}`;
  const candidates = relatedOf(resource, type, all, rg).filter(
    (r) => name === undefined || lc(shortName(r.name)) === lc(name) || lc(shortName(r.id)) === lc(name),
  );
  const condition = getProp(details, "existenceCondition");
  const satisfied = candidates.some((c) =>
    condition === undefined
      ? true
      : new ConditionEvaluator({
          resource: c as Record<string, unknown>,
          parameter: parameterLookup(def, options),
          builtinObject: builtinObjects(c, all),
        }).eval(condition),
  );
  if (satisfied) return { status: "compliant", effect };
  // Related resources that are there but fail the condition decide; absent ones only when absence is known.
  const knowable =
    candidates.length > 0 ||
    (!PLATFORM_ONLY_TYPES.has(type.toLowerCase()) &&
      (options.complete === true || all.some((r) => lc(r.type) === type.toLowerCase())));
  if (!knowable)
    return {
      status: "not-evaluable-offline",
      effect,
      reason: PLATFORM_ONLY_TYPES.has(type.toLowerCase())
        ? `${type} is produced by Azure (Microsoft Defender for Cloud), not deployed`
        : `no ${type} among the resources evaluated, and they are not the complete resource group`,
    };
  return {
    status: "non-compliant",
    effect,
    reason:
      candidates.length === 0
        ? `no related ${type}${name ? ` named ${name}` : ""}`
        : `no related ${type} satisfies the existence condition (${candidates.length} found)`,
  };
}

const show = (v: unknown): string => (v === undefined ? "absent" : JSON.stringify(v));

/** The finding of a non-compliant result. */
function findingOf(def: PolicyDefinition, r: ArmLike, o: Outcome): Finding {
  const leaves = (o.trace ?? []).filter(
    (t) => !["type", "name", "kind", "fullname"].includes(t.field.toLowerCase()),
  );
  const first = leaves[0];
  const existence = o.effect === "auditifnotexists" || o.effect === "deployifnotexists";
  const type = String(getProp(def.policyRule.then.details, "type") ?? "");
  return {
    id: `policy/${def.name}`,
    title: `${def.displayName} — ${shortName(r.name)}`,
    severity: o.effect === "deny" ? "error" : "warning",
    resource: r.id,
    ...(first ? { path: first.path } : {}),
    expected: existence
      ? `a related ${type} that satisfies the definition's existence condition`
      : o.changes?.length
        ? o.changes.map((c) => `${c.path} ${c.operation} ${show(c.value)}`).join("; ")
        : leaves.length
          ? `not (${leaves.map((t) => `${t.path} ${t.operator} ${show(t.expected)}`).join(" and ")})`
          : "the definition's condition does not match",
    actual: existence
      ? (o.reason ?? "none")
      : leaves.length
        ? leaves.map((t) => `${t.path} = ${show(t.actual)}`).join("; ")
        : "the definition's condition matches",
    fix: o.changes?.length
      ? `set ${o.changes.map((c) => `${c.path} to ${show(c.value)}`).join(", ")} (Azure would, with effect ${o.effect})`
      : existence
        ? `deploy the related ${type} the definition expects`
        : `change the resource so that the definition's condition no longer matches (effect ${o.effect})`,
    source: def.source,
  };
}

/**
 * Evaluates every definition on every resource (pure). Resources are ARM-shaped (the plan's ARM model, or
 * ARM JSON read from Azure); pass `complete: true` for a plan, whose resources are the whole resource group.
 */
export function evaluatePolicies(
  resources: readonly ArmLike[],
  definitions: readonly PolicyDefinition[],
  options: EvaluateOptions = {},
): PolicyEvaluation {
  const results: PolicyResult[] = [];
  const findings: Finding[] = [];
  for (const def of definitions)
    for (const r of resources) {
      const o = evaluateOne(def, r, resources, options);
      const premise =
        o.status === "premise-differs"
          ? (options.premises ?? PREMISES).find((p) => p.definition.toLowerCase() === def.name.toLowerCase())
          : undefined;
      results.push({
        definition: def.name,
        displayName: def.displayName,
        resource: r.id,
        resourceType: r.type,
        status: o.status,
        ...(o.effect ? { effect: o.effect } : {}),
        ...(o.reason ? { reason: o.reason } : {}),
        ...(o.changes ? { changes: o.changes } : {}),
        source: premise?.source ?? def.source,
      });
      if (o.status === "non-compliant") findings.push(findingOf(def, r, o));
    }
  return { results, findings };
}

/** A definition read from JSON (`{properties: {...}}` or the properties themselves). */
export function definitionFromJson(json: unknown, source: string, builtin: boolean): PolicyDefinition {
  if (!isObj(json)) throw new Error("a policy definition must be a JSON object");
  const props = isObj(json.properties) ? json.properties : json;
  const rule = props.policyRule;
  if (!isObj(rule) || !("if" in rule) || !isObj(rule.then))
    throw new Error("properties.policyRule with 'if' and 'then' is required");
  const name =
    typeof json.name === "string" && json.name !== ""
      ? json.name
      : source
          .split(/[\\/]/)
          .pop()!
          .replace(/\.json$/i, "");
  return {
    name,
    displayName: typeof props.displayName === "string" ? props.displayName : name,
    ...(isObj(props.metadata) && typeof props.metadata.version === "string"
      ? { version: props.metadata.version }
      : {}),
    mode: typeof props.mode === "string" ? props.mode : "All",
    parameters: (isObj(props.parameters) ? props.parameters : {}) as PolicyDefinition["parameters"],
    policyRule: rule as unknown as PolicyDefinition["policyRule"],
    source,
    builtin,
  };
}
