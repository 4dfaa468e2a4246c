/**
 * One self-contained HTML file for reports: inline CSS only, no scripts, fonts, images or any other
 * remote load — enforced by a Content-Security-Policy meta, so the file proves it is self-contained
 * when opened (a violation shows as a console error). Dark-on-light, print-friendly.
 *
 * Everything a caller passes as *text* must go through `escapeHtml` (or `htmlTable`, `badge`, which
 * escape for you); a section's `html` is inserted verbatim, so build it from these helpers.
 */

import { escapeControls } from "../../config/text";

export interface HtmlSection {
  /** Anchor id; characters outside [A-Za-z0-9_-] are replaced (see `sectionAnchor`). */
  id: string;
  /** Plain text heading (escaped). */
  title: string;
  /** Trusted HTML body, inserted verbatim. */
  html: string;
}

export interface HtmlDocument {
  /** Plain text (escaped); also the <title>. */
  title: string;
  /** Plain text line under the title (escaped). */
  subtitle?: string;
  sections: HtmlSection[];
  /** Plain text footer (escaped), e.g. "Generated offline by secure-aml 0.1.0". */
  footer?: string;
}

export type BadgeKind = "public" | "private" | "warn" | "ok" | "info";

/** The policy in every document: nothing may load except inline styles and data: images. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Escape text for HTML element content and (quoted) attribute values. Control and bidi characters become
 * visible escapes (`\x1b`, `\u202e`): a bidi override would reorder what the reader sees. Newlines stay.
 */
export function escapeHtml(text: string): string {
  return escapeControls(String(text), { keepNewlines: true }).replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]!);
}

/** A small coloured label: `<span class="badge public">public</span>`. Text is escaped. */
export function badge(kind: BadgeKind, text: string): string {
  return `<span class="badge ${kind}">${escapeHtml(text)}</span>`;
}

export interface DiagramOptions {
  /** Plain text caption (escaped). */
  caption?: string;
  /**
   * Smallest on-screen scale (of the SVG's own `width="…pt"`) before the box scrolls sideways instead
   * of shrinking the text further (default 0.6; 0 = always shrink to fit). Print always fits the page.
   */
  minScale?: number;
}

/**
 * Wrap an inline SVG (trusted markup, e.g. from `renderSvg`) in the `.diagram` box, which scales it
 * down to the page width — but not below `minScale`, so wide diagrams stay legible and scroll.
 */
export function diagramFigure(svg: string, opts: DiagramOptions | string = {}): string {
  const { caption, minScale = 0.6 } = typeof opts === "string" ? { caption: opts } : opts;
  let body = svg.trim();
  const width = /^<svg\b[^>]*?\swidth="([\d.]+)pt"/.exec(body)?.[1];
  if (width !== undefined && minScale > 0) {
    const min = Math.round(Number(width) * minScale);
    body = body.replace(/^<svg\b/, `<svg style="min-width:${min}pt"`);
  }
  const cap = caption === undefined ? "" : `\n<figcaption>${escapeHtml(caption)}</figcaption>`;
  return `<figure class="diagram">\n${body}${cap}\n</figure>`;
}

export interface HtmlTableOptions {
  /** Column indexes whose cells are trusted HTML (e.g. built with `badge`) and not escaped. */
  rawHtmlColumns?: number[];
  /** Plain text caption (escaped). */
  caption?: string;
  /** Text of the single row shown when there are no rows (default "None"). */
  emptyText?: string;
}

/**
 * A readable table, wrapped so wide tables scroll instead of overflowing. Cells are escaped unless
 * their column is listed in `rawHtmlColumns`; short rows are padded with empty cells.
 */
