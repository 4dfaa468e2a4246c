/**
 * Offline diagram rendering: a tiny, safe graph model (`DotGraph`) that serialises to Graphviz DOT
 * (`toDot`) or Mermaid (`toMermaid`), and `renderSvg`, which lays DOT out to SVG with the Graphviz
 * WebAssembly build from `@hpcc-js/wasm-graphviz` — no binary, no network.
 *
 * Callers never concatenate DOT by hand: every id and label passes through the escapers here, so a
 * resource name containing `"`, `\`, a newline or a control character cannot break the diagram.
 */

/** Fill/stroke of a node: where it sits on the public ↔ private spectrum. */
export type NodeStyle = "public" | "private" | "neutral" | "data" | "dns" | "warn";
/** Graphviz shapes we use (all have a Mermaid counterpart). */
export type NodeShape = "box" | "cylinder" | "ellipse" | "hexagon" | "component" | "folder" | "note";
/** `public` = traffic over the internet / a public endpoint; `private` = private endpoint / VNet path. */
export type EdgeStyle = "public" | "private" | "neutral";
/** Background/border of a cluster box. */
export type ClusterStyle = "internet" | "vnet" | "subnet" | "managed" | "dns" | "data" | "neutral";

export interface DotNode {
  id: string;
  label: string;
  /** Id of the (innermost) cluster holding this node; omit for top level. */
  cluster?: string;
  shape?: NodeShape;
  style?: NodeStyle;
  /** Hover text in the SVG (defaults to the label). */
  tooltip?: string;
}

export interface DotEdge {
  from: string;
  to: string;
  label?: string;
  style?: EdgeStyle;
  /** Draw arrow heads on both ends. */
  bidirectional?: boolean;
}

export interface DotCluster {
  id: string;
  label: string;
  style?: ClusterStyle;
  /** Nested clusters (e.g. VNet → subnets). */
  clusters?: DotCluster[];
}

export interface DotGraph {
  clusters: DotCluster[];
  nodes: DotNode[];
  edges: DotEdge[];
  /** Title drawn at the top of the diagram. */
  label?: string;
  /** Add a key explaining public vs private paths (default true). */
  legend?: boolean;
  /** Layout direction (default "LR"). */
  direction?: "LR" | "TB";
}

/** Colours shared by DOT, Mermaid and (via `EDGE_COLORS`) any HTML legend a caller draws itself. */
export const EDGE_COLORS: Readonly<Record<EdgeStyle, string>> = {
  public: "#c62828",
  private: "#2e7d32",
  neutral: "#616161",
};

const EDGE_DASH: Readonly<Record<EdgeStyle, "dashed" | "solid" | "dotted">> = {
  public: "dashed",
  private: "solid",
  neutral: "dotted",
};

const NODE_COLORS: Readonly<Record<NodeStyle, { fill: string; stroke: string }>> = {
  public: { fill: "#fdecea", stroke: "#c62828" },
  private: { fill: "#e8f5e9", stroke: "#2e7d32" },
  neutral: { fill: "#f5f6f8", stroke: "#5f6b7a" },
  data: { fill: "#e3f0fc", stroke: "#1565c0" },
  dns: { fill: "#e0f4f4", stroke: "#00796b" },
  warn: { fill: "#fff6dc", stroke: "#b26a00" },
};

const CLUSTER_COLORS: Readonly<Record<ClusterStyle, { fill: string; stroke: string; dashed?: boolean }>> = {
  internet: { fill: "#fff7f6", stroke: "#e0a19b", dashed: true },
  vnet: { fill: "#f3f8fd", stroke: "#8fb3d9" },
  subnet: { fill: "#ffffff", stroke: "#a9c3df" },
  managed: { fill: "#f6f3fb", stroke: "#b3a3d3" },
  dns: { fill: "#f2faf9", stroke: "#8cc5be" },
  data: { fill: "#f7f9fc", stroke: "#9fb1c6" },
  neutral: { fill: "#fafafa", stroke: "#c4c9d0" },
};

