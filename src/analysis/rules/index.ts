/** secure-aml's own rules, where Microsoft ships no built-in policy. */
export * from "./rules";
