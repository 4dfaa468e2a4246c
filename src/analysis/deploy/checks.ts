import { BASTION_DEVELOPER_REGIONS } from "../../config/regions";
import { GUEST_PATCHING_SOURCE, type PatchMode, patchSettingsProblem } from "../../model/guestPatching";
import { nameSuffix } from "../../model/naming";
import { ROLE_DISPLAY_NAMES, type RoleName, roleOf } from "../../model/roles";
import type { ArmModel } from "../../plan/arm/model";
import {
  arr,
  azureNameOf,
  isChildOf,
  last,
  lc,
  obj,
  privateEndpointRules,
  props,
  type Res,
  scopeOf,
  str,
  subProps,
  T,
} from "../../plan/arm/read";
import { ModelIndex } from "../../plan/exposure/modelIndex";
import type { Finding } from "../finding";
import { CreationOrder } from "./graph";

/** What the checks read besides the model. */
export interface DeployContext {
  readonly model: ArmModel;
  /** Principal ids of managed identities by owning resource id (the plan computes them; ARM returns them). */
  readonly principals: Readonly<Record<string, string>>;
  /** The config set its own name suffix (`nameSuffix`): uniqueness is then the user's choice. */
  readonly nameSuffixOverride?: boolean;
}

/** The result of one deploy-time check. */
export interface CheckResult {
  readonly id: string;
  /** What the check verifies, as a statement that holds when it passes. */
  readonly title: string;
  /** `not-applicable`: nothing in the model it applies to, or (live model) no creation order to check. */
  readonly status: "pass" | "fail" | "not-applicable";
  readonly findings: readonly Finding[];
  /** Public source of the Azure behaviour checked. */
  readonly source: string;
}

/** The shared state of one run: the model's index and its creation order. */
export interface CheckInput extends DeployContext {
  readonly ix: ModelIndex;
  readonly order: CreationOrder;
}

/** One deploy-time check. */
export interface DeployCheck {
  readonly id: string;
  readonly title: string;
  readonly source: string;
  /** Findings, or undefined when the check does not apply to this model. */
  run(input: CheckInput): Finding[] | undefined;
}

/** Microsoft Learn's Azure documentation root: each check cites the page of the behaviour it checks. */
const LEARN = "https://learn.microsoft.com/azure";

const roleAssignments = (ix: ModelIndex): Res[] => ix.of(T.role);
const principalOf = (ra: Res): string => lc(props(ra).principalId);

/** The resource group id of an ARM id. */
const resourceGroupOf = (id: string): string =>
  /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+/i.exec(id)?.[0] ?? "";

function finding(
  check: Pick<DeployCheck, "id" | "source">,
  f: Omit<Finding, "id" | "source" | "severity"> & Partial<Pick<Finding, "severity" | "source">>,
): Finding {
  return { id: check.id, source: check.source, severity: "error", ...f };
}

// --------------------------------------------------------------------------------------------------------
// Ordering
// --------------------------------------------------------------------------------------------------------