const TEXT_COLOR = "#1f2933";
const FONT = "Helvetica";

/** Labels longer than this (after cleaning) are cut with "…"; Graphviz rejects quoted strings > 16 KiB. */
export const MAX_LABEL_LENGTH = 1000;
/** Longer ids are rejected by `validateGraph` (same Graphviz limit; ids are programmatic, not cut). */
export const MAX_ID_LENGTH = 1000;

export class DotGraphError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid diagram: ${problems.join("; ")}`);
    this.name = "DotGraphError";
  }
}

// ---------------------------------------------------------------------------------------------
// Text cleaning and escaping

// Lone surrogates, C0/C1 controls (except \t and \n), bidi controls (they reorder what is shown), and the
// XML-invalid U+FFFE/U+FFFF.
const UNSAFE_CHARS =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Make arbitrary text safe to display: normalise line breaks to `\n` and drop leading/trailing ones,
 * turn tabs into spaces, replace control characters, lone surrogates and XML-invalid characters with
 * U+FFFD, and cap the length.
 */
export function cleanLabel(text: string, max = MAX_LABEL_LENGTH): string {
  const cleaned = text
    .replace(/\r\n?/g, "\n")
    .replace(/\t/g, " ")
    .replace(UNSAFE_CHARS, "\uFFFD")
    // Graphviz 16 (wasm) corrupts its heap on a label whose first or last line is empty, and a later
    // layout then traps ("table index is out of bounds"); such blank lines carry no meaning anyway.
    .replace(/^\n+|\n+$/g, "");
  if (cleaned.length <= max) return cleaned;
  // Do not cut a surrogate pair in half.
  let cut = max - 1;
  const code = cleaned.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return `${cleaned.slice(0, cut)}…`;
}

/**
 * A DOT quoted string for an id (node name). Injective: distinct ids give distinct names. Only `"` is
 * an escape in DOT's lexer, so `\` is doubled (a trailing `\` would otherwise eat the closing quote),
 * and newlines / control characters become visible backslash escapes (a raw `\` + newline is a line
 * continuation, and a NUL would end Graphviz's C string).
 */
export function dotId(id: string): string {
  let out = "";
  for (const ch of id) {
    const cp = ch.codePointAt(0)!;
    if (ch === "\\") out += "\\\\";
    else if (ch === '"') out += '\\"';
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (
      cp < 0x20 ||
      (cp >= 0x7f && cp <= 0x9f) ||
      (cp >= 0xd800 && cp <= 0xdfff) ||
      cp === 0xfffe ||
      cp === 0xffff
    )
      out += `\\u{${cp.toString(16)}}`;
    else out += ch;
  }
  return `"${out}"`;
}

/**
 * A DOT quoted string for a label (an escString): text is cleaned, `&` is escaped so Graphviz's
 * entity decoding shows it literally, `\` and `"` are escaped, and newlines become centred breaks.
 */
export function dotLabel(text: string): string {
  const escaped = cleanLabel(text)
    .replace(/&/g, "&amp;")
    .replace(/\\/g, "\\\\")
    .replace(/"/g, '\\"')
    .replace(/\n/g, "\\n");
  return `"${escaped}"`;
}

/** Escape text for a Graphviz HTML-like label (`label=<...>`). */
function dotHtmlText(text: string): string {
  return cleanLabel(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/\n/g, '<br align="left"/>');
}

function attrs(list: Record<string, string | number | undefined>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(list)) {
    if (value === undefined) continue;
    // Values are either numbers, our own fixed tokens, already-quoted strings, or HTML labels.
    parts.push(`${key}=${typeof value === "number" ? String(value) : value}`);
  }
  return parts.length > 0 ? ` [${parts.join(", ")}]` : "";
}

const q = (s: string): string => `"${s}"`;

// ---------------------------------------------------------------------------------------------
// Validation

/** Problems that would make the diagram wrong (duplicate ids, dangling references). Empty = fine. */
export function validateGraph(graph: DotGraph): string[] {
  const problems: string[] = [];
  const clusterIds = new Set<string>();
  const visit = (clusters: DotCluster[]): void => {
    for (const c of clusters) {
      if (clusterIds.has(c.id)) problems.push(`duplicate cluster id ${JSON.stringify(c.id)}`);
      if (c.id.length > MAX_ID_LENGTH) problems.push(`cluster id longer than ${MAX_ID_LENGTH} characters`);
      clusterIds.add(c.id);
      visit(c.clusters ?? []);
    }
  };
  visit(graph.clusters);
  const nodeIds = new Set<string>();
  for (const n of graph.nodes) {
    if (n.id === "") problems.push("node with empty id");
    if (n.id.length > MAX_ID_LENGTH) problems.push(`node id longer than ${MAX_ID_LENGTH} characters`);
    if (nodeIds.has(n.id)) problems.push(`duplicate node id ${JSON.stringify(n.id)}`);
    nodeIds.add(n.id);
    if (n.cluster !== undefined && !clusterIds.has(n.cluster))
      problems.push(`node ${JSON.stringify(n.id)} is in unknown cluster ${JSON.stringify(n.cluster)}`);
  }
  for (const e of graph.edges) {
    for (const end of [e.from, e.to]) {
      if (!nodeIds.has(end))
        problems.push(
          `edge ${JSON.stringify(e.from)} -> ${JSON.stringify(e.to)} uses unknown node ${JSON.stringify(end)}`,
        );
    }
  }
  return problems;
}

function nodesByCluster(graph: DotGraph): Map<string | undefined, DotNode[]> {
  const map = new Map<string | undefined, DotNode[]>();
  for (const n of graph.nodes) {
    const list = map.get(n.cluster) ?? [];
    list.push(n);
    map.set(n.cluster, list);
  }
  return map;
}

// ---------------------------------------------------------------------------------------------
// DOT

function dotNode(n: DotNode, indent: string): string {
  const style = NODE_COLORS[n.style ?? "neutral"];
  const shape = n.shape ?? "box";
  return `${indent}${dotId(n.id)}${attrs({
    label: dotLabel(n.label),
    tooltip: dotLabel(n.tooltip ?? n.label),
    shape,
    style: q(shape === "box" ? "rounded,filled" : "filled"),
    fillcolor: q(style.fill),
    color: q(style.stroke),
    class: q(`node-${n.style ?? "neutral"}`),
  })};`;
}

function dotCluster(c: DotCluster, byCluster: Map<string | undefined, DotNode[]>, indent: string): string[] {
  const colors = CLUSTER_COLORS[c.style ?? "neutral"];
  const lines = [
    `${indent}subgraph ${dotId(`cluster_${c.id}`)} {`,
    `${indent}  graph${attrs({
      label: dotLabel(c.label),
      style: q(colors.dashed ? "rounded,filled,dashed" : "rounded,filled"),
      fillcolor: q(colors.fill),
      color: q(colors.stroke),
      class: q(`cluster-${c.style ?? "neutral"}`),
    })};`,
  ];
  for (const child of c.clusters ?? []) lines.push(...dotCluster(child, byCluster, `${indent}  `));
  const members = byCluster.get(c.id) ?? [];
  for (const n of members) lines.push(dotNode(n, `${indent}  `));
  // Graphviz drops empty clusters; an invisible point keeps e.g. a not-yet-used subnet on the diagram.
  if (members.length === 0 && (c.clusters ?? []).length === 0)
    // Its name starts with `\x`, which dotId() never emits, so it cannot collide with a caller's node.
    lines.push(
      `${indent}  "\\x:empty:${dotId(c.id).slice(1, -1)}" [shape=point, style=invis, width=0.6, label=""];`,
    );
  lines.push(`${indent}}`);
  return lines;
}

function legendLabel(title: string | undefined, withNeutral: boolean): string {
  const swatch = (style: EdgeStyle): string =>
    `<td width="36" height="1" sides="b" border="2" style="${EDGE_DASH[style]}" color="${EDGE_COLORS[style]}"> </td>`;
  const key =
    `<table border="0" cellborder="0" cellspacing="4" cellpadding="0"><tr>` +
    `${swatch("public")}<td align="left"><font color="${EDGE_COLORS.public}">public path (internet)</font></td>` +
    `<td width="12"> </td>` +
    `${swatch("private")}<td align="left"><font color="${EDGE_COLORS.private}">private path (VNet / private endpoint)</font></td>` +
    (withNeutral
      ? `<td width="12"> </td>${swatch("neutral")}<td align="left"><font color="${EDGE_COLORS.neutral}">other (DNS, config)</font></td>`
      : "") +
    `</tr></table>`;
  const head =
    title === undefined || title === "" ? "" : `<tr><td align="left"><b>${dotHtmlText(title)}</b></td></tr>`;
  return `<<table border="0" cellborder="0" cellspacing="2" cellpadding="0">${head}<tr><td align="left">${key}</td></tr></table>>`;
}

/** Serialise a graph to Graphviz DOT. Throws `DotGraphError` on duplicate ids or dangling references. */
export function toDot(graph: DotGraph): string {
  const problems = validateGraph(graph);
  if (problems.length > 0) throw new DotGraphError(problems);
  const byCluster = nodesByCluster(graph);
  const legend = graph.legend ?? true;
  const graphLabel = legend
    ? legendLabel(
        graph.label,
        graph.edges.some((e) => (e.style ?? "neutral") === "neutral"),
      )
    : graph.label !== undefined
      ? dotLabel(graph.label)
      : undefined;
  const lines = [
    `digraph ${dotId(graph.label ?? "diagram")} {`,
    `  graph${attrs({
      rankdir: graph.direction ?? "LR",
      fontname: q(FONT),
      fontsize: 13,
      fontcolor: q(TEXT_COLOR),
      bgcolor: q("transparent"),
      pad: q("0.2"),
      nodesep: q("0.3"),
      ranksep: q("0.7"),
      newrank: "true",
      compound: "true",
      labelloc: "t",
      labeljust: "l",
      label: graphLabel,
    })};`,
    `  node${attrs({
      fontname: q(FONT),
      fontsize: 12,
      fontcolor: q(TEXT_COLOR),
      penwidth: 1.2,
      margin: q("0.16,0.07"),
      height: 0.4,
    })};`,
    `  edge${attrs({ fontname: q(FONT), fontsize: 10, arrowsize: 0.7, penwidth: 1.4 })};`,
  ];
  for (const c of graph.clusters) lines.push(...dotCluster(c, byCluster, "  "));
  for (const n of byCluster.get(undefined) ?? []) lines.push(dotNode(n, "  "));
  for (const e of graph.edges) {
    const style = e.style ?? "neutral";
    lines.push(
      `  ${dotId(e.from)} -> ${dotId(e.to)}${attrs({
        label: e.label === undefined ? undefined : dotLabel(e.label),
        color: q(EDGE_COLORS[style]),
        fontcolor: q(EDGE_COLORS[style]),
        style: EDGE_DASH[style],
        dir: e.bidirectional ? "both" : undefined,
        class: q(`edge-${style}`),
      })};`,
    );
  }
  lines.push("}");
  return `${lines.join("\n")}\n`;
}

// ---------------------------------------------------------------------------------------------
// Mermaid

/** Escape text for a quoted Mermaid label: entity codes for the characters Mermaid would parse. */
export function mermaidLabel(text: string): string {
  const cleaned = cleanLabel(text);
  // Mermaid rejects an empty quoted label (`[""]`); a space renders the same.
  if (cleaned === "") return '" "';
  const escaped = cleaned.replace(/[#"&<>`|\n]/g, (ch) => {
    switch (ch) {
      case '"':
        return "#quot;";
      case "\n":
        return "<br/>";
      default:
        return `#${ch.codePointAt(0)};`;
    }
  });
  return `"${escaped}"`;
}

function mermaidIds(ids: string[], prefix: string, taken: Set<string>): Map<string, string> {
  const map = new Map<string, string>();
  for (const id of ids) {
    if (map.has(id)) continue;
    const base = `${prefix}${id.replace(/[^A-Za-z0-9_]/g, "_")}`;
    let candidate = base;
    for (let i = 2; taken.has(candidate); i++) candidate = `${base}_${i}`;
    taken.add(candidate);
    map.set(id, candidate);
  }
  return map;
}

const MERMAID_SHAPES: Readonly<Record<NodeShape, [string, string]>> = {
  box: ["(", ")"],
  cylinder: ["[(", ")]"],
  ellipse: ["([", "])"],
  hexagon: ["{{", "}}"],
  component: ["[[", "]]"],
  folder: ["[/", "/]"],
  note: [">", "]"],
};

/**
 * Serialise a graph to Mermaid `flowchart` source: clusters become nested subgraphs, public edges
 * are dotted (`-.->`), private edges solid (`-->`), and styles carry the same colours as the SVG.
 * Ids are sanitised to `[A-Za-z0-9_]` (prefixed `n_` / `c_`, de-duplicated).
 */
export function toMermaid(graph: DotGraph): string {
  const problems = validateGraph(graph);
  if (problems.length > 0) throw new DotGraphError(problems);
  const taken = new Set<string>();
  const allClusters: DotCluster[] = [];
  const collect = (cs: DotCluster[]): void => {
    for (const c of cs) {
      allClusters.push(c);
      collect(c.clusters ?? []);
    }
  };
  collect(graph.clusters);
  const cid = mermaidIds(
    allClusters.map((c) => c.id),
    "c_",
    taken,
  );
  const nid = mermaidIds(
    graph.nodes.map((n) => n.id),
    "n_",
    taken,
  );
  const byCluster = nodesByCluster(graph);
  const lines = [`flowchart ${graph.direction ?? "LR"}`];
  if (graph.label !== undefined) {
    // YAML single-quoted scalar: only ' needs doubling; no backslash escapes.
    const title = cleanLabel(graph.label).replace(/\n/g, " ").replace(/'/g, "''");
    lines.unshift("---", `title: '${title}'`, "---");
  }

  const node = (n: DotNode, indent: string): string => {
    const [open, close] = MERMAID_SHAPES[n.shape ?? "box"];
    return `${indent}${nid.get(n.id)}${open}${mermaidLabel(n.label)}${close}`;
  };
  const cluster = (c: DotCluster, indent: string): void => {
    lines.push(`${indent}subgraph ${cid.get(c.id)}[${mermaidLabel(c.label)}]`);
    for (const child of c.clusters ?? []) cluster(child, `${indent}  `);
    for (const n of byCluster.get(c.id) ?? []) lines.push(node(n, `${indent}  `));
    lines.push(`${indent}end`);
  };
  for (const c of graph.clusters) cluster(c, "  ");
  for (const n of byCluster.get(undefined) ?? []) lines.push(node(n, "  "));

  graph.edges.forEach((e) => {
    const style = e.style ?? "neutral";
    const arrow = style === "public" ? "-.->" : "-->";
    const head = e.bidirectional ? "<" : "";
    const label = e.label === undefined || cleanLabel(e.label) === "" ? "" : `|${mermaidLabel(e.label)}|`;
    lines.push(`  ${nid.get(e.from)} ${head}${arrow}${label} ${nid.get(e.to)}`);
  });

  for (const [name, c] of Object.entries(NODE_COLORS))
    lines.push(`  classDef ${name} fill:${c.fill},stroke:${c.stroke},color:${TEXT_COLOR}`);
  const usedStyles = new Map<NodeStyle, string[]>();
  for (const n of graph.nodes) {
    const s = n.style ?? "neutral";
    usedStyles.set(s, [...(usedStyles.get(s) ?? []), nid.get(n.id)!]);
  }
  for (const [s, ids] of usedStyles) lines.push(`  class ${ids.join(",")} ${s}`);
  for (const c of allClusters) {
    const colors = CLUSTER_COLORS[c.style ?? "neutral"];
    const dash = colors.dashed ? ",stroke-dasharray:5 4" : "";
    lines.push(
      `  style ${cid.get(c.id)} fill:${colors.fill},stroke:${colors.stroke},color:${TEXT_COLOR}${dash}`,
    );
  }
  graph.edges.forEach((e, i) => {
    const style = e.style ?? "neutral";
    const dash =
      style === "public" ? ",stroke-dasharray:6 4" : style === "neutral" ? ",stroke-dasharray:2 3" : "";
    lines.push(`  linkStyle ${i} stroke:${EDGE_COLORS[style]},stroke-width:1.5px${dash}`);
  });
  return `${lines.join("\n")}\n`;
}

// ---------------------------------------------------------------------------------------------
// SVG rendering

interface GraphvizInstance {
  dot(dotSource: string, outputFormat?: "svg"): string;
  version(): string;
}

interface GraphvizClass {
  load(): Promise<GraphvizInstance>;
  unload(): void;
}

let graphvizClass: Promise<GraphvizClass> | undefined;

function graphvizModule(): Promise<GraphvizClass> {
  // The package is ESM-only; a dynamic import keeps this CommonJS module loadable and defers the
  // ~0.8 MB wasm bundle until a diagram is actually rendered.
  graphvizClass ??= import("@hpcc-js/wasm-graphviz").then((m) => m.Graphviz);
  return graphvizClass;
}

/**
 * The Graphviz WebAssembly instance: compiled on first use (~80 ms), then reused. The library itself
 * caches it and drops it after any failed layout, so the next call gets a fresh one.
 */
export async function loadGraphviz(): Promise<GraphvizInstance> {
  return (await graphvizModule()).load();
}

/** Graphviz version of the bundled WebAssembly build (e.g. "16.1.0"). */
export async function graphvizVersion(): Promise<string> {
  return (await loadGraphviz()).version();
}

/** Messages of WebAssembly traps (as opposed to Graphviz's own errors such as "syntax error"). */
const WASM_TRAP =
  /out of bounds|null function|signature mismatch|unreachable|call stack|divide by zero|integer overflow|invalid conversion/i;

/**
 * Lay DOT out with the `dot` engine and return SVG markup ready to inline in HTML: the XML prolog,
 * DOCTYPE and comments are dropped, so the result starts with `<svg` (still a valid standalone SVG
 * file: it keeps its `xmlns`). Throws an `Error` with Graphviz's message if the DOT is invalid.
 *
 * Should the wasm module trap (a Graphviz memory bug: heap state left by an earlier layout), the
 * layout is retried once on a freshly instantiated module.
 */
export async function renderSvg(dot: string): Promise<string> {
  let svg: string;
  try {
    svg = (await loadGraphviz()).dot(dot, "svg");
  } catch (err) {
    if (!(err instanceof Error) || !WASM_TRAP.test(err.message)) throw err;
    (await graphvizModule()).unload();
    svg = (await loadGraphviz()).dot(dot, "svg");
  }
  const start = svg.indexOf("<svg");
  if (start < 0) throw new Error("Graphviz produced no <svg> element");
  return svg
    .slice(start)
    .replace(/<!--[\s\S]*?-->\n?/g, "")
    .trim();
}

/** Convenience: `renderSvg(toDot(graph))`. */
export function renderGraphSvg(graph: DotGraph): Promise<string> {
  return renderSvg(toDot(graph));
}
