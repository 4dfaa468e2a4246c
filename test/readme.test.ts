import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { RESERVED_RULE_NAMES } from "../src/config/naming";
import { STACK_OUTPUTS } from "../src/infra/outputs";

/** The README lists that the code also defines: each list must say what the code does. */
const README = readFileSync(path.join(__dirname, "..", "README.md"), "utf8");
const names = (text: string) => [...text.matchAll(/`([\w-]+)`/g)].map((m) => m[1]!);

test("the README lists the stack outputs the program returns", () => {
  const listed = /Outputs:\s*([\s\S]*?)—/.exec(README)?.[1];
  assert.ok(listed, "the README has an 'Outputs: ... —' sentence");
  assert.deepEqual(names(listed), [...STACK_OUTPUTS]);
});

test("the README lists the outbound rule names reserved by the code", () => {
  const line = README.split("\n").find((l) => l.startsWith("| `workspace.outboundRules.<name>`"));
  assert.ok(line, "the config table has the outbound rules row");
  const reserved = /;\s*((?:`[\w-]+`,?\s*)+)are reserved/.exec(line)?.[1];
  assert.ok(reserved, "the row names the reserved rule names");
  assert.deepEqual(names(reserved).sort(), [...RESERVED_RULE_NAMES].sort());
});
