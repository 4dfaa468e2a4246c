import * as sql from "@pulumi/azure-native/sql";
import * as storage from "@pulumi/azure-native/storage";
import * as pulumi from "@pulumi/pulumi";
import { blockSize, formatIpv4, parseCidr } from "../config";
import type { PrivateEndpointPlacement, StackContext } from "./context";
import { privateEndpointGroups } from "./dnsZones";
import { dataPosture, storageNetworkRules } from "./firewall";
import { type PrivateEndpoint, privateEndpointsFor } from "./privateEndpoint";
import { sampleCsv, sampleUpload } from "./sampleData";

/** Arguments of {@link DataSources}. */
export interface DataSourcesArgs {
  readonly ctx: StackContext;
  readonly privateEndpoints?: PrivateEndpointPlacement;
}

/** Filesystem (lake) and container (blob) names, as in the Terraform original. */
export const DATA_CONTAINERS = { lake: "data", blob: "blobs" } as const;

/**
 * The data the workspace works on: an ADLS Gen2 account, a Blob account, each with the sample file, and an
 * optional Azure SQL server + database with Microsoft Entra-only authentication (no password anywhere).
 */
export class DataSources extends pulumi.ComponentResource {
  /** ADLS Gen2 account, when enabled. */
  readonly dataLake?: storage.StorageAccount;
  /** Blob account, when enabled. */
  readonly blob?: storage.StorageAccount;
  /** SQL server, when enabled. */
  readonly sqlServer?: sql.Server;
  /** SQL database, when enabled. */
  readonly sqlDatabase?: sql.Database;
  /** Private endpoints of the data stores. */
  readonly endpoints: PrivateEndpoint[];
  /** The same endpoints by store. */
  readonly storeEndpoints: Readonly<Record<"dataLake" | "blob" | "sql", PrivateEndpoint[]>>;

