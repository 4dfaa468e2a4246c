import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { before, describe, test } from "node:test";
import Ajv from "ajv-draft-04";
import { loadConfig } from "../src/config";
import { PRIVATE_DNS_ZONES, type PrivateLinkGroup, SQL_HOST_SUFFIX, STORAGE_HOST_SUFFIX } from "../src/infra";
import { SAMPLE_FILE } from "../src/infra/sampleData";
import { type Plan, synthesize } from "../src/plan/synth";

/*
 * The notebooks under notebooks/ against the stack: each is a valid nbformat 4 document whose code cells are
 * Python, the names they use (datastores, containers, connection, managed VNet rules) are the ones a synthesized
 * plan creates, and their first cell — run by python3 against stubbed Azure SDK modules and a stubbed resolver —
 * checks exactly the hosts the plan's stores have and names the private DNS zone the stack uses for each cloud.
 */

type Json = Record<string, unknown>;
type Cloud = keyof typeof PRIVATE_DNS_ZONES;

const ROOT = path.join(__dirname, "..");
const NOTEBOOK_DIR = path.join(ROOT, "notebooks");
const SCHEMA_FILE = path.join(ROOT, "data", "nbformat", "nbformat.v4.5.schema.json");
const CLOUDS = Object.keys(PRIVATE_DNS_ZONES) as Cloud[];

interface Notebook {
  readonly file: string;
  readonly doc: Json;
  readonly codeCells: string[];
  /** `<PREFIX>_<KIND> = "value"` assignments of the code cells, e.g. BLOB_DATASTORE = "blobs". */
  readonly names: { prefix: string; kind: string; value: string }[];
}

const sourceOf = (cell: Json): string =>
  Array.isArray(cell.source) ? cell.source.join("") : String(cell.source ?? "");

function readNotebooks(): Notebook[] {
  return readdirSync(NOTEBOOK_DIR)
    .filter((f) => f.endsWith(".ipynb"))
    .sort()
    .map((file) => {
      const doc = JSON.parse(readFileSync(path.join(NOTEBOOK_DIR, file), "utf8")) as Json;
      const cells = (doc.cells as Json[] | undefined) ?? [];
      const codeCells = cells.filter((c) => c.cell_type === "code").map(sourceOf);
      const names = [
        ...codeCells.join("\n").matchAll(/^([A-Z]+)_(DATASTORE|CONTAINER|CONNECTION|RULE) = "([^"]*)"$/gm),
      ].map((m) => ({ prefix: m[1]!, kind: m[2]!, value: m[3]! }));
      return { file, doc, codeCells, names };
    });
}

/** What a plan creates that a notebook can name. */
interface PlanNames {
  readonly datastores: Map<string, { type: string; account: string; container: string; endpoint: string }>;
  readonly connections: Map<string, string>;
  readonly containers: Set<string>;
  /** Managed VNet outbound rules by name: the target's ARM id and sub-resource. */
  readonly rules: Map<string, { target: string; subresource: string }>;
  /** Global names with the deployment-derived suffix (storage accounts, SQL servers). */
  readonly suffixedNames: string[];
}

function planNames(plan: Plan): PlanNames {
  const of = (type: string) => plan.resources.filter((r) => r.type === `azure-native:${type}`);
  const datastores = new Map(
    of("machinelearningservices:Datastore").map((r) => {
      const p = r.inputs.properties as Json;
      const container = String(p.containerName ?? p.filesystem);
      const value = { type: String(p.datastoreType), account: String(p.accountName), container };
      return [String(r.inputs.name), { ...value, endpoint: String(p.endpoint) }] as const;
    }),
  );
  const connections = new Map(
    of("machinelearningservices:WorkspaceConnection").map(
      (r) => [String(r.inputs.connectionName), String((r.inputs.properties as Json).target)] as const,
    ),
  );
  const [workspace] = of("machinelearningservices:Workspace");
  const outbound = ((workspace?.inputs.managedNetwork as Json | undefined)?.outboundRules ?? {}) as Record<
    string,
    Json
  >;
  const rules = new Map(
    Object.entries(outbound)
      .filter(([, r]) => r.type === "PrivateEndpoint")
      .map(([name, r]) => {
        const d = r.destination as Json;
        return [name, { target: String(d.serviceResourceId), subresource: String(d.subresourceTarget) }];
      }),
  );
  return {
    datastores,
    connections,
    containers: new Set(of("storage:BlobContainer").map((r) => String(r.inputs.containerName))),
    rules,
    suffixedNames: [
      ...of("storage:StorageAccount").map((r) => String(r.inputs.accountName)),
      ...of("sql:Server").map((r) => String(r.inputs.serverName)),
    ],
  };
}

