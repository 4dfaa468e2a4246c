import type { CheckResult } from "../analysis/deploy";
import type { Finding } from "../analysis/finding";
import { badge, escapeHtml, htmlTable } from "../plan/render/html";
import { mdCell } from "../plan/render/markdown";
import { wrapLines } from "../plan/render/text";

/**
 * The "Will it deploy?" section: every deploy-time check with its result and, for each failure, what Azure
 * needs, what the plan has, the fix and the source. Same content in every format.
 */

const STATUS_TEXT: Readonly<Record<CheckResult["status"], string>> = {
  pass: "pass",
  fail: "FAIL",
  "not-applicable": "n/a ",
};

/** Failing checks and their findings counted by severity. */
export function deploySummary(checks: readonly CheckResult[]): {
  errors: number;
  warnings: number;
  failing: number;
} {
  const findings = checks.flatMap((c) => c.findings);
  return {
    failing: checks.filter((c) => c.status === "fail").length,
    errors: findings.filter((f) => f.severity === "error").length,
    warnings: findings.filter((f) => f.severity === "warning").length,
  };
}

/** One line for a report's headline: "will deploy" or what stands in the way. */
export function deployVerdict(checks: readonly CheckResult[]): string {
  const s = deploySummary(checks);
  if (s.failing === 0) return "every deploy-time check passes";
  const parts = [
    s.errors > 0 ? `${s.errors} error(s): Azure would refuse it or it would not work` : "",
    s.warnings > 0 ? `${s.warnings} warning(s)` : "",
  ].filter((x) => x !== "");
  return `${s.failing} deploy-time check(s) fail: ${parts.join(", ")}`;
}

const findingText = (f: Finding): string[] => [
  `${f.severity}: ${f.title}`,
  `needs: ${f.expected}`,
  `has: ${f.actual}`,
  `fix: ${f.fix}`,
  "source:",
];

/** Text section, wrapped at `width` columns. */
export function renderDeployText(checks: readonly CheckResult[], width: number): string {
  const out: string[] = [];
  for (const c of checks) {
    out.push(...wrapLines(`${STATUS_TEXT[c.status]}  ${c.title}`, width, "  ", "        "));
    for (const f of c.findings) {
      const [head, ...rest] = findingText(f);
      out.push(...wrapLines(head!, width, "        - ", "          "));
      for (const line of rest) out.push(...wrapLines(line, width, "          ", "            "));
      // A URL is one word: wrapLines breaks it (after '/', '-', '.') rather than overflow the width.
      out.push(...wrapLines(f.source, width, "            "));
    }
  }
  return out.join("\n");
}

/** Markdown section body (a table of checks, then each failure as a list item). */
export function renderDeployMarkdown(checks: readonly CheckResult[]): string {
  const rows = checks.map(
    (c) => `| ${c.status === "fail" ? "**FAIL**" : c.status} | ${mdCell(c.title)} | ${mdCell(c.source)} |`,
  );
  const failures = checks.flatMap((c) =>
    c.findings.map(
      (f) =>
        `- **${f.severity}** (${mdCell(c.id)}): ${mdCell(f.title)}. Needs: ${mdCell(f.expected)}. Has: ${mdCell(f.actual)}. Fix: ${mdCell(f.fix)}. Source: ${mdCell(f.source)}`,
    ),
  );
  return [
    `${deployVerdict(checks)}.`,
    "",
    "| Result | Check | Source |",
    "|---|---|---|",
    ...rows,
    ...(failures.length ? ["", ...failures] : []),
  ].join("\n");
}

/** HTML section body. */
export function renderDeployHtml(checks: readonly CheckResult[]): string {
  const table = htmlTable(
    ["Result", "Check", "Source"],
    checks.map((c) => [
      c.status === "pass"
        ? badge("ok", "pass")
        : c.status === "fail"
          ? badge("public", "fail")
          : badge("info", "n/a"),
      `${escapeHtml(c.title)}${
        c.findings.length
          ? `<ul>${c.findings
              .map(
                (f) =>
                  `<li>${badge(f.severity === "error" ? "public" : "warn", f.severity)} ${escapeHtml(f.title)}<br>Needs: ${escapeHtml(f.expected)}<br>Has: ${escapeHtml(f.actual)}<br>Fix: ${escapeHtml(f.fix)}</li>`,
              )
              .join("")}</ul>`
          : ""
      }`,
      c.source,
    ]),
    { rawHtmlColumns: [0, 1] },
  );
  return `<p>${escapeHtml(deployVerdict(checks))}.</p>${table}`;
}
