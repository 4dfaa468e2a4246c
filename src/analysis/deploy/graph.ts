import type { ArmModel } from "../../plan/arm/model";

/**
 * The creation order of a planned model: for each resource, every resource `pulumi up` creates before it
 * (the transitive closure of `waitsForIds`). A model read from Azure has no order; `known` says so.
 */
export class CreationOrder {
  private readonly direct = new Map<string, readonly string[]>();
  private readonly memo = new Map<string, ReadonlySet<string>>();
  /** True when the model carries creation order (a plan); false for a live model. */
  readonly known: boolean;

  constructor(model: ArmModel) {
    for (const r of model.resources) this.direct.set(r.id.toLowerCase(), r.waitsForIds ?? []);
    this.known = model.resources.some((r) => r.waitsForIds !== undefined);
  }

  /** Ids (lower case) of everything created before `id`. */
  before(id: string): ReadonlySet<string> {
    const key = id.toLowerCase();
    const cached = this.memo.get(key);
    if (cached) return cached;
    const seen = new Set<string>();
    const stack = [...(this.direct.get(key) ?? [])].map((x) => x.toLowerCase());
    while (stack.length > 0) {
      const next = stack.pop()!;
      if (seen.has(next)) continue;
      seen.add(next);
      for (const d of this.direct.get(next) ?? []) stack.push(d.toLowerCase());
    }
    this.memo.set(key, seen);
    return seen;
  }

  /** `first` is created (and finished) before `then` starts. */
  precedes(first: string, then: string): boolean {
    return this.before(then).has(first.toLowerCase());
  }

  /** Neither waits for the other: `pulumi up` may create them at the same time. */
  parallel(a: string, b: string): boolean {
    return !this.precedes(a, b) && !this.precedes(b, a);
  }
}
