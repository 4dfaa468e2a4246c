import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, test } from "node:test";
import { OutputError, writeFileAtomically, writeFilesAtomically } from "./write";

const fresh = () => mkdtempSync(path.join(tmpdir(), "secure-aml-write-"));
const files = (tag: string) => [
  { name: "a.txt", text: `a ${tag}\n` },
  { name: "b.txt", text: `b ${tag}\n` },
];

describe("writeFilesAtomically", () => {
  test("a symlink planted at a target name is replaced, never written through", () => {
    const dir = fresh();
    const outside = path.join(fresh(), "victim.txt");
    writeFileSync(outside, "precious\n");
    symlinkSync(outside, path.join(dir, "a.txt"));
    writeFilesAtomically(dir, files("new"));
    assert.equal(readFileSync(outside, "utf8"), "precious\n", "the link's target is untouched");
    const st = lstatSync(path.join(dir, "a.txt"));
    assert.ok(st.isFile() && !st.isSymbolicLink(), "the link itself was replaced by the file");
    assert.equal(st.mode & 0o777, 0o644);
    assert.equal(readFileSync(path.join(dir, "a.txt"), "utf8"), "a new\n");
  });

  test("a failed run leaves the previous files as they were, and no temporary file", () => {
    const dir = fresh();
    writeFilesAtomically(dir, files("old"));
    // The second file's temporary name is too long for the file system: the first is written, then dropped.
    const tooLong = [files("new")[0]!, { name: "x".repeat(250), text: "x" }];
    assert.throws(() => writeFilesAtomically(dir, tooLong), OutputError);
    assert.equal(readFileSync(path.join(dir, "a.txt"), "utf8"), "a old\n");
    assert.deepEqual(readdirSync(dir).sort(), ["a.txt", "b.txt"]);
    // A target that is a folder is refused before anything is written.
    mkdirSync(path.join(dir, "c.txt"));
    assert.throws(
      () => writeFilesAtomically(dir, [...files("new"), { name: "c.txt", text: "c" }]),
      /c\.txt: it is a folder/,
    );
    assert.equal(readFileSync(path.join(dir, "b.txt"), "utf8"), "b old\n");
  });

  test("a FIFO at a target name is refused (opening it would block)", () => {
    const dir = fresh();
    execFileSync("mkfifo", [path.join(dir, "a.txt")]);
    assert.throws(() => writeFilesAtomically(dir, files("new")), /not a regular file/);
  });

  test("--out that is a file, and a folder that cannot be written, are one-line errors", () => {
    const file = path.join(fresh(), "plan.txt");
    writeFileSync(file, "x");
    assert.throws(() => writeFilesAtomically(file, files("new")), /is a file, not a folder/);
    // /proc is not writable even for root: the reason is given in words, without a stack.
    assert.throws(
      () => writeFileAtomically("/proc/secure-aml.schema.json", "{}"),
      (e: Error) => e instanceof OutputError && !e.message.includes("\n"),
    );
    assert.throws(() => writeFileAtomically(fresh(), "{}"), /is a folder: give a file name/);
  });
});
