import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { PROVIDER_ENVIRONMENT, providerEnvironmentIssue } from "./cloud";
import { CLOUDS } from "./schema";

describe("providerEnvironmentIssue", () => {
  test("the public cloud needs no provider setting; public/empty/any case agree", () => {
    for (const env of [undefined, "", "public", "Public ", "PUBLIC"])
      assert.equal(providerEnvironmentIssue("AzureCloud", env), undefined, String(env));
  });
  test("a national cloud without the provider environment is an error naming the command", () => {
    const issue = providerEnvironmentIssue("AzureChinaCloud", undefined);
    assert.equal(issue?.severity, "error");
    assert.equal(issue?.path, "cloud");
    assert.match(issue?.fix ?? "", /pulumi config set azure-native:environment china/);
  });
  test("a national provider environment with cloud AzureCloud is refused too", () => {
    assert.match(providerEnvironmentIssue("AzureCloud", "usgovernment")?.message ?? "", /usgovernment/);
  });
  test("each cloud agrees with exactly its own environment", () => {
    for (const cloud of CLOUDS)
      for (const other of CLOUDS)
        assert.equal(
          providerEnvironmentIssue(cloud, PROVIDER_ENVIRONMENT[other]) === undefined,
          cloud === other,
          `${cloud} with ${PROVIDER_ENVIRONMENT[other]}`,
        );
  });
});
