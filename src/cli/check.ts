/**
 * `secure-aml check` and `secure-aml rules`: every rule (the shipped Azure Policy built-ins, the user's own
 * definitions, secure-aml's rules, the deploy-time checks) on the planned model, and the list of them.
 * Registered by `program.ts` with {@link registerCheckCommands}.
 */
import { type Command, Option } from "commander";
import { allRules, type ModelCheck } from "../analysis/catalog";
import type { Finding } from "../analysis/finding";
import type { PolicyDefinition, PolicyResult } from "../analysis/policy/types";
import { ConfigError, type ConfigSource, formatIssue, loadConfig, PRESET_NAMES, safeJson } from "../config";

/** What the commands write to (the program's io). */
export interface CheckIo {
  out: (s: string) => void;
  err: (s: string) => void;
  /** stderr is a terminal: progress messages are shown. */
  isTty: boolean;
}

/** Exit codes: 0 nothing blocking, 1 a blocking finding, 2 bad input. */
export const CHECK_EXIT = { clean: 0, findings: 1, badInput: 2 } as const;

/** Effects whose non-compliance blocks (`check` exits 1), as the guardrails issue defines them. */
const BLOCKING_EFFECTS = new Set(["audit", "deny"]);

/**
 * Whether a check result blocks: a policy finding with effect audit or deny, or an error of secure-aml's own
 * rules or of the deploy-time checks. Modify, append and the existence effects are reported, not blocking.
 */
export function blockingFindings(check: ModelCheck): Finding[] {
  const blockingPolicies = new Set(
    check.policy
      .filter((r) => r.status === "non-compliant" && BLOCKING_EFFECTS.has(r.effect ?? ""))
      .map((r) => `policy/${r.definition}\n${r.resource.toLowerCase()}`),
  );
  return check.findings.filter((f) =>
    f.id.startsWith("policy/")
      ? blockingPolicies.has(`${f.id}\n${f.resource.toLowerCase()}`)
      : f.severity === "error",
  );
}

const STATUS_ORDER: readonly PolicyResult["status"][] = [
  "non-compliant",
  "compliant",
  "premise-differs",
  "not-evaluable-offline",
  "unsupported",
];

/** The text report: findings first, then what the policies could not decide, then the counts. */
export function renderCheckText(check: ModelCheck, blocking: readonly Finding[]): string {
  const lines: string[] = [];
  const blockingSet = new Set(blocking);
  for (const f of check.findings) {
    lines.push(`${blockingSet.has(f) ? "✖" : "!"} [${f.severity}] ${f.id}: ${f.title}`);
    lines.push(`    resource: ${f.resource}${f.path ? ` (${f.path})` : ""}`);
    lines.push(`    expected: ${f.expected}`, `    actual:   ${f.actual}`, `    fix:      ${f.fix}`);
    lines.push(`    source:   ${f.source}`);
  }
  const undecided = check.policy.filter((r) =>
    ["premise-differs", "not-evaluable-offline", "unsupported"].includes(r.status),
  );
  if (undecided.length > 0) {
    lines.push("", "Not decided offline:");
    for (const r of undecided)
      lines.push(
        `  ${r.status}: ${r.displayName} — ${r.resource.split("/").pop()}: ${r.reason ?? ""} (${r.source})`,
      );
  }
  const counts = STATUS_ORDER.map((s) => `${check.policy.filter((r) => r.status === s).length} ${s}`).join(
    ", ",
  );
  const own = check.rules.filter((r) => r.status === "fail").length;
  const deploy = check.deploy.filter((r) => r.status === "fail").length;
  lines.push(
    "",
    `Azure Policy: ${counts}.`,
    `secure-aml rules: ${own} of ${check.rules.length} failing. Deploy-time checks: ${deploy} of ${check.deploy.length} failing.`,
    blocking.length === 0
      ? "No blocking finding (audit/deny policy findings and error-severity rules block)."
      : `${blocking.length} blocking finding(s).`,
  );
  return `${lines.join("\n")}\n`;
}

