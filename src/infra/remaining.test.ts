import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { type Config, loadConfig, resourceNames } from "../config";
import { MOCK_CLIENT } from "../plan/mocks";
import { personGrants } from "./grants";
import { personRoleCommands, personScopeId, remainingSteps, sqlReaderTsql } from "./remaining";

const cfg = (raw: Record<string, unknown>): Config => loadConfig({ raw }).config;
const names = resourceNames({ name: "secureaml" }, MOCK_CLIENT.subscriptionId);

describe("remaining steps", () => {
  test("other people: one az command per compute user role, even without a compute instance", () => {
    for (const raw of [
      {},
      { compute: { instance: { enabled: false } } },
      { jumpbox: { bastionSku: "Basic" } },
    ]) {
      const c = cfg(raw);
      const commands = personRoleCommands(c, names);
      assert.equal(commands.length, personGrants(c, "computeUser").length);
      assert.ok(commands.length >= 5);
      for (const cmd of commands) {
        assert.match(
          cmd,
          /^az role assignment create --assignee-object-id <object-id> --assignee-principal-type User /,
        );
        assert.match(cmd, /--scope \$P\/Microsoft\.\w+\/\w+\/[\w-]+$/);
      }
    }
    const basic = personRoleCommands(cfg({ jumpbox: { bastionSku: "Basic" } }), names).join("\n");
    assert.match(basic, /"Virtual Machine User Login" --scope .*virtualMachines\/vm-secureaml-jump$/m);
    assert.match(basic, /"Reader" --scope .*bastionHosts\/bas-secureaml$/m);
    assert.equal(personScopeId("keyVault", names), undefined);
  });

  test("with a data scientists group, other people are added to the group", () => {
    const group = "66666666-7777-4888-9999-aaaaaaaaaaaa";
    const [step] = remainingSteps(cfg({ workspace: { dataScientists: group } }), names);
    assert.match(
      step!.how,
      new RegExp(`^add them to the Microsoft Entra group: az ad group member add --group ${group} `),
    );
  });

  test("SQL: the database user is created from the client id, with no Graph lookup", () => {
    const t = sqlReaderTsql("id-x-mlw", "<client-id>");
    assert.match(t, /CAST\(CAST\('<client-id>' AS uniqueidentifier\) AS varbinary\(16\)\), 1\)/);
    assert.match(
      t,
      /CREATE USER \[id-x-mlw\] WITH SID = ' \+ @sid \+ ', TYPE = E; ALTER ROLE db_datareader ADD MEMBER \[id-x-mlw\];/,
    );
    assert.doesNotMatch(t, /EXTERNAL PROVIDER/);
    const steps = remainingSteps(cfg({ data: { sql: { enabled: true } } }), names);
    assert.deepEqual(
      steps.map((s) => s.step),
      ["give other people access", "decide who may read the SQL database"],
    );
  });
});
