/**
 * Offline validation of ARM-shaped resources against Microsoft's ARM deployment JSON schemas
 * (Azure/azure-resource-manager-schemas, copied byte-exact into `data/arm-schemas/`; see PROVENANCE.md there).
 *
 * The schemas are draft-04 and are compiled with ajv-draft-04. Files are loaded and compiled lazily, one
 * (file, resource definition) at a time, and cached for the life of the process: the MachineLearningServices
 * schema alone is 682 KB and parsing it per resource would dominate plan time.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv-draft-04";
import { repoPath } from "../../paths";

/**
 * One resource in ARM template (top-level, `resources[]`) form.
 *
 * `type` is the full ARM type (`Microsoft.Storage/storageAccounts`, or for a child
 * `Microsoft.Network/privateEndpoints/privateDnsZoneGroups`) and `name` is the full name, with one
 * `/`-separated segment per type segment after the namespace (`pe-name/default` for the child above).
 */
export interface ArmResource {
  type: string;
  apiVersion: string;
  name: string;
  location?: string;
  sku?: unknown;
  kind?: string;
  identity?: unknown;
  tags?: Record<string, string>;
  properties?: unknown;
  zones?: string[];
  [k: string]: unknown;
}

/** One schema violation. `path` is a JSON pointer into the resource (`/properties/minimumTlsVersion`). */
export interface ArmSchemaIssue {
  path: string;
  message: string;
}

/** One resource type/apiVersion pair that has a schema, and the schema file (relative to `data/arm-schemas`). */
export interface ArmSchemaCoverageEntry {
  type: string;
  apiVersion: string;
  file: string;
  /** Which `*resourceDefinitions` section of the file defines it (deployment scope). */
  section: string;
}

type JsonObject = { [k: string]: unknown };

const SCHEMA_URL_PREFIX = "https://schema.management.azure.com/schemas/";
const COMMON_ID = `${SCHEMA_URL_PREFIX}common/definitions.json`;
/** common/definitions.json `expression`: the ARM template expression syntax `[...]`. */
const EXPRESSION_PATTERN = "^\\[([^\\[].*)?\\]$";
const EXPRESSION = new RegExp(EXPRESSION_PATTERN);

/**
 * Sections are tried in this order: a resource-group deployment is the common case; resourceGroups only
 * exist at subscription scope, and extension/management-group/tenant definitions come last.
 */
const DEFINITION_SECTIONS = [
  "resourceDefinitions",
  "subscription_resourceDefinitions",
  "extension_resourceDefinitions",
  "managementGroup_resourceDefinitions",
  "tenant_resourceDefinitions",
] as const;

/**
 * Resource-level keys that ARM's template language accepts on every resource, on top of those the
 * resource-type schema declares (see common/definitions.json `ARMResourceBase`/`resourceBase` and the
 * ARM template reference for `scope`).
 */
const TEMPLATE_KEYWORDS = new Set(["condition", "dependsOn", "copy", "comments", "scope"]);

// ---------------------------------------------------------------------------------------------------------
// Locating and loading schema files
// ---------------------------------------------------------------------------------------------------------

/** The folder of Microsoft's ARM schemas copied into the repo. */
function schemaRoot(): string {
  return repoPath("data", "arm-schemas");
}

/** `Microsoft.Network/privateEndpoints/x` -> `Microsoft.Network`. */
function namespaceOf(type: string): string {
  return type.split("/")[0] ?? "";
}

/**
 * Schema files of one namespace at one apiVersion. A namespace can be split over several files
 * (`Microsoft.Network.NRP.json`, `Microsoft.Network.privateDns.json`, `Microsoft.Insights.Application.json`),
 * so every `<Namespace>.json` and `<Namespace>.<suffix>.json` is a candidate. ARM namespaces are
 * case-insensitive (`Microsoft.Insights` vs `microsoft.insights`), so the match is too.
 */
function candidateFiles(namespace: string, apiVersion: string): string[] {
  const dir = path.join(schemaRoot(), apiVersion);
  if (apiVersion === "" || apiVersion.includes("..") || !existsSync(dir)) return [];
  const ns = namespace.toLowerCase();
  return readdirSync(dir)
    .filter((f) => {
      const lower = f.toLowerCase();
      return lower === `${ns}.json` || (lower.startsWith(`${ns}.`) && lower.endsWith(".json"));
    })
    .sort((a, b) => a.length - b.length || a.localeCompare(b))
    .map((f) => `${apiVersion}/${f}`);
}

