/**
 * Azure Policy conditions: the operators and the logical/count structure of a policy rule, evaluated on one
 * ARM resource. String comparisons are case-insensitive except `match` and `notMatch`, as
 * https://learn.microsoft.com/azure/governance/policy/concepts/definition-structure-policy-rule#conditions
 * documents; a `[*]` field outside `count` holds when every element satisfies the condition (vacuously for
 * an empty array), https://learn.microsoft.com/azure/governance/policy/how-to/author-policies-for-arrays .
 */
import { aliasArmPath, type Resolved, resolveField, valuesAt } from "./aliases";
import { type ExprContext, evaluateValue, getProp, NotEvaluable, Unsupported } from "./expression";

/** A count scope: the member being looked at, and what names it. */
interface Scope {
  /** The `[*]` alias counted (field count), lower case, and its ARM path. */
  readonly alias?: string;
  readonly armPath?: string;
  /** The `name` of a value count. */
  readonly name?: string;
  readonly member: unknown;
}

/** A leaf condition that held, for the finding's expected/actual. */
export interface TraceEntry {
  readonly field: string;
  readonly path: string;
  readonly operator: string;
  readonly expected: unknown;
  readonly actual: unknown;
}

/** What a condition is evaluated against. */
export interface ConditionContext {
  readonly resource: Record<string, unknown>;
  readonly parameter: (name: string) => unknown;
  readonly builtinObject: ExprContext["builtinObject"];
  /** Leaf conditions that held (filled as evaluation goes). */
  readonly trace?: TraceEntry[];
}

const OPERATORS = new Set(
  [
    "equals",
    "notEquals",
    "in",
    "notIn",
    "exists",
    "contains",
    "notContains",
    "like",
    "notLike",
    "match",
    "matchInsensitively",
    "notMatch",
    "notMatchInsensitively",
    "greater",
    "greaterOrEquals",
    "less",
    "lessOrEquals",
    "containsKey",
    "notContainsKey",
  ].map((o) => o.toLowerCase()),
);

const isObj = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

/** A scalar as policy compares it: strings lower-cased, booleans and numbers as their text. */
const scalarText = (v: unknown): string | undefined =>
  typeof v === "string"
    ? v.toLowerCase()
    : typeof v === "boolean" || typeof v === "number"
      ? String(v).toLowerCase()
      : undefined;

/** Policy equality: case-insensitive for strings, `true` equals `"true"`, deep for arrays and objects. */
export function policyEquals(a: unknown, b: unknown): boolean {
  if (a === undefined || a === null) return b === undefined || b === null || b === "";
  if (b === undefined || b === null) return a === "";
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => policyEquals(x, b[i]));
  }
  if (isObj(a) || isObj(b)) {
    if (!isObj(a) || !isObj(b)) return false;
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => policyEquals(a[k], getProp(b, k)));
  }
  return scalarText(a) === scalarText(b);
}

/** `like`: `*` is any run of characters; the rest literal; whole value; case-insensitive. */
export function policyLike(value: unknown, pattern: unknown): boolean {
  const v = scalarText(value);
  const p = scalarText(pattern);
  if (v === undefined || p === undefined) return false;
  const re = p
    .split("*")
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${re}$`, "s").test(v);
}

/** `match`: `#` a digit, `?` a letter, `.` any character, anything else itself; whole value. */
export function policyMatch(value: unknown, pattern: unknown, insensitive: boolean): boolean {
  if (typeof value !== "string" || typeof pattern !== "string") return false;
  const re = [...pattern]
    .map((c) =>
      c === "#"
        ? "[0-9]"
        : c === "?"
          ? "[A-Za-z]"
          : c === "."
            ? "."
            : c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"),
    )
    .join("");
  return new RegExp(`^${re}$`, insensitive ? "si" : "s").test(value);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}/;

/** Ordering for greater/less: numbers, ISO dates, then strings (case-insensitive); undefined: not comparable. */
export function policyCompare(a: unknown, b: unknown): number | undefined {
  if (a === undefined || a === null || b === undefined || b === null) return undefined;
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "string" && typeof b === "string") {
    if (ISO_DATE.test(a) && ISO_DATE.test(b)) {
      const [da, db] = [Date.parse(a), Date.parse(b)];
      if (!Number.isNaN(da) && !Number.isNaN(db)) return da - db;
    }
    const [la, lb] = [a.toLowerCase(), b.toLowerCase()];
    return la < lb ? -1 : la > lb ? 1 : 0;
  }
  if ((typeof a === "number" || typeof a === "string") && (typeof b === "number" || typeof b === "string")) {
    const [na, nb] = [Number(a), Number(b)];
    if (!Number.isNaN(na) && !Number.isNaN(nb) && String(a).trim() !== "" && String(b).trim() !== "")
      return na - nb;
  }
  throw new Unsupported(`comparing ${typeof a} with ${typeof b}`);
}

const truthy = (v: unknown): boolean => v === true || (typeof v === "string" && v.toLowerCase() === "true");

