import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { z } from "zod";
import {
  ConfigError,
  type ConfigSource,
  configSchema,
  formatIssue,
  loadConfig,
  loadConfigSpec,
  PRESET_NAMES,
  PRESETS,
} from "../config";
import { safeJson } from "../config/text";
import { escapeTerminal, wrapLines } from "../plan/render/text";
import { styleFor } from "../plan/style";
import { registerCheckCommands } from "./check";
import { checkFolder, OutputError, writeFileAtomically, writeFilesAtomically } from "./write";

/** Exit codes: 0 ok, 1 internal error, 2 bad input (config or usage). */
export const EXIT = { ok: 0, internal: 1, badInput: 2 } as const;

/** Where the CLI writes and what it knows about the terminal (tests pass their own). */
export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  /** stderr is a terminal: progress messages are shown. */
  isTty: boolean;
  /** stdout is a terminal: text output may be coloured. */
  stdoutTty: boolean;
  /** The terminal's width in columns when stdout is a terminal (the default text width). */
  columns?: number;
}

const defaultIo = (): Io => ({
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  isTty: Boolean(process.stderr.isTTY),
  stdoutTty: Boolean(process.stdout.isTTY),
  columns: process.stdout.isTTY ? process.stdout.columns : undefined,
});

/** Text width limits: narrower than 60 columns the tables cannot fit; wider than 300 nobody reads a line. */
export const WIDTH = { min: 60, max: 300, default: 100 } as const;

/** Parses `--width`: a whole number of columns between {@link WIDTH}.min and .max (commander prints the error, exit 2). */
export function parseWidth(value: string): number {
  const n = /^\d{1,6}$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!Number.isInteger(n) || n < WIDTH.min || n > WIDTH.max)
    throw new InvalidArgumentError(
      `give a whole number of columns from ${WIDTH.min} to ${WIDTH.max}, e.g. --width 100.`,
    );
  return n;
}

/** The text width: `--width` when given, else the terminal's own width (clamped to the limits), else 100. */
export function textWidth(option: number | undefined, columns: number | undefined): number {
  if (option !== undefined) return option;
  if (columns === undefined || !Number.isFinite(columns) || columns <= 0) return WIDTH.default;
  return Math.min(WIDTH.max, Math.max(WIDTH.min, Math.floor(columns)));
}

/** Wraps every line of `text` to `width`, keeping each line's indent (continuations hang 2 columns deeper). */
export function wrapText(text: string, width: number): string {
  return text
    .split("\n")
    .flatMap((line) => {
      if (line.length <= width) return [line];
      const indent = /^\s*/.exec(line)![0];
      return wrapLines(line.slice(indent.length), width, indent, `${indent}  `);
    })
    .join("\n");
}

/** Options `plan --compare` cannot honour: each would be silently ignored, so the combination is refused. */
const COMPARE_CONFLICTS = [
  ["out", "--out"],
  ["config", "--config"],
  ["preset", "--preset"],
  ["subscription", "--subscription"],
] as const;

/** `plan --compare`: the monthly cost of several presets/files side by side. */
async function compare(
  specs: string[],
  format: string,
  width: number,
  io: Io,
  progress: (m: string) => void,
): Promise<number> {
  // Each spec is loaded here, so an error names the argument it came from; nothing is synthesized before all
  // of them are valid.
  const loaded = [];
  for (const spec of specs) {
    try {
      loaded.push({ label: spec, loaded: loadConfigSpec(spec) });
    } catch (e) {
      if (e instanceof ConfigError) return reportConfigError(e, format, io, width, spec);
      throw e;
    }
  }
  progress(`synthesizing ${specs.length} plans to compare...`);
  const cost = await import("../plan/cost/report.js");
  const comparison = await cost.compareLoaded(loaded);
  if (format === "json") io.out(`${safeJson(comparison)}\n`);
  else if (format === "markdown") io.out(`${cost.renderComparisonMarkdown(comparison)}\n`);
  else io.out(`${escapeTerminal(cost.renderComparisonText(comparison, width), false)}\n`);
  return EXIT.ok;
}

function sourceOf(opts: { preset?: string; config?: string }): ConfigSource {
  if (opts.config) return { file: opts.config };
  return { preset: opts.preset ?? "private" };
}

