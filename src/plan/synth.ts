import type * as pulumi from "@pulumi/pulumi";
import type { Config, ConfigIssue } from "../config";
import { SecureAml } from "../infra/stack";
import { installMocks, MOCK_CLIENT, type MockRuntime, resourceKey } from "./mocks";

/** One resource of the plan: the `plan --format json` contract (later reports build on these fields). */
export interface PlanResource {
  /** Pulumi type token, e.g. `azure-native:storage:StorageAccount`. */
  readonly type: string;
  /** Pulumi logical name. */
  readonly name: string;
  /** Logical name of the parent component, or null for the root. */
  readonly parent: string | null;
  /** ARM id (empty for components; a generated password's id is its logical name). */
  readonly id: string;
  /** Inputs as registered, with every secret replaced by `"[secret]"`. */
  readonly inputs: Record<string, unknown>;
  /**
   * Logical names of the resources this one waits for: explicit `dependsOn` (a component expanded to its
   * resources) and every resource whose outputs feed its inputs — the order `pulumi up` will create them in.
   */
  readonly dependsOn: string[];
}

/** A synthesized plan. */
export interface Plan {
  /** The subscription the plan was made for (names and ARM ids derive from it). */
  readonly subscriptionId?: string;
  readonly resources: PlanResource[];
  readonly warnings: ConfigIssue[];
  /** The stack's outputs that do not depend on Azure (remaining steps, connect hints). */
  readonly outputs: Record<string, unknown>;
  /**
   * Principal (object) id of each managed identity, by the ARM id of the resource that owns it (user-assigned
   * identities, VMs with a system identity): the values role assignments carry as `principalId`. Computed by
   * the mock runtime, so not part of any resource's inputs; optional because a plan read back from
   * `plan --format json` does not carry it.
   */
  readonly principals?: Readonly<Record<string, string>>;
  /** Object id of the identity running the deployment (the mock's client config), to name its role assignments. */
  readonly deployer?: string;
}

/** The secret placeholder printed instead of a secret value. */
export const REDACTED = "[secret]";

/** Replaces every known secret value (anywhere in a string) and secret-looking keys with `[secret]`. */
export function redact(value: unknown, secrets: ReadonlySet<string>, key = ""): unknown {
  if (/(password|secret)$/i.test(key) && value !== undefined && value !== null) return REDACTED;
  if (typeof value === "string") {
    for (const s of secrets) if (value.includes(s)) return REDACTED;
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => redact(v, secrets));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v, secrets, k)]));
  }
  return value;
}

/** Resolves an Output under the mock runtime. */
export function promiseOf<T>(o: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => o.apply((v) => resolve(v)));
}

/** Waits until the runtime has no outstanding registrations (children registered inside applies included). */
export async function settle(runtime: MockRuntime): Promise<void> {
  // `waitForRPCs` is internal to @pulumi/pulumi (pinned exactly in package.json) and drains its RPC queue.
  const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };
  let seen = -1;
  while (seen !== runtime.resources.length) {
    seen = runtime.resources.length;
    await settings.waitForRPCs();
    await new Promise((r) => setImmediate(r));
  }
}

/** Options of {@link synthesize}. */
export interface SynthOptions {
  /** Pulumi stack name (role assignment names derive from it); default `plan`. */
  readonly stackName?: string;
  /** Subscription to plan for; default the mock's all-zero id. Global names derive from it. */
  readonly subscriptionId?: string;
}

/**
 * Runs the stack program on Pulumi's mock runtime — no Azure, no Pulumi CLI — and returns every resource it
 * would register. The config must already be validated (nothing is created for an invalid config).
 */
export async function synthesize(
  config: Config,
  warnings: ConfigIssue[] = [],
  options: SynthOptions = {},
): Promise<Plan> {
  // Pulumi captures a stack trace for every promise it creates, for its leak detector's debug output; on the mock
  // runtime that is most of a synthesis' time and nothing reads them. Errors raised meanwhile keep their message.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return await synthesizeOn(config, warnings, options);
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

async function synthesizeOn(config: Config, warnings: ConfigIssue[], options: SynthOptions): Promise<Plan> {
  const subscriptionId = options.subscriptionId ?? MOCK_CLIENT.subscriptionId;
  const runtime = await installMocks("secure-aml", options.stackName ?? "plan", { subscriptionId });
  const parents = new Map<string, string | null>();
  const recordParent: pulumi.ResourceTransformation = (args) => {
    const parent = args.opts.parent as (pulumi.Resource & { __name?: string }) | undefined;
    parents.set(`${args.type}::${args.name}`, parent?.__name ?? null);
    return undefined;
  };
  const root = new SecureAml(config.name, { config, subscriptionId }, { transformations: [recordParent] });
  parents.set(`secure-aml:stack:SecureAml::${config.name}`, null);
  // A failed registration never resolves its outputs; racing the runtime's failure turns a hang into an error.
  const jumpboxConnect = await Promise.race([promiseOf(root.jumpboxConnect), runtime.failure]);
  await Promise.race([settle(runtime), runtime.failure]);
  const remainingSteps = root.remainingSteps;
  const nameOf = new Map(runtime.resources.map((r) => [resourceKey(r.type, r.name), r.name]));
  const resources = runtime.resources.map((r) => ({
    type: r.type,
    name: r.name,
    parent: parents.get(`${r.type}::${r.name}`) ?? null,
    id: r.id,
    inputs: redact(r.inputs, runtime.secretValues) as Record<string, unknown>,
    dependsOn: (runtime.dependencies.get(resourceKey(r.type, r.name)) ?? [])
      .map((k) => nameOf.get(k))
      .filter((n): n is string => n !== undefined)
      .sort(),
  }));
  return {
    subscriptionId,
    resources,
    warnings,
    outputs: { remainingSteps, jumpboxConnect },
    principals: Object.fromEntries(runtime.principals),
    deployer: MOCK_CLIENT.objectId,
  };
}