/** The host a notebook must check for one store it names, with the private link group that serves it. */
interface ExpectedHost {
  readonly host: string;
  readonly group: PrivateLinkGroup;
  readonly rule: string;
}

const GROUP_OF_DATASTORE: Record<string, PrivateLinkGroup> = { AzureBlob: "blob", AzureDataLakeGen2: "dfs" };

/** Moves a plan (always AzureCloud) host to another cloud's suffix, as a deployment there would name it. */
function inCloud(host: string, cloud: Cloud): string {
  for (const [from, to] of [
    [STORAGE_HOST_SUFFIX.AzureCloud, STORAGE_HOST_SUFFIX[cloud]],
    [SQL_HOST_SUFFIX.AzureCloud, SQL_HOST_SUFFIX[cloud]],
  ] as const) {
    if (host.endsWith(`.${from}`)) return `${host.slice(0, -from.length)}${to}`;
  }
  return host;
}

/** Server host and database of a connection target: `Server=tcp:<host>,1433;Database=<db>;…` or a bare host. */
function sqlHostOf(target: string): { host: string; database?: string } {
  const server = /Server=(?:tcp:)?([^,;]+)/i.exec(target)?.[1];
  const database = /Database=([^;]+)/i.exec(target)?.[1];
  return { host: server ?? target, ...(database ? { database } : {}) };
}

function expectedHosts(nb: Notebook, names: PlanNames): ExpectedHost[] {
  const byPrefix = (prefix: string, kind: string) =>
    nb.names.find((n) => n.prefix === prefix && n.kind === kind)?.value;
  const hosts: ExpectedHost[] = [];
  for (const n of nb.names) {
    const rule = byPrefix(n.prefix, "RULE");
    assert.ok(rule, `${nb.file}: ${n.prefix}_${n.kind} has no ${n.prefix}_RULE naming its managed VNet rule`);
    if (n.kind === "DATASTORE") {
      const ds = names.datastores.get(n.value)!;
      const group = GROUP_OF_DATASTORE[ds.type];
      assert.ok(group, `datastore type ${ds.type} has no private link group here`);
      hosts.push({ host: `${ds.account}.${group}.${ds.endpoint}`, group, rule });
    }
    if (n.kind === "CONNECTION") {
      hosts.push({ host: sqlHostOf(names.connections.get(n.value)!).host, group: "sqlServer", rule });
    }
  }
  return hosts;
}

/** A notebook that names a connection only applies to plans with a connection (SQL enabled). */
const appliesTo = (nb: Notebook, names: PlanNames) =>
  !nb.names.some((n) => n.kind === "CONNECTION") || names.connections.size > 0;

/**
 * Runs each case's cells (a notebook's first cells) in one namespace in python3, with azure.ai.ml / azure.identity
 * replaced by stubs that serve the plan's datastores and connections, socket.getaddrinfo by a table, and
 * pandas.read_csv by a stub that records the URI and fails as the case says. One process for all cases.
 */
const RUNNER = `
import contextlib, io, json, socket, sys, types

cases = json.load(sys.stdin)
results = []
for case in cases:
    asked = []

    def getaddrinfo(host, port, *args, _answers=case["answers"], _asked=asked, **kwargs):
        _asked.append(host)
        addresses = _answers.get(host) or []
        if not addresses:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in addresses]

    socket.getaddrinfo = getaddrinfo

    class Operations:
        def __init__(self, items):
            self.items = items

        def get(self, name=None, **kwargs):
            if name not in self.items:
                raise KeyError(f"no such name in the workspace: {name}")
            return types.SimpleNamespace(**self.items[name])

    class MLClient:
        subscription_id = "00000000-0000-0000-0000-000000000000"
        resource_group_name = "rg-test"
        workspace_name = "mlw-test"

        def __init__(self):
            self.datastores = Operations(case["datastores"])
            self.connections = Operations(case["connections"])

        @classmethod
        def from_config(cls, credential=None, **kwargs):
            return cls()

    modules = {name: types.ModuleType(name) for name in ("azure", "azure.ai", "azure.ai.ml", "azure.identity")}
    modules["azure.ai.ml"].MLClient = MLClient
    modules["azure.identity"].DefaultAzureCredential = lambda **kwargs: object()
    read = []

    def read_csv(uri, _read=read, _fail=case.get("readError")):
        _read.append(uri)
        if _fail:
            raise getattr(__builtins__, _fail[0], Exception)(_fail[1])
        return types.SimpleNamespace(head=lambda: None, describe=lambda **kwargs: None)

    modules["pandas"] = types.ModuleType("pandas")
    modules["pandas"].read_csv = read_csv
    sys.modules.update(modules)

    out = io.StringIO()
    error = None
    namespace = {"__name__": "__main__"}
    try:
        with contextlib.redirect_stdout(out):
            for code in case["cells"]:
                exec(code, namespace)
    except Exception as e:
        error = f"{type(e).__name__}: {e}"
    results.append({"stdout": out.getvalue(), "error": error, "asked": asked, "read": read})
print(json.dumps(results))
`;