  constructor(name: string, args: DataSourcesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("secure-aml:data:DataSources", name, {}, opts);
    const { ctx } = args;
    const c = ctx.config;
    const p = dataPosture(c);
    const upload = sampleUpload(c);
    const base = { resourceGroupName: ctx.resourceGroupName, location: ctx.location, tags: ctx.tags };
    const account = (logical: string, accountName: string, hns: boolean) =>
      new storage.StorageAccount(
        logical,
        {
          ...base,
          accountName,
          kind: "StorageV2",
          sku: { name: "Standard_LRS" },
          isHnsEnabled: hns,
          enableHttpsTrafficOnly: true,
          minimumTlsVersion: "TLS1_2",
          allowBlobPublicAccess: false,
          // Identity-based datastores need no keys; only the deployer-side upload (storage.Blob) uses one.
          allowSharedKeyAccess: upload === "deployer",
          defaultToOAuthAuthentication: true,
          publicNetworkAccess: p.publicNetworkAccess,
          networkRuleSet: storageNetworkRules(p),
        },
        { parent: this },
      );
    const seed = (logical: string, acct: storage.StorageAccount, container: storage.BlobContainer) => {
      if (upload !== "deployer") return;
      new storage.Blob(
        logical,
        {
          resourceGroupName: ctx.resourceGroupName,
          accountName: acct.name,
          containerName: container.name,
          blobName: "contacts.csv",
          type: "Block",
          contentType: "text/csv",
          source: new pulumi.asset.StringAsset(sampleCsv()),
        },
        { parent: this },
      );
    };

    const groups = privateEndpointGroups(c);
    const byStore = {
      dataLake: [] as PrivateEndpoint[],
      blob: [] as PrivateEndpoint[],
      sql: [] as PrivateEndpoint[],
    };
    if (c.data.dataLake.enabled) {
      this.dataLake = account(`${name}-lake`, ctx.names.dataLake, true);
      const fs = new storage.BlobContainer(
        `${name}-lake-fs`,
        {
          resourceGroupName: ctx.resourceGroupName,
          accountName: this.dataLake.name,
          containerName: DATA_CONTAINERS.lake,
          publicAccess: "None",
        },
        { parent: this },
      );
      seed(`${name}-lake-sample`, this.dataLake, fs);
      byStore.dataLake.push(
        ...privateEndpointsFor(
          this,
          `${name}-lake`,
          ctx,
          { id: this.dataLake.id, name: ctx.names.dataLake },
          groups.dataLake,
          args.privateEndpoints,
        ),
      );
    }
    if (c.data.blob.enabled) {
      this.blob = account(`${name}-blob`, ctx.names.blob, false);
      const container = new storage.BlobContainer(
        `${name}-blob-container`,
        {
          resourceGroupName: ctx.resourceGroupName,
          accountName: this.blob.name,
          containerName: DATA_CONTAINERS.blob,
          publicAccess: "None",
        },
        { parent: this },
      );
      seed(`${name}-blob-sample`, this.blob, container);
      byStore.blob.push(
        ...privateEndpointsFor(
          this,
          `${name}-blob`,
          ctx,
          { id: this.blob.id, name: ctx.names.blob },
          groups.blob,
          args.privateEndpoints,
        ),
      );
    }
    if (c.data.sql.enabled) {
      const admin = c.data.sql.entraAdmin;
      const adminIdentity = {
        login: admin?.login ?? "secure-aml-deployer",
        sid: admin?.objectId ?? ctx.deployerObjectId,
        tenantId: ctx.tenantId,
      };
      this.sqlServer = new sql.Server(
        `${name}-sql`,
        {
          ...base,
          serverName: ctx.names.sqlServer,
          version: "12.0",
          minimalTlsVersion: "1.2",
          publicNetworkAccess: p.publicNetworkAccess,
          // Entra-only: no administratorLogin/Password at all; Azure rejects a password once this is on
          // (pulumi-notes §5.2, azure-native docs/resources/sql-Server.md).
          administrators: {
            administratorType: "ActiveDirectory",
            azureADOnlyAuthentication: true,
            ...adminIdentity,
            ...(admin ? { principalType: admin.principalType } : {}),
          },
        },
        // `administrators` is honoured only when the server is created ("for updates individual APIs will need to
        // be used", azure-native's sql.Server docs), and a change to it makes Pulumi replace the whole server
        // (pulumi/pulumi-azure-native#4096). The admin resource below applies later changes instead.
        { parent: this, ignoreChanges: ["administrators"] },
      );
      // The same admin through its own API, so a changed data.sql.entraAdmin is applied in place. Deleting it on
      // an Entra-only server would leave the server without any admin, so it goes only with the server.
      new sql.ServerAzureADAdministrator(
        `${name}-sql-admin`,
        {
          resourceGroupName: ctx.resourceGroupName,
          serverName: this.sqlServer.name,
          administratorName: "ActiveDirectory",
          administratorType: "ActiveDirectory",
          ...adminIdentity,
        },
        { parent: this, deletedWith: this.sqlServer },
      );
      // One rule per allowed IP range, never the 0.0.0.0 "all Azure services" rule.
      p.ipRules.forEach((text, i) => {
        const net = parseCidr(text)!;
        new sql.FirewallRule(
          `${name}-sql-fw-${i}`,
          {
            resourceGroupName: ctx.resourceGroupName,
            serverName: this.sqlServer!.name,
            firewallRuleName: `allowed-${i}`,
            startIpAddress: formatIpv4(net.base),
            endIpAddress: formatIpv4(net.base + blockSize(net.prefix) - 1),
          },
          { parent: this },
        );
      });
      this.sqlDatabase = new sql.Database(
        `${name}-sqldb`,
        {
          ...base,
          serverName: this.sqlServer.name,
          databaseName: ctx.names.sqlDatabase,
          sku: { name: c.data.sql.sku },
          maxSizeBytes: c.data.sql.maxSizeGb * 1024 ** 3,
        },
        { parent: this },
      );
      byStore.sql.push(
        ...privateEndpointsFor(
          this,
          `${name}-sql`,
          ctx,
          { id: this.sqlServer.id, name: ctx.names.sqlServer },
          groups.sql,
          args.privateEndpoints,
        ),
      );
    }
    this.storeEndpoints = byStore;
    this.endpoints = [...byStore.dataLake, ...byStore.blob, ...byStore.sql];
    this.registerOutputs({
      dataLakeId: this.dataLake?.id,
      blobId: this.blob?.id,
      sqlServerId: this.sqlServer?.id,
    });
  }
}
