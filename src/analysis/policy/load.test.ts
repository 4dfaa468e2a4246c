import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { builtinDefinitions } from "./builtin";
import { evaluatePolicies } from "./evaluate";
import { loadPolicies, MAX_FILE_BYTES, PolicyFileError } from "./load";

const builtins = builtinDefinitions();
const dir = mkdtempSync(path.join(tmpdir(), "secure-aml-policy-"));
const write = (name: string, json: unknown) => {
  const file = path.join(dir, name);
  writeFileSync(file, typeof json === "string" ? json : JSON.stringify(json));
  return file;
};

const own = {
  name: "require-owner-tag",
  properties: {
    displayName: "Storage accounts must carry an owner tag",
    mode: "Indexed",
    parameters: { tagName: { type: "String", defaultValue: "owner" } },
    policyRule: {
      if: {
        allOf: [
          { field: "type", equals: "Microsoft.Storage/storageAccounts" },
          { field: "[concat('tags[', parameters('tagName'), ']')]", exists: false },
        ],
      },
      // biome-ignore lint/suspicious/noThenProperty: Azure Policy's own key
      then: { effect: "deny" },
    },
  },
};

const storage = (tags: Record<string, string>) => ({
  id: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st",
  type: "Microsoft.Storage/storageAccounts",
  name: "st",
  location: "eastus2",
  tags,
  properties: { minimumTlsVersion: "TLS1_0" },
});

test("a user's definition file is evaluated, its source is the file", () => {
  const file = write("own.json", own);
  const [def] = loadPolicies([file], builtins);
  assert.equal(def!.source, file);
  assert.equal(def!.builtin, false);
  const ev = evaluatePolicies([storage({}), { ...storage({ Owner: "me" }), id: "/x/2" }], [def!]);
  assert.deepEqual(
    ev.results.map((r) => r.status),
    ["non-compliant", "compliant"],
  );
  assert.equal(ev.findings[0]!.severity, "error");
});

test("an initiative resolves built-ins by GUID and maps its parameters", () => {
  const sub = path.join(dir, "set");
  mkdirSync(sub);
  writeFileSync(
    path.join(sub, "initiative.json"),
    JSON.stringify({
      properties: {
        displayName: "TLS",
        parameters: { tls: { type: "String", defaultValue: "TLS1_0" } },
        policyDefinitions: [
          {
            policyDefinitionId:
              "/providers/Microsoft.Authorization/policyDefinitions/fe83a0eb-a853-422d-aac2-1bffd182c5d0",
            parameters: { minimumTlsVersion: { value: "[parameters('tls')]" } },
          },
        ],
      },
    }),
  );
  writeFileSync(path.join(sub, "notes.txt"), "not read");
  const defs = loadPolicies([sub], builtins);
  assert.equal(defs.length, 1);
  assert.deepEqual(defs[0]!.assigned, { minimumTlsVersion: "TLS1_0" });
  // With the initiative's TLS1_0 the account complies; with the definition's default (TLS1_2) it does not.
  assert.equal(evaluatePolicies([storage({})], defs).results[0]!.status, "compliant");
  const plain = builtins.find((d) => d.name === "fe83a0eb-a853-422d-aac2-1bffd182c5d0")!;
  assert.equal(evaluatePolicies([storage({})], [plain]).results[0]!.status, "non-compliant");
});

test("bad files: errors name the file, say why and how to fix", () => {
  const cases: [string, RegExp][] = [
    [write("broken.json", "{ nope"), /not valid JSON/],
    [write("empty-rule.json", { properties: { mode: "All" } }), /policyRule/],
    [path.join(dir, "missing.json"), /no such file/],
    [
      write("unknown-member.json", {
        properties: {
          policyDefinitions: [{ policyDefinitionId: "/providers/x/policyDefinitions/not-shipped" }],
        },
      }),
      /not a built-in secure-aml ships/,
    ],
    [write("big.json", `{"a":"${"x".repeat(MAX_FILE_BYTES)}"}`), /limit/],
  ];
  for (const [file, why] of cases)
    assert.throws(
      () => loadPolicies([file], builtins),
      (e) => e instanceof PolicyFileError && e.file === file && why.test(e.why) && e.fix.length > 0,
      file,
    );
  const link = path.join(dir, "link.json");
  symlinkSync(path.join(dir, "own.json"), link);
  assert.throws(() => loadPolicies([link], builtins), /not a regular file/);
});
