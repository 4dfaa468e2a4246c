import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { ARM_TYPES, armId } from "./resourceTypes";

/** Identity of the (pretend) deployer under the mock runtime. Obviously-fake but correctly shaped GUIDs. */
export const MOCK_CLIENT = {
  clientId: "00000000-0000-0000-0000-00000000c11e",
  objectId: "00000000-0000-0000-0000-0000000de910",
  subscriptionId: "00000000-0000-0000-0000-000000000000",
  tenantId: "00000000-0000-0000-0000-00000007e4a7",
} as const;

/** The client identity the mock runtime answers `getClientConfig` with. */
export type MockClient = { readonly [K in keyof typeof MOCK_CLIENT]: string };

/** One resource as the mock runtime saw it registered. */
export interface RecordedResource {
  readonly type: string;
  readonly name: string;
  readonly custom: boolean;
  readonly id: string;
  readonly inputs: Record<string, unknown>;
}

/** `type::name` of a resource: its key in the runtime's records (logical names are unique per type). */
export const resourceKey = (type: string, name: string): string => `${type}::${name}`;

/** The `type::name` key of a Pulumi URN (`urn:pulumi:stack::project::parent$type::name`). */
export function keyOfUrn(urn: string): string {
  const parts = urn.split("::");
  const name = parts.slice(3).join("::");
  const type = (parts[2] ?? "").split("$").pop() ?? "";
  return resourceKey(type, name);
}

