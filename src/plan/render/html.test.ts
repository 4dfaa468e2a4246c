import assert from "node:assert/strict";
import { test } from "node:test";
import {
  badge,
  CONTENT_SECURITY_POLICY,
  diagramFigure,
  escapeHtml,
  htmlTable,
  renderHtmlDocument,
  sectionAnchor,
} from "./html";

const doc = renderHtmlDocument({
  title: 'Plan <dev> & "prod"',
  subtitle: "contoso-aml · westeurope",
  footer: "Generated offline by secure-aml",
  sections: [
    { id: "summary", title: "Summary", html: "<p>ok</p>" },
    {
      id: "network",
      title: "Network & DNS",
      html: diagramFigure('<svg xmlns="http://www.w3.org/2000/svg"></svg>', "Fig 1"),
    },
    {
      id: "resources",
      title: "Resources",
      html: htmlTable(["Name", "Access"], [["<script>alert(1)</script>", badge("private", "private")]], {
        rawHtmlColumns: [1],
      }),
    },
  ],
});

test("escapeHtml escapes the five HTML-significant characters", () => {
  assert.equal(
    escapeHtml(`<a href="x" title='y'>&</a>`),
    "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;",
  );
  assert.equal(escapeHtml("plain"), "plain");
});

test("htmlTable escapes cells by default and only trusts rawHtmlColumns", () => {
  const html = htmlTable(
    ["<b>Name</b>", "State"],
    [["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"], ["short row"]],
    { rawHtmlColumns: [] },
  );
  assert.doesNotMatch(html, /<script|<img|<b>/);
  assert.ok(html.includes("&lt;script&gt;alert(1)&lt;/script&gt;"));
  assert.ok(html.includes("&lt;b&gt;Name&lt;/b&gt;"));
  // Short rows are padded so every row has the same number of cells.
  assert.equal((html.match(/<td>/g) ?? []).length, 4);
  const raw = htmlTable(["Access"], [[badge("public", "public <x>")]], { rawHtmlColumns: [0] });
  assert.ok(raw.includes('<span class="badge public">public &lt;x&gt;</span>'));
  assert.match(
    htmlTable(["A"], [], { emptyText: "No resources" }),
    /<td class="empty" colspan="1">No resources<\/td>/,
  );
});

test("document has a nav entry and a section for every section", () => {
  for (const [id, title] of [
    ["summary", "Summary"],
    ["network", "Network &amp; DNS"],
    ["resources", "Resources"],
  ]) {
    assert.ok(doc.includes(`<li><a href="#${id}">${title}</a></li>`), `nav ${id}`);
    assert.ok(doc.includes(`<section id="${id}"`), `section ${id}`);
    assert.ok(doc.includes(`>${title}</h2>`), `heading ${id}`);
  }
  assert.ok(doc.includes("<title>Plan &lt;dev&gt; &amp; &quot;prod&quot;</title>"));
  assert.ok(doc.includes('<p class="subtitle">contoso-aml · westeurope</p>'));
  assert.ok(doc.includes('<figure class="diagram">'));
  assert.ok(doc.includes("<figcaption>Fig 1</figcaption>"));
  assert.ok(doc.startsWith("<!DOCTYPE html>"));
});

test("document escapes a <script> in a table cell and has no script of its own", () => {
  assert.ok(doc.includes("&lt;script&gt;alert(1)&lt;/script&gt;"));
  assert.doesNotMatch(doc, /<script/i);
  assert.ok(doc.includes('<span class="badge private">private</span>'));
});

test("document is self-contained: CSP and color-scheme metas, no remote src/href", () => {
  assert.ok(doc.includes(`<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`));
  assert.match(CONTENT_SECURITY_POLICY, /default-src 'none'/);
  assert.match(CONTENT_SECURITY_POLICY, /style-src 'unsafe-inline'/);
  assert.match(CONTENT_SECURITY_POLICY, /img-src data:/);
  assert.ok(doc.includes('<meta name="color-scheme" content="light">'));
  assert.doesNotMatch(doc, /\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i);
  assert.doesNotMatch(doc, /@import|url\(\s*["']?(?:https?:)?\/\//i);
  assert.doesNotMatch(doc, /<link\b/i);
});

test("stylesheet defines the documented classes", () => {
  for (const selector of [
    ".badge.public",
    ".badge.private",
    ".badge.warn",
    ".badge.ok",
    ".diagram svg",
    "@media print",
  ])
    assert.ok(doc.includes(selector), selector);
});

test("section ids are made safe and unique", () => {
  assert.equal(sectionAnchor("Network & DNS"), "Network---DNS");
  assert.equal(sectionAnchor("1st"), "s-1st");
  const html = renderHtmlDocument({
    title: "t",
    sections: [
      { id: "a b", title: "One", html: "" },
      { id: "a-b", title: "Two", html: "" },
      { id: '"><script>', title: "Three", html: "" },
    ],
  });
  assert.ok(html.includes('<section id="a-b"'));
  assert.ok(html.includes('<section id="a-b-2"'));
  assert.ok(html.includes('href="#a-b-2"'));
  assert.doesNotMatch(html, /<script/);
  // No nav at all for a document without sections.
  assert.doesNotMatch(renderHtmlDocument({ title: "t", sections: [] }), /<nav/);
});