const grantsBeforeWorkspace: DeployCheck = {
  id: "deploy/grants-before-workspace",
  title:
    "the workspace identity holds its roles on the default resources, the resource group and every outbound rule target before the workspace is created",
  source: `${LEARN}/machine-learning/how-to-identity-based-service-authentication`,
  run({ ix, order }) {
    const ws = ix.ws;
    const principal = ix.principal?.id;
    if (!ws || !principal || !order.known) return undefined;
    const uai = str(props(ws).primaryUserAssignedIdentity) !== undefined;
    if (!uai) return undefined;
    const out: Finding[] = [];
    const p = props(ws);
    const defaults: [string, unknown][] = [
      ["default storage", p.storageAccount],
      ["Key Vault", p.keyVault],
      ["container registry", p.containerRegistry],
      ["Application Insights", p.applicationInsights],
    ];
    for (const [what, id] of defaults) {
      const target = str(id);
      if (!target) continue;
      const grants = ix.grants(principal, ["contributor", "owner"], target);
      if (grants.length === 0)
        out.push(
          finding(this, {
            title: `the workspace's user-assigned identity has no Contributor on its ${what}`,
            resource: target,
            expected: "Contributor (or Owner) for the workspace identity, created before the workspace",
            actual: "no such role assignment",
            fix: "grant it before the workspace (the workspace create validates the identity's access)",
          }),
        );
    }
    const rg = resourceGroupOf(ws.id);
    const selfApproval =
      p.provisionNetworkNow === true &&
      ix.isolation !== "Disabled" &&
      (str(p.publicNetworkAccess) === "Disabled" || ix.isolation === "AllowOnlyApprovedOutbound");
    if (selfApproval) {
      const rgGrant = ix
        .grants(principal, ["networkConnectionApprover", "contributor", "owner"], ws.id)
        .some((ra) => lc(scopeOf(ra)) !== lc(ws.id) && order.precedes(ra.id, ws.id));
      if (!rgGrant)
        out.push(
          finding(this, {
            title:
              "the managed VNet is provisioned at creation with a required private endpoint to the workspace itself, but its identity cannot approve it yet",
            resource: ws.id,
            path: "properties.provisionNetworkNow",
            expected: `Azure AI Enterprise Network Connection Approver on the resource group ${last(rg)}, created before the workspace`,
            actual: "no role of the identity covers the workspace before it exists",
            fix: "grant the approver role at resource-group scope before the workspace (as Microsoft's templates for user-assigned identity workspaces do)",
            source: `${LEARN}/machine-learning/how-to-managed-network`,
          }),
        );
    }
    const mustPrecede = new Set(
      [
        ...defaults.map(([, id]) => lc(id)),
        lc(rg),
        ...privateEndpointRules(ws).map((r) => lc(r.target)),
      ].filter((x) => x !== ""),
    );
    for (const ra of roleAssignments(ix)) {
      if (principalOf(ra) !== principal.toLowerCase()) continue;
      if (!mustPrecede.has(lc(scopeOf(ra)))) continue;
      if (order.precedes(ra.id, ws.id)) continue;
      const role = roleOf(props(ra).roleDefinitionId);
      out.push(
        finding(this, {
          title: `${role ? ROLE_DISPLAY_NAMES[role] : "a role"} on ${ix.nameOfId(scopeOf(ra))} is not granted before the workspace is created`,
          resource: ra.id,
          expected: "the role assignment is a dependency of the workspace",
          actual: "pulumi up may create the workspace first (or at the same time)",
          fix: "make the workspace depend on the role assignment (dependsOn)",
        }),
      );
    }
    return out;
  },
};

const extensionsSerial: DeployCheck = {
  id: "deploy/extensions-serial",
  title: "no two extensions of one VM are created at the same time",
  source: `${LEARN}/virtual-machine-scale-sets/virtual-machine-scale-sets-extension-sequencing`,
  run({ ix, order }) {
    if (!order.known || ix.of(T.vmExt).length === 0) return undefined;
    const out: Finding[] = [];
    for (const vm of ix.of(T.vm)) {
      const exts = ix.of(T.vmExt).filter((e) => isChildOf(e, vm));
      for (let i = 0; i < exts.length; i++)
        for (let j = i + 1; j < exts.length; j++) {
          const [a, b] = [exts[i]!, exts[j]!];
          if (!order.parallel(a.id, b.id)) continue;
          out.push(
            finding(this, {
              title: `extensions ${azureNameOf(a)} and ${azureNameOf(b)} of ${azureNameOf(vm)} may be created at the same time`,
              resource: b.id,
              expected: "one extension waits for the other (the VM agent processes one operation at a time)",
              actual: "neither depends on the other",
              fix: `make ${azureNameOf(b)} depend on ${azureNameOf(a)}`,
            }),
          );
        }
    }
    return out;
  },
};

const DATA_ROLES: readonly RoleName[] = ["storageBlobDataContributor", "storageBlobDataOwner"];

