import * as machinelearningservices from "@pulumi/azure-native/machinelearningservices";
import * as pulumi from "@pulumi/pulumi";
import type { StackContext } from "./context";
import type { DataSources } from "./data";
import { DATA_CONTAINERS } from "./data";
import { SQL_HOST_SUFFIX, STORAGE_HOST_SUFFIX } from "./dnsZones";

/** Names of the workspace's datastores and its SQL connection (notebooks and the README use them). */
export const WORKSPACE_DATA_NAMES = { lake: "datalake", blob: "blobs", sqlConnection: "sqldb" } as const;

/**
 * What the SQL connection is for, in the words the README uses. Microsoft documents Azure SQL connections only
 * with SQL authentication (`sql_auth`, user name and password), for data import jobs
 * (https://learn.microsoft.com/azure/machine-learning/how-to-connection); an Entra-only server refuses SQL
 * logins, so data import cannot use it. The connection carries no secret: it tells people and notebooks which
 * server and database to use, and they connect with their own Microsoft Entra token.
 */
export const SQL_CONNECTION_PURPOSE =
  "a pointer to the server and database for people and notebooks, who connect with their own Microsoft Entra token; data import jobs need SQL authentication, which an Entra-only server refuses";

/** The `target` of the SQL connection: an ADO.NET connection string without credentials. */
export function sqlConnectionTarget(
  serverName: pulumi.Input<string>,
  databaseName: pulumi.Input<string>,
  hostSuffix: string,
): pulumi.Output<string> {
  return pulumi.interpolate`Server=tcp:${serverName}.${hostSuffix},1433;Database=${databaseName};Encrypt=True`;
}

/**
 * The workspace's identity-based datastores for the lake and the blob account, and the SQL connection. Children
 * of `parent` (the Workspace component).
 */
export function createWorkspaceData(
  parent: pulumi.Resource,
  name: string,
  ctx: StackContext,
  workspaceName: pulumi.Input<string>,
  data: DataSources,
): void {
  const c = ctx.config;
  const child = { parent };
  const common = {
    credentials: { credentialsType: "None" as const },
    serviceDataAccessAuthIdentity: "WorkspaceUserAssignedIdentity",
    endpoint: STORAGE_HOST_SUFFIX[c.cloud],
    protocol: "https",
    subscriptionId: ctx.subscriptionId,
    resourceGroup: ctx.resourceGroupName,
  };
  if (data.dataLake) {
    new machinelearningservices.Datastore(
      `${name}-ds-lake`,
      {
        resourceGroupName: ctx.resourceGroupName,
        workspaceName,
        name: WORKSPACE_DATA_NAMES.lake,
        // Role assignments can take minutes to reach the data plane; validation would fail on first deploy.
        skipValidation: true,
        properties: {
          ...common,
          datastoreType: "AzureDataLakeGen2",
          accountName: data.dataLake.name,
          filesystem: DATA_CONTAINERS.lake,
        },
      },
      child,
    );
  }
  if (data.blob) {
    new machinelearningservices.Datastore(
      `${name}-ds-blob`,
      {
        resourceGroupName: ctx.resourceGroupName,
        workspaceName,
        name: WORKSPACE_DATA_NAMES.blob,
        skipValidation: true,
        properties: {
          ...common,
          datastoreType: "AzureBlob",
          accountName: data.blob.name,
          containerName: DATA_CONTAINERS.blob,
        },
      },
      child,
    );
  }
  if (data.sqlServer && data.sqlDatabase) {
    // SQL is not a v2 datastore. See SQL_CONNECTION_PURPOSE for what this connection is (and is not) for.
    new machinelearningservices.WorkspaceConnection(
      `${name}-conn-sql`,
      {
        resourceGroupName: ctx.resourceGroupName,
        workspaceName,
        connectionName: WORKSPACE_DATA_NAMES.sqlConnection,
        properties: {
          authType: "AAD",
          category: "AzureSqlDb",
          target: sqlConnectionTarget(data.sqlServer.name, data.sqlDatabase.name, SQL_HOST_SUFFIX[c.cloud]),
          metadata: { purpose: SQL_CONNECTION_PURPOSE },
        },
      },
      child,
    );
  }
}
