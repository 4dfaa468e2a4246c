/**
 * Shared plan fixtures: the presets and variants many test files read, each synthesized at most once per test
 * process, all of a file's in one worker thread (see `isolatedSynth.ts`). A file asks for every plan it needs
 * up front (`await plansFor(...)` in `before`), then reads them synchronously.
 *
 *   const [priv, locked] = await plansFor(PRESET.private, PRESET.lockedDown);
 *
 * Plans are frozen: a test that edits one works on `structuredClone(plan)` (or the ARM model's copy), so
 * tests sharing a plan cannot see each other's edits.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { deserialize, serialize } from "node:v8";
import { type ConfigSource, type LoadedConfig, loadConfig } from "../../src/config";
import type { Plan } from "../../src/plan/synth";
import { synthesizeRequests } from "./isolatedSynth";

/** The fixture sources most files share. */
export const PRESET = {
  private: { preset: "private" },
  starter: { preset: "starter" },
  lockedDown: { preset: "locked-down" },
  /** starter with one allowed public address: its stores are reachable from that address. */
  starterIp: { raw: { preset: "starter", allowedIpAddresses: ["203.0.113.7"] } },
} as const satisfies Record<string, ConfigSource>;

/** A synthesized fixture: the loaded config and its plan. */
export interface PlanFixture {
  readonly loaded: LoadedConfig;
  readonly plan: Plan;
}

const keyOf = (source: ConfigSource): string => JSON.stringify(source);
const cache = new Map<string, Promise<PlanFixture>>();

/** Recursively freezes a plain value (a structured-cloned plan has no prototypes worth keeping). */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * Folder of plans kept across processes, set only by `stryker.config.mjs` when every mutant lies where
 * synthesis cannot reach (the exposure analysis): there a mutant cannot change a plan, and each mutant's
 * test files then skip the synthesis that would otherwise dominate their run. Never set by `npm test`.
 */
const DISK_CACHE = process.env.SECURE_AML_PLAN_CACHE;

function fromDisk(source: ConfigSource): Plan | undefined {
  if (!DISK_CACHE) return undefined;
  const file = path.join(DISK_CACHE, `${createHash("sha256").update(keyOf(source)).digest("hex")}.bin`);
  return existsSync(file) ? (deserialize(readFileSync(file)) as Plan) : undefined;
}

function toDisk(source: ConfigSource, plan: Plan): void {
  if (!DISK_CACHE) return;
  mkdirSync(DISK_CACHE, { recursive: true });
  const file = path.join(DISK_CACHE, `${createHash("sha256").update(keyOf(source)).digest("hex")}.bin`);
  // Written aside and renamed: a concurrent reader sees the whole file or none.
  writeFileSync(`${file}.${process.pid}`, serialize(plan));
  renameSync(`${file}.${process.pid}`, file);
}

/**
 * The fixtures of `sources`, in order. Sources not planned yet in this process are loaded (a bad source
 * throws its ConfigError here) and synthesized together in one worker; the rest come from the cache.
 */
export async function plansFor<const S extends readonly ConfigSource[]>(
  ...sources: S
): Promise<{ -readonly [K in keyof S]: PlanFixture }> {
  for (const source of sources) {
    const plan = cache.has(keyOf(source)) ? undefined : fromDisk(source);
    if (plan) cache.set(keyOf(source), Promise.resolve(deepFreeze({ loaded: loadConfig(source), plan })));
  }
  const missing = [
    ...new Map(sources.filter((s) => !cache.has(keyOf(s))).map((s) => [keyOf(s), s])).values(),
  ];
  if (missing.length > 0) {
    const loaded = missing.map((s) => loadConfig(s));
    const batch = synthesizeRequests(loaded.map((l) => ({ config: l.config, warnings: l.warnings })));
    missing.forEach((source, i) => {
      const fixture = batch.then((outcomes) => {
        const o = outcomes[i]!;
        if (!o.ok) throw new Error(`synthesis of ${keyOf(source)} failed: ${o.error}`);
        toDisk(source, o.plan);
        return deepFreeze({ loaded: loaded[i]!, plan: o.plan });
      });
      // A failed batch is reported by the awaiting test; the cache must not hold an unhandled rejection.
      fixture.catch(() => {});
      cache.set(keyOf(source), fixture);
    });
  }
  return (await Promise.all(sources.map((s) => cache.get(keyOf(s))!))) as {
    -readonly [K in keyof S]: PlanFixture;
  };
}

/** One fixture: `plansFor(source)[0]`. */
export async function planFor(source: ConfigSource): Promise<PlanFixture> {
  const [fixture] = await plansFor(source);
  return fixture!;
}
