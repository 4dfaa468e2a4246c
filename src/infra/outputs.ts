/**
 * The Pulumi stack's outputs (`pulumi stack output`), in the order the README lists them. `src/index.ts` returns
 * exactly these keys (the type checker holds it to them) and a test holds the README's list to them.
 */
export const STACK_OUTPUTS = [
  "resourceGroupName",
  "workspaceName",
  "workspaceId",
  "studioUrl",
  "jumpboxConnect",
  "jumpboxSshPrivateKey",
  "jumpboxAdminPassword",
  "remainingSteps",
] as const;

/** One stack output name. */
export type StackOutputName = (typeof STACK_OUTPUTS)[number];
