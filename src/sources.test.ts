import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, test } from "node:test";
import ts from "typescript";
import { LEARN, type LearnTopic } from "./sources";

/**
 * For the sweep that replaces the internal fact sheet's citations (which this test keeps out of user-facing text) ("facts §N") in user-facing text: the topics
 * whose pages are the public sources of each section, most specific first. Only sections the repo cites, and
 * §1.7 and §4.1/§4.4 for completeness; §10 (Pulumi's own types) has no Learn page.
 */
const FACT_SECTIONS = {
  "1.1": ["managedNetwork"],
  "1.2": ["managedNetwork"],
  "1.3": ["managedNetwork"],
  "1.4": ["managedNetwork", "outboundRuleTemplate"],
  "1.5": ["managedNetwork"],
  "1.6": ["managedNetwork"],
  "1.7": ["managedNetwork"],
  "1.8": ["managedNetwork", "managedNetworkTroubleshoot"],
  "2": ["managedNetwork", "aiMlRoles"],
  "3": ["privateLink", "customDns", "privateEndpointDns"],
  "4": ["networkSecurityOverview", "privateLink"],
  "4.1": ["privateLink"],
  "4.2": ["networkSecurityOverview", "secureWorkspaceVnet"],
  "4.3": ["studioVnet", "managedNetwork"],
  "4.4": ["secureWorkspaceVnet"],
  "4.5": ["sharedKeyDisabled"],
  "5": ["secureWorkspaceVnet", "containerRegistrySkus"],
  "6": ["computeInstance", "managedNetworkCompute"],
  "7": ["datastore", "identityAuth", "datastoreV2Migration", "connections"],
  "8": ["identityAuth", "managedNetwork"],
  "9": ["retailPrices"],
} as const satisfies Readonly<Record<string, readonly [LearnTopic, ...LearnTopic[]]>>;

/**
 * Matches an internal fact-sheet citation with every section it lists ("facts §1.4", "facts §1.5 and §9",
 * "facts §3, §4.3"); its first group holds the sections. Not global: add the flag where matching all.
 */
const FACT_CITATION = /facts (§\d+(?:\.\d+)?(?:(?:,| and) §\d+(?:\.\d+)?)*)/;

/** The sections one {@link FACT_CITATION} match lists, e.g. `["1.5", "9"]` for "facts §1.5 and §9". */
function citedSections(citation: string): string[] {
  return [...citation.matchAll(/§(\d+(?:\.\d+)?)/g)].map((m) => m[1]!);
}

/** The Learn URL that replaces a "facts §N" citation, or undefined for a section without a public source. */
function learnUrlForFact(section: string): string | undefined {
  const topics = (FACT_SECTIONS as Readonly<Record<string, readonly LearnTopic[]>>)[section];
  return topics ? LEARN[topics[0]!] : undefined;
}

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
