import type { ArmModel } from "./arm/model";
import { last, lc, props } from "./arm/read";
import type { ExposureReport } from "./exposure";
import type { DotCluster, DotEdge, DotGraph, DotNode } from "./render/graphviz";

/**
 * The network diagram of a plan: internet, customer VNet and its subnets, private endpoints, the managed
 * VNet with its outbound paths, private DNS zones and the stores — with public and private paths drawn
 * differently. Built from the ARM model (where things are) and the exposure report (who reaches what), so
 * it shows what the resources say, not what a preset intends. Pure.
 */

type Props = Record<string, unknown>;

const ofType = (m: ArmModel, type: string) => m.resources.filter((r) => lc(r.type) === lc(type));
const nodeId = (name: string) => `r_${name}`;

/** Subnet name of an ARM subnet id (`.../virtualNetworks/v/subnets/s`). */
function subnetOf(id: unknown): string | undefined {
  return typeof id === "string" && /\/subnets\//i.test(id) ? last(id) : undefined;
}

const SERVICE_LABEL: Readonly<Record<string, string>> = {
  "microsoft.storage/storageaccounts": "Storage account",
  "microsoft.keyvault/vaults": "Key Vault",
  "microsoft.containerregistry/registries": "Container registry",
  "microsoft.sql/servers": "SQL server",
  "microsoft.machinelearningservices/workspaces": "AML workspace",
};

