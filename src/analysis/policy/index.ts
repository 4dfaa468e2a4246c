/** The Azure Policy evaluator: definitions (shipped built-ins and the user's) on an ARM-shaped model. */
export * from "./aliases";
export * from "./builtin";
export * from "./conditions";
export * from "./evaluate";
export * from "./expression";
export * from "./load";
export * from "./platform";
export * from "./premises";
export * from "./types";