/** Maps a `https://schema.management.azure.com/schemas/<rel>` URL to the local copy's relative path. */
function localPathForUrl(url: string): string | undefined {
  if (!url.startsWith(SCHEMA_URL_PREFIX)) return undefined;
  return url.slice(SCHEMA_URL_PREFIX.length).replace(/#.*$/, "");
}

/** External schema documents a file `$ref`s (common/definitions.json, Compute.Extensions.json, ...). */
function externalRefs(rawText: string): string[] {
  const found = new Set<string>();
  for (const m of rawText.matchAll(
    /"\$ref"\s*:\s*"(https:\/\/schema\.management\.azure\.com\/schemas\/[^"#]+)/g,
  )) {
    const rel = m[1] === undefined ? undefined : localPathForUrl(m[1]);
    if (rel !== undefined) found.add(rel);
  }
  return [...found];
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

// ---------------------------------------------------------------------------------------------------------
// The allOf quirk (INDEX.md, "Known quirk of the generated ARM schemas")
// ---------------------------------------------------------------------------------------------------------

/**
 * Property names a union variant may carry: its own `properties` plus those of everything it combines
 * with (allOf/oneOf/anyOf) or local-`$ref`s. Returns undefined when a variant cannot be fully resolved
 * (non-local `$ref`), so the caller can fall back to simply dropping the constraint.
 */
function variantPropertyNames(schema: unknown, doc: JsonObject, seen: Set<unknown>): Set<string> | undefined {
  const names = new Set<string>();
  if (!isObject(schema) || seen.has(schema)) return names;
  seen.add(schema);
  if (typeof schema.$ref === "string") {
    if (!schema.$ref.startsWith("#/")) return undefined;
    const target = resolvePointer(doc, schema.$ref.slice(1));
    if (target === undefined) return undefined;
    const inner = variantPropertyNames(target, doc, seen);
    if (inner === undefined) return undefined;
    for (const n of inner) names.add(n);
  }
  if (isObject(schema.properties)) for (const n of Object.keys(schema.properties)) names.add(n);
  for (const keyword of ["allOf", "oneOf", "anyOf"]) {
    const members = schema[keyword];
    if (!Array.isArray(members)) continue;
    for (const member of members) {
      const inner = variantPropertyNames(member, doc, seen);
      if (inner === undefined) return undefined;
      for (const n of inner) names.add(n);
    }
  }
  return names;
}

function unescapePointerSegment(segment: string): string {
  return decodeURIComponent(segment).replace(/~1/g, "/").replace(/~0/g, "~");
}

/** Resolves a JSON-pointer fragment (`/definitions/X`, without `#`) inside one document. */
function resolvePointer(doc: JsonObject, fragment: string): unknown {
  let node: unknown = doc;
  for (const raw of fragment.split("/").slice(1)) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as JsonObject)[unescapePointerSegment(raw)];
  }
  return node;
}

/**
 * Fixes one `allOf: [{base, additionalProperties: false}, {oneOf: [variants]}]` node in place.
 *
 * Read literally, the closed base rejects every variant's own fields (a PrivateEndpoint outbound rule's
 * `destination`, for instance), so every valid value fails (INDEX.md, "Known quirk of the generated ARM
 * schemas"). As INDEX.md prescribes we drop the base's `additionalProperties: false`; where all variants
 * resolve locally we replace it with the same constraint over base + all variants' declared properties,
 * so a misspelt field still fails while each variant branch keeps checking its own fields.
 */
function relaxClosedUnionBase(node: JsonObject, doc: JsonObject): void {
  const members = node.allOf;
  if (!Array.isArray(members)) return;
  const unions = members.filter((m) => isObject(m) && Array.isArray(m.oneOf));
  if (unions.length === 0) return;
  for (const base of members) {
    if (!isObject(base) || base.additionalProperties !== false) continue;
    const allowed = new Set<string>(isObject(base.properties) ? Object.keys(base.properties) : []);
    let resolvable = true;
    for (const union of unions) {
      const names = variantPropertyNames(union, doc, new Set());
      if (names === undefined) resolvable = false;
      else for (const n of names) allowed.add(n);
    }
    delete base.additionalProperties;
    if (resolvable) {
      const props = isObject(base.properties) ? { ...base.properties } : {};
      for (const n of allowed) if (!(n in props)) props[n] = {};
      base.properties = props;
      base.additionalProperties = false;
    }
  }
}

