/** Deploy-time checks: what Azure would refuse or leave broken, read from the ARM model. */
export * from "./checks";
export * from "./graph";
