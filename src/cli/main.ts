#!/usr/bin/env node
import { runCli } from "./program";

/** Set to 1 to see the stack trace of an internal error (for a bug report). */
const DEBUG = process.env.SECURE_AML_DEBUG === "1";

/**
 * An unexpected error: one line and exit 1, the trace only with SECURE_AML_DEBUG=1 (a trace is noise to a
 * user and may quote internals; the one line says how to get it for a bug report).
 */
function internalError(err: unknown): void {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  const first = text.split("\n")[0]!.slice(0, 300);
  process.stderr.write(
    DEBUG
      ? `secure-aml: internal error: ${err instanceof Error ? (err.stack ?? text) : text}\n`
      : `secure-aml: internal error: ${first} (a bug: run again with SECURE_AML_DEBUG=1 for the trace)\n`,
  );
  process.exitCode = 1;
}

/**
 * A reader that closed the pipe (`plan --format json | head -1`) ends the run quietly, exit 0 (or the code the
 * command already chose): the reader has what it wanted, as with any Unix filter. Any other stream error is an
 * internal error.
 */
function guardStreams(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (e: NodeJS.ErrnoException) => {
      // Keep a code the command already chose (2 for a bad config printed as JSON into `| head`).
      if (e.code === "EPIPE") process.exit(typeof process.exitCode === "number" ? process.exitCode : 0);
      internalError(e);
      process.exit(1);
    });
  }
}

function main(): void {
  guardStreams();
  // Errors thrown outside the command's promise chain (the Pulumi runtime's callbacks) get the same one line.
  process.on("uncaughtException", (e) => {
    internalError(e);
    process.exit(1);
  });
  process.on("unhandledRejection", (e) => {
    internalError(e);
    process.exit(1);
  });
  runCli(process.argv).then((code) => {
    process.exitCode = code;
  }, internalError);
}

main();