/** Applies {@link relaxClosedUnionBase} to every node of a loaded schema document, in place. */
function relaxClosedUnions(doc: JsonObject): void {
  const stack: unknown[] = [doc];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (Array.isArray(node)) {
      stack.push(...node);
    } else if (isObject(node)) {
      relaxClosedUnionBase(node, doc);
      stack.push(...Object.values(node));
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Ajv instance, file registry and compiled-validator cache
// ---------------------------------------------------------------------------------------------------------

interface LoadedSchemaFile {
  /** Relative to data/arm-schemas, e.g. `2024-05-01/Microsoft.Network.NRP.json`. */
  file: string;
  /** The document's draft-04 `id`, used as the `$ref` base. */
  id: string;
  doc: JsonObject;
}

interface ResourceDefinition {
  schemaFile: LoadedSchemaFile;
  section: string;
  key: string;
  definition: JsonObject;
}

let ajvInstance: Ajv | undefined;
const loadedFiles = new Map<string, LoadedSchemaFile>();
const compiled = new Map<string, ValidateFunction>();

/** RFC 3339 date-time; ajv ships no formats and ajv-formats is not a dependency. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

function ajv(): Ajv {
  if (ajvInstance !== undefined) return ajvInstance;
  // validateSchema off: checking 900 KB documents against the draft-04 meta-schema costs more than the
  // validation itself, and these are Microsoft's published, already-valid schemas.
  // verbose on: errors carry data and parentSchema, which is how expression-branch noise is recognised
  // and how a failed union is located for best-branch explanation.
  // inlineRefs and code optimisation off: every property is `oneOf [X, $ref expression]`, so inlining
  // copies the expression check thousands of times; one shared function per $ref compiles ~40% faster
  // (the ML workspace definition: ~480 ms -> ~300 ms) while validation stays well under 1 ms.
  ajvInstance = new Ajv({
    strict: false,
    allErrors: true,
    verbose: true,
    validateSchema: false,
    inlineRefs: false,
    code: { optimize: false },
  });
  ajvInstance.addFormat("date-time", DATE_TIME);
  return ajvInstance;
}

/** Reads, patches and registers a schema file (and, first, the files it references). Cached. */
function loadSchemaFile(file: string): LoadedSchemaFile {
  const cached = loadedFiles.get(file);
  if (cached !== undefined) return cached;
  const raw = readFileSync(path.join(schemaRoot(), file), "utf8");
  const doc = JSON.parse(raw) as JsonObject;
  const id = typeof doc.id === "string" ? doc.id.replace(/#$/, "") : `${SCHEMA_URL_PREFIX}${file}`;
  const loaded: LoadedSchemaFile = { file, id, doc };
  // Registered before recursing so mutually-referencing files cannot loop.
  loadedFiles.set(file, loaded);
  for (const ref of externalRefs(raw)) {
    if (ref !== file && existsSync(path.join(schemaRoot(), ref))) loadSchemaFile(ref);
  }
  relaxClosedUnions(doc);
  ajv().addSchema(doc, id);
  return loaded;
}

function definitionType(definition: JsonObject): string | undefined {
  const type = definition.properties;
  if (!isObject(type) || !isObject(type.type)) return undefined;
  const t = type.type;
  if (typeof t.const === "string") return t.const;
  if (Array.isArray(t.enum) && typeof t.enum[0] === "string") return t.enum[0];
  return undefined;
}

/** Finds the resource definition for a full ARM type in one loaded file. */
function findDefinitionIn(schemaFile: LoadedSchemaFile, type: string): ResourceDefinition | undefined {
  const wanted = type.toLowerCase();
  for (const section of DEFINITION_SECTIONS) {
    const defs = schemaFile.doc[section];
    if (!isObject(defs)) continue;
    for (const [key, definition] of Object.entries(defs)) {
      if (isObject(definition) && definitionType(definition)?.toLowerCase() === wanted) {
        return { schemaFile, section, key, definition };
      }
    }
  }
  return undefined;
}

function findDefinition(type: string, apiVersion: string): ResourceDefinition | undefined {
  for (const file of candidateFiles(namespaceOf(type), apiVersion)) {
    const found = findDefinitionIn(loadSchemaFile(file), type);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Validator for one resource definition, combined with the common ARMResourceBase the way
 * deploymentTemplate.json combines them (so `dependsOn`, `condition` are type-checked too).
 */
function validatorFor(def: ResourceDefinition): ValidateFunction {
  const pointer = `${def.schemaFile.id}#/${def.section}/${def.key}`;
  const cached = compiled.get(pointer);
  if (cached !== undefined) return cached;
  loadSchemaFile("common/definitions.json");
  const validate = ajv().compile({
    allOf: [{ $ref: `${COMMON_ID}#/definitions/ARMResourceBase` }, { $ref: pointer }],
  });
  compiled.set(pointer, validate);
  return validate;
}

// ---------------------------------------------------------------------------------------------------------
// Turning ajv errors into issues
// ---------------------------------------------------------------------------------------------------------

/*
 * With allErrors, a failed oneOf/anyOf reports the errors of every branch: a VM extension that is not one
 * of the 34 known publishers yields ~50 enum errors, an outbound rule one per wrong variant. So a failed
 * union is re-explained by validating its value against each branch alone and keeping only the branch
 * that fails least (the usual "best match" rule). That needs to know where a schema object lives (to
 * compile its branches by JSON pointer, so local $refs resolve) and which errors came from inside a union
 * (every schema object reachable from its branches). Both are computed only once something fails.
 */

interface SchemaLocation {
  docId: string;
  pointer: string;
}

const locations = new WeakMap<object, SchemaLocation>();
const indexedFiles = new Set<string>();
const reachableCache = new WeakMap<object, Set<object>>();
const MAX_EXPLAIN_DEPTH = 8;

function escapePointerSegment(key: string): string {
  return encodeURIComponent(key.replace(/~/g, "~0").replace(/\//g, "~1"));
}

/** Records the JSON pointer of every object in every loaded file not yet indexed. */
function indexLoadedFiles(): void {
  for (const loaded of loadedFiles.values()) {
    if (indexedFiles.has(loaded.file)) continue;
    indexedFiles.add(loaded.file);
    const stack: [unknown, string][] = [[loaded.doc, ""]];
    for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
      const [node, pointer] = item;
      if (typeof node !== "object" || node === null) continue;
      if (!Array.isArray(node) && !locations.has(node)) locations.set(node, { docId: loaded.id, pointer });
      for (const [k, v] of Object.entries(node)) stack.push([v, `${pointer}/${escapePointerSegment(k)}`]);
    }
  }
}

function fileById(id: string): LoadedSchemaFile | undefined {
  for (const loaded of loadedFiles.values()) if (loaded.id === id) return loaded;
  return undefined;
}

/** Resolves a `$ref` (local or to another loaded file) to the schema object and the id of its file. */
function resolveRef(ref: string, docId: string): { node: unknown; docId: string } | undefined {
  const hash = ref.indexOf("#");
  const base = hash === -1 ? ref : ref.slice(0, hash);
  const targetId = base === "" ? docId : base;
  const target = fileById(targetId);
  if (target === undefined) return undefined;
  const fragment = hash === -1 ? "" : ref.slice(hash + 1);
  return { node: resolvePointer(target.doc, fragment), docId: targetId };
}

/** Every schema object a union's branches can reach, following $refs; memoised per union. */
function reachableFromBranches(union: JsonObject, docId: string): Set<object> {
  const cached = reachableCache.get(union);
  if (cached !== undefined) return cached;
  const seen = new Set<object>();
  const branches = [...asArray(union.oneOf), ...asArray(union.anyOf)];
  const stack: [unknown, string][] = branches.map((b) => [b, docId]);
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const [node, id] = item;
    if (typeof node !== "object" || node === null || seen.has(node)) continue;
    seen.add(node);
    if (isObject(node) && typeof node.$ref === "string") {
      const target = resolveRef(node.$ref, id);
      if (target !== undefined) stack.push([target.node, target.docId]);
    }
    for (const v of Object.values(node)) stack.push([v, id]);
  }
  reachableCache.set(union, seen);
  return seen;
}

function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** Errors from the "or an ARM expression" branch that sits next to almost every property: pure noise. */
function isExpressionBranchError(e: ErrorObject): boolean {
  return isObject(e.parentSchema) && e.parentSchema.pattern === EXPRESSION_PATTERN;
}

function isExpressionRef(branch: unknown): boolean {
  return isObject(branch) && branch.$ref === `${COMMON_ID}#/definitions/expression`;
}

const COMPOSITE_KEYWORDS = new Set(["oneOf", "anyOf", "allOf", "if"]);

/** An issue plus, for enum/const failures, the allowed values (used to spot union discriminators). */
interface ExplainedIssue extends ArmSchemaIssue {
  allowed?: readonly unknown[];
}

function allowedValues(e: ErrorObject): readonly unknown[] | undefined {
  const params = e.params as JsonObject;
  if (e.keyword === "enum" && Array.isArray(params.allowedValues)) return params.allowedValues;
  if (e.keyword === "const") return [params.allowedValue];
  return undefined;
}

function toExplained(e: ErrorObject, prefix: string): ExplainedIssue {
  const allowed = allowedValues(e);
  const issue = { path: issuePath(e, prefix), message: issueMessage(e) };
  return allowed === undefined ? issue : { ...issue, allowed };
}

function isAtOrUnder(instancePath: string, base: string): boolean {
  return instancePath === base || instancePath.startsWith(`${base}/`);
}

function issuePath(e: ErrorObject, prefix: string): string {
  const params = e.params as JsonObject;
  let p = `${prefix}${e.instancePath}`;
  if (e.keyword === "required" && typeof params.missingProperty === "string")
    p += `/${params.missingProperty}`;
  if (e.keyword === "additionalProperties" && typeof params.additionalProperty === "string") {
    p += `/${params.additionalProperty}`;
  }
  return p === "" ? "/" : p;
}

function issueMessage(e: ErrorObject): string {
  const params = e.params as JsonObject;
  switch (e.keyword) {
    case "required":
      return "is required";
    case "additionalProperties":
      return "is not a property the schema allows here";
    case "enum":
      return `must be one of ${JSON.stringify(params.allowedValues)} (got ${JSON.stringify(e.data)})`;
    case "const":
      return `must be ${JSON.stringify(params.allowedValue)} (got ${JSON.stringify(e.data)})`;
    case "pattern":
      return `must match ${String(params.pattern)} (got ${JSON.stringify(e.data)})`;
    default:
      return e.message ?? e.keyword;
  }
}

/** Validates `data` against the schema at an absolute JSON-pointer ref and explains the failure. */
function explainRef(ref: string, data: unknown, prefix: string, depth: number): ExplainedIssue[] {
  const validate = ajv().getSchema(ref);
  if (validate === undefined) return [{ path: prefix || "/", message: `schema ${ref} not found` }];
  if (validate(data)) return [];
  return explainErrors(validate.errors ?? [], prefix, depth);
}

/**
 * Replaces the errors of one failed union with those of its best branch. Returns undefined when the
 * union cannot be located (e.g. it is in a wrapper compiled on the fly), so the caller keeps the raw errors.
 */
function explainUnion(
  union: ErrorObject,
  errors: readonly ErrorObject[],
  prefix: string,
  depth: number,
): { members: Set<ErrorObject>; issues: ExplainedIssue[] } | undefined {
  const schema = union.parentSchema;
  const where = isObject(schema) ? locations.get(schema) : undefined;
  if (!isObject(schema) || where === undefined) return undefined;
  const reachable = reachableFromBranches(schema, where.docId);
  const members = new Set(
    errors.filter(
      (e) =>
        e === union ||
        (isAtOrUnder(e.instancePath, union.instancePath) &&
          isObject(e.parentSchema) &&
          reachable.has(e.parentSchema)),
    ),
  );
  const params = union.params as JsonObject;
  const passing = params.passingSchemas;
  // oneOf failing because several branches match is its own problem: no branch has anything to explain.
  if (Array.isArray(passing) && passing.length > 1) {
    const message = `matches ${passing.length} variants (branches ${passing.join(", ")}); exactly one is allowed`;
    return { members, issues: [{ path: issuePath(union, prefix), message }] };
  }
  const keyword = union.keyword;
  const at = `${prefix}${union.instancePath}`;
  const results = asArray(schema[keyword])
    .map((branch, i) => ({ branch, i }))
    .filter(({ branch }) => !isExpressionRef(branch))
    .map(({ i }) => explainRef(`${where.docId}#${where.pointer}/${keyword}/${i}`, union.data, at, depth + 1));
  const fallback = [{ path: issuePath(union, prefix), message: issueMessage(union) }];
  return { members, issues: pickBranchIssues(results, at, union.data) ?? fallback };
}

/** Paths of direct children of `at` where a branch demands specific values (its discriminators). */
function rejectedChildPaths(issues: readonly ExplainedIssue[], at: string): Set<string> {
  const children = issues.filter((i) => i.allowed !== undefined && /^\/[^/]+$/.test(i.path.slice(at.length)));
  return new Set(children.filter((i) => i.path.startsWith(at)).map((i) => i.path));
}

/**
 * Chooses what to report for a failed union. If every branch rejects the same child value (an unknown
 * discriminator such as `computeType: "Foo"`), that is the one issue, listing every branch's value.
 * Otherwise the branch whose discriminators accept the value wins, fewest issues breaking ties.
 */
function pickBranchIssues(
  results: readonly ExplainedIssue[][],
  at: string,
  data: unknown,
): ExplainedIssue[] | undefined {
  if (results.length === 0) return undefined;
  const rejected = results.map((r) => rejectedChildPaths(r, at));
  const first = rejected[0] ?? new Set<string>();
  const common = [...first].find((p) => rejected.every((set) => set.has(p)));
  if (common !== undefined) {
    const demanded = results.flatMap((r) =>
      r.filter((i) => i.path === common).flatMap((i) => i.allowed ?? []),
    );
    const allowed = [...new Set(demanded)];
    const got = isObject(data) ? data[unescapePointerSegment(common.slice(at.length + 1))] : undefined;
    const message = `must be one of ${JSON.stringify(allowed)} (got ${JSON.stringify(got)})`;
    return [{ path: common, message, allowed }];
  }
  const rank = (i: number) => ((rejected[i]?.size ?? 0) > 0 ? 1_000_000 : 0) + (results[i]?.length ?? 0);
  const bestIndex = results.reduce((best, _r, i) => (rank(i) < rank(best) ? i : best), 0);
  return results[bestIndex];
}

/**
 * Turns ajv's allErrors output into issues: drops the expression-branch noise, explains each failed
 * union by its best branch (outermost first), and drops composite summaries that more specific errors
 * already explain.
 */
function explainErrors(all: readonly ErrorObject[], prefix: string, depth: number): ExplainedIssue[] {
  let errors = all.filter((e) => !isExpressionBranchError(e));
  const issues: ExplainedIssue[] = [];
  if (depth < MAX_EXPLAIN_DEPTH) {
    indexLoadedFiles();
    const unions = errors
      .filter((e) => e.keyword === "oneOf" || e.keyword === "anyOf")
      .sort((a, b) => a.instancePath.length - b.instancePath.length);
    for (const union of unions) {
      if (!errors.includes(union)) continue;
      const explained = explainUnion(union, errors, prefix, depth);
      if (explained === undefined) continue;
      errors = errors.filter((e) => !explained.members.has(e));
      issues.push(...explained.issues);
    }
  }
  const specific = errors.filter((e) => !COMPOSITE_KEYWORDS.has(e.keyword));
  for (const e of errors) {
    const redundant =
      COMPOSITE_KEYWORDS.has(e.keyword) && specific.some((s) => isAtOrUnder(s.instancePath, e.instancePath));
    if (!redundant) issues.push(toExplained(e, prefix));
  }
  return dedupe(issues);
}

function dedupe<T extends ArmSchemaIssue>(issues: readonly T[]): T[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// ---------------------------------------------------------------------------------------------------------
// ARM template rules the JSON schemas do not express
// ---------------------------------------------------------------------------------------------------------

function isExpression(value: string): boolean {
  return EXPRESSION.test(value);
}

/**
 * ARM rejects a top-level child resource whose name has a different number of segments than its type
 * ("incorrect segment lengths"): `Microsoft.Network/privateEndpoints/privateDnsZoneGroups` needs `pe/default`.
 */
function segmentIssues(resource: ArmResource): ArmSchemaIssue[] {
  if (typeof resource.name !== "string" || isExpression(resource.name)) return [];
  const expected = resource.type.split("/").length - 1;
  const actual = resource.name.split("/").length;
  if (expected === actual) return [];
  return [
    {
      path: "/name",
      message: `has ${actual} segment(s) but type ${resource.type} needs ${expected} (one per type segment)`,
    },
  ];
}

/**
 * Unknown top-level keys. The resource definitions are open objects, so a misspelt `proprties` would
 * otherwise pass silently; ARM itself rejects unknown members of a template resource.
 */
function unknownKeyIssues(resource: JsonObject, def: ResourceDefinition): ArmSchemaIssue[] {
  const declared = isObject(def.definition.properties) ? def.definition.properties : {};
  return Object.keys(resource)
    .filter((k) => !(k in declared) && !TEMPLATE_KEYWORDS.has(k))
    .map((k) => ({ path: `/${k}`, message: `is not defined by the ${def.section}/${def.key} schema` }));
}

/**
 * For a child type, the generated `resourceDefinitions` usually constrain `name` with the rule for the
 * last segment only (ML computes: `^[a-zA-Z](...)[a-zA-Z0-9\-]{2,23}$`), which no full `ws/ci` name can
 * match; only fixed names were rewritten to full-name patterns (`^.*\/default$`). So the last segment is
 * what gets checked unless the schema's pattern is written for the full name.
 */
function nameForValidation(resource: ArmResource, def: ResourceDefinition): string {
  const isChild = resource.type.split("/").length > 2;
  if (!isChild || typeof resource.name !== "string" || isExpression(resource.name)) return resource.name;
  const props = def.definition.properties;
  const nameSchema = isObject(props) ? props.name : undefined;
  if (JSON.stringify(nameSchema ?? {}).includes('"^.*/')) return resource.name;
  return resource.name.split("/").pop() ?? resource.name;
}

// ---------------------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------------------

/**
 * Validates one ARM template resource against the official ARM JSON schema for its type and apiVersion.
 *
 * Returns `[]` when valid. When no schema covers the type at that apiVersion, returns a single issue
 * saying so (never a silent pass). Values that are ARM template expressions (`[...]`) are accepted
 * wherever the schema allows them, which is almost everywhere.
 */
export function validateArmResource(resource: ArmResource): ArmSchemaIssue[] {
  const def = findDefinition(resource.type, resource.apiVersion);
  if (def === undefined) {
    const files = candidateFiles(namespaceOf(resource.type), resource.apiVersion);
    const where = files.length === 0 ? "no schema file" : `not defined in ${files.join(", ")}`;
    return [
      {
        path: "/type",
        message: `no ARM schema for ${resource.type}@${resource.apiVersion} (${where} under data/arm-schemas)`,
      },
    ];
  }
  // JSON round-trip: validate exactly what would be serialised into a template (undefined keys vanish).
  const data = JSON.parse(JSON.stringify(resource)) as JsonObject;
  const segmentName = nameForValidation(resource, def);
  data.name = segmentName;
  // ARM resource types are case-insensitive but the schemas' type enums are not.
  data.type = definitionType(def.definition) ?? resource.type;
  const validate = validatorFor(def);
  const issues: ArmSchemaIssue[] = [...segmentIssues(resource), ...unknownKeyIssues(data, def)];
  if (!validate(data)) {
    for (const { path: issuePathValue, message } of explainErrors(validate.errors ?? [], "", 0)) {
      const renamed = issuePathValue === "/name" && segmentName !== resource.name;
      issues.push({ path: issuePathValue, message: renamed ? `${message} (last name segment)` : message });
    }
  }
  return issues;
}

/**
 * Every resource type/apiVersion the bundled schemas cover, sorted by type then apiVersion.
 * Parses every bundled file (not only the ones validation has needed so far), so call it from tooling
 * and tests rather than hot paths.
 */
export function armSchemaCoverage(): ArmSchemaCoverageEntry[] {
  const root = schemaRoot();
  const entries: ArmSchemaCoverageEntry[] = [];
  for (const apiVersion of readdirSync(root)) {
    const dir = path.join(root, apiVersion);
    if (apiVersion === "common" || !existsSync(dir) || !/^\d{4}-\d{2}-\d{2}/.test(apiVersion)) continue;
    for (const name of readdirSync(dir).filter((f) => f.endsWith(".json"))) {
      const file = `${apiVersion}/${name}`;
      const doc = loadSchemaFile(file).doc;
      const seen = new Set<string>();
      for (const section of DEFINITION_SECTIONS) {
        const defs = doc[section];
        if (!isObject(defs)) continue;
        for (const definition of Object.values(defs)) {
          const type = isObject(definition) ? definitionType(definition) : undefined;
          // A type listed in several sections validates with the first (see DEFINITION_SECTIONS).
          if (type === undefined || seen.has(type)) continue;
          seen.add(type);
          entries.push({ type, apiVersion, file, section });
        }
      }
    }
  }
  return entries.sort((a, b) => a.type.localeCompare(b.type) || a.apiVersion.localeCompare(b.apiVersion));
}