const uploadsWait: DeployCheck = {
  id: "deploy/uploads-wait",
  title:
    "data uploads can reach their store: after their role and private DNS, or through a firewall that lets the deployer in",
  source: `${LEARN}/storage/common/storage-network-security`,
  run({ ix, order, principals, model }) {
    const out: Finding[] = [];
    let applies = false;
    // Blobs written from where Pulumi runs (a data-plane write with the account key).
    for (const blob of model.resources.filter((r) => r.dataPlane)) {
      applies = true;
      const account = ix.get(blob.id.replace(/\/blobServices\/.*$/i, ""));
      if (!account) continue;
      const p = props(account);
      const acl = obj(p.networkAcls);
      const open =
        (str(p.publicNetworkAccess) ?? "Enabled") === "Enabled" &&
        (str(acl.defaultAction) === "Allow" || arr(acl.ipRules).length > 0);
      if (!open)
        out.push(
          finding(this, {
            title: `the upload of ${azureNameOf(blob)} from the machine running Pulumi is refused by ${azureNameOf(account)}'s firewall`,
            resource: blob.id,
            expected: "public network access Enabled with the deployer's address allowed",
            actual: `publicNetworkAccess ${str(p.publicNetworkAccess) ?? "Enabled"}, default action ${str(acl.defaultAction) ?? "Allow"}, ${arr(acl.ipRules).length} IP rule(s)`,
            fix: "allow the deployer's address (allowedIpAddresses), or upload from inside the VNet",
          }),
        );
    }
    // A VM extension that writes with the VM's identity: after the identity's data roles and the stores' DNS.
    if (order.known) {
      for (const vm of ix.of(T.vm)) {
        const principal = lc(obj(vm.identity).principalId) || lc(principals[vm.id]);
        if (!principal) continue;
        const grants = roleAssignments(ix).filter(
          (ra) => principalOf(ra) === principal && DATA_ROLES.includes(roleOf(props(ra).roleDefinitionId)!),
        );
        if (grants.length === 0) continue;
        const stores = grants.map((ra) => lc(scopeOf(ra)));
        const zoneGroups = ix
          .of(T.zoneGroup)
          .filter((g) =>
            arr(props(ix.get(g.id.split("/").slice(0, -2).join("/"))).privateLinkServiceConnections).some(
              (c) => stores.includes(lc(subProps(c).privateLinkServiceId)),
            ),
          );
        for (const ext of ix
          .of(T.vmExt)
          .filter((e) => isChildOf(e, vm) && str(props(e).type) === "CustomScript")) {
          applies = true;
          for (const need of [...grants, ...zoneGroups]) {
            if (order.precedes(need.id, ext.id)) continue;
            out.push(
              finding(this, {
                title: `${azureNameOf(ext)} on ${azureNameOf(vm)} may run before ${need.type === T.role ? `its identity's data role on ${ix.nameOfId(scopeOf(need))}` : `the private DNS of ${azureNameOf(need)}`}`,
                resource: ext.id,
                expected: "the upload waits for the role assignment and the private DNS zone group",
                actual: "no dependency",
                fix: "make the extension depend on them",
              }),
            );
          }
        }
      }
    }
    return applies ? out : undefined;
  },
};

// --------------------------------------------------------------------------------------------------------
// Uniqueness and compatibility
// --------------------------------------------------------------------------------------------------------

const GLOBAL_TYPES: readonly string[] = [T.storage, T.vault, T.registry, T.sqlServer];

const globalNames: DeployCheck = {
  id: "deploy/global-names-unique",
  title:
    "globally unique names (storage, Key Vault, registry, SQL) carry a part derived from the subscription",
  source: `${LEARN}/azure-resource-manager/management/resource-name-rules`,
  run({ ix, nameSuffixOverride }) {
    const globals = GLOBAL_TYPES.flatMap((t) => ix.of(t));
    if (globals.length === 0 || nameSuffixOverride) return undefined;
    const out: Finding[] = [];
    for (const r of globals) {
      const m = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\//i.exec(r.id);
      if (!m) continue;
      const suffix = nameSuffix(m[1]!, m[2]!);
      if (azureNameOf(r).includes(suffix)) continue;
      out.push(
        finding(this, {
          title: `${azureNameOf(r)} is a global DNS name with nothing specific to this subscription in it`,
          resource: r.id,
          path: "name",
          expected: `a name carrying ${suffix} (derived from the subscription and resource group)`,
          actual: azureNameOf(r),
          fix: "derive global names from the subscription and resource group, or set nameSuffix to a value of your own",
        }),
      );
    }
    return out;
  },
};