/**
 * Prints config errors for people (stderr) or machines (stdout JSON); returns the exit code. `source` names the
 * argument the config came from when there are several (`--compare`).
 */
function reportConfigError(e: ConfigError, format: string, io: Io, width: number, source?: string): number {
  if (format === "json")
    io.out(
      `${safeJson({ ...(source ? { source } : {}), errors: e.issues.filter((i) => i.severity === "error"), warnings: e.issues.filter((i) => i.severity === "warning") })}\n`,
    );
  else
    io.err(
      `${wrapText(`secure-aml: ${source ? `${source}: ` : ""}the configuration is not valid, nothing was planned or created.\n${e.issues.map(formatIssue).join("\n")}`, width)}\n`,
    );
  return EXIT.badInput;
}

/** Validates `--subscription`: a subscription id is a GUID. */
export function parseSubscriptionId(value: string): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value))
    throw new InvalidArgumentError(
      "must be a subscription id (a GUID like 3f2504e0-4f89-41d3-9a0c-0305e82c3301; az account show --query id -o tsv)",
    );
  return value.toLowerCase();
}

/** Builds the command tree. Exported for tests; `runCli` is the entry point. */
export function buildProgram(io: Io = defaultIo(), setCode: (n: number) => void = () => {}): Command {
  const program = new Command("secure-aml")
    .description("Deploy, check and audit a network-isolated Azure Machine Learning workspace.")
    .showHelpAfterError()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride();

  const formatOption = (choices: string[]) =>
    new Option("--format <format>", "output format").choices(choices).default("text");

  program
    .command("plan")
    .description(
      "Show, offline and with no Azure account, what would be deployed, who can reach what, and what it costs.",
    )
    .addOption(
      new Option("--preset <name>", `preset to plan (${PRESET_NAMES.join(", ")})`).conflicts("config"),
    )
    .option("--config <file>", "YAML config file (may say `preset: <name>` and override any field)")
    .addOption(formatOption(["text", "json", "markdown", "html"]))
    .option("--out <dir>", "write plan.json, report.md, report.html and diagram.svg to this directory")
    .option(
      "--compare <preset|file...>",
      "compare the monthly cost of presets and/or config files side by side",
    )
    .option(
      "--width <columns>",
      `text width, ${WIDTH.min}-${WIDTH.max} (default: the terminal's width, else ${WIDTH.default})`,
      parseWidth,
    )
    .option(
      "--subscription <id>",
      "subscription id to plan for: global names derive from it and the resource group, as at deploy time (default: the all-zero id)",
      parseSubscriptionId,
    )
    .addHelpText(
      "after",
      [
        "",
        "Examples:",
        "  secure-aml plan                                # the private preset, as text",
        "  secure-aml plan --preset starter --format json",
        "  secure-aml plan --config my-workload.yaml --out report/",
        "  secure-aml plan --compare private locked-down my-workload.yaml",
        "",
        "Colour only on a terminal; NO_COLOR turns it off.",
        "Exit codes: 0 planned, 2 invalid configuration or usage, 1 internal error.",
      ].join("\n"),
    )
    .action(
      async (opts: {
        preset?: string;
        config?: string;
        format: string;
        out?: string;
        compare?: string[];
        width?: number;
        subscription?: string;
      }) => {
        const progress = (msg: string) => {
          if (io.isTty) io.err(`${msg}\n`);
        };
        const width = textWidth(opts.width, io.columns);
        try {
          if (opts.compare) {
            const clash = COMPARE_CONFLICTS.find(([key]) => opts[key] !== undefined);
            if (clash || opts.format === "html") {
              io.err(
                `secure-aml: plan --compare cannot be combined with ${clash ? clash[1] : "--format html"}: give every preset or config file after --compare (e.g. --compare private my.yaml) and use --format text, markdown or json\n`,
              );
              return setCode(EXIT.badInput);
            }
            return setCode(await compare(opts.compare, opts.format, width, io, progress));
          }
          // A wrong --out is reported before the slow part, not after it.
          if (opts.out) checkFolder(opts.out);
          const loaded = loadConfig(sourceOf(opts));
          progress(`synthesizing the ${loaded.preset} plan on the Pulumi mock runtime...`);
          // Loaded on demand: the Pulumi SDK and azure-native modules are the slow part of start-up, and
          // --help, validate and bad input should answer at once.
          const report = await import("../plan/report.js");
          const r = await report.buildReport(
            loaded,
            undefined,
            opts.subscription ? { subscriptionId: opts.subscription } : {},
          );
          if (opts.out) {
            progress("rendering the diagram and writing the report files...");
            // Rendered in full first, then written together: a failure leaves the previous set intact.
            const files = writeFilesAtomically(opts.out, await report.reportFiles(r));
            io.err(`wrote ${files.join(", ")}\n`);
          }
          if (opts.format === "json") io.out(`${safeJson(report.reportJson(r))}\n`);
          else if (opts.format === "markdown") io.out(report.renderMarkdown(r));
          else if (opts.format === "html") io.out((await report.renderHtml(r)).html);
          else {
            const style = styleFor(io.stdoutTty);
            io.out(`${escapeTerminal(report.renderText(r, { width, style }), style.enabled)}\n`);
          }
          setCode(EXIT.ok);
        } catch (e) {
          if (e instanceof ConfigError) return setCode(reportConfigError(e, opts.format, io, width));
          throw e;
        }
      },
    );

  program
    .command("presets")
    .description("List the built-in presets.")
    .addOption(formatOption(["text", "json"]))
    .option("--width <columns>", `text width, ${WIDTH.min}-${WIDTH.max}`, parseWidth)
    .action((opts: { format: string; width?: number }) => {
      const width = textWidth(opts.width, io.columns);
      const list = PRESET_NAMES.map((name) => ({
        name,
        summary: PRESETS[name].summary,
        default: name === "private",
      }));
      io.out(
        opts.format === "json"
          ? `${safeJson(list)}\n`
          : `${list.map((p) => [`${p.name}${p.default ? " (default)" : ""}`, ...wrapLines(p.summary, width, "  ")].join("\n")).join("\n")}\n`,
      );
      setCode(EXIT.ok);
    });

  program
    .command("validate")
    .description("Validate a configuration without planning; prints errors and warnings.")
    .addOption(new Option("--preset <name>", "preset to validate").conflicts("config"))
    .option("--config <file>", "YAML config file")
    .addOption(formatOption(["text", "json"]))
    .option("--width <columns>", `text width, ${WIDTH.min}-${WIDTH.max}`, parseWidth)
    .action((opts: { preset?: string; config?: string; format: string; width?: number }) => {
      const width = textWidth(opts.width, io.columns);
      try {
        const loaded = loadConfig(sourceOf(opts));
        io.out(
          opts.format === "json"
            ? `${safeJson({ valid: true, preset: loaded.preset, config: loaded.config, warnings: loaded.warnings })}\n`
            : `${wrapText(`valid (preset ${loaded.preset})${loaded.warnings.length ? `, with warnings:\n${loaded.warnings.map(formatIssue).join("\n")}` : ", no warnings"}`, width)}\n`,
        );
        setCode(EXIT.ok);
      } catch (e) {
        if (e instanceof ConfigError) return setCode(reportConfigError(e, opts.format, io, width));
        throw e;
      }
    });

  program
    .command("schema")
    .description("Print the JSON Schema of the config file (for editor completion in YAML files).")
    .option("--out <file>", "write it to a file instead of stdout")
    .action((opts: { out?: string }) => {
      const text = `${safeJson(configJsonSchema())}\n`;
      if (opts.out) writeFileAtomically(opts.out, text);
      else io.out(text);
      setCode(EXIT.ok);
    });

  registerCheckCommands(program, io, setCode);
  return program;
}

/** JSON Schema of the config file as written (defaults optional), for YAML language servers. */
export function configJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(configSchema, { io: "input", unrepresentable: "any" }),
    title: "secure-aml configuration",
  };
}

/**
 * Runs the CLI; resolves to the exit code. Usage errors exit 2 with commander's message and no stack; no
 * subcommand prints the help and exits 2; an output location that cannot be used exits 2 with one line.
 * Anything else rejects (main.ts turns it into one line and exit 1).
 */
export async function runCli(argv: string[], io: Io = defaultIo()): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram(io, (n) => {
    code = n;
  });
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    if (e instanceof OutputError) {
      io.err(`secure-aml: ${e.message}\n`);
      return EXIT.badInput;
    }
    throw e;
  }
  return code;
}
