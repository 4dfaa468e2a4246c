/** The shapes of the Azure Policy evaluator: definitions in, one result per resource per definition out. */
import type { Finding } from "../finding";

/** A definition parameter (`properties.parameters.<name>`). */
export interface PolicyParameter {
  readonly type?: string;
  readonly defaultValue?: unknown;
  readonly allowedValues?: readonly unknown[];
}

/** A policy definition, as read from a definition file (`properties.*`) plus where it came from. */
export interface PolicyDefinition {
  /** The definition's `name` (a GUID for built-ins), or the file name for a user definition without one. */
  readonly name: string;
  readonly displayName: string;
  readonly version?: string;
  /** `All` or `Indexed`. */
  readonly mode: string;
  readonly parameters: Readonly<Record<string, PolicyParameter>>;
  readonly policyRule: {
    readonly if: unknown;
    readonly then: { readonly effect: unknown; readonly details?: unknown };
  };
  /** Where the definition comes from: a public URL (built-ins) or the file it was read from. */
  readonly source: string;
  /** Shipped with secure-aml (a Microsoft built-in). */
  readonly builtin: boolean;
  /** Values of the assignment (an initiative's mapping, or the project's choice); defaults fill the rest. */
  readonly assigned?: Readonly<Record<string, unknown>>;
}

/** What one definition says about one resource. */
export type PolicyStatus =
  | "compliant"
  | "non-compliant"
  /** The rule's type/name/kind conditions (or its `mode`) exclude the resource, or the effect is Disabled. */
  | "not-applicable"
  /** The answer depends on something only Azure knows (a Defender assessment, a parameter without value...). */
  | "not-evaluable-offline"
  /** The rule uses a construct this evaluator does not implement: no answer rather than a wrong one. */
  | "unsupported"
  /** The definition assumes a design this resource deliberately does not use (see `reason` and `source`). */
  | "premise-differs";

/** A change Azure would make (modify / append effects). */
export interface PolicyChange {
  readonly operation: string;
  /** The alias (or field) the definition names. */
  readonly field: string;
  /** The ARM path it resolves to. */
  readonly path: string;
  readonly value: unknown;
  /** The value the resource has now (undefined: absent). */
  readonly current: unknown;
}

/** The result of one definition on one resource. */
export interface PolicyResult {
  /** The definition's name (GUID for built-ins). */
  readonly definition: string;
  readonly displayName: string;
  /** ARM id of the resource. */
  readonly resource: string;
  readonly resourceType: string;
  readonly status: PolicyStatus;
  /** The effect (lower case) when the rule matched: `audit`, `deny`, `modify`, `auditifnotexists`, ... */
  readonly effect?: string;
  /** Why: the construct (unsupported), what Azure alone knows (not evaluable), the premise, or the mismatch. */
  readonly reason?: string;
  /** What Azure would change (modify / append). */
  readonly changes?: readonly PolicyChange[];
  /** Source of the definition, or of the premise that differs. */
  readonly source: string;
}

/** Options of one evaluation. */
export interface EvaluateOptions {
  /**
   * The resources are everything in their resource groups (a plan is: it is the whole desired state), so a
   * related resource that is not among them does not exist. A live read of some resources is not complete.
   */
  readonly complete?: boolean;
  /** Parameter values per definition name, over the definition's `assigned` values and defaults. */
  readonly parameters?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Premises to check before evaluating (default: {@link import("./premises").PREMISES}). */
  readonly premises?: readonly Premise[];
}

/** A definition's design assumption that a resource may deliberately not share. */
export interface Premise {
  /** The definition name it is about. */
  readonly definition: string;
  /** Why the premise does not hold for this resource, or undefined when it does. */
  differs(resource: ArmLike, all: readonly ArmLike[]): string | undefined;
  /** Public source for the reason. */
  readonly source: string;
}

/** An ARM resource as the evaluator reads it. */
export interface ArmLike {
  readonly id: string;
  readonly type: string;
  readonly name: string;
  readonly apiVersion?: string;
  readonly [key: string]: unknown;
}

/** Everything one evaluation produced. */
export interface PolicyEvaluation {
  readonly results: readonly PolicyResult[];
  /** One finding per non-compliant result (the shared finding shape). */
  readonly findings: readonly Finding[];
}
