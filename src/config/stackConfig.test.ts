import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { parse } from "yaml";
import { ConfigError } from "./issues";
import { loadConfig } from "./load";
import { readStackConfig } from "./stackConfig";

const ROOT = path.join(__dirname, "..", "..");

/** What the Pulumi CLI hands the program: strings, with structured values as JSON. */
function stackGetter(config: Record<string, unknown>) {
  return (key: string) => {
    const v = config[`secure-aml:${key}`];
    if (v === undefined) return undefined;
    return typeof v === "string" ? v : JSON.stringify(v);
  };
}

test("every committed Pulumi.<stack>.yaml maps onto a valid configuration", () => {
  const stacks = readdirSync(ROOT).filter((f) => /^Pulumi\.[\w-]+\.yaml$/.test(f));
  assert.ok(stacks.length > 0, "at least one stack file is committed");
  for (const file of stacks) {
    const { config } = parse(readFileSync(path.join(ROOT, file), "utf8")) as {
      config: Record<string, unknown>;
    };
    const loaded = loadConfig(readStackConfig(stackGetter(config)));
    assert.equal(loaded.config.name, config["secure-aml:name"], file);
  }
});

test("Pulumi.yaml runs src/index.ts through tsx", () => {
  const project = parse(readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")) as {
    name: string;
    main: string;
    runtime: { name: string; options: { typescript: boolean; nodeargs: string } };
  };
  assert.equal(project.name, "secure-aml", "the config namespace is the project name");
  assert.equal(project.main, "src/index.ts");
  assert.equal(project.runtime.options.typescript, false);
  assert.match(project.runtime.options.nodeargs, /--import=tsx/);
});

test("stack config: structured keys as JSON, configFile, and errors that name the key", () => {
  const source = readStackConfig(
    stackGetter({ "secure-aml:workspace": { isolationMode: "AllowOnlyApprovedOutbound" } }),
  );
  assert.deepEqual(source, { raw: { workspace: { isolationMode: "AllowOnlyApprovedOutbound" } } });
  assert.deepEqual(readStackConfig(stackGetter({ "secure-aml:configFile": "x.yaml" })), {
    file: "x.yaml",
    flag: "secure-aml:configFile",
  });
  assert.throws(
    () => loadConfig(readStackConfig(stackGetter({ "secure-aml:workspace": "{not json" }))),
    (e: unknown) => e instanceof ConfigError && e.issues.some((i) => i.path === "workspace"),
  );
});
