/** The ARM-shaped model's shared tables (more of the model moves here with the live-audit work). */

export * from "./guestPatching";
export * from "./naming";
export * from "./roles";