/** Builds the diagram graph. */
export function networkDiagram(model: ArmModel, exposure: ExposureReport): DotGraph {
  const nodes: DotNode[] = [];
  const edges: DotEdge[] = [];
  const clusters: DotCluster[] = [];
  const have = new Set<string>();
  const addNode = (n: DotNode) => {
    if (!have.has(n.id)) {
      have.add(n.id);
      nodes.push(n);
    }
  };
  const addEdge = (e: DotEdge) => {
    if (
      have.has(e.from) &&
      have.has(e.to) &&
      !edges.some((x) => x.from === e.from && x.to === e.to && x.label === e.label)
    )
      edges.push(e);
  };

  // Internet.
  clusters.push({ id: "internet", label: "Internet", style: "internet" });
  addNode({
    id: "users",
    label: "People and the internet",
    cluster: "internet",
    shape: "ellipse",
    style: "public",
  });

  // Stores: the workspace and its dependencies, and the data stores.
  const workspace = ofType(model, "Microsoft.MachineLearningServices/workspaces")[0];
  const wsProps = workspace ? props(workspace) : {};
  const depIds = new Set(
    ["storageAccount", "keyVault", "containerRegistry"]
      .map((k) => lc(String(wsProps[k] ?? "")))
      .filter(Boolean),
  );
  clusters.push({ id: "deps", label: "Workspace and its dependencies", style: "data" });
  clusters.push({ id: "data", label: "Data stores", style: "data" });
  if (workspace) {
    addNode({
      id: nodeId(workspace.name),
      label: `AML workspace\n${workspace.name}\npublic network access ${String(wsProps.publicNetworkAccess ?? "Enabled")}`,
      cluster: "deps",
      shape: "hexagon",
      style: wsProps.publicNetworkAccess === "Disabled" ? "private" : "public",
    });
  }
  const stores = [
    ...ofType(model, "Microsoft.Storage/storageAccounts"),
    ...ofType(model, "Microsoft.KeyVault/vaults"),
    ...ofType(model, "Microsoft.ContainerRegistry/registries"),
    ...ofType(model, "Microsoft.Sql/servers"),
  ];
  for (const s of stores) {
    const p = props(s);
    const isDep = depIds.has(lc(s.id));
    const kind =
      s.type.toLowerCase() === "microsoft.storage/storageaccounts" && p.isHnsEnabled
        ? "Data Lake (ADLS Gen2)"
        : SERVICE_LABEL[lc(s.type)];
    addNode({
      id: nodeId(s.name),
      label: `${kind}\n${s.name}`,
      cluster: isDep ? "deps" : "data",
      shape: "cylinder",
      style: p.publicNetworkAccess === "Disabled" ? "data" : "warn",
    });
  }

  // Customer VNet and subnets.
  const dnsZones = ofType(model, "Microsoft.Network/privateDnsZones");
  for (const vnet of ofType(model, "Microsoft.Network/virtualNetworks")) {
    const p = props(vnet);
    const space =
      ((p.addressSpace as Props | undefined)?.addressPrefixes as string[] | undefined)?.join(", ") ?? "";
    const subnets = ((p.subnets as { name: string; properties?: Props }[] | undefined) ?? []).map((s) => ({
      id: `subnet_${s.name}`,
      label: `${s.name}  ${String(s.properties?.addressPrefix ?? "")}`,
      style: "subnet" as const,
    }));
    clusters.push({
      id: "vnet",
      label: `Customer VNet ${vnet.name}  ${space}`,
      style: "vnet",
      clusters: subnets,
    });
  }
  const inSubnet = (id: unknown) => {
    const s = subnetOf(id);
    return s ? `subnet_${s}` : "vnet";
  };

  // Private endpoints, each labelled with the zones that resolve it; the zones themselves as one note, so
  // the picture stays narrow (a node per zone and an edge per record made it unreadable).
  const zoneGroups = ofType(model, "Microsoft.Network/privateEndpoints/privateDnsZoneGroups");
  const linked = new Set(
    ofType(model, "Microsoft.Network/privateDnsZones/virtualNetworkLinks").map((l) =>
      lc(l.name.split("/")[0] ?? ""),
    ),
  );
  if (dnsZones.length > 0) {
    clusters.push({ id: "dns", label: "Private DNS zones (linked to the customer VNet)", style: "dns" });
    addNode({
      id: "zones",
      label: dnsZones.map((z) => `${z.name}${linked.has(lc(z.name)) ? "" : "  (NOT linked)"}`).join("\n"),
      cluster: "dns",
      shape: "note",
      style: "dns",
      tooltip: "Private DNS zones linked to the customer VNet",
    });
  }
  for (const pe of ofType(model, "Microsoft.Network/privateEndpoints")) {
    const p = props(pe);
    const conn =
      ((p.privateLinkServiceConnections as { properties?: Props }[] | undefined) ?? [])[0]?.properties ?? {};
    const target = last(String(conn.privateLinkServiceId ?? ""));
    const groups = ((conn.groupIds as string[] | undefined) ?? []).join(", ");
    const group = zoneGroups.find((g) => lc(g.name.split("/")[0] ?? "") === lc(pe.name));
    const configs =
      ((group ? props(group).privateDnsZoneConfigs : undefined) as { properties?: Props }[] | undefined) ??
      [];
    const zones = configs.map((c) =>
      last(String(c.properties?.privateDnsZoneId ?? "")).replace(/^privatelink\./, ""),
    );
    addNode({
      id: nodeId(pe.name),
      label: `PE ${groups}\n${zones.join("\n") || "no DNS zone"}`,
      cluster: inSubnet((p.subnet as Props | undefined)?.id),
      shape: "component",
      style: zones.length ? "private" : "warn",
      tooltip: pe.name,
    });
    addEdge({ from: nodeId(pe.name), to: nodeId(target), style: "private" });
  }

  // Jump box, Bastion, NAT gateway.
  const nics = ofType(model, "Microsoft.Network/networkInterfaces");
  for (const vm of ofType(model, "Microsoft.Compute/virtualMachines")) {
    const p = props(vm);
    const nicId =
      (((p.networkProfile as Props | undefined)?.networkInterfaces as { id?: string }[] | undefined) ?? [])[0]
        ?.id ?? "";
    const nic = nics.find((n) => lc(n.id) === lc(nicId));
    const ipConf =
      ((nic ? props(nic).ipConfigurations : undefined) as { properties?: Props }[] | undefined)?.[0]
        ?.properties ?? {};
    const publicIp = Boolean(ipConf.publicIPAddress);
    addNode({
      id: nodeId(vm.name),
      label: `Jump box VM\n${vm.name}\n${publicIp ? "PUBLIC IP" : "no public IP"}`,
      cluster: inSubnet((ipConf.subnet as Props | undefined)?.id),
      style: publicIp ? "warn" : "private",
    });
    if (workspace) {
      const wsPe = ofType(model, "Microsoft.Network/privateEndpoints").find(
        (pe) =>
          lc(
            String(
              (props(pe).privateLinkServiceConnections as { properties?: Props }[] | undefined)?.[0]
                ?.properties?.privateLinkServiceId ?? "",
            ),
          ) === lc(workspace.id),
      );
      if (wsPe)
        addEdge({ from: nodeId(vm.name), to: nodeId(wsPe.name), label: "Studio and API", style: "private" });
    }
    if (publicIp) addEdge({ from: "users", to: nodeId(vm.name), label: "public IP", style: "public" });
  }
  for (const b of ofType(model, "Microsoft.Network/bastionHosts")) {
    const sku = String((b.sku as Props | undefined)?.name ?? "Basic");
    const ipc = ((props(b).ipConfigurations as { properties?: Props }[] | undefined) ?? [])[0]?.properties;
    addNode({
      id: nodeId(b.name),
      label: `Azure Bastion ${sku}\n${b.name}`,
      cluster: ipc ? inSubnet((ipc.subnet as Props | undefined)?.id) : "vnet",
      shape: "box",
      style: "neutral",
    });
    addEdge({ from: "users", to: nodeId(b.name), label: "HTTPS 443, Entra ID", style: "public" });
    for (const vm of ofType(model, "Microsoft.Compute/virtualMachines"))
      addEdge({ from: nodeId(b.name), to: nodeId(vm.name), label: "SSH / RDP", style: "private" });
  }
  for (const nat of ofType(model, "Microsoft.Network/natGateways")) {
    addNode({
      id: nodeId(nat.name),
      label: `NAT gateway\n${nat.name}`,
      cluster: "vnet",
      shape: "box",
      style: "neutral",
    });
    addEdge({ from: nodeId(nat.name), to: "users", label: "outbound only", style: "public" });
    for (const vm of ofType(model, "Microsoft.Compute/virtualMachines"))
      addEdge({ from: nodeId(vm.name), to: nodeId(nat.name), label: "egress", style: "neutral" });
  }

  // Managed VNet: the compute instance and its outbound paths.
  const computes = ofType(model, "Microsoft.MachineLearningServices/workspaces/computes");
  const managed = exposure.isolationMode !== "Disabled";
  if (managed)
    clusters.push({ id: "managed", label: `AML managed VNet (${exposure.isolationMode})`, style: "managed" });
  for (const c of computes) {
    const inner = ((props(c).properties as Props | undefined) ?? {}) as Props;
    const subnet = (inner.subnet as Props | undefined)?.id;
    const name = c.name.split("/").pop()!;
    addNode({
      id: nodeId(name),
      label: `Compute instance\n${name}\n${inner.enableNodePublicIp === false ? "no public IP" : "PUBLIC IP"}`,
      cluster: subnet ? inSubnet(subnet) : managed ? "managed" : undefined,
      style: inner.enableNodePublicIp === false ? "private" : "warn",
    });
  }
  const computeNode = computes[0] ? nodeId(computes[0].name.split("/").pop()!) : undefined;
  if (managed && computeNode) {
    for (const rule of exposure.outboundRules) {
      if (rule.type === "PrivateEndpoint" && rule.targetId) {
        const pending = rule.approval === "manual";
        // A target outside the stack has no node of its own yet: draw it, marked as such, so the rule shows.
        const outside = exposure.endpoints.find(
          (e) => e.service === "external" && e.resource.startsWith(`${last(rule.targetId!)}/`),
        );
        if (outside)
          addNode({
            id: nodeId(last(rule.targetId)),
            label: `${outside.resourceType.split("/").pop()}\n${last(rule.targetId)}\n(outside this stack)`,
            shape: "box",
            style: "neutral",
          });
        addEdge({
          from: computeNode,
          to: nodeId(last(rule.targetId)),
          label: `${rule.subresource ?? ""}${pending ? " (pending approval)" : ""}`,
          style: pending ? "neutral" : "private",
        });
      }
    }
    const fqdn = exposure.outboundRules.filter((r) => r.type === "FQDN");
    if (exposure.isolationMode === "AllowOnlyApprovedOutbound" && fqdn.length > 0) {
      const sku = String(
        ((workspace ? props(workspace).managedNetwork : undefined) as Props | undefined)?.firewallSku ??
          "Standard",
      );
      addNode({
        id: "firewall",
        label: `Azure Firewall ${sku}\n(created by Azure for FQDN rules)`,
        cluster: "managed",
        shape: "box",
        style: "warn",
      });
      addNode({
        id: "fqdn",
        label: fqdn.map((r) => r.destination).join("\n"),
        cluster: "internet",
        shape: "note",
        style: "public",
      });
      addEdge({ from: computeNode, to: "firewall", label: "FQDN rules", style: "private" });
      addEdge({ from: "firewall", to: "fqdn", label: "HTTPS 443 / HTTP 80", style: "public" });
    } else if (exposure.isolationMode === "AllowInternetOutbound") {
      addEdge({ from: computeNode, to: "users", label: "internet outbound", style: "public" });
    }
  }

  // Public paths from the internet into stores and the workspace.
  const publicFrom = new Map<string, Set<string>>();
  for (const e of exposure.endpoints) {
    if (!e.internet.reachable || e.service === "jumpbox" || e.service === "compute-instance") continue;
    const set = publicFrom.get(e.resource) ?? new Set<string>();
    for (const f of e.internet.from) set.add(f);
    publicFrom.set(e.resource, set);
  }
  for (const [resource, from] of publicFrom) {
    const list = [...from];
    addEdge({
      from: "users",
      to: nodeId(resource),
      label: list.includes("any") ? "from any address" : `from ${list.join(", ")}`,
      style: "public",
    });
  }

  return {
    label: `${workspace?.name ?? "secure-aml"} — network paths`,
    direction: "LR",
    clusters: clusters.filter(
      (c) => c.id === "vnet" || c.clusters?.length || nodes.some((n) => n.cluster === c.id),
    ),
    nodes,
    edges,
  };
}