interface DnsCase {
  readonly cells: string[];
  readonly answers: Record<string, string[]>;
  readonly datastores: Record<string, Json>;
  readonly connections: Record<string, Json>;
  /** Exception type (a builtin) and message pandas.read_csv raises. */
  readonly readError?: [string, string];
}
interface DnsResult {
  readonly stdout: string;
  readonly error: string | null;
  readonly asked: string[];
  readonly read: string[];
}

function runPython(script: string, input: string): string {
  const r = spawnSync("python3", ["-c", script], { input, encoding: "utf8", timeout: 60_000 });
  assert.equal(r.error, undefined, `python3 must be installed (CI has it): ${r.error?.message}`);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

const notebooks = readNotebooks();

describe("notebooks/: valid nbformat 4 and Python", () => {
  const validate = new Ajv({ strict: false, allErrors: true }).compile(
    JSON.parse(readFileSync(SCHEMA_FILE, "utf8")) as Json,
  );

  test("there is one notebook per data source: blob, lake and SQL", () => {
    const kinds = notebooks.flatMap((nb) => nb.names.map((n) => `${n.kind}:${n.value}`));
    for (const k of ["DATASTORE:blobs", "DATASTORE:datalake", "CONNECTION:sqldb"])
      assert.ok(kinds.includes(k), k);
  });

  for (const nb of notebooks) {
    test(`${nb.file} validates against the nbformat v4.5 schema`, () => {
      assert.ok(validate(nb.doc), JSON.stringify(validate.errors, null, 2));
      assert.equal(nb.doc.nbformat, 4);
    });
  }

  test("the schema validator rejects what Jupyter would reject (a cell without id, a v3 document)", () => {
    const nb = structuredClone(notebooks[0]!.doc);
    delete ((nb.cells as Json[])[0] as Json).id;
    assert.equal(validate(nb), false);
    assert.equal(validate({ ...notebooks[0]!.doc, nbformat: 3 }), false);
  });

  test("every code cell parses as Python (python3 ast)", () => {
    const cells = notebooks.flatMap((nb) =>
      nb.codeCells.map((code, i) => ({ where: `${nb.file} cell ${i}`, code })),
    );
    const script = `
import ast, json, sys
errors = []
for cell in json.load(sys.stdin):
    try:
        ast.parse(cell["code"])
    except SyntaxError as e:
        errors.append(f"{cell['where']} line {e.lineno}: {e.msg}")
print(json.dumps(errors))
`;
    assert.deepEqual(JSON.parse(runPython(script, JSON.stringify(cells))), []);
    // The parser itself is live: a broken cell is reported.
    const broken = JSON.parse(runPython(script, JSON.stringify([{ where: "x", code: "def (" }]))) as string[];
    assert.equal(broken.length, 1);
  });

  test("each starts with the private DNS check", () => {
    for (const nb of notebooks) assert.match(nb.codeCells[0] ?? "", /^check_private_dns\(/m, nb.file);
  });
});

describe("notebooks/: the names they use are the plan's", () => {
  const plans = new Map<string, PlanNames>();
  before(async () => {
    // `private` has the blob and lake stores, `locked-down` adds SQL; one synthesis each.
    for (const preset of ["private", "locked-down"]) {
      plans.set(preset, planNames(await synthesize(loadConfig({ preset }).config)));
    }
  });

  test("datastores, containers, connections and rules exist in every plan the notebook applies to", () => {
    for (const nb of notebooks) {
      const applicable = [...plans].filter(([, names]) => appliesTo(nb, names));
      assert.ok(applicable.length > 0, `${nb.file} applies to no preset`);
      for (const [preset, names] of applicable) {
        const where = `${nb.file} vs ${preset}`;
        for (const n of nb.names) {
          if (n.kind === "DATASTORE")
            assert.ok(names.datastores.has(n.value), `${where}: datastore ${n.value}`);
          if (n.kind === "CONNECTION")
            assert.ok(names.connections.has(n.value), `${where}: connection ${n.value}`);
          if (n.kind === "RULE") assert.ok(names.rules.has(n.value), `${where}: outbound rule ${n.value}`);
          if (n.kind === "CONTAINER") {
            assert.ok(names.containers.has(n.value), `${where}: container ${n.value}`);
            const ds = nb.names.find((d) => d.prefix === n.prefix && d.kind === "DATASTORE");
            assert.equal(
              names.datastores.get(ds?.value ?? "")?.container,
              n.value,
              `${where}: ${n.prefix} container`,
            );
          }
        }
        // Each rule a notebook names reaches the store it reads, on the sub-resource it resolves.
        for (const h of expectedHosts(nb, names)) {
          const rule = names.rules.get(h.rule)!;
          assert.equal(rule.subresource, h.group, `${where}: rule ${h.rule} sub-resource`);
          assert.ok(
            rule.target.endsWith(`/${h.host.split(".")[0]}`),
            `${where}: rule ${h.rule} targets ${h.host}`,
          );
        }
      }
    }
  });

  test("the sample file they read is the one the stack uploads", () => {
    for (const nb of notebooks.filter((n) => n.names.some((x) => x.kind === "DATASTORE"))) {
      assert.ok(nb.codeCells.join("\n").includes(`SAMPLE_FILE = "${path.basename(SAMPLE_FILE)}"`), nb.file);
    }
  });

  test("no deployment-suffixed name and no literal datastore or connection name outside the named constants", () => {
    const suffixed = [...plans.values()].flatMap((p) => p.suffixedNames);
    assert.ok(suffixed.length >= 3);
    for (const nb of notebooks) {
      const text = JSON.stringify(nb.doc);
      for (const name of suffixed) assert.ok(!text.includes(name), `${nb.file} hard-codes ${name}`);
      const code = nb.codeCells.join("\n");
      assert.doesNotMatch(code, /datastores\.get\(\s*["']/, nb.file);
      assert.doesNotMatch(code, /connections\.get\((name=)?\s*["']/, nb.file);
      assert.doesNotMatch(code, /datastores\/[a-z]/, nb.file);
    }
  });

  test("the first cell checks each store's host and names the stack's private DNS zone, in every cloud", () => {
    const cases: { nb: string; preset: string; cloud: Cloud; answer: string; hosts: ExpectedHost[] }[] = [];
    const input: DnsCase[] = [];
    for (const nb of notebooks) {
      for (const [preset, names] of [...plans].filter(([, p]) => appliesTo(nb, p))) {
        for (const cloud of CLOUDS) {
          const hosts = expectedHosts(nb, names).map((h) => ({ ...h, host: inCloud(h.host, cloud) }));
          const datastores = Object.fromEntries(
            [...names.datastores].map(([n, d]) => [
              n,
              {
                account_name: d.account,
                endpoint: STORAGE_HOST_SUFFIX[cloud],
                container_name: d.container,
                filesystem: d.container,
              },
            ]),
          );
          const connections = Object.fromEntries(
            [...names.connections].map(([n, target]) => {
              const { host } = sqlHostOf(target);
              return [n, { target: target.replace(host, inCloud(host, cloud)) }];
            }),
          );
          for (const answer of ["10.0.0.5", "20.60.40.4", "none"]) {
            cases.push({ nb: nb.file, preset, cloud, answer, hosts });
            input.push({
              cells: [nb.codeCells[0]!],
              answers: Object.fromEntries(hosts.map((h) => [h.host, answer === "none" ? [] : [answer]])),
              datastores,
              connections,
            });
          }
        }
      }
    }
    const results = JSON.parse(runPython(RUNNER, JSON.stringify(input))) as DnsResult[];
    assert.equal(results.length, cases.length);
    results.forEach((r, i) => {
      const c = cases[i]!;
      const where = `${c.nb} ${c.preset} ${c.cloud} answer ${c.answer}`;
      assert.deepEqual(r.asked.sort(), c.hosts.map((h) => h.host).sort(), `${where}: hosts resolved`);
      if (c.answer === "10.0.0.5") {
        assert.equal(r.error, null, `${where}: ${r.error}`);
        for (const h of c.hosts)
          assert.match(r.stdout, new RegExp(`^ok +${h.host.replaceAll(".", "\\.")} -> `, "m"));
        return;
      }
      assert.match(r.error ?? "", /^RuntimeError: Private DNS check failed/, where);
      for (const h of c.hosts) {
        assert.ok(r.stdout.includes(`FIX  ${h.host}`), `${where}: FIX line for ${h.host}`);
        const zone = PRIVATE_DNS_ZONES[c.cloud][h.group][0]!;
        assert.ok(r.error!.includes(`private DNS zone ${zone} `), `${where}: names zone ${zone}\n${r.error}`);
        assert.ok(r.error!.includes(`--rule ${h.rule}`), `${where}: names rule ${h.rule}`);
      }
    });
  });

  test("the read cells read the sample through the datastore URI and explain access failures", () => {
    const names = plans.get("private")!;
    const cases: { nb: Notebook; store: string; readError?: [string, string]; expect: RegExp }[] = [];
    for (const nb of notebooks) {
      const store = nb.names.find((n) => n.kind === "DATASTORE")?.value;
      if (!store) continue;
      const ds = names.datastores.get(store)!;
      cases.push(
        { nb, store, expect: /^$/ },
        {
          nb,
          store,
          readError: ["PermissionError", "ErrorCode:AuthorizationPermissionMismatch"],
          expect: new RegExp(
            `^RuntimeError: Your identity may not read ${ds.account}: it needs Storage Blob Data Reader`,
          ),
        },
        {
          nb,
          store,
          readError: ["FileNotFoundError", "ErrorCode:BlobNotFound"],
          expect: new RegExp(
            `^RuntimeError: contacts\\.csv is not in container '${ds.container}' of ${ds.account}`,
          ),
        },
        { nb, store, readError: ["ValueError", "malformed row 3"], expect: /^ValueError: malformed row 3$/ },
      );
    }
    assert.equal(cases.length, 8, "two datastore notebooks, four cases each");
    const input: DnsCase[] = cases.map((c) => ({
      cells: c.nb.codeCells.slice(0, 2),
      answers: Object.fromEntries(expectedHosts(c.nb, names).map((h) => [h.host, ["10.0.0.7"]])),
      datastores: Object.fromEntries(
        [...names.datastores].map(([n, d]) => [
          n,
          {
            account_name: d.account,
            endpoint: d.endpoint,
            container_name: d.container,
            filesystem: d.container,
          },
        ]),
      ),
      connections: {},
      ...(c.readError ? { readError: c.readError } : {}),
    }));
    const results = JSON.parse(runPython(RUNNER, JSON.stringify(input))) as DnsResult[];
    results.forEach((r, i) => {
      const c = cases[i]!;
      assert.match(r.error ?? "", c.expect, `${c.nb.file} ${c.readError?.[0] ?? "success"}: ${r.error}`);
      assert.deepEqual(r.read, [
        `azureml://subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/rg-test/workspaces/mlw-test/datastores/${c.store}/paths/${path.basename(SAMPLE_FILE)}`,
      ]);
    });
  });

  test("the SQL notebook reads server and database from the connection", () => {
    const names = plans.get("locked-down")!;
    const [connection, target] = [...names.connections][0]!;
    const { host, database } = sqlHostOf(target);
    const nb = notebooks.find((n) => n.names.some((x) => x.kind === "CONNECTION" && x.value === connection))!;
    const [r] = JSON.parse(
      runPython(
        RUNNER,
        JSON.stringify([
          {
            cells: [nb.codeCells[0]!],
            answers: { [host]: ["10.0.0.9"] },
            datastores: {},
            connections: { [connection]: { target } },
          },
        ]),
      ),
    ) as DnsResult[];
    assert.equal(r!.error, null);
    assert.ok(r!.stdout.includes(`server ${host}, port 1433, database ${database ?? "None"}`), r!.stdout);
  });
});
