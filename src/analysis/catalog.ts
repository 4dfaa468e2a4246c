/**
 * Every rule secure-aml checks, in one list: the shipped Azure Policy built-ins, the project's own rules and
 * the deploy-time checks — what `secure-aml rules` prints.
 */
import type { ArmModel } from "../plan/arm/model";
import { type CheckResult, DEPLOY_CHECKS, runDeployChecks } from "./deploy";
import type { Finding, Severity } from "./finding";
import { builtinDefinitions } from "./policy/builtin";
import { evaluatePolicies } from "./policy/evaluate";
import { withPlatformEffects } from "./policy/platform";
import type { PolicyDefinition, PolicyResult } from "./policy/types";
import { OWN_RULES, type OwnRuleResult, runOwnRules } from "./rules";

/** One rule of the catalog. */
export interface RuleInfo {
  /** The id its findings carry: `policy/<definition GUID>`, `rules/...` or `deploy/...`. */
  readonly id: string;
  readonly title: string;
  /** The severity of its findings; for a policy, from its default effect (deny: error, else warning). */
  readonly severity: Severity;
  /** Where it comes from. */
  readonly kind: "azure-policy" | "secure-aml" | "deploy";
  /** For a policy: its default effect (as the definition states it, e.g. `[parameters('effect')]` resolved). */
  readonly effect?: string;
  /** A public URL documenting it. */
  readonly source: string;
}

/** A definition's default effect: the literal, or the default of the parameter it names. */
export function defaultEffect(def: PolicyDefinition): string {
  const e = def.policyRule.then.effect;
  if (typeof e !== "string") return "unknown";
  const m = /^\[parameters\('([^']+)'\)\]$/i.exec(e);
  if (!m) return e;
  const key = Object.keys(def.parameters).find((k) => k.toLowerCase() === m[1]!.toLowerCase());
  const value = key === undefined ? undefined : def.parameters[key]?.defaultValue;
  return typeof value === "string" ? value : "unknown";
}

/** Every rule: built-in definitions (or the ones given), own rules, deploy-time checks. */
export function allRules(definitions: readonly PolicyDefinition[] = builtinDefinitions()): RuleInfo[] {
  return [
    ...definitions.map((d): RuleInfo => {
      const effect = defaultEffect(d);
      return {
        id: `policy/${d.name}`,
        title: d.displayName,
        severity: effect.toLowerCase() === "deny" ? "error" : "warning",
        kind: "azure-policy",
        effect,
        source: d.source,
      };
    }),
    ...OWN_RULES.map(
      (r): RuleInfo => ({
        id: r.id,
        title: r.title,
        severity: r.severity,
        kind: "secure-aml",
        source: r.source,
      }),
    ),
    // A deploy-time check's findings are errors unless one says otherwise (a likely problem, not a refusal).
    ...DEPLOY_CHECKS.map(
      (c): RuleInfo => ({ id: c.id, title: c.title, severity: "error", kind: "deploy", source: c.source }),
    ),
  ];
}

/** What {@link checkModel} reads besides the model. */
export interface CheckModelOptions {
  /** The definitions to evaluate (default: the shipped built-ins). */
  readonly definitions?: readonly PolicyDefinition[];
  /** Principal ids by identity owner (the plan's; a live model carries them). */
  readonly principals?: Readonly<Record<string, string>>;
  /**
   * The model is a plan: the whole desired state of its resource groups (absent related resources are
   * absent), and Azure's own additions (private endpoint connections, SQL administrators) are derived.
   */
  readonly planned?: boolean;
  readonly nameSuffixOverride?: boolean;
}

/** Everything one check of a model found. */
export interface ModelCheck {
  readonly policy: readonly PolicyResult[];
  readonly rules: readonly OwnRuleResult[];
  readonly deploy: readonly CheckResult[];
  /** Every finding: policy, own rules, deploy-time checks (in that order). */
  readonly findings: readonly Finding[];
}

/** Runs every rule on a model (pure): the library entry point of `check` and the live audit. */
export function checkModel(model: ArmModel, options: CheckModelOptions = {}): ModelCheck {
  const resources = options.planned ? withPlatformEffects(model.resources) : model.resources;
  const policy = evaluatePolicies(resources, options.definitions ?? builtinDefinitions(), {
    complete: options.planned === true,
  });
  const principals = options.principals ?? {};
  const rules = runOwnRules(model, principals);
  const deploy = runDeployChecks({
    model,
    principals,
    ...(options.nameSuffixOverride ? { nameSuffixOverride: true } : {}),
  });
  return {
    policy: policy.results,
    rules,
    deploy,
    findings: [...policy.findings, ...rules.flatMap((r) => r.findings), ...deploy.flatMap((d) => d.findings)],
  };
}