/** One operator on one value. */
export function applyOperator(operator: string, actual: unknown, expected: unknown): boolean {
  switch (operator.toLowerCase()) {
    case "equals":
      return policyEquals(actual, expected);
    case "notequals":
      return !policyEquals(actual, expected);
    case "in":
      if (!Array.isArray(expected)) throw new Unsupported(`'in' with a value that is not an array`);
      return expected.some((e) => policyEquals(actual, e));
    case "notin":
      if (!Array.isArray(expected)) throw new Unsupported(`'notIn' with a value that is not an array`);
      return !expected.some((e) => policyEquals(actual, e));
    case "exists":
      return truthy(expected) === (actual !== undefined && actual !== null);
    case "contains":
    case "notcontains": {
      const found = Array.isArray(actual)
        ? actual.some((e) => policyEquals(e, expected))
        : typeof actual === "string" && scalarText(expected) !== undefined
          ? actual.toLowerCase().includes(scalarText(expected)!)
          : false;
      return operator.toLowerCase() === "contains" ? found : !found;
    }
    case "containskey":
    case "notcontainskey": {
      const found = isObj(actual) && getProp(actual, String(expected)) !== undefined;
      return operator.toLowerCase() === "containskey" ? found : !found;
    }
    case "like":
      return policyLike(actual, expected);
    case "notlike":
      return !policyLike(actual, expected);
    case "match":
      return policyMatch(actual, expected, false);
    case "matchinsensitively":
      return policyMatch(actual, expected, true);
    case "notmatch":
      return !policyMatch(actual, expected, false);
    case "notmatchinsensitively":
      return !policyMatch(actual, expected, true);
    case "greater":
    case "greaterorequals":
    case "less":
    case "lessorequals": {
      const c = policyCompare(actual, expected);
      if (c === undefined) return false;
      const op = operator.toLowerCase();
      return op === "greater" ? c > 0 : op === "greaterorequals" ? c >= 0 : op === "less" ? c < 0 : c <= 0;
    }
  }
  throw new Unsupported(`condition operator '${operator}'`);
}

/** Evaluates conditions on one resource, with the count scopes it is nested in. */
export class ConditionEvaluator {
  constructor(
    readonly ctx: ConditionContext,
    private readonly scopes: readonly Scope[] = [],
  ) {}