/** Registers `check` and `rules` on the program. */
export function registerCheckCommands(program: Command, io: CheckIo, setCode: (n: number) => void): void {
  const policyOption = () =>
    new Option(
      "--policy <file|dir...>",
      "your own Azure Policy definitions or initiatives (JSON), evaluated too",
    );

  /** The shipped built-ins plus the user's files; a bad file is bad input (exit 2). */
  const definitions = async (
    files: readonly string[] | undefined,
  ): Promise<PolicyDefinition[] | undefined> => {
    const { builtinDefinitions, loadPolicies, PolicyFileError } = await import("../analysis/policy/index.js");
    const builtins = builtinDefinitions();
    try {
      return [...builtins, ...loadPolicies(files ?? [], builtins)];
    } catch (e) {
      if (!(e instanceof PolicyFileError)) throw e;
      io.err(
        `secure-aml: --policy ${e.file}: ${e.why}.\n  fix: ${e.fix}\n  see: https://learn.microsoft.com/azure/governance/policy/concepts/definition-structure-basics\n`,
      );
      setCode(CHECK_EXIT.badInput);
      return undefined;
    }
  };

  program
    .command("check")
    .description(
      "Evaluate Microsoft's Azure Policy built-ins, your own policies and secure-aml's rules on the plan, offline.",
    )
    .addOption(
      new Option("--preset <name>", `preset to check (${PRESET_NAMES.join(", ")})`).conflicts("config"),
    )
    .option("--config <file>", "YAML config file")
    .addOption(policyOption())
    .addOption(
      new Option("--format <format>", "output format").choices(["text", "json", "sarif"]).default("text"),
    )
    .addHelpText(
      "after",
      [
        "",
        "Examples:",
        "  secure-aml check --preset private",
        "  secure-aml check --config my-workload.yaml --policy policies/ --format sarif > results.sarif",
        "",
        "Exit codes: 0 no blocking finding, 1 a policy finding with effect audit or deny or an error of",
        "secure-aml's rules, 2 invalid configuration, policy file or usage.",
      ].join("\n"),
    )
    .action(async (opts: { preset?: string; config?: string; policy?: string[]; format: string }) => {
      const defs = await definitions(opts.policy);
      if (!defs) return;
      const source: ConfigSource = opts.config ? { file: opts.config } : { preset: opts.preset ?? "private" };
      let loaded: ReturnType<typeof loadConfig>;
      try {
        loaded = loadConfig(source);
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        io.err(
          `secure-aml: the configuration is not valid, nothing was checked.\n${e.issues.map(formatIssue).join("\n")}\n`,
        );
        return setCode(CHECK_EXIT.badInput);
      }
      if (io.isTty) io.err(`synthesizing the ${loaded.preset} plan on the Pulumi mock runtime...\n`);
      // Loaded on demand: the Pulumi SDK is the slow part of start-up.
      const { synthesize } = await import("../plan/synth.js");
      const { toArmModel } = await import("../plan/arm/model.js");
      const { checkModel } = await import("../analysis/catalog.js");
      const plan = await synthesize(loaded.config, [...loaded.warnings]);
      const check = checkModel(toArmModel(plan), {
        definitions: defs,
        principals: plan.principals ?? {},
        planned: true,
        nameSuffixOverride: loaded.config.nameSuffix !== undefined,
      });
      const blocking = blockingFindings(check);
      if (opts.format === "sarif") {
        const { renderSarif } = await import("../report/sarif.js");
        const sarif = renderSarif(check.findings, allRules(defs), {
          version: "0.1.0",
          ...(opts.config ? { artifactUri: opts.config } : {}),
        });
        io.out(`${safeJson(sarif)}\n`);
      } else if (opts.format === "json")
        io.out(
          `${safeJson({
            preset: loaded.preset,
            blocking: blocking.length,
            findings: check.findings,
            policy: check.policy.filter((r) => r.status !== "not-applicable"),
            rules: check.rules,
            deploy: check.deploy,
          })}\n`,
        );
      else io.out(renderCheckText(check, blocking));
      setCode(blocking.length > 0 ? CHECK_EXIT.findings : CHECK_EXIT.clean);
    });

  program
    .command("rules")
    .description(
      "List every rule check evaluates: Azure Policy built-ins, secure-aml's rules, deploy-time checks.",
    )
    .addOption(policyOption())
    .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"))
    .action(async (opts: { policy?: string[]; format: string }) => {
      const defs = await definitions(opts.policy);
      if (!defs) return;
      const rules = allRules(defs);
      if (opts.format === "json") io.out(`${safeJson(rules)}\n`);
      else
        io.out(
          `${rules
            .map(
              (r) =>
                `${r.id}  [${r.severity}${r.effect ? `, ${r.effect}` : ""}]\n  ${r.title}\n  ${r.source}`,
            )
            .join("\n")}\n`,
        );
      setCode(CHECK_EXIT.clean);
    });
}