export function htmlTable(headers: string[], rows: string[][], opts: HtmlTableOptions = {}): string {
  const raw = new Set(opts.rawHtmlColumns ?? []);
  const width = Math.max(headers.length, ...rows.map((r) => r.length), 1);
  const head = headers.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join("");
  const body =
    rows.length === 0
      ? `<tr><td class="empty" colspan="${width}">${escapeHtml(opts.emptyText ?? "None")}</td></tr>`
      : rows
          .map((row) => {
            const cells: string[] = [];
            for (let i = 0; i < width; i++) {
              const cell = row[i] ?? "";
              cells.push(`<td>${raw.has(i) ? cell : escapeHtml(cell)}</td>`);
            }
            return `<tr>${cells.join("")}</tr>`;
          })
          .join("\n");
  const caption = opts.caption === undefined ? "" : `<caption>${escapeHtml(opts.caption)}</caption>`;
  return `<div class="table-wrap"><table>${caption}<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table></div>`;
}

/** The anchor actually used for a section id: [A-Za-z0-9_-] kept, anything else becomes "-". */
export function sectionAnchor(id: string): string {
  const cleaned = id.replace(/[^A-Za-z0-9_-]/g, "-");
  return /^[A-Za-z]/.test(cleaned) ? cleaned : `s-${cleaned}`;
}

const CSS = `
:root {
  color-scheme: light;
  --fg: #1f2933; --muted: #52606d; --border: #d3dae3; --bg: #ffffff; --bg-soft: #f5f7fa;
  --accent: #1d4f91; --public: #a51d1d; --public-bg: #fdecea; --private: #1e6b2a; --private-bg: #e6f4ea;
  --warn: #7a4b00; --warn-bg: #fff4d6; --info: #1d4f91; --info-bg: #e7f0fb;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--fg);
  font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans", sans-serif;
}
header.page { background: var(--bg-soft); border-bottom: 1px solid var(--border); }
header.page .inner, main, footer.page { max-width: 1200px; margin: 0 auto; padding: 0 28px; }
header.page .inner { padding-top: 24px; padding-bottom: 14px; }
h1 { font-size: 1.65rem; line-height: 1.25; margin: 0 0 4px; letter-spacing: -0.01em; }
.subtitle { color: var(--muted); margin: 0 0 12px; }
nav.toc ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 6px 8px; }
nav.toc a {
  display: inline-block; padding: 3px 11px; border: 1px solid var(--border); border-radius: 999px;
  background: var(--bg); color: var(--accent); text-decoration: none; font-size: 0.88rem;
}
nav.toc a:hover, nav.toc a:focus-visible { border-color: var(--accent); background: var(--info-bg); }
main { padding-top: 8px; padding-bottom: 32px; }
section { padding-top: 18px; }
section > h2 {
  font-size: 1.2rem; margin: 0 0 10px; padding-bottom: 6px; border-bottom: 2px solid var(--border);
}
h3 { font-size: 1.02rem; margin: 18px 0 6px; }
p { margin: 0 0 10px; }
a { color: var(--accent); }
code, kbd, pre {
  font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.9em;
}
code { background: var(--bg-soft); border: 1px solid #e4e8ee; border-radius: 4px; padding: 0 4px; }
pre { background: var(--bg-soft); border: 1px solid var(--border); border-radius: 6px; padding: 10px 12px; overflow-x: auto; }
pre code { background: none; border: 0; padding: 0; }
.muted { color: var(--muted); }
.table-wrap { overflow-x: auto; margin: 8px 0 16px; border: 1px solid var(--border); border-radius: 6px; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; font-variant-numeric: tabular-nums; }
caption { caption-side: top; text-align: left; padding: 8px 10px; color: var(--muted); font-size: 0.85rem; }
th, td { text-align: left; vertical-align: top; padding: 7px 10px; border-bottom: 1px solid #e6eaf0; overflow-wrap: anywhere; }
th { background: var(--bg-soft); font-weight: 600; border-bottom: 1px solid var(--border); white-space: nowrap; }
tbody tr:nth-child(even) td { background: #fafbfc; }
tbody tr:last-child td { border-bottom: 0; }
td.empty { color: var(--muted); font-style: italic; }
.badge {
  display: inline-block; padding: 1px 8px; border-radius: 999px; border: 1px solid currentColor;
  font-size: 0.76rem; font-weight: 600; line-height: 1.5; letter-spacing: 0.02em; white-space: nowrap;
  vertical-align: baseline;
}
.badge.public { color: var(--public); background: var(--public-bg); }
.badge.private, .badge.ok { color: var(--private); background: var(--private-bg); }
.badge.warn { color: var(--warn); background: var(--warn-bg); }
.badge.info { color: var(--info); background: var(--info-bg); }
.diagram {
  margin: 8px 0 16px; padding: 12px; border: 1px solid var(--border); border-radius: 8px;
  background: #fff; overflow-x: auto;
}
.diagram svg { display: block; max-width: 100%; height: auto; margin: 0 auto; }
.diagram figcaption { color: var(--muted); font-size: 0.85rem; margin-top: 6px; }
.callout { border-left: 4px solid var(--accent); background: var(--info-bg); padding: 8px 12px; border-radius: 0 6px 6px 0; margin: 8px 0 14px; }
.callout.warn { border-color: #b26a00; background: var(--warn-bg); }
.callout.public { border-color: var(--public); background: var(--public-bg); }
footer.page { color: var(--muted); font-size: 0.82rem; padding-bottom: 24px; }
footer.page p { border-top: 1px solid var(--border); padding-top: 10px; }
:target > h2 { color: var(--accent); }
@media (max-width: 640px) {
  header.page .inner, main, footer.page { padding-left: 14px; padding-right: 14px; }
  body { font-size: 14px; }
}
@media print {
  @page { margin: 14mm; }
  body { font-size: 10.5pt; }
  header.page { background: none; border-bottom: 2px solid #000; }
  header.page .inner, main, footer.page { max-width: none; padding-left: 0; padding-right: 0; }
  nav.toc { display: none; }
  a { color: inherit; text-decoration: none; }
  section { break-inside: auto; }
  section > h2, h3 { break-after: avoid; }
  .diagram, tr, .callout { break-inside: avoid; }
  .diagram, .table-wrap { border-color: #999; overflow: visible; }
  .diagram svg { min-width: 0 !important; }
  thead { display: table-header-group; }
  .badge, th, tbody tr:nth-child(even) td, .callout { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`
  .trim()
  .replace(/\n\s*/g, "\n");

