import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, test } from "node:test";
import { isCi, requireFiles, sharedDir } from "./support/ci";

describe("tests that need files from outside the repository", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "secure-aml-ci-"));
  writeFileSync(path.join(dir, "present.json"), "{}");

  test("CI is CI=true or CI=1, nothing else", () => {
    assert.equal(isCi({ CI: "true" }), true);
    assert.equal(isCi({ CI: "1" }), true);
    assert.equal(isCi({}), false);
    assert.equal(isCi({ CI: "false" }), false);
  });

  test("present files: the test runs", (t) => {
    assert.equal(requireFiles(t, dir, ["present.json"], { CI: "true" }), true);
  });

  test("a missing file fails the test under CI, naming it", (t) => {
    for (const CI of ["true", "1"])
      assert.throws(
        () => requireFiles(t, dir, ["present.json", "missing.json"], { CI }),
        (e: Error) =>
          e.name === "AssertionError" && /missing\.json/.test(e.message) && !/present\.json/.test(e.message),
      );
  });

  test("a missing file skips the test elsewhere, visibly", () => {
    let reason = "";
    const fake = { skip: (m: string) => (reason = m) } as unknown as import("node:test").TestContext;
    assert.equal(requireFiles(fake, dir, ["missing.json"], {}), false);
    assert.match(reason, /missing\.json/);
  });

  test("the shared folder is <repo>/../shared unless SECURE_AML_SHARED says otherwise", () => {
    assert.equal(sharedDir({}), path.resolve(__dirname, "..", "..", "shared"));
    assert.equal(sharedDir({ SECURE_AML_SHARED: dir }), dir);
  });
});