const guidFrom = (seed: string): string => {
  const h = createHash("sha256").update(seed).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

/**
 * A Pulumi mock runtime that behaves like azure-native enough to synthesize the stack offline: it returns the
 * Azure name and a realistic ARM id for every resource, the computed outputs the stack reads (principal ids,
 * workspace ids), and throws on any invoke or type it does not know, so nothing slips through unmocked.
 */
export class MockRuntime {
  /** Everything registered, in registration order. */
  readonly resources: RecordedResource[] = [];
  /** Values that are secrets (generated credentials); the plan prints them as `[secret]`. */
  readonly secretValues = new Set<string>();
  /** Principal (object) id of each managed identity the mock computed, by the ARM id of the resource owning it. */
  readonly principals = new Map<string, string>();
  /**
   * What each resource waits for, by `type::name`: the `type::name` of every resource it depends on, explicitly
   * (`dependsOn`, a component expanded to its resources) or through its inputs, as the engine receives it.
   */
  readonly dependencies = new Map<string, string[]>();
  /** The identity `getClientConfig` returns (the deployer, their subscription and tenant). */
  readonly client: MockClient;

  /**
   * Rejects with the first error a mock raised. Pulumi reports a failed registration only as an unhandled
   * rejection and never resolves the resource's outputs, so callers race this to fail instead of hanging.
   */
  readonly failure: Promise<never>;
  private fail!: (e: unknown) => void;

  constructor(client: Partial<MockClient> = {}) {
    this.client = { ...MOCK_CLIENT, ...client };
    this.failure = new Promise<never>((_, reject) => {
      this.fail = reject;
    });
    // Nobody may be racing yet; the rejection is still delivered to whoever awaits `failure` later.
    this.failure.catch(() => {});
  }

  private guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      this.fail(e);
      throw e;
    }
  }

  /** Mock hooks in the shape `pulumi.runtime.setMocks` expects. */
  readonly mocks: pulumi.runtime.Mocks = {
    newResource: (args) =>
      this.guard(() => {
        const { id, state } = this.outputsFor(args.type, args.name, args.inputs, args.custom ?? true);
        this.resources.push({
          type: args.type,
          name: args.name,
          custom: args.custom ?? true,
          id,
          inputs: args.inputs,
        });
        return { id, state };
      }),
    call: (args) =>
      this.guard(() => {
        if (args.token === "azure-native:authorization:getClientConfig") return { ...this.client };
        throw new Error(`unmocked invoke ${args.token}: add it to MockRuntime.call`);
      }),
  };

  private outputsFor(type: string, name: string, inputs: Record<string, unknown>, custom: boolean) {
    if (!custom) return { id: "", state: {} };
    if (type === "random:index/randomPassword:RandomPassword") {
      const result = `MOCK-SECRET-${createHash("sha256").update(name).digest("hex").slice(0, 16)}`;
      this.secretValues.add(result);
      return { id: name, state: { ...inputs, result } };
    }
    if (type === "tls:index/privateKey:PrivateKey") return this.privateKey(name, inputs);
    // A Pulumi time provider wait: not an ARM resource; its id is its logical name, as random's.
    if (type === "time:index/sleep:Sleep") return { id: name, state: { ...inputs } };
    const info = ARM_TYPES[type];
    if (!info)
      throw new Error(`no ARM mapping for ${type}: add it to ARM_TYPES in src/plan/resourceTypes.ts`);
    const id = armId(info, inputs, this.client.subscriptionId);
    const azureName = String(inputs[info.nameKey]);
    const state: Record<string, unknown> = { ...inputs, name: azureName, id };
    if (type === "azure-native:managedidentity:UserAssignedIdentity") {
      state.principalId = guidFrom(`${id}/principal`);
      this.principals.set(id, state.principalId as string);
      state.clientId = guidFrom(`${id}/client`);
      state.tenantId = this.client.tenantId;
    }
    if (type === "azure-native:compute:VirtualMachine") {
      state.identity = {
        type: "SystemAssigned",
        principalId: guidFrom(`${id}/principal`),
        tenantId: this.client.tenantId,
      };
      this.principals.set(id, guidFrom(`${id}/principal`));
    }
    if (type === "azure-native:machinelearningservices:Workspace") state.workspaceId = guidFrom(id);
    return { id, state };
  }

  /**
   * A generated key pair shaped like the tls provider's (OpenSSH public key with an RSA wire blob, PEM private
   * key), derived from the name so plans are stable. No real key is generated: a 4096-bit RSA key would cost a
   * second per synthesis. The private parts are remembered as secrets and carry the `MOCK-SECRET` marker.
   */
  private privateKey(name: string, inputs: Record<string, unknown>) {
    const bytes = (label: string, n: number) => {
      const out: Buffer[] = [];
      for (let i = 0; out.length * 32 < n; i++)
        out.push(createHash("sha256").update(`${name}/${label}/${i}`).digest());
      return Buffer.concat(out).subarray(0, n);
    };
    const field = (b: Buffer) => {
      const len = Buffer.alloc(4);
      len.writeUInt32BE(b.length);
      return Buffer.concat([len, b]);
    };
    const bits = Number(inputs.rsaBits ?? 2048);
    // ssh-rsa wire format: key type, public exponent 65537, modulus (leading zero keeps it positive).
    const blob = Buffer.concat([
      field(Buffer.from("ssh-rsa")),
      field(Buffer.from([1, 0, 1])),
      field(Buffer.concat([Buffer.from([0]), bytes("modulus", bits / 8)])),
    ]);
    const marker = `MOCK-SECRET-${createHash("sha256").update(name).digest("hex").slice(0, 16)}`;
    const body = (label: string) =>
      [
        marker,
        ...(bytes(label, 96)
          .toString("base64")
          .match(/.{1,64}/g) ?? []),
      ].join("\n");
    const privateKeyPem = `-----BEGIN RSA PRIVATE KEY-----\n${body("pem")}\n-----END RSA PRIVATE KEY-----\n`;
    const privateKeyPemPkcs8 = `-----BEGIN PRIVATE KEY-----\n${body("pkcs8")}\n-----END PRIVATE KEY-----\n`;
    const privateKeyOpenssh = `-----BEGIN OPENSSH PRIVATE KEY-----\n${body("openssh")}\n-----END OPENSSH PRIVATE KEY-----\n`;
    for (const v of [privateKeyPem, privateKeyPemPkcs8, privateKeyOpenssh, marker]) this.secretValues.add(v);
    const fingerprint = createHash("sha256").update(blob).digest("base64").replace(/=+$/, "");
    return {
      id: name,
      state: {
        algorithm: "RSA",
        rsaBits: bits,
        ecdsaCurve: "P224",
        ...inputs,
        privateKeyPem,
        privateKeyPemPkcs8,
        privateKeyOpenssh,
        publicKeyOpenssh: `ssh-rsa ${blob.toString("base64")}\n`,
        publicKeyPem: `-----BEGIN PUBLIC KEY-----\n${bytes("public", 96).toString("base64")}\n-----END PUBLIC KEY-----\n`,
        publicKeyFingerprintSha256: `SHA256:${fingerprint}`,
        publicKeyFingerprintMd5: createHash("md5")
          .update(blob)
          .digest("hex")
          .replace(/(..)(?!$)/g, "$1:"),
      },
    };
  }
}

/** The part of Pulumi's mock monitor that registration goes through (internal to @pulumi/pulumi, pinned). */
interface RegisterRequest {
  getType(): string;
  getName(): string;
  getDependenciesList(): string[];
}

/**
 * Installs a fresh mock runtime for the given project/stack. `preview=false` so un-mocked outputs echo the
 * inputs (pulumi-notes §1.3.3). The mock hooks do not see a registration's dependencies, so the monitor's
 * `registerResource` is wrapped to record them from the request the engine would receive.
 */
export async function installMocks(
  project = "secure-aml",
  stack = "plan",
  client: Partial<MockClient> = {},
): Promise<MockRuntime> {
  const runtime = new MockRuntime(client);
  await pulumi.runtime.setMocks(runtime.mocks, project, stack, false);
  const settings = require("@pulumi/pulumi/runtime/settings") as {
    getMonitor(): { registerResource(req: RegisterRequest, cb: unknown): unknown };
  };
  const monitor = settings.getMonitor();
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, cb) => {
    runtime.dependencies.set(resourceKey(req.getType(), req.getName()), [
      ...new Set(req.getDependenciesList().map(keyOfUrn)),
    ]);
    return register(req, cb);
  };
  return runtime;
}
