/**
 * ARM template expressions as Azure Policy uses them (`"[parameters('effect')]"`,
 * `"[empty(field('...'))]"`): a tokenizer, a parser into a small AST and an evaluator of the functions
 * Microsoft's built-in definitions use. A string that does not start with `[` (or starts with `[[`, the
 * escape for a literal `[`) is a literal.
 *
 * Functions not implemented raise {@link Unsupported}; facts only Azure knows at evaluation time raise
 * {@link NotEvaluable} — the caller reports them instead of guessing.
 * https://learn.microsoft.com/azure/azure-resource-manager/templates/template-expressions
 * https://learn.microsoft.com/azure/governance/policy/concepts/definition-structure-policy-rule#policy-functions
 */

/** A construct of the policy language (or a template function) this evaluator does not implement. */
export class Unsupported extends Error {
  constructor(readonly construct: string) {
    super(`unsupported: ${construct}`);
  }
}

/** A value only Azure knows at evaluation time (or a parameter without a value). */
export class NotEvaluable extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** A syntax error in an expression. */
export class ExpressionSyntaxError extends Error {}

/** The AST of an expression. */
export type Expr =
  | { readonly kind: "literal"; readonly value: unknown }
  | { readonly kind: "call"; readonly name: string; readonly args: readonly Expr[] }
  | { readonly kind: "prop"; readonly target: Expr; readonly name: string }
  | { readonly kind: "index"; readonly target: Expr; readonly index: Expr };

type Token =
  | { t: "str"; v: string }
  | { t: "num"; v: number }
  | { t: "id"; v: string }
  | { t: "punct"; v: "(" | ")" | "," | "." | "[" | "]" };

/** Splits an expression body (without the outer brackets) into tokens. */
export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      // '' inside a string literal is one quote.
      let s = "";
      i++;
      for (;;) {
        if (i >= src.length) throw new ExpressionSyntaxError(`unterminated string in ${src}`);
        if (src[i] === "'") {
          if (src[i + 1] === "'") {
            s += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        s += src[i++];
      }
      out.push({ t: "str", v: s });
    } else if (/[0-9]/.test(c) || (c === "-" && /[0-9]/.test(src[i + 1] ?? ""))) {
      let j = i + 1;
      while (j < src.length && /[0-9.]/.test(src[j]!)) j++;
      out.push({ t: "num", v: Number(src.slice(i, j)) });
      i = j;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < src.length && /[A-Za-z0-9_]/.test(src[j]!)) j++;
      out.push({ t: "id", v: src.slice(i, j) });
      i = j;
    } else if ("(),.[]".includes(c)) {
      out.push({ t: "punct", v: c as "(" });
      i++;
    } else throw new ExpressionSyntaxError(`unexpected '${c}' in ${src}`);
  }
  return out;
}

/** Parses an expression body (the text between the outer `[` and `]`). */
export function parseExpression(src: string): Expr {
  const toks = tokenize(src);
  let pos = 0;
  const peek = () => toks[pos];
  const expect = (v: string) => {
    const tok = toks[pos++];
    if (tok?.t !== "punct" || tok.v !== v) throw new ExpressionSyntaxError(`expected '${v}' in ${src}`);
  };
  const primary = (): Expr => {
    const tok = toks[pos++];
    if (!tok) throw new ExpressionSyntaxError(`unexpected end of ${src}`);
    if (tok.t === "str" || tok.t === "num") return { kind: "literal", value: tok.v };
    if (tok.t === "id") {
      expect("(");
      const args: Expr[] = [];
      if (!(peek()?.t === "punct" && peek()?.v === ")")) {
        for (;;) {
          args.push(expr());
          const p = peek();
          if (p?.t === "punct" && p.v === ",") {
            pos++;
            continue;
          }
          break;
        }
      }
      expect(")");
      return { kind: "call", name: tok.v, args };
    }
    throw new ExpressionSyntaxError(`unexpected '${tok.v}' in ${src}`);
  };
  const expr = (): Expr => {
    let e = primary();
    for (;;) {
      const p = peek();
      if (p?.t === "punct" && p.v === ".") {
        pos++;
        const name = toks[pos++];
        if (name?.t !== "id") throw new ExpressionSyntaxError(`expected a property name in ${src}`);
        e = { kind: "prop", target: e, name: name.v };
      } else if (p?.t === "punct" && p.v === "[") {
        pos++;
        const index = expr();
        expect("]");
        e = { kind: "index", target: e, index };
      } else return e;
    }
  };
  const e = expr();
  if (pos !== toks.length) throw new ExpressionSyntaxError(`unexpected text after the expression in ${src}`);
  return e;
}

/** A string that is an expression (`[...]`, not the `[[` escape). */
export const isExpression = (s: unknown): s is string =>
  typeof s === "string" && s.startsWith("[") && !s.startsWith("[[") && s.endsWith("]");

