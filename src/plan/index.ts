/**
 * Offline planning: synthesis on Pulumi's mock runtime, the views derived from it (ARM model, exposure, cost,
 * diagram) and the report in every format.
 */
export * from "./arm";
export * from "./cost";
export * from "./diagram";
export * from "./exposure";
export * from "./mocks";
export * from "./render";
export * from "./report";
export * from "./resourceTypes";
export * from "./style";
export * from "./summary";
export * from "./synth";
