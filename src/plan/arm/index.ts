/** The ARM-shaped model of a plan and its validation against Microsoft's ARM schemas. */
export * from "./apiVersions";
export * from "./model";
export * from "./schemaValidator";