const imageBuildCompute: DeployCheck = {
  id: "deploy/image-build-compute",
  title: "image builds have a compute cluster when the registry or the default storage is behind the network",
  source: `${LEARN}/machine-learning/how-to-managed-network`,
  run({ ix }) {
    const ws = ix.ws;
    if (!ws) return undefined;
    const d = ix.defaultDeps();
    const isPrivate = [d.registry, d.storage, d.keyVault].some(
      (id) => id !== "" && ix.publicAccessOf(ix.get(id)) === "Disabled",
    );
    if (!isPrivate) return undefined;
    const name = str(props(ws).imageBuildCompute);
    const compute = ix
      .of(T.compute)
      .find((c) => isChildOf(c, ws) && azureNameOf(c).toLowerCase() === (name ?? "").toLowerCase());
    const type = str(props(compute).computeType);
    if (name && type === "AmlCompute") return [];
    return [
      finding(this, {
        severity: name ? "warning" : "error",
        title: name
          ? `image builds run on ${name}, ${compute ? `a ${type}` : "a compute this model does not have"}: builds stall when it is stopped or missing`
          : "the registry cannot build images behind the network and no image build compute is set",
        resource: ws.id,
        path: "properties.imageBuildCompute",
        expected: "the name of a CPU compute cluster (AmlCompute, min nodes 0) of the workspace",
        actual: name ?? "not set",
        fix: "add a small CPU compute cluster with 0 minimum nodes and set imageBuildCompute to its name",
      }),
    ];
  },
};

const patchModeImage: DeployCheck = {
  id: "deploy/patch-mode-image",
  title: "every VM's patch mode is one its image supports",
  source: GUEST_PATCHING_SOURCE,
  run({ ix }) {
    const vms = ix.of(T.vm);
    if (vms.length === 0) return undefined;
    const out: Finding[] = [];
    for (const vm of vms) {
      const os = obj(props(vm).osProfile);
      const windows = Object.keys(obj(os.windowsConfiguration)).length > 0;
      const config = obj(windows ? os.windowsConfiguration : os.linuxConfiguration);
      const patchMode = str(obj(config.patchSettings).patchMode);
      const image = obj(obj(props(vm).storageProfile).imageReference);
      if (!patchMode) continue;
      const problem = patchSettingsProblem({
        os: windows ? "windows" : "linux",
        image: {
          publisher: String(image.publisher ?? ""),
          offer: String(image.offer ?? ""),
          sku: String(image.sku ?? ""),
        },
        patchMode: patchMode as PatchMode,
      });
      if (problem)
        out.push(
          finding(this, {
            title: `${azureNameOf(vm)}: ${problem}`,
            resource: vm.id,
            path: `properties.osProfile.${windows ? "windows" : "linux"}Configuration.patchSettings.patchMode`,
            expected: "a patch mode the image supports (AutomaticByPlatform only on the listed images)",
            actual: `${patchMode} on ${image.publisher}/${image.offer}/${image.sku}`,
            fix: windows
              ? "use AutomaticByOS, or a Windows Server image from the list"
              : "use ImageDefault, or an image from the list",
          }),
        );
    }
    return out;
  },
};

const bastionSkuRegion: DeployCheck = {
  id: "deploy/bastion-sku-region",
  title: "Bastion Developer is deployed only in the public cloud and in a region that offers it",
  source: BASTION_DEVELOPER_REGIONS.source,
  run({ ix }) {
    const developer = ix.of(T.bastion).filter((b) => str(obj(b.sku).name) === "Developer");
    if (developer.length === 0) return undefined;
    return developer.flatMap((b) => {
      const location = lc(b.location);
      if (ix.cloud !== "AzureCloud")
        return [
          finding(this, {
            title: `${azureNameOf(b)}: Bastion Developer does not exist in ${ix.cloud}`,
            resource: b.id,
            path: "sku.name",
            expected: "Bastion Basic or Standard in a national cloud",
            actual: "Developer",
            fix: "set jumpbox.bastionSku to Basic",
          }),
        ];
      if (BASTION_DEVELOPER_REGIONS.regions.includes(location)) return [];
      return [
        finding(this, {
          severity: "warning",
          title: `${azureNameOf(b)}: Bastion Developer is not listed for ${location} (list checked ${BASTION_DEVELOPER_REGIONS.checked})`,
          resource: b.id,
          path: "location",
          expected: `one of the regions that offer Bastion Developer`,
          actual: location,
          fix: "use Bastion Basic, or a region from the list",
        }),
      ];
    });
  },
};

