/**
 * Benchmark: `secure-aml plan` as a whole process (start-up, config, synthesis on the mock runtime, output),
 * per preset. Prints min / median / max wall time and peak RSS (GNU time's max resident set size).
 * Targets (issue #3): the private preset under 3 s wall and under 400 MB RSS on a 2-core machine.
 * Target (issue #7): `plan --preset private` within 2x its floor — plain node loading the Pulumi SDK and the
 * azure-native modules the program imports (bench/floor.cjs) — measured interleaved, so a busy machine slows
 * both alike and the ratio stays meaningful where absolute times do not.
 *
 *   npm run bench                    # 5 runs per preset, text output
 *   npm run bench -- --runs 10 --format json
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const BIN = path.join(__dirname, "..", "bin", "secure-aml");
const GNU_TIME = "/usr/bin/time";

interface Sample {
  wallMs: number;
  rssMb: number;
  /** User + system CPU time (GNU time), less sensitive than wall time to other work on the machine. */
  cpuMs: number;
}

/** Reads GNU time's `__RSS_KB=… __CPU=user+sys` line. */
function measured(stderr: string): { rssMb: number; cpuMs: number } {
  const kb = Number(/__RSS_KB=(\d+)/.exec(stderr)?.[1] ?? Number.NaN);
  const cpu = /__CPU=([\d.]+)\+([\d.]+)/.exec(stderr);
  return { rssMb: kb / 1024, cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : Number.NaN };
}

function runOnce(preset: string, format: string, extra: string[] = []): Sample {
  if (!existsSync(GNU_TIME))
    throw new Error(`${GNU_TIME} (GNU time) is needed to measure peak RSS: apt-get install time`);
  const start = process.hrtime.bigint();
  const r = spawnSync(
    GNU_TIME,
    ["-f", "__RSS_KB=%M __CPU=%U+%S", BIN, "plan", "--preset", preset, "--format", format, ...extra],
    {
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`plan --preset ${preset} failed (${r.status}): ${r.stderr}`);
  return { wallMs, ...measured(r.stderr) };
}

const ROOT = path.join(__dirname, "..");

/** The npm modules of the Pulumi program: every `@pulumi/...` module imported by a non-test file under src/. */
function programModules(dir = path.join(ROOT, "src")): string[] {
  const found = new Set<string>();
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile() || !e.name.endsWith(".ts") || e.name.endsWith(".test.ts")) continue;
    const text = readFileSync(path.join(e.parentPath, e.name), "utf8");
    for (const m of text.matchAll(/^import (?!type )[^;]*?from "(@pulumi\/[^"]+)"/gm)) found.add(m[1]!);
  }
  return [...found].sort();
}

/** Wall and CPU time of plain node loading `modules` (the floor). */
function floorOnce(modules: string[]): Sample {
  const start = process.hrtime.bigint();
  const r = spawnSync(
    GNU_TIME,
    ["-f", "__RSS_KB=%M __CPU=%U+%S", process.execPath, path.join(__dirname, "floor.cjs"), ...modules],
    { cwd: ROOT, encoding: "utf8" },
  );
  if (r.status !== 0) throw new Error(`bench/floor.cjs failed (${r.status}): ${r.stderr}`);
  return { wallMs: Number(process.hrtime.bigint() - start) / 1e6, ...measured(r.stderr) };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function main() {
  const args = process.argv.slice(2);
  const runs = Number(args[args.indexOf("--runs") + 1] ?? 5) || 5;
  const json = args.includes("--format") && args[args.indexOf("--format") + 1] === "json";
  const outDir = mkdtempSync(path.join(os.tmpdir(), "secure-aml-bench-"));
  // Each case is a preset and the extra arguments; the last one also renders the diagram and writes 4 files.
  const cases: { label: string; preset: string; extra: string[] }[] = [
    { label: "starter", preset: "starter", extra: [] },
    { label: "private", preset: "private", extra: [] },
    { label: "locked-down", preset: "locked-down", extra: [] },
    { label: "private --out", preset: "private", extra: ["--out", outDir] },
  ];
  const machine = `${os.cpus().length} x ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}, load ${os.loadavg()[0]!.toFixed(1)}`;
  runOnce("private", "json"); // warm the prebuilt CLI bundle and the OS file cache
  // Floor and plan interleaved: each pair runs under the same load.
  const modules = programModules();
  floorOnce(modules);
  const floors: Sample[] = [];
  const plans: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    floors.push(floorOnce(modules));
    plans.push(runOnce("private", "json"));
  }
  const floorMs = floors.map((f) => f.wallMs);
  const planMs = plans.map((p) => p.wallMs);
  const ratio = {
    floorMedianMs: median(floorMs),
    planMedianMs: median(planMs),
    ratio: median(planMs) / median(floorMs),
    pairRatios: planMs.map((p, i) => p / floorMs[i]!),
    floorCpuMedianMs: median(floors.map((f) => f.cpuMs)),
    planCpuMedianMs: median(plans.map((p) => p.cpuMs)),
    cpuRatio: median(plans.map((p) => p.cpuMs)) / median(floors.map((f) => f.cpuMs)),
    modules,
  };
  const results = cases.map(({ label, preset, extra }) => {
    const samples = Array.from({ length: runs }, () => runOnce(preset, "json", extra));
    const wall = samples.map((s) => s.wallMs);
    const rss = samples.map((s) => s.rssMb);
    return {
      preset: label,
      runs,
      wallMs: { min: Math.min(...wall), median: median(wall), max: Math.max(...wall) },
      peakRssMb: { median: median(rss), max: Math.max(...rss) },
    };
  });
  if (json) {
    console.log(JSON.stringify({ machine, floor: ratio, results }, null, 2));
    return;
  }
  console.log(`secure-aml plan benchmark — ${machine}`);
  console.log(
    `floor (node loading ${modules.length} modules: the Pulumi SDK and the program's azure-native modules): median ${(ratio.floorMedianMs / 1000).toFixed(2)} s`,
  );
  console.log(
    `plan --preset private --format json: median ${(ratio.planMedianMs / 1000).toFixed(2)} s — ratio ${ratio.ratio.toFixed(2)}x the floor (target <= 2x: ${ratio.ratio <= 2 ? "met" : "NOT met"}; per pair ${ratio.pairRatios.map((x) => x.toFixed(2)).join(", ")})`,
  );
  console.log(
    `CPU time (user + sys): floor ${(ratio.floorCpuMedianMs / 1000).toFixed(2)} s, plan ${(ratio.planCpuMedianMs / 1000).toFixed(2)} s — ratio ${ratio.cpuRatio.toFixed(2)}x`,
  );
  console.log("case           runs   wall min   median      max   peak RSS median    max");
  for (const r of results) {
    const f = (n: number) => `${(n / 1000).toFixed(2)} s`.padStart(9);
    console.log(
      `${r.preset.padEnd(14)}${String(r.runs).padStart(5)} ${f(r.wallMs.min)} ${f(r.wallMs.median)} ${f(r.wallMs.max)}   ${r.peakRssMb.median.toFixed(0).padStart(9)} MB ${r.peakRssMb.max.toFixed(0).padStart(5)} MB`,
    );
  }
  const p = results.find((r) => r.preset === "private")!;
  console.log(
    `target (private): < 3 s wall, < 400 MB RSS — ${p.wallMs.median < 3000 && p.peakRssMb.max < 400 ? "met" : "NOT met"} (median ${(p.wallMs.median / 1000).toFixed(2)} s, max RSS ${p.peakRssMb.max.toFixed(0)} MB)`,
  );
}

main();
