import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { Command } from "commander";
import type { ModelCheck } from "../analysis/catalog";
import type { Finding } from "../analysis/finding";
import { blockingFindings, registerCheckCommands } from "./check";

/** Runs `secure-aml <args>` with the check commands registered; returns exit code and output. */
async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  let code = -1;
  const program = new Command("secure-aml").exitOverride().configureOutput({
    writeOut: (s) => {
      out += s;
    },
    writeErr: (s) => {
      err += s;
    },
  });
  registerCheckCommands(program, { out: (s) => (out += s), err: (s) => (err += s), isTty: false }, (n) => {
    code = n;
  });
  await program.parseAsync(["node", "secure-aml", ...args]);
  return { code, out, err };
}

const f = (id: string, severity: Finding["severity"], resource = "/r"): Finding => ({
  id,
  title: id,
  severity,
  resource,
  expected: "e",
  actual: "a",
  fix: "f",
  source: "https://learn.microsoft.com/",
});

test("blocking: audit/deny policy findings and error-severity rules; not modify or existence effects", () => {
  const result = (status: "non-compliant", effect: string, definition: string) => ({
    definition,
    displayName: definition,
    resource: "/r",
    resourceType: "T",
    status,
    effect,
    source: "s",
  });
  const check: ModelCheck = {
    policy: [result("non-compliant", "modify", "m"), result("non-compliant", "auditifnotexists", "a")],
    rules: [],
    deploy: [],
    findings: [f("policy/m", "warning"), f("policy/a", "warning"), f("rules/x", "warning")],
  };
  assert.deepEqual(blockingFindings(check), []);
  const audit: ModelCheck = {
    ...check,
    policy: [...check.policy, result("non-compliant", "audit", "b")],
    findings: [...check.findings, f("policy/b", "warning"), f("deploy/y", "error")],
  };
  assert.deepEqual(
    blockingFindings(audit).map((x) => x.id),
    ["policy/b", "deploy/y"],
  );
});

test("rules --format json lists the catalog, --policy adds the user's definitions", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "secure-aml-rules-"));
  const file = path.join(dir, "own.json");
  writeFileSync(
    file,
    JSON.stringify({
      name: "own-rule",
      properties: {
        mode: "All",
        policyRule: {
          if: { field: "type", equals: "Microsoft.Storage/storageAccounts" },
          // biome-ignore lint/suspicious/noThenProperty: Azure Policy's own key
          then: { effect: "deny" },
        },
      },
    }),
  );
  const plain = await run("rules", "--format", "json");
  assert.equal(plain.code, 0);
  const withOwn = await run("rules", "--format", "json", "--policy", file);
  const ids = (JSON.parse(withOwn.out) as { id: string }[]).map((r) => r.id);
  assert.equal(ids.length, (JSON.parse(plain.out) as unknown[]).length + 1);
  assert.ok(ids.includes("policy/own-rule"));
});

test("a bad --policy file is bad input: exit 2, the file named, nothing checked", async () => {
  const r = await run("check", "--preset", "private", "--policy", "/nonexistent/policy.json");
  assert.equal(r.code, 2);
  assert.match(r.err, /\/nonexistent\/policy\.json: no such file/);
  assert.equal(r.out, "");
});

test("check --preset starter: exit 1 with findings naming the policy definitions", async () => {
  const text = await run("check", "--preset", "starter");
  assert.equal(text.code, 1);
  assert.match(
    text.out,
    /policy\/438c38d2-3772-465a-a9cc-7a6666a275ce: Azure Machine Learning Workspaces should disable public network access/,
  );
  assert.match(text.out, /premise-differs: Azure Machine Learning Computes should be in a virtual network/);
});
