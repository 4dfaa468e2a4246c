/**
 * Findings as SARIF 2.1.0 (the OASIS Static Analysis Results Interchange Format), which code-scanning UIs
 * read: one run, the rules that can fire (`tool.driver.rules`) and one result per finding, located at the
 * ARM resource (a logical location) and, when given, at the file the plan came from.
 * https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
 */
import { createHash } from "node:crypto";
import type { RuleInfo } from "../analysis/catalog";
import type { Finding } from "../analysis/finding";

/** The schema URI SARIF files name. */
export const SARIF_SCHEMA =
  "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/** What the SARIF log says about the run. */
export interface SarifOptions {
  /** secure-aml's version. */
  readonly version: string;
  /** The file the checked model came from (a config file), relative to the repository root. */
  readonly artifactUri?: string;
}

type Json = Record<string, unknown>;

/** A stable fingerprint of a finding, so code-scanning UIs track it across runs. */
const fingerprint = (f: Finding): string =>
  createHash("sha256")
    .update(`${f.id}\n${f.resource.toLowerCase()}\n${f.path ?? ""}`)
    .digest("hex")
    .slice(0, 32);

/** The SARIF log of findings; `rules` is the catalog (`allRules()`), rules without findings included. */
export function renderSarif(
  findings: readonly Finding[],
  rules: readonly RuleInfo[],
  options: SarifOptions,
): Json {
  // A finding's rule may be missing from the catalog (a user's definition): it is added, from the finding.
  const catalog: RuleInfo[] = [...rules];
  for (const f of findings)
    if (!catalog.some((r) => r.id === f.id))
      catalog.push({
        id: f.id,
        title: f.title,
        severity: f.severity,
        kind: "azure-policy",
        source: f.source,
      });
  const index = new Map(catalog.map((r, i) => [r.id, i]));
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "secure-aml",
            version: options.version,
            rules: catalog.map((r) => ({
              id: r.id,
              shortDescription: { text: r.title },
              ...(/^https?:\/\//.test(r.source) ? { helpUri: r.source } : {}),
              defaultConfiguration: { level: r.severity },
              properties: { kind: r.kind, ...(r.effect ? { effect: r.effect } : {}) },
            })),
          },
        },
        results: findings.map((f) => ({
          ruleId: f.id,
          ruleIndex: index.get(f.id)!,
          level: f.severity,
          message: {
            text: `${f.title}. Expected: ${f.expected}. Actual: ${f.actual}. Fix: ${f.fix}. Source: ${f.source}`,
          },
          locations: [
            {
              ...(options.artifactUri
                ? {
                    physicalLocation: {
                      artifactLocation: { uri: options.artifactUri },
                      region: { startLine: 1 },
                    },
                  }
                : {}),
              logicalLocations: [
                { fullyQualifiedName: `${f.resource}${f.path ? `#${f.path}` : ""}`, kind: "resource" },
              ],
            },
          ],
          partialFingerprints: { "secureAmlFinding/v1": fingerprint(f) },
          properties: {
            resource: f.resource,
            ...(f.path ? { path: f.path } : {}),
            expected: f.expected,
            actual: f.actual,
            fix: f.fix,
            source: f.source,
          },
        })),
      },
    ],
  };
}