// --------------------------------------------------------------------------------------------------------
// Access paths
// --------------------------------------------------------------------------------------------------------

/** The people (users and groups) the model gives roles to, plus each compute instance's assigned user. */
function people(ix: ModelIndex): { id: string; kind: string }[] {
  const found = new Map<string, string>();
  for (const ra of roleAssignments(ix)) {
    const type = str(props(ra).principalType);
    if (type === "User" || type === "Group") found.set(principalOf(ra), type.toLowerCase());
  }
  for (const c of ix.of(T.compute)) {
    const user = str(
      obj(obj(obj(props(c).properties).personalComputeInstanceSettings).assignedUser).objectId,
    );
    if (user) found.set(user.toLowerCase(), found.get(user.toLowerCase()) ?? "user");
  }
  return [...found].map(([id, kind]) => ({ id, kind }));
}

const ENTRA_EXTENSIONS = new Set(["aadsshloginforlinux", "aadloginforwindows"]);

/** The storage accounts the workspace's datastores point at (by account name). */
function datastoreAccounts(ix: ModelIndex, ws: Res): Res[] {
  const names = new Set(
    ix
      .of("Microsoft.MachineLearningServices/workspaces/datastores")
      .filter((d) => isChildOf(d, ws))
      .map((d) => lc(props(d).accountName))
      .filter((n) => n !== ""),
  );
  return ix.of(T.storage).filter((s) => names.has(azureNameOf(s).toLowerCase()));
}

