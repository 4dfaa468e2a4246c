import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, test } from "node:test";
import ts from "typescript";
import { citedSections, FACT_CITATION, FACT_SECTIONS, LEARN, learnUrlForFact } from "./sources";

const ROOT = path.join(__dirname, "..");
const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");

/** Every .ts file under src/ (tests included: their fact citations are swept too), relative to the root. */
function sourceFiles(dir = "src"): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(`${dir}/${e.name}`) : e.name.endsWith(".ts") ? [`${dir}/${e.name}`] : [],
  );
}

/** Every "facts §…" citation in a text, with the sections it lists. */
const citations = (text: string) =>
  [...text.matchAll(new RegExp(FACT_CITATION.source, "g"))].map((m) => ({
    text: m[0],
    sections: citedSections(m[0]),
  }));

/** The text of every string and template literal in a TypeScript file: what can reach a user. Comments are not. */
function stringLiterals(file: string): { line: number; text: string }[] {
  const source = ts.createSourceFile(file, read(file), ts.ScriptTarget.Latest, true);
  const out: { line: number; text: string }[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node)) {
      out.push({ line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, text: node.text });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

describe("public sources (src/sources.ts)", () => {
  test("every topic is a locale-free Microsoft Learn URL, and no two topics share one", () => {
    const urls = Object.values(LEARN);
    for (const url of urls)
      assert.match(url, /^https:\/\/learn\.microsoft\.com\/(?![a-z]{2}-[a-z]{2}\/)[a-z]/);
    assert.equal(new Set(urls).size, urls.length);
  });

  test("a citation lists every section it names", () => {
    assert.deepEqual(citations("x (facts §1.5 and §9) y facts §3, §4.3; facts §6: z"), [
      { text: "facts §1.5 and §9", sections: ["1.5", "9"] },
      { text: "facts §3, §4.3", sections: ["3", "4.3"] },
      { text: "facts §6", sections: ["6"] },
    ]);
  });

  test("every section the repo cites has a public source for the sweep", () => {
    const cited = new Set(
      [...sourceFiles(), "README.md"].flatMap((f) => citations(read(f)).flatMap((c) => c.sections)),
    );
    for (const section of cited) {
      const url = learnUrlForFact(section);
      assert.ok(url, `facts §${section} is cited but has no entry in FACT_SECTIONS`);
      assert.ok(Object.values(LEARN).includes(url as (typeof LEARN)[keyof typeof LEARN]));
    }
    assert.equal(learnUrlForFact("10"), undefined, "§10 is Pulumi's own types: no Learn page");
    assert.equal(learnUrlForFact(FACT_SECTIONS["4.5"][0]), undefined, "a topic key is not a section");
  });

  test("docs/sources.md has one row per topic, with the table's URL, and no other source", () => {
    const doc = read("docs/sources.md");
    const rows = doc.split("\n").filter((l) => /^\| `[a-zA-Z0-9]+` \|/.test(l));
    const byKey = new Map(rows.map((r) => [/^\| `([a-zA-Z0-9]+)`/.exec(r)![1]!, r]));
    assert.deepEqual([...byKey.keys()].sort(), Object.keys(LEARN).sort());
    for (const [key, url] of Object.entries(LEARN)) assert.ok(byKey.get(key)!.includes(`](${url})`), key);
    const linked = [...doc.matchAll(/\]\((https:[^)]+)\)/g)].map((m) => m[1]);
    for (const url of linked) assert.ok((Object.values(LEARN) as string[]).includes(url!), url);
  });

  test("the README cites public sources only", () => {
    const readme = read("README.md");
    assert.deepEqual(citations(readme), []);
    assert.doesNotMatch(readme, /shared\/docs|azure-ml-facts/);
  });

  test("no string in src/ that can reach a user cites the internal fact sheet", () => {
    const leaks = sourceFiles()
      .filter((f) => !f.endsWith(".test.ts"))
      .flatMap((f) =>
        stringLiterals(f)
          .filter((s) => new RegExp(FACT_CITATION.source).test(s.text) || /shared\/docs/.test(s.text))
          .map((s) => `${f}:${s.line}: ${s.text}`),
      );
    assert.deepEqual(leaks, []);
  });
});
