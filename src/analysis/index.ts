/** Analyses of the ARM model: one finding shape, several rule sets. */
export * from "./catalog";
export * from "./deploy";
export * from "./finding";
export * from "./policy";
export * from "./rules";
