import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import Ajv from "ajv-draft-04";
import { allRules } from "../analysis/catalog";
import type { Finding } from "../analysis/finding";
import { renderSarif } from "./sarif";

const SCHEMA = path.resolve(__dirname, "..", "..", "data", "sarif", "sarif-schema-2.1.0.json");

/** The SARIF 2.1.0 schema (OASIS, byte-exact copy) compiled with the repository's ajv for draft-04. */
function validator() {
  const ajv = new Ajv({ strict: false, allErrors: true });
  // ajv ships no formats (ajv-formats is not a dependency): check the two the schema uses.
  ajv.addFormat("uri", (s: string) => /^[a-z][a-z0-9+.-]*:/i.test(s));
  ajv.addFormat("uri-reference", () => true);
  ajv.addFormat("date-time", /^\d{4}-\d{2}-\d{2}T/);
  return ajv.compile(JSON.parse(readFileSync(SCHEMA, "utf8")));
}

const finding = (over: Partial<Finding> = {}): Finding => ({
  id: "policy/b2982f36-99f2-4db5-8eff-283140c09693",
  title: "Storage accounts should disable public network access — st",
  severity: "warning",
  resource: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st",
  path: "properties.publicNetworkAccess",
  expected: 'not (properties.publicNetworkAccess notEquals "Disabled")',
  actual: 'properties.publicNetworkAccess = "Enabled"',
  fix: "set it",
  source: "https://github.com/Azure/azure-policy",
  ...over,
});

test("the SARIF log validates against the SARIF 2.1.0 schema, with and without findings", () => {
  const validate = validator();
  const rules = allRules();
  for (const log of [
    renderSarif([], rules, { version: "0.1.0" }),
    renderSarif(
      [finding(), finding({ id: "rules/no-literal-secrets", severity: "error", path: undefined })],
      rules,
      {
        version: "0.1.0",
        artifactUri: "examples/private.yaml",
      },
    ),
  ])
    assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 3)));
});

test("the schema rejects what SARIF forbids (the validation is real)", () => {
  const validate = validator();
  const log = renderSarif([finding()], allRules(), { version: "0.1.0" }) as { runs: { results: Json[] }[] };
  (log.runs[0]!.results[0] as Json).level = "fatal";
  assert.equal(validate(log), false);
});
type Json = Record<string, unknown>;

test("each result points at its rule, its resource and carries a stable fingerprint", () => {
  const rules = allRules();
  const own: Finding = finding({ id: "policy/user-own", source: "policies/own.json" });
  const log = renderSarif([finding(), own], rules, { version: "1" }) as {
    runs: { tool: { driver: { rules: { id: string; helpUri?: string }[] } }; results: Json[] }[];
  };
  const run = log.runs[0]!;
  const results = run.results as {
    ruleId: string;
    ruleIndex: number;
    partialFingerprints: Json;
    locations: Json[];
  }[];
  for (const r of results) assert.equal(run.tool.driver.rules[r.ruleIndex]!.id, r.ruleId);
  // A user's definition missing from the catalog is added to it; a file path is not a helpUri.
  assert.equal(run.tool.driver.rules.at(-1)!.id, "policy/user-own");
  assert.equal(run.tool.driver.rules.at(-1)!.helpUri, undefined);
  const again = renderSarif([finding()], rules, { version: "1" }) as typeof log;
  assert.deepEqual(
    (again.runs[0]!.results[0] as { partialFingerprints: Json }).partialFingerprints,
    results[0]!.partialFingerprints,
  );
  assert.match(JSON.stringify(results[0]!.locations), /storageAccounts\/st#properties\.publicNetworkAccess/);
});