/** Render the whole report as one self-contained HTML5 document (no scripts). */
export function renderHtmlDocument(doc: HtmlDocument): string {
  const used = new Set<string>();
  const anchors = doc.sections.map((s) => {
    const base = sectionAnchor(s.id);
    let anchor = base;
    for (let i = 2; used.has(anchor); i++) anchor = `${base}-${i}`;
    used.add(anchor);
    return anchor;
  });
  const nav =
    doc.sections.length === 0
      ? ""
      : `<nav class="toc" aria-label="Sections"><ul>\n${doc.sections
          .map((s, i) => `<li><a href="#${anchors[i]}">${escapeHtml(s.title)}</a></li>`)
          .join("\n")}\n</ul></nav>`;
  const sections = doc.sections
    .map(
      (s, i) =>
        `<section id="${anchors[i]}" aria-labelledby="${anchors[i]}-h">\n<h2 id="${anchors[i]}-h">${escapeHtml(s.title)}</h2>\n${s.html}\n</section>`,
    )
    .join("\n");
  const subtitle = doc.subtitle === undefined ? "" : `<p class="subtitle">${escapeHtml(doc.subtitle)}</p>\n`;
  const footer =
    doc.footer === undefined ? "" : `<footer class="page"><p>${escapeHtml(doc.footer)}</p></footer>\n`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(doc.title)}</title>
<style>
${CSS}
</style>
</head>
<body>
<header class="page"><div class="inner">
<h1>${escapeHtml(doc.title)}</h1>
${subtitle}${nav}
</div></header>
<main>
${sections}
</main>
${footer}</body>
</html>
`;
}
