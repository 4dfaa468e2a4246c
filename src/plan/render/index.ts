/** Offline rendering: Graphviz (WebAssembly) SVG and Mermaid from one graph model, self-contained HTML. */
export * from "./graphviz";
export * from "./html";
export * from "./markdown";
export * from "./text";