/** What the evaluator asks its caller for. */
export interface ExprContext {
  parameter(name: string): unknown;
  field(path: string): unknown;
  current(name?: string): unknown;
  /** `requestContext()`, `resourceGroup()`, `subscription()`: the caller knows them or raises NotEvaluable. */
  builtinObject(name: "requestContext" | "resourceGroup" | "subscription"): unknown;
}

/** Evaluates a policy value: an expression string is evaluated, `[[x` becomes `[x`, anything else is itself. */
export function evaluateValue(v: unknown, ctx: ExprContext): unknown {
  if (isExpression(v)) return evaluate(parseExpression(v.slice(1, -1)), ctx);
  if (typeof v === "string" && v.startsWith("[[")) return v.slice(1);
  return v;
}

/** Property `name` of an object, case-insensitively (ARM property names are case-insensitive). */
export function getProp(o: unknown, name: string): unknown {
  if (!o || typeof o !== "object" || Array.isArray(o)) return undefined;
  const rec = o as Record<string, unknown>;
  if (name in rec) return rec[name];
  const lower = name.toLowerCase();
  const key = Object.keys(rec).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : rec[key];
}

const isEmpty = (v: unknown): boolean =>
  v === null ||
  v === undefined ||
  v === "" ||
  (Array.isArray(v) && v.length === 0) ||
  (typeof v === "object" && !Array.isArray(v) && Object.keys(v as object).length === 0);

const toStr = (v: unknown): string => {
  if (typeof v === "string") return v;
  if (v === null || v === undefined) return "";
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
};

function compareTemplate(a: unknown, b: unknown, fn: string): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  throw new Unsupported(`${fn}() on ${typeof a} and ${typeof b}`);
}

function ipv4(s: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return parts.reduce((acc, p) => acc * 256 + p, 0);
}

/** An IPv4 address or CIDR range as [first, last]; undefined for anything else (IPv6 included). */
function ipRange(s: string): [number, number] | undefined {
  const [addr, bits] = s.split("/");
  const base = ipv4(addr ?? "");
  if (base === undefined) return undefined;
  if (bits === undefined) return [base, base];
  const n = Number(bits);
  if (!Number.isInteger(n) || n < 0 || n > 32) return undefined;
  const size = 2 ** (32 - n);
  const first = Math.floor(base / size) * size;
  return [first, first + size - 1];
}

type Fn = (args: unknown[], ctx: ExprContext) => unknown;

const arity = (name: string, args: readonly unknown[], min: number, max = min) => {
  if (args.length < min || args.length > max)
    throw new ExpressionSyntaxError(`${name}() takes ${min === max ? min : `${min}-${max}`} argument(s)`);
};

/** A function with a fixed number of arguments (checked by the caller, {@link evaluate}). */
const ARITY = new Map<Fn, [number, number]>();
const fixed = (min: number, max: number, fn: Fn): Fn => {
  ARITY.set(fn, [min, max]);
  return fn;
};

