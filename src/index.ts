/**
 * The Pulumi program (`pulumi up` in the repo root). It reads the stack config, validates it with the same
 * schema and rules as the CLI before any resource exists, and builds the stack.
 *
 * Stack config: either `secure-aml:configFile: <path to YAML>` or the top-level keys of the config file as
 * stack config keys (`pulumi config set secure-aml:preset locked-down`,
 * `pulumi config set --path secure-aml:workspace.isolationMode AllowOnlyApprovedOutbound`).
 */
import * as authorization from "@pulumi/azure-native/authorization";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, formatIssue, loadConfig } from "./config";
import { providerEnvironmentIssue } from "./config/cloud";
import { readStackConfig } from "./config/stackConfig";
import type { StackOutputName } from "./infra/outputs";
import { SecureAml } from "./infra/stack";

async function main() {
  const cfg = new pulumi.Config("secure-aml");
  let loaded: ReturnType<typeof loadConfig>;
  try {
    loaded = loadConfig(readStackConfig((key) => cfg.get(key)));
  } catch (e) {
    if (e instanceof ConfigError) {
      // A RunError prints the message without a stack trace and stops before anything is registered.
      throw new pulumi.RunError(`invalid secure-aml configuration:\n${e.issues.map(formatIssue).join("\n")}`);
    }
    throw e;
  }
  // `cloud` picks DNS zone names and hosts; the provider must talk to the same cloud's Resource Manager.
  const envIssue = providerEnvironmentIssue(
    loaded.config.cloud,
    new pulumi.Config("azure-native").get("environment"),
  );
  if (envIssue) throw new pulumi.RunError(`invalid secure-aml configuration:\n${formatIssue(envIssue)}`);
  for (const w of loaded.warnings) pulumi.log.warn(formatIssue(w));
  // Global names derive from the subscription, so it is read before any resource is registered.
  const client = await authorization.getClientConfig();
  const stack = new SecureAml(loaded.config.name, {
    config: loaded.config,
    subscriptionId: client.subscriptionId,
  });
  // Typed by STACK_OUTPUTS: an output added or removed here must be added or removed there (and in the README).
  const outputs: Record<StackOutputName, unknown> = {
    resourceGroupName: stack.resourceGroupName,
    workspaceName: stack.workspaceName,
    workspaceId: stack.workspaceId,
    studioUrl: stack.studioUrl,
    jumpboxConnect: stack.jumpboxConnect,
    jumpboxAdminPassword: stack.jumpboxAdminPassword,
    jumpboxSshPrivateKey: stack.jumpboxSshPrivateKey,
    remainingSteps: stack.remainingSteps,
  };
  return outputs;
}

export = main();