const accessPaths: DeployCheck = {
  id: "deploy/access-paths",
  title:
    "every person the stack gives access to holds the roles Studio, notebooks, data preview and the jump box need",
  source: `${LEARN}/machine-learning/how-to-disable-local-auth-storage`,
  run({ ix }) {
    const ws = ix.ws;
    if (!ws) return undefined;
    const out: Finding[] = [];
    const who = people(ix);
    if (who.length === 0)
      out.push(
        finding(this, {
          severity: "warning",
          title:
            "no person holds a role in the workspace: Studio and the notebooks work for nobody until someone is granted access",
          resource: ws.id,
          expected: "AzureML Data Scientist and the storage data roles for the people who use it",
          actual: "no role assignment to a user or group",
          fix: "set compute.instance.assignedUserObjectId or workspace.dataScientists",
        }),
      );
    const storage = ix.get(ix.defaultDeps().storage);
    const identityMode = lc(props(ws).systemDatastoresAuthMode) === "identity";
    const stores = datastoreAccounts(ix, ws);
    for (const person of who) {
      const missing: string[] = [];
      const need = (roles: readonly RoleName[], target: Res | undefined, what: string) => {
        if (target && ix.grants(person.id, roles, target.id).length === 0)
          missing.push(`${ROLE_DISPLAY_NAMES[roles[0]!]} on ${what} ${azureNameOf(target)}`);
      };
      need(["azureMlDataScientist", "contributor", "owner"], ws, "the workspace");
      if (identityMode) {
        need(["storageBlobDataContributor", "storageBlobDataOwner"], storage, "the default storage");
        need(["storageFileDataPrivilegedContributor"], storage, "the default storage");
      }
      for (const s of stores)
        need(
          ["storageBlobDataReader", "storageBlobDataContributor", "storageBlobDataOwner"],
          s,
          "the data store",
        );
      if (missing.length > 0)
        out.push(
          finding(this, {
            severity: "warning",
            title: `${person.kind} ${person.id} lacks roles Studio, notebooks and data preview need`,
            resource: ws.id,
            expected: missing.join("; "),
            actual: "not granted",
            fix: "grant the missing roles (the stack grants them to the compute instance's user and workspace.dataScientists)",
          }),
        );
    }
    // Studio data preview reads every storage behind the VNet through its private endpoints as the workspace identity.
    const principal = ix.principal?.id;
    const storageIds = new Set([...(storage ? [storage.id] : []), ...stores.map((s) => s.id)].map(lc));
    for (const pe of ix.of(T.pe)) {
      const target = arr(props(pe).privateLinkServiceConnections)
        .map((c) => lc(subProps(c).privateLinkServiceId))
        .find((id) => storageIds.has(id));
      if (!target || !principal) continue;
      if (ix.grants(principal, ["reader", "contributor", "owner"], pe.id).length > 0) continue;
      out.push(
        finding(this, {
          severity: "warning",
          title: `Studio data preview of ${ix.nameOfId(target)} fails: the workspace identity cannot read its private endpoint ${azureNameOf(pe)}`,
          resource: pe.id,
          expected: "Reader on the private endpoint for the workspace identity",
          actual: "not granted",
          fix: "grant the workspace identity Reader on every storage private endpoint",
          source: `${LEARN}/machine-learning/how-to-enable-studio-virtual-network`,
        }),
      );
    }
    // Jump box: Bastion lists a VM only to people who can read it, its NIC and the Bastion host (every SKU);
    // Entra sign-in also needs Basic or Standard and a login role.
    const bastion = ix.of(T.bastion)[0];
    for (const vm of ix.of(T.vm)) {
      const entra = ix.of(T.vmExt).some((e) => isChildOf(e, vm) && ENTRA_EXTENSIONS.has(lc(props(e).type)));
      const sku = str(obj(bastion?.sku).name) ?? "";
      if (entra && (!bastion || sku === "Developer")) {
        out.push(
          finding(this, {
            title: `${azureNameOf(vm)} has Entra ID login, but ${bastion ? "Bastion Developer" : "no Bastion"} cannot sign in with Entra ID`,
            resource: vm.id,
            expected: "Bastion Basic (portal) or Standard (native client) for Entra ID sign-in",
            actual: bastion ? "Bastion Developer" : "no Bastion",
            fix: "use Bastion Basic or Standard, or an SSH key with Developer",
            source: `${LEARN}/bastion/bastion-entra-id-authentication`,
          }),
        );
        continue;
      }
      if (!bastion) continue;
      const nics = arr(obj(props(vm).networkProfile).networkInterfaces)
        .map((n) => ix.get(obj(n).id))
        .filter((n): n is Res => n !== undefined);
      for (const person of who) {
        const missing: string[] = [];
        if (
          entra &&
          ix.grants(person.id, ["virtualMachineUserLogin", "virtualMachineAdministratorLogin"], vm.id)
            .length === 0
        )
          missing.push(`Virtual Machine User Login on ${azureNameOf(vm)}`);
        for (const r of [vm, ...nics, bastion])
          if (ix.grants(person.id, ["reader", "contributor", "owner"], r.id).length === 0)
            missing.push(`Reader on ${azureNameOf(r)}`);
        if (missing.length > 0)
          out.push(
            finding(this, {
              severity: "warning",
              title: `${person.kind} ${person.id} cannot reach the jump box through Bastion`,
              resource: vm.id,
              expected: missing.join("; "),
              actual: "not granted",
              fix: entra
                ? "grant the login role and Reader on the VM, its NIC and the Bastion host"
                : "grant Reader on the VM, its NIC and the Bastion host",
              source: `${LEARN}/bastion/bastion-connect-vm-ssh-linux`,
            }),
          );
      }
    }
    return out;
  },
};

/** Every deploy-time check, in report order. */
export const DEPLOY_CHECKS: readonly DeployCheck[] = [
  grantsBeforeWorkspace,
  extensionsSerial,
  uploadsWait,
  globalNames,
  patchModeImage,
  bastionSkuRegion,
  imageBuildCompute,
  accessPaths,
];

/** Runs every check on a model (pure). */
export function runDeployChecks(
  ctx: DeployContext,
  checks: readonly DeployCheck[] = DEPLOY_CHECKS,
): CheckResult[] {
  const input: CheckInput = {
    ...ctx,
    ix: new ModelIndex(ctx.model, ctx.principals),
    order: new CreationOrder(ctx.model),
  };
  return checks.map((check) => {
    const findings = check.run(input);
    return {
      id: check.id,
      title: check.title,
      source: check.source,
      status: findings === undefined ? "not-applicable" : findings.length === 0 ? "pass" : "fail",
      findings: findings ?? [],
    };
  });
}
