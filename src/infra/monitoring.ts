import * as applicationinsights from "@pulumi/azure-native/applicationinsights";
import * as operationalinsights from "@pulumi/azure-native/operationalinsights";
import * as pulumi from "@pulumi/pulumi";
import type { StackContext } from "./context";

/** Log Analytics workspace plus workspace-based Application Insights for the ML workspace. */
export class Monitoring extends pulumi.ComponentResource {
  /** The Log Analytics workspace. */
  readonly logAnalytics: operationalinsights.Workspace;
  /** The Application Insights component linked to it. */
  readonly appInsights: applicationinsights.Component;

  constructor(name: string, args: { ctx: StackContext }, opts?: pulumi.ComponentResourceOptions) {
    super("secure-aml:monitoring:Monitoring", name, {}, opts);
    const { ctx } = args;
    const base = { resourceGroupName: ctx.resourceGroupName, location: ctx.location, tags: ctx.tags };
    this.logAnalytics = new operationalinsights.Workspace(
      `${name}-log`,
      { ...base, workspaceName: ctx.names.logAnalytics, sku: { name: "PerGB2018" }, retentionInDays: 30 },
      { parent: this },
    );
    // Workspace-based: classic Application Insights is retired (https://learn.microsoft.com/azure/machine-learning/how-to-secure-workspace-vnet, secure-workspace-vnet).
    this.appInsights = new applicationinsights.Component(
      `${name}-appi`,
      {
        ...base,
        resourceName: ctx.names.appInsights,
        kind: "web",
        applicationType: "web",
        ingestionMode: "LogAnalytics",
        workspaceResourceId: this.logAnalytics.id,
        disableLocalAuth: true,
      },
      { parent: this },
    );
    this.registerOutputs({ logAnalyticsId: this.logAnalytics.id, appInsightsId: this.appInsights.id });
  }
}