const FUNCTIONS: Readonly<Record<string, Fn>> = {
  parameters: fixed(1, 1, (a, c) => c.parameter(toStr(a[0]))),
  field: fixed(1, 1, (a, c) => c.field(toStr(a[0]))),
  current: fixed(0, 1, (a, c) => c.current(a[0] === undefined ? undefined : toStr(a[0]))),
  requestcontext: fixed(0, 0, (_a, c) => c.builtinObject("requestContext")),
  resourcegroup: fixed(0, 0, (_a, c) => c.builtinObject("resourceGroup")),
  subscription: fixed(0, 0, (_a, c) => c.builtinObject("subscription")),
  concat: (a) =>
    a.some(Array.isArray) ? a.flatMap((x) => (Array.isArray(x) ? x : [x])) : a.map(toStr).join(""),
  tolower: fixed(1, 1, (a) => toStr(a[0]).toLowerCase()),
  toupper: fixed(1, 1, (a) => toStr(a[0]).toUpperCase()),
  trim: fixed(1, 1, (a) => toStr(a[0]).trim()),
  if: fixed(3, 3, (a) => (a[0] === true ? a[1] : a[2])),
  empty: fixed(1, 1, (a) => isEmpty(a[0])),
  // ARM's equals: deep, case-sensitive for strings.
  equals: fixed(2, 2, (a) => JSON.stringify(a[0]) === JSON.stringify(a[1])),
  and: (a) => a.every((x) => x === true),
  or: (a) => a.some((x) => x === true),
  not: fixed(1, 1, (a) => a[0] !== true),
  true: () => true,
  false: () => false,
  null: () => null,
  bool: fixed(1, 1, (a) => a[0] === true || toStr(a[0]).toLowerCase() === "true"),
  int: fixed(1, 1, (a) => {
    const n = Number.parseInt(toStr(a[0]), 10);
    if (Number.isNaN(n)) throw new NotEvaluable(`int('${toStr(a[0])}') is not a number`);
    return n;
  }),
  string: fixed(1, 1, (a) => toStr(a[0])),
  contains: fixed(2, 2, (a) => {
    const [c, x] = a;
    if (Array.isArray(c)) return c.some((e) => JSON.stringify(e) === JSON.stringify(x));
    if (typeof c === "string") return c.includes(toStr(x));
    if (c && typeof c === "object") return getProp(c, toStr(x)) !== undefined;
    return false;
  }),
  split: fixed(2, 2, (a) => {
    const seps = Array.isArray(a[1]) ? a[1].map(toStr) : [toStr(a[1])];
    return seps.reduce<string[]>((parts, sep) => parts.flatMap((p) => p.split(sep)), [toStr(a[0])]);
  }),
  length: fixed(1, 1, (a) => {
    const v = a[0];
    if (Array.isArray(v) || typeof v === "string") return v.length;
    if (v && typeof v === "object") return Object.keys(v).length;
    return 0;
  }),
  first: fixed(1, 1, (a) => (Array.isArray(a[0]) ? a[0][0] : toStr(a[0]).slice(0, 1))),
  last: fixed(1, 1, (a) => (Array.isArray(a[0]) ? a[0][a[0].length - 1] : toStr(a[0]).slice(-1))),
  startswith: fixed(2, 2, (a) => toStr(a[0]).toLowerCase().startsWith(toStr(a[1]).toLowerCase())),
  endswith: fixed(2, 2, (a) => toStr(a[0]).toLowerCase().endsWith(toStr(a[1]).toLowerCase())),
  indexof: fixed(2, 2, (a) => toStr(a[0]).toLowerCase().indexOf(toStr(a[1]).toLowerCase())),
  replace: fixed(3, 3, (a) => toStr(a[0]).split(toStr(a[1])).join(toStr(a[2]))),
  substring: fixed(2, 3, (a) => {
    const s = toStr(a[0]);
    const start = Number(a[1]);
    return a[2] === undefined ? s.slice(start) : s.slice(start, start + Number(a[2]));
  }),
  padleft: fixed(2, 3, (a) => toStr(a[0]).padStart(Number(a[1]), a[2] === undefined ? " " : toStr(a[2]))),
  greater: fixed(2, 2, (a) => compareTemplate(a[0], a[1], "greater") > 0),
  greaterorequals: fixed(2, 2, (a) => compareTemplate(a[0], a[1], "greaterOrEquals") >= 0),
  less: fixed(2, 2, (a) => compareTemplate(a[0], a[1], "less") < 0),
  lessorequals: fixed(2, 2, (a) => compareTemplate(a[0], a[1], "lessOrEquals") <= 0),
  min: (a) => Math.min(...a.flatMap((x) => (Array.isArray(x) ? x : [x])).map(Number)),
  max: (a) => Math.max(...a.flatMap((x) => (Array.isArray(x) ? x : [x])).map(Number)),
  coalesce: (a) => a.find((x) => x !== null && x !== undefined) ?? null,
  createarray: (a) => [...a],
  array: fixed(1, 1, (a) => (Array.isArray(a[0]) ? a[0] : [a[0]])),
  take: fixed(2, 2, (a) =>
    Array.isArray(a[0]) ? a[0].slice(0, Number(a[1])) : toStr(a[0]).slice(0, Number(a[1])),
  ),
  skip: fixed(2, 2, (a) =>
    Array.isArray(a[0]) ? a[0].slice(Number(a[1])) : toStr(a[0]).slice(Number(a[1])),
  ),
  iprangecontains: fixed(2, 2, (a) => {
    const [outer, inner] = [ipRange(toStr(a[0])), ipRange(toStr(a[1]))];
    if (!outer || !inner)
      throw new Unsupported(`ipRangeContains() on '${toStr(a[0])}', '${toStr(a[1])}' (IPv4 only)`);
    return inner[0] >= outer[0] && inner[1] <= outer[1];
  }),
};

/** Evaluates a parsed expression. */
export function evaluate(e: Expr, ctx: ExprContext): unknown {
  switch (e.kind) {
    case "literal":
      return e.value;
    case "prop":
      return getProp(evaluate(e.target, ctx), e.name);
    case "index": {
      const target = evaluate(e.target, ctx);
      const index = evaluate(e.index, ctx);
      if (Array.isArray(target)) return target[Number(index)];
      return getProp(target, toStr(index));
    }
    case "call": {
      const fn = FUNCTIONS[e.name.toLowerCase()];
      if (!fn) throw new Unsupported(`template function ${e.name}()`);
      // if() evaluates only the branch it takes (ARM does too), so the other may reference what is absent.
      if (e.name.toLowerCase() === "if") {
        arity("if", e.args, 3);
        return evaluate(e.args[0]!, ctx) === true ? evaluate(e.args[1]!, ctx) : evaluate(e.args[2]!, ctx);
      }
      const [min, max] = ARITY.get(fn) ?? [0, Number.POSITIVE_INFINITY];
      arity(e.name, e.args, min, max);
      return fn(
        e.args.map((a) => evaluate(a, ctx)),
        ctx,
      );
    }
  }
}
