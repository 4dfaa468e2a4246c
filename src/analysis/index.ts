/** Analyses of the ARM model: one finding shape, several rule sets. */
export * from "./deploy";
export * from "./finding";
