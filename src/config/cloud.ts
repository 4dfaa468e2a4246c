import type { ConfigIssue } from "./issues";
import type { Config } from "./schema";

/**
 * The azure-native provider's `environment` value for each cloud (the provider's own documentation:
 * "Possible values are public, usgovernment, and china. Defaults to public"). `cloud` in the config selects DNS
 * zone names and hosts; the provider must talk to the same cloud's Resource Manager, or a national-cloud
 * config would deploy public-cloud resources with national-cloud DNS names.
 */
export const PROVIDER_ENVIRONMENT: Readonly<Record<Config["cloud"], string>> = {
  AzureCloud: "public",
  AzureChinaCloud: "china",
  AzureUSGovernment: "usgovernment",
};

/**
 * An error when the stack's `azure-native:environment` (unset means public) is not the config's `cloud`;
 * undefined when they agree (pure).
 */
export function providerEnvironmentIssue(
  cloud: Config["cloud"],
  environment: string | undefined,
): ConfigIssue | undefined {
  const actual = (environment ?? "public").trim().toLowerCase() || "public";
  const expected = PROVIDER_ENVIRONMENT[cloud];
  if (actual === expected) return undefined;
  return {
    severity: "error",
    code: "provider-environment",
    path: "cloud",
    value: cloud,
    message: `the azure-native provider targets the "${actual}" cloud (azure-native:environment) but cloud is ${cloud}; resources would be created in one cloud with DNS names of another`,
    fix: `pulumi config set azure-native:environment ${expected} (or set cloud to the provider's cloud)`,
    fact: "https://www.pulumi.com/registry/packages/azure-native/installation-configuration/",
  };
}
