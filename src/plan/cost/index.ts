/** Monthly cost estimate: the price table, the estimate from the ARM model, comparisons and renderers. */
export * from "./estimate";
export * from "./prices";
export * from "./report";
