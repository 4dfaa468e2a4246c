#!/usr/bin/env node
import { runCli } from "./program";

runCli(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // Anything reaching here is a bug, not bad input: say so plainly, with the stack for the report.
    console.error(
      `secure-aml: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
    );
    process.exitCode = 1;
  },
);
