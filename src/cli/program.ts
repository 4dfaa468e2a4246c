import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { z } from "zod";
import {
  ConfigError,
  type ConfigSource,
  configSchema,
  formatIssue,
  loadConfig,
  PRESET_NAMES,
  PRESETS,
} from "../config";
import { safeJson } from "../config/text";
import { escapeTerminal } from "../plan/render/text";
import { styleFor } from "../plan/style";

/** Exit codes: 0 ok, 1 internal error, 2 bad input (config or usage). */
export const EXIT = { ok: 0, internal: 1, badInput: 2 } as const;

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  /** stderr is a terminal: progress messages are shown. */
  isTty: boolean;
  /** stdout is a terminal: text output may be coloured. */
  stdoutTty: boolean;
}

const defaultIo: Io = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  isTty: Boolean(process.stderr.isTTY),
  stdoutTty: Boolean(process.stdout.isTTY),
};

/** `plan --compare`: the monthly cost of several presets/files side by side. */
async function compare(
  specs: string[],
  format: string,
  width: number,
  io: Io,
  progress: (m: string) => void,
): Promise<number> {
  progress(`synthesizing ${specs.length} plans to compare...`);
  const cost = await import("../plan/cost/report.js");
  const comparison = await cost.compareSources(specs);
  if (format === "json") io.out(`${safeJson(comparison)}\n`);
  else if (format === "markdown" || format === "html")
    io.out(`${cost.renderComparisonMarkdown(comparison)}\n`);
  else io.out(`${escapeTerminal(cost.renderComparisonText(comparison, width), false)}\n`);
  return EXIT.ok;
}

function sourceOf(opts: { preset?: string; config?: string }): ConfigSource {
  if (opts.config) return { file: opts.config };
  return { preset: opts.preset ?? "private" };
}

/** Prints config errors for people (stderr) or machines (stdout JSON); returns the exit code. */
function reportConfigError(e: ConfigError, format: string, io: Io): number {
  if (format === "json")
    io.out(
      `${safeJson({ errors: e.issues.filter((i) => i.severity === "error"), warnings: e.issues.filter((i) => i.severity === "warning") })}\n`,
    );
  else
    io.err(
      `secure-aml: the configuration is not valid, nothing was planned or created.\n${e.issues.map(formatIssue).join("\n")}\n`,
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
export function buildProgram(io: Io = defaultIo, setCode: (n: number) => void = () => {}): Command {
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
    .option("--width <columns>", "text width", (v) => Number.parseInt(v, 10), 100)
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
        width: number;
        subscription?: string;
      }) => {
        const progress = (msg: string) => {
          if (io.isTty) io.err(`${msg}\n`);
        };
        try {
          if (opts.compare)
            return setCode(await compare(opts.compare, opts.format, opts.width, io, progress));
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
            const files = await report.writeReport(r, opts.out);
            io.err(`wrote ${files.join(", ")}\n`);
          }
          if (opts.format === "json") io.out(`${safeJson(report.reportJson(r))}\n`);
          else if (opts.format === "markdown") io.out(report.renderMarkdown(r));
          else if (opts.format === "html") io.out((await report.renderHtml(r)).html);
          else {
            const style = styleFor(io.stdoutTty);
            io.out(`${escapeTerminal(report.renderText(r, { width: opts.width, style }), style.enabled)}\n`);
          }
          setCode(EXIT.ok);
        } catch (e) {
          if (e instanceof ConfigError) return setCode(reportConfigError(e, opts.format, io));
          throw e;
        }
      },
    );

  program
    .command("presets")
    .description("List the built-in presets.")
    .addOption(formatOption(["text", "json"]))
    .action((opts: { format: string }) => {
      const list = PRESET_NAMES.map((name) => ({
        name,
        summary: PRESETS[name].summary,
        default: name === "private",
      }));
      io.out(
        opts.format === "json"
          ? `${safeJson(list)}\n`
          : `${list.map((p) => `${p.name}${p.default ? " (default)" : ""}\n  ${p.summary}`).join("\n")}\n`,
      );
      setCode(EXIT.ok);
    });

  program
    .command("validate")
    .description("Validate a configuration without planning; prints errors and warnings.")
    .addOption(new Option("--preset <name>", "preset to validate").conflicts("config"))
    .option("--config <file>", "YAML config file")
    .addOption(formatOption(["text", "json"]))
    .action((opts: { preset?: string; config?: string; format: string }) => {
      try {
        const loaded = loadConfig(sourceOf(opts));
        io.out(
          opts.format === "json"
            ? `${safeJson({ valid: true, preset: loaded.preset, config: loaded.config, warnings: loaded.warnings })}\n`
            : `valid (preset ${loaded.preset})${loaded.warnings.length ? `, with warnings:\n${loaded.warnings.map(formatIssue).join("\n")}` : ", no warnings"}\n`,
        );
        setCode(EXIT.ok);
      } catch (e) {
        if (e instanceof ConfigError) return setCode(reportConfigError(e, opts.format, io));
        throw e;
      }
    });

  program
    .command("schema")
    .description("Print the JSON Schema of the config file (for editor completion in YAML files).")
    .option("--out <file>", "write it to a file instead of stdout")
    .action((opts: { out?: string }) => {
      const text = `${safeJson(configJsonSchema())}\n`;
      if (opts.out) {
        mkdirSync(path.dirname(opts.out), { recursive: true });
        writeFileSync(opts.out, text);
      } else io.out(text);
      setCode(EXIT.ok);
    });

  return program;
}

/** JSON Schema of the config file as written (defaults optional), for YAML language servers. */
export function configJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(configSchema, { io: "input", unrepresentable: "any" }),
    title: "secure-aml configuration",
  };
}

/** Runs the CLI; resolves to the exit code. Usage errors exit 2 with commander's message and no stack. */
export async function runCli(argv: string[], io: Io = defaultIo): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram(io, (n) => {
    code = n;
  });
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      const benign =
        e.code === "commander.helpDisplayed" || e.code === "commander.help" || e.code === "commander.version";
      return benign ? EXIT.ok : EXIT.badInput;
    }
    throw e;
  }
  return code;
}