  /** A field, resolved against the innermost count scope that counts a prefix of it. */
  resolve(field: string): Resolved {
    const type = typeof this.ctx.resource.type === "string" ? this.ctx.resource.type : "";
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const s = this.scopes[i]!;
      if (!s.alias || !s.armPath) continue;
      const path = aliasArmPath(field, type);
      if (path === undefined) continue;
      if (path.toLowerCase() === s.armPath.toLowerCase())
        return { kind: "many", values: [s.member], path: s.armPath };
      if (path.toLowerCase().startsWith(`${s.armPath.toLowerCase()}.`)) {
        const rest = valuesAt(s.member, path.slice(s.armPath.length + 1));
        return { ...rest, path };
      }
    }
    return resolveField(this.ctx.resource, field);
  }

  /** The expression context at this point (field() and current() see the count scopes). */
  exprContext(): ExprContext {
    return {
      parameter: (name) => this.ctx.parameter(name),
      field: (f) => {
        const r = this.resolve(f);
        return r.kind === "single" ? r.value : r.kind === "many" ? [...r.values] : undefined;
      },
      current: (name) => {
        if (name === undefined) {
          const s = this.scopes[this.scopes.length - 1];
          if (!s) throw new Unsupported("current() outside a count");
          return s.member;
        }
        const lower = name.toLowerCase();
        for (let i = this.scopes.length - 1; i >= 0; i--) {
          const s = this.scopes[i]!;
          if (s.name?.toLowerCase() === lower || s.alias === lower) return s.member;
          if (s.alias && lower.startsWith(`${s.alias}.`)) {
            const type = typeof this.ctx.resource.type === "string" ? this.ctx.resource.type : "";
            const path = aliasArmPath(name, type);
            if (path && s.armPath && path.toLowerCase().startsWith(`${s.armPath.toLowerCase()}.`)) {
              const r = valuesAt(s.member, path.slice(s.armPath.length + 1));
              return r.kind === "single" ? r.value : r.kind === "many" ? [...r.values] : undefined;
            }
          }
        }
        throw new Unsupported(`current('${name}') outside a count of it`);
      },
      builtinObject: this.ctx.builtinObject,
    };
  }

  private value(v: unknown): unknown {
    return evaluateValue(v, this.exprContext());
  }

  /**
   * Evaluates a condition or logical operator. `allOf`/`anyOf` are three-valued: a definite answer from one
   * branch (false in allOf, true in anyOf) stands even when another branch cannot be evaluated, since it
   * decides the result either way; otherwise the first branch's error propagates.
   */
  eval(cond: unknown): boolean {
    if (!isObj(cond)) throw new Unsupported(`condition ${JSON.stringify(cond)}`);
    const keys = Object.keys(cond);
    const key = (k: string) => keys.find((x) => x.toLowerCase() === k.toLowerCase());
    const allOf = key("allOf");
    const anyOf = key("anyOf");
    const not = key("not");
    if (allOf || anyOf) {
      const list = cond[(allOf ?? anyOf)!];
      if (!Array.isArray(list)) throw new Unsupported(`${allOf ?? anyOf} that is not an array`);
      const decisive = Boolean(anyOf);
      let error: unknown;
      for (const c of list) {
        try {
          if (this.eval(c) === decisive) return decisive;
        } catch (e) {
          if (!(e instanceof Unsupported || e instanceof NotEvaluable)) throw e;
          error ??= e;
        }
      }
      if (error) throw error;
      return !decisive;
    }
    if (not) return !this.eval(cond[not]);
    const opKeys = keys.filter((k) => !["field", "value", "count"].includes(k.toLowerCase()));
    if (opKeys.length !== 1)
      throw new Unsupported(`condition with ${opKeys.length ? opKeys.join(", ") : "no operator"}`);
    const opKey = opKeys[0]!;
    if (!OPERATORS.has(opKey.toLowerCase())) throw new Unsupported(`condition operator '${opKey}'`);
    const expected = this.value(cond[opKey]);
    const fieldKey = key("field");
    const valueKey = key("value");
    const countKey = key("count");
    if (fieldKey) {
      const field = this.value(cond[fieldKey]);
      if (typeof field !== "string") throw new Unsupported(`field ${JSON.stringify(field)}`);
      const r = this.resolve(field);
      const held =
        r.kind === "many"
          ? r.values.every((v) => applyOperator(opKey, v, expected))
          : applyOperator(opKey, r.kind === "single" ? r.value : undefined, expected);
      if (held)
        this.ctx.trace?.push({
          field,
          path: r.path,
          operator: opKey,
          expected,
          actual: r.kind === "single" ? r.value : r.kind === "many" ? r.values : undefined,
        });
      return held;
    }
    if (valueKey) return applyOperator(opKey, this.value(cond[valueKey]), expected);
    if (countKey) return applyOperator(opKey, this.count(cond[countKey]), expected);
    throw new Unsupported("condition without field, value or count");
  }

  /** `count`: the members of a `[*]` field or of a value array that satisfy `where` (all of them without). */
  count(spec: unknown): number {
    if (!isObj(spec)) throw new Unsupported("count that is not an object");
    const keys = Object.keys(spec);
    const key = (k: string) => keys.find((x) => x.toLowerCase() === k.toLowerCase());
    const where = key("where") ? spec[key("where")!] : undefined;
    const fieldKey = key("field");
    const valueKey = key("value");
    let scopes: Scope[];
    if (fieldKey) {
      const alias = this.value(spec[fieldKey]);
      if (typeof alias !== "string" || !alias.endsWith("[*]"))
        throw new Unsupported(`count of field ${JSON.stringify(alias)} (needs a [*] alias)`);
      const r = this.resolve(alias);
      const members = r.kind === "many" ? r.values : [];
      scopes = members.map((member) => ({ alias: alias.toLowerCase(), armPath: r.path, member }));
    } else if (valueKey) {
      const v = this.value(spec[valueKey]);
      const members = Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
      const nameKey = key("name");
      const name = nameKey ? String(spec[nameKey]) : undefined;
      scopes = members.map((member) => ({ name, member }));
    } else throw new Unsupported("count without field or value");
    if (where === undefined) return scopes.length;
    // Members are counted in isolation: a trace inside `where` would describe members, not the resource.
    return scopes.filter((s) =>
      new ConditionEvaluator({ ...this.ctx, trace: undefined }, [...this.scopes, s]).eval(where),
    ).length;
  }
}

/** Fields the applicability pre-check reads (type, name, kind). */
const APPLICABILITY_FIELDS = new Set(["type", "name", "kind", "fullname"]);

/**
 * Whether the rule can apply to the resource: its conditions on `type`, `name` and `kind` alone, every
 * other condition unknown (Kleene logic). False means not applicable, as Azure Policy decides
 * https://learn.microsoft.com/azure/governance/policy/concepts/policy-applicability
 */
export function applicability(cond: unknown, ev: ConditionEvaluator): boolean | "unknown" {
  if (!isObj(cond)) return "unknown";
  const keys = Object.keys(cond);
  const key = (k: string) => keys.find((x) => x.toLowerCase() === k.toLowerCase());
  const all = key("allOf");
  const any = key("anyOf");
  const not = key("not");
  if (all || any) {
    const list = cond[(all ?? any)!];
    if (!Array.isArray(list)) return "unknown";
    const parts = list.map((c) => applicability(c, ev));
    if (all) return parts.includes(false) ? false : parts.every((p) => p === true) ? true : "unknown";
    return parts.includes(true) ? true : parts.every((p) => p === false) ? false : "unknown";
  }
  if (not) {
    const p = applicability(cond[not], ev);
    return p === "unknown" ? p : !p;
  }
  const f = key("field");
  if (f && typeof cond[f] === "string" && APPLICABILITY_FIELDS.has((cond[f] as string).toLowerCase())) {
    try {
      return new ConditionEvaluator({ ...ev.ctx, trace: undefined }).eval(cond);
    } catch {
      return "unknown";
    }
  }
  return "unknown";
}
