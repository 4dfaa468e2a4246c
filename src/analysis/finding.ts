/**
 * The one shape every analysis reports in: deploy-time checks, policy results and the project's own rules.
 * Every renderer (text, Markdown, HTML, JSON, SARIF) reads it.
 */

/** How bad a finding is: `error` — Azure would refuse it or it would not work; `warning` — likely to bite. */
export type Severity = "error" | "warning";

/** A problem found in an ARM-shaped model (planned or live). */
export interface Finding {
  /** Stable id of the rule that found it, e.g. `deploy/grants-before-workspace`. */
  readonly id: string;
  /** One line: what is wrong. */
  readonly title: string;
  readonly severity: Severity;
  /** ARM id of the resource it is about. */
  readonly resource: string;
  /** Where in the resource (a dotted path), when it is one field. */
  readonly path?: string;
  /** What Azure needs. */
  readonly expected: string;
  /** What the model has. */
  readonly actual: string;
  /** What to change. */
  readonly fix: string;
  /** A public URL (Microsoft Learn) that documents the behaviour. */
  readonly source: string;
}
