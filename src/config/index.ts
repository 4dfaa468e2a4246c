/** Configuration: one typed schema, presets, validation and naming, all pure. */
export * from "./cidr";
export * from "./issues";
export * from "./load";
export * from "./naming";
export * from "./presets";
export * from "./rules";
export * from "./sampleUpload";
export * from "./schema";
export * from "./suggest";
