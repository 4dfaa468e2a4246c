// Stryker's `buildCommand`, run inside each sandbox copy of the project (`.stryker-tmp/<name>/sandbox-*`). Stryker
// links the project's node_modules into the sandbox only when it is a real folder; where it is itself a link
// (a git worktree sharing another checkout's node_modules) the sandbox gets none, and `bin/secure-aml`, which
// looks for tsx under <root>/node_modules, fails in the CLI tests. Link it here in that case.
import { existsSync, realpathSync, symlinkSync } from "node:fs";
import { resolve } from "node:path";

const project = resolve("..", "..", "..");
if (!existsSync("node_modules") && existsSync(resolve(project, "node_modules")))
  symlinkSync(realpathSync(resolve(project, "node_modules")), "node_modules", "dir");
